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
        let (revision, records) = (listing.revision, listing.records)
        let today = try ledger.environment().today
        switch format {
        case .json:
            Output.json(.map([
                ("revision", .string(revision.commitID.hex)),
                ("evidence", .list(records.map { EvidenceJSON.value($0, commit: nil) })),
            ]))
        case .text:
            if records.isEmpty {
                Output.print(control.map { "No evidence for \($0) at \(at)." } ?? "No evidence at \(at).")
                return
            }
            let rows = records.map { r -> [String] in
                [r.id, r.collectedAt.day.description, r.validUntil.map { $0 < today ? "\($0) (expired)" : $0.description } ?? "-",
                 r.controls.joined(separator: ","), r.title]
            }
            Output.print(Output.table(["ID", "COLLECTED", "VALID UNTIL", "CONTROLS", "TITLE"], rows))
            Output.print("\(records.count) evidence record\(records.count == 1 ? "" : "s") at \(at) (\(revision.commitID.short))")
        }
    }
}
