import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct SystemShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show the system section at HEAD, and what is missing with the command that sets it."
    )

    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let view = try SystemService(ledger: try ledger.openLedger(), environment: try ledger.environment()).show()
        SystemOutput.show(view, format: format)
    }
}
