import Crypto
import Foundation
import Testing
import TestSupport

/// The evidence tree cache (.git/evident/cache/trees/) must never change an answer: deleting it,
/// damaging it, reading a tree patched from a neighbour's entry or from its own all give the bytes
/// a run without any cache gives.
@Suite struct EvidenceTreeCacheTests {
    static let env = ["EVIDENT_NOW": "2026-06-01T12:00:00Z"]

    /// The demo ledger, or a generated one, in a fresh directory.
    static func demo(_ dir: TemporaryDirectory) throws -> String {
        let root = dir.path + "/ledger"
        let r = Processes.evident(["demo", root], cwd: dir.path, env: env)
        try #require(r.status == 0, "\(r.stderr)")
        return root
    }

    static func generated(_ dir: TemporaryDirectory) throws -> String {
        let root = dir.path + "/ledger"
        let r = Processes.evident(["bench", "generate", root, "--evidence", "300", "--commits", "40", "--snapshots", "4", "--seed", "1"], cwd: dir.path, env: env)
        try #require(r.status == 0, "\(r.stderr)")
        return root
    }

    static func snapshots(_ root: String) -> [String] {
        Processes.git(["tag", "-l", "assessment/*"], cwd: root).stdout.split(separator: "\n").map { String($0.dropFirst("assessment/".count)) }.sorted()
    }

    /// Readiness at HEAD and at every snapshot, and the diffs between neighbouring snapshots and
    /// from the first to HEAD, in JSON and text.
    static func commands(_ snapshots: [String]) -> [[String]] {
        var out = [[String]]()
        for format in ["json", "text"] {
            out.append(["readiness", "--format", format])
            for s in snapshots { out.append(["readiness", "--at", s, "--format", format]) }
            for (a, b) in zip(snapshots, snapshots.dropFirst()) { out.append(["diff", a, b, "--format", format]) }
            if let first = snapshots.first { out.append(["diff", first, "--format", format]) }
        }
        return out
    }

    static func run(_ root: String, _ args: [String], trace: Bool = false) -> ProcessResult {
        Processes.evident(args, cwd: root, env: trace ? env.merging(["EVIDENT_TRACE": "1"]) { $1 } : env)
    }

    static func answer(_ r: ProcessResult) -> String { answer(r.status, r.stdout, r.stderr) }
    static func answer(_ status: Int32, _ stdout: String, _ stderr: String) -> String { "status \(status)\n\(stdout)\n\(stderr)" }

    static func deleteCache(_ root: String) {
        try? FileManager.default.removeItem(atPath: root + "/.git/evident/cache")
    }

