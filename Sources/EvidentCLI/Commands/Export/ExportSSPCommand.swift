import ArgumentParser
import Foundation
import Ledger
import LedgerCore

/// `--format` of `export ssp`.
enum SSPFormat: String, ExpressibleByArgument, CaseIterable {
    case markdown, html
}

struct ExportSSPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ssp",
        abstract: "The System Security Plan (CA.L2-3.12.4): the system, then each requirement in scope with its status, controls, evidence and exceptions.",
        discussion: """
        Computed from git objects at --at (default HEAD), never the work tree, and judged at that \
        revision's own day: a snapshot's as-of day, a date's day, or the day the commit was made. \
        The same revision gives the same bytes. Parts: CMMC Level 2 (and Level 1) requirements by \
        family, then the SOC 2 criteria with their controls when soc2 is in scope. The HTML form is \
        one self-contained file that prints cleanly. Writes to -o PATH (never over a file without \
        --force) or standard output.
        """
    )

    @Option(help: ArgumentHelp("A revision, snapshot or date (YYYY-MM-DD).", valueName: "REV")) var at: String = "HEAD"
    @Option(help: "Output format: markdown or html.") var format: SSPFormat = .markdown
    @OptionGroup var export: ExportOptions
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let (plan, issues) = try SSPExportService(ledger: try ledger.openLedger(), environment: try ledger.environment()).plan(at: at)
        issues.forEach { Output.notice("warning: \($0) (left out of the SSP; see 'evident validate')") }
        if !plan.missing.isEmpty {
            Output.notice("note: the system section lacks \(plan.missing.map(\.rawValue).joined(separator: ", ")); 'evident system show' lists the commands that set them")
        }
        let text = format == .html ? try SSPHTML.render(plan) : SSPMarkdown.render(plan)
        try export.write(Data(text.utf8), ledger: ledger)
    }
}
