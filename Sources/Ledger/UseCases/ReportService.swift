import Foundation
import GitStore
import LedgerCore

/// `evident report`: everything the static readiness site shows, as one value computed from git
/// objects at one revision (issue 13 §8). Nothing is recomputed that a service already decides:
/// readiness and the status held (`ReadinessReport`, the snapshots as `assessments()` reads
/// them), the diff (`DiffService`), the calendar (`CalendarService`), the evidence index
/// (`ArtifactIndex`), and each snapshot's result as its manifest recorded it.
///
/// The day comes from the revision as `ExportPoint` decides (a snapshot's as-of day, a date, or
/// the commit's day), never the clock. The snapshots read are those "up to the revision" (as the
/// OSCAL assessment results read them): their commit is the revision's or one of its ancestors.
/// So the same revision gives the same report, until a snapshot is taken of it or of an ancestor.
public struct ReportService {
    /// One snapshot's readiness as its manifest recorded it (never recomputed under today's
    /// rules: a later evident may judge the same tree otherwise, and the snapshot keeps what
    /// was assessed; `ReadinessRules`).
    public struct TrendPoint: Sendable, Equatable {
        public let name: String
        public let kind: String
        public let asOf: Day
        public let createdAt: Timestamp
        public let commit: CommitID
        /// CMMC Level 2, when recorded: the SPRS score (nil when the assessment was incomplete)
        /// and the assessed result.
        public let sprsScore: Int?
        public let cmmcL2Status: String?
        /// CMMC Level 1, when recorded: requirements MET (N/A counted as MET) of all.
        public let cmmcL1Met: Int?
        public let cmmcL1Total: Int?
        public let cmmcL1Status: String?
        /// SOC 2, when recorded: the report type, the criteria ready, the criteria that apply
        /// (N/A counted apart, soc2-rules.md §2) and the status.
        public let soc2Type: Int?
        public let soc2Ready: Int?
        public let soc2Applicable: Int?
        public let soc2Status: String?

        /// The share of the SOC 2 criteria that apply which are ready, 0...1; nil when SOC 2 was
        /// not recorded or no criterion applied.
        public var soc2Share: Double? {
            guard let ready = soc2Ready, let applicable = soc2Applicable, applicable > 0 else { return nil }
            return Double(ready) / Double(applicable)
        }
    }

    /// An implemented control whose best evidence ends within `expiringWithin` days of the
    /// report's day, or has already ended (the control then has no valid evidence).
    public struct Expiring: Sendable, Equatable {
        public let control: String
        public let evidence: String
        public let title: String
        public let validUntil: Day
        /// From the report's day to `validUntil`: negative once it has expired.
        public let days: Int
    }

    /// A control at the report's day: the record, its evidence valid that day (newest first)
    /// and why it does not count, when it does not.
    public struct ControlView: Sendable {
        public let record: ControlRecord
        public let evidence: [(id: String, until: Day)]
        public let problem: String?
    }

    public struct Report: Sendable {
        public let revision: CommitID
        /// What `--at` said (`HEAD`, a snapshot name, a date ...).
        public let spec: String
        public let asOf: Day
        /// The snapshot `--at` named, when it named one.
        public let snapshot: String?
        public let organization: String
        /// The revision's committer time: the report's own date line (never the clock).
        public let committedAt: Timestamp
        /// Every framework in scope at `asOf` (SOC 2 as Type 1), with the status held from the
        /// snapshots up to the revision.
        public let readiness: ReadinessReport
        /// One per snapshot up to the revision, by as-of day, then creation, then name.
        public let trend: [TrendPoint]
        /// The latest snapshot up to the revision that is not of the revision's own commit, and
        /// the diff from it to the revision (nil when there is none).
        public let previous: TrendPoint?
        public let diff: ReadinessDiff?
        /// By day, then control.
        public let expiring: [Expiring]
        public let expiringWithin: Int
        /// The CMMC levels in scope, the due dates and the status held (`evident calendar`).
        public let levels: [Int]
        public let calendar: [CalendarItem]
        public let held: [HeldStatus]
        /// Every control, by id.
        public let controls: [ControlView]
        /// The evidence index (`evident export evidence`).
        public let evidence: [ArtifactIndexRow]
        /// Records that do not validate (left out, as readiness leaves them out).
        public let issues: [ValidationIssue]
        /// Snapshots left out of the trend, and why.
        public let notices: [String]
    }

    /// Evidence is "expiring soon" when its last valid day is at most this many days after the report's day.
    public static let expiringWithin = 30

    let ledger: LedgerRepository
    let environment: RunEnvironment

    public init(ledger: LedgerRepository, environment: RunEnvironment) {
        self.ledger = ledger
        self.environment = environment
    }

    var repository: Repository { ledger.repository }

