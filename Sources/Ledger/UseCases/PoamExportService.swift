import Foundation
import LedgerCore

/// `evident export poam`: the POA&M items at a revision (`PoamExport`).
public struct PoamExportService {
    let ledger: LedgerRepository
    let environment: RunEnvironment

    public init(ledger: LedgerRepository, environment: RunEnvironment) {
        self.ledger = ledger
        self.environment = environment
    }

    /// Every POA&M item at `at` (a revision, snapshot or date; `ExportPoint` says which day it is
    /// judged at), and the records left out because they do not validate.
    /// Throws `LedgerError` `.notFound` for an unknown revision, `.invalidInput` when the
    /// configuration or a catalog does not parse.
    public func items(at: String) throws -> (export: PoamExport, issues: [ValidationIssue]) {
        try items(at: try ExportPoint.resolve(at, in: ledger, environment: environment), known: nil)
    }

    /// `items(at:)` at a point the caller has resolved, from `known`, the input of its revision,
    /// when the caller has it (a bundle: the snapshot's tag, 19 MB on the 100k bench ledger, is
    /// not read again to resolve it).
    func items(at point: ExportPoint, known: (ReadinessInput, [ValidationIssue])?) throws -> (export: PoamExport, issues: [ValidationIssue]) {
        // Level 2 is computed whatever the scope: it gives the points and the Plan of Action completion date.
        let (input, report, issues) = try point.readiness(frameworks: ["cmmc-l2"], known: known)
        return (PoamExport.build(input, report: report, commit: point.revision.commitID.hex, snapshot: point.snapshot), issues)
    }
}
