import Foundation
import Testing
import TestSupport

/// Secrets never get in (issue 14 §4), end to end with the built binary: `evidence add` refuses
/// an artifact that carries a credential, naming file, line and rule and never the secret, and
/// writes nothing; `--allow-secret RULE` lets it through with a trailer and the record field;
/// `validate` (work tree, --staged, --at) and the pre-commit hook find what plain git let in.
/// The tokens are fakes assembled from pieces, or read from Tests/Fixtures/secrets.
@Suite("secret scan (end to end)")
struct SecretScanCLITests {
    static let ghp = "gh" + "p_" + String(repeating: "Fake0", count: 8).prefix(36)
    static let password = "N0t-a-real-pw-42"
    static let jwtFixture = "jwt@4-http.log"

    static func fixture(_ name: String) -> Data {
        var dir = (#filePath as NSString).deletingLastPathComponent
        while !FileManager.default.fileExists(atPath: dir + "/Package.swift") { dir = (dir as NSString).deletingLastPathComponent }
        return FileManager.default.contents(atPath: dir + "/Tests/Fixtures/secrets/secret/" + name) ?? Data()
    }

    /// What a command leaves behind: a clean work tree and a repository git finds nothing wrong with.
    /// `gitLeftObjects`: plain `git commit` writes the tree before its pre-commit hook refuses,
    /// and fsck reports that tree as dangling; it is git's, so dangling objects are not counted.
    func expectClean(_ f: LedgerFixture, _ context: String, gitLeftObjects: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(f.statusPorcelain == "", "\(context): \(f.statusPorcelain)", sourceLocation: sourceLocation)
        let fsck = f.git(["fsck", "--strict", "--no-progress"] + (gitLeftObjects ? ["--no-dangling"] : []))
        #expect(fsck.status == 0 && fsck.stdout.isEmpty && fsck.stderr.isEmpty, "\(context): \(fsck.stdout)\(fsck.stderr)", sourceLocation: sourceLocation)
    }

    /// `settings.env`: line 1 a comment, line 2 the GitHub token, line 3 a host, line 4 the password.
    func settings(_ f: LedgerFixture) -> String {
        f.artifact("settings.env", "# CI settings\nTOKEN=\(Self.ghp)\nDB_HOST=db.internal\nDB_PASSWORD=\(Self.password)\n")
    }

    @Test func anArtifactWithSecretsIsRefusedNamingFileLineAndRuleAndNothingIsWritten() {
        let f = LedgerFixture()
        let path = settings(f)
        let clean = f.artifact("clean.json", "{\"users\": 3}\n")
        let before = f.state()
        let r = f.add([clean, path])
        #expect(r.status == 65, "stderr: \(r.stderr)")
        #expect(r.stdout == "")
        #expect(r.stderr.contains("\(path) line 2: github-token (a GitHub token"), "\(r.stderr)")
        #expect(r.stderr.contains("\(path) line 4: password-assignment"), "\(r.stderr)")
        // The fix names each rule found, ready to copy.
        #expect(r.stderr.contains("as it is, pass --allow-secret github-token --allow-secret password-assignment.\n"), "\(r.stderr)")
        #expect(!r.stderr.contains("clean.json"), "\(r.stderr)")
        // Neither secret, nor the token's body, nor the password's first characters.
        for piece in [Self.ghp, String(Self.ghp.dropFirst(4)), Self.password, String(Self.password.prefix(4))] {
            #expect(!(r.stdout + r.stderr).contains(piece), "'\(piece)' printed: \(r.stderr)")
        }
        #expect(f.state() == before, "the refused add changed the ledger")
        expectClean(f, "after the refusal")
    }

    /// One finding in a fixture of the corpus: its line (4, worked out in the fixture's name)
    /// and rule, and the refusal's first line says there is one.
    @Test func aCorpusFixtureIsRefusedAtItsLine() {
        let f = LedgerFixture()
        let path = f.files.write("http.log", String(decoding: Self.fixture(Self.jwtFixture), as: UTF8.self))
        let r = f.add([path])
        #expect(r.status == 65)
        #expect(nonEmptyLines(r.stderr).count == 3, "\(r.stderr)")
        #expect(r.stderr.contains("\(path) line 4: jwt (a signed JSON Web Token"), "\(r.stderr)")
        expectClean(f, "after the refusal")
    }

    /// The title, description, source and message become the record and the commit: they are
    /// scanned as artifacts are, and named as the command line names them.
    @Test func typedTextIsScannedToo() {
        let f = LedgerFixture()
        let clean = f.artifact("clean.json", "{\"users\": 3}\n")
        let before = f.state()
        let r = f.add([clean], ["-m", "Rotated.\npassword=\(Self.password)", "--description", "token \(Self.ghp)"])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("--description line 1: github-token"), "\(r.stderr)")
        // The message's second line holds the assignment.
        #expect(r.stderr.contains("-m line 2: password-assignment"), "\(r.stderr)")
        #expect(!r.stderr.contains(Self.password) && !r.stderr.contains(Self.ghp))
        #expect(f.state() == before)
    }

