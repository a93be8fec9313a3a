import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct ControlMapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "map", abstract: "Map a control to more requirements (one commit).")

    @Argument(help: "The control id.") var id: String
    @Argument(help: ArgumentHelp("Requirements in any form (3.5.3, IA.L2-3.5.3, CC6.1, soc2:CC6.1).", valueName: "REQ")) var requirements: [String] = []
    @Option(help: "Output format: text or json (the record).") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let result = try ControlService(ledger: repo, environment: try ledger.environment()).map(id: id, requirements: requirements)
        ControlOutput.written(result, format: format, text: result.commit == nil
            ? "Control \(id) already maps these requirements: nothing written"
            : "Mapped control \(id) to \(result.changes.joined(separator: ", "))")
    }
}
