import Foundation
import GitStore
import LedgerCore

/// The kind, as-of day, creation time, recorded CMMC results and target commit of every snapshot
/// tag seen so far, in `.git/evident/cache/snapshots.txt`, keyed by the id of the tag object. Readiness and
/// diff need them for every snapshot (the status held is worked out from the CMMC assessments,
/// cmmc-rules.md §12.1), and a tag object
/// carries its whole manifest; after `git gc` or a clone it is packed and can only be read whole.
/// A tag object never changes under its id, so an entry can never be stale; a missing or foreign
/// file is rebuilt. The target lets `LedgerRepository.resolve` peel a snapshot's tag without reading
/// the object (19 MB on the 100k bench ledger). Tags that are not snapshots are remembered too (without a headline), so they
/// are not read again.
struct HeadlineCache {
    static let format = "EVIDENT-SNAPSHOT-HEADLINES-3"

    struct Headline: Hashable {
        let kind: String
        let asOf: Day
        /// The tagger's time (seconds since 1970).
        let createdAt: Int
        /// The recorded result for CMMC Level 1 and Level 2 (final, conditional, no_status,
        /// incomplete), nil when the snapshot recorded that level's readiness not.
        let level1: String?
        let level2: String?
        /// The commit the tag names; nil when it names another kind of object.
        let target: ObjectID?
    }

    private let path: String?
    private(set) var entries: [ObjectID: Headline?] = [:]
    private var added = false

    init(gitDirectory: String) {
        let dir = (gitDirectory.hasSuffix("/") ? gitDirectory : gitDirectory + "/") + "evident/cache"
        path = dir + "/snapshots.txt"
        guard let data = FileManager.default.contents(atPath: dir + "/snapshots.txt"), let text = String(data: data, encoding: .utf8) else { return }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.first == Substring(Self.format) else { return }
        for line in lines.dropFirst() {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 7, let id = ObjectID(hex: String(parts[0])) else { continue }
            if parts[1].isEmpty {
                entries[id] = .some(nil)
            } else if let day = Day(String(parts[2])), let created = Int(parts[3]) {
                entries[id] = Headline(kind: String(parts[1]), asOf: day, createdAt: created,
                                       level1: parts[4].isEmpty ? nil : String(parts[4]), level2: parts[5].isEmpty ? nil : String(parts[5]),
                                       target: ObjectID(hex: String(parts[6])))
            }
        }
    }

    mutating func insert(_ id: ObjectID, _ headline: Headline?) {
        entries[id] = .some(headline)
        added = true
    }

    /// Writes the file when something was added (temp file + rename); failures only cost speed.
    mutating func save() {
        guard added, let path else { return }
        added = false
        var text = Self.format + "\n"
        for (id, h) in entries.sorted(by: { $0.key.hex < $1.key.hex }) {
            if let h {
                text += "\(id.hex)\t\(h.kind)\t\(h.asOf)\t\(h.createdAt)\t\(h.level1 ?? "")\t\(h.level2 ?? "")\t\(h.target?.hex ?? "")\n"
            } else {
                text += "\(id.hex)\t\t\t\t\t\t\n"
            }
        }
        let dir = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let tmp = path + ".\(getpid()).tmp"
        if FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8)) {
            if rename(tmp, path) != 0 { unlink(tmp) }
        }
    }
}
