import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct SnapshotShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One snapshot: its manifest, readiness and signature.")
    @Argument(help: "Snapshot name.") var name: String
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let service = SnapshotService(ledger: try ledger.openLedger(), environment: try ledger.environment())
        let s = try service.snapshot(named: name)
        let signer = try service.signer(of: s)
        SnapshotOutput.show(s, signer: signer, format: format)
        // A tag under assessment/ without evident's manifest is a finding, not a snapshot.
        if s.manifest == nil { throw GateNotMet() }
    }
}
