import Foundation
import GitStore
import Testing
import TestSupport

/// Objects written through a `StagingArea` are stored (loose when few, one pack when many) so
/// that git reads them like its own.
@Suite struct StagingAreaTests {
    let sig = Signature(name: "Ada Test", email: "ada@example.test", time: Date(timeIntervalSince1970: 1_780_000_000), offsetMinutes: 0)

    /// `git count-objects -v` as a dictionary.
    func countObjects(_ f: RepoFixture) -> [String: Int] {
        var out = [String: Int]()
        for line in f.git(["count-objects", "-v"]).stdout.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, let n = Int(parts[1]) { out[parts[0]] = n }
        }
        return out
    }

    /// Writes `count` files in a few folders on top of `parent` through `writer` and returns the commit.
    func commitFiles(_ writer: StagingArea, parent: ObjectID?, prefix: String, count: Int) throws -> ObjectID {
        let repo = writer.repository
        let base = try parent.map { try repo.treeID(ofCommit: $0) }
        var updates = [TreeUpdate]()
        for i in 0..<count {
            let text = "\(prefix) file \(i)\n" + String(repeating: "line \(i) of \(prefix)\n", count: 20 + i % 7)
            updates.append(.upsert("\(prefix)/\(i % 4)/f\(i).txt", blob: try repo.writeBlob(Data(text.utf8))))
        }
        let tree = try repo.updateTree(base, updates)
        return try repo.createCommit(tree: tree, parents: parent.map { [$0] } ?? [], author: sig, committer: sig, message: "\(prefix)\n")
    }

    @Test func objectsWrittenThroughThePackPathAreReadableAndPacked() throws {
        let f = try RepoFixture()
        let writer = try StagingArea(gitDirectory: f.dir.path)
        let c1 = try commitFiles(writer, parent: nil, prefix: "a", count: 40)
        let c2 = try commitFiles(writer, parent: c1, prefix: "b", count: 40)
        // Before the flush the objects live in memory only: git sees nothing.
        #expect(f.git(["cat-file", "-e", c2.hex]).status != 0)
        let flush = try writer.flush(tips: [c2])
        let name = try #require(flush.pack)
        #expect(name.hasPrefix("pack-"))
        try f.repo.updateReference("refs/heads/main", to: c2, expecting: nil, logMessage: "test")

        // A separate handle (no memory backend) reads every object back.
        let fresh = try Repository(at: f.dir.path)
        let files = try fresh.files(inTree: try fresh.treeID(ofCommit: c2))
        #expect(files.count == 80)
        #expect(String(decoding: try #require(try fresh.file(at: "b/3/f7.txt", inTree: try fresh.treeID(ofCommit: c2))), as: UTF8.self).hasPrefix("b file 7\n"))
        #expect(try fresh.commit(c2).parents == [c1])

        // git agrees: nothing wrong, nothing loose, everything in one pack.
        let fsck = f.git(["fsck", "--strict", "--no-progress"])
        #expect(fsck.status == 0)
        #expect(fsck.stdout.isEmpty && fsck.stderr.isEmpty, "\(fsck.stdout)\(fsck.stderr)")
        let counts = countObjects(f)
        #expect(counts["count"] == 0)
        #expect(counts["packs"] == 1)
        let reachable = f.git(["rev-list", "--objects", "--all"]).stdout.split(separator: "\n").count
        #expect(counts["in-pack"] == reachable)
        #expect(flush.objects == reachable)
        #expect(f.git(["verify-pack", f.dir.path + "/.git/objects/pack/\(name).idx"]).status == 0)
    }

    @Test func laterFlushesPackOnlyWhatIsNewAndTagsGoAlong() throws {
        let f = try RepoFixture()
        let writer = try StagingArea(gitDirectory: f.dir.path)
        let c1 = try commitFiles(writer, parent: nil, prefix: "a", count: 30)
        try writer.flush(tips: [c1])
        let c2 = try commitFiles(writer, parent: c1, prefix: "b", count: 10)
        let tag = try writer.repository.createTagObject("assessment/q1", target: c2, tagger: sig, message: "Snapshot q1\n")
        // The tag object exists, but no ref names it yet.
        #expect(f.git(["for-each-ref", "refs/tags"]).stdout.isEmpty)
        let second = try writer.flush(tips: [c2], extra: [tag])
        #expect(second.pack == nil, "few objects are stored loose")
        try f.repo.updateReference("refs/heads/main", to: c2, expecting: nil, logMessage: "test")
        try f.repo.updateReference("refs/tags/assessment/q1", to: tag, expecting: nil, logMessage: "test")

        // Stored loose: the new commit, its changed trees, its 10 blobs and the tag, nothing of c1.
        let reachable = f.git(["rev-list", "--objects", "--all"]).stdout.split(separator: "\n").count
        let counts = countObjects(f)
        #expect(counts["packs"] == 1)
        #expect(counts["count"] == second.objects)
        #expect(counts["in-pack"]! + counts["count"]! == reachable)
        // 1 commit, 1 tag, 10 blobs, the root tree, "b" and its 4 folders.
        #expect(second.objects == 1 + 1 + 10 + 1 + 1 + 4)
        #expect(f.git(["cat-file", "-t", "assessment/q1"]).stdout == "tag\n")
        #expect(f.git(["rev-parse", "assessment/q1^{commit}"]).stdout == c2.hex + "\n")
        let fsck = f.git(["fsck", "--strict", "--no-progress"])
        #expect(fsck.status == 0 && fsck.stdout.isEmpty && fsck.stderr.isEmpty, "\(fsck.stdout)\(fsck.stderr)")
        #expect(try Repository(at: f.dir.path).tag(named: "assessment/q1")?.message == "Snapshot q1\n")
    }

    @Test func fewObjectsAreStoredLoose() throws {
        let f = try RepoFixture()
        let writer = try StagingArea(gitDirectory: f.dir.path)
        var parent: ObjectID?
        for v in 0..<5 {
            let text = (0..<200).map { "row \($0) value \($0 == v ? "changed" : "same")" }.joined(separator: "\n") + "\n"
            let tree = try writer.repository.updateTree(try parent.map { try writer.repository.treeID(ofCommit: $0) },
                                                        [.upsert("table.csv", blob: try writer.repository.writeBlob(Data(text.utf8)))])
            parent = try writer.repository.createCommit(tree: tree, parents: parent.map { [$0] } ?? [], author: sig, committer: sig, message: "v\(v)\n")
        }
        // Five versions: 5 commits, 5 trees and 5 blobs, below the pack threshold: loose.
        let flush = try writer.flush(tips: [try #require(parent)])
        #expect(flush.objects == 15 && flush.pack == nil)
        #expect(countObjects(f)["count"] == 15)
        #expect(f.git(["fsck", "--strict", "--no-progress"]).status == 0)
    }

    @Test func packedObjectsAreStoredWholeThroughTheIndexer() throws {
        let f = try RepoFixture()
        let writer = try StagingArea(gitDirectory: f.dir.path)
        // Near-identical versions of one file, 40 of them: a delta search would deltify them.
        var updates = [TreeUpdate]()
        for v in 0..<40 {
            let text = (0..<200).map { "row \($0) value \($0 == v ? "changed" : "same")" }.joined(separator: "\n") + "\n"
            updates.append(.upsert("table-\(v).csv", blob: try writer.repository.writeBlob(Data(text.utf8))))
        }
        let tree = try writer.repository.updateTree(nil, updates)
        let commit = try writer.repository.createCommit(tree: tree, parents: [], author: sig, committer: sig, message: "tables\n")
        let flush = try writer.flush(tips: [commit])
        let name = try #require(flush.pack)
        #expect(flush.objects == 42)
        let listing = f.git(["verify-pack", "-v", f.dir.path + "/.git/objects/pack/\(name).idx"]).stdout
        #expect(listing.contains("non delta: 42 objects"), "\(listing)")
        #expect(f.git(["fsck", "--strict", "--no-progress"]).status == 0)
    }

    @Test func discardedObjectsAreNeverStored() throws {
        let f = try RepoFixture()
        let writer = try StagingArea(gitDirectory: f.dir.path)
        let blob = try writer.repository.writeBlob(Data("only in memory\n".utf8))
        #expect(try writer.repository.blob(blob) == Data("only in memory\n".utf8))
        writer.discard()
        #expect(throws: GitError.self) { try Repository(at: f.dir.path).blob(blob) }
        #expect(try writer.flush(tips: []).objects == 0)
        #expect(countObjects(f)["packs"] == 0)
    }

    @Test func checkoutOfHeadFillsTheWorkTreeAndIndex() throws {
        let f = try RepoFixture()
        let writer = try StagingArea(gitDirectory: f.dir.path)
        let c = try commitFiles(writer, parent: nil, prefix: "docs", count: 12)
        try writer.flush(tips: [c])
        try f.repo.updateReference("refs/heads/main", to: c, expecting: nil, logMessage: "test")
        try f.repo.forceCheckoutHead()
        try f.repo.refreshIndex()
        #expect(FileManager.default.fileExists(atPath: f.dir.path + "/docs/1/f5.txt"))
        #expect(f.git(["status", "--porcelain"]).stdout.isEmpty)
        #expect(try f.repo.index().count == 12)
        // Forced: a local change to a tracked file is overwritten.
        try "changed\n".write(toFile: f.dir.path + "/docs/1/f5.txt", atomically: true, encoding: .utf8)
        try f.repo.forceCheckoutHead()
        #expect(f.git(["status", "--porcelain"]).stdout.isEmpty)
    }
}
