import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct EvidenceShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one evidence record at a revision (default HEAD).")

    @Argument(help: "The evidence id (EV-YYYYMMDD-XXXXXX).") var id: String
    @Option(help: ArgumentHelp("A snapshot, tag, branch, commit or date.", valueName: "REV")) var at: String = "HEAD"
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        try EvidenceQueryService.checkID(id)
        let r = try EvidenceQueryService(ledger: try ledger.openLedger()).show(id: id, at: at)
        EvidenceOutput.show(r, format: format)
    }
}
