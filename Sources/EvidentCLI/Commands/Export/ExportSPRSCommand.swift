import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct ExportSPRSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sprs",
        abstract: "The fields a person types into SPRS for a CMMC snapshot (cmmc-rules.md §12.10).",
        discussion: """
        Level 1 (Self): level, status date, scope, CAGE codes, result. Level 2 (Self): score out of \
        110, assessment date (the snapshot's as-of day), scope, CAGE codes, SSP name, version and \
        date, Plan of Action completion date, assessment type. Without SNAPSHOT, the latest \
        cmmc-l1-self, cmmc-l2-self or cmmc-l2-c3pao snapshot (it says which). A cmmc-l2-c3pao \
        snapshot prints the same fields with assessment c3pao: the C3PAO enters that result itself. \
        Scope, CAGE codes and the SSP come from the system section of .evident/ledger.yaml at the \
        snapshot's commit (HEAD's for a field not set there). A field missing there is named with \
        the command that sets it, and the command exits 2 after printing. Writes to -o PATH (never \
        over a file without --force) or standard output.
        """
    )

    @Argument(help: "A snapshot of kind cmmc-l1-self, cmmc-l2-self or cmmc-l2-c3pao (default: the latest).") var snapshot: String?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var export: ExportOptions
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let result = try SPRSExportService(ledger: try ledger.openLedger(), environment: try ledger.environment()).entry(snapshot: snapshot)
        let e = result.entry
        // The text says which snapshot it is; JSON has only the SPRS keys, so stderr says it.
        if result.latest, format == .json { Output.notice("SPRS entry of snapshot \(e.snapshot), the latest CMMC snapshot (\(e.kind))") }
        if format == .json { SPRSOutput.notes(e).forEach(Output.notice) }
        try export.write(Data((format == .json ? SPRSOutput.json(e) : SPRSOutput.text(e, latest: result.latest)).utf8), ledger: ledger)
        guard e.missing.isEmpty else {
            for f in e.missing {
                Output.notice("gate: SPRS asks for \(f.rawValue), which is not set in .evident/ledger.yaml: \(f.setCommand)")
            }
            throw GateNotMet()
        }
    }
}
