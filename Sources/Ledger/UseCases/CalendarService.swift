import Foundation
import GitStore
import LedgerCore

/// `evident calendar`: every due date of cmmc-rules.md §12.11 (and the records' own dates) at a
/// revision and day, read from git objects and the snapshots.
public struct CalendarService {
    public struct Result: Sendable {
        public let revision: CommitID
        public let asOf: Day
        public let organization: String
        public let levels: [Int]
        public let items: [CalendarItem]
        /// The status held of each assessment type with a snapshot, per level (cmmc-rules.md §12.1).
        public let held: [HeldStatus]
        /// The committer time of the revision: an iCalendar export stamps its events with it, so
        /// the same revision gives the same bytes and a later one supersedes it.
        public let stamp: Timestamp
        /// Names this ledger in stable event ids, the same in every clone: a digest of its
        /// organization and creation time (ledger.yaml).
        public let ledgerKey: String
    }

    let ledger: LedgerRepository
    let environment: RunEnvironment

    public init(ledger: LedgerRepository, environment: RunEnvironment) {
        self.ledger = ledger
        self.environment = environment
    }

    /// `at`: a revision or a day (the last commit on or before it, judged at that day); `asOf`:
    /// the day the calendar is judged at (default: the day `at` names, else today).
    /// Throws `LedgerError` `.notFound` for an unknown revision, `.invalidInput` for records that
    /// do not parse.
    public func run(at: String = "HEAD", asOf: Day? = nil) throws -> Result {
        let revision = try ledger.resolve(at)
        let day = asOf ?? Day(at) ?? environment.today
        let (input, _) = try ReadinessService.input(at: revision)
        let assessments = try SnapshotService(ledger: ledger, environment: environment).assessments()
        let (levels, items, held) = Self.obligations(input, assessments: assessments, at: day)
        let committed = try revision.commitInfo().committer.time
        let key = String(Digest.sha256(Data("\(input.config.organization)\n\(input.config.createdAt)".utf8)).prefix(12))
        return Result(revision: revision.commitID, asOf: day, organization: input.config.organization, levels: levels, items: items, held: held,
                      stamp: Timestamp(secondsSince1970: committed.timeIntervalSince1970), ledgerKey: key)
    }

    /// The CMMC levels in scope, every due date and the status held of each assessment type at
    /// `day`, from a revision's records and the snapshots given (`evident report` gives those up
    /// to its revision). A pure function of its arguments.
    /// `evaluator`: one already made of the same input and day (the report's), else one is made.
    static func obligations(_ input: ReadinessInput, assessments: [AssessmentSnapshot], at day: Day,
                            evaluator given: RequirementEvaluator? = nil) -> (levels: [Int], items: [CalendarItem], held: [HeldStatus]) {
        let inScope = input.config.frameworks.map(\.id)
        let levels = [1, 2].filter { inScope.contains("cmmc-l\($0)") }
        let evaluator = given ?? RequirementEvaluator(controls: input.controls, evidence: input.evidence, policy: input.config.policy, day: day)
        let validity = input.controls.filter { $0.status == "implemented" }.sorted { $0.id < $1.id }.map { c in
            (control: c.id, until: evaluator.state(of: c.id)?.validEvidence.map(\.until).max())
        }
        let items = ComplianceCalendar.items(.init(levels: levels, assessments: assessments, affirmations: input.affirmations, poams: input.poams,
                                                   exceptions: input.exceptions, evidenceValidUntil: validity), at: day)
        let held = levels.flatMap { StatusHeld.all(level: $0, snapshots: assessments, at: day) }
        return (levels, items, held)
    }
}
