import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct ControlUnmapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unmap", abstract: "Remove requirements from a control (one commit).")

    @Argument(help: "The control id.") var id: String
    @Argument(help: ArgumentHelp("Requirements in any form.", valueName: "REQ")) var requirements: [String] = []
    @Option(help: "Output format: text or json (the record).") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let result = try ControlService(ledger: repo, environment: try ledger.environment()).unmap(id: id, requirements: requirements)
        ControlOutput.written(result, format: format, text: "Unmapped control \(id) from \(result.changes.joined(separator: ", "))")
    }
}
