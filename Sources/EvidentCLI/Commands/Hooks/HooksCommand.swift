import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct HooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hooks",
        abstract: "Install the ledger's git hooks in a clone: pre-commit (validation) and pre-push (clearance of the remote).",
        subcommands: [HooksInstallCommand.self, HooksPrePushCommand.self]
    )
}
