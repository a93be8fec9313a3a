import Foundation
import Crypto
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
        let file = try (IndexFile.read(path: f.dir.path + "/.git/index"))
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
        let file = try (IndexFile.read(path: f.dir.path + "/.git/index"))
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
        let partial = try (IndexFile.read(path: f.dir.path + "/.git/index"))
        let expected = trimmed(f.git(["write-tree"]))
        #expect(try partial.treeID().hex == expected)
        try stripCacheTree(f)
        let none = try (IndexFile.read(path: f.dir.path + "/.git/index"))
        #expect(none.cacheTree == nil)
        #expect(try none.treeID().hex == expected)
    }

    /// Rewrites the index without its TREE extension.
    func stripCacheTree(_ f: RepoFixture) throws {
        let path = f.dir.path + "/.git/index"
        let file = try (IndexFile.read(path: path))
        guard let tree = file.treeExtension else { return }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var out = Array(bytes[0..<(tree.lowerBound - 8)]) + Array(bytes[tree.upperBound..<(bytes.count - 20)])
        out += Array(Insecure.SHA1.hash(data: out))
        try Data(out).write(to: URL(fileURLWithPath: path))
    }

    /// Version 4 (prefix-compressed paths) reads as version 2 does and is written back as
    /// version 4, byte for byte what git itself writes for the same entries.
    @Test func readsAndWritesVersion4() throws {
        let f = try gitRepository(["a.txt": "a\n", "b/c.txt": "c\n", "b/cd/e.txt": "e\n", "evidence/2026/05/EV-A/record.yaml": "r\n"])
        let path = f.dir.path + "/.git/index"
        let v2 = try IndexFile.read(path: path)
        #expect(f.git(["update-index", "--index-version", "4"]).status == 0)
        let v4 = try IndexFile.read(path: path)
        #expect(v4.version == 4)
        #expect(v4.paths == v2.paths)
        #expect((0..<v4.count).map { v4.id(at: $0) } == (0..<v2.count).map { v2.id(at: $0) })
        #expect(try v4.treeID() == (try v2.treeID()))
        // Staging a new file keeps version 4, and git reads what was written.
        let tree = try stageAndCommit(f, [("b/cf.txt", Data("f\n".utf8)), ("evidence/2026/05/EV-B/record.yaml", Data("s\n".utf8))], packed: false)
        expectClean(f)
        let again = try IndexFile.read(path: path)
        #expect(again.version == 4)
        #expect(trimmed(f.git(["write-tree"])) == tree.hex)
        #expect(f.git(["ls-files"]).stdout == "a.txt\nb/c.txt\nb/cd/e.txt\nb/cf.txt\nevidence/2026/05/EV-A/record.yaml\nevidence/2026/05/EV-B/record.yaml\n")
        // git rewriting the same index gives the same entries.
        #expect(f.git(["update-index", "--really-refresh"]).status == 0)
        #expect(try IndexFile.read(path: path).paths == again.paths)
    }

    /// What evident does not write to is refused with a reason and the fix, never misread.
    @Test func refusesIndexesItDoesNotWriteTo() throws {
        let f = try gitRepository(["a.txt": "a\n", "b/c.txt": "c\n"])
        let path = f.dir.path + "/.git/index"
        func refusal() -> String? {
            do { _ = try IndexFile.read(path: path); return nil } catch { return error.code == .unsupported ? error.message : "other: \(error)" }
        }
        f.dir.write("ita.txt", "x\n")
        #expect(f.git(["add", "-N", "ita.txt"]).status == 0)
        #expect(refusal()?.contains("intent-to-add") == true)
        #expect(f.git(["rm", "-q", "--cached", "ita.txt"]).status == 0)
        #expect(refusal() == nil)
        #expect(f.git(["update-index", "--split-index"]).status == 0)
        #expect(refusal()?.contains("core.splitIndex") == true, "\(refusal() ?? "")")
        #expect(f.git(["update-index", "--no-split-index"]).status == 0)
        #expect(refusal() == nil)
    }

    /// Optional extensions git rebuilds (the untracked cache, fsmonitor) are dropped; the
    /// resolve-undo record is written back byte for byte.
    @Test func keepsOrDropsOptionalExtensions() throws {
        let f = try gitRepository(["a.txt": "a\n"])
        #expect(f.git(["config", "core.untrackedCache", "true"]).status == 0)
        #expect(f.git(["update-index", "--untracked-cache"]).status == 0)
        _ = f.git(["status", "--porcelain"])
        let before = try Data(contentsOf: URL(fileURLWithPath: f.dir.path + "/.git/index"))
        #expect(before.range(of: Data("UNTR".utf8)) != nil)
        _ = try stageAndCommit(f, [("b.txt", Data("b\n".utf8))], packed: false)
        let after = try Data(contentsOf: URL(fileURLWithPath: f.dir.path + "/.git/index"))
        #expect(after.range(of: Data("UNTR".utf8)) == nil)
        expectClean(f)
        // git adds its untracked cache back on the next status.
        _ = f.git(["status", "--porcelain"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: f.dir.path + "/.git/index")).range(of: Data("UNTR".utf8)) != nil)
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
        let missing = try (IndexFile.read(path: f.dir.path + "/.git/no-such-index"))
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
        let file = try (IndexFile.read(path: f.dir.path + "/.git/index"))
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
    func stageAndCommit(_ f: RepoFixture, _ files: [(String, Data)], removals: [String] = [], packed: Bool) throws -> ObjectID {
        var stats = [FileStat]()
        for (path, data) in files { stats.append(try writeFile(f, path, data)) }
        for r in removals { unlink(f.dir.file(r)) }
        // The objects go through a staging area, as evident's writes do (a pack when many).
        let staging = try StagingArea(gitDirectory: f.dir.path)
        var ids = [ObjectID]()
        for (_, data) in files { ids.append(try staging.repository.writeBlob(data)) }
        let file = try IndexFile.read(path: f.dir.path + "/.git/index")
        let additions = files.indices.map { IndexEntry(path: files[$0].0, id: ids[$0], stat: stats[$0]) }
        let staged = try #require(file.staging(additions, removals: removals))
        let tree = try staged.writeTree(to: staging.repository)
        let head = try f.repo.headCommit()
        let commit = try staging.repository.createCommit(tree: tree, parents: head.map { [$0] } ?? [], author: f.sig, committer: f.sig, message: "staged\n")
        let flush = try staging.flush(tips: [commit])
        #expect((flush.pack != nil) == packed, "\(flush.objects) objects")
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

    @Test(arguments: [true])
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
            // Every blob, tree and the commit in one new pack: nothing loose.
            let counts = f.git(["count-objects", "-v"]).stdout
            #expect(counts.contains("packs: 1"), "\(counts)")
            #expect(looseObjects(f) == looseBefore)
        }
        // git carries on from the index evident wrote.
        f.dir.write("later.txt", "later\n")
        #expect(f.git(["add", "later.txt"]).status == 0)
        #expect(f.git(["commit", "-q", "-m", "later"]).status == 0)
        expectClean(f)
        #expect(try checkCacheTree(f).invalid == 0)
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
        let file = try (IndexFile.read(path: f.dir.path + "/.git/index"))
        let stat = try writeFile(f, "x.txt", Data("x\n".utf8))
        let id = try f.repo.writeBlob(Data("x\n".utf8))
        #expect(file.staging([IndexEntry(path: "a", id: id, stat: stat)]) == nil)
        #expect(file.staging([IndexEntry(path: "b/x.txt", id: id, stat: stat)]) == nil)
        #expect(file.staging([IndexEntry(path: "n", id: id, stat: stat), IndexEntry(path: "n/x", id: id, stat: stat)]) == nil)
        #expect(file.staging([IndexEntry(path: "a/2.txt", id: id, stat: stat)]) != nil)
    }

    @Test func refusesToReplaceAnIndexChangedMeanwhile() throws {
        let f = try gitRepository(["a.txt": "a\n"])
        let file = try (IndexFile.read(path: f.dir.path + "/.git/index"))
        let stat = try writeFile(f, "b.txt", Data("b\n".utf8))
        let staged = try #require(file.staging([IndexEntry(path: "b.txt", id: try f.repo.writeBlob(Data("b\n".utf8)), stat: stat)]))
        _ = try staged.writeTree(to: f.repo)
        f.dir.write("c.txt", "c\n")
        #expect(f.git(["add", "c.txt"]).status == 0)
        let error = #expect(throws: GitError.self) { try staged.write() }
        #expect(error?.code == .modified)
        #expect(!FileManager.default.fileExists(atPath: f.dir.path + "/.git/index.lock"))
        // A held index.lock is respected.
        let again = try (IndexFile.read(path: f.dir.path + "/.git/index"))
        let next = try #require(again.staging([IndexEntry(path: "b.txt", id: try f.repo.writeBlob(Data("b\n".utf8)), stat: stat)]))
        _ = FileManager.default.createFile(atPath: f.dir.path + "/.git/index.lock", contents: Data())
        let locked = #expect(throws: GitError.self) { try next.write() }
        #expect(locked?.code == .locked)
    }

    // MARK: Checksums

    @Test func deflaterCompressesWithZlibAndGitInflatesIt() throws {
        let text = Data(String(repeating: "host-0a1b2c,patch_level,pass,2026-05-30T10:00:00Z\n", count: 200).utf8)
        var packed = [UInt8]()
        #expect(text.withUnsafeBytes { Deflater().compress($0, into: &packed) })
        // Level 1 on a repetitive CSV: a small fraction of the input.
        #expect(packed.count < text.count / 10, "\(packed.count) of \(text.count)")
        #expect(Array(packed.prefix(2)) == [0x78, 0x01])
        // Git inflates it: a loose object file is a zlib stream of "blob N\0" + content.
        let f = try RepoFixture()
        var object = [UInt8]()
        let raw = Data("blob \(text.count)\0".utf8) + text
        #expect(raw.withUnsafeBytes { Deflater().compress($0, into: &object) })
        let id = try f.repo.writeBlob(text)
        let path = f.dir.path + "/.git/objects/" + String(id.hex.prefix(2)) + "/" + String(id.hex.dropFirst(2))
        try? FileManager.default.removeItem(atPath: path)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(object)))
        let shown = f.git(["cat-file", "blob", id.hex])
        #expect(shown.status == 0 && shown.stdout == String(decoding: text, as: UTF8.self), "\(shown.stderr)")
    }
}
