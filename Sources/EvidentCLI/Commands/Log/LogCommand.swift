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
        // -n 0 asks for no commits: nothing to say (JSON still prints its empty list).
        if limit == 0 && format == .text { return }
        LogOutput.entries(entries, format: format)
    }
}
