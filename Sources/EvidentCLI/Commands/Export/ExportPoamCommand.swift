import ArgumentParser
import Foundation
import Ledger
import LedgerCore

/// `--format` of `export poam`.
enum PoamExportFormat: String, ExpressibleByArgument, CaseIterable {
    case csv, markdown, json
}

struct ExportPoamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poam",
        abstract: "The POA&M: one row per item, with both requirement id forms, points, milestones and the Plan of Action completion date.",
        discussion: """
        Columns: id, requirement (3.1.9), cmmc_id (AC.L2-3.1.9), title, points, weakness, opened, \
        scheduled_completion, milestones ("DATE TEXT; DATE TEXT"), status, closed and \
        plan_of_action_completion (the SPRS date, the same on every row). Points are what the \
        requirement costs when NOT MET at the day (3 or 5 for 3.5.3 and 3.13.11), else its value. \
        Computed from git objects at --at (default HEAD), judged at that revision's own day (a \
        snapshot's as-of day, a date's day, or the day the commit was made). CSV follows RFC 4180 \
        (CRLF, quotes doubled, UTF-8 with a byte order mark, so spreadsheets read it as is). \
        Writes to -o PATH (never over a file without --force) or standard output.
        """
    )

    @Option(help: ArgumentHelp("A revision, snapshot or date (YYYY-MM-DD).", valueName: "REV")) var at: String = "HEAD"
    @Option(help: "Output format: csv, markdown or json.") var format: PoamExportFormat = .csv
    @OptionGroup var export: ExportOptions
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let (items, issues) = try PoamExportService(ledger: try ledger.openLedger(), environment: try ledger.environment()).items(at: at)
        issues.forEach { Output.notice("warning: \($0) (left out; see 'evident validate')") }
        let text: String
        switch format {
        case .csv: text = PoamExportOutput.csv(items)
        case .markdown: text = PoamExportOutput.markdown(items)
        case .json: text = PoamExportOutput.json(items)
        }
        try export.write(Data(text.utf8), ledger: ledger)
    }
}
