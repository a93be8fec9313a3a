import Ledger
import LedgerCore

/// What `verify` and `snapshot verify` print: one line per finding, or that all is well.
enum VerifyOutput {
    /// Prints the findings and notices; throws `GateNotMet` when there are findings (notices,
    /// printed on stderr in text, do not fail the check). `extra` keys follow the others in JSON.
    static func report(_ findings: [String], notices: [String] = [], checked: String, format: OutputFormat,
                       extra: [(String, RecordValue)] = []) throws {
        switch format {
        case .json: Output.json(.map([("ok", .bool(findings.isEmpty)), ("findings", .strings(findings)), ("notices", .strings(notices))] + extra))
        case .text:
            notices.forEach { Output.notice("notice: " + $0) }
            findings.forEach { Output.print($0) }
            if findings.isEmpty { Output.print("ok: \(checked) verified, no findings") }
        }
        if !findings.isEmpty { throw GateNotMet() }
    }

    /// `hash_log` in `verify NAME --hash-log FILE --format json`.
    static func hashLogJSON(_ c: SnapshotService.HashLogCheck, file: String) -> RecordValue {
        .map([
            ("file", .string(file)),
            ("sha256", .string(c.logSHA256)),
            ("entries", .int(c.entries)),
            ("matched", .int(c.matched)),
            ("root", .string(c.root)),
            ("ledger_folder", .string(c.ledgerFolder)),
            ("hash_value_matches", c.hashValueMatches.map { .bool($0) } ?? .null),
        ])
    }
}
