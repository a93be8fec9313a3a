import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct PoamListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List POA&M items at HEAD; open items past their scheduled completion are flagged overdue."
    )

    @Option(help: "open, closed or all.") var status: PoamService.StatusFilter = .all
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let today = try ledger.environment().today
        let listing = try PoamService(ledger: repo, environment: try ledger.environment()).list(status: status)
        listing.issues.forEach { Output.notice("warning: \($0)") }
        switch format {
        case .json:
            Output.json(.map([
                ("revision", .string(listing.revision.commitID.hex)),
                ("as_of", .string(today.description)),
                ("poams", .list(listing.items.map { PoamJSON.value($0.record, requirement: $0.requirement, today: today, commit: nil) })),
            ]))
        case .text:
            if listing.items.isEmpty {
                Output.print(status == .all ? "No POA&M items." : "No \(status.rawValue) POA&M items.")
                return
            }
            let rows = listing.items.map { item -> [String] in
                let r = item.record
                let requirement = item.requirement?.cmmcID.map { "\(r.requirement) (\($0))" } ?? r.requirement
                let scheduled = PoamJSON.isOverdue(r, today: today) ? "\(r.scheduledCompletion) (overdue)" : r.scheduledCompletion.description
                return [r.id, requirement, r.status, r.opened.description, scheduled, r.closed?.description ?? "-", PoamJSON.short(r.weakness)]
            }
            Output.print(Output.table(["ID", "REQUIREMENT", "STATUS", "OPENED", "SCHEDULED", "CLOSED", "WEAKNESS"], rows))
            let open = listing.items.filter { $0.record.status == "open" }.count
            let overdue = listing.items.filter { PoamJSON.isOverdue($0.record, today: today) }.count
            var summary = "\(listing.items.count) item\(listing.items.count == 1 ? "" : "s") (\(open) open"
            if overdue > 0 { summary += ", \(overdue) overdue as of \(today)" }
            Output.print(summary + ") at HEAD (\(listing.revision.commitID.short))")
        }
    }
}
