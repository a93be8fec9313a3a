import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct ExceptionReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Record a dated review of an open exception (a deficiency review).")

    @Argument(help: "The exception's id.") var id: String
    @Option(help: ArgumentHelp("The day of the review (default today).", valueName: "DATE")) var date: String?
    @Option(help: ArgumentHelp("What the review found.", valueName: "TEXT")) var note: String
    @Option(name: .customShort("m"), help: ArgumentHelp("Commit message body.", valueName: "MESSAGE")) var message: String?
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let result = try ExceptionService(ledger: repo, environment: try ledger.environment())
            .review(id: id, date: try TypedInput.day(date, .date), note: note, message: message)
        result.notices.forEach(Output.notice)
        let n = result.record.reviews.count
        Output.print("Reviewed \(result.record.id): \(n) review\(n == 1 ? "" : "s") recorded")
    }
}
