import Foundation
import LedgerCore

/// `evident export ssp`: the System Security Plan at a revision (`SystemSecurityPlan`).
public struct SSPExportService {
    let ledger: LedgerRepository
    let environment: RunEnvironment

    public init(ledger: LedgerRepository, environment: RunEnvironment) {
        self.ledger = ledger
        self.environment = environment
    }

    /// The plan at `at` (a revision, snapshot or date; `ExportPoint` says which day it is judged
    /// at), and the records left out because they do not validate.
    /// Throws `LedgerError` `.notFound` for an unknown revision, `.invalidInput` when the
    /// configuration or a catalog does not parse.
    public func plan(at: String) throws -> (plan: SystemSecurityPlan, issues: [ValidationIssue]) {
        try plan(at: try ExportPoint.resolve(at, in: ledger, environment: environment), known: nil)
    }

    /// `plan(at:)` at a point the caller has resolved, from `known`, the input of its revision,
    /// when the caller has it (a bundle: the snapshot's tag, 19 MB on the 100k bench ledger, is
    /// not read again to resolve it).
    func plan(at point: ExportPoint, known: (ReadinessInput, [ValidationIssue])?) throws -> (plan: SystemSecurityPlan, issues: [ValidationIssue]) {
        let (input, report, issues) = try point.readiness(known: known)
        return (SystemSecurityPlan.build(input, report: report, commit: point.revision.commitID.hex, snapshot: point.snapshot), issues)
    }
}
