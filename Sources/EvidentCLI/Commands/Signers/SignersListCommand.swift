import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct SignersListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the allowed signers at HEAD: principal, key type, fingerprint."
    )

    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let listing = try SignersService(ledger: repo, environment: try ledger.environment()).list()
        listing.problems.forEach { Output.notice("warning: \($0)") }
        SignersOutput.list(listing, format: format)
    }
}