    @Test func allowSecretLetsTheFileThroughWithATrailerAndTheRecordField() throws {
        let f = LedgerFixture()
        let path = settings(f)
        // Only one of the two rules: still refused, naming only the other.
        let half = f.add([path], ["--allow-secret", "github-token"])
        #expect(half.status == 65)
        #expect(half.stderr.contains("line 4: password-assignment") && !half.stderr.contains("line 2: github-token"), "\(half.stderr)")
        expectClean(f, "after the refusal")

        // Both, and a rule that finds nothing (a cautious CI script): a notice, not a refusal.
        let r = f.add([path], ["--allow-secret", "password-assignment", "--allow-secret", "github-token", "--allow-secret", "jwt"])
        #expect(r.status == 0, "\(r.stderr)")
        let id = trimmed(r.stdout)
        #expect(matches(id, evidenceIDPattern))
        #expect(r.stderr.contains("kept on purpose (--allow-secret github-token): \(path) line 2"), "\(r.stderr)")
        #expect(r.stderr.contains("--allow-secret jwt let nothing through"), "\(r.stderr)")
        #expect(!r.stderr.contains(Self.password) && !r.stderr.contains(Self.ghp))
        expectClean(f, "after the add")

        // git itself reads the trailers: one per rule that let something through, in rule order.
        let trailers = f.git(["log", "-1", "--format=%(trailers)"]).stdout
        #expect(trailers.contains("Allowed-Secret: github-token\nAllowed-Secret: password-assignment\n"), "\(trailers)")
        #expect(!trailers.contains("jwt"), "\(trailers)")
        #expect(f.trailer("Allowed-Secret") == ["github-token", "password-assignment"])

        // The record, as git stores it, lists the same rules before its artifacts.
        let record = "\(fixedMonthFolder)/\(id)/record.yaml"
        let text = f.show(record).stdout
        #expect(text.contains("classification: internal\nallowed_secrets:\n- github-token\n- password-assignment\nartifacts:\n"), "\(text)")
        let json = try #require(jsonObject(f.evident(["evidence", "show", id, "--format", "json"]).stdout))
        #expect(json["allowed_secrets"] as? [String] == ["github-token", "password-assignment"])

        // validate honours the record: the allowed findings are no finding, in every form, also
        // once the record is read from the decoded-record cache (which `evidence list` fills).
        for args in [["validate"], ["validate", "--at", "HEAD"], ["evidence", "list"], ["validate", "--at", "HEAD"]] {
            let v = f.evident(args)
            #expect(v.status == 0, "\(args): \(v.stdout) \(v.stderr)")
        }
        #expect(FileManager.default.fileExists(atPath: f.root + "/.git/evident/cache/evidence.bin"))
        let cached = try #require(jsonObject(f.evident(["evidence", "show", id, "--format", "json"]).stdout))
        #expect(cached["allowed_secrets"] as? [String] == ["github-token", "password-assignment"])
        expectClean(f, "after validate")
    }

