import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct ExceptionListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List enduring exceptions and temporary deficiencies at HEAD; incomplete ones (which earn nothing) are flagged."
    )

    @Option(help: "open, closed or all.") var status: ExceptionService.StatusFilter = .all
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let environment = try ledger.environment()
        let listing = try ExceptionService(ledger: repo, environment: environment).list(status: status)
        listing.issues.forEach { Output.notice("warning: \($0)") }
        ExceptionOutput.list(listing, status: status, today: environment.today, format: format)
    }
}
