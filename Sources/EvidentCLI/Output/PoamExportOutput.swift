import Foundation
import Ledger
import LedgerCore

/// `evident export poam`: CSV (one row per item, RFC 4180), Markdown or JSON.
enum PoamExportOutput {
    static func row(_ i: PoamExport.Item, _ e: PoamExport) -> [String] {
        let r = i.record
        return [r.id, i.requirementID, i.requirement?.cmmcID ?? "", i.requirement?.title ?? "", i.points.map(String.init) ?? "", r.weakness,
                r.opened.description, r.scheduledCompletion.description, i.milestonesLine, r.status, r.closed?.description ?? "",
                e.planOfActionCompletion?.description ?? ""]
    }

    static func csv(_ e: PoamExport) -> String {
        CSVText.document(header: PoamExport.columns, rows: e.items.map { row($0, e) })
    }

    static func json(_ e: PoamExport) -> String {
        JSONText.emit(.map([
            ("organization", .string(e.organization)),
            ("revision", .string(e.commit)),
            ("snapshot", .optional(e.snapshot)),
            ("as_of", .string(e.asOf.description)),
            ("plan_of_action_completion", .optional(e.planOfActionCompletion?.description)),
            ("items", .list(e.items.map { i in
                let r = i.record
                return .map([
                    ("id", .string(r.id)), ("requirement", .string(i.requirementID)), ("cmmc_id", .optional(i.requirement?.cmmcID)),
                    ("title", .optional(i.requirement?.title)), ("points", i.points.map(RecordValue.int) ?? .null),
                    ("weakness", .string(r.weakness)), ("opened", .string(r.opened.description)),
                    ("scheduled_completion", .string(r.scheduledCompletion.description)),
                    ("milestones", .list(r.milestones.map { .map([("date", .string($0.date.description)), ("description", .string($0.description))]) })),
                    ("status", .string(r.status)), ("closed", .optional(r.closed?.description)),
                ])
            })),
        ])) + "\n"
    }

    static func markdown(_ e: PoamExport) -> String {
        var out = ["# Plan of Action and Milestones: " + SSPMarkdown.escape(e.organization), ""]
        out.append("Computed by evident from commit \(e.commit)" + (e.snapshot.map { " (snapshot \($0))" } ?? "") + ", as of \(e.asOf).")
        out.append("")
        let open = e.items.filter { $0.record.status == "open" }.count
        out.append("\(e.items.count) item\(e.items.count == 1 ? "" : "s"), \(open) open. Plan of Action completion date (SPRS): "
                   + (e.planOfActionCompletion.map { "\($0), the latest scheduled completion of the open items." } ?? "none (no Level 2 item is open)."))
        out.append("")
        guard !e.items.isEmpty else { return out.joined(separator: "\n") + "\n" }
        let header = ["ID", "Requirement", "CMMC ID", "Title", "Points", "Weakness", "Opened", "Scheduled completion", "Milestones", "Status", "Closed"]
        out.append("| " + header.joined(separator: " | ") + " |")
        out.append("|" + header.map { _ in "---|" }.joined())
        for i in e.items {
            out.append("| " + row(i, e).prefix(11).map(SSPMarkdown.cell).joined(separator: " | ") + " |")
        }
        return out.joined(separator: "\n") + "\n"
    }
}