    @Test func anUnknownRuleIsRefusedWithTheListOfRules() {
        let f = LedgerFixture()
        let clean = f.artifact("clean.json", "{\"users\": 3}\n")
        let before = f.state()
        let r = f.add([clean], ["--allow-secret", "api-key"])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("--allow-secret 'api-key' is not one of private-key, aws-access-key, github-token"), "\(r.stderr)")
        #expect(f.state() == before)
    }

    /// A binary artifact is searched for private keys only: a token inside a PNG is no finding,
    /// a PEM key block inside an otherwise binary file is (the corpus's fixture, line 3).
    @Test func binaryArtifactsAreSearchedForKeysOnly() {
        let f = LedgerFixture()
        let png = f.files.file("shot.png")
        FileManager.default.createFile(atPath: png, contents: pngLikeBytes + Data("token=\(Self.ghp)\n".utf8))
        #expect(f.add([png]).status == 0)
        let bin = f.files.file("dump.bin")
        FileManager.default.createFile(atPath: bin, contents: Self.fixture("private-key@3-inside-binary.bin"))
        let r = f.add([bin])
        #expect(r.status == 65)
        #expect(r.stderr.contains("\(bin) line 3: private-key"), "\(r.stderr)")
        expectClean(f, "after both adds")
    }

    /// Plain git gets past evident: the allowance is taken out of a record by hand and
    /// committed with --no-verify. validate finds the secret in the work tree, at HEAD and in
    /// what is staged, naming file, line and rule.
    @Test func validateFindsASecretCommittedWithPlainGit() {
        let f = LedgerFixture()
        let path = settings(f)
        let id = trimmed(f.add([path], ["--allow-secret", "github-token", "--allow-secret", "password-assignment"]).stdout)
        let folder = "\(fixedMonthFolder)/\(id)"
        let record = folder + "/record.yaml"
        let text = f.read(record) ?? ""
        f.write(record, text.replacingOccurrences(of: "- github-token\n", with: ""))
        #expect(f.read(record) != text)
        #expect(f.git(["add", record]).status == 0)
        let staged = f.evident(["validate", "--staged"])
        #expect(staged.status == 2, "\(staged.stdout)")
        #expect(staged.stdout.contains("\(folder)/settings.env: line 2: github-token (a GitHub token"), "\(staged.stdout)")
        #expect(!staged.stdout.contains("password-assignment"), "still allowed: \(staged.stdout)")
        #expect(f.git(["commit", "-q", "--no-verify", "-m", "Drop an allowance by hand"]).status == 0)
        expectClean(f, "after the plain commit")
        for args in [["validate"], ["validate", "--at", "HEAD"]] {
            let v = f.evident(args)
            #expect(v.status == 2, "\(args): \(v.stdout)")
            let lines = nonEmptyLines(v.stdout).filter { $0.contains("github-token") }
            #expect(lines.count == 1, "\(args): \(v.stdout)")
            #expect(lines.first?.hasPrefix("\(folder)/settings.env: line 2: github-token (a GitHub token: ghp_... 40 characters)") == true, "\(args): \(v.stdout)")
            #expect(!v.stdout.contains(Self.ghp) && !v.stderr.contains(Self.ghp))
            expectClean(f, "after \(args)")
        }
    }

    /// A record's own text edited by hand (its title made to carry a password assignment) is
    /// found by validate as evidence add would have refused it: the record file, the field, the rule.
    @Test func validateFindsASecretInARecordsOwnText() {
        let f = LedgerFixture()
        let id = trimmed(f.add([f.artifact("notes.txt", "plain notes\n")], []).stdout)
        let record = "\(fixedMonthFolder)/\(id)/record.yaml"
        let text = f.read(record) ?? ""
        let title = text.split(separator: "\n").first { $0.hasPrefix("title: ") }.map(String.init) ?? "title: ?"
        f.write(record, text.replacingOccurrences(of: title, with: "title: \"Notes, DB_PASSWORD=\(Self.password)\""))
        #expect(f.git(["commit", "-qam", "Edit a title by hand", "--no-verify"]).status == 0)
        let v = f.evident(["validate"])
        #expect(v.status == 2, "\(v.stdout)")
        #expect(v.stdout.contains("\(record): title: password-assignment"), "\(v.stdout)")
        #expect(!v.stdout.contains(Self.password) && !v.stderr.contains(Self.password))
    }

    /// The hook `evident hooks install` writes runs `evident validate --staged`: a real
    /// `git commit` of the same change is refused and HEAD stays where it was.
    @Test func thePreCommitHookRefusesASecret() {
        let f = LedgerFixture()
        #expect(f.evident(["hooks", "install"]).status == 0)
        let path = settings(f)
        let id = trimmed(f.add([path], ["--allow-secret", "github-token", "--allow-secret", "password-assignment"]).stdout)
        let record = "\(fixedMonthFolder)/\(id)/record.yaml"
        let head = f.head
        let text = f.read(record) ?? ""
        f.write(record, text.replacingOccurrences(of: "- password-assignment\n", with: ""))
        #expect(f.git(["add", record]).status == 0)
        let bin = (Processes.evidentPath as NSString).deletingLastPathComponent
        let env = ["PATH": bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]
        let blocked = Processes.git(["commit", "-q", "-m", "Drop an allowance by hand"], cwd: f.root, env: env)
        #expect(blocked.status != 0, "\(blocked.stdout) \(blocked.stderr)")
        #expect((blocked.stdout + blocked.stderr).contains("settings.env: line 4: password-assignment"), "\(blocked.stdout) \(blocked.stderr)")
        #expect(!(blocked.stdout + blocked.stderr).contains(Self.password))
        #expect(f.head == head)
        // Put back, the same commit passes the hook (nothing changed, so nothing to commit).
        #expect(f.git(["checkout", "HEAD", "--", record]).status == 0)
        expectClean(f, "after putting the record back", gitLeftObjects: true)
        #expect(f.evident(["validate"]).status == 0)
    }
}
