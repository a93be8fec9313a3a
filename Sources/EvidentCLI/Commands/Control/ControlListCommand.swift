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
        let l = try ControlService(ledger: repo, environment: try ledger.environment()).list(framework: framework, status: status, unmapped: unmapped)
        l.issues.forEach { Output.notice("warning: \($0)") }
        switch format {
        case .json:
            Output.json(.map([
                ("revision", .string(l.revision.commitID.hex)),
                ("controls", .list(l.records.map { ControlOutput.value($0) })),
            ]))
        case .text:
            if l.records.isEmpty {
                Output.print("No controls match at HEAD (\(l.revision.commitID.short)).")
                return
            }
            let resolver = l.catalogs.resolver
            let rows = l.records.map { r -> [String] in
                let reqs = l.catalog.map { c in r.maps.first { $0.catalog == c }?.requirements ?? [] }
                    ?? r.maps.flatMap { m in m.requirements.map { ControlOutput.short(m.catalog, $0, resolver) } }
                return [r.id, r.status, r.frequency, r.owner, reqs.isEmpty ? "-" : reqs.joined(separator: ", "), r.title]
            }
            Output.print(Output.table(["ID", "STATUS", "FREQUENCY", "OWNER", l.catalog.map { "MAPS (\($0))" } ?? "MAPS", "TITLE"], rows))
            Output.print("\(l.records.count) control\(l.records.count == 1 ? "" : "s") at HEAD (\(l.revision.commitID.short))")
        }
    }
}
