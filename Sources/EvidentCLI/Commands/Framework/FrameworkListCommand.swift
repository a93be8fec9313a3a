import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct FrameworkListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Catalogs, versions, counts, and which are in scope.")
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let coverage = try FrameworkService(ledger: try ledger.openLedger()).coverage()
        coverage.issues.forEach { Output.notice("warning: \($0)") }
        FrameworkOutput.list(coverage, format: format)
    }
}
