#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Clibgit2
import Crypto
import Foundation

/// Objects gathered for ONE packfile, as `git fast-import` writes them: the one way evident
/// writes a pack. Many blobs (and the trees of the commit that adds them) go in one file with its
/// index, instead of one loose file each.
///
/// Every object is stored whole (no deltas), compressed at zlib level 1 as git compresses loose
/// objects. Encoding (id, compression, CRC) needs no repository and runs on every core, so a
/// commit's blobs are encoded while its files are written; `Repository.storePack` then writes
/// `objects/pack/pack-<hash>.pack` and its version 2 `.idx`. Why not libgit2's pack indexer
/// (`git_odb_write_pack`): it inflates and re-hashes every object (serially, with a
/// collision-detecting SHA-1), which for a 10,000-file ingest cost 0.4 s of a 0.7 s budget; the
/// ids, CRCs and offsets are known here already. `WritePathTests` and `StagingAreaTests` check
/// every pack written with `git verify-pack` and `git fsck --strict`.
///
/// Objects already stored elsewhere are stored again (harmless: git reads either copy).
public final class PackBuilder: @unchecked Sendable {
    /// The objects' ids, in the order added.
    public private(set) var ids: [ObjectID] = []
    /// Encoded entries (type and size header, zlib stream), back to back.
    private var bytes: [UInt8] = []
    /// Where each entry ends in `bytes`.
    private var ends: [Int] = []
    private var crcs: [UInt32] = []
    private var deflater: Deflater?
    /// Set when libgit2 could not hash an object or zlib could not compress it.
    private var failed = false

    public init() {}

    public var count: Int { ids.count }

    /// Encodes `blobs` on every core, in order.
    public static func blobs(_ blobs: [Data]) throws(GitError) -> PackBuilder {
        try objects(blobs.indices.map { k in { body in blobs[k].withUnsafeBytes { body(GIT_OBJECT_BLOB, $0) } } })
    }

    /// Encodes objects on every core, in order; each item hands its type and bytes to a body.
    static func objects(_ items: [((git_object_t, UnsafeRawBufferPointer) -> Void) -> Void]) throws(GitError) -> PackBuilder {
        let builder = PackBuilder()
        guard !items.isEmpty else { return builder }
        let run = 64
        let runs = stride(from: 0, to: items.count, by: run).map { $0..<min(items.count, $0 + run) }
        let parts = ConcurrentMap.map(runs, batch: 1) { range -> PackBuilder in
            let part = PackBuilder()
            for k in range {
                let item = items[k]
                item { type, bytes in part.add(type, bytes) }
            }
            return part
        }
        for part in parts {
            guard !part.failed else {
                throw GitError(code: .other(-1), message: "cannot hash or compress an object", function: "PackBuilder")
            }
            builder.append(part)
        }
        return builder
    }

    /// Adds a blob and returns its id.
    @discardableResult
    public func add(blob: Data) throws(GitError) -> ObjectID {
        blob.withUnsafeBytes { add(GIT_OBJECT_BLOB, $0) }
        guard !failed else { throw GitError(code: .other(-1), message: "cannot hash a blob", function: "git_odb_hash") }
        return ids[ids.count - 1]
    }

    /// Adds a tree object and returns its id.
    @discardableResult
    public func add(tree: [UInt8]) throws(GitError) -> ObjectID {
        tree.withUnsafeBytes { add(GIT_OBJECT_TREE, $0) }
        guard !failed else { throw GitError(code: .other(-1), message: "cannot hash a tree", function: "git_odb_hash") }
        return ids[ids.count - 1]
    }

    private static let typeNames: [Int32: String] = [
        GIT_OBJECT_COMMIT.rawValue: "commit", GIT_OBJECT_TREE.rawValue: "tree", GIT_OBJECT_BLOB.rawValue: "blob", GIT_OBJECT_TAG.rawValue: "tag",
    ]

