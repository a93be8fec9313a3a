#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Clibgit2
import Crypto
import Foundation

extension IndexFile {
    /// The index with `additions` staged and `removals` unstaged, in memory. Returns nil when a
    /// change would turn a file into a folder or back (evident never lays out records so; such
    /// a write is refused).
    public func staging(_ additions: [IndexEntry], removals: [String] = []) -> StagedIndex? {
        // New entries in their on-disk form, sorted by path (a later addition of a path wins).
        var latest = [String: Int]()
        for (k, a) in additions.enumerated() { latest[a.path] = k }
        let adds = latest.values.sorted().map { additions[$0] }
            .map { (Array($0.path.utf8), $0) }
            .sorted { $0.0.lexicographicallyPrecedes($1.0) } // index order: bytes, then length
        let paths = Set(adds.map(\.0))
        var size = 0
        for (p, _) in adds { size += (62 + p.count + 8) & ~7 }
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(size, 1), alignment: 8)
        storage.initializeMemory(as: UInt8.self, repeating: 0)
        var newOffsets = [Int]()
        var offset = 0
        for (p, a) in adds {
            newOffsets.append(offset)
            IndexFile.encode(a, path: p, at: storage.baseAddress! + offset)
            offset += (62 + p.count + 8) & ~7
        }
        // Where each goes among the old entries, refusing file/folder swaps.
        var positions = [(Int, Bool)]()
        positions.reserveCapacity(adds.count)
        var changed = Set<[UInt8]>()
        for (p, _) in adds {
            let (pos, exact) = p.withUnsafeBytes { k in
                let i = lowerBound(k)
                return (i, i < count && compareName(i, k) == 0)
            }
            positions.append((pos, exact))
            // A tracked folder of that name, or a tracked file where a parent folder must be.
            if isTracked(p + [0x2F]) || p.indices.contains(where: { p[$0] == 0x2F && isTrackedFile(Array(p[..<$0])) }) {
                storage.deallocate()
                return nil
            }
            if p.indices.contains(where: { p[$0] == 0x2F && paths.contains(Array(p[..<$0])) }) {
                storage.deallocate()
                return nil
            }
            IndexFile.addFolders(of: p, to: &changed)
        }
        var removed = Set<Int>()
        for r in removals {
            let k = Array(r.utf8)
            let i = k.withUnsafeBytes { lowerBound($0) }
            if i < count && k.withUnsafeBytes({ compareName(i, $0) }) == 0 {
                removed.insert(i)
                IndexFile.addFolders(of: k, to: &changed)
            }
        }
        var refs = [Int]()
        refs.reserveCapacity(count + adds.count)
        func appendOld(_ range: Range<Int>) {
            if removed.isEmpty {
                refs.append(contentsOf: offsets[range])
            } else {
                for i in range where !removed.contains(i) { refs.append(offsets[i]) }
            }
        }
        var i = 0
        for (j, (pos, exact)) in positions.enumerated() {
            appendOld(i..<pos)
            refs.append(~newOffsets[j])
            i = exact ? pos + 1 : pos
            if exact { removed.remove(pos) }
        }
        appendOld(i..<count)
        return StagedIndex(file: self, storage: storage, table: EntryTable(old: base, new: UnsafeRawPointer(storage.baseAddress!), refs: refs), changed: changed)
    }

    func isTracked(_ withSlash: [UInt8]) -> Bool {
        withSlash.withUnsafeBytes { k in
            let j = lowerBound(k)
            guard j < count else { return false }
            let (p, n) = IndexFile.name(base, offsets[j])
            return n >= k.count && memcmp(p, k.baseAddress!, k.count) == 0
        }
    }

    func isTrackedFile(_ path: [UInt8]) -> Bool {
        path.withUnsafeBytes { k in
            let i = lowerBound(k)
            return i < count && compareName(i, k) == 0
        }
    }

    /// git's offset varint (varint.c): 7 bits a byte, most significant first, each continuation
    /// adding one so that every number has one encoding.
    static func appendOffsetVarint(_ value: Int, to out: inout [UInt8]) {
        var v = value
        var bytes = [UInt8(v & 0x7F)]
        while v >> 7 != 0 {
            v = (v >> 7) - 1
            bytes.append(UInt8(0x80 | (v & 0x7F)))
        }
        out.append(contentsOf: bytes.reversed())
    }

    /// `path`'s folders, from the root ("") down.
    static func addFolders(of path: [UInt8], to set: inout Set<[UInt8]>) {
        set.insert([])
        for (k, c) in path.enumerated() where c == 0x2F { set.insert(Array(path[..<k])) }
    }

    /// Writes one version 2 entry (no extended flags) at `p`, which is zeroed.
    static func encode(_ a: IndexEntry, path: [UInt8], at p: UnsafeMutableRawPointer) {
        let s = a.stat
        let words = [s.ctimeSeconds, s.ctimeNanoseconds, s.mtimeSeconds, s.mtimeNanoseconds, s.device, s.inode,
                     s.mode, s.uid, s.gid, s.size]
        for (k, w) in words.enumerated() { p.storeBytes(of: w.bigEndian, toByteOffset: 4 * k, as: UInt32.self) }
        var raw = a.id.raw
        withUnsafeBytes(of: &raw.id) { (p + 40).copyMemory(from: $0.baseAddress!, byteCount: 20) }
        p.storeBytes(of: UInt16(min(path.count, 0x0FFF)).bigEndian, toByteOffset: 60, as: UInt16.self)
        path.withUnsafeBytes { (p + 62).copyMemory(from: $0.baseAddress!, byteCount: path.count) }
    }
}

