import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct PoamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poam",
        abstract: "Plan of action and milestones items for NOT MET CMMC requirements (32 CFR 170.21).",
        subcommands: [PoamAddCommand.self, PoamListCommand.self, PoamCloseCommand.self, PoamMilestoneCommand.self]
    )
}
