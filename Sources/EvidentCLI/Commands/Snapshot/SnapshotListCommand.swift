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
        SnapshotOutput.list(snapshots, signers: signers, format: format)
    }
}
