import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct ExceptionCloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close", abstract: "Close an open exception: from that day it no longer scores its requirement MET.")

    @Argument(help: "The exception's id.") var id: String
    @Option(help: ArgumentHelp("The day it was closed (default today).", valueName: "DATE")) var date: String?
    @Option(name: .customShort("m"), help: ArgumentHelp("Commit message body.", valueName: "MESSAGE")) var message: String?
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let result = try ExceptionService(ledger: repo, environment: try ledger.environment())
            .close(id: id, date: try TypedInput.day(date, .date), message: message)
        result.notices.forEach(Output.notice)
        Output.print("Closed \(result.record.id) on \(result.record.closed.map(\.description) ?? "?")")
    }
}
