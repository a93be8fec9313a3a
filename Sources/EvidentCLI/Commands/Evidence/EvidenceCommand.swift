import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Add evidence and read it back at any revision.",
        subcommands: [EvidenceAddCommand.self, EvidenceListCommand.self, EvidenceShowCommand.self]
    )
}
