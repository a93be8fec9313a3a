import ArgumentParser
import Foundation
import Ledger
import LedgerCore

enum ControlOutput {
    /// The record's own fields (same names as the YAML), plus where it lives.
    static func value(_ r: ControlRecord, commit: CommitID? = nil) -> RecordValue {
        guard case .map(var pairs) = r.recordValue else { return r.recordValue }
        pairs.removeAll { $0.0 == "schema" }
        pairs.append(("path", .string(r.path)))
        if let commit { pairs.append(("commit", .string(commit.hex))) }
        return .map(pairs)
    }

    /// A requirement as users read it: the bare id when it is unambiguous, else catalog:id.
    static func short(_ catalog: String, _ id: String, _ resolver: RequirementResolver) -> String {
        if case .success(let r) = resolver.resolve(id), r.catalog == catalog { return id }
        return "\(catalog):\(id)"
    }

    static func written(_ result: ControlService.Result, format: OutputFormat, text: String) {
        result.notices.forEach(Output.notice)
        switch format {
        case .json: Output.json(value(result.record, commit: result.commit))
        case .text: Output.print(result.commit.map { "\(text) (commit \($0.short))" } ?? text)
        }
    }
}
