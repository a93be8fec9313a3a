import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct PoamMilestoneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "milestone", abstract: "Change the steps of an open POA&M item's plan.",
        subcommands: [PoamMilestoneAddCommand.self])
}

struct PoamMilestoneAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a dated step to an open POA&M item, between the day it opened and its scheduled completion.")

    @Argument(help: "The item's id.") var id: String
    @Argument(help: ArgumentHelp("The step: \"DATE TEXT\".", valueName: "\"DATE TEXT\"")) var milestone: String
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let result = try PoamService(ledger: repo, environment: try ledger.environment()).addMilestone(id: id, try TypedInput.milestone(milestone, shownAs: "the step"))
        result.notices.forEach(Output.notice)
        Output.print("Added a milestone to \(result.record.id): \(result.record.milestones.count) step\(result.record.milestones.count == 1 ? "" : "s") in its plan")
    }
}
