#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Clibgit2
import Crypto
import Dispatch
import Foundation

/// git's index file (`.git/index`): the one way evident reads and writes the index.
///
/// Why not libgit2's `git_index`: on a ledger of 100,000 records the index holds 200,000+
/// entries, and libgit2 takes 0.35-0.45 s to load them (an allocation and a hash-map insert per
/// entry, and a collision-detecting SHA-1 over the whole file) and 0.16-0.20 s to write them,
/// where a whole `git add` + `git commit` takes about 1 s; and `git_index_write_tree` re-reads
/// every tree of the commit to rebuild the tree cache. Measured on the 100k bench ledger, this
/// type makes one `evidence add` cost about 0.6 of git's. It keeps the file as one buffer, reads
/// entries in place, and maintains the TREE extension (git's cache tree) the way git does: only
/// the folders a commit touches are rebuilt, and the extension written back is valid, so the next
/// command (and the next `git commit`) starts from a fully cached tree again.
///
/// Every index git writes is either handled or refused with a reason (`IndexFile.Unsupported`):
/// - versions 2, 3 and 4 (`feature.manyFiles`; path prefix compression), written back in the
///   version they were read in;
/// - the optional extensions that describe the entries' positions or the work tree and that git
///   rebuilds when they are missing (FSMN, EOIE, IEOT, UNTR) are dropped, as git drops them
///   when it does not want them; every other optional extension (REUC, and any git adds later)
///   is written back byte for byte;
/// - refused: mandatory extensions (a split index, `link`; a sparse index, `sdir`), sparse
///   directory entries, conflicts (a merge in progress) and intent-to-add entries.
public final class IndexFile {
    /// The index file's path.
    public let path: String
    /// The whole file (empty when there is no index yet).
    let storage: UnsafeMutableRawBufferPointer
    var base: UnsafeRawPointer { UnsafeRawPointer(storage.baseAddress!) }
    public let version: UInt32
    /// Byte offset of every entry, in index order.
    let offsets: [Int]
    /// Where the TREE extension's payload lies in `storage`, if the file has one.
    let treeExtension: Range<Int>?
    /// Optional extensions written back byte for byte (signature, length and payload).
    let keptExtensions: [Range<Int>]
    /// The file's identity when it was read: a later write refuses to replace a changed index.
    let identity: FileIdentity?
    /// When the file was last modified: work-tree files changed at or after this moment cannot be
    /// trusted from their stat data alone ("racily clean", in git's terms).
    let modified: timespec
    /// The parsed TREE extension, once asked for.
    lazy var cacheTree: CacheTree? = treeExtension.flatMap { CacheTree(base: base, range: $0) }

    struct FileIdentity: Equatable {
        var device: UInt64, inode: UInt64, size: Int64, seconds: Int, nanoseconds: Int
    }

    private init(path: String, storage: UnsafeMutableRawBufferPointer, version: UInt32, offsets: [Int],
                 treeExtension: Range<Int>?, keptExtensions: [Range<Int>], identity: FileIdentity?, modified: timespec) {
        self.keptExtensions = keptExtensions
        self.path = path
        self.storage = storage
        self.version = version
        self.offsets = offsets
        self.treeExtension = treeExtension
        self.identity = identity
        self.modified = modified
    }

    deinit {
        storage.deallocate()
    }

    /// The number of entries.
    public var count: Int { offsets.count }

