import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct ExportHashesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hashes",
        abstract: "The snapshot's artifact hash list (DoD CMMC artifact hashing: SHA-256 of each artifact, then of the list).",
        discussion: """
        Without -o, prints the list on standard output ('evident export hashes NAME | sha256sum -c -' checks the work tree \
        from the ledger root) and writes nothing. With -o DIR, writes artifacts.sha256 ('sha256sum -c' accepts it from the \
        ledger root) and artifacts.sha256.sha256 (the hash of the list) into DIR.
        """
    )
    @Argument(help: "Snapshot name.") var name: String
    @Option(name: .customShort("o"), help: ArgumentHelp("Output folder (default: the list on standard output).", valueName: "DIR")) var output: String?
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let service = SnapshotService(ledger: try ledger.openLedger(), environment: try ledger.environment())
        guard let output else {
            let text = try service.hashList(name).text
            if !text.isEmpty { Output.print(text) }
            return
        }
        let dir = output.hasPrefix("/") ? output : ledger.path + "/" + output
        ExportOutput.hashes(try service.exportHashes(name, to: dir))
    }
}
