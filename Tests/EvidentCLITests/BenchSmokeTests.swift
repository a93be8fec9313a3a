import Foundation
import Testing
import TestSupport

/// The benchmark runner in its tiny mode, so it never rots: every row runs against a generated
/// ledger of a few hundred records and produces correct output. (The full run is `make bench`.)
@Suite struct BenchSmokeTests {
    static let runner: String = {
        // Tests/EvidentCLITests/BenchSmokeTests.swift -> the package root.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent("Benchmarks/bench.py").path
    }()

    @Test func tinyBenchRunsEveryRow() throws {
        let work = TemporaryDirectory("evident-bench")
        let r = Processes.run("/usr/bin/env", ["python3", Self.runner, "--tiny", "--evident", Processes.evidentPath, "--workdir", work.path],
                              cwd: work.path)
        #expect(r.status == 0, "bench.py --tiny failed:\n\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("| row | evident (median) | git baseline (median) | ratio | evident peak MB | must | goal | result |"))
        for row in ["bulk ingest", "one add into", "readiness at a snapshot", "readiness at a snapshot read before", "diff of two snapshots",
                    "history of one control", "history of one requirement", "verify a snapshot", "report for the", "bundle of a snapshot",
                    "sync of", "clone of the"] {
            #expect(r.stdout.contains("| " + row), "missing row \(row):\n\(r.stdout)")
        }
        #expect(!r.stdout.contains("FAIL"))
    }

    @Test func generateIsDeterministicAndVerifies() throws {
        let work = TemporaryDirectory("evident-bench-gen")
        let args = ["bench", "generate", "--evidence", "40", "--commits", "12", "--snapshots", "2", "--seed", "7", "--format", "json"]
        let a = Processes.evident([args[0], args[1], work.path + "/a"] + args.dropFirst(2), cwd: work.path)
        let b = Processes.evident([args[0], args[1], work.path + "/b"] + args.dropFirst(2), cwd: work.path)
        #expect(a.status == 0, "\(a.stderr)")
        #expect(b.status == 0, "\(b.stderr)")
        let ja = try #require(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
        let jb = try #require(try JSONSerialization.jsonObject(with: Data(b.stdout.utf8)) as? [String: Any])
        #expect(ja["head"] as? String == jb["head"] as? String)
        #expect(ja["evidence"] as? Int == 40)
        #expect(ja["snapshots"] as? [String] == ["bench-001", "bench-002"])
        let refs = { (dir: String) in Processes.git(["for-each-ref", "--format=%(objectname) %(refname)"], cwd: dir).stdout }
        #expect(refs(work.path + "/a") == refs(work.path + "/b"))
        let dir = work.path + "/a"
        #expect(Processes.git(["status", "--porcelain"], cwd: dir).stdout.isEmpty)
        let fsck = Processes.git(["fsck", "--no-progress"], cwd: dir)
        #expect(fsck.status == 0 && fsck.stdout.isEmpty && fsck.stderr.isEmpty, "\(fsck.stdout)\(fsck.stderr)")
        // History in packs; only the two snapshot tags are loose, as `snapshot create` leaves them.
        let counts = Processes.git(["count-objects", "-v"], cwd: dir).stdout
        #expect(counts.contains("count: 2\n"), "\(counts)")
        #expect(!counts.contains("in-pack: 0\n"), "\(counts)")
        #expect(Processes.evident(["validate"], cwd: dir).status == 0)
        let verify = Processes.evident(["verify"], cwd: dir, env: ["EVIDENT_NOW": "2026-06-01T12:00:00Z"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        // A second run into a non-empty directory is refused, and changes nothing.
        let again = Processes.evident([args[0], args[1], dir] + args.dropFirst(2), cwd: work.path)
        #expect(again.status == 65)
    }
}
