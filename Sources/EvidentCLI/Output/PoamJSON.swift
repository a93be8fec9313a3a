import ArgumentParser
import Foundation
import Ledger
import LedgerCore

enum PoamJSON {
    /// The record's own fields (same names as the YAML), plus the CMMC id, where it lives and,
    /// when `today` is given, whether it is overdue.
    static func value(_ r: PoamRecord, requirement: Requirement?, today: Day?, commit: CommitID?) -> RecordValue {
        guard case .map(var pairs) = r.recordValue else { return r.recordValue }
        pairs.removeAll { $0.0 == "schema" }
        if let i = pairs.firstIndex(where: { $0.0 == "requirement" }) {
            pairs.insert(("cmmc_id", requirement?.cmmcID.map(RecordValue.string) ?? .null), at: i + 1)
        }
        if let today { pairs.append(("overdue", .bool(isOverdue(r, today: today)))) }
        pairs.append(("path", .string(r.path)))
        if let commit { pairs.append(("commit", .string(commit.hex))) }
        return .map(pairs)
    }

    /// Open, and its scheduled completion has passed.
    static func isOverdue(_ r: PoamRecord, today: Day) -> Bool {
        r.status == "open" && r.scheduledCompletion < today
    }

    static func short(_ s: String) -> String {
        let line = s.replacingOccurrences(of: "\n", with: " ")
        return line.count > 60 ? String(line.prefix(57)) + "..." : line
    }
}
