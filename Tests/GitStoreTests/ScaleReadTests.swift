import Foundation
import GitStore
import LedgerCore
import Testing
import TestSupport

/// The read paths evident uses on large ledgers must give exactly the answers of the slow,
/// obvious ones: the tree-to-tree comparison against `git diff --raw`, the parallel
/// folder walk against a recursive listing, the inline object id against its bytes.
@Suite struct ScaleReadTests {
    @Test func objectIDKeepsBytesHexAndGitOrder() throws {
        var rng = SystemRandomNumberGenerator()
        var ids = [ObjectID]()
        for _ in 0..<200 {
            let bytes = (0..<20).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let id = try #require(ObjectID(bytes: bytes))
            #expect(id.bytes == bytes)
            #expect(ObjectID(hex: id.hex) == id)
            #expect(id.hex.count == 40)
            ids.append(id)
        }
        // Sorted by id is sorted by bytes, as git sorts ids.
        #expect(ids.sorted().map(\.bytes) == ids.map(\.bytes).sorted { $0.lexicographicallyPrecedes($1) })
        let a = try #require(ObjectID(hex: "00000000000000000000000000000000000000ff"))
        let b = try #require(ObjectID(hex: "0000000000000000000000000000000000000100"))
        #expect(a < b)
        #expect(Set([a, b, a]).count == 2)
    }

