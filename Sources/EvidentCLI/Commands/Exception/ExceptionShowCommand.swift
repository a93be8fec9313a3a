import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct ExceptionShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one exception at HEAD.")

    @Argument(help: "The exception's id (EXC-YYYYMMDD-XXXXXX).") var id: String
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let environment = try ledger.environment()
        let shown = try ExceptionService(ledger: repo, environment: environment).show(id: id)
        ExceptionOutput.show(shown.record, requirement: shown.requirement, today: environment.today, format: format)
    }
}
