import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct ControlSetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change fields of a control (one commit).",
        discussion: """
        Keys: title, description, owner, status, justification, frequency, evidence_valid_for,
        mfa_scope (or attributes.mfa_scope), encryption (or attributes.encryption).
        An empty value removes an optional field: evident control set IAM-MFA description=
        """
    )

    @Argument(help: "The control id.") var id: String
    @Argument(help: ArgumentHelp("Fields to change.", valueName: "KEY=VALUE")) var assignments: [String] = []
    @Option(help: "Output format: text or json (the record).") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let result = try ControlService(ledger: repo, environment: try ledger.environment()).set(id: id, assignments: assignments)
        ControlOutput.written(result, format: format, text: result.commit == nil
            ? "Control \(id) already has these values: nothing written"
            : "Updated control \(id): \(result.changes.joined(separator: ", "))")
    }
}
