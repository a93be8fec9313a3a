import Foundation
import Ledger
import LedgerCore

/// What `validate` commands print.
enum ValidateOutput {
    /// Validation findings, one line each, or that all is well.
    static func report(_ result: ValidateService.Outcome, format: OutputFormat) {
        switch format {
        case .json:
            Output.json(.map([
                ("checked", .int(result.checked)),
                ("ok", .bool(result.issues.isEmpty)),
                ("issues", .list(result.issues.map { .map([("file", .string($0.file)), ("field", .string($0.field)), ("problem", .string($0.problem))]) })),
                ("warnings", .list(result.warnings.map { .map([("file", .string($0.file)), ("field", .string($0.field)), ("problem", .string($0.problem))]) })),
                ("read_from_index", .int(result.readFromIndex)),
            ]))
        case .text:
            result.warnings.forEach { Output.notice("warning: \($0.description)") }
            result.issues.forEach { Output.print($0.description) }
            if result.readFromIndex > 0 {
                Output.notice("\(result.readFromIndex) file\(result.readFromIndex == 1 ? " is" : "s are") outside the sparse checkout: checked as the index holds them")
            }
            if result.issues.isEmpty {
                Output.print("ok: \(result.checked) record\(result.checked == 1 ? "" : "s") checked, no findings")
            } else {
                Output.notice("\(result.issues.count) finding\(result.issues.count == 1 ? "" : "s") in \(result.checked) record\(result.checked == 1 ? "" : "s")")
            }
        }
    }
}
