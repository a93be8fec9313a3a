import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct SnapshotListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Snapshots, oldest first: kind, date, readiness, signature.")
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let service = SnapshotService(ledger: try ledger.openLedger(), environment: try ledger.environment())
        let snapshots = try service.list()
        let signers = try snapshots.map { try service.signer(of: $0) }
        switch format {
        case .json: Output.json(.list(zip(snapshots, signers).map { SnapshotJSON.value($0, signer: $1) }))
        case .text:
            if snapshots.isEmpty {
                Output.print("No snapshots yet: 'evident snapshot create NAME --kind KIND' tags the current state.")
                return
            }
            Output.print(Output.table(["NAME", "KIND", "AS OF", "READINESS", "SIGNED"], zip(snapshots, signers).map { s, v in
                [s.name, s.manifest?.kind ?? "?", s.manifest?.asOf.description ?? "?",
                 s.manifest.map { ReadinessSummary.lines($0).joined(separator: "; ") } ?? (s.manifestProblem ?? ""),
                 SnapshotJSON.signerText(s, v)]
            }))
        }
    }
}
