import LedgerCore

/// What `verify` and `snapshot verify` print: one line per finding, or that all is well.
enum VerifyOutput {
    /// Prints the findings and notices; throws `GateNotMet` when there are findings (notices,
    /// printed on stderr in text, do not fail the check).
    static func report(_ findings: [String], notices: [String] = [], checked: String, format: OutputFormat) throws {
        switch format {
        case .json: Output.json(.map([("ok", .bool(findings.isEmpty)), ("findings", .strings(findings)), ("notices", .strings(notices))]))
        case .text:
            notices.forEach { Output.notice("notice: " + $0) }
            findings.forEach { Output.print($0) }
            if findings.isEmpty { Output.print("ok: \(checked) verified, no findings") }
        }
        if !findings.isEmpty { throw GateNotMet() }
    }
}