    /// The report at `spec` (a revision, snapshot or date, as every export takes).
    /// Throws `LedgerError` `.notFound` for an unknown revision or a catalog in scope that is not
    /// pinned, `.invalidInput` for a date that is no day or a configuration that does not read,
    /// `.failure` when git objects cannot be read.
    public func report(at spec: String) throws -> Report {
        let point = try ExportPoint.resolve(spec, in: ledger, environment: environment)
        let revision = point.revision
        let day = point.asOf
        var t0 = Date()
        let (input, issues) = try ReadinessService.input(at: revision)
        trace("report: input", &t0)
        let (upTo, trend, notices) = try snapshots(upTo: revision)
        trace("report: snapshots", &t0)
        // The status held as `evident readiness` works it out (cmmc-rules.md §12.1), from the
        // snapshots up to the revision only.
        let assessments = try SnapshotService(ledger: ledger, environment: environment).assessments().filter { upTo.contains($0.name) }
        let previous = trend.last { $0.commit != revision.commitID }
        let from = try previous.map { p in
            DiffService.Side(spec: p.name, revision: try ledger.resolve("refs/tags/" + SnapshotService.tagPrefix + p.name), asOf: p.asOf, snapshot: nil)
        }

        // Two halves at once: the diff with the previous snapshot (the only one that reads the
        // repository), and everything computed from the revision's input, which is pure.
        enum Part {
            case diff(ReadinessDiff?, [ValidationIssue])
            case pages(ReadinessReport, [ControlView], RequirementEvaluator, CalendarParts, [ArtifactIndexRow])
        }
        typealias CalendarParts = (levels: [Int], items: [CalendarItem], held: [HeldStatus])
        let parts = try ConcurrentMap.map([0, 1], batch: 1) { half -> Part in
            if half == 0 {
                guard let from else { return .diff(nil, []) }
                let to = DiffService.Side(spec: spec, revision: revision, asOf: day, snapshot: nil)
                // Both sides without their manifests: SOC 2 is compared as Type 1, as the overview shows it.
                // Side B is this revision, whose input is read already: side A is derived from it.
                let (diff, issues) = try DiffService(ledger: ledger, environment: environment).compare(from, to, frameworks: [], assessments: assessments,
                                                                                                      knownTo: (input, issues))
                return .diff(diff, issues)
            }
            // One evaluation of every control at the day, for readiness, the control pages and the calendar.
            let evaluator = RequirementEvaluator(controls: input.controls, evidence: input.evidence, policy: input.config.policy, day: day)
            let readiness = try ReadinessReport.evaluate(input, ReadinessRequest(frameworks: [], asOf: day, assessments: assessments),
                                                         revision: revision.commit.hex, evaluator: evaluator)
            let controls = input.controls.sorted { $0.id < $1.id }.map { c in
                let state = evaluator.state(of: c.id)
                return ControlView(record: c, evidence: state?.validEvidence ?? [], problem: state?.problem)
            }
            let calendar = CalendarService.obligations(input, assessments: assessments, at: day, evaluator: evaluator)
            let rows = ArtifactIndex.rows(evidence: input.evidence, controls: input.controls, catalogs: input.catalogs,
                                          validUntil: EvidenceQueryService.validUntil(input.evidence, controls: input.controls, policy: input.config.policy))
            return .pages(readiness, controls, evaluator, calendar, rows)
        }
        guard case .diff(let diff, let diffIssues) = parts[0], case .pages(let readiness, let controls, let evaluator, let calendarParts, let rows) = parts[1] else {
            throw LedgerError(.failure, "the report's parts did not come back in order")
        }
        let (levels, calendar, held) = calendarParts
        trace("report: diff and pages", &t0)
        let committed = try revision.commitInfo().committer.time
        var seen = Set<String>()
        return Report(revision: revision.commitID, spec: spec, asOf: day, snapshot: point.snapshot, organization: input.config.organization,
                      committedAt: Timestamp(secondsSince1970: committed.timeIntervalSince1970), readiness: readiness, trend: trend,
                      previous: previous, diff: diff,
                      expiring: Self.expiring(input.controls, index: evaluator.index, policy: input.config.policy, at: day, within: Self.expiringWithin),
                      expiringWithin: Self.expiringWithin, levels: levels, calendar: calendar, held: held, controls: controls, evidence: rows,
                      issues: (issues + diffIssues).filter { seen.insert($0.description).inserted }, notices: notices)
    }

