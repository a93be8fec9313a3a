import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct FrameworkShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Requirements of a catalog with points and the controls that cover each.")
    @Argument(help: "A catalog (nist-800-171r2, cmmc-l1, cmmc-l3, soc2-2017) or framework (cmmc-l2, soc2).") var id: String
    @Option(help: ArgumentHelp("Only this family (AC, IA ...) or SOC 2 category (availability ...).", valueName: "CODE")) var family: String?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let coverage = try FrameworkService(ledger: try ledger.openLedger()).coverage()
        coverage.issues.forEach { Output.notice("warning: \($0)") }
        let view = try coverage.view(id, family: family)
        let catalog = view.catalog
        let reqs = view.requirements
        FrameworkOutput.show(catalog: catalog, requirements: reqs, coverage: coverage, format: format)
    }
}
