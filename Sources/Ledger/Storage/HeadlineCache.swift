import Foundation
import GitStore
import LedgerCore

/// The kind and as-of day of every snapshot tag seen so far, in `.git/evident/cache/snapshots.txt`,
/// keyed by the id of the tag object. Readiness and diff need them for every snapshot (the
/// conditional status date is the as-of day of the latest CMMC assessment), and a tag object
/// carries its whole manifest; after `git gc` or a clone it is packed and can only be read whole.
/// A tag object never changes under its id, so an entry can never be stale; a missing or foreign
/// file is rebuilt. Tags that are not snapshots are remembered too (without a headline), so they
/// are not read again.
struct HeadlineCache {
    static let format = "EVIDENT-SNAPSHOT-HEADLINES-1"

    struct Headline: Hashable {
        let kind: String
        let asOf: Day
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
            guard parts.count == 3, let id = ObjectID(hex: String(parts[0])) else { continue }
            if parts[1].isEmpty {
                entries[id] = .some(nil)
            } else if let day = Day(String(parts[2])) {
                entries[id] = Headline(kind: String(parts[1]), asOf: day)
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
            text += "\(id.hex)\t\(h?.kind ?? "")\t\(h.map { "\($0.asOf)" } ?? "")\n"
        }
        let dir = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let tmp = path + ".\(getpid()).tmp"
        if FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8)) {
            if rename(tmp, path) != 0 { unlink(tmp) }
        }
    }
}
