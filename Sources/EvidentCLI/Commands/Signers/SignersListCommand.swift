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
        switch format {
        case .json:
            Output.json(.list(listing.signers.map { s in
                .map([
                    ("principal", .string(s.principals)),
                    ("key_type", .string(s.key.type)),
                    ("fingerprint", .string(s.fingerprint)),
                    ("namespaces", s.namespaces.map { .list($0.map(RecordValue.string)) } ?? .null),
                ])
            }))
        case .text:
            if listing.signers.isEmpty {
                Output.print("No allowed signers: add one with 'evident signers add PRINCIPAL KEY.pub'.")
                return
            }
            Output.print(Output.table(["PRINCIPAL", "KEY-TYPE", "FINGERPRINT"],
                                      listing.signers.map { [$0.principals, $0.key.type, $0.fingerprint] }))
        }
    }
}
