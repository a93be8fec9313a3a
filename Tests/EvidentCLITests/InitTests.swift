import Foundation
import Testing
import TestSupport

@Suite("evident init (end to end)")
struct InitTests {
    private func git(_ args: [String], in dir: String) -> ProcessResult { Processes.git(args, cwd: dir) }

    @Test func createsALedgerRepositoryWithOneInitCommit() throws {
        let tmp = TemporaryDirectory("evident-init")
        let path = tmp.path + "/ledger"
        let r = Processes.evident(["init", path, "--org", "Acme Defense", "--framework", "cmmc-l2",
                                   "--framework", "soc2:availability,confidentiality"], cwd: tmp.path)
        #expect(r.status == 0, "stderr: \(r.stderr)")

        #expect(trimmed(git(["rev-list", "--count", "HEAD"], in: path).stdout) == "1")
        let message = git(["log", "-1", "--format=%B"], in: path).stdout
        #expect(message.contains("Evident-Action: init"))
        #expect(trimmed(git(["log", "-1", "--format=%(trailers:key=Evident-Action,valueonly)"], in: path).stdout) == "init")
        #expect(trimmed(git(["rev-parse", "--abbrev-ref", "HEAD"], in: path).stdout) == "main")

        let show = git(["show", "HEAD:.evident/ledger.yaml"], in: path)
        #expect(show.status == 0)
        let yaml = show.stdout
        #expect(yaml.contains("schema: evident/ledger/v1\n"))
        #expect(yaml.contains("organization: Acme Defense\n"))
        #expect(yaml.contains("- id: cmmc-l2\n"))
        #expect(yaml.contains("- id: soc2\n  categories:\n  - security\n  - availability\n  - confidentiality\n"))
        #expect(yaml.contains("max_artifact_bytes: 52428800\n"))

        let hook = path + "/.git/hooks/pre-commit"
        #expect(FileManager.default.fileExists(atPath: hook))
        let mode = (try FileManager.default.attributesOfItem(atPath: hook)[.posixPermissions] as? NSNumber)?.intValue ?? 0
        #expect(mode & 0o111 == 0o111, "pre-commit mode is \(String(mode, radix: 8))")
        #expect(FileManager.default.contents(atPath: hook).map { String(decoding: $0, as: UTF8.self) }?.contains("evident") == true)

        #expect(git(["status", "--porcelain", "--untracked-files=all"], in: path).stdout == "")
        let fsck = git(["fsck", "--no-progress"], in: path)
        #expect(fsck.status == 0)
        #expect(fsck.stdout + fsck.stderr == "")
    }

    @Test func initInsideAnExistingGitRepositoryKeepsItsHistory() {
        let tmp = TemporaryDirectory("evident-init-existing")
        let path = tmp.path
        #expect(git(["init", "-q", "-b", "main"], in: path).status == 0)
        tmp.write("README.md", "# infra\n")
        #expect(git(["add", "README.md"], in: path).status == 0)
        #expect(git(["commit", "-q", "-m", "First commit"], in: path).status == 0)
        let first = trimmed(git(["rev-parse", "HEAD"], in: path).stdout)

        let r = Processes.evident(["init", path, "--org", "Acme"], cwd: path)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(trimmed(git(["rev-list", "--count", "HEAD"], in: path).stdout) == "2")
        #expect(trimmed(git(["rev-parse", "HEAD^"], in: path).stdout) == first)
        #expect(trimmed(git(["log", "-1", "--format=%(trailers:key=Evident-Action,valueonly)"], in: path).stdout) == "init")
        #expect(git(["show", "HEAD:README.md"], in: path).stdout == "# infra\n")
        #expect(git(["cat-file", "-e", "HEAD:.evident/ledger.yaml"], in: path).status == 0)
        #expect(git(["status", "--porcelain", "--untracked-files=all"], in: path).stdout == "")
        let fsck = git(["fsck", "--no-progress"], in: path)
        #expect(fsck.stdout + fsck.stderr == "")
    }

    @Test func refusesADirectoryThatAlreadyHoldsALedger() {
        let fixture = LedgerFixture()
        let before = fixture.state()
        let r = fixture.evident(["init", fixture.root, "--org", "Someone Else"])
        #expect(r.status == 65)
        #expect(r.stderr.contains(".evident/ledger.yaml"), "stderr: \(r.stderr)")
        #expect(fixture.state() == before)
        #expect(fixture.commitCount == 1)
    }

    @Test func refusesAnUnknownFramework() {
        let tmp = TemporaryDirectory("evident-init-fw")
        let r = Processes.evident(["init", tmp.path, "--org", "Acme", "--framework", "iso27001"], cwd: tmp.path)
        #expect(r.status == 64)
        #expect(r.stderr.contains("iso27001"), "stderr: \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: tmp.path + "/.git"))
    }

