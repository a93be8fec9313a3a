import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct ControlListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the controls at HEAD.")

    @Option(help: ArgumentHelp("Only controls serving this framework (cmmc-l1, cmmc-l2, cmmc-l3, soc2 or a catalog id).", valueName: "F"))
    var framework: String?
    @Option(help: ArgumentHelp("Only controls with this status.", valueName: "S")) var status: String?
    @Flag(help: "Only controls that map nothing (with --framework: nothing in that framework).") var unmapped = false
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let l = try ControlService(ledger: repo, environment: try ledger.environment()).list(framework: framework, status: try TypedInput.choice(status, .status, kind: .usage), unmapped: unmapped)
        l.issues.forEach { Output.notice("warning: \($0)") }
        ControlOutput.list(l, format: format)
    }
}
