import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct AffirmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "affirm",
        abstract: "Record a senior official's CMMC affirmation (32 CFR 170.22) or a SOC 2 management assertion.",
        discussion: """
        Writes affirmations/<DATE>-cmmc-l<LEVEL>.yaml (or <DATE>-soc2.yaml) in one commit and prints its \
        path. CMMC asks for an affirmation after every assessment, after a POA&M closeout, and every year. \
        Without --statement, a standard statement in evident's own words is recorded.
        """
    )

    @Option(help: "cmmc or soc2.") var framework: String
    @Option(help: "The CMMC level: 1, 2 or 3 (cmmc only).") var level: Int?
    @Option(help: ArgumentHelp("The affirming official's name.", valueName: "NAME")) var official: String
    @Option(name: .customLong("official-title"), help: ArgumentHelp("The official's title.", valueName: "TITLE")) var officialTitle: String
    @Option(help: ArgumentHelp("The day of the affirmation (default today).", valueName: "DATE")) var date: String?
    @Option(help: ArgumentHelp("The statement, instead of the standard one.", valueName: "TEXT")) var statement: String?
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let result = try AffirmService(ledger: repo, environment: try ledger.environment()).run(.init(
            framework: framework, level: level, official: official, officialTitle: officialTitle, date: try TypedInput.day(date, .date), statement: statement))
        result.notices.forEach(Output.notice)
        result.warnings.forEach(Output.notice)
        Output.print(result.path)
    }
}
