import ArgumentParser
import Foundation
import Ledger
import LedgerCore

enum EvidenceJSON {
    /// The record's own fields (same names as record.yaml), plus where it lives.
    static func value(_ r: EvidenceRecord, commit: CommitID?) -> RecordValue {
        guard case .map(var pairs) = r.recordValue else { return r.recordValue }
        pairs.removeAll { $0.0 == "schema" }
        pairs.append(("path", .string(r.recordPath)))
        if let commit { pairs.append(("commit", .string(commit.hex))) }
        return .map(pairs)
    }
}
