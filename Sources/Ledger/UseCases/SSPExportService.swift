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
        try plan(at: at, known: nil)
    }

    /// `plan(at:)` from `known`, the input of the revision `at` names, when the caller has it.
    func plan(at: String, known: (ReadinessInput, [ValidationIssue])?) throws -> (plan: SystemSecurityPlan, issues: [ValidationIssue]) {
        let point = try ExportPoint.resolve(at, in: ledger, environment: environment)
        let (input, report, issues) = try point.readiness(known: known)
        return (SystemSecurityPlan.build(input, report: report, commit: point.revision.commitID.hex, snapshot: point.snapshot), issues)
    }
}
