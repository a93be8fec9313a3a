import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the whole ledger: every snapshot, every record and artifact at HEAD. Exit 2 with one line per finding."
    )
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let (count, findings, notices) = try SnapshotService(ledger: try ledger.openLedger(), environment: try ledger.environment()).verifyAll()
        try VerifyOutput.report(findings, notices: notices, checked: "\(count) snapshot\(count == 1 ? "" : "s") and the records at HEAD", format: format)
    }
}
