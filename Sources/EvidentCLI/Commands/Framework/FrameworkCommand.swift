import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct FrameworkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "framework",
        abstract: "The catalogs pinned in the ledger, their requirements and the controls that cover them.",
        subcommands: [FrameworkListCommand.self, FrameworkShowCommand.self, FrameworkMapCommand.self]
    )
}
