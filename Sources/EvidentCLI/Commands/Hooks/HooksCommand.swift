import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct HooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hooks",
        abstract: "Install the ledger's git hooks (pre-commit validation) in a clone.",
        subcommands: [HooksInstallCommand.self]
    )
}
