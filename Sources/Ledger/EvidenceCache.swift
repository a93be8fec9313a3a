import Foundation
import GitStore
import LedgerCore

/// Decoded evidence records kept in `.git/evident/cache/evidence.bin`, keyed by the id of the
/// record's blob. Content-addressed, so an entry can never be stale: a changed record is a new
/// blob. Readiness at any revision then reads trees (to learn the blob ids) and this file, and
/// inflates and parses only records it has not seen before. The file is rewritten atomically
/// (temp file + rename) when new records were decoded; a missing, unreadable or foreign file is
/// simply rebuilt. Only records that validated are kept.
final class EvidenceCache {
    /// Bump when decoding or validation rules change, so old entries are not trusted.
    static let format = "EVIDENT-EVIDENCE-CACHE-3\n"

    private let path: String?
    private(set) var entries: [ObjectID: EvidenceRecord] = [:]
    private var added = 0

    init(gitDirectory: String) {
        let dir = (gitDirectory.hasSuffix("/") ? gitDirectory : gitDirectory + "/") + "evident/cache"
        if (try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)) != nil {
            path = dir + "/evidence.bin"
            load()
        } else {
            path = nil
        }
    }

    func record(_ id: ObjectID) -> EvidenceRecord? { entries[id] }

    func insert(_ id: ObjectID, _ record: EvidenceRecord) {
        if entries.updateValue(record, forKey: id) == nil { added += 1 }
    }

    /// Writes the file when something was added; failures only cost speed next time.
    func save() {
        guard added > 0, let path else { return }
        var w = ByteWriter()
        w.bytes(Array(Self.format.utf8))
        w.int(entries.count)
        for (id, r) in entries {
            w.bytes(id.bytes)
            w.string(r.id); w.string(r.title); w.optional(r.description)
            w.int(r.controls.count); r.controls.forEach { w.string($0) }
            w.int(r.collectedAt.seconds); w.string(r.collectedBy); w.optional(r.source); w.string(r.method)
            w.int(r.covers == nil ? 0 : 1)
            if let c = r.covers { w.int(c.from.epochDay); w.int(c.to.epochDay) }
            w.int(r.validUntil?.epochDay ?? Int.min)
            w.string(r.classification)
            w.int(r.artifacts.count)
            for a in r.artifacts { w.string(a.path); w.string(a.sha256); w.int(a.bytes); w.string(a.mediaType) }
        }
        let tmp = path + ".\(getpid()).tmp"
        if FileManager.default.createFile(atPath: tmp, contents: Data(w.buffer)) {
            if rename(tmp, path) != 0 { unlink(tmp) }
        }
        added = 0
    }

    private func load() {
        guard let path, let data = FileManager.default.contents(atPath: path) else { return }
        let bytes = [UInt8](data)
        var r = ByteReader(bytes: bytes)
        guard r.take(Self.format.utf8.count).map({ Array($0) }) == Array(Self.format.utf8), let count = r.int(), count >= 0 else { return }
        var map = [ObjectID: EvidenceRecord](minimumCapacity: count)
        for _ in 0..<count {
            guard let raw = r.take(20), let oid = ObjectID(bytes: Array(raw)),
                  let id = r.string(), let title = r.string(), let description = r.optional(),
                  let nControls = r.int(), nControls >= 0 else { return }
            var controls = [String]()
            for _ in 0..<nControls { guard let c = r.string() else { return }; controls.append(c) }
            guard let collected = r.int(), let by = r.string(), let source = r.optional(), let method = r.string(),
                  let hasCovers = r.int() else { return }
            var covers: EvidenceRecord.Period?
            if hasCovers == 1 {
                guard let f = r.int(), let t = r.int() else { return }
                covers = .init(from: Day(epochDay: f), to: Day(epochDay: t))
            }
            guard let valid = r.int(), let classification = r.string(), let nArtifacts = r.int(), nArtifacts >= 0 else { return }
            var artifacts = [EvidenceRecord.Artifact]()
            for _ in 0..<nArtifacts {
                guard let p = r.string(), let sha = r.string(), let b = r.int(), let m = r.string() else { return }
                artifacts.append(.init(path: p, sha256: sha, bytes: b, mediaType: m))
            }
            map[oid] = EvidenceRecord(id: id, title: title, description: description, controls: controls,
                                      collectedAt: Timestamp(seconds: collected), collectedBy: by, source: source, method: method,
                                      covers: covers, validUntil: valid == Int.min ? nil : Day(epochDay: valid),
                                      classification: classification, artifacts: artifacts)
        }
        entries = map
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

struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func take(_ n: Int) -> ArraySlice<UInt8>? {
        guard n >= 0, offset + n <= bytes.count else { return nil }
        defer { offset += n }
        return bytes[offset..<(offset + n)]
    }

    mutating func int() -> Int? {
        guard let b = take(8) else { return nil }
        var x: UInt64 = 0
        for (i, byte) in b.enumerated() { x |= UInt64(byte) << (8 * UInt64(i)) }
        return Int(Int64(bitPattern: x))
    }

    mutating func string() -> String? {
        guard let n = int(), let b = take(n) else { return nil }
        return String(decoding: b, as: UTF8.self)
    }

    /// A string, or nil inside .some for "absent" (-1).
    mutating func optional() -> String?? {
        guard let n = int() else { return nil }
        if n == -1 { return .some(nil) }
        guard let b = take(n) else { return nil }
        return .some(String(decoding: b, as: UTF8.self))
    }
}
