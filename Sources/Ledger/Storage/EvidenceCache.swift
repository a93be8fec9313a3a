#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GitStore
import LedgerCore

/// Decoded evidence records kept in `.git/evident/cache/evidence.bin`, keyed by the id of the
/// record's blob. Content-addressed, so an entry can never be stale: a changed record is a new
/// blob. Readiness at any revision then reads trees (to learn the blob ids) and this file, and
/// inflates and parses only records it has not seen before. A missing, unreadable or foreign
/// file is simply rebuilt. Only records that validated are kept.
///
/// The file is not loaded: a sorted table of (blob id, offset, length) comes first, only that
/// table is read, and a record is read (pread) and decoded only when it is asked for, found by
/// binary search. A ledger's cache holds
/// every version of every record ever read (over 100k entries on a large ledger), while one
/// revision needs one version of each; decoding them all into a dictionary cost more time and
/// memory than the readiness computation itself. When records were added, the file is rewritten
/// (old entries copied as bytes, never re-encoded) to a temp file and renamed into place.
///
/// Layout, little-endian: the format line; the entry count (8 bytes); per entry, sorted by id,
/// the 20-byte blob id, the payload offset (8 bytes) and length (4 bytes); then the payloads.
final class EvidenceCache: @unchecked Sendable {
    /// Bump when decoding or validation rules or the layout change, so old entries are not trusted.
    /// 5: records carry `no_occurrence`. 6: and `allowed_secrets`.
    static let format = "EVIDENT-EVIDENCE-CACHE-6\n"
    static let entrySize = 32

    private let path: String?
    /// The open file (-1 when there is none or it is not ours) and its table of entries.
    private var fd: Int32 = -1
    private var table: [UInt8] = []
    private var count = 0
    private var payloadStart = 0
    /// The file's size when opened.
    private var fileSize = 0
    private var added: [ObjectID: EvidenceRecord] = [:]
    /// Repeated values (authors, sources, media types) share one string.
    private var interner: StringInterner? = StringInterner()

    init(gitDirectory: String) {
        let dir = (gitDirectory.hasSuffix("/") ? gitDirectory : gitDirectory + "/") + "evident/cache"
        if (try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)) != nil {
            path = dir + "/evidence.bin"
            open()
        } else {
            path = nil
        }
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// Number of entries in the file as mapped.
    var storedCount: Int { count }

    func record(_ id: ObjectID) -> EvidenceRecord? {
        if let r = added[id] { return r }
        return stored(id, intern: true)
    }

    /// A record from the file as mapped, safe to call from several threads at once (no
    /// interning, no insertions in flight).
    func sharedRecord(_ id: ObjectID) -> EvidenceRecord? {
        stored(id, intern: false)
    }

    /// As `sharedRecord`, interning repeated values in the caller's own table (one per thread).
    func sharedRecord(_ id: ObjectID, interning table: inout [String: String]) -> EvidenceRecord? {
        guard let r = stored(id, intern: false) else { return nil }
        func intern(_ s: String) -> String {
            if s.utf8.count <= 15 { return s }
            if let known = table[s] { return known }
            table[s] = s
            return s
        }
        var out = r
        out.collectedBy = intern(r.collectedBy)
        out.source = r.source.map(intern)
        out.controls = r.controls.map(intern)
        for i in out.artifacts.indices { out.artifacts[i].mediaType = intern(out.artifacts[i].mediaType) }
        return out
    }

    private func stored(_ id: ObjectID, intern: Bool) -> EvidenceRecord? {
        guard let slot = find(id), let bytes = payload(slot) else { return nil }
        return bytes.withUnsafeBytes { buffer in
            var r = ByteReader(buffer: buffer)
            if intern { return Self.decode(&r, interner: &interner) }
            var none: StringInterner?
            return Self.decode(&r, interner: &none)
        }
    }

