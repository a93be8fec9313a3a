import Foundation
import Testing
import TestSupport

/// Several writers at once, and writers killed at every step of a commit.
@Suite struct ConcurrencyTests {
    /// Starts `count` real `evident evidence add` processes at the same moment and waits for all.
    static func addConcurrently(_ fixture: LedgerFixture, count: Int, env: [String: String] = [:]) -> [ProcessResult] {
        let paths = (0..<count).map { fixture.artifact("concurrent-\($0).json", "{\"n\": \($0)}\n") }
        final class Results: @unchecked Sendable {
            var items = [ProcessResult?](repeating: nil, count: 0)
            let lock = NSLock()
        }
        let results = Results()
        results.items = [ProcessResult?](repeating: nil, count: count)
        DispatchQueue.concurrentPerform(iterations: count) { i in
            let r = fixture.evident(["evidence", "add", paths[i], "--control", "IAM-MFA", "--title", "Concurrent \(i)"], env: env)
            results.lock.lock()
            results.items[i] = r
            results.lock.unlock()
        }
        return results.items.map { $0! }
    }

    @Test func simultaneousWritersAllLand() {
        let f = LedgerFixture()
        let before = f.commitCount
        let results = Self.addConcurrently(f, count: 6)
        for r in results { #expect(r.status == 0, "\(r.stderr)") }
        #expect(f.commitCount == before + 6)
        #expect(f.statusPorcelain.isEmpty)
        #expect(f.fsckOutput.isEmpty)
        // Every id printed is in the ledger, each in its own commit.
        let ids = results.map { $0.stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
        let log = f.git(["log", "--format=%(trailers:key=Evidence-Id,valueonly)"]).stdout
        for id in ids { #expect(log.contains(id)) }
        #expect(Set(ids).count == 6)
    }

    @Test func writersThatCannotWaitFailWithBusyAndLeaveNothing() {
        let f = LedgerFixture()
        let before = f.commitCount
        let results = Self.addConcurrently(f, count: 6, env: ["EVIDENT_LOCK_TIMEOUT": "0"])
        let landed = results.filter { $0.status == 0 }.count
        for r in results where r.status != 0 {
            #expect(r.status == 75, "\(r.stderr)")
            #expect(r.stderr.contains("busy"))
        }
        #expect(landed >= 1)
        #expect(f.commitCount == before + landed)
        #expect(f.statusPorcelain.isEmpty)
        #expect(f.fsckOutput.isEmpty)
    }

    /// Killed (SIGKILL) at each step of a commit: HEAD is never on a partial commit, and the next
    /// command detects the stale journal, explains it, repairs, and works.
    @Test(arguments: ["journal", "worktree", "staged", "commit-object", "ref", "index"])
    func killedWriterLeavesNoPartialCommit(phase: String) throws {
        let f = LedgerFixture()
        let headBefore = f.head
        let dir = f.files.path + "/bundle"
        for i in 0..<5 { f.files.write("bundle/sub\(i)/file\(i).csv", "a,b\n\(i),\(i)\n") }
        let killed = f.evident(["evidence", "add", dir, "--recursive", "--control", "VULN-SCAN", "--title", "Killed"],
                               env: ["EVIDENT_FAULT_INJECT": phase])
        #expect(killed.status != 0)
        let headAfterKill = f.head
        let landed = headAfterKill != headBefore
        // The ref moves in one atomic step: either the old commit, or the complete new one.
        if landed {
            #expect(["ref", "index"].contains(phase))
            #expect(f.git(["show", "--stat", "HEAD"]).stdout.contains("record.yaml"))
            #expect(f.git(["ls-tree", "-r", "--name-only", "HEAD"]).stdout.components(separatedBy: "\n").filter { $0.hasSuffix(".csv") }.count == 5)
        } else {
            #expect(!["ref", "index"].contains(phase))
        }
        // The next command repairs and says so.
        let next = f.evident(["evidence", "add", f.artifact("after.json", "{}\n"), "--control", "IAM-MFA", "--title", "After the crash"])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stderr.contains("stale journal"), "phase \(phase): \(next.stderr)")
        #expect(f.statusPorcelain.isEmpty, "phase \(phase): \(f.statusPorcelain)")
        let fsck = f.fsckOutput
        // A writer killed after writing objects but before moving the ref leaves unreachable
        // objects, which git reports as dangling until gc; nothing is ever corrupt or missing.
        #expect(!fsck.contains("missing") && !fsck.contains("broken") && !fsck.contains("error"), "\(fsck)")
        #expect(f.commitCount == (landed ? 3 : 2))
        #expect(f.evident(["validate"]).status == 0)
    }
}