    /// Reads the index at `path` (a missing file is an empty index). Throws `.unsupported` for an
    /// index evident does not write to (the message names the state and the fix), `.invalid`
    /// when it is damaged.
    public static func read(path: String) throws(GitError) -> IndexFile {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT {
                let empty = UnsafeMutableRawBufferPointer.allocate(byteCount: 1, alignment: 8)
                return IndexFile(path: path, storage: empty, version: 2, offsets: [], treeExtension: nil, keptExtensions: [], identity: nil, modified: timespec())
            }
            throw GitError(code: .other(-1), message: "cannot open \(path): \(String(cString: strerror(errno)))", function: "IndexFile.read")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw GitError(code: .other(-1), message: "cannot stat \(path): \(String(cString: strerror(errno)))", function: "IndexFile.read")
        }
        let size = Int(st.st_size)
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(size, 1), alignment: 8)
        var done = 0
        while done < size {
            let n = posixRead(fd, storage.baseAddress! + done, size - done)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            done += n
        }
        let damaged = { (why: String) -> GitError in
            storage.deallocate()
            return GitError(code: .invalid, message: "the index \(path) is damaged: \(why)", function: "IndexFile.read")
        }
        let unsupported = { (why: String) -> GitError in
            storage.deallocate()
            return GitError(code: .unsupported, message: why, function: "IndexFile.read")
        }
        guard done == size else { throw damaged("it could not be read in full") }
        guard size >= 32 else { throw damaged("it is too short") }
        let base = UnsafeRawPointer(storage.baseAddress!)
        guard be32(base, 0) == 0x4449_5243 else { throw damaged("it does not start with DIRC") }
        let version = be32(base, 4)
        guard (2...4).contains(version) else { throw unsupported("the index is in format version \(version), which this evident does not know") }
        let count = Int(be32(base, 8))
        let end = size - 20
        // The trailing checksum; all zeros means git was told not to compute it (index.skipHash).
        let trailer = UnsafeRawBufferPointer(start: base + end, count: 20)
        if trailer.contains(where: { $0 != 0 }) {
            var hasher = Insecure.SHA1()
            hasher.update(bufferPointer: UnsafeRawBufferPointer(start: base, count: end))
            guard hasher.finalize().elementsEqual(trailer) else { throw damaged("its checksum does not match") }
        }
        if version == 4 {
            // Paths are prefix-compressed: transcode the entries into the version 3 layout (in
            // place of the original entries, extensions after them), and write version 4 back.
            let (transcoded, problem) = transcodeVersion4(base: base, size: size, count: count)
            guard let transcoded else { throw damaged(problem ?? "it could not be read") }
            storage.deallocate()
            return try parse(path: path, storage: transcoded, version: 4, stat: st)
        }
        return try parse(path: path, storage: storage, version: version, stat: st)
    }

    /// Parses an index in the version 2/3 layout held by `storage` (which it takes over).
    private static func parse(path: String, storage: UnsafeMutableRawBufferPointer, version: UInt32, stat st: stat) throws(GitError) -> IndexFile {
        let base = UnsafeRawPointer(storage.baseAddress!)
        let size = storage.count
        let end = size - 20
        let count = Int(be32(base, 8))
        let damaged = { (why: String) -> GitError in
            storage.deallocate()
            return GitError(code: .invalid, message: "the index \(path) is damaged: \(why)", function: "IndexFile.read")
        }
        let unsupported = { (why: String) -> GitError in
            storage.deallocate()
            return GitError(code: .unsupported, message: why, function: "IndexFile.read")
        }
        var offsets = [Int]()
        offsets.reserveCapacity(count)
        var offset = 12
        for _ in 0..<count {
            guard offset + 62 <= end else { throw damaged("an entry runs past the end") }
            let flags = be16(base, offset + 60)
            let extended = flags & 0x4000 != 0
            if extended && version < 3 { throw damaged("an extended entry in a version 2 index") }
            if flags & 0x3000 != 0 {
                throw unsupported("the index has unmerged paths (a merge, rebase, cherry-pick or revert stopped on a conflict): resolve them and commit, or abort it (git merge --abort, git rebase --abort ...), then run the command again")
            }
            if extended {
                let more = be16(base, offset + 62)
                if more & 0x2000 != 0 {
                    throw unsupported("the index has intent-to-add entries ('git add -N'): add their content with 'git add', or drop them with 'git reset', then run the command again")
                }
            }
            let mode = be32(base, offset + 24)
            if mode & 0o170000 == 0o040000 {
                throw unsupported("the index is a sparse index (folder entries): turn it back into a full one with 'git sparse-checkout disable' (or 'git config index.sparse false' and 'git sparse-checkout reapply'), then run the command again")
            }
            let nameStart = offset + (extended ? 64 : 62)
            var nameLength = Int(flags & 0x0FFF)
            if nameLength == 0x0FFF {
                guard let nul = memchr(base + nameStart, 0, end - nameStart) else { throw damaged("an entry's path is not terminated") }
                nameLength = UnsafeRawPointer(nul) - (base + nameStart)
            }
            let length = (nameStart - offset + nameLength + 8) & ~7
            guard offset + length <= end else { throw damaged("an entry runs past the end") }
            offsets.append(offset)
            offset += length
        }
        var tree: Range<Int>?
        var kept = [Range<Int>]()
        while offset + 8 <= end {
            let signature = String(decoding: UnsafeRawBufferPointer(start: base + offset, count: 4), as: UTF8.self)
            let length = Int(be32(base, offset + 4))
            guard offset + 8 + length <= end else { throw damaged("an extension runs past the end") }
            switch signature {
            case "TREE":
                tree = (offset + 8)..<(offset + 8 + length)
            case "link":
                throw unsupported("the index is a split index (core.splitIndex): turn it off with 'git config core.splitIndex false' and 'git update-index --no-split-index', then run the command again")
            case "sdir":
                throw unsupported("the index is a sparse index (index.sparse): turn it off with 'git config index.sparse false' and 'git sparse-checkout reapply' (or 'git sparse-checkout disable'), then run the command again")
            case "FSMN", "EOIE", "IEOT", "UNTR":
                // Positions of entries, or the state of the work tree's folders: git rebuilds
                // them when they are missing, so they are dropped rather than left wrong.
                break
            default:
                guard let first = signature.utf8.first, (65...90).contains(first) else {
                    throw unsupported("the index has the extension '\(signature)', which git marks as one a reader must understand and this evident does not: write the index with plain git settings (for example 'git update-index --index-version 2'), then run the command again")
                }
                kept.append(offset..<(offset + 8 + length))
            }
            offset += 8 + length
        }
        guard offset == end else { throw damaged("extra bytes after the extensions") }
        let identity = FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), size: Int64(st.st_size),
                                    seconds: Int(st.st_mtim.tv_sec), nanoseconds: Int(st.st_mtim.tv_nsec))
        return IndexFile(path: path, storage: storage, version: version, offsets: offsets, treeExtension: tree,
                         keptExtensions: kept, identity: identity, modified: st.st_mtim)
    }

    /// The version 4 entries of `base` re-encoded in the version 3 layout (62 or 64 bytes, the
    /// path, NUL padding to a multiple of 8), with the header and the extensions copied around
    /// them and a zero trailer (the checksum was checked on the original bytes). Nil and a reason
    /// when the entries are malformed.
    static func transcodeVersion4(base: UnsafeRawPointer, size: Int, count: Int) -> (UnsafeMutableRawBufferPointer?, String?) {
        let end = size - 20
        var out = [UInt8]()
        out.reserveCapacity(size * 2)
        out.append(contentsOf: UnsafeRawBufferPointer(start: base, count: 12))
        out.withUnsafeMutableBytes { $0.storeBytes(of: UInt32(3).bigEndian, toByteOffset: 4, as: UInt32.self) }
        var previous = [UInt8]()
        var offset = 12
        for _ in 0..<count {
            guard offset + 62 <= end else { return (nil, "an entry runs past the end") }
            let flags = be16(base, offset + 60)
            let headerLength = flags & 0x4000 != 0 ? 64 : 62
            guard offset + headerLength < end else { return (nil, "an entry runs past the end") }
            var p = offset + headerLength
            // The number of bytes to drop from the previous path: git's offset varint.
            var strip = Int(base.load(fromByteOffset: p, as: UInt8.self) & 0x7F)
            while base.load(fromByteOffset: p, as: UInt8.self) & 0x80 != 0 {
                p += 1
                guard p < end, strip < 1 << 20 else { return (nil, "an entry's path is malformed") }
                strip = ((strip + 1) << 7) | Int(base.load(fromByteOffset: p, as: UInt8.self) & 0x7F)
            }
            p += 1
            guard strip <= previous.count, let nul = memchr(base + p, 0, end - p) else { return (nil, "an entry's path is malformed") }
            let suffixLength = UnsafeRawPointer(nul) - (base + p)
            var name = Array(previous[0..<(previous.count - strip)])
            name.append(contentsOf: UnsafeRawBufferPointer(start: base + p, count: suffixLength))
            out.append(contentsOf: UnsafeRawBufferPointer(start: base + offset, count: headerLength))
            out.append(contentsOf: name)
            let padded = (headerLength + name.count + 8) & ~7
            out.append(contentsOf: repeatElement(0, count: padded - headerLength - name.count))
            previous = name
            offset = p + suffixLength + 1
        }
        out.append(contentsOf: UnsafeRawBufferPointer(start: base + offset, count: end - offset))
        out.append(contentsOf: repeatElement(0, count: 20))
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: out.count, alignment: 8)
        out.withUnsafeBytes { storage.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        return (storage, nil)
    }

    /// Whether the file on disk is still the one that was read.
    public var isCurrent: Bool {
        var st = stat()
        guard lstat(path, &st) == 0 else { return identity == nil }
        let now = FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), size: Int64(st.st_size),
                               seconds: Int(st.st_mtim.tv_sec), nanoseconds: Int(st.st_mtim.tv_nsec))
        return now == identity
    }

    // MARK: Entries

    /// The path of entry `i`.
    public func path(at i: Int) -> String {
        let (p, n) = IndexFile.name(base, offsets[i])
        return String(decoding: UnsafeRawBufferPointer(start: p, count: n), as: UTF8.self)
    }

    /// Every path, in index order.
    public var paths: [String] { (0..<count).map(path(at:)) }

    /// The blob id staged at entry `i`.
    public func id(at i: Int) -> ObjectID { ObjectID(rawBytes: UnsafeRawBufferPointer(start: base + offsets[i] + 40, count: 20)) }

    /// The mode staged at entry `i` (0o100644, 0o100755, 0o120000, 0o160000).
    public func mode(at i: Int) -> UInt32 { IndexFile.be32(base, offsets[i] + 24) }

    /// The id staged at `path`, or nil when it is not tracked.
    public func id(path: String) -> ObjectID? {
        var key = Array(path.utf8)
        return key.withUnsafeMutableBytes { k in
            let i = lowerBound(UnsafeRawBufferPointer(k))
            guard i < count, compareName(i, UnsafeRawBufferPointer(k)) == 0 else { return nil }
            return id(at: i)
        }
    }

    /// Whether `path` is a tracked file or a folder holding tracked files.
    public func isTracked(_ path: String) -> Bool {
        var key = Array(path.utf8)
        key.append(0x2F)
        return key.withUnsafeBytes { isTracked(UnsafeRawBufferPointer(rebasing: $0[0..<($0.count - 1)]), withSlash: $0) }
    }

    /// `key` without and with a trailing slash.
    func isTracked(_ key: UnsafeRawBufferPointer, withSlash: UnsafeRawBufferPointer) -> Bool {
        let i = lowerBound(key)
        if i < count && compareName(i, key) == 0 { return true }
        let j = lowerBound(withSlash)
        guard j < count else { return false }
        let (p, n) = IndexFile.name(base, offsets[j])
        return n >= withSlash.count && memcmp(p, withSlash.baseAddress!, withSlash.count) == 0
    }

    /// The first entry whose path is not below `key` in index order.
    func lowerBound(_ key: UnsafeRawBufferPointer) -> Int { lowerBound(key, in: 0..<count) }

    /// The same, searching only `range`.
    func lowerBound(_ key: UnsafeRawBufferPointer, in range: Range<Int>) -> Int {
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi {
            let mid = (lo + hi) / 2
            if compareName(mid, key) < 0 { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Entry `i`'s path against `key`, as git orders index entries (bytes, then length).
    @inline(__always) func compareName(_ i: Int, _ key: UnsafeRawBufferPointer) -> Int {
        let (p, n) = IndexFile.name(base, offsets[i])
        return IndexFile.compare(p, n, key.baseAddress, key.count)
    }

    @inline(__always) static func compare(_ a: UnsafeRawPointer, _ an: Int, _ b: UnsafeRawPointer?, _ bn: Int) -> Int {
        let m = min(an, bn)
        if m > 0 {
            let c = memcmp(a, b!, m)
            if c != 0 { return Int(c) }
        }
        return an < bn ? -1 : (an > bn ? 1 : 0)
    }

    /// The path bytes of the entry at `offset` in `base`.
    @inline(__always) static func name(_ base: UnsafeRawPointer, _ offset: Int) -> (UnsafeRawPointer, Int) {
        let flags = be16(base, offset + 60)
        let start = offset + (flags & 0x4000 != 0 ? 64 : 62)
        var n = Int(flags & 0x0FFF)
        if n == 0x0FFF { n = strlen(base.advanced(by: start).assumingMemoryBound(to: CChar.self)) }
        return (base + start, n)
    }

    @inline(__always) static func be32(_ p: UnsafeRawPointer, _ offset: Int) -> UInt32 {
        UInt32(bigEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    @inline(__always) static func be16(_ p: UnsafeRawPointer, _ offset: Int) -> UInt16 {
        UInt16(bigEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    // MARK: The work tree

    /// Tracked files whose work-tree copy differs from what the index records, found as git does
    /// before a commit: one `lstat` per entry (spread over the cores), and a content hash only
    /// when the stat data differs or is too recent to trust. Entries marked skip-worktree are
    /// not looked at, as git does not look at them.
    public func workTreeChanges(root: String, policy: StatPolicy = StatPolicy()) -> [TrackedChange] {
        let rootBytes = Array(root.utf8) + [0x2F]
        let indexTime = modified
        nonisolated(unsafe) let base = self.base
        let offsets = self.offsets
        // Runs of entries, each worker with its own path buffer; per run, the entries that are
        // not clean by their stat data.
        let run = 2048
        let runs = stride(from: 0, to: count, by: run).map { $0..<min(count, $0 + run) }
        let found = (try? ConcurrentMap.map(runs, batch: 1, worker: { [UInt8](repeating: 0, count: 4096) }) { buffer, range -> [(Int, Verdict)] in
            var out = [(Int, Verdict)]()
            buffer.withUnsafeMutableBytes { buf in
                rootBytes.withUnsafeBytes { buf.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
                let pathStart = rootBytes.count
                for i in range {
                    let offset = offsets[i]
                    let flags = IndexFile.be16(base, offset + 60)
                    if flags & 0x4000 != 0 && IndexFile.be16(base, offset + 62) & 0x4000 != 0 { continue } // skip-worktree
                    let (p, len) = IndexFile.name(base, offset)
                    if pathStart + len + 1 > buf.count {
                        out.append((i, .hash))
                        continue
                    }
                    (buf.baseAddress! + pathStart).copyMemory(from: p, byteCount: len)
                    buf[pathStart + len] = 0
                    let verdict = IndexFile.statVerdict(entryAt: base + offset, path: buf.baseAddress!.assumingMemoryBound(to: CChar.self), indexTime: indexTime, policy: policy)
                    if verdict != .clean { out.append((i, verdict)) }
                }
            }
            return out
        }) ?? []
        var changes = [TrackedChange]()
        for (i, verdict) in found.joined() {
            let path = self.path(at: i)
            switch verdict {
            case .clean: break
            case .deleted: changes.append(TrackedChange(path: path, kind: .deleted))
            case .typeChanged: changes.append(TrackedChange(path: path, kind: .typeChanged))
            case .modified: changes.append(TrackedChange(path: path, kind: .modified))
            case .hash:
                if !contentMatches(i, fullPath: root + "/" + path) {
                    changes.append(TrackedChange(path: path, kind: .modified))
                }
            }
        }
        return changes
    }

    enum Verdict: Sendable { case clean, deleted, typeChanged, modified, hash }

    /// Compares one entry's stat data with the file's.
    /// What the stat data says of an entry, comparing what git compares under `policy`.
    static func statVerdict(entryAt e: UnsafeRawPointer, path: UnsafePointer<CChar>, indexTime: timespec, policy: StatPolicy) -> Verdict {
        var st = stat()
        guard lstat(path, &st) == 0 else { return .deleted }
        let mode = be32(e, 24)
        let type = st.st_mode & S_IFMT
        if mode & 0o170000 == 0o160000 { return type == S_IFDIR ? .clean : .typeChanged } // a submodule
        let isLink = type == S_IFLNK
        let entryIsLink = mode & 0o170000 == 0o120000
        if !(type == S_IFREG || isLink) || isLink != entryIsLink { return .typeChanged }
        let executable = (st.st_mode & 0o100) != 0
        let entryExecutable = (mode & 0o777) == 0o755
        if policy.fileMode && !isLink && executable != entryExecutable { return .modified }
        var sameStat = UInt32(truncatingIfNeeded: st.st_size) == be32(e, 36)
            && UInt32(truncatingIfNeeded: st.st_mtim.tv_sec) == be32(e, 8)
            && UInt32(truncatingIfNeeded: st.st_mtim.tv_nsec) == be32(e, 12)
        if policy.fullStat {
            sameStat = sameStat
                && UInt32(truncatingIfNeeded: st.st_ino) == be32(e, 20)
                && UInt32(truncatingIfNeeded: st.st_uid) == be32(e, 28)
                && UInt32(truncatingIfNeeded: st.st_gid) == be32(e, 32)
            if policy.trustCtime {
                sameStat = sameStat
                    && UInt32(truncatingIfNeeded: st.st_ctim.tv_sec) == be32(e, 0)
                    && UInt32(truncatingIfNeeded: st.st_ctim.tv_nsec) == be32(e, 4)
            }
        }
        let racy = st.st_mtim.tv_sec > indexTime.tv_sec
            || (st.st_mtim.tv_sec == indexTime.tv_sec && st.st_mtim.tv_nsec >= indexTime.tv_nsec)
        return sameStat && !racy ? .clean : .hash
    }

    /// Whether the file's content hashes to entry `i`'s id.
    func contentMatches(_ i: Int, fullPath: String) -> Bool {
        var oid = git_oid()
        if mode(at: i) & 0o170000 == 0o120000 {
            var buffer = [CChar](repeating: 0, count: 4097)
            let n = readlink(fullPath, &buffer, 4096)
            guard n >= 0 else { return false }
            _ = git_odb_hash(&oid, buffer, n, GIT_OBJECT_BLOB)
        } else if git_odb_hashfile(&oid, fullPath, GIT_OBJECT_BLOB) < 0 {
            git_error_clear()
            return false
        }
        return ObjectID(oid) == id(at: i)
    }

    /// The names in the work-tree folder `directory` (relative to `root`) that are neither
    /// tracked files nor folders holding tracked files, sorted; and, when asked, the names of the
    /// folders that hold tracked files. One `readdir` pass, one binary search per name, no
    /// string made for a tracked name unless asked: a month folder of a large ledger holds
    /// thousands of record folders.
    public func listUntracked(in directory: String, root: String, trackedFolders wantFolders: Bool) -> (untracked: [String], trackedFolders: [String]) {
        guard let dir = opendir(root + "/" + directory) else { return ([], []) }
        defer { closedir(dir) }
        // `directory/name` is built in place for each name.
        var prefix = Array(directory.utf8)
        if !prefix.isEmpty { prefix.append(0x2F) }
        let key = UnsafeMutableRawBufferPointer.allocate(byteCount: prefix.count + 512, alignment: 1)
        defer { key.deallocate() }
        prefix.withUnsafeBytes { key.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: prefix.count) }
        // The entries below `directory`.
        let range: Range<Int> = {
            guard !prefix.isEmpty else { return 0..<count }
            var upper = prefix
            upper[upper.count - 1] = 0x30 // '/' + 1
            let lo = prefix.withUnsafeBytes { lowerBound($0) }
            let hi = upper.withUnsafeBytes { lowerBound($0) }
            return lo..<max(lo, hi)
        }()
        var untracked = [String](), folders = [String]()
        while let entry = readdir(dir) {
            let length = withUnsafeBytes(of: &entry.pointee.d_name) { raw -> Int in
                let n = strnlen(raw.baseAddress!.assumingMemoryBound(to: CChar.self), raw.count)
                if n <= 510 { (key.baseAddress! + prefix.count).copyMemory(from: raw.baseAddress!, byteCount: n) }
                return n
            }
            guard length <= 510 else { continue }
            let name = UnsafeRawBufferPointer(start: key.baseAddress! + prefix.count, count: length)
            if (length == 1 && name[0] == 0x2E) || (length == 2 && name[0] == 0x2E && name[1] == 0x2E) { continue }
            let withoutSlash = UnsafeRawBufferPointer(start: key.baseAddress!, count: prefix.count + length)
            // One search: the name itself (a tracked file), else past the few entries that
            // extend the name with a byte below '/' ("name.txt", "name-2"), the folder's entries.
            var i = lowerBound(withoutSlash, in: range)
            if i < range.upperBound && compareName(i, withoutSlash) == 0 { continue }
            var folder = false
            while i < range.upperBound {
                let (p, n) = IndexFile.name(base, offsets[i])
                guard n > withoutSlash.count, memcmp(p, withoutSlash.baseAddress!, withoutSlash.count) == 0 else { break }
                let next = p.load(fromByteOffset: withoutSlash.count, as: UInt8.self)
                if next == 0x2F { folder = true; break }
                if next > 0x2F { break }
                i += 1
            }
            if folder {
                if wantFolders { folders.append(String(decoding: name, as: UTF8.self)) }
            } else {
                untracked.append(String(decoding: name, as: UTF8.self))
            }
        }
        return (untracked.sorted(), folders.sorted())
    }

}

/// `read(2)`, named apart from `IndexFile.read`.
@inline(__always) func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
#if canImport(Glibc)
    Glibc.read(fd, buffer, count)
#else
    Darwin.read(fd, buffer, count)
#endif
}
