import Foundation
import Testing
import TestSupport

/// Writes refuse, naming the state and its fix, while real git has an operation under way, and
/// change nothing.
@Suite("refused repository states (end to end)")
struct RepositoryStateTests {
    /// A ledger with a side branch whose one commit touches a file outside the ledger's folders.
    static func ledgerWithSideBranch() -> LedgerFixture {
        let f = LedgerFixture(starterControls: true, env: nowEnv)
        precondition(f.git(["switch", "--quiet", "-c", "side"]).status == 0)
        f.write("notes.txt", "side\n")
        precondition(f.git(["add", "notes.txt"]).status == 0)
        precondition(f.git(["commit", "--quiet", "--no-verify", "-m", "side note"]).status == 0)
        precondition(f.git(["switch", "--quiet", "main"]).status == 0)
        f.write("other.txt", "main\n")
        precondition(f.git(["add", "other.txt"]).status == 0)
        precondition(f.git(["commit", "--quiet", "--no-verify", "-m", "main note"]).status == 0)
        return f
    }

    func expectRefused(_ f: LedgerFixture, _ words: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let before = f.state()
        let refs = f.git(["for-each-ref"]).stdout
        let r = f.add([f.artifact("export.json", "{\"users\": 3}\n")])
        #expect(r.status == 65, "exit \(r.status), stderr: \(r.stderr)", sourceLocation: sourceLocation)
        for w in words { #expect(r.stderr.contains(w), "stderr lacks '\(w)': \(r.stderr)", sourceLocation: sourceLocation) }
        #expect(f.state() == before, "a refused write changed the ledger", sourceLocation: sourceLocation)
        #expect(f.git(["for-each-ref"]).stdout == refs, sourceLocation: sourceLocation)
    }

    @Test func aMergeWithoutConflictsIsRefused() {
        let f = Self.ledgerWithSideBranch()
        #expect(f.git(["merge", "--no-commit", "--no-ff", "side"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: f.root + "/.git/MERGE_HEAD"))
        expectRefused(f, ["a merge is in progress", "git merge --abort"])
    }

    /// Commits `notes.txt` with `contents` on the current branch.
    static func commitNotes(_ f: LedgerFixture, _ contents: String) {
        f.write("notes.txt", contents)
        precondition(f.git(["add", "notes.txt"]).status == 0)
        precondition(f.git(["commit", "--quiet", "--no-verify", "-m", "notes: \(contents)"]).status == 0)
    }

    @Test func aCherryPickStoppedByAConflictIsRefused() {
        let f = Self.ledgerWithSideBranch()
        Self.commitNotes(f, "main\n")
        #expect(f.git(["cherry-pick", "side"]).status != 0)
        #expect(FileManager.default.fileExists(atPath: f.root + "/.git/CHERRY_PICK_HEAD"))
        expectRefused(f, ["a cherry-pick is in progress", "git cherry-pick --abort"])
    }

    @Test func aRevertStoppedByAConflictIsRefused() {
        let f = Self.ledgerWithSideBranch()
        Self.commitNotes(f, "one\n")
        Self.commitNotes(f, "two\n")
        #expect(f.git(["revert", "--no-edit", "HEAD~1"]).status != 0)
        #expect(FileManager.default.fileExists(atPath: f.root + "/.git/REVERT_HEAD"))
        expectRefused(f, ["a revert is in progress", "git revert --abort"])
    }

    @Test func aRebaseInProgressIsRefused() {
        let f = Self.ledgerWithSideBranch()
        #expect(f.git(["switch", "--quiet", "side"]).status == 0)
        // Stop the rebase at its first pick, as a conflict or an edit would.
        let r = Processes.git(["rebase", "-i", "main"], cwd: f.root, env: ["GIT_SEQUENCE_EDITOR": "sed -i -e s/^pick/edit/"])
        #expect(r.status == 0, "rebase: \(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: f.root + "/.git/rebase-merge"))
        expectRefused(f, ["a rebase is in progress", "git rebase --continue", "git rebase --abort"])
    }

    @Test func aDetachedHeadIsRefused() {
        let f = Self.ledgerWithSideBranch()
        #expect(f.git(["switch", "--quiet", "--detach", "HEAD"]).status == 0)
        expectRefused(f, ["HEAD is detached", "git switch main"])
        let snap = f.evident(["snapshot", "create", "s1", "--kind", "cmmc-l2-self"], env: nowEnv)
        #expect(snap.status == 65, "stderr: \(snap.stderr)")
        #expect(f.git(["tag", "--list"]).stdout.isEmpty)
    }
}