    /// Random histories with adds, deletes, edits, file <-> folder swaps and deep folders.
    @Test func changedFilesAgreesWithGit() throws {
        let f = try RepoFixture()
        var rng = SplitMix64(seed: 42)
        var files = [String: String]()
        let names = ["a", "b", "b.txt", "b-c", "c", "evidence", "z"]
        func randomPath() -> String {
            (0..<Int.random(in: 1...4, using: &rng)).map { _ in names.randomElement(using: &rng)! }.joined(separator: "/")
        }
        var commits = [try f.commit(["seed.txt": "0"])]
        for round in 0..<25 {
            var upserts = [String: String]()
            var removals = [String]()
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                let p = randomPath()
                // A path may not be both a file and a folder: drop whatever is in the way.
                let clash = files.keys.filter { $0.hasPrefix(p + "/") || p.hasPrefix($0 + "/") }
                for c in clash where !removals.contains(c) { removals.append(c); files[c] = nil }
                upserts.removeValue(forKey: p)
                for c in upserts.keys where c.hasPrefix(p + "/") || p.hasPrefix(c + "/") { upserts[c] = nil }
                upserts[p] = "v\(round)-\(Int.random(in: 0...3, using: &rng))"
            }
            if let victim = files.keys.sorted().randomElement(using: &rng), upserts[victim] == nil, !removals.contains(victim), Bool.random(using: &rng) {
                removals.append(victim)
                files[victim] = nil
            }
            for (p, v) in upserts { files[p] = v }
            // Removals first: libgit2 refuses a file and a folder of the same name in one update.
            if !removals.isEmpty { commits.append(try f.commit([:], remove: removals)) }
            commits.append(try f.commit(upserts))
        }
        for _ in 0..<40 {
            let x = commits.randomElement(using: &rng)!, y = commits.randomElement(using: &rng)!
            let tx = try f.repo.treeID(ofCommit: x), ty = try f.repo.treeID(ofCommit: y)
            let mine = try f.repo.changedFiles(from: tx, to: ty)
            // git's own answer, with the kind of each change and both blob ids.
            let raw = f.git(["diff", "--raw", "--no-renames", "--no-abbrev", "-z", x.hex, y.hex]).stdout.split(separator: "\0").map(String.init)
            var theirs = Set<PathChange>()
            var k = 0
            while k + 1 < raw.count {
                let meta = raw[k].split(separator: " ")
                let (old, new, status) = (String(meta[2]), String(meta[3]), String(meta[4]))
                let zero = String(repeating: "0", count: 40)
                let kind: PathChange.Kind = status == "A" ? .added : status == "D" ? .deleted : status == "T" ? .typeChanged : .modified
                theirs.insert(PathChange(path: raw[k + 1], kind: kind, oldID: old == zero ? nil : ObjectID(hex: old), newID: new == zero ? nil : ObjectID(hex: new)))
                k += 2
            }
            #expect(Set(mine) == theirs, "\(x.short)..\(y.short)")
            #expect(mine.map(\.path) == mine.map(\.path).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
            // Restricted to top-level names (as a pathspec: the entry itself, and what is below it).
            let under = try f.repo.changedFiles(from: tx, to: ty, under: ["b", "evidence"])
            #expect(Set(under) == Set(mine.filter { ["b", "evidence"].contains(String($0.path.split(separator: "/")[0])) }))
        }
        // From and to nothing: every file added, or deleted.
        let last = try f.repo.treeID(ofCommit: commits.last!)
        let all = f.git(["ls-tree", "-r", "-z", "--name-only", commits.last!.hex]).stdout.split(separator: "\0").map(String.init)
        #expect(try f.repo.changedFiles(from: nil, to: last).map(\.path) == all)
        #expect(try f.repo.changedFiles(from: last, to: nil).allSatisfy { $0.kind == .deleted && $0.newID == nil })
    }

    @Test func filesInFoldersFindsEveryRecordInTreeOrder() throws {
        let f = try RepoFixture()
        var files = [String: String]()
        // 3 years x 12 months x a few folders, some without the file, some with extra files,
        // plus files in the way at every level.
        for y in 2024...2026 {
            for m in 1...12 {
                let month = String(format: "%02d", m)
                for k in 0..<(m % 4) {
                    let folder = "\(y)/\(month)/EV-\(y)\(month)01-\(k)"
                    if k != 2 { files[folder + "/record.yaml"] = "id \(folder)" }
                    files[folder + "/artifact-\(k).csv"] = "x"
                    if k == 1 { files[folder + "/nested/record.yaml"] = "not a record" }
                }
            }
            files["\(y)/README"] = "stray in a year"
        }
        files["2025/07/loose.txt"] = "stray in a month"
        files["notes.txt"] = "stray at the top"
        let c = try f.commit(files)
        let tree = try f.repo.treeID(ofCommit: c)
        let found = try f.repo.filesInFolders(of: tree, depth: 3, named: "record.yaml")
        let expected = files.keys.filter { $0.hasSuffix("/record.yaml") && $0.split(separator: "/").count == 4 }
            .map { String($0.dropLast("/record.yaml".count)) }.sorted()
        #expect(found.map(\.folder) == expected)
        for item in found {
            #expect(try f.repo.entry(at: item.folder + "/record.yaml", inTree: tree)?.id == item.id)
        }
        // The same through one thread (a single parent folder).
        let one = try #require(try f.repo.entry(at: "2025/07", inTree: tree))
        #expect(try f.repo.filesInFolders(of: one.id, depth: 1, named: "record.yaml").map { "2025/07/" + $0.folder } == expected.filter { $0.hasPrefix("2025/07/") })
    }

    @Test func sameEntryComparesOnlyWhatItMust() throws {
        let f = try RepoFixture()
        let c1 = try f.commit(["controls/A.yaml": "1", "controls/B.yaml": "1", "evidence/x": "1"])
        let c2 = try f.commit(["evidence/x": "2"])
        let c3 = try f.commit(["controls/B.yaml": "2"])
        let c4 = try f.commit([:], remove: ["controls/A.yaml"])
        let t = try [c1, c2, c3, c4].map { try f.repo.treeID(ofCommit: $0) }
        #expect(try f.repo.sameEntry(at: "controls/A.yaml", in: t[0], and: t[1]))
        #expect(try f.repo.sameEntry(at: "controls/A.yaml", in: t[1], and: t[2]))
        #expect(try !f.repo.sameEntry(at: "controls/B.yaml", in: t[1], and: t[2]))
        #expect(try !f.repo.sameEntry(at: "controls/A.yaml", in: t[2], and: t[3]))
        #expect(try f.repo.sameEntry(at: "controls/Z.yaml", in: t[2], and: t[3]))
        // A path through a file is absent on both sides.
        #expect(try f.repo.sameEntry(at: "evidence/x/y", in: t[0], and: t[1]))
    }

    @Test func objectPrefixReadsTheStartOfLooseAndPackedObjects() throws {
        let f = try RepoFixture()
        let big = String(repeating: "0123456789abcdef", count: 64 * 1024)
        let id = try f.repo.writeBlob(Data(big.utf8))
        let small = try f.repo.writeBlob(Data("short".utf8))
        #expect(try f.repo.objectPrefix(id, limit: 100) == Data(big.utf8.prefix(100)))
        #expect(try f.repo.objectPrefix(small, limit: 100) == Data("short".utf8))
        // Packed (git gc), the object is read whole and cut.
        try f.commit(["big": big])
        #expect(f.git(["gc", "-q", "--prune=now"]).status == 0)
        let reopened = try Repository(at: f.dir.path)
        #expect(try reopened.objectPrefix(id, limit: 100) == Data(big.utf8.prefix(100)))
    }
}