    static func entries(_ root: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root + "/.git/evident/cache/trees")) ?? []).filter { $0.hasSuffix(".bin") }.sorted()
    }

    static func treeLines(_ r: ProcessResult) -> [String] {
        r.stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("evident trace: evidence tree ") }
    }

    /// Every command with no cache at all (deleted before each), then in a row from an empty
    /// cache (entries written, neighbours patched), then again (entries read): the same bytes.
    func sameWithAndWithoutCache(_ root: String) {
        let commands = Self.commands(Self.snapshots(root))
        var reference = [String]()
        for c in commands {
            Self.deleteCache(root)
            reference.append(Self.answer(Self.run(root, c)))
        }
        Self.deleteCache(root)
        var patched = 0
        for (c, expected) in zip(commands, reference) {
            let r = Self.run(root, c, trace: true)
            let stderr = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("evident trace: ") }.joined(separator: "\n")
            #expect(Self.answer(r.status, r.stdout, stderr) == expected, "\(c) with the cache filling")
            patched += Self.treeLines(r).filter { $0.contains("patched from") }.count
        }
        #expect(patched > 0, "no tree was patched from a cached neighbour")
        #expect(!Self.entries(root).isEmpty)
        for (c, expected) in zip(commands, reference) {
            #expect(Self.answer(Self.run(root, c)) == expected, "\(c) with the cache warm")
        }
        #expect(Processes.git(["status", "--porcelain"], cwd: root).stdout.isEmpty)
    }

    @Test func deletingTheCacheChangesNoOutputOnTheDemo() throws {
        let dir = TemporaryDirectory("evident-tree-cache")
        sameWithAndWithoutCache(try Self.demo(dir))
    }

    @Test func deletingTheCacheChangesNoOutputOnAGeneratedLedger() throws {
        let dir = TemporaryDirectory("evident-tree-cache")
        sameWithAndWithoutCache(try Self.generated(dir))
    }

    /// A tree a few records away from a cached one is the cached list with those records re-read.
    @Test func aCloseTreeIsPatchedFromItsNeighbour() throws {
        let dir = TemporaryDirectory("evident-tree-cache")
        let root = try Self.generated(dir)
        Self.deleteCache(root)
        let first = Self.run(root, ["readiness", "--at", "bench-003", "--format", "json"], trace: true)
        #expect(first.status == 0)
        #expect(Self.treeLines(first).contains { $0.contains(": read in full, ") }, "\(Self.treeLines(first))")
        let changed = Processes.git(["diff", "--name-only", "--diff-filter=AM", "assessment/bench-003", "assessment/bench-004", "--", "evidence"], cwd: root).stdout
            .split(separator: "\n").filter { $0.hasSuffix("/record.yaml") }.count
        try #require(changed > 0 && changed < 100)
        let second = Self.run(root, ["readiness", "--at", "bench-004", "--format", "json"], trace: true)
        #expect(second.status == 0)
        let lines = Self.treeLines(second)
        #expect(lines.count == 1 && lines[0].contains("patched from") && lines[0].hasSuffix(", \(changed) record files re-read"), "\(lines), \(changed) changed")
        // Read before: its own entry.
        let third = Self.run(root, ["readiness", "--at", "bench-004", "--format", "json"], trace: true)
        #expect(Self.treeLines(third).count == 1 && Self.treeLines(third)[0].contains(": cached, "), "\(Self.treeLines(third))")
        #expect(third.stdout == second.stdout)
        Self.deleteCache(root)
        #expect(Self.run(root, ["readiness", "--at", "bench-004", "--format", "json"]).stdout == second.stdout)
    }

    /// A damaged, truncated or foreign entry is ignored (the tree is read again) and rewritten.
    @Test func aDamagedEntryIsIgnoredAndRewritten() throws {
        let dir = TemporaryDirectory("evident-tree-cache")
        let root = try Self.generated(dir)
        Self.deleteCache(root)
        let args = ["readiness", "--at", "bench-004", "--format", "json"]
        let reference = Self.run(root, args)
        #expect(reference.status == 0)
        let names = Self.entries(root)
        try #require(names.count == 1)
        let path = root + "/.git/evident/cache/trees/" + names[0]
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        var flipped = good
        flipped[good.count / 2] ^= 0x20
        let damages: [(String, Data)] = [
            ("one byte flipped", flipped),
            ("truncated", good.prefix(good.count - 7)),
            ("header only", good.prefix(100)),
            ("empty", Data()),
            ("garbage", Data("EVIDENT-EVIDENCE-TREE-2\n".utf8) + Data(repeating: 0xFF, count: 4096)),
            ("another tree's id", { var d = good; d[30] ^= 1; return d }()),
        ] + Self.lyingChunkTables(good)
        for (what, bytes) in damages {
            try bytes.write(to: URL(fileURLWithPath: path))
            let r = Self.run(root, args, trace: true)
            #expect(r.status == 0, "\(what): \(r.stderr)")
            #expect(r.stdout == reference.stdout, "\(what)")
            #expect(!Self.treeLines(r).contains { $0.contains(": cached, ") }, "\(what): a damaged entry was used")
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == good, "\(what): the entry was not rewritten")
        }
    }

    /// Entries whose chunk table (at the end of the payload) is wrong while the digest matches
    /// it, as a writer with a bug would leave them: each must be refused by the table's own checks.
    static func lyingChunkTables(_ good: Data) -> [(String, Data)] {
        let format = "EVIDENT-EVIDENCE-TREE-2\n".utf8.count
        let header = format + 20 + 8 + 32
        func le(_ d: Data, _ at: Int) -> Int { (0..<8).reversed().reduce(0) { $0 << 8 | Int(d[d.startIndex + at + $1]) } }
        func put(_ d: inout Data, _ at: Int, _ v: Int) { for i in 0..<8 { d[d.startIndex + at + i] = UInt8(truncatingIfNeeded: v >> (8 * i)) } }
        func sealed(_ payload: Data) -> Data {
            var out = Data(good.prefix(format + 20))
            var n = payload.count
            for _ in 0..<8 { out.append(UInt8(n & 0xFF)); n >>= 8 }
            out.append(contentsOf: SHA256.hash(data: payload))
            return out + payload
        }
        let payload = Data(good.dropFirst(header))
        let k = le(payload, payload.count - 8)
        let table = payload.count - 8 - 16 * k
        precondition(k >= 2, "the test ledger's entry should have several chunks, has \(k)")
        var out = [(String, Data)]()
        out.append(("one chunk more than the table holds", { var p = payload; put(&p, p.count - 8, k + 1); return sealed(p) }()))
        out.append(("a huge chunk count", { var p = payload; put(&p, p.count - 8, Int.max); return sealed(p) }()))
        out.append(("a first chunk that does not start after the count", { var p = payload; put(&p, table, 9); return sealed(p) }()))
        out.append(("chunks out of order", { var p = payload; put(&p, table + 16, le(p, table)); return sealed(p) }()))
        out.append(("a chunk of no items", { var p = payload; put(&p, table + 8, 0); return sealed(p) }()))
        out.append(("items moved between chunks", { var p = payload; put(&p, table + 8, le(p, table + 8) + 1); put(&p, table + 24, le(p, table + 24) - 1); return sealed(p) }()))
        out.append(("a count that disagrees", { var p = payload; put(&p, 0, le(p, 0) + 1); return sealed(p) }()))
        return out
    }

    /// Several readers filling the same entry at once: each answers right, and the entry left is whole.
    @Test func concurrentReadersWriteTheSameEntrySafely() throws {
        let dir = TemporaryDirectory("evident-tree-cache")
        let root = try Self.generated(dir)
        let args = ["readiness", "--at", "bench-002", "--format", "json"]
        Self.deleteCache(root)
        let reference = Self.run(root, args).stdout
        Self.deleteCache(root)
        let results = UnsafeSendableBox([ProcessResult?](repeating: nil, count: 4))
        DispatchQueue.concurrentPerform(iterations: 4) { i in
            let r = Self.run(root, args)
            results.lock.lock()
            results.value[i] = r
            results.lock.unlock()
        }
        for r in results.value { #expect(r?.status == 0 && r?.stdout == reference) }
        let again = Self.run(root, args, trace: true)
        #expect(Self.treeLines(again).contains { $0.contains(": cached, ") }, "\(Self.treeLines(again))")
        #expect(again.stdout == reference)
        let leftovers = ((try? FileManager.default.contentsOfDirectory(atPath: root + "/.git/evident/cache/trees")) ?? []).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    /// The cache keeps at most four entries, the most recently used.
    @Test func theCacheIsBounded() throws {
        let dir = TemporaryDirectory("evident-tree-cache")
        let root = try Self.generated(dir)
        Self.deleteCache(root)
        for rev in ["HEAD~30", "HEAD~20", "HEAD~10", "bench-001", "bench-002", "bench-003", "bench-004"] {
            #expect(Self.run(root, ["readiness", "--at", rev, "--format", "json"]).status == 0)
            #expect(Self.entries(root).count <= 4)
        }
        #expect(Self.entries(root).count == 4)
        // The last one read is kept.
        let tree = Processes.git(["rev-parse", "assessment/bench-004^{commit}:evidence"], cwd: root).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Self.entries(root).contains(tree + ".bin"))
    }
}

/// A value shared between the threads of one test, guarded by its lock.
final class UnsafeSendableBox<T>: @unchecked Sendable {
    let lock = NSLock()
    var value: T
    init(_ value: T) { self.value = value }
}
