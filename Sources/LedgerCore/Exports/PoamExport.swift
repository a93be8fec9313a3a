/// The plan of action and milestones as an assessor receives it (32 CFR 170.21): one row per
/// POA&M item at the revision, open or closed, with both forms of its requirement id, the
/// requirement's title and points, and the SPRS Plan of Action completion date (cmmc-rules.md
/// §12.10: the latest scheduled completion of the Level 2 items open at the day, or none).
public struct PoamExport: Sendable {
    public struct Item: Sendable {
        public let record: PoamRecord
        /// The requirement in the revision's catalogs (nil when the catalogs no longer hold it).
        public let requirement: Requirement?
        /// What the requirement is worth: the points readiness deducts when it is NOT MET at the
        /// day (for 3.5.3 and 3.13.11 that is the partial-credit value, 3 or 5: cmmc-rules.md
        /// §12.5), else its catalog value; nil where there is none (3.12.4, Level 1 and Level 3).
        public let points: Int?

        /// The canonical id, `3.1.9` (the record's requirement without its catalog when unknown).
        public var requirementID: String {
            requirement?.id ?? String(record.requirement.split(separator: ":", maxSplits: 1).last ?? "")
        }

        /// The milestones in one line, `DATE TEXT; DATE TEXT`.
        public var milestonesLine: String {
            record.milestones.map { "\($0.date) \($0.description.replacingOccurrences(of: "\n", with: " "))" }.joined(separator: "; ")
        }
    }

    public let organization: String
    public let commit: String
    public let asOf: Day
    public let snapshot: String?
    /// Readiness's `plan_of_action_completion` at the day.
    public let planOfActionCompletion: Day?
    /// Opened first (then by id).
    public let items: [Item]

    /// `report` is readiness of the same records at the day with CMMC Level 2 computed.
    public static func build(_ input: ReadinessInput, report: ReadinessReport, commit: String, snapshot: String?) -> PoamExport {
        let results = Dictionary((report.cmmcL2?.requirements ?? []).map { ($0.base.requirement.qualifiedID, $0) }, uniquingKeysWith: { a, _ in a })
        let items = input.poams.sorted { ($0.opened, $0.id) < ($1.opened, $1.id) }.map { p -> Item in
            let requirement = input.catalogs.requirement(qualifiedID: p.requirement)
            var points = requirement?.points
            if let r = results[p.requirement], r.base.status == .notMet { points = r.deduction }
            return Item(record: p, requirement: requirement, points: points)
        }
        return PoamExport(organization: input.config.organization, commit: commit, asOf: report.asOf, snapshot: snapshot, planOfActionCompletion: report.cmmcL2?.planOfActionCompletion, items: items)
    }

    /// The column names, in order (CSV header, JSON keys of an item).
    public static let columns = ["id", "requirement", "cmmc_id", "title", "points", "weakness", "opened", "scheduled_completion",
                                 "milestones", "status", "closed", "plan_of_action_completion"]
}
