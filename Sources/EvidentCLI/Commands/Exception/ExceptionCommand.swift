import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct ExceptionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exception",
        abstract: "Enduring exceptions and temporary deficiencies of CMMC Level 2 requirements (32 CFR 170.24(b)(1)).",
        discussion: """
        While an exception is open and complete (an enduring exception names the SSP section that \
        describes it; a temporary deficiency has at least one dated action of its plan of action), \
        readiness scores its NOT MET requirement MET (cmmc-rules.md §12.7). Never for CA.L2-3.12.4.
        """,
        subcommands: [ExceptionAddCommand.self, ExceptionListCommand.self, ExceptionShowCommand.self, ExceptionReviewCommand.self, ExceptionCloseCommand.self]
    )
}