    /// The stored bytes of entry `slot`.
    private func payload(_ slot: Int) -> [UInt8]? {
        let base = slot * Self.entrySize
        // Offsets and lengths come from the file: an entry pointing outside it is a miss (the
        // record is parsed again), never a trap or a giant allocation.
        let offset = Self.le64(table, base + 20)
        let length = Int(Self.le32(table, base + 28))
        guard offset <= UInt64(max(0, fileSize - payloadStart)), length <= fileSize - payloadStart - Int(offset) else { return nil }
        let start = payloadStart + Int(offset)
        var bytes = [UInt8](repeating: 0, count: length)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, length, off_t(start)) }
        return n == length ? bytes : nil
    }

    func contains(_ id: ObjectID) -> Bool {
        added[id] != nil || find(id) != nil
    }

    func insert(_ id: ObjectID, _ record: EvidenceRecord) {
        added[id] = record
    }

    /// Writes the file when something was added; failures only cost speed next time.
    func save() {
        guard !added.isEmpty, let path else { return }
        // New entries, encoded; old entries are copied as they are.
        var fresh = [(id: ObjectID, payload: [UInt8])]()
        fresh.reserveCapacity(added.count)
        for (id, r) in added where find(id) == nil {
            var w = ByteWriter()
            Self.encode(r, into: &w)
            fresh.append((id, w.buffer))
        }
        fresh.sort { $0.id < $1.id }
        // The merged order of the two sorted lists: (old slot, or fresh index).
        var order = [(old: Int?, fresh: Int?)]()
        order.reserveCapacity(count + fresh.count)
        var i = 0, j = 0
        while i < count || j < fresh.count {
            if i < count, j >= fresh.count || id(at: i) < fresh[j].id {
                order.append((i, nil))
                i += 1
            } else {
                order.append((nil, j))
                j += 1
            }
        }
        var head = [UInt8](Self.format.utf8)
        var n = UInt64(order.count)
        for _ in 0..<8 { head.append(UInt8(n & 0xFF)); n >>= 8 }
        var offset: UInt64 = 0
        for item in order {
            let (id, length): (ObjectID, Int)
            if let o = item.old {
                id = self.id(at: o)
                length = Int(Self.le32(table, o * Self.entrySize + 28))
            } else {
                id = fresh[item.fresh!].id
                length = fresh[item.fresh!].payload.count
            }
            head.append(contentsOf: id.bytes)
            var o = offset
            for _ in 0..<8 { head.append(UInt8(o & 0xFF)); o >>= 8 }
            var l = UInt32(length)
            for _ in 0..<4 { head.append(UInt8(l & 0xFF)); l >>= 8 }
            offset += UInt64(length)
        }
        let tmp = path + ".\(getpid()).tmp"
        let out = Glibc.open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard out >= 0 else { return }
        var pending = head
        var ok = true
        func flush() {
            ok = ok && pending.withUnsafeBytes { buf -> Bool in
                var done = 0
                while done < buf.count {
                    let w = Glibc.write(out, buf.baseAddress! + done, buf.count - done)
                    if w < 0 { if errno == EINTR { continue }; return false }
                    done += w
                }
                return true
            }
            pending.removeAll(keepingCapacity: true)
        }
        // Payloads in the same order, old ones copied as bytes, written in 1 MiB pieces.
        for item in order where ok {
            if let o = item.old {
                guard let bytes = payload(o) else { ok = false; break }
                pending += bytes
            } else {
                pending += fresh[item.fresh!].payload
            }
            if pending.count >= 1 << 20 { flush() }
        }
        flush()
        close(out)
        if !ok || rename(tmp, path) != 0 { unlink(tmp) }
        added.removeAll()
    }

    // MARK: The file

    private func open() {
        guard let path else { return }
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        var st = stat()
        let header = Self.format.utf8.count + 8
        var head = [UInt8](repeating: 0, count: header)
        guard fstat(fd, &st) == 0, Int(st.st_size) >= header,
              head.withUnsafeMutableBytes({ pread(fd, $0.baseAddress, header, 0) }) == header,
              head.prefix(Self.format.utf8.count).elementsEqual(Self.format.utf8) else {
            close(fd)
            return
        }
        let n = Int(Self.le64(head, Self.format.utf8.count))
        guard n >= 0, n < Int(st.st_size) / Self.entrySize, header + n * Self.entrySize <= Int(st.st_size) else {
            close(fd)
            return
        }
        var t = [UInt8](repeating: 0, count: n * Self.entrySize)
        guard t.withUnsafeMutableBytes({ pread(fd, $0.baseAddress, $0.count, off_t(header)) }) == t.count else {
            close(fd)
            return
        }
        self.fd = fd
        table = t
        count = n
        payloadStart = header + n * Self.entrySize
        fileSize = Int(st.st_size)
    }

    private func id(at slot: Int) -> ObjectID {
        table.withUnsafeBytes { ObjectID(rawBytes: UnsafeRawBufferPointer(rebasing: $0[(slot * Self.entrySize)...])) }
    }

    private func find(_ id: ObjectID) -> Int? {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            let other = self.id(at: mid)
            if other == id { return mid }
            if other < id { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }

    private static func le64(_ b: [UInt8], _ at: Int) -> UInt64 {
        var x: UInt64 = 0
        for i in (0..<8).reversed() { x = x << 8 | UInt64(b[at + i]) }
        return x
    }

    private static func le32(_ b: [UInt8], _ at: Int) -> UInt32 {
        var x: UInt32 = 0
        for i in (0..<4).reversed() { x = x << 8 | UInt32(b[at + i]) }
        return x
    }

    // MARK: Records

    static func encode(_ r: EvidenceRecord, into w: inout ByteWriter) {
        w.string(r.id); w.string(r.title); w.optional(r.description)
        w.int(r.controls.count); r.controls.forEach { w.string($0) }
        w.int(r.collectedAt.seconds); w.string(r.collectedBy); w.optional(r.source); w.string(r.method)
        w.int(r.covers == nil ? 0 : 1)
        if let c = r.covers { w.int(c.from.epochDay); w.int(c.to.epochDay) }
        w.int(r.validUntil?.epochDay ?? Int.min)
        w.string(r.classification)
        w.int(r.noOccurrence ? 1 : 0)
        w.int(r.allowedSecrets.count); r.allowedSecrets.forEach { w.string($0.rawValue) }
        w.int(r.artifacts.count)
        for a in r.artifacts { w.string(a.path); w.string(a.sha256); w.int(a.bytes); w.string(a.mediaType) }
    }

    /// Decodes one record as `encode` wrote it, or nil when the bytes are not one. `interner`,
    /// when given, shares repeated values.
    static func decode(_ r: inout ByteReader, interner: inout StringInterner?) -> EvidenceRecord? {
        func intern(_ s: String) -> String { interner?(s) ?? s }
        guard let id = r.string(), let title = r.string(), let description = r.optional(),
              let nControls = r.int(), nControls >= 0 else { return nil }
        var controls = [String]()
        // Counts come from the file: each item takes at least 8 bytes, so a larger count is a
        // corrupt entry (rejected below), never an allocation of that size.
        controls.reserveCapacity(min(nControls, r.remaining / 8))
        for _ in 0..<nControls { guard let c = r.string() else { return nil }; controls.append(intern(c)) }
        guard let collected = r.int(), let by = r.string(), let source = r.optional(), let method = r.string(),
              let hasCovers = r.int() else { return nil }
        var covers: EvidenceRecord.Period?
        if hasCovers == 1 {
            guard let f = r.int(), let t = r.int() else { return nil }
            covers = .init(from: Day(epochDay: f), to: Day(epochDay: t))
        }
        guard let valid = r.int(), let classification = r.string(), let noOccurrence = r.int(), noOccurrence == 0 || noOccurrence == 1,
              let nAllowed = r.int(), nAllowed >= 0, nAllowed <= SecretRule.allCases.count else { return nil }
        var allowed = [SecretRule]()
        for _ in 0..<nAllowed {
            guard let s = r.string(), let rule = SecretRule(rawValue: s) else { return nil }
            allowed.append(rule)
        }
        guard let nArtifacts = r.int(), nArtifacts >= 0 else { return nil }
        var artifacts = [EvidenceRecord.Artifact]()
        artifacts.reserveCapacity(min(nArtifacts, r.remaining / 32))
        for _ in 0..<nArtifacts {
            guard let p = r.string(), let sha = r.string(), let b = r.int(), let m = r.string() else { return nil }
            artifacts.append(.init(path: p, sha256: sha, bytes: b, mediaType: intern(m)))
        }
        return EvidenceRecord(id: id, title: title, description: description, controls: controls,
                              collectedAt: Timestamp(seconds: collected), collectedBy: intern(by), source: source.map { intern($0) },
                              method: method, covers: covers, validUntil: valid == Int.min ? nil : Day(epochDay: valid),
                              classification: classification, noOccurrence: noOccurrence == 1, allowedSecrets: allowed, artifacts: artifacts)
    }
}

