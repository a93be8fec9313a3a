import Foundation
import Ledger
import LedgerCore

/// `export evidence`: the evidence index as CSV (RFC 4180) or JSON.
enum EvidenceIndexOutput {
    /// The CSV header and the JSON keys of a row, in order.
    static let columns = ["evidence_id", "title", "controls", "cmmc_l2", "cmmc_l1", "soc2", "collected_at", "valid_until",
                          "covers_from", "covers_to", "classification", "no_occurrence", "path", "bytes", "sha256", "media_type"]

    /// RFC 4180 as `CSVText` writes it (header row, CRLF, quoting, UTF-8 behind a byte-order
    /// mark, which makes a spreadsheet read it as UTF-8 when opened with a double click). Lists
    /// are joined with "; ".
    static func csv(_ rows: [ArtifactIndexRow]) -> Data {
        let cells: [[String]] = rows.map { r in
            [
                r.evidenceID, r.title, r.controls.joined(separator: "; "), r.cmmcL2.joined(separator: "; "),
                r.cmmcL1.joined(separator: "; "), r.soc2.joined(separator: "; "), r.collectedAt.description,
                r.validUntil?.description ?? "", r.covers?.from.description ?? "", r.covers?.to.description ?? "",
                r.classification, r.noOccurrence ? "true" : "false", r.path ?? "", r.bytes.map(String.init) ?? "",
                r.sha256 ?? "", r.mediaType ?? "",
            ]
        }
        return Data(CSVText.document(header: columns, rows: cells).utf8)
    }

    /// `{"revision": commit, "artifacts": [row...]}`, keys as `columns`, lists as arrays, absent values null.
    static func json(_ rows: [ArtifactIndexRow], revision: String) -> Data {
        let list: [RecordValue] = rows.map { r in
            .map([
                ("evidence_id", .string(r.evidenceID)),
                ("title", .string(r.title)),
                ("controls", .strings(r.controls)),
                ("cmmc_l2", .strings(r.cmmcL2)),
                ("cmmc_l1", .strings(r.cmmcL1)),
                ("soc2", .strings(r.soc2)),
                ("collected_at", .string(r.collectedAt.description)),
                ("valid_until", r.validUntil.map { .string($0.description) } ?? .null),
                ("covers_from", r.covers.map { .string($0.from.description) } ?? .null),
                ("covers_to", r.covers.map { .string($0.to.description) } ?? .null),
                ("classification", .string(r.classification)),
                ("no_occurrence", .bool(r.noOccurrence)),
                ("path", r.path.map { .string($0) } ?? .null),
                ("bytes", r.bytes.map { .int($0) } ?? .null),
                ("sha256", r.sha256.map { .string($0) } ?? .null),
                ("media_type", r.mediaType.map { .string($0) } ?? .null),
            ])
        }
        return Data((JSONText.emit(.map([("revision", .string(revision)), ("artifacts", .list(list))])) + "\n").utf8)
    }
}