/// An index with a commit's changes staged, in memory: `writeTree` stores the commit's tree,
/// `write` replaces the index file (with a valid cache tree).
public final class StagedIndex {
    let file: IndexFile
    let storage: UnsafeMutableRawBufferPointer
    let table: EntryTable
    let changed: Set<[UInt8]>
    private var treeChunks: [TreeChunk]?

    init(file: IndexFile, storage: UnsafeMutableRawBufferPointer, table: EntryTable, changed: Set<[UInt8]>) {
        self.file = file
        self.storage = storage
        self.table = table
        self.changed = changed
    }

    deinit {
        storage.deallocate()
    }

    public var count: Int { table.count }

    /// Stores the trees of the folders that changed (every other folder's tree is taken from
    /// the cache tree) and returns the root tree's id.
    public func writeTree(to repository: Repository) throws(GitError) -> ObjectID {
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, repository.raw), "git_repository_odb")
        defer { git_odb_free(odb) }
        let computation = TreeComputation(table: table, cache: file.cacheTree, changed: changed, store: { (bytes) throws(GitError) -> ObjectID in
            var oid = git_oid()
            try check(git_odb_write(&oid, odb, bytes, bytes.count, GIT_OBJECT_TREE), "git_odb_write")
            return ObjectID(oid)
        })
        let (id, chunks) = try computation.run()
        treeChunks = chunks
        return id
    }

    /// Computes the root tree like `writeTree`, but adds the new tree objects to `pack` (stored
    /// with the commit's blobs by `Repository.storePack`) instead of writing them.
    public func writeTree(into pack: PackBuilder) throws(GitError) -> ObjectID {
        let computation = TreeComputation(table: table, cache: file.cacheTree, changed: changed, store: { (bytes) throws(GitError) -> ObjectID in
            try pack.add(tree: bytes)
        })
        let (id, chunks) = try computation.run()
        treeChunks = chunks
        return id
    }

    /// Replaces the index file through `index.lock` and a rename, as git does. Refuses when
    /// `index.lock` exists (another git process is writing) or when the index changed on disk
    /// since it was read. With `sync` the new index is flushed to disk before the rename
    /// (`core.fsync` naming `index`; git's default does not).
    public func write(sync: Bool = false) throws(GitError) {
        let path = file.path
        let lockPath = path + ".lock"
        let fd = open(lockPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else {
            let busy = errno == EEXIST
            throw GitError(code: busy ? .locked : .other(-1),
                           message: busy ? "\(lockPath) exists: another git process is writing the index"
                                         : "cannot create \(lockPath): \(String(cString: strerror(errno)))",
                           function: "StagedIndex.write")
        }
        var out = StreamingFile(fd: fd, path: lockPath)
        do throws(GitError) {
            guard file.isCurrent else {
                throw GitError(code: .modified, message: "the index changed on disk while it was being updated", function: "StagedIndex.write")
            }
            var header = [UInt8]()
            header.append(contentsOf: "DIRC".utf8)
            for w in [file.version, UInt32(table.count)] { withUnsafeBytes(of: w.bigEndian) { header.append(contentsOf: $0) } }
            try out.append(header)
            if file.version == 4 {
                // Each path as the number of bytes to drop from the previous one (git's offset
                // varint) and the rest, NUL-terminated; no padding.
                var previous: (UnsafeRawPointer, Int) = (UnsafeRawPointer(bitPattern: 1)!, 0)
                var encoded = [UInt8]()
                for i in 0..<table.count {
                    let e = table.entry(i)
                    let headerLength = IndexFile.be16(e, 60) & 0x4000 != 0 ? 64 : 62
                    let (p, n) = table.name(i)
                    var common = 0
                    let limit = min(n, previous.1)
                    while common < limit && p.load(fromByteOffset: common, as: UInt8.self) == previous.0.load(fromByteOffset: common, as: UInt8.self) { common += 1 }
                    encoded.removeAll(keepingCapacity: true)
                    encoded.append(contentsOf: UnsafeRawBufferPointer(start: e, count: headerLength))
                    IndexFile.appendOffsetVarint(previous.1 - common, to: &encoded)
                    encoded.append(contentsOf: UnsafeRawBufferPointer(start: p + common, count: n - common))
                    encoded.append(0)
                    try out.append(encoded)
                    previous = (p, n)
                }
            } else {
                for i in 0..<table.count {
                    try out.append(UnsafeRawBufferPointer(start: table.entry(i), count: table.size(i)))
                }
            }
            if let chunks = treeChunks {
                var ext = [UInt8]()
                ext.append(contentsOf: "TREE".utf8)
                let length = chunks.reduce(0) { $0 + $1.count }
                withUnsafeBytes(of: UInt32(length).bigEndian) { ext.append(contentsOf: $0) }
                try out.append(ext)
                for c in chunks {
                    switch c {
                    case .old(let r): try out.append(UnsafeRawBufferPointer(start: file.base + r.lowerBound, count: r.count))
                    case .new(let b): try out.append(b)
                    }
                }
            }
            for r in file.keptExtensions {
                try out.append(UnsafeRawBufferPointer(start: file.base + r.lowerBound, count: r.count))
            }
            try out.finish()
            if sync && fsync(fd) != 0 {
                throw GitError(code: .other(-1), message: "cannot flush \(lockPath) to disk: \(String(cString: strerror(errno)))", function: "StagedIndex.write")
            }
        } catch {
            close(fd)
            unlink(lockPath)
            throw error
        }
        guard close(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(lockPath)
            throw GitError(code: .other(-1), message: "cannot write \(lockPath): \(reason)", function: "StagedIndex.write")
        }
        guard rename(lockPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(lockPath)
            throw GitError(code: .other(-1), message: "cannot rename \(lockPath) to \(path): \(reason)", function: "StagedIndex.write")
        }
    }
}

