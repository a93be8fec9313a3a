import Foundation
import GitStore
import LedgerCore

/// Whether a requirement may be on a POA&M that still allows a Conditional CMMC status.
///
/// Recording a plan is always allowed; this only explains, at `evident poam add`, why an item will
/// not help reach a Conditional status. The readiness engine applies the same rules (`CMMCRules`).
public enum PoamEligibility {
    /// Level 3 requirements that may never be on a POA&M (32 CFR 170.21(a)(3); cmmc-rules.md section 8).
    public static let level3Exclusions: Set<String> = ["3.6.1e", "3.6.2e", "3.11.1e", "3.11.4e", "3.11.6e", "3.11.7e", "3.14.3e"]

    /// Why `requirement` is not POA&M-eligible, or nil when it is. `evaluator` holds the controls
    /// (and, for 3.5.3 and 3.13.11, the evidence) at the same revision, judged today: the value
    /// comes from the function readiness uses, `CMMCReadiness.assess` (cmmc-rules.md §12.5).
    public static func problem(_ requirement: Requirement, evaluator: RequirementEvaluator) -> String? {
        switch requirement.catalog {
        case Catalogs.nistID:
            let assessed = CMMCReadiness.assess(requirement, evaluator: evaluator)
            guard !assessed.poamEligible else { return nil }
            // The value assess judged eligibility by: the partial-credit one for 3.5.3 and 3.13.11
            // (32 CFR 170.24(c)(2)(i)(B)(4)), which the message explains, else the catalog's.
            let credit = PartialCredit.assess(requirement, evaluator: evaluator)
            let rule = CMMCRules.ineligibility(requirement.id, cmmcID: requirement.cmmcID, deduction: credit?.value ?? requirement.points)
            return credit.map { rule + "; " + $0.valueReason } ?? rule
        case Catalogs.cmmcL3ID:
            guard level3Exclusions.contains(requirement.id) else { return nil }
            return "\(requirement.cmmcID ?? requirement.id) is one of the seven Level 3 requirements that may never be on a POA&M (32 CFR 170.21(a)(3))"
        default:
            return nil
        }
    }
}

/// `evident poam add|list|close`: plan of action and milestones items at `poam/<ID>.yaml`
/// (32 CFR 170.21). Each write is exactly one commit.
public struct PoamService {
    public struct AddOptions: Sendable {
        public var requirement: String
        public var weakness: String
        public var scheduledCompletion: Day
        public var milestones: [PoamRecord.Milestone]
        /// The day the weakness was found; nil: today.
        public var opened: Day?

        public init(requirement: String, weakness: String, scheduledCompletion: Day, milestones: [PoamRecord.Milestone] = [], opened: Day? = nil) {
            self.requirement = requirement
            self.weakness = weakness
            self.scheduledCompletion = scheduledCompletion
            self.milestones = milestones
            self.opened = opened
        }
    }

    public struct WriteResult: Sendable {
        public let record: PoamRecord
        public let requirement: Requirement?
        public let commit: CommitID
        /// Things the user should know that do not stop the write (printed on stderr).
        public let warnings: [String]
        public let notices: [String]
    }

    public struct Listing {
        public let revision: Revision
        public let items: [(record: PoamRecord, requirement: Requirement?)]
        public let issues: [ValidationIssue]
    }

    let ledger: LedgerRepository
    let environment: RunEnvironment

    public init(ledger: LedgerRepository, environment: RunEnvironment) {
        self.ledger = ledger
        self.environment = environment
    }

    /// Catalogs that take a POA&M: CMMC Level 2 (NIST SP 800-171 r2) and Level 3.
    public static let poamCatalogs = [Catalogs.nistID, Catalogs.cmmcL3ID]
    /// A Conditional status must be closed out within this many days (32 CFR 170.21(b)).
    public static let closeoutDays = 180

    // MARK: add

