import LedgerCore

/// What `verify` and `snapshot verify` print: one line per finding, or that all is well.
enum VerifyOutput {
    /// Prints the findings; throws `GateNotMet` when there are any.
    static func report(_ findings: [String], checked: String, format: OutputFormat) throws {
        switch format {
        case .json: Output.json(.map([("ok", .bool(findings.isEmpty)), ("findings", .strings(findings))]))
        case .text:
            findings.forEach { Output.print($0) }
            if findings.isEmpty { Output.print("ok: \(checked) verified, no findings") }
        }
        if !findings.isEmpty { throw GateNotMet() }
    }
}
