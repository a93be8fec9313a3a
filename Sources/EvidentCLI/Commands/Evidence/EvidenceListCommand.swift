import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct EvidenceListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List evidence at a revision (default HEAD).")

    @Option(name: .customLong("control"), help: ArgumentHelp("Only evidence for this control.", valueName: "ID")) var control: String?
    @Option(help: ArgumentHelp("A snapshot, tag, branch, commit or date.", valueName: "REV")) var at: String = "HEAD"
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let listing = try EvidenceQueryService(ledger: try ledger.openLedger()).list(at: at, control: control)
        listing.issues.forEach { Output.notice("warning: \($0)") }
        let today = try ledger.environment().today
        EvidenceOutput.list(listing, control: control, at: at, today: today, format: format)
    }
}