    /// Throws `InputError` `.invalidInput` for a bad date, weakness or milestone, `LedgerError`
    /// `.invalidInput` for a requirement that takes no POA&M, `.busy` when another writer holds the
    /// ledger, `.failure` when the commit cannot be written.
    public func add(_ o: AddOptions) throws -> WriteResult {
        // 1. Everything the user typed, before the ledger is read.
        let weakness = o.weakness.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !weakness.isEmpty else { throw InputError.invalid("\(field: .weakness) must not be empty: say what is not met and why") }
        guard weakness.count <= 2000 else { throw InputError.invalid("\(field: .weakness) is longer than 2000 characters: summarise it") }
        // It names the item in the commit summary, `poam list` and the POA&M export's one cell.
        try InputText.requireOneLine(weakness, field: .weakness, hint: "it is the item's summary in the commit, the list and the POA&M export")
        let today = environment.today
        var opened = today
        if let day = o.opened {
            opened = day
            guard opened <= today else {
                throw InputError.invalid("\(field: .opened) \(opened) is in the future (today is \(today)): a POA&M item is opened when the weakness is found")
            }
        }
        let scheduled = o.scheduledCompletion
        guard scheduled >= opened else {
            throw InputError.invalid("\(field: .scheduledCompletion) \(scheduled) is before the opening date \(opened): the plan must end after it starts")
        }
        var milestones = [PoamRecord.Milestone]()
        for given in o.milestones {
            let m = try Self.step(given)
            guard !milestones.contains(m) else {
                throw InputError.invalid("\(field: .milestone) '\(m.date) \(m.description)' is given twice: give each step once")
            }
            guard m.date >= opened else {
                throw InputError.invalid("\(field: .milestone) '\(m.date) \(m.description)': \(m.date) is before the opening date \(opened)")
            }
            // A step of the plan cannot fall after the plan's end (cmmc-rules.md §12.8).
            guard m.date <= scheduled else {
                throw InputError.invalid("\(field: .milestone) '\(m.date) \(m.description)': \(m.date) is after the scheduled completion \(scheduled): move the milestone earlier or the completion later")
            }
            milestones.append(m)
        }

        // 2. The requirement, resolved against the catalogs pinned at HEAD.
        let head = try ledger.resolve("HEAD")
        let catalogs = try head.catalogs()
        let requirement = try Self.resolvePoamRequirement(o.requirement, catalogs: catalogs)
        let author = try Identity.resolve(ledger.repository, environment: environment)

        // 3. Under the lock: the open-item check, the next id and the eligibility warning all read HEAD.
        let writer = LedgerWriter(ledger: ledger, environment: environment)
        let (commit, (record, warnings)) = try writer.commitReturning(action: "poam-add", author: author) { headCommit -> (CommitRequest, (PoamRecord, [String])) in
            var warnings = [String]()
            guard let headCommit else { throw LedgerError.notFound("the ledger has no commits") }
            let revision = try Revision(repository: ledger.repository, commit: headCommit, spec: "HEAD")
            let existing = try revision.poams().records
            if let open = existing.first(where: { $0.requirement == requirement.qualifiedID && $0.status == "open" }) {
                throw LedgerError.invalid("""
                \(Self.name(requirement)) already has an open POA&M item, \(open.id) (opened \(open.opened), scheduled \(open.scheduledCompletion)): \
                add milestones to that plan with 'evident poam milestone add \(open.id) "DATE TEXT"', or close it first with 'evident poam close \(open.id)'
                """)
            }
            // Unique without coordination between clones (a random part, as evidence ids have).
            var rng = environment.idGenerator(salt: headCommit.hex)
            var id = PoamRecord.makeID(opened: opened, using: &rng)
            let taken = Set(try revision.recordFiles(in: PoamRecord.folder).map(\.path))
            while taken.contains("\(PoamRecord.folder)/\(id).yaml") { id = PoamRecord.makeID(opened: opened, using: &rng) }
            let r = PoamRecord(id: id, requirement: requirement.qualifiedID, weakness: weakness, opened: opened,
                               scheduledCompletion: scheduled, milestones: milestones)
            try Self.check(r)
            let controls = try revision.controls(catalogs: catalogs).records
            // Evidence counts only for an implemented or partially implemented mapped control (MET,
            // partial credit); without one, the ledger's evidence is not read at all.
            let evidenced = controls.contains { c in
                c.qualifiedRequirements.contains(requirement.qualifiedID) && ["implemented", "partially_implemented"].contains(c.status)
            }
            let evaluator = RequirementEvaluator(controls: controls, evidence: evidenced ? try revision.evidence().records : [],
                                                 policy: try revision.config().policy, day: today)
            let met = requirement.catalog == Catalogs.nistID && CMMCReadiness.assess(requirement, evaluator: evaluator).base.status != .notMet
            if met {
                // cmmc-rules.md §12.8: recorded, with a warning that says the requirement is MET.
                warnings.append("warning: \(Self.cmmcName(requirement)) is MET at HEAD today (\(today)): an assessment would find no weakness to plan for. "
                    + "The plan is recorded as \(id); close it with 'evident poam close \(id)' if it was opened by mistake")
            } else if let problem = PoamEligibility.problem(requirement, evaluator: evaluator) {
                warnings.append("warning: \(problem). The plan is recorded as \(id), but while \(Self.cmmcName(requirement)) is NOT MET "
                    + "and on the POA&M the assessment cannot reach a Conditional status; readiness decides the status")
            }
            let days = scheduled.epochDay - opened.epochDay
            if days > Self.closeoutDays {
                warnings.append("warning: \(id) is scheduled \(days) days after it opens; a Conditional status expires unless the POA&M is closed out within \(Self.closeoutDays) days (32 CFR 170.21(b))")
            }
            return (CommitRequest(action: "poam-add", summary: Self.summary("Open \(id) for \(Self.cmmcName(requirement)): \(weakness)"),
                                  body: weakness.count > 80 ? weakness : nil,
                                  trailers: [("Poam-Id", id), ("Requirement", requirement.qualifiedID)],
                                  writes: [FileWrite(path: r.path, data: Data(CanonicalYAML.emit(r.recordValue).utf8))]), (r, warnings))
        }
        return WriteResult(record: record, requirement: requirement, commit: commit.commitID, warnings: warnings, notices: writer.notices)
    }

