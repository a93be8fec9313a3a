import Foundation
import Testing
import TestSupport

/// The decoded-record cache in .git/evident/cache must never change an answer.
@Suite struct EvidenceCacheTests {
    @Test func readinessIsTheSameColdWarmAndWithACorruptCache() throws {
        let env = ["EVIDENT_NOW": "2026-11-29T12:00:00Z"]
        let f = LedgerFixture(env: env)
        for (i, control) in ["IAM-MFA", "VULN-SCAN", "GOV-SSP"].enumerated() {
            let a = f.artifact("a\(i).json", "{\"n\": \(i)}\n")
            #expect(f.evident(["evidence", "add", a, "--control", control, "--title", "E\(i)", "--collected", "2026-11-0\(i + 1)"], env: env).status == 0)
        }
        let cache = f.root + "/.git/evident/cache/evidence.bin"
        try? FileManager.default.removeItem(atPath: cache)
        let cold = f.evident(["readiness", "--format", "json"], env: env)
        #expect(cold.status == 0)
        #expect(FileManager.default.fileExists(atPath: cache))
        let warm = f.evident(["readiness", "--format", "json"], env: env)
        #expect(warm.stdout == cold.stdout)
        // A damaged cache file is ignored and rebuilt.
        _ = FileManager.default.createFile(atPath: cache, contents: Data("EVIDENT-EVIDENCE-CACHE-3\ngarbage".utf8))
        let damaged = f.evident(["readiness", "--format", "json"], env: env)
        #expect(damaged.status == 0)
        #expect(damaged.stdout == cold.stdout)
        // The list reads through the cache too, and nothing shows in git status.
        #expect(f.evident(["evidence", "list", "--format", "json"], env: env).stdout.contains("EV-20261103"))
        #expect(f.statusPorcelain.isEmpty)
    }
}
