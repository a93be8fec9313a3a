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
        let repo = try ledger.openLedger()
        let revision = try repo.resolve(at)
        var (records, issues) = try revision.evidence()
        issues.forEach { Output.notice("warning: \($0)") }
        if let control { records = records.filter { $0.controls.contains(control) } }
        records.sort { ($0.collectedAt, $0.id) > ($1.collectedAt, $1.id) }
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
