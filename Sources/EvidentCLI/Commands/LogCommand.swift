import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Commits that changed the ledger, newest first, with author, date, action and ids."
    )

    @Option(help: ArgumentHelp("Only commits that touched this evidence.", valueName: "ID")) var evidence: String?
    @Option(help: ArgumentHelp("Only commits about this control.", valueName: "ID")) var control: String?
    @Option(help: ArgumentHelp("Only commits after this revision, or on or after this date.", valueName: "REV|DATE")) var since: String?
    @Option(help: ArgumentHelp("Only commits up to this revision, or on or before this date.", valueName: "REV|DATE")) var until: String?
    @Option(help: ArgumentHelp("Only commits that changed this requirement or criterion: its controls (mapped at that commit), their evidence, its POA&M items.", valueName: "REQ"))
    var requirement: String?
    @Option(help: ArgumentHelp("Only commits whose author name or email contains this (case-insensitive).", valueName: "TEXT")) var author: String?
    @Option(name: .customShort("n"), help: "At most this many commits.") var limit: Int?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let entries = try LogService(ledger: repo).run(.init(evidence: evidence, control: control, since: since, limit: limit,
                                                                   requirement: requirement, author: author, until: until))
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
