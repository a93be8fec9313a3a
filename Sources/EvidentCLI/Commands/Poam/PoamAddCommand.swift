import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct PoamAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Open a POA&M item for a CMMC Level 2 or Level 3 requirement.",
        discussion: """
        Writes poam/POAM-<YYYY>-<NNN>.yaml (the year it opens, the next free number) in one commit and \
        prints the id. CMMC Level 1 allows no POA&M (32 CFR 170.21(a)(1)) and SOC 2 has none. A \
        requirement that may not be on a POA&M under 32 CFR 170.21(a)(2) is still recorded, with a warning.
        """
    )

    @Argument(help: ArgumentHelp("The requirement: 3.1.9, AC.L2-3.1.9, nist-800-171r2:3.1.9, AC.L3-3.1.2e ...", valueName: "REQ"))
    var requirement: String
    @Option(help: ArgumentHelp("What is not met, and why.", valueName: "TEXT")) var weakness: String
    @Option(name: .customLong("scheduled-completion"), help: ArgumentHelp("The day the weakness is planned to be fixed.", valueName: "DATE"))
    var scheduledCompletion: String
    @Option(name: .customLong("milestone"), help: ArgumentHelp("A step of the plan: \"DATE TEXT\" (repeatable).", valueName: "\"DATE TEXT\""))
    var milestones: [String] = []
    @Option(help: ArgumentHelp("The day the item opens (default today).", valueName: "DATE")) var opened: String?
    @Option(help: "Output format: text (the id) or json (the record).") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let result = try PoamService(ledger: repo, environment: try ledger.environment()).add(.init(
            requirement: requirement, weakness: weakness,
            scheduledCompletion: try TypedInput.day(scheduledCompletion, .scheduledCompletion),
            milestones: try milestones.map(TypedInput.milestone), opened: try TypedInput.day(opened, .opened)))
        result.notices.forEach(Output.notice)
        result.warnings.forEach(Output.notice)
        PoamOutput.added(result, format: format)
    }
}
