import Foundation
import Testing
import TestSupport

/// A ledger kept on a server or mirrored for CI is bare: every read command works on it from git
/// objects alone and answers as it does in the clone; every write refuses with exit 65 and
/// leaves refs and objects as they were.
@Suite("bare repositories (end to end)")
struct BareRepositoryTests {
    static let now = ["EVIDENT_NOW": "2026-06-01T12:00:00Z"]

    /// A ledger with evidence, a POA&M item and a snapshot `s1`, and a bare clone of it.
    final class Mirror: @unchecked Sendable {
        let fixture: LedgerFixture
        let dir: TemporaryDirectory
        let bare: String
        let evidenceID: String

        init() {
            fixture = LedgerFixture(env: BareRepositoryTests.now)
            evidenceID = fixture.addEvidence()
            let poam = fixture.evident(["poam", "add", "3.1.9", "--weakness", "Privacy banner missing", "--scheduled-completion", "2026-09-01"],
                                       env: BareRepositoryTests.now)
            precondition(poam.status == 0, "poam add failed: \(poam.stderr)")
            let snap = fixture.evident(["snapshot", "create", "s1", "--kind", "cmmc-l2-self"], env: BareRepositoryTests.now)
            precondition(snap.status == 0, "snapshot create failed: \(snap.stderr)")
            _ = fixture.addEvidence("later.json", "{\"users\": 4}\n")
            dir = TemporaryDirectory("evident-bare")
            bare = dir.path + "/ledger.git"
            let clone = Processes.git(["clone", "--quiet", "--bare", fixture.root, bare], cwd: dir.path)
            precondition(clone.status == 0, "git clone --bare failed: \(clone.stderr)")
        }

        func inBare(_ arguments: [String]) -> ProcessResult {
            Processes.evident(["-C", bare] + arguments, cwd: dir.path, env: BareRepositoryTests.now)
        }

        func inClone(_ arguments: [String]) -> ProcessResult {
            Processes.evident(["-C", fixture.root] + arguments, cwd: dir.path, env: BareRepositoryTests.now)
        }

        /// Every ref with its target and every object id in the bare repository.
        var refsAndObjects: String {
            Processes.git(["for-each-ref", "--format=%(objectname) %(refname)"], cwd: bare).stdout
                + Processes.git(["cat-file", "--batch-all-objects", "--batch-check"], cwd: bare).stdout
                + Processes.git(["symbolic-ref", "HEAD"], cwd: bare).stdout
        }
    }

    @Test func everyReadCommandAnswersAsInTheClone() {
        let m = Mirror()
        let reads: [[String]] = [
            ["readiness", "--format", "json"],
            ["readiness", "--at", "s1", "--format", "json"],
            ["readiness", "--format", "markdown"],
            ["diff", "s1", "--format", "json"],
            ["diff", "s1", "HEAD", "--format", "json"],
            ["history", "3.5.3", "--format", "json"],
            ["log", "--format", "json"],
            ["verify", "--format", "json"],
            ["snapshot", "list", "--format", "json"],
            ["snapshot", "show", "s1", "--format", "json"],
            ["snapshot", "verify", "s1", "--format", "json"],
            ["export", "hashes", "s1"],
            ["evidence", "list", "--format", "json"],
            ["evidence", "show", m.evidenceID, "--format", "json"],
            ["control", "list", "--format", "json"],
            ["control", "show", "IAM-MFA", "--format", "json"],
            ["poam", "list", "--format", "json"],
            ["framework", "list", "--format", "json"],
            ["framework", "show", "cmmc-l2", "--format", "json"],
            ["framework", "map", "3.5.3", "--format", "json"],
            ["validate", "--at", "HEAD", "--format", "json"],
        ]
        for args in reads {
            let bare = m.inBare(args)
            let clone = m.inClone(args)
            #expect(bare.status == 0, "\(args.joined(separator: " ")) in the bare repository: \(bare.stderr)")
            #expect(clone.status == 0, "\(args.joined(separator: " ")) in the clone: \(clone.stderr)")
            #expect(!bare.stdout.isEmpty, "\(args.joined(separator: " ")) printed nothing")
            #expect(bare.stdout == clone.stdout, "\(args.joined(separator: " ")) answers differently in the bare repository")
        }
        // Reads keep their caches in the git directory itself, never in a `.git` inside it.
        #expect(!FileManager.default.fileExists(atPath: m.bare + "/.git"))
        #expect(FileManager.default.fileExists(atPath: m.bare + "/evident/cache"))
    }

    @Test func everyWriteCommandRefusesWithNothingChanged() {
        let m = Mirror()
        let artifact = m.fixture.artifact("new.json", "{\"users\": 5}\n")
        let before = m.refsAndObjects
        let writes: [[String]] = [
            ["evidence", "add", artifact, "--control", "IAM-MFA", "--title", "MFA export"],
            ["control", "add", "NEW-CONTROL", "--title", "A new control", "--owner", "owner@example.test", "--frequency", "annual"],
            ["control", "set", "IAM-MFA", "status=planned"],
            ["control", "map", "IAM-MFA", "3.1.1"],
            ["poam", "add", "3.1.10", "--weakness", "No session lock", "--scheduled-completion", "2026-09-01"],
            ["poam", "close", "POAM-2026-001"],
            ["affirm", "--framework", "cmmc", "--level", "2", "--official", "Ada Lovelace", "--official-title", "CEO"],
            ["snapshot", "create", "s2", "--kind", "cmmc-l2-self"],
        ]
        for args in writes {
            let r = m.inBare(args)
            #expect(r.status == 65, "\(args.joined(separator: " ")): exit \(r.status), stderr: \(r.stderr)")
            #expect(r.stderr.contains("bare repository") && r.stderr.contains("clone"), "\(args.joined(separator: " ")): \(r.stderr)")
        }
        #expect(m.refsAndObjects == before, "a refused write changed the bare repository")
        #expect(!FileManager.default.fileExists(atPath: m.bare + "/evident/lock"), "a refused write took the lock")
        // Plain validate has no work tree to read: it refuses and names --at.
        let validate = m.inBare(["validate"])
        #expect(validate.status == 65)
        #expect(validate.stderr.contains("--at HEAD"), "stderr: \(validate.stderr)")
        #expect(trimmed(Processes.git(["fsck", "--strict", "--no-progress"], cwd: m.bare).stderr).isEmpty)
    }
}
