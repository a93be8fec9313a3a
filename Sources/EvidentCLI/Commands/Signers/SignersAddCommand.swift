import ArgumentParser
import Foundation
import Ledger
import LedgerCore

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
