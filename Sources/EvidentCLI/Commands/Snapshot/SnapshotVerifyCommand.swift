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
    @Option(name: .customLong("tag-object"), help: ArgumentHelp(
        "Check this tag object as assessment/NAME before any ref names it (for the pre-receive hook; also in a bare repository).", valueName: "OID"))
    var tagObject: String?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        // A tag object is checked from git objects only: a bare repository will do.
        let repo = tagObject == nil ? try ledger.openLedger() : try ledger.openLedger(allowEmptyBare: true)
        let r = try SnapshotService(ledger: repo, environment: try ledger.environment()).verify(name, tagObject: tagObject)
        try VerifyOutput.report(r.findings, notices: r.notices, checked: "snapshot \(name)", format: format)
    }
}
