import Foundation
import Testing
import TestSupport

/// The load a team produces: eight CI jobs adding evidence at once while two people read. Every
/// add that succeeds is one commit, every one that fails is exit 75 (busy), no reader ever fails
/// or sees a half-written commit, and the ledger ends clean and whole.
@Suite struct SoakTests {
    static let writers = 8
    static let addsPerWriter = 50
    static let readers = 2

    final class Tally: @unchecked Sendable {
        let lock = NSLock()
        var writerResults = [ProcessResult]()
        var readerFailures = [String]()
        var readerRounds = 0
        var writersLeft = SoakTests.writers

        func with<T>(_ body: (Tally) -> T) -> T {
            lock.lock()
            defer { lock.unlock() }
            return body(self)
        }
    }

    @Test func eightWritersAndTwoReaders() throws {
        let f = LedgerFixture()
        let before = f.commitCount
        let artifacts = (0..<Self.writers).map { w in
            (0..<Self.addsPerWriter).map { n in f.artifact("w\(w)/scan-\(n).json", "{\"writer\": \(w), \"n\": \(n)}\n") }
        }
        let tally = Tally()
        let group = DispatchGroup()
        // Threads of their own, not a pool: every writer and reader must run at once even on two cores.
        for w in 0..<Self.writers {
            group.enter()
            Thread {
                for n in 0..<Self.addsPerWriter {
                    let r = f.evident(["evidence", "add", artifacts[w][n], "--control", "IAM-MFA", "--title", "Scan \(w)-\(n)"],
                                      env: ["EVIDENT_LOCK_TIMEOUT": "300"])
                    tally.with { $0.writerResults.append(r) }
                }
                tally.with { $0.writersLeft -= 1 }
                group.leave()
            }.start()
        }
        for _ in 0..<Self.readers {
            group.enter()
            Thread {
                // At least one round, then until the last writer is done.
                repeat {
                    for args in [["readiness", "--format", "json"], ["verify"], ["evidence", "list", "--format", "json"]] {
                        let r = f.evident(args, env: ["EVIDENT_LOCK_TIMEOUT": "0"])
                        if r.status != 0 { tally.with { $0.readerFailures.append("\(args) exit \(r.status): \(r.stderr)") } }
                    }
                    tally.with { $0.readerRounds += 1 }
                } while tally.with({ $0.writersLeft > 0 })
                group.leave()
            }.start()
        }
        group.wait()

        #expect(tally.readerFailures.isEmpty, "\(tally.readerFailures.prefix(5).joined(separator: "\n"))")
        #expect(tally.readerRounds >= Self.readers)
        let results = tally.writerResults
        #expect(results.count == Self.writers * Self.addsPerWriter)
        let landed = results.filter { $0.status == 0 }
        for r in results where r.status != 0 { #expect(r.status == 75, "a writer failed other than busy: \(r.stderr)") }
        // Every successful add is exactly one commit, carrying the id it printed.
        #expect(f.commitCount == before + landed.count)
        let ids = landed.map { $0.stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(Set(ids).count == landed.count)
        let logged = Set(f.git(["log", "--format=%(trailers:key=Evidence-Id,valueonly)"]).stdout
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        #expect(ids.allSatisfy(logged.contains))
        #expect(f.statusPorcelain.isEmpty, "\(f.statusPorcelain)")
        let fsck = f.git(["fsck", "--strict", "--no-progress"])
        #expect(fsck.status == 0 && (fsck.stdout + fsck.stderr).isEmpty, "\(fsck.stdout)\(fsck.stderr)")
        #expect(f.evident(["verify"]).status == 0)
    }
}
