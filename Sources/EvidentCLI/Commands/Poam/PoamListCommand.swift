import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct PoamListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List POA&M items at HEAD; open items past their scheduled completion are flagged overdue."
    )

    @Option(help: "open, closed or all.") var status: PoamService.StatusFilter = .all
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let today = try ledger.environment().today
        let listing = try PoamService(ledger: repo, environment: try ledger.environment()).list(status: status)
        listing.issues.forEach { Output.notice("warning: \($0)") }
        PoamOutput.list(listing, status: status, today: today, format: format)
    }
}
