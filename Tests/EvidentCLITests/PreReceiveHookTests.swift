import Foundation
import Testing
import TestSupport

/// The project's `hooks/pre-receive`, installed in a real bare repository and exercised with the
/// stock `git push` (which runs it in git's push quarantine, as on a server).
@Suite("hooks/pre-receive on a bare repository (end to end)")
struct PreReceiveHookTests {
    static let projectRoot: String = {
        var dir = (#filePath as NSString).deletingLastPathComponent
        while !FileManager.default.fileExists(atPath: dir + "/Package.swift") { dir = (dir as NSString).deletingLastPathComponent }
        return dir
    }()

    /// A ledger (the fixture) with a bare clone as `origin` whose pre-receive hook is the project's.
    final class Server {
        let fixture = LedgerFixture()
        let dir = TemporaryDirectory("evident-server")
        let bare: String
        /// PATH for git and the hook: the folder of the built evident first.
        let path: String

        init(hook: Bool = true, path: String? = nil) {
            self.path = path ?? (Processes.evidentPath as NSString).deletingLastPathComponent + ":" + Isolation.environment()["PATH"]!
            bare = dir.path + "/ledger.git"
            let clone = Processes.git(["clone", "--quiet", "--bare", fixture.root, bare], cwd: dir.path)
            precondition(clone.status == 0, "git clone --bare failed: \(clone.stderr)")
            if hook {
                let target = bare + "/hooks/pre-receive"
                try? FileManager.default.removeItem(atPath: target)
                try! FileManager.default.copyItem(atPath: PreReceiveHookTests.projectRoot + "/hooks/pre-receive", toPath: target)
                try! FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: target)
            }
            let remote = fixture.git(["remote", "add", "origin", bare])
            precondition(remote.status == 0, remote.stderr)
        }

        /// `git push ARGS` from the ledger to origin, with evident on PATH.
        @discardableResult
        func push(_ arguments: [String]) -> ProcessResult {
            // --no-verify: the clone's own pre-push hook is not what is tested here (SyncTests test
            // it); these pushes are what someone bypassing it would send the server.
            Processes.git(["push", "--no-verify", "--porcelain", "origin"] + arguments, cwd: fixture.root, env: ["PATH": path])
        }

        /// Every ref of the bare repository with its object id.
        var refs: String { Processes.git(["for-each-ref", "--format=%(objectname) %(refname)"], cwd: bare).stdout }

        func rev(_ spec: String) -> String { trimmed(Processes.git(["rev-parse", "--verify", "-q", spec], cwd: bare).stdout) }

        /// Pushes, expects the hook to refuse with a line naming `ref`, and the server's refs unchanged.
        @discardableResult
        func expectRefused(_ arguments: [String], ref: String, _ reason: String,
                           sourceLocation: SourceLocation = #_sourceLocation) -> ProcessResult {
            let before = refs
            let r = push(arguments)
            #expect(r.status != 0, "push \(arguments) was accepted: \(r.stdout) \(r.stderr)", sourceLocation: sourceLocation)
            #expect(r.stderr.contains("remote: pre-receive: \(ref): "), "stderr: \(r.stderr)", sourceLocation: sourceLocation)
            #expect(r.stderr.contains(reason), "stderr: \(r.stderr)", sourceLocation: sourceLocation)
            #expect(r.stdout.contains("[remote rejected]") && r.stdout.contains("pre-receive hook declined"), "stdout: \(r.stdout)",
                    sourceLocation: sourceLocation)
            #expect(refs == before, "the server's refs changed after a refused push", sourceLocation: sourceLocation)
            return r
        }
    }

    @Test func evidentCommitsPushAndTheServerRepositoryValidates() {
        let server = Server()
        _ = server.fixture.addEvidence()
        let r = server.push(["main"])
        #expect(r.status == 0, "stdout: \(r.stdout) stderr: \(r.stderr)")
        #expect(!r.stderr.contains("pre-receive:"), "stderr: \(r.stderr)")
        #expect(server.rev("refs/heads/main") == server.fixture.head)
        #expect(trimmed(Processes.git(["fsck", "--no-progress"], cwd: server.bare).stderr).isEmpty)

        // validate --at reads a bare repository's commits; plain validate still refuses it.
        let at = Processes.evident(["-C", server.bare, "validate", "--at", "main"], cwd: "/")
        #expect(at.status == 0, "stdout: \(at.stdout) stderr: \(at.stderr)")
        #expect(at.stdout.contains("no findings"))
        let plain = Processes.evident(["-C", server.bare, "validate"], cwd: "/")
        #expect(plain.status != 0)
        #expect(plain.stderr.contains("bare repository"), "stderr: \(plain.stderr)")
    }

    @Test func rewritingMainIsRefused() {
        let server = Server()
        _ = server.fixture.addEvidence("a.json", "{\"a\": 1}\n")
        #expect(server.push(["main"]).status == 0)
        #expect(server.fixture.git(["reset", "--quiet", "--hard", "HEAD~1"]).status == 0)
        _ = server.fixture.addEvidence("b.json", "{\"b\": 2}\n")
        server.expectRefused(["--force", "main"], ref: "refs/heads/main", "non-fast-forward")
        // Without --force git refuses by itself; a fast-forward on top of the server's main passes.
        #expect(server.fixture.git(["pull", "--quiet", "--rebase", "origin", "main"]).status == 0)
        let r = server.push(["main"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(server.rev("refs/heads/main") == server.fixture.head)
    }

    @Test func deletingMainIsRefusedButOtherBranchesMayGo() {
        let server = Server()
        server.expectRefused([":refs/heads/main"], ref: "refs/heads/main", "never deleted")
        #expect(server.fixture.git(["branch", "draft"]).status == 0)
        #expect(server.push(["draft"]).status == 0)
        let r = server.push([":refs/heads/draft"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(server.rev("refs/heads/draft").isEmpty)
    }

    @Test func snapshotTagsAreCreatedOnceAndNeverDeletedOrMoved() {
        let server = Server()
        let fixture = server.fixture
        let snap = fixture.evident(["snapshot", "create", "q1", "--kind", "internal"], env: nowEnv)
        #expect(snap.status == 0, "stderr: \(snap.stderr)")
        let created = server.push(["refs/tags/assessment/q1"])
        #expect(created.status == 0, "stdout: \(created.stdout) stderr: \(created.stderr)")
        let q1 = server.rev("refs/tags/assessment/q1")
        #expect(!q1.isEmpty)
        #expect(trimmed(Processes.git(["cat-file", "-t", q1], cwd: server.bare).stdout) == "tag")

        server.expectRefused([":refs/tags/assessment/q1"], ref: "refs/tags/assessment/q1", "never deleted")

        _ = fixture.addEvidence()
        #expect(server.push(["main"]).status == 0)
        #expect(fixture.git(["tag", "-f", "-a", "assessment/q1", "-m", "Q1 again"]).status == 0)
        server.expectRefused(["--force", "refs/tags/assessment/q1"], ref: "refs/tags/assessment/q1", "never moves")
        #expect(server.rev("refs/tags/assessment/q1") == q1)

        #expect(fixture.git(["tag", "assessment/x"]).status == 0)
        server.expectRefused(["refs/tags/assessment/x"], ref: "refs/tags/assessment/x", "lightweight")
        // Other tags are none of the hook's business.
        #expect(fixture.git(["tag", "v1"]).status == 0)
        #expect(server.push(["refs/tags/v1"]).status == 0)
    }

    // MARK: A snapshot on the server verifies, since it can never be deleted or replaced

    /// Replaces the local tag `assessment/NAME` with one stock git makes from `message` on
    /// `commit` (signed with `key` when given).
    static func gitTag(_ fixture: LedgerFixture, _ name: String, message: String, at commit: String = "HEAD", key: String? = nil) {
        let file = fixture.files.write("tag-message-\(name).txt", message)
        var args = ["tag", "-f", "--cleanup=verbatim", "-F", file]
        if let key { args = ["-c", "gpg.format=ssh", "-c", "user.signingkey=\(key)"] + args + ["-s"] } else { args.append("-a") }
        let r = fixture.git(args + ["assessment/" + name, commit])
        precondition(r.status == 0, "git tag: \(r.stderr)")
    }

    static func message(_ fixture: LedgerFixture, _ name: String) -> String {
        fixture.git(["tag", "-l", "--format=%(contents)", "assessment/" + name]).stdout
    }

    static func key(_ fixture: LedgerFixture, _ name: String) -> String {
        let path = fixture.files.file(name)
        let r = Processes.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path], cwd: fixture.files.path)
        precondition(r.status == 0, r.stderr)
        return path
    }

    @Test func aHandMadeAnnotatedTagWithoutAManifestIsRefused() {
        let server = Server()
        let fixture = server.fixture
        #expect(fixture.git(["tag", "-a", "assessment/fake", "-m", "Q1 assessment"]).status == 0)
        let r = server.expectRefused(["refs/tags/assessment/fake"], ref: "refs/tags/assessment/fake", "no evident manifest")
        #expect(r.stderr.contains("evident snapshot create fake"), "stderr: \(r.stderr)")
        #expect(r.stderr.contains("git tag -d assessment/fake"), "stderr: \(r.stderr)")
        // Made by evident instead, it passes and verifies in a fresh clone of the server.
        #expect(fixture.git(["tag", "-d", "assessment/fake"]).status == 0)
        #expect(fixture.evident(["snapshot", "create", "fake", "--kind", "internal"], env: nowEnv).status == 0)
        let ok = server.push(["main", "refs/tags/assessment/fake"])
        #expect(ok.status == 0, "stdout: \(ok.stdout) stderr: \(ok.stderr)")
        let clone = server.dir.path + "/clone"
        #expect(Processes.git(["clone", "--quiet", server.bare, clone], cwd: server.dir.path).status == 0)
        let verify = Processes.evident(["verify"], cwd: clone, env: nowEnv)
        #expect(verify.status == 0, "stdout: \(verify.stdout) stderr: \(verify.stderr)")
    }

    @Test func aManifestThatDoesNotMatchItsTreeIsRefused() {
        let server = Server()
        let fixture = server.fixture
        #expect(fixture.evident(["snapshot", "create", "q2", "--kind", "cmmc-l2-self"], env: nowEnv).status == 0)
        let message = Self.message(fixture, "q2")
        _ = fixture.addEvidence()
        // The same manifest on a later commit (the tag deleted and made again elsewhere).
        Self.gitTag(fixture, "q2", message: message)
        let r = server.expectRefused(["refs/tags/assessment/q2"], ref: "refs/tags/assessment/q2", "deleted and recreated")
        #expect(r.stderr.contains("differs from the manifest"), "stderr: \(r.stderr)")
        #expect(r.stderr.contains("is not a snapshot that verifies"), "stderr: \(r.stderr)")
        // An edited manifest (a better status than the tree supports) on the right commit.
        let edited = message.replacingOccurrences(of: "\"status\": \"incomplete\"", with: "\"status\": \"final\"")
        #expect(edited != message)
        Self.gitTag(fixture, "q2", message: edited, at: "HEAD~1")
        server.expectRefused(["refs/tags/assessment/q2"], ref: "refs/tags/assessment/q2", "readiness recomputed from the tagged tree differs")
    }

    @Test func aSignatureByAKeyOutsideTheAllowedSignersIsRefused() {
        let server = Server()
        let fixture = server.fixture
        let allowed = Self.key(fixture, "allowed"), stranger = Self.key(fixture, "stranger")
        #expect(fixture.evident(["signers", "add", "allowed@example.test", allowed + ".pub"]).status == 0)
        #expect(fixture.evident(["snapshot", "create", "s1", "--kind", "internal"], env: nowEnv).status == 0)
        // Same commit and manifest, signed by stock git with a key nobody allowed.
        Self.gitTag(fixture, "s1", message: Self.message(fixture, "s1"), key: stranger)
        #expect(fixture.git(["cat-file", "tag", "assessment/s1"]).stdout.contains("-----BEGIN SSH SIGNATURE-----"))
        let r = server.expectRefused(["refs/tags/assessment/s1"], ref: "refs/tags/assessment/s1", "signature")
        #expect(r.stderr.contains("not in the allowed signers"), "stderr: \(r.stderr)")
        // Signed with the allowed key, it passes.
        #expect(fixture.git(["tag", "-d", "assessment/s1"]).status == 0)
        let signed = fixture.evident(["snapshot", "create", "s1", "--kind", "internal", "--sign", "--key", allowed], env: nowEnv)
        #expect(signed.status == 0, "stderr: \(signed.stderr)")
        let ok = server.push(["refs/tags/assessment/s1"])
        #expect(ok.status == 0, "stdout: \(ok.stdout) stderr: \(ok.stderr)")
    }

    @Test func anUnsignedSnapshotIsRefusedWhenThePolicyRequiresSigning() throws {
        let server = Server()
        let fixture = server.fixture
        let key = Self.key(fixture, "dana")
        #expect(fixture.evident(["signers", "add", "dana@example.test", key + ".pub"]).status == 0)
        let config = try #require(fixture.read(".evident/ledger.yaml"))
        fixture.write(".evident/ledger.yaml", config.replacingOccurrences(of: "require_signed_snapshots: false", with: "require_signed_snapshots: true"))
        #expect(fixture.git(["commit", "--quiet", "--no-verify", "-am", "require signed snapshots"]).status == 0)
        let signed = fixture.evident(["snapshot", "create", "p1", "--kind", "internal", "--sign", "--key", key], env: nowEnv)
        #expect(signed.status == 0, "stderr: \(signed.stderr)")
        // The signature stripped off: an annotated tag with a good manifest and no signature.
        let raw = fixture.git(["cat-file", "tag", "assessment/p1"]).stdout
        let unsigned = try #require(raw.components(separatedBy: "-----BEGIN SSH SIGNATURE-----").first)
        let file = fixture.files.write("unsigned-tag.txt", unsigned)
        let id = trimmed(fixture.git(["hash-object", "-t", "tag", "-w", file]).stdout)
        #expect(fixture.git(["update-ref", "refs/tags/assessment/p1", id]).status == 0)
        let r = server.expectRefused(["refs/tags/assessment/p1"], ref: "refs/tags/assessment/p1", "requires signed snapshots")
        #expect(!r.stderr.contains("signature ("), "stderr: \(r.stderr)")
    }

    @Test func aCorruptedArtifactCommittedWithPlainGitIsRefused() {
        let server = Server()
        let fixture = server.fixture
        let id = fixture.addEvidence("export.json", "{\"users\": 3}\n")
        #expect(server.push(["main"]).status == 0)
        let folder = "\(fixedMonthFolder)/\(id)"
        fixture.append(folder + "/export.json", Data("tampered\n".utf8))
        #expect(fixture.git(["commit", "--quiet", "--no-verify", "-am", "tamper"]).status == 0)
        let r = server.expectRefused(["main"], ref: "refs/heads/main", "do not validate")
        #expect(r.stderr.contains("\(folder)/record.yaml: artifacts[0].sha256"), "stderr: \(r.stderr)")
        // Any branch is checked, not only main.
        server.expectRefused(["main:refs/heads/draft"], ref: "refs/heads/draft", "\(folder)/record.yaml")
    }

    @Test func anUnknownFieldInARecordIsRefusedAndAFixedCommitPasses() throws {
        let server = Server()
        let fixture = server.fixture
        let id = fixture.addEvidence()
        let record = "\(fixedMonthFolder)/\(id)/record.yaml"
        let original = try #require(fixture.read(record))
        fixture.write(record, original + "smuggled: yes\n")
        #expect(fixture.git(["commit", "--quiet", "--no-verify", "-am", "extra field"]).status == 0)
        let r = server.expectRefused(["main"], ref: "refs/heads/main", "do not validate")
        #expect(r.stderr.contains("\(record): smuggled"), "stderr: \(r.stderr)")
        // The fix goes on top; only the pushed tip is validated.
        fixture.write(record, original)
        #expect(fixture.git(["commit", "--quiet", "--no-verify", "-am", "fix record"]).status == 0)
        let fixed = server.push(["main"])
        #expect(fixed.status == 0, "stderr: \(fixed.stderr)")
    }

    @Test func aSnapshotOfAnInvalidCommitIsRefused() {
        let server = Server()
        let fixture = server.fixture
        fixture.write(".evident/ledger.yaml", "not: [a ledger\n")
        #expect(fixture.git(["commit", "--quiet", "--no-verify", "-am", "break config"]).status == 0)
        #expect(fixture.git(["tag", "-a", "assessment/broken", "-m", "broken"]).status == 0)
        server.expectRefused(["refs/tags/assessment/broken"], ref: "refs/tags/assessment/broken", "do not validate")
    }

    @Test func withoutEvidentOnPathNothingIsAccepted() {
        let server = Server(path: "/usr/bin:/bin")
        _ = server.fixture.addEvidence()
        server.expectRefused(["main"], ref: "refs/heads/main", "'evident' is not on the server's PATH")
    }
}