    /// Adds an object of any type whose bytes libgit2 holds (a commit or tag a staging area wrote).
    func add(_ type: git_object_t, _ data: UnsafeRawBufferPointer) {
        // The object id: SHA-1 of "<type> <size>\0" and the content, as git hashes objects
        // (BoringSSL's SHA-1, several times faster than libgit2's collision-detecting one, which
        // `git fsck` still checks every stored object against).
        guard let name = Self.typeNames[type.rawValue] else {
            failed = true
            return
        }
        var hasher = Insecure.SHA1()
        hasher.update(data: Array("\(name) \(data.count)\0".utf8))
        hasher.update(bufferPointer: data)
        guard let id = ObjectID(bytes: Array(hasher.finalize())) else {
            failed = true
            return
        }
        let start = bytes.count
        // Entry header: the type and the size, 4 bits then 7 bits per byte.
        var size = data.count
        var byte = UInt8(truncatingIfNeeded: type.rawValue << 4) | UInt8(size & 0x0F)
        size >>= 4
        while size > 0 {
            bytes.append(byte | 0x80)
            byte = UInt8(size & 0x7F)
            size >>= 7
        }
        bytes.append(byte)
        if deflater == nil { deflater = Deflater() }
        guard let deflater, deflater.compress(data, into: &bytes) else {
            bytes.removeSubrange(start...)
            failed = true
            return
        }
        ids.append(id)
        ends.append(bytes.count)
        crcs.append(bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[start...])) })
    }

    private func append(_ other: PackBuilder) {
        let shift = bytes.count
        bytes.append(contentsOf: other.bytes)
        ids.append(contentsOf: other.ids)
        ends.append(contentsOf: other.ends.map { $0 + shift })
        crcs.append(contentsOf: other.crcs)
    }

    /// The pack (its header, runs of `bytes`, and its checksum) and its index (version 2), each
    /// object once. The entries are not copied: a bulk add may hold hundreds of megabytes.
    fileprivate func files() -> (header: [UInt8], runs: [Range<Int>], trailer: [UInt8], index: [UInt8], name: String) {
        // Each object once, in the order added.
        var seen = Set<ObjectID>()
        var selected = [Int]()
        for k in ids.indices where seen.insert(ids[k]).inserted { selected.append(k) }
        var header = [UInt8]()
        header.append(contentsOf: "PACK".utf8)
        appendBE32(&header, 2)
        appendBE32(&header, UInt32(selected.count))
        var offsets = [Int](repeating: 0, count: ids.count)
        var runs = [Range<Int>]()
        var position = header.count
        for k in selected {
            let start = k == 0 ? 0 : ends[k - 1]
            offsets[k] = position
            position += ends[k] - start
            if let last = runs.last, last.upperBound == start {
                runs[runs.count - 1] = last.lowerBound..<ends[k]
            } else {
                runs.append(start..<ends[k])
            }
        }
        var hasher = Insecure.SHA1()
        hasher.update(data: header)
        bytes.withUnsafeBytes { b in
            for r in runs { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: b[r])) }
        }
        let packHash = Array(hasher.finalize())

        let sorted = selected.sorted { ids[$0] < ids[$1] }
        var index = [UInt8]()
        index.reserveCapacity(8 + 1024 + sorted.count * 28 + 40)
        index.append(contentsOf: [0xFF, 0x74, 0x4F, 0x63])
        appendBE32(&index, 2)
        var fanout = [UInt32](repeating: 0, count: 256)
        for k in sorted { fanout[Int(ids[k].bytes[0])] += 1 }
        var running: UInt32 = 0
        for b in 0..<256 {
            running += fanout[b]
            appendBE32(&index, running)
        }
        for k in sorted { index.append(contentsOf: ids[k].bytes) }
        for k in sorted { appendBE32(&index, crcs[k]) }
        var large = [UInt64]()
        for k in sorted {
            if offsets[k] < 0x8000_0000 {
                appendBE32(&index, UInt32(offsets[k]))
            } else {
                appendBE32(&index, 0x8000_0000 | UInt32(large.count))
                large.append(UInt64(offsets[k]))
            }
        }
        for o in large {
            appendBE32(&index, UInt32(o >> 32))
            appendBE32(&index, UInt32(truncatingIfNeeded: o))
        }
        index.append(contentsOf: packHash)
        index.append(contentsOf: Array(Insecure.SHA1.hash(data: index)))
        let name = packHash.map { String($0, radix: 16).leftPadded(2) }.joined()
        return (header, runs, packHash, index, name)
    }

    /// Calls `body` with the pack's bytes, piece by piece.
    fileprivate func withPackPieces<T>(header: [UInt8], runs: [Range<Int>], trailer: [UInt8], _ body: ([UnsafeRawBufferPointer]) -> T) -> T {
        header.withUnsafeBytes { h in
            trailer.withUnsafeBytes { t in
                bytes.withUnsafeBytes { b in
                    body([h] + runs.map { UnsafeRawBufferPointer(rebasing: b[$0]) } + [t])
                }
            }
        }
    }

    private func appendBE32(_ out: inout [UInt8], _ value: UInt32) {
        withUnsafeBytes(of: value.bigEndian) { out.append(contentsOf: $0) }
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}