    // MARK: list

    /// Open, and its scheduled completion has passed by `today`.
    public static func isOverdue(_ r: PoamRecord, today: Day) -> Bool {
        r.status == "open" && r.scheduledCompletion < today
    }

    /// Which POA&M items a listing shows.
    public enum StatusFilter: String, Sendable, CaseIterable {
        case open, closed, all
    }

    /// POA&M items at HEAD, oldest first (by opening day, then id), with their requirement from
    /// the catalogs pinned there.
    /// Throws `LedgerError` `.notFound` when HEAD lacks the configuration, `.invalidInput` when a
    /// catalog does not parse.
    public func list(status: StatusFilter = .all) throws -> Listing {
        let revision = try ledger.resolve("HEAD")
        let catalogs = try revision.catalogs()
        let (records, issues) = try revision.poams()
        let items = records.filter { status == .all || $0.status == status.rawValue }
            .sorted { ($0.opened, $0.id) < ($1.opened, $1.id) }
            .map { ($0, catalogs.requirement(qualifiedID: $0.requirement)) }
        return Listing(revision: revision, items: items, issues: issues)
    }

    // MARK: close

    /// Throws `LedgerError` `.notFound` for an unknown item, `.invalidInput` for one already closed,
    /// `InputError` `.invalidInput` for a bad date, `.busy` when another writer holds the ledger,
    /// `.failure` when the commit cannot be written.
    public func close(id text: String, date: Day?) throws -> WriteResult {
        let id = text.trimmingCharacters(in: .whitespaces)
        let today = environment.today
        var closed = today
        if let date {
            closed = date
            guard closed <= today else {
                throw InputError.invalid("\(field: .date) \(closed) is in the future (today is \(today)): close an item once its weakness is fixed")
            }
        }
        return try updateOpenItem(id, action: "poam-close", closed: "is already closed", fix: "nothing to do") { r, name in
            guard closed >= r.opened else {
                throw InputError.invalid("\(field: .date) \(closed) is before \(r.id) was opened (\(r.opened)): an item closes on or after the day it opens")
            }
            r.status = "closed"
            r.closed = closed
            return "Close \(r.id) for \(name) on \(closed)"
        }
    }

    // MARK: milestone add

    /// Adds a step to an open item's plan. The milestone falls between the day the item opened
    /// and its scheduled completion (cmmc-rules.md §12.8), and is kept in date order.
    /// Throws `LedgerError` `.notFound` for an unknown item, `.invalidInput` for a closed one,
    /// `InputError` `.invalidInput` for a milestone outside the plan, `.busy` when another writer
    /// holds the ledger, `.failure` when the commit cannot be written.
    public func addMilestone(id text: String, _ milestone: PoamRecord.Milestone) throws -> WriteResult {
        let id = text.trimmingCharacters(in: .whitespaces)
        let step = try Self.step(milestone)
        let description = step.description
        return try updateOpenItem(id, action: "poam-milestone", closed: "is closed",
                                  fix: "a closed plan takes no more milestones; open a new item if the weakness is back") { r, name in
            guard milestone.date >= r.opened, milestone.date <= r.scheduledCompletion else {
                throw InputError.invalid("\(field: .milestone) '\(milestone.date) \(description)': \(r.id) runs from \(r.opened) to its scheduled completion \(r.scheduledCompletion); give a day in that range")
            }
            guard !r.milestones.contains(step) else {
                throw LedgerError.invalid("\(r.id) already has the milestone '\(step.date) \(step.description)': nothing to do")
            }
            r.milestones.append(step)
            // Stable: milestones of the same day keep the order they were added in.
            r.milestones = r.milestones.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
            return "Add a milestone to \(r.id) for \(name): \(step.date) \(step.description)"
        }
    }

