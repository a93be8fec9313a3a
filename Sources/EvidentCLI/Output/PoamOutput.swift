import Foundation
import Ledger
import LedgerCore

/// POA&M items as JSON values.
enum PoamJSON {
    /// The record's own fields (same names as the YAML), plus the CMMC id, where it lives and,
    /// when `today` is given, whether it is overdue.
    static func value(_ r: PoamRecord, requirement: Requirement?, today: Day?, commit: CommitID?) -> RecordValue {
        withRequirement(r.recordValue, requirement: requirement, extra: today.map { [("overdue", .bool(PoamService.isOverdue(r, today: $0)))] } ?? [],
                        path: r.path, commit: commit)
    }

    /// A record as the JSON of its commands shows it (POA&M items, exceptions): without `schema`,
    /// with `cmmc_id` after `requirement`, then `extra`, the file's `path` and, after a write, the `commit`.
    static func withRequirement(_ value: RecordValue, requirement: Requirement?, extra: [(String, RecordValue)], path: String, commit: CommitID?) -> RecordValue {
        guard case .map(var pairs) = value else { return value }
        pairs.removeAll { $0.0 == "schema" }
        if let i = pairs.firstIndex(where: { $0.0 == "requirement" }) {
            pairs.insert(("cmmc_id", requirement?.cmmcID.map(RecordValue.string) ?? .null), at: i + 1)
        }
        pairs += extra
        pairs.append(("path", .string(path)))
        if let commit { pairs.append(("commit", .string(commit.hex))) }
        return .map(pairs)
    }

    /// A text cut to one line of at most 60 characters, for the POA&M and exception listing tables.
    static func short(_ s: String) -> String {
        let line = s.replacingOccurrences(of: "\n", with: " ")
        return line.count > 60 ? String(line.prefix(57)) + "..." : line
    }
}

/// What `poam` commands print.
enum PoamOutput {
    /// POA&M items; `status` is the filter the user gave.
    static func list(_ listing: PoamService.Listing, status: PoamService.StatusFilter, today: Day, format: OutputFormat) {
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
                let scheduled = PoamService.isOverdue(r, today: today) ? "\(r.scheduledCompletion) (overdue)" : r.scheduledCompletion.description
                return [r.id, requirement, r.status, r.opened.description, scheduled, r.closed?.description ?? "-", PoamJSON.short(r.weakness)]
            }
            Output.print(Output.table(["ID", "REQUIREMENT", "STATUS", "OPENED", "SCHEDULED", "CLOSED", "WEAKNESS"], rows))
            let open = listing.items.filter { $0.record.status == "open" }.count
            let overdue = listing.items.filter { PoamService.isOverdue($0.record, today: today) }.count
            var summary = "\(listing.items.count) item\(listing.items.count == 1 ? "" : "s") (\(open) open"
            if overdue > 0 { summary += ", \(overdue) overdue as of \(today)" }
            Output.print(summary + ") at HEAD (\(listing.revision.commitID.short))")
        }
    }

    /// A new POA&M item: its id, or its record.
    static func added(_ result: PoamService.WriteResult, format: OutputFormat) {
        switch format {
        case .text: Output.print(result.record.id)
        case .json: Output.json(PoamJSON.value(result.record, requirement: result.requirement, today: nil, commit: result.commit))
        }
    }
}
