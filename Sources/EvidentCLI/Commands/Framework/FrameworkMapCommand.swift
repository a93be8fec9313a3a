import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct FrameworkMapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Related requirements in the other frameworks, and the controls that already serve them.",
        discussion: "The 800-171 to SOC 2 crosswalk suggests; it never gives credit on its own."
    )
    @Argument(help: "A requirement: 3.5.3, IA.L2-3.5.3, CC6.1, soc2:CC6.1 ...") var requirement: String
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let coverage = try FrameworkService(ledger: try ledger.openLedger()).coverage()
        coverage.issues.forEach { Output.notice("warning: \($0)") }
        let map = try coverage.map(requirement)
        FrameworkOutput.map(map, coverage: coverage, format: format)
    }
}
