import ArgumentParser
import Foundation
import Ledger
import LedgerCore

/// `--format` of `evident calendar`.
enum CalendarFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, ics
}

struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Every CMMC due date with days left: closeout, reassessment, affirmations, POA&M completions, evidence renewals.",
        discussion: """
        Computed from the status held (the snapshots) and the records at a revision (default HEAD), as of a day
        (default today). --format ics writes an iCalendar file to import into a calendar: each obligation keeps its
        event id when its date moves, so importing a later export updates the events instead of adding new ones.
        """
    )

    @Option(help: ArgumentHelp("A snapshot, tag, commit, branch or date.", valueName: "REV")) var at: String = "HEAD"
    @Option(name: .customLong("as-of"), help: ArgumentHelp("The day the calendar is judged at.", valueName: "DATE")) var asOf: String?
    @Option(help: "Output format: text, json or ics.") var format: CalendarFormat = .text
    @OptionGroup var export: ExportOptions
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let result = try CalendarService(ledger: repo, environment: try ledger.environment()).run(at: at, asOf: try TypedInput.day(asOf, .asOf))
        let text: String
        switch format {
        case .text: text = CalendarOutput.text(result)
        case .json: text = JSONText.emit(CalendarOutput.json(result)) + "\n"
        case .ics: text = CalendarOutput.ics(result)
        }
        try export.write(Data(text.utf8), ledger: ledger)
    }
}