    @Test func refusesAnUnknownSOC2Category() {
        let tmp = TemporaryDirectory("evident-init-cat")
        let r = Processes.evident(["init", tmp.path, "--org", "Acme", "--framework", "soc2:uptime"], cwd: tmp.path)
        #expect(r.status == 64)
        #expect(r.stderr.contains("uptime"), "stderr: \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: tmp.path + "/.git"))
    }

    @Test(arguments: ["", "   "])
    func refusesAnEmptyOrganisation(org: String) {
        let tmp = TemporaryDirectory("evident-init-org")
        let r = Processes.evident(["init", tmp.path, "--org", org], cwd: tmp.path)
        #expect(r.status == 64)
        #expect(r.stderr.contains("--org"), "stderr: \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: tmp.path + "/.git"))
    }

    @Test func refusesWithoutAnAuthorIdentityAndLeavesNoHalfMadeRepository() throws {
        let tmp = TemporaryDirectory("evident-init-noid")
        let path = tmp.path + "/ledger"
        let r = Processes.evident(["init", path, "--org", "Acme"], cwd: tmp.path,
                                  env: ["EVIDENT_AUTHOR_NAME": "", "EVIDENT_AUTHOR_EMAIL": "", "GIT_AUTHOR_NAME": "", "GIT_AUTHOR_EMAIL": ""])
        #expect(r.status == 65)
        #expect(r.stderr.contains("git config user.name"), "stderr: \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: path + "/.git"))
        #expect(!FileManager.default.fileExists(atPath: path + "/.evident"))
        let left = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        #expect(left.isEmpty, "left behind: \(left)")
        #expect(git(["rev-parse", "--git-dir"], in: tmp.path).status != 0)
    }

    @Test func initInAnEmptyGitRepositoryMakesTheRootCommit() {
        let tmp = TemporaryDirectory("evident-init-empty-git")
        #expect(git(["init", "-q", "-b", "main"], in: tmp.path).status == 0)
        let r = Processes.evident(["init", tmp.path, "--org", "Acme"], cwd: tmp.path)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(trimmed(git(["rev-list", "--count", "HEAD"], in: tmp.path).stdout) == "1")
        #expect(git(["rev-parse", "--verify", "-q", "HEAD^"], in: tmp.path).status != 0)
        #expect(git(["status", "--porcelain", "--untracked-files=all"], in: tmp.path).stdout == "")
    }

    @Test func initInANonEmptyPlainDirectoryIsRefusedAndLeavesTheFilesAlone() {
        let tmp = TemporaryDirectory("evident-init-nonempty")
        tmp.write("keep.txt", "mine\n")
        let r = Processes.evident(["init", tmp.path, "--org", "Acme"], cwd: tmp.path)
        #expect(r.status == 65, "stderr: \(r.stderr)")
        #expect(FileManager.default.contents(atPath: tmp.file("keep.txt")) == Data("mine\n".utf8))
        #expect(!FileManager.default.fileExists(atPath: tmp.file(".git")))
    }

    @Test func refusesAPathThatIsAFile() {
        let tmp = TemporaryDirectory("evident-init-file")
        let file = tmp.write("ledger", "not a directory\n")
        let r = Processes.evident(["init", file, "--org", "Acme"], cwd: tmp.path)
        #expect(r.status == 65)
        #expect(r.stderr.contains(file), "stderr: \(r.stderr)")
        #expect(FileManager.default.contents(atPath: file) == Data("not a directory\n".utf8))
        #expect(!FileManager.default.fileExists(atPath: tmp.path + "/.git"))
    }

    @Test func noAuthorIdentityInAnExistingRepositoryKeepsThatRepository() {
        let tmp = TemporaryDirectory("evident-init-noid-existing")
        #expect(git(["init", "-q", "-b", "main"], in: tmp.path).status == 0)
        tmp.write("README.md", "# infra\n")
        #expect(git(["add", "README.md"], in: tmp.path).status == 0)
        #expect(git(["commit", "-q", "-m", "First commit"], in: tmp.path).status == 0)
        let head = trimmed(git(["rev-parse", "HEAD"], in: tmp.path).stdout)
        let r = Processes.evident(["init", tmp.path, "--org", "Acme"], cwd: tmp.path,
                                  env: ["EVIDENT_AUTHOR_NAME": "", "EVIDENT_AUTHOR_EMAIL": "", "GIT_AUTHOR_NAME": "", "GIT_AUTHOR_EMAIL": ""])
        #expect(r.status == 65)
        #expect(r.stderr.contains("git config user.name"))
        #expect(trimmed(git(["rev-parse", "HEAD"], in: tmp.path).stdout) == head)
        #expect(git(["status", "--porcelain", "--untracked-files=all"], in: tmp.path).stdout == "")
        #expect(!FileManager.default.fileExists(atPath: tmp.path + "/.evident"))
    }
}
