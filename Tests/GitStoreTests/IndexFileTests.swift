import Foundation
@testable import GitStore
import Testing
import TestSupport

/// `IndexFile` reads and writes git's index the way git does: what it stages from memory is what
/// `git add` would stage, with stat data git trusts, and the cache tree it writes is valid.
@Suite struct IndexFileTests {
    // MARK: Helpers

    /// A repository whose first commit (and index) was made by the git CLI.
    func gitRepository(_ files: [String: String]) throws -> RepoFixture {
        let f = try RepoFixture()
        for (path, text) in files { f.dir.write(path, text) }
        #expect(f.git(["add", "-A"]).status == 0)
        #expect(f.git(["commit", "-q", "-m", "first"]).status == 0)
        return f
    }

    /// Writes a work-tree file as evident does and returns its stat data.
    func writeFile(_ f: RepoFixture, _ path: String, _ data: Data) throws -> FileStat {
        let full = f.dir.file(path)
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let fd = open(full, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(fd >= 0)
        defer { close(fd) }
        _ = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        var st = stat()
        #expect(fstat(fd, &st) == 0)
        return FileStat(st)
    }

    func looseObjects(_ f: RepoFixture) -> Int {
        let line = f.git(["count-objects", "-v"]).stdout.split(separator: "\n").first { $0.hasPrefix("count: ") }
        return line.flatMap { Int($0.dropFirst(7)) } ?? -1
    }

    func trimmed(_ r: ProcessResult) -> String { r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Every valid record of the index's cache tree against git: its tree id is the one HEAD has
    /// at that folder, its entry count the number of index entries below it. Returns how many
    /// records were checked, and the invalid ones.
    func checkCacheTree(_ f: RepoFixture) throws -> (valid: Int, invalid: Int) {
        let file = try #require(try IndexFile.read(path: f.dir.path + "/.git/index"))
        let cache = try #require(file.cacheTree)
        let paths = file.paths
        var valid = 0, invalid = 0
        func walk(_ node: Int, _ folder: String) {
            let record = cache.nodes[node]
            if record.entryCount < 0 {
                invalid += 1
            } else {
                valid += 1
                let expected = trimmed(f.git(["rev-parse", folder.isEmpty ? "HEAD^{tree}" : "HEAD:\(folder)"]))
                let id = ObjectID(rawBytes: UnsafeRawBufferPointer(start: cache.base + record.idOffset, count: 20))
                #expect(id.hex == expected, "cache tree of '\(folder)'")
                let below = folder.isEmpty ? paths.count : paths.filter { $0.hasPrefix(folder + "/") }.count
                #expect(record.entryCount == below, "entry count of '\(folder)'")
            }
            for c in cache.children(node) {
                let name = String(decoding: cache.name(c), as: UTF8.self)
                walk(c, folder.isEmpty ? name : folder + "/" + name)
            }
        }
        walk(0, "")
        return (valid, invalid)
    }

    // MARK: Reading

    @Test func readsWhatGitWrote() throws {
        let f = try gitRepository(["a.txt": "a\n", "dir/b.txt": "b\n", "dir/sub/c.txt": "c\n", "dir-x/d.txt": "d\n", "dir.y": "e\n"])
        let file = try #require(try IndexFile.read(path: f.dir.path + "/.git/index"))
        let listed = f.git(["ls-files", "-s"]).stdout.split(separator: "\n").map(String.init)
        #expect(file.count == listed.count)
        for (i, line) in listed.enumerated() {
            // "<mode> <id> <stage>\t<path>"
            let parts = line.split(separator: "\t")
            let fields = parts[0].split(separator: " ")
            #expect(file.path(at: i) == String(parts[1]))
            #expect(file.id(at: i).hex == String(fields[1]))
            #expect(String(file.mode(at: i), radix: 8) == String(fields[0]))
        }
        #expect(file.isTracked("dir"))
        #expect(file.isTracked("dir/sub"))
        #expect(file.isTracked("dir.y"))
        #expect(!file.isTracked("di"))
        #expect(!file.isTracked("dir/su"))
        #expect(file.id(path: "dir/sub/c.txt")?.hex == trimmed(f.git(["rev-parse", "HEAD:dir/sub/c.txt"])))
        #expect(file.id(path: "dir/sub") == nil)
        // git commit leaves a valid cache tree: the root id is read, not computed.
        #expect(try file.treeID().hex == trimmed(f.git(["rev-parse", "HEAD^{tree}"])))
        #expect(file.workTreeChanges(root: f.dir.path).isEmpty)
    }

    @Test func computesTheTreeWithoutACacheTree() throws {
        let f = try gitRepository(["a.txt": "a\n", "x/1.txt": "1\n", "x/y/2.txt": "2\n", "z/3.txt": "3\n"])
        // `git add` of a new file invalidates the records of its folders; `update-index` without
        // the extension removes it entirely.
        f.dir.write("x/y/new.txt", "new\n")
        #expect(f.git(["add", "x/y/new.txt"]).status == 0)
        let partial = try #require(try IndexFile.read(path: f.dir.path + "/.git/index"))
        let expected = trimmed(f.git(["write-tree"]))
        #expect(try partial.treeID().hex == expected)
        try stripCacheTree(f)
        let none = try #require(try IndexFile.read(path: f.dir.path + "/.git/index"))
        #expect(none.cacheTree == nil)
        #expect(try none.treeID().hex == expected)
    }

    /// Rewrites the index without its TREE extension.
    func stripCacheTree(_ f: RepoFixture) throws {
        let path = f.dir.path + "/.git/index"
        let file = try #require(try IndexFile.read(path: path))
        guard let tree = file.treeExtension else { return }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var out = Array(bytes[0..<(tree.lowerBound - 8)]) + Array(bytes[tree.upperBound..<(bytes.count - 20)])
        out += out.withUnsafeBytes { SHA1.hash($0) }
        try Data(out).write(to: URL(fileURLWithPath: path))
    }

    @Test func leavesUnusualIndexesToLibgit2() throws {
        let f = try gitRepository(["a.txt": "a\n", "b/c.txt": "c\n"])
        #expect(f.git(["update-index", "--index-version", "4"]).status == 0)
        #expect(try IndexFile.read(path: f.dir.path + "/.git/index") == nil)
        #expect(f.git(["update-index", "--index-version", "2"]).status == 0)
        #expect(try IndexFile.read(path: f.dir.path + "/.git/index") != nil)
        f.dir.write("ita.txt", "x\n")
        #expect(f.git(["add", "-N", "ita.txt"]).status == 0)
        #expect(try IndexFile.read(path: f.dir.path + "/.git/index") == nil)
    }

    @Test func refusesADamagedIndex() throws {
        let f = try gitRepository(["a.txt": "a\n"])
        let path = f.dir.path + "/.git/index"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[20] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: GitError.self) { try IndexFile.read(path: path) }
        #expect(error?.message.contains("checksum") == true)
        // No index at all is an empty one.
        let missing = try #require(try IndexFile.read(path: f.dir.path + "/.git/no-such-index"))
        #expect(missing.count == 0)
    }

    @Test func findsWorkTreeChangesAndUntrackedNames() throws {
        var files = ["keep.txt": "k\n", "gone.txt": "g\n", "edit.txt": "e\n", "mode.sh": "m\n"]
        for i in 0..<5000 { files["many/f\(i).txt"] = "\(i)\n" } // enough entries to check on every core
        let f = try gitRepository(files)
        f.dir.write("edit.txt", "changed\n")
        unlink(f.dir.file("gone.txt"))
        chmod(f.dir.file("mode.sh"), 0o755)
        unlink(f.dir.file("many/f4999.txt"))
        f.dir.write("stray.txt", "s\n")
        f.dir.write("newdir/x.txt", "x\n")
        let file = try #require(try IndexFile.read(path: f.dir.path + "/.git/index"))
        let changes = file.workTreeChanges(root: f.dir.path)
        #expect(Set(changes.map(\.path)) == ["edit.txt", "gone.txt", "mode.sh", "many/f4999.txt"])
        #expect(changes.first { $0.path == "gone.txt" }?.kind == .deleted)
        let listing = file.listUntracked(in: "", root: f.dir.path, trackedFolders: true)
        #expect(listing.untracked == [".git", "newdir", "stray.txt"])
        #expect(listing.trackedFolders == ["many"])
        #expect(file.listUntracked(in: "many", root: f.dir.path, trackedFolders: false).untracked.isEmpty)
    }

    // MARK: Staging from memory

    /// Files staged from memory get the tree `git add` would give them, stat data that
    /// `git diff-files` trusts, and a cache tree that is valid everywhere.
    func stageAndCommit(_ f: RepoFixture, _ files: [(String, Data)], removals: [String] = [], packed: Bool, uncompressed: Bool = false) throws -> ObjectID {
        var stats = [FileStat]()
        for (path, data) in files { stats.append(try writeFile(f, path, data)) }
        for r in removals { unlink(f.dir.file(r)) }
        let pack: PackBuilder? = packed ? PackBuilder() : nil
        pack?.uncompressed = uncompressed
        var ids = [ObjectID]()
        for (_, data) in files {
            ids.append(try pack.map { try $0.add(blob: data) } ?? f.repo.writeBlob(data))
        }
        let file = try #require(try IndexFile.read(path: f.dir.path + "/.git/index"))
        let additions = files.indices.map { IndexAddition(path: files[$0].0, id: ids[$0], stat: stats[$0]) }
        let staged = try #require(file.staging(additions, removals: removals))
        let tree: ObjectID
        if let pack {
            tree = try staged.writeTree(into: pack)
            try f.repo.storePack(pack)
        } else {
            tree = try staged.writeTree(to: f.repo)
        }
        let head = try f.repo.headCommit()
        let commit = try f.repo.createCommit(tree: tree, parents: head.map { [$0] } ?? [], author: f.sig, committer: f.sig, message: "staged\n")
        try f.repo.updateReference("refs/heads/main", to: commit, expecting: head, logMessage: "test")
        try staged.write()
        return tree
    }

    func expectClean(_ f: RepoFixture) {
        #expect(f.git(["status", "--porcelain", "--untracked-files=all"]).stdout.isEmpty)
        let diff = f.git(["diff-files"])
        #expect(diff.status == 0 && diff.stdout.isEmpty, "diff-files: \(diff.stdout)")
        let fsck = f.git(["fsck", "--strict", "--no-progress", "--no-dangling"])
        #expect(fsck.status == 0 && fsck.stdout.isEmpty && fsck.stderr.isEmpty, "\(fsck.stdout)\(fsck.stderr)")
        #expect(trimmed(f.git(["write-tree"])) == trimmed(f.git(["rev-parse", "HEAD^{tree}"])))
    }

    @Test(arguments: [false, true])
    func bulkStagingFromMemoryMatchesGitAdd(packed: Bool) throws {
        let f = try gitRepository(["README": "r\n", "evidence/2026/01/EV-A/record.yaml": "a\n", "evidence/2026/05/EV-B/record.yaml": "b\n"])
        var files = [(String, Data)]()
        for i in 0..<300 {
            let text = "host,check\n" + String(repeating: "h\(i),ok,\(i * 7919)\n", count: 10 + i % 40)
            files.append(("evidence/2026/05/EV-BULK/export/batch-\(i / 100)/item-\(i).csv", Data(text.utf8)))
        }
        files.append(("evidence/2026/05/EV-BULK/record.yaml", Data("id: EV-BULK\n".utf8)))
        files.append(("evidence/2026/05/EV-BULK/empty.txt", Data()))
        let looseBefore = looseObjects(f)
        let tree = try stageAndCommit(f, files, packed: packed)
        expectClean(f)
        let checked = try checkCacheTree(f)
        #expect(checked.invalid == 0)
        // One record per folder, the root included.
        let folders = f.git(["ls-tree", "-r", "-d", "--name-only", "HEAD"]).stdout.split(separator: "\n").count
        #expect(checked.valid == folders + 1)
        // The same files added by git give the same tree.
        let other = try gitRepository(["README": "r\n", "evidence/2026/01/EV-A/record.yaml": "a\n", "evidence/2026/05/EV-B/record.yaml": "b\n"])
        for (path, data) in files { other.dir.write(path, data) }
        #expect(other.git(["add", "-A"]).status == 0)
        #expect(trimmed(other.git(["write-tree"])) == tree.hex)
        if packed {
            // Every blob and tree of the commit in one new pack; only the commit is loose.
            let counts = f.git(["count-objects", "-v"]).stdout
            #expect(counts.contains("packs: 1"), "\(counts)")
            #expect(looseObjects(f) == looseBefore + 1)
        }
        // git carries on from the index evident wrote.
        f.dir.write("later.txt", "later\n")
        #expect(f.git(["add", "later.txt"]).status == 0)
        #expect(f.git(["commit", "-q", "-m", "later"]).status == 0)
        expectClean(f)
        #expect(try checkCacheTree(f).invalid == 0)
    }

    @Test func storedBlocksAreReadByGit() throws {
        let f = try gitRepository(["a.txt": "a\n"])
        let big = Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 7) }) // more than one stored block
        let files = [("b/big.bin", big), ("b/small.txt", Data("small\n".utf8)), ("b/empty", Data())]
        _ = try stageAndCommit(f, files, packed: true, uncompressed: true)
        expectClean(f)
        #expect(f.git(["cat-file", "-p", "HEAD:b/small.txt"]).stdout == "small\n")
        let verify = f.git(["verify-pack", "-v"] + (try FileManager.default.contentsOfDirectory(atPath: f.dir.path + "/.git/objects/pack")
            .filter { $0.hasSuffix(".idx") }.map { f.dir.path + "/.git/objects/pack/" + $0 }))
        #expect(verify.status == 0, "\(verify.stderr)")
    }

    @Test func replacesAndRemovesEntries() throws {
        let f = try gitRepository(["a/1.txt": "1\n", "a/2.txt": "2\n", "b/3.txt": "3\n", "c.txt": "c\n"])
        let tree = try stageAndCommit(f, [("a/1.txt", Data("one\n".utf8)), ("d/4.txt", Data("4\n".utf8))], removals: ["b/3.txt", "c.txt"], packed: false)
        expectClean(f)
        #expect(try checkCacheTree(f).invalid == 0)
        #expect(f.git(["ls-files"]).stdout == "a/1.txt\na/2.txt\nd/4.txt\n")
        #expect(trimmed(f.git(["rev-parse", "HEAD^{tree}"])) == tree.hex)
        #expect(f.git(["show", "HEAD:a/1.txt"]).stdout == "one\n")
    }

    @Test func refusesFileFolderSwaps() throws {
        let f = try gitRepository(["a/1.txt": "1\n", "b": "file\n"])
        let file = try #require(try IndexFile.read(path: f.dir.path + "/.git/index"))
        let stat = try writeFile(f, "x.txt", Data("x\n".utf8))
        let id = try f.repo.writeBlob(Data("x\n".utf8))
        #expect(file.staging([IndexAddition(path: "a", id: id, stat: stat)]) == nil)
        #expect(file.staging([IndexAddition(path: "b/x.txt", id: id, stat: stat)]) == nil)
        #expect(file.staging([IndexAddition(path: "n", id: id, stat: stat), IndexAddition(path: "n/x", id: id, stat: stat)]) == nil)
        #expect(file.staging([IndexAddition(path: "a/2.txt", id: id, stat: stat)]) != nil)
    }

    @Test func refusesToReplaceAnIndexChangedMeanwhile() throws {
        let f = try gitRepository(["a.txt": "a\n"])
        let file = try #require(try IndexFile.read(path: f.dir.path + "/.git/index"))
        let stat = try writeFile(f, "b.txt", Data("b\n".utf8))
        let staged = try #require(file.staging([IndexAddition(path: "b.txt", id: try f.repo.writeBlob(Data("b\n".utf8)), stat: stat)]))
        _ = try staged.writeTree(to: f.repo)
        f.dir.write("c.txt", "c\n")
        #expect(f.git(["add", "c.txt"]).status == 0)
        let error = #expect(throws: GitError.self) { try staged.write() }
        #expect(error?.code == .modified)
        #expect(!FileManager.default.fileExists(atPath: f.dir.path + "/.git/index.lock"))
        // A held index.lock is respected.
        let again = try #require(try IndexFile.read(path: f.dir.path + "/.git/index"))
        let next = try #require(again.staging([IndexAddition(path: "b.txt", id: try f.repo.writeBlob(Data("b\n".utf8)), stat: stat)]))
        FileManager.default.createFile(atPath: f.dir.path + "/.git/index.lock", contents: Data())
        let locked = #expect(throws: GitError.self) { try next.write() }
        #expect(locked?.code == .locked)
    }

    // MARK: Checksums

    @Test func sha1MatchesKnownDigests() {
        func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
        #expect(hex(SHA1.hash(UnsafeRawBufferPointer(start: nil, count: 0))) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        let abc = Array("abc".utf8)
        #expect(hex(abc.withUnsafeBytes { SHA1.hash($0) }) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(hex(long.withUnsafeBytes { SHA1.hash($0) }) == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        // Fed in uneven pieces.
        let data = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        var pieces = SHA1()
        var offset = 0, step = 1
        while offset < data.count {
            let n = min(step, data.count - offset)
            data[offset..<(offset + n)].withUnsafeBytes { pieces.update($0) }
            offset += n
            step = step * 3 % 97 + 1
        }
        #expect(pieces.finalize() == data.withUnsafeBytes { SHA1.hash($0) })
    }

    @Test func deflaterCompressesWithZlibAndGitInflatesIt() throws {
        let text = Data(String(repeating: "host-0a1b2c,patch_level,pass,2026-05-30T10:00:00Z\n", count: 200).utf8)
        var packed = [UInt8](), stored = [UInt8]()
        text.withUnsafeBytes { Deflater().compress($0, into: &packed) }
        text.withUnsafeBytes { Deflater(compress: false).compress($0, into: &stored) }
        // Level 1 on a repetitive CSV: a small fraction of the input; stored blocks are larger.
        #expect(packed.count < text.count / 10, "\(packed.count) of \(text.count)")
        #expect(stored.count > text.count)
        #expect(Array(packed.prefix(2)) == [0x78, 0x01])
        // Git inflates both: a loose object file is a zlib stream of "blob N\0" + content.
        let f = try RepoFixture()
        for (name, deflater) in [("compressed", Deflater()), ("stored", Deflater(compress: false))] {
            var object = [UInt8]()
            let raw = Data("blob \(text.count)\0".utf8) + text
            raw.withUnsafeBytes { deflater.compress($0, into: &object) }
            let id = try f.repo.writeBlob(text)
            let path = f.dir.path + "/.git/objects/" + String(id.hex.prefix(2)) + "/" + String(id.hex.dropFirst(2))
            try? FileManager.default.removeItem(atPath: path)
            #expect(FileManager.default.createFile(atPath: path, contents: Data(object)), "\(name)")
            let shown = f.git(["cat-file", "blob", id.hex])
            #expect(shown.status == 0 && shown.stdout == String(decoding: text, as: UTF8.self), "\(name): \(shown.stderr)")
        }
    }
}
