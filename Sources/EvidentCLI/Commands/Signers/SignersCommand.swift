import ArgumentParser
import Foundation
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