    /// One commit changing the open item `id` at HEAD: `change` edits the record (given the
    /// requirement's name) and returns the commit summary; the result is validated as `validate`
    /// reads it. A closed item is refused with `closed` and `fix`.
    private func updateOpenItem(_ id: String, action: String, closed: String, fix: String,
                                _ change: (inout PoamRecord, String) throws -> String) throws -> WriteResult {
        let author = try Identity.resolve(ledger.repository, environment: environment)
        let writer = LedgerWriter(ledger: ledger, environment: environment)
        let (commit, (record, requirement)) = try writer.commitReturning(action: action, author: author) { headCommit -> (CommitRequest, (PoamRecord, Requirement?)) in
            guard let headCommit else { throw LedgerError.notFound("the ledger has no commits") }
            let revision = try Revision(repository: ledger.repository, commit: headCommit, spec: "HEAD")
            var r = try Self.existing(id, at: revision)
            guard r.status == "open", r.closed == nil else {
                throw LedgerError.invalid("\(r.id) \(closed) (on \(r.closed.map(\.description) ?? "an unknown day")): \(fix)")
            }
            let requirement = try revision.catalogs().requirement(qualifiedID: r.requirement)
            let summary = try change(&r, requirement.map(Self.cmmcName) ?? r.requirement)
            try Self.check(r)
            return (CommitRequest(action: action, summary: Self.summary(summary),
                                  trailers: [("Poam-Id", r.id), ("Requirement", r.requirement)],
                                  writes: [FileWrite(path: r.path, data: Data(CanonicalYAML.emit(r.recordValue).utf8))]), (r, requirement))
        }
        return WriteResult(record: record, requirement: requirement, commit: commit.commitID, warnings: [], notices: writer.notices)
    }

    // MARK: Helpers

    /// A milestone as typed, its text trimmed and checked: 1 to 500 characters on one line (it
    /// is a row of the POA&M export). Throws `InputError` naming `milestone`.
    static func step(_ given: PoamRecord.Milestone) throws -> PoamRecord.Milestone {
        let description = given.description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !description.isEmpty, description.count <= 500 else {
            throw InputError.invalid("\(field: .milestone) '\(given.date) \(given.description)': the text after the date must be 1 to 500 characters")
        }
        try InputText.requireOneLine(description, field: .milestone, hint: "one step of the plan")
        return PoamRecord.Milestone(date: given.date, description: description)
    }

    /// Resolves what the user typed to a requirement that takes a POA&M, or refuses with the rule.
    /// Throws `LedgerError` `.invalidInput`.
    public static func resolvePoamRequirement(_ text: String, catalogs: CatalogSet) throws -> Requirement {
        let requirement: Requirement
        switch catalogs.resolver.resolve(text) {
        case .success(let r): requirement = r
        case .failure(let e):
            let error = e.ledgerError
            throw LedgerError(error.kind, "\(error.message) ('evident framework show cmmc-l2' lists the requirements)")
        }
        switch requirement.catalog {
        case Catalogs.cmmcL1ID:
            throw LedgerError.invalid("""
            \(name(requirement)) is a CMMC Level 1 requirement, and Level 1 allows no POA&M (32 CFR 170.21(a)(1)): \
            every Level 1 requirement must be MET. Nothing was written
            """)
        case Catalogs.soc2ID:
            throw LedgerError.invalid("\(name(requirement)) is a SOC 2 criterion; SOC 2 has no POA&M (exceptions are reported in the auditor's report). Nothing was written")
        case let c where poamCatalogs.contains(c):
            return requirement
        default:
            throw LedgerError.invalid("\(name(requirement)) is not a CMMC Level 2 (nist-800-171r2) or Level 3 (cmmc-l3) requirement: only those take a POA&M")
        }
    }

    /// The item `id` at `revision`, or not found (exit 66) naming the closest ids.
    static func existing(_ id: String, at revision: Revision) throws -> PoamRecord {
        try revision.record(id, in: PoamRecord.folder, isValidID: PoamRecord.isValidID, PoamRecord.decode,
                            noun: "POA&M item", nouns: "POA&M items", list: "evident poam list")
    }

    /// Validates a record exactly as `evident validate` will read it back.
    static func check(_ r: PoamRecord) throws {
        let (checked, issues) = PoamRecord.decode(r.recordValue, file: r.path)
        guard checked != nil else { throw LedgerError.invalid(issues.map(\.description).joined(separator: "\n")) }
    }

    /// `AC.L2-3.1.9 (nist-800-171r2:3.1.9)` (exceptions word their requirement the same way).
    static func name(_ r: Requirement) -> String {
        r.cmmcID.map { "\($0) (\(r.qualifiedID))" } ?? r.qualifiedID
    }

    static func cmmcName(_ r: Requirement) -> String { r.cmmcID ?? r.qualifiedID }

    /// A commit summary line: one line, at most 100 characters.
    static func summary(_ s: String) -> String {
        let line = s.replacingOccurrences(of: "\n", with: " ")
        return line.count > 100 ? String(line.prefix(97)) + "..." : line
    }
}
