import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct ControlShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a control, the requirements it serves and its evidence at HEAD.")

    @Argument(help: "The control id.") var id: String
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let d = try ControlService(ledger: repo, environment: try ledger.environment()).show(id: id)
        ControlOutput.show(d, format: format)
    }
}
