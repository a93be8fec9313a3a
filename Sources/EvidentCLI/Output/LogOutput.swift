import Foundation
import Ledger
import LedgerCore

/// What `log` commands print.
enum LogOutput {
    /// Commits of the log, newest first.
    static func entries(_ entries: [LogEntry], format: OutputFormat) {
        switch format {
        case .json:
            Output.json(.list(entries.map { e in
                .map([
                    ("commit", .string(e.commit.hex)),
                    ("date", .string(e.date.description)),
                    ("author", .map([("name", .string(e.author.name)), ("email", .string(e.author.email))])),
                    ("action", .optional(e.action)),
                    ("summary", .string(e.summary)),
                    ("evidence", .strings(e.evidenceIDs)),
                    ("controls", .strings(e.controlIDs)),
                    ("trailers", .map(e.trailers.map { ($0.0, RecordValue.string($0.1)) })),
                ])
            }))
        case .text:
            if entries.isEmpty {
                Output.print("No commits match.")
                return
            }
            for e in entries {
                var line = "\(e.commit.short)  \(e.date)  \(e.author.name) <\(e.author.email)>"
                if let a = e.action { line += "  [\(a)]" }
                Output.print(line + "\n    " + e.summary)
            }
        }
    }
}
