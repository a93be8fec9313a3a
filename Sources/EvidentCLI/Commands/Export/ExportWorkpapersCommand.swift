import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct ExportWorkpapersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workpapers",
        abstract: "SOC 2 Type 2 workpapers: each control's population, the sample drawn from a seed, and the request list, as CSV files and an index page.",
        discussion: """
        Computed from git objects at a revision (default HEAD). The occurrences follow soc2-rules.md section 3, the sample sizes section 5;
        the sample is drawn deterministically from the seed (default: derived from the ledger and the period), so the same ledger, period
        and seed always give the same sample. Writes criteria.csv, population.csv, sample.csv, requests.csv and index.html into -o DIR.
        """
    )

    @Option(help: ArgumentHelp("The observation period.", valueName: "FROM..TO")) var period: String
    @Option(help: ArgumentHelp("The seed the sample is drawn from.", valueName: "N")) var seed: UInt64?
    @Option(help: ArgumentHelp("A snapshot, tag, commit, branch or date.", valueName: "REV")) var at: String = "HEAD"
    @OptionGroup var export: ExportOptions
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        guard let period = try TypedInput.observationPeriod(period, .period) else { return }
        let dir = try export.directory(ledger: ledger, what: "the workpapers")
        let result = try WorkpapersService(ledger: repo, environment: try ledger.environment()).run(.init(at: at, period: period, seed: seed))
        let files = try WorkpapersOutput.files(result)
        try export.write(files: files, into: dir)
        Output.print("""
        SOC 2 Type 2 workpapers for \(period) written to \(export.output ?? dir):
        \(files.map { "  " + $0.name }.joined(separator: "\n"))
        \(result.controls.count) controls, \(result.controls.reduce(0) { $0 + $1.sample.count }) occurrences sampled, \(result.requests.count) requests
        Sample \(WorkpapersOutput.seedLine(result))
        """)
    }
}
