import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct SnapshotVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check one snapshot: tag, history, manifest recomputed from its tree, artifact hashes, signature. Exit 2 with findings."
    )
    @Argument(help: "Snapshot name.") var name: String
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let findings = try SnapshotService(ledger: try ledger.openLedger(), environment: try ledger.environment()).verify(name)
        try VerifyOutput.report(findings, checked: "snapshot \(name)", format: format)
    }
}
