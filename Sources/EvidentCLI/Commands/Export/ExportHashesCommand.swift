import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct ExportHashesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hashes",
        abstract: "The snapshot's artifact hash list (DoD CMMC artifact hashing: SHA-256 of each artifact, then of the list).",
        discussion: "Writes artifacts.sha256 ('sha256sum -c' accepts it from the ledger root) and artifacts.sha256.sha256 (the hash of the list)."
    )
    @Argument(help: "Snapshot name.") var name: String
    @Option(name: .customShort("o"), help: ArgumentHelp("Output folder (default: evident-hashes-NAME).", valueName: "DIR")) var output: String?
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let cwd = ledger.path
        let dir = output.map { $0.hasPrefix("/") ? $0 : cwd + "/" + $0 } ?? cwd + "/evident-hashes-\(name)"
        let r = try SnapshotService(ledger: try ledger.openLedger(), environment: try ledger.environment()).exportHashes(name, to: dir)
        ExportOutput.hashes(r)
    }
}
