import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct PoamCloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "close", abstract: "Close an open POA&M item once its weakness is fixed.")

    @Argument(help: "The item's id (POAM-YYYY-NNN).") var id: String
    @Option(help: ArgumentHelp("The day it was closed (default today).", valueName: "DATE")) var date: String?
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let result = try PoamService(ledger: repo, environment: try ledger.environment()).close(id: id, date: try TypedInput.day(date, .date))
        result.notices.forEach(Output.notice)
        Output.print("Closed \(result.record.id) on \(result.record.closed.map(\.description) ?? "?")")
    }
}