/// Little-endian, length-prefixed encoding for the cache file.
struct ByteWriter {
    var buffer = [UInt8]()

    mutating func bytes(_ b: [UInt8]) { buffer.append(contentsOf: b) }

    mutating func int(_ v: Int) {
        var x = UInt64(bitPattern: Int64(v))
        for _ in 0..<8 {
            buffer.append(UInt8(x & 0xFF))
            x >>= 8
        }
    }

    mutating func string(_ s: String) {
        let u = Array(s.utf8)
        int(u.count)
        buffer.append(contentsOf: u)
    }

    mutating func optional(_ s: String?) {
        if let s { string(s) } else { int(-1) }
    }
}

/// Reads what `ByteWriter` wrote, from memory it does not own (the mapped cache file).
struct ByteReader {
    let buffer: UnsafeRawBufferPointer
    var offset = 0

    init(buffer: UnsafeRawBufferPointer) {
        self.buffer = buffer
    }

    var remaining: Int { buffer.count - offset }

    mutating func objectID() -> ObjectID? {
        guard offset + 20 <= buffer.count else { return nil }
        defer { offset += 20 }
        return ObjectID(rawBytes: UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + 20)]))
    }

    mutating func int() -> Int? {
        guard offset + 8 <= buffer.count else { return nil }
        var x: UInt64 = 0
        for i in (0..<8).reversed() { x = x << 8 | UInt64(buffer[offset + i]) }
        offset += 8
        return Int(Int64(bitPattern: x))
    }

    mutating func string() -> String? {
        // `n` comes from a file: compared without adding, so no value of it can overflow.
        guard let n = int(), n >= 0, n <= buffer.count - offset else { return nil }
        defer { offset += n }
        return String(decoding: UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + n)]), as: UTF8.self)
    }

    /// A string, or nil inside .some for "absent" (-1).
    mutating func optional() -> String?? {
        guard let n = int() else { return nil }
        if n == -1 { return .some(nil) }
        guard n >= 0, n <= buffer.count - offset else { return nil }
        defer { offset += n }
        return .some(String(decoding: UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + n)]), as: UTF8.self))
    }
}
