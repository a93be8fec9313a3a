import ArgumentParser
import Foundation
import GitStore
import Ledger
import LedgerCore

struct SignersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signers",
        abstract: "Who may sign snapshots: .evident/allowed_signers, in git's SSH allowed-signers format.",
        discussion: """
        Stock git verifies a signed snapshot with this file:
          git -c gpg.ssh.allowedSignersFile=.evident/allowed_signers verify-tag assessment/NAME
        """,
        subcommands: [SignersAddCommand.self, SignersListCommand.self]
    )
}

struct SignersAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Allow an SSH public key to sign snapshots.",
        discussion: """
        Appends 'PRINCIPAL namespaces="git" KEY' to .evident/allowed_signers in one commit. PRINCIPAL \
        is the signer's identity, usually the email address git records as the tagger.
        """
    )

    @Argument(help: ArgumentHelp("The signer's identity, usually an email address.", valueName: "PRINCIPAL"))
    var principal: String
    @Argument(help: ArgumentHelp("The signer's SSH public key file (for example ~/.ssh/id_ed25519.pub).", valueName: "PUBLIC-KEY-FILE"))
    var publicKeyFile: String
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let result = try SignersService(ledger: repo, environment: try ledger.environment()).add(principal: principal, publicKeyFile: publicKeyFile)
        result.notices.forEach(Output.notice)
        let s = result.signer
        Output.print("Added \(s.principals) (\(s.key.type) \(s.fingerprint)) to \(SignersService.path)")
    }
}

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
