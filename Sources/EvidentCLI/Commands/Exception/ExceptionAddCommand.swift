import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct ExceptionAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Record an enduring exception or a temporary deficiency for a CMMC Level 2 requirement.",
        discussion: """
        Writes exceptions/EXC-<YYYYMMDD>-<XXXXXX>.yaml (the day it opens, a random part) in one commit \
        and prints the id. An enduring exception needs --ssp-section (32 CFR 170.24(b)(1)(i)); a \
        temporary deficiency needs at least one --action (170.24(b)(1)(ii)). CA.L2-3.12.4, CMMC Level 1 \
        and SOC 2 take none.
        """
    )

    @Argument(help: ArgumentHelp("The requirement: 3.13.11, SC.L2-3.13.11, nist-800-171r2:3.13.11 ...", valueName: "REQ"))
    var requirement: String
    @Option(help: ArgumentHelp("enduring or temporary.", valueName: "KIND")) var kind: String
    @Option(help: ArgumentHelp("What cannot be met, where, and why.", valueName: "TEXT")) var description: String
    @Option(name: .customLong("mitigation"), help: ArgumentHelp("What reduces the risk meanwhile (repeatable).", valueName: "TEXT"))
    var mitigations: [String] = []
    @Option(name: .customLong("ssp-section"), help: ArgumentHelp("Enduring: the SSP section that describes it.", valueName: "TEXT"))
    var sspSection: String?
    @Option(name: .customLong("action"), help: ArgumentHelp("Temporary: a dated step of the plan of action, \"DATE TEXT\" (repeatable).", valueName: "\"DATE TEXT\""))
    var actions: [String] = []
    @Option(help: ArgumentHelp("The day it opens (default today).", valueName: "DATE")) var opened: String?
    @Option(name: .customShort("m"), help: ArgumentHelp("Commit message body.", valueName: "MESSAGE")) var message: String?
    @Option(help: "Output format: text (the id) or json (the record).") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let result = try ExceptionService(ledger: repo, environment: try ledger.environment()).add(.init(
            requirement: requirement, kind: try TypedInput.choice(kind, .kind), description: description, mitigations: mitigations,
            sspSection: sspSection, actions: try actions.map(TypedInput.action), opened: try TypedInput.day(opened, .opened), message: message))
        result.notices.forEach(Output.notice)
        result.warnings.forEach(Output.notice)
        ExceptionOutput.written(result, format: format)
    }
}
