import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "A requirement's or criterion's status at every snapshot, the commits that changed it, and where it stands now.",
        discussion: """
        Snapshot statuses are read from each snapshot's manifest; the commits are those 'evident log \
        --requirement REQ' lists (changes to the controls mapping it, their evidence and its POA&M \
        items), oldest first; the current status is computed at HEAD as of today.
        """
    )

    @Argument(help: ArgumentHelp("The requirement: 3.5.3, IA.L2-3.5.3, CC6.1, nist-800-171r2:3.5.3 ...", valueName: "REQ")) var requirement: String
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let h = try HistoryService(ledger: repo, environment: try ledger.environment()).run(requirement)
        HistoryOutput.history(h, format: format)
    }
}
