import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct ExportHashesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hashes",
        abstract: "The snapshot's artifact hash list (DoD CMMC artifact hashing: SHA-256 of each artifact, then of the list).",
        discussion: """
        --format sha256sum (the default): without -o, prints the list on standard output ('evident export hashes NAME | \
        sha256sum -c -' checks the work tree from the ledger root) and writes nothing. With -o DIR, writes artifacts.sha256 \
        ('sha256sum -c' accepts it from the ledger root) and artifacts.sha256.sha256 (the hash of the list) into DIR.

        --format dod -o DIR: writes CMMCAssessmentArtifacts.log and CMMCAssessmentLogHash.log into DIR in the layout of the \
        DoD CIO's ArtifactHash.ps1 v1.11 (paths relative to the ledger root, CRLF, ASCII), and prints the two values an \
        assessor types into CMMC eMASS: Hashed Data List (the log's name) and Hash Value (its SHA-256).

        Files in DIR are never overwritten without --force.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case sha256sum, dod
    }

    @Argument(help: "Snapshot name.") var name: String
    @Option(help: "sha256sum (default) or dod (the DoD hashing script's two logs; needs -o DIR).") var format: Format = .sha256sum
    @OptionGroup var export: ExportOptions
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let service = SnapshotService(ledger: try ledger.openLedger(), environment: try ledger.environment())
        switch format {
        case .sha256sum:
            let (text, hash, count) = try service.hashList(name)
            guard export.output != nil else {
                if !text.isEmpty { Output.print(text) }
                return
            }
            let dir = try export.directory(ledger: ledger, what: "the hash list and its hash (artifacts.sha256, artifacts.sha256.sha256)")
            try export.write(files: [("artifacts.sha256", Data(text.utf8)), ("artifacts.sha256.sha256", Data("\(hash)  artifacts.sha256\n".utf8))], into: dir)
            ExportOutput.hashes((dir + "/artifacts.sha256", dir + "/artifacts.sha256.sha256", count, hash))
        case .dod:
            let logs = try service.dodLogs(name)
            let dir = try export.directory(ledger: ledger, what: "the two DoD logs (\(DoDHashLog.artifactsLogName), \(DoDHashLog.logHashName))")
            try export.write(files: [(DoDHashLog.artifactsLogName, logs.artifactsLog), (DoDHashLog.logHashName, logs.logHash)], into: dir)
            ExportOutput.dodLogs(logs, dir: dir)
        }
    }
}
