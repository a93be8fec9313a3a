#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GitStore
import LedgerCore

/// What the report's trend reads of each snapshot tag seen so far, in
/// `.git/evident/cache/trend.json`, keyed by the id of the tag object: the object the tag points
/// at, and the trend point its manifest records (or why the manifest does not read). A snapshot's
/// tag object carries its whole manifest, with a hash list of every artifact (about 15 MB on a
/// 100k-record ledger), and the trend needs a dozen fields of it; a ledger with 100 snapshots
/// would otherwise inflate and parse 1.5 GB of tag messages for every report. A tag object never
/// changes under its id, so an entry can never be stale; a missing, unreadable or foreign file is
/// rebuilt, and deleting it changes no output.
struct TrendCache {
    static let format = "EVIDENT-SNAPSHOT-TREND-1"

    struct Entry: Equatable {
        /// The object the tag points at, and whether it is a commit.
        let target: ObjectID
        let targetIsCommit: Bool
        /// The trend point of the manifest, or why there is none.
        let point: ReportService.TrendPoint?
        let problem: String?
    }

    private let path: String
    private(set) var entries: [ObjectID: Entry] = [:]
    private var added = false

    init(gitDirectory: String) {
        path = (gitDirectory.hasSuffix("/") ? gitDirectory : gitDirectory + "/") + "evident/cache/trend.json"
        guard let data = FileManager.default.contents(atPath: path),
              let file = try? JSONDecoder().decode(File.self, from: data), file.format == Self.format else { return }
        for (hex, e) in file.entries {
            guard let id = ObjectID(hex: hex), let target = ObjectID(hex: e.target) else { continue }
            var point: ReportService.TrendPoint?
            if let p = e.point {
                guard let asOf = Day(p.asOf) else { continue }
                point = ReportService.TrendPoint(name: p.name, kind: p.kind, asOf: asOf, createdAt: Timestamp(seconds: p.createdAt), commit: CommitID(target),
                                                 sprsScore: p.sprsScore, cmmcL2Status: p.cmmcL2Status, cmmcL1Met: p.cmmcL1Met,
                                                 cmmcL1Total: p.cmmcL1Total, cmmcL1Status: p.cmmcL1Status, soc2Type: p.soc2Type,
                                                 soc2Ready: p.soc2Ready, soc2Applicable: p.soc2Applicable, soc2Status: p.soc2Status)
            }
            entries[id] = Entry(target: target, targetIsCommit: e.commit, point: point, problem: e.problem)
        }
    }

    mutating func insert(_ id: ObjectID, _ entry: Entry) {
        entries[id] = entry
        added = true
    }

    /// Writes the file when something was added (temp file + rename); failures only cost speed.
    mutating func save() {
        guard added else { return }
        added = false
        var file = File(format: Self.format, entries: [:])
        for (id, e) in entries {
            file.entries[id.hex] = StoredEntry(target: e.target.hex, commit: e.targetIsCommit, problem: e.problem, point: e.point.map { p in
                StoredPoint(name: p.name, kind: p.kind, asOf: p.asOf.description, createdAt: p.createdAt.seconds, sprsScore: p.sprsScore,
                            cmmcL2Status: p.cmmcL2Status, cmmcL1Met: p.cmmcL1Met, cmmcL1Total: p.cmmcL1Total, cmmcL1Status: p.cmmcL1Status,
                            soc2Type: p.soc2Type, soc2Ready: p.soc2Ready, soc2Applicable: p.soc2Applicable, soc2Status: p.soc2Status)
            })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(file) else { return }
        let dir = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let tmp = path + ".\(getpid()).tmp"
        if FileManager.default.createFile(atPath: tmp, contents: data) {
            if rename(tmp, path) != 0 { unlink(tmp) }
        }
    }

    // The file: plain values only, so that what a manifest may hold (any text) round-trips as JSON strings.
    private struct File: Codable {
        let format: String
        var entries: [String: StoredEntry]
    }

    private struct StoredEntry: Codable {
        let target: String
        let commit: Bool
        let problem: String?
        let point: StoredPoint?
    }

    private struct StoredPoint: Codable {
        let name: String
        let kind: String
        let asOf: String
        let createdAt: Int
        let sprsScore: Int?
        let cmmcL2Status: String?
        let cmmcL1Met: Int?
        let cmmcL1Total: Int?
        let cmmcL1Status: String?
        let soc2Type: Int?
        let soc2Ready: Int?
        let soc2Applicable: Int?
        let soc2Status: String?
    }
}
