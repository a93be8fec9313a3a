#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Crypto
import Foundation
import GitStore
import LedgerCore

/// The evidence of one `evidence/` tree as readiness reads it (every record folder in tree
/// order, its record blob, and the decoded record or "does not validate"), kept in
/// `.git/evident/cache/trees/<tree id>.bin`. Keyed by the tree's id, so an entry can never be
/// stale: any change below `evidence/` is a new tree. With it, readiness at a revision read
/// before decodes one file instead of walking 100k folders and looking up 100k records, and the
/// evidence of a tree that differs from a cached one by a few paths is the cached list with those
/// paths re-read (`Repository.changedFiles` skips equal subtrees), so its cost follows the change.
///
/// Optional like every cache here: a missing, foreign, truncated or damaged file is ignored (and
/// rewritten), never trusted. A file says its format, the tree it is of, its payload's length and
/// the payload's SHA-256, all checked before a byte of it is decoded. Files are written to a
/// temporary name and renamed into place, so a reader sees a whole file or none; two processes
/// writing the same entry write the same bytes. No lock is taken: reads never need the write lock.
///
/// Bounded: at most `maxEntries` files are kept; after a write, the least recently used ones
/// beyond that (by modification time, which a hit refreshes) are deleted, as are temporary files
/// an interrupted writer left. One entry of the 100k-record bench ledger is about 40 MB.
///
/// Layout: the format line; the tree id (20 bytes); the payload's length (8 bytes,
/// little-endian); its SHA-256 (32 bytes); the payload: the item count, then per item the folder
/// below `evidence/`, the record's blob id (20 bytes), 1 and the record as `EvidenceCache`
/// encodes it, or 0 for a record that does not validate (it is re-read for its issues); then the
/// chunk table (per chunk of consecutive items: its offset in the payload and its item count, 8
/// bytes each) and the number of chunks (8 bytes). The chunks are decoded on every core while
/// the digest is checked beside them (decoding is bounds-checked, and nothing decoded is used
/// unless the digest matches): 0.3 s on one core for the 100k bench ledger.
struct EvidenceTreeCache {
    /// Bump with `EvidenceCache.format` (the record encoding) or when the layout changes.
    static let format = "EVIDENT-EVIDENCE-TREE-2\n"
    static let maxEntries = 4
    /// Differing month folders (`YYYY/MM`) beyond which a cached neighbour is not patched: the
    /// whole tree is read instead.
    static let patchLimitFraction = 0.5

    struct Item {
        /// The folder below `evidence/` (`2026/05/EV-20260530-39KT2P`).
        let folder: String
        let id: ObjectID
        /// nil: the record does not validate (or is not decoded yet).
        var record: EvidenceRecord?
    }

    let directory: String?