    /// The names of the snapshots whose commit is `revision`'s or an ancestor of it, and the
    /// trend points of those whose manifest reads, ordered by as-of day, creation and name.
    /// A snapshot whose manifest does not read is left out of the trend with a notice.
    func snapshots(upTo revision: Revision) throws -> (names: Set<String>, trend: [TrendPoint], notices: [String]) {
        let service = SnapshotService(ledger: ledger, environment: environment)
        let tags = try wrap("listing tags") { try repository.tagNames(matching: SnapshotService.tagPrefix + "*") }
        var names = Set<String>()
        var trend = [TrendPoint]()
        var notices = [String]()
        // What each tag object gives the trend, from the cache when it was read before (a
        // manifest is megabytes on a large ledger; the trend needs a dozen of its fields).
        var cache = TrendCache(gitDirectory: repository.gitDirectory)
        defer { cache.save() }
        var read: [(name: String, entry: TrendCache.Entry)] = []
        for tag in tags.sorted() {
            let name = String(tag.dropFirst(SnapshotService.tagPrefix.count))
            let entry: TrendCache.Entry
            let id = (try? repository.referenceTarget("refs/tags/" + tag)).flatMap { $0 }
            if let id, let known = cache.entries[id] {
                entry = known
            } else {
                let s: Snapshot
                do { s = try service.snapshot(named: name, artifacts: false) } catch let e as LedgerError where e.kind == .invalidInput {
                    notices.append("snapshot \(name) is left out of the trend: \(e.message)")
                    continue
                }
                entry = TrendCache.Entry(target: s.tag.target, targetIsCommit: s.tag.targetKind == .commit,
                                         point: s.manifest.map { Self.point($0, commit: s.commit) }, problem: s.manifestProblem)
                if s.tag.id == id { cache.insert(s.tag.id, entry) }
            }
            read.append((name, entry))
        }
        // Which snapshots the revision's history holds: one walk back from it, ended once every
        // snapshot's commit was met (an ancestry check per snapshot walks the history each time).
        var pending = Set(read.filter(\.entry.targetIsCommit).map(\.entry.target))
        var reached = Set<ObjectID>()
        if !pending.isEmpty {
            try wrap("walking history") {
                try repository.walk(from: revision.commit) { c in
                    if pending.remove(c.id) != nil { reached.insert(c.id) }
                    return !pending.isEmpty
                }
            }
        }
        for (name, entry) in read {
            guard entry.targetIsCommit, reached.contains(entry.target) else { continue }
            names.insert(name)
            guard let point = entry.point else {
                notices.append("snapshot \(name) is left out of the trend: \(entry.problem ?? "no manifest"); run 'evident snapshot verify \(name)'")
                continue
            }
            trend.append(point)
        }
        trend.sort { ($0.asOf, $0.createdAt.seconds, $0.name) < ($1.asOf, $1.createdAt.seconds, $1.name) }
        return (names, trend, notices)
    }

    /// What a manifest recorded (`ReadinessReport.snapshotSummary`): per framework its result,
    /// and the statuses of its requirements or criteria, from which the SOC 2 criteria that
    /// apply are counted (every one not N/A).
    static func point(_ m: SnapshotManifest, commit: CommitID) -> TrendPoint {
        let frameworks = m.readiness.listValue ?? []
        func framework(_ id: String) -> RecordValue? { frameworks.first { $0["id"]?.stringValue == id } }
        let l2 = framework("cmmc-l2"), l1 = framework("cmmc-l1"), soc2 = framework("soc2")
        var applicable: Int?
        if let soc2 {
            if let criteria = soc2["criteria"]?.mapPairs {
                applicable = criteria.filter { $0.1.stringValue != SOC2CriterionResult.Status.notApplicable.rawValue }.count
            } else {
                applicable = soc2["total"]?.intValue
            }
        }
        return TrendPoint(name: m.name, kind: m.kind, asOf: m.asOf, createdAt: m.createdAt, commit: commit,
                          sprsScore: l2?["score"]?.intValue, cmmcL2Status: l2?["status"]?.stringValue,
                          cmmcL1Met: l1?["met"]?.intValue, cmmcL1Total: l1?["total"]?.intValue, cmmcL1Status: l1?["status"]?.stringValue,
                          soc2Type: soc2?["type"]?.intValue, soc2Ready: soc2?["ready"]?.intValue, soc2Applicable: applicable,
                          soc2Status: soc2?["status"]?.stringValue)
    }

    /// Each implemented control whose best evidence (the one valid longest, among the records
    /// collected on or before `day`) ends within `within` days of `day`, or ended before it:
    /// newer evidence that lasts longer keeps a control off the list, as in readiness's own
    /// expiring list. A control with no evidence at all is not here (readiness says "no
    /// evidence"); no-occurrence records are no evidence (`EvidenceValidity.isValid`).
    static func expiring(_ controls: [ControlRecord], index: EvidenceIndex, policy: LedgerConfig.Policy, at day: Day, within: Int) -> [Expiring] {
        var out = [Expiring]()
        for c in controls where c.status == ControlStatus.implemented.rawValue {
            let collected = index.evidence(for: c.id).filter { !$0.noOccurrence && $0.collectedAt.day <= day }
            let ends = collected.map { (record: $0, until: EvidenceValidity.end(of: $0, for: c, policy: policy)) }
            guard let best = ends.max(by: { ($0.until, $0.record.id) < ($1.until, $1.record.id) }) else { continue }
            let days = best.until.epochDay - day.epochDay
            if days <= within {
                out.append(Expiring(control: c.id, evidence: best.record.id, title: best.record.title, validUntil: best.until, days: days))
            }
        }
        return out.sorted { ($0.validUntil, $0.control) < ($1.validUntil, $1.control) }
    }
}