/// Writes a file through a buffer, hashing everything written; `finish` appends the checksum.
struct StreamingFile {
    let fd: Int32
    let path: String
    var hasher = Insecure.SHA1()
    private var buffer = [UInt8]()
    private let limit = 1 << 20

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
        buffer.reserveCapacity(limit)
    }

    mutating func append(_ bytes: [UInt8]) throws(GitError) {
        try withBytes(bytes) { (b) throws(GitError) in try append(b) }
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) throws(GitError) {
        if buffer.count + bytes.count > limit { try flush() }
        if bytes.count >= limit {
            hasher.update(bufferPointer: bytes)
            try writeAll(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    private mutating func flush() throws(GitError) {
        guard !buffer.isEmpty else { return }
        let pending = buffer
        buffer.removeAll(keepingCapacity: true)
        try withBytes(pending) { (b) throws(GitError) in
            hasher.update(bufferPointer: b)
            try writeAll(b)
        }
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(GitError) {
        var done = 0
        while done < bytes.count {
            let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw GitError(code: .other(-1), message: "cannot write \(path): \(String(cString: strerror(errno)))", function: "StreamingFile.write")
            }
            done += n
        }
    }

    /// Appends the SHA-1 of everything written (the caller closes the file).
    mutating func finish() throws(GitError) {
        try flush()
        let digest = Array(hasher.finalize())
        try withBytes(digest) { (b) throws(GitError) in try writeAll(b) }
    }
}

/// `withUnsafeBytes` for a body with typed throws.
@inline(__always) func withBytes<T>(_ array: [UInt8], _ body: (UnsafeRawBufferPointer) throws(GitError) -> T) throws(GitError) -> T {
    let result: Result<T, GitError> = array.withUnsafeBytes { b in Result { () throws(GitError) -> T in try body(b) } }
    return try result.get()
}
