import Foundation
import GitStore
import LedgerCore

/// What `evident history` and `evident diff` read of every snapshot's manifest (kind, as-of day,
/// creation time, observation period and the status recorded for every requirement of CMMC
/// Level 2, Level 1 and SOC 2), in
/// `.git/evident/cache/statuses.txt`, keyed by the id of the tag object. A tag object carries its
/// whole manifest, artifact hash list included (megabytes on a large ledger), so reading the
/// statuses of a hundred snapshots from their tags means inflating a hundred of them; this file is
/// a few hundred kilobytes. A tag object never changes under its id, so an entry can never be
/// stale; a missing or foreign file is rebuilt, and a line that does not read is ignored (that
/// tag is read again). A tag whose message carries no readable manifest is remembered too.
///
/// One line per tag object: its id, then either nothing (no manifest) or, tab-separated, the
/// kind, the as-of day, the manifest's creation time (seconds since 1970), the observation period
/// (`FROM..TO`, empty when none) and one field per
/// framework of `frameworks`, `REQ=STATUS` pairs joined by commas. A manifest holding a tab,
/// comma, equals sign or control character in any of these values is not cached (read every time).
struct StatusCache {
    static let format = "EVIDENT-SNAPSHOT-STATUSES-2"
    /// The frameworks whose statuses are kept, with the manifest key that holds them.
    static let frameworks: [(id: String, key: String)] = [("cmmc-l2", "requirements"), ("cmmc-l1", "requirements"), ("soc2", "criteria")]

    struct Entry: Equatable {
        let kind: String
        let asOf: Day
        /// The manifest's `created_at` (seconds since 1970).
        let createdAt: Int
        /// The SOC 2 Type 2 observation period, nil when the snapshot has none.
        let period: EvidenceRecord.Period?
        /// Per framework of `frameworks` (same order), requirement id -> recorded status.
        let statuses: [[String: String]]

        /// What a manifest records, as history reads it.
        init(_ m: SnapshotManifest) {
            kind = m.kind
            asOf = m.asOf
            createdAt = m.createdAt.seconds
            period = m.period
            let entries = m.readiness.listValue ?? []
            statuses = Self.frameworksByID.map { fw in
                guard let entry = entries.first(where: { $0["id"]?.stringValue == fw.id }), let pairs = entry[fw.key]?.mapPairs else { return [:] }
                // The first pair of a key answers, as `RecordValue`'s subscript does.
                var out = [String: String](), seen = Set<String>()
                for (req, value) in pairs where seen.insert(req).inserted {
                    if let s = value.stringValue { out[req] = s }
                }
                return out
            }
        }

        init(kind: String, asOf: Day, createdAt: Int, period: EvidenceRecord.Period?, statuses: [[String: String]]) {
            self.kind = kind
            self.asOf = asOf
            self.createdAt = createdAt
            self.period = period
            self.statuses = statuses
        }

        static let frameworksByID = StatusCache.frameworks

        /// The status recorded for `requirement` under `framework`, nil when none was.
        func status(framework: String, requirement: String) -> String? {
            guard let i = StatusCache.frameworks.firstIndex(where: { $0.id == framework }) else { return nil }
            return statuses[i][requirement]
        }

        /// Whether every value can be written in the line format.
        var writable: Bool {
            func plain(_ s: String) -> Bool { !s.utf8.contains { $0 < 0x20 || $0 == 0x7f || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "=") } }
            return plain(kind) && statuses.allSatisfy { $0.allSatisfy { !$0.key.isEmpty && plain($0.key) && plain($0.value) } }
        }
    }

    private let path: String
    private(set) var entries: [ObjectID: Entry?] = [:]
    private var added = false

    init(gitDirectory: String) {
        let dir = (gitDirectory.hasSuffix("/") ? gitDirectory : gitDirectory + "/") + "evident/cache"
        path = dir + "/statuses.txt"
        guard let data = FileManager.default.contents(atPath: path) else { return }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).makeIterator()
        guard lines.next() == Substring(Self.format) else { return }
        while let line = lines.next() {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard let first = parts.first, let id = ObjectID(hex: String(first)) else { continue }
            if parts.count == 1 {
                entries[id] = .some(nil)
                continue
            }
            guard parts.count == 5 + Self.frameworks.count, let day = Day(String(parts[2])), let created = Int(parts[3]) else { continue }
            var period: EvidenceRecord.Period?
            if !parts[4].isEmpty {
                let days = parts[4].components(separatedBy: "..")
                guard days.count == 2, let from = Day(days[0]), let to = Day(days[1]) else { continue }
                period = .init(from: from, to: to)
            }
            var statuses = [[String: String]]()
            var readable = true
            for field in parts[5...] {
                var map = [String: String]()
                for pair in field.split(separator: ",") {
                    guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else { readable = false; break }
                    map[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
                }
                statuses.append(map)
            }
            if readable { entries[id] = Entry(kind: String(parts[1]), asOf: day, createdAt: created, period: period, statuses: statuses) }
        }
    }

    /// Remembers what tag object `id` records (nil: no manifest); an entry the line format cannot
    /// hold is left out.
    mutating func insert(_ id: ObjectID, _ entry: Entry?) {
        if let entry, !entry.writable { return }
        entries[id] = .some(entry)
        added = true
    }

    /// Writes the file when something was added (temp file + rename); failures only cost speed.
    mutating func save() {
        guard added else { return }
        added = false
        var text = Self.format + "\n"
        for (id, e) in entries.sorted(by: { $0.key.hex < $1.key.hex }) {
            text += id.hex
            if let e {
                text += "\t\(e.kind)\t\(e.asOf)\t\(e.createdAt)\t" + (e.period.map { "\($0.from)..\($0.to)" } ?? "")
                for map in e.statuses {
                    text += "\t" + map.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
                }
            }
            text += "\n"
        }
        let dir = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let tmp = path + ".\(getpid()).tmp"
        if FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8)) {
            if rename(tmp, path) != 0 { unlink(tmp) }
        }
    }
}
