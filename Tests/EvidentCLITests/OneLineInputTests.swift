import Foundation
import Testing
import TestSupport

/// Text that becomes a commit summary, a table cell or a one-line YAML scalar is refused with
/// exit 65 when it holds a line break or a control character; `init` refuses a directory whose
/// files would be left untracked in the new ledger.
@Suite struct OneLineInputTests {
    @Test func initRefusesANonEmptyDirectoryThatIsNotARepository() throws {
        let dir = TemporaryDirectory("evident-init-nonempty")
        dir.write("notes.txt", "mine\n")
        let r = Processes.evident(["init", dir.path, "--org", "Test Org"], cwd: dir.path)
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("is a directory with files in it (notes.txt)"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/.git"), "nothing is created")
    }

    @Test func initRefusesAnOrganisationOnTwoLines() {
        let dir = TemporaryDirectory("evident-init-org")
        let r = Processes.evident(["init", dir.path + "/ledger", "--org", "Acme\nEvil"], cwd: dir.path)
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("--org must be one line"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/ledger/.git"))
    }

    @Test(arguments: [["--source", "okta\nprod"], ["--title", "MFA \u{07}export"], ["--title", "MFA \u{202E}txt.exe"]])
    func evidenceTextFieldsAreOneLinePlainText(option: [String]) {
        let f = LedgerFixture()
        let before = f.state()
        var args = ["evidence", "add", f.artifact("a.json", "{}\n"), "--control", "IAM-MFA"]
        if option[0] != "--title" { args += ["--title", "MFA export"] }
        args += option
        let r = f.evident(args)
        #expect(r.status == 65, "\(option): \(r.stderr)")
        #expect(r.stderr.contains(option[0]), "\(r.stderr)")
        #expect(f.state() == before)
    }
}
