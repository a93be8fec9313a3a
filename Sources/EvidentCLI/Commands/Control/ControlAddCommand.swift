import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct ControlAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a control to the library (one commit).",
        discussion: """
        Statuses: \(ControlRecord.statuses.joined(separator: ", ")) (not_applicable needs --justification).
        Frequencies: \(ControlRecord.frequencies.joined(separator: ", ")).
        Attributes: mfa_scope=all|remote_and_privileged|none (needs 3.5.3 mapped),
        encryption=fips_validated|not_fips_validated|none (needs 3.13.11 mapped).
        """
    )

    @Argument(help: "The control id (upper-case words joined by hyphens, like IAM-MFA).") var id: String
    @Option(help: "What the control does, in a line.") var title: String
    @Option(help: ArgumentHelp("Who is accountable for it.", valueName: "EMAIL")) var owner: String
    @Option(help: ArgumentHelp("How often it operates and is evidenced.", valueName: "F")) var frequency: String
    @Option(help: ArgumentHelp("Implementation status.", valueName: "S")) var status: String = "planned"
    @Option(help: "Why the control does not apply (required with --status not_applicable).") var justification: String?
    @Option(help: ArgumentHelp("A requirement it serves, in any form (repeatable).", valueName: "REQ")) var maps: [String] = []
    @Option(name: .customLong("attribute"), help: ArgumentHelp("A scoring attribute (repeatable).", valueName: "KEY=VALUE"))
    var attributes: [String] = []
    @Option(help: "More words about the control.") var description: String?
    @Option(name: .customLong("evidence-valid-for"), help: ArgumentHelp("How long its evidence stays valid (P1Y, P3M, P30D).", valueName: "DURATION"))
    var evidenceValidFor: String?
    @Option(help: "Output format: text or json (the record).") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let result = try ControlService(ledger: repo, environment: try ledger.environment()).add(.init(
            id: id, title: title, owner: owner, frequency: try TypedInput.choice(frequency, .frequency),
            status: try TypedInput.choice(status, .status), justification: justification, maps: maps,
            attributes: attributes, description: description, evidenceValidFor: try TypedInput.duration(evidenceValidFor, .evidenceValidFor)))
        ControlOutput.written(result, format: format, text: "Added control \(result.record.id): \(result.record.title)")
    }
}
