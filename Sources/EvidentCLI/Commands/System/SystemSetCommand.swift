import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct SystemSetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Set fields of the system section (one commit, validated before anything is written).",
        discussion: """
        Fields: name, description, boundary, environments, scope, cage_codes, ssp.version, ssp.date, \
        roles.system_owner.name|title|email, roles.affirming_official.name|title|email, \
        roles.security_contact.name|title|email.
        Lists (cage_codes, environments) take items separated by commas, and may be repeated to add \
        more: cage_codes=7NW42,3KQ17 or cage_codes=7NW42 cage_codes=3KQ17. The items given replace \
        the stored list. An empty value removes a field: cage_codes=
        A CAGE code is 5 capital letters or digits (lower case is raised); scope is enterprise, \
        enclave or contract; ssp.date is YYYY-MM-DD; description and boundary may span lines. \
        A refused value (exit 65) names the field and what to write, and nothing is written.
        Example: evident system set name="Northwind CUI Enclave" scope=enclave cage_codes=7NW42 ssp.version=2.1 ssp.date=2026-10-15
        """
    )

    @Argument(help: ArgumentHelp("Fields to set.", valueName: "FIELD=VALUE")) var assignments: [String] = []
    @Option(help: "Output format: text or json (the system section after the change).") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let typed = try TypedInput.systemAssignments(assignments)
        let repo = try ledger.openLedger()
        let result = try SystemService(ledger: repo, environment: try ledger.environment()).set(typed)
        result.notices.forEach(Output.notice)
        SystemOutput.written(result, format: format)
    }
}