extension Repository {
    /// Stores the objects of `builder` as one pack with its index in `objects/pack/` (each file
    /// written under a temporary name, then renamed into place, the index last: git and libgit2
    /// find packs by their index). Nothing is written for an empty builder. The pack and its
    /// index are flushed to disk before their rename when `fsync` says so (git's default does),
    /// so a ref moved afterwards never names objects a power loss could take back. `objectFolder`:
    /// another objects folder to write to (a push's quarantine), with a trailing slash.
    @discardableResult
    public func storePack(_ builder: PackBuilder, fsync: FsyncPolicy = FsyncPolicy(), in objectFolder: String? = nil) throws(GitError) -> String? {
        guard builder.count > 0 else { return nil }
        let (header, runs, trailer, index, name) = builder.files()
        let folder = (objectFolder ?? gitDirectory + "objects/") + "pack/"
        if mkdir(folder, 0o755) != 0 && errno != EEXIST {
            throw GitError(code: .other(-1), message: "cannot create \(folder): \(String(cString: strerror(errno)))", function: "Repository.storePack")
        }
        let packFile = "pack-\(name).pack", indexFile = "pack-\(name).idx"
        let packFailure = builder.withPackPieces(header: header, runs: runs, trailer: trailer) { pieces in
            Self.writeReadOnly(pieces, to: folder + packFile, sync: fsync.components.contains(.pack))
        }
        if let packFailure { throw packFailure }
        // Recorded only once flushed: writeReadOnly fails rather than skip a requested fsync.
        if fsync.components.contains(.pack) { synced.append(packFile) }
        if let indexFailure = index.withUnsafeBytes({ Self.writeReadOnly([$0], to: folder + indexFile, sync: fsync.components.contains(.packMetadata)) }) {
            throw indexFailure
        }
        if fsync.components.contains(.packMetadata) { synced.append(indexFile) }
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, raw), "git_repository_odb")
        defer { git_odb_free(odb) }
        try check(git_odb_refresh(odb), "git_odb_refresh")
        return "pack-" + name
    }

    /// Writes `pieces` to a temporary file beside `path`, makes it read-only (as git leaves pack
    /// files), flushes it to disk when `sync`, and renames it to `path`. Returns the error, if any.
    private static func writeReadOnly(_ pieces: [UnsafeRawBufferPointer], to path: String, sync: Bool) -> GitError? {
        let folder = (path as NSString).deletingLastPathComponent
        var template = Array((folder + "/tmp_pack_XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            return GitError(code: .other(-1), message: "cannot create a file in \(folder): \(String(cString: strerror(errno)))", function: "Repository.storePack")
        }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var failure: String?
        pieces: for b in pieces where b.count > 0 {
            var done = 0
            while done < b.count {
                let n = write(fd, b.baseAddress! + done, b.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    break pieces
                }
                done += n
            }
        }
        if failure == nil && sync && Glibc.fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        if failure == nil && fchmod(fd, 0o444) != 0 { failure = String(cString: strerror(errno)) }
        if close(fd) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil && rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            return GitError(code: .other(-1), message: "cannot write \(path): \(failure)", function: "Repository.storePack")
        }
        return nil
    }
}

/// CRC-32 (IEEE), as pack indexes record for each entry: zlib's.
enum CRC32 {
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        UInt32(truncatingIfNeeded: crc32(0, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt32(bytes.count)))
    }
}
