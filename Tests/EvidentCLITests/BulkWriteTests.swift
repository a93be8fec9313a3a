import Foundation
import Testing
import TestSupport

/// Large commits store their blobs as one pack and stage them from memory: the result must be
/// exactly what `git add` gives, with an index git trusts, and survive a kill at every step.
@Suite struct BulkWriteTests {
    /// Writes `count` CSV files in folders of 50 under `files/bundle` and returns the folder.
    func bundle(_ f: LedgerFixture, count: Int) -> String {
        for i in 0..<count {
            f.files.write("bundle/batch-\(i / 50)/item-\(i).csv", "host,check,result\n" + String(repeating: "h\(i),c\(i % 7),pass\n", count: 5 + i % 30))
        }
        return f.files.path + "/bundle"
    }

    func expectCleanAndTrusted(_ f: LedgerFixture, _ context: String = "") {
        #expect(f.statusPorcelain.isEmpty, "\(context): \(f.statusPorcelain)")
        // Stat data git trusts without reading the files.
        let diff = f.git(["diff-files"])
        #expect(diff.status == 0 && diff.stdout.isEmpty, "\(context): diff-files \(diff.stdout)")
        #expect(f.fsckOutput.isEmpty, "\(context): \(f.fsckOutput)")
        // The index's cache tree names HEAD's tree.
        #expect(trimmed(f.git(["write-tree"]).stdout) == trimmed(f.git(["rev-parse", "HEAD^{tree}"]).stdout), "\(context)")
    }

    @Test func bulkAddIsWhatGitAddWouldCommit() throws {
        let f = LedgerFixture()
        let before = f.head
        let packsBefore = packCount(f)
        let r = f.evident(["evidence", "add", bundle(f, count: 240), "--recursive", "--control", "VULN-SCAN", "--title", "Bulk"])
        #expect(r.status == 0, "\(r.stderr)")
        expectCleanAndTrusted(f, "after the bulk add")
        let files = nonEmptyLines(f.git(["ls-tree", "-r", "--name-only", "HEAD"]).stdout).filter { $0.contains("/bundle/batch-") }
        #expect(files.count == 240)
        // One new pack holds the commit's blobs and trees.
        #expect(packCount(f) == packsBefore + 1)

        // git, given the same files on the previous commit, makes the same tree.
        let other = TemporaryDirectory("evident-clone")
        #expect(Processes.git(["clone", "-q", "--no-local", f.root, other.path + "/c"], cwd: other.path).status == 0)
        let clone = other.path + "/c"
        #expect(Processes.git(["reset", "-q", "--hard", before], cwd: clone).status == 0)
        let folder = trimmed(f.git(["diff-tree", "--no-commit-id", "--name-only", "-r", "HEAD"]).stdout)
            .split(separator: "\n").first.map { $0.split(separator: "/").prefix(4).joined(separator: "/") } ?? ""
        #expect(folder.hasPrefix("evidence/"))
        let parent = clone + "/" + (folder as NSString).deletingLastPathComponent
        #expect(Processes.run("/bin/mkdir", ["-p", parent], cwd: "/").status == 0)
        #expect(Processes.run("/bin/cp", ["-r", f.root + "/" + folder, parent + "/"], cwd: "/").status == 0)
        #expect(Processes.git(["add", "-A"], cwd: clone).status == 0)
        #expect(trimmed(Processes.git(["write-tree"], cwd: clone).stdout) == trimmed(f.git(["rev-parse", "HEAD^{tree}"]).stdout))

        // The next commands start from that index, and git carries on from it too.
        let next = f.evident(["evidence", "add", f.artifact("after.json", "{}\n"), "--control", "IAM-MFA", "--title", "After"])
        #expect(next.status == 0, "\(next.stderr)")
        expectCleanAndTrusted(f, "after the next add")
        f.files.write("by-git.txt", "x\n")
        #expect(Processes.run("/bin/cp", [f.files.path + "/by-git.txt", f.root + "/controls/"], cwd: "/").status == 0)
        #expect(f.git(["add", "controls/by-git.txt"]).status == 0)
        #expect(f.git(["commit", "-q", "--no-verify", "-m", "by git"]).status == 0)
        expectCleanAndTrusted(f, "after git commit")
        let last = f.evident(["evidence", "add", f.artifact("last.json", "{}\n"), "--control", "IAM-MFA", "--title", "Last"])
        #expect(last.status == 0, "\(last.stderr)")
        expectCleanAndTrusted(f, "after the last add")
    }

    func packCount(_ f: LedgerFixture) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: f.root + "/.git/objects/pack")) ?? []).filter { $0.hasSuffix(".idx") }.count
    }

    /// The packed path killed at each step: HEAD is never on a partial commit, and the next
    /// command repairs and leaves git's view clean.
    @Test(arguments: ["journal", "worktree", "staged", "commit-object", "ref", "index"])
    func killedBulkWriterLeavesNoPartialCommit(phase: String) throws {
        let f = LedgerFixture()
        let headBefore = f.head
        let killed = f.evident(["evidence", "add", bundle(f, count: 60), "--recursive", "--control", "VULN-SCAN", "--title", "Killed"],
                               env: ["EVIDENT_FAULT_INJECT": phase])
        #expect(killed.status != 0)
        let landed = f.head != headBefore
        #expect(landed == ["ref", "index"].contains(phase))
        if landed {
            #expect(nonEmptyLines(f.git(["ls-tree", "-r", "--name-only", "HEAD"]).stdout).filter { $0.hasSuffix(".csv") }.count == 60)
        }
        let next = f.evident(["evidence", "add", f.artifact("after.json", "{}\n"), "--control", "IAM-MFA", "--title", "After the crash"])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stderr.contains("stale journal"), "phase \(phase): \(next.stderr)")
        #expect(f.statusPorcelain.isEmpty, "phase \(phase): \(f.statusPorcelain)")
        #expect(f.git(["diff-files"]).stdout.isEmpty)
        let fsck = f.fsckOutput
        #expect(!fsck.contains("missing") && !fsck.contains("broken") && !fsck.contains("error"), "\(fsck)")
        #expect(f.evident(["validate"]).status == 0)
    }

    /// A file git would filter (here: CRLF conversion under core.autocrlf) is stored byte for
    /// byte: the blob is exactly what the record hashes, and git sees a clean work tree.
    @Test func filteredFilesAreStoredByteForByte() throws {
        let f = LedgerFixture()
        #expect(f.git(["config", "core.autocrlf", "true"]).status == 0)
        let bytes = "line one\r\nline two\r\n"
        let path = f.artifact("windows.txt", bytes)
        let r = f.evident(["evidence", "add", path, "--control", "IAM-MFA", "--title", "CRLF"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(f.statusPorcelain.isEmpty, "\(f.statusPorcelain)")
        let stored = nonEmptyLines(f.git(["ls-tree", "-r", "--name-only", "HEAD"]).stdout).first { $0.hasSuffix("/windows.txt") } ?? ""
        #expect(f.git(["cat-file", "blob", "HEAD:\(stored)"]).stdout == bytes)
        #expect(f.evident(["verify"]).status == 0)
    }
}
