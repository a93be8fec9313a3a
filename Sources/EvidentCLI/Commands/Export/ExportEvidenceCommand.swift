import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct ExportEvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "The evidence index: one row per artifact, with the requirements and criteria it supports.",
        discussion: """
        Columns (CSV header, JSON keys): \(EvidenceIndexOutput.columns.joined(separator: ", ")). cmmc_l2, cmmc_l1 and soc2 \
        list what the record counts for in readiness, from its controls' maps at the revision ('; ' between ids in CSV). \
        A no-occurrence record is one row with no_occurrence true and no path, bytes or sha256. CSV is RFC 4180 (UTF-8 \
        with a byte-order mark so spreadsheets read it as UTF-8, CRLF, header row); JSON is {revision, artifacts}. \
        The same revision gives the same bytes.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, json
    }

    @Option(help: ArgumentHelp("A snapshot, tag, branch, commit or date.", valueName: "REV")) var at: String = "HEAD"
    @Option(help: "csv (default) or json.") var format: Format = .csv
    @OptionGroup var export: ExportOptions
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let index = try EvidenceQueryService(ledger: try ledger.openLedger()).index(at: at, environment: try ledger.environment())
        index.issues.forEach { Output.notice("warning: \($0) (left out of the index)") }
        let data = format == .csv ? EvidenceIndexOutput.csv(index.rows) : EvidenceIndexOutput.json(index.rows, revision: index.revision.commitID.hex)
        try export.write(data, ledger: ledger)
    }
}
