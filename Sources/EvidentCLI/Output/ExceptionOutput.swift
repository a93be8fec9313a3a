import Foundation
import Ledger
import LedgerCore

/// Exceptions as JSON values.
enum ExceptionJSON {
    /// The record's own fields (same names as the YAML), plus the CMMC id after the requirement,
    /// `status` (open or closed), `complete` (whether it can score its requirement MET:
    /// cmmc-rules.md §12.7), where it lives and, for a write, the commit.
    static func value(_ r: ExceptionRecord, requirement: Requirement?, commit: CommitID?) -> RecordValue {
        PoamJSON.withRequirement(r.recordValue, requirement: requirement,
                                 extra: [("status", .string(r.closed == nil ? "open" : "closed")), ("complete", .bool(ExceptionRules.credits(r)))],
                                 path: r.path, commit: commit)
    }

}

/// What `exception` commands print.
enum ExceptionOutput {
    /// Exceptions at HEAD; `status` is the filter the user gave.
    static func list(_ listing: ExceptionService.Listing, status: ExceptionService.StatusFilter, today: Day, format: OutputFormat) {
        switch format {
        case .json:
            Output.json(.map([
                ("revision", .string(listing.revision.commitID.hex)),
                ("as_of", .string(today.description)),
                ("exceptions", .list(listing.items.map { ExceptionJSON.value($0.record, requirement: $0.requirement, commit: nil) })),
            ]))
        case .text:
            if listing.items.isEmpty {
                Output.print(status == .all ? "No exceptions." : "No \(status.rawValue) exceptions.")
                return
            }
            let rows = listing.items.map { item -> [String] in
                let r = item.record
                let requirement = item.requirement?.cmmcID.map { "\(r.requirement) (\($0))" } ?? r.requirement
                var state = r.closed == nil ? "open" : "closed"
                if r.closed == nil, !ExceptionRules.credits(r) { state += " (earns nothing)" }
                return [r.id, requirement, r.kind, state, r.opened.description, r.closed?.description ?? "-",
                        r.reviews.last.map(\.date.description) ?? "-", PoamJSON.short(r.description)]
            }
            Output.print(Output.table(["ID", "REQUIREMENT", "KIND", "STATUS", "OPENED", "CLOSED", "REVIEWED", "DESCRIPTION"], rows))
            let open = listing.items.filter { $0.record.closed == nil }.count
            let idle = listing.items.filter { $0.record.closed == nil && !ExceptionRules.credits($0.record) }.count
            var summary = "\(listing.items.count) exception\(listing.items.count == 1 ? "" : "s") (\(open) open"
            if idle > 0 { summary += ", \(idle) earning nothing: see 'evident exception show ID'" }
            Output.print(summary + ") at HEAD (\(listing.revision.commitID.short))")
        }
    }

    /// One exception.
    static func show(_ r: ExceptionRecord, requirement: Requirement?, today: Day, format: OutputFormat) {
        switch format {
        case .json:
            Output.json(ExceptionJSON.value(r, requirement: requirement, commit: nil))
        case .text:
            let name = requirement.map { "\(r.requirement)\($0.cmmcID.map { " (\($0))" } ?? "")  \($0.title)" } ?? r.requirement
            var lines = [
                "\(r.id)  \(r.kindName)  \(r.closed.map { "closed \($0)" } ?? "open")",
                "  requirement:  \(name)",
                "  opened:       \(r.opened)",
                "  description:  \(r.description)",
            ]
            if let s = r.sspSection { lines.append("  SSP section:  \(s)") }
            lines.append("  mitigations:\(r.mitigations.isEmpty ? "  none" : "")")
            lines += r.mitigations.map { "    - \($0)" }
            if r.isTemporary {
                lines.append("  actions:\(r.actions.isEmpty ? "      none" : "")")
                lines += r.actions.map { "    - \($0.date)  \($0.text)" }
            }
            lines.append("  reviews:\(r.reviews.isEmpty ? "      none" : "")")
            lines += r.reviews.map { "    - \($0.date)  \($0.note)" }
            if let rule = ExceptionRules.inapplicability(r.requirement) {
                lines.append("  not scored: \(rule)")
            } else if let missing = r.incompleteness {
                lines.append("  earns nothing: it \(missing) (cmmc-rules.md §12.7)")
            } else if r.isOpen(at: today) {
                lines.append("  while open, readiness scores the requirement MET if it is NOT MET otherwise (32 CFR 170.24(b)(1)(\(r.isEnduring ? "i" : "ii")); cmmc-rules.md §12.7)")
            }
            lines.append("  file:         \(r.path)")
            Output.print(lines.joined(separator: "\n"))
        }
    }

    /// A new exception: its id, or its record.
    static func written(_ result: ExceptionService.WriteResult, format: OutputFormat) {
        switch format {
        case .text: Output.print(result.record.id)
        case .json: Output.json(ExceptionJSON.value(result.record, requirement: result.requirement, commit: result.commit))
        }
    }
}