    init(gitDirectory: String) {
        let dir = (gitDirectory.hasSuffix("/") ? gitDirectory : gitDirectory + "/") + "evident/cache/trees"
        directory = (try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)) != nil ? dir : nil
    }

    func path(of tree: ObjectID) -> String? {
        directory.map { $0 + "/" + tree.hex + ".bin" }
    }

    // MARK: Reading

    /// The items of `tree`, or nil when its entry is missing or does not check out.
    func load(_ tree: ObjectID) -> [Item]? {
        guard let path = path(of: tree), let bytes = Self.readFile(path) else { return nil }
        guard let items = Self.decode(bytes, tree: tree) else { return nil }
        // Least recently used is what eviction drops: a hit counts as a use.
        _ = utimensat(AT_FDCWD, path, nil, 0)
        return items
    }

    /// The cached tree closest to `tree` (fewest month folders whose trees differ), or nil when
    /// none is cached or the closest differs in more than `patchLimitFraction` of `tree`'s month
    /// folders (patching it would cost about what reading the whole tree does).
    func neighbour(of tree: ObjectID, in repository: Repository) -> ObjectID? {
        guard let directory, let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
        let candidates = names.compactMap { name -> ObjectID? in
            guard name.hasSuffix(".bin"), name.count == 44 else { return nil }
            return ObjectID(hex: String(name.dropLast(4)))
        }.filter { $0 != tree }
        guard !candidates.isEmpty, let mine = try? Self.months(of: tree, in: repository), !mine.isEmpty else { return nil }
        var best: (id: ObjectID, differing: Int)?
        for c in candidates {
            guard let theirs = try? Self.months(of: c, in: repository) else { continue }
            var differing = 0
            for (month, id) in mine where theirs[month] != id { differing += 1 }
            for month in theirs.keys where mine[month] == nil { differing += 1 }
            if best == nil || differing < best!.differing { best = (c, differing) }
        }
        guard let best, Double(best.differing) <= Self.patchLimitFraction * Double(mine.count) else { return nil }
        return best.id
    }

    /// The tree id of every `YYYY/MM` folder of an evidence tree (a year tree that two trees
    /// share is compared by its id, not read, when the caller compares).
    private static func months(of tree: ObjectID, in repository: Repository) throws -> [String: ObjectID] {
        var out = [String: ObjectID]()
        for year in try repository.tree(tree) where year.isTree {
            for month in try repository.tree(year.id) where month.isTree {
                out[year.name + "/" + month.name] = month.id
            }
        }
        return out
    }

    private static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_size > 0 else { return nil }
        let size = Int(st.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        let ok = bytes.withUnsafeMutableBytes { buf -> Bool in
            while done < size {
                let n = read(fd, buf.baseAddress! + done, size - done)
                if n < 0 { if errno == EINTR { continue }; return false }
                if n == 0 { return false }
                done += n
            }
            return true
        }
        return ok ? bytes : nil
    }

    static let headerSize = format.utf8.count + 20 + 8 + 32

    /// The items in `bytes`, when they are a whole, undamaged entry of `tree`.
    static func decode(_ bytes: [UInt8], tree: ObjectID) -> [Item]? {
        let f = format.utf8.count
        guard bytes.count >= headerSize, bytes.prefix(f).elementsEqual(format.utf8),
              bytes[f..<(f + 20)].elementsEqual(tree.bytes) else { return nil }
        var length: UInt64 = 0
        for i in (0..<8).reversed() { length = length << 8 | UInt64(bytes[f + 20 + i]) }
        guard length == UInt64(bytes.count - headerSize) else { return nil }
        return bytes.withUnsafeBytes { all -> [Item]? in
            let payload = UnsafeRawBufferPointer(rebasing: all[headerSize...])
            guard let chunks = Self.chunks(of: payload) else { return nil }
            // Task 0 checks the digest; task i decodes chunk i - 1.
            let parts = ConcurrentMap.map(Array(0...chunks.table.count), batch: 1) { task -> [Item]? in
                if task == 0 {
                    let digest = Array(SHA256.hash(data: payload))
                    return all[(f + 28)..<headerSize].elementsEqual(digest) ? [] : nil
                }
                let chunk = chunks.table[task - 1]
                return Self.decodeChunk(UnsafeRawBufferPointer(rebasing: payload[chunk.start..<chunk.end]), count: chunk.count)
            }
            guard parts.allSatisfy({ $0 != nil }) else { return nil }
            var items = [Item]()
            items.reserveCapacity(chunks.total)
            for part in parts.dropFirst() { if let part { items.append(contentsOf: part) } }
            return items.count == chunks.total ? items : nil
        }
    }

    /// The item count and the chunk table at the end of a payload, each chunk's byte range
    /// checked to follow the previous one, the last to end where the table begins.
    private static func chunks(of payload: UnsafeRawBufferPointer) -> (total: Int, table: [(start: Int, end: Int, count: Int)])? {
        var head = ByteReader(buffer: payload)
        guard let total = head.int(), total >= 0, payload.count >= 16 else { return nil }
        var tail = ByteReader(buffer: UnsafeRawBufferPointer(rebasing: payload[(payload.count - 8)...]))
        // Each chunk takes 16 bytes of table and at least one 36-byte item, so a larger count is
        // no entry of ours (and never an allocation of that size).
        guard let k = tail.int(), k >= 0, k <= payload.count / 52 else { return nil }
        let tableStart = payload.count - 8 - 16 * k
        guard tableStart >= 8 else { return nil }
        var r = ByteReader(buffer: UnsafeRawBufferPointer(rebasing: payload[tableStart..<(payload.count - 8)]))
        var table = [(start: Int, end: Int, count: Int)]()
        table.reserveCapacity(k)
        var sum = 0
        for _ in 0..<k {
            // The first chunk starts after the item count; each next one after the one before.
            guard let start = r.int(), let count = r.int(), table.last.map({ start > $0.start }) ?? (start == 8),
                  start < tableStart, count > 0, count <= (tableStart - start) / 36 else { return nil }
            if !table.isEmpty { table[table.count - 1].end = start }
            table.append((start, tableStart, count))
            sum += count
        }
        guard sum == total, k > 0 || tableStart == 8 else { return nil }
        return (total, table)
    }

    /// The `count` items of one chunk, when the bytes hold exactly that many.
    private static func decodeChunk(_ bytes: UnsafeRawBufferPointer, count n: Int) -> [Item]? {
        var r = ByteReader(buffer: bytes)
        var interner: StringInterner? = StringInterner()
        var items = [Item]()
        items.reserveCapacity(n)
        for _ in 0..<n {
            guard let folder = r.string(), let id = r.objectID(), let flag = r.int() else { return nil }
            switch flag {
            case 0: items.append(Item(folder: folder, id: id, record: nil))
            case 1:
                guard let record = EvidenceCache.decode(&r, interner: &interner) else { return nil }
                items.append(Item(folder: folder, id: id, record: record))
            default: return nil
            }
        }
        return r.remaining == 0 ? items : nil
    }

    /// Items per chunk: about sixteen chunks, so every core has several to take.
    static func chunkSize(_ count: Int) -> Int { max(64, (count + 15) / 16) }

    // MARK: Writing

    /// Writes the entry of `tree` (temp file + rename) and trims the directory to `maxEntries`;
    /// failures only cost speed next time. The payload is encoded, hashed and written 1 MiB at a
    /// time (the header, which carries its length and digest, last), so writing the 40 MB entry
    /// of a 100k-record tree adds no more than that to the process's memory.
    func store(_ tree: ObjectID, _ items: [Item]) {
        guard let directory, let path = path(of: tree) else { return }
        let tmp = path + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        var ok = Self.write(fd, [UInt8](repeating: 0, count: Self.headerSize), at: 0)
        var offset = Self.headerSize
        var hasher = SHA256()
        var w = ByteWriter()
        w.buffer.reserveCapacity((1 << 20) + 65536)
        func flush() {
            guard ok, !w.buffer.isEmpty else { return }
            hasher.update(data: w.buffer)
            ok = Self.write(fd, w.buffer, at: offset)
            offset += w.buffer.count
            w.buffer.removeAll(keepingCapacity: true)
        }
        w.int(items.count)
        let perChunk = Self.chunkSize(items.count)
        var table = [(start: Int, count: Int)]()
        for (i, item) in items.enumerated() where ok {
            if i % perChunk == 0 { table.append((offset - Self.headerSize + w.buffer.count, min(perChunk, items.count - i))) }
            w.string(item.folder)
            w.bytes(item.id.bytes)
            if let r = item.record {
                w.int(1)
                EvidenceCache.encode(r, into: &w)
            } else {
                w.int(0)
            }
            if w.buffer.count >= 1 << 20 { flush() }
        }
        for chunk in table {
            w.int(chunk.start)
            w.int(chunk.count)
        }
        w.int(table.count)
        flush()
        var head = [UInt8](Self.format.utf8)
        head += tree.bytes
        var n = UInt64(offset - Self.headerSize)
        for _ in 0..<8 { head.append(UInt8(n & 0xFF)); n >>= 8 }
        head += Array(hasher.finalize())
        ok = ok && Self.write(fd, head, at: 0)
        close(fd)
        if !ok || rename(tmp, path) != 0 {
            unlink(tmp)
            return
        }
        trim(directory, keeping: path)
    }

    private static func write(_ fd: Int32, _ bytes: [UInt8], at offset: Int) -> Bool {
        bytes.withUnsafeBytes { buf -> Bool in
            var done = 0
            while done < buf.count {
                let n = pwrite(fd, buf.baseAddress! + done, buf.count - done, off_t(offset + done))
                if n < 0 { if errno == EINTR { continue }; return false }
                done += n
            }
            return true
        }
    }

    /// Deletes the least recently used entries beyond `maxEntries` (never `kept`, just written)
    /// and temporary files older than ten minutes (a writer killed between create and rename).
    private func trim(_ directory: String, keeping kept: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        var entries = [(path: String, mtime: Int)]()
        let now = Int(time(nil))
        for name in names {
            let p = directory + "/" + name
            var st = stat()
            guard stat(p, &st) == 0 else { continue }
            if name.hasSuffix(".tmp") {
                if now - Int(st.st_mtim.tv_sec) > 600 { unlink(p) }
            } else if name.hasSuffix(".bin"), p != kept {
                entries.append((p, Int(st.st_mtim.tv_sec) * 1_000_000_000 + Int(st.st_mtim.tv_nsec)))
            }
        }
        guard entries.count > Self.maxEntries - 1 else { return }
        for e in entries.sorted(by: { $0.mtime > $1.mtime }).dropFirst(Self.maxEntries - 1) { unlink(e.path) }
    }
}

/// One shared string per repeated value (authors, sources, media types) while decoding.
struct StringInterner {
    private var table: [String: String] = [:]

    mutating func callAsFunction(_ s: String) -> String {
        if s.utf8.count <= 15 { return s }
        if let known = table[s] { return known }
        table[s] = s
        return s
    }
}
