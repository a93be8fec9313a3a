import Foundation
import GitStore
import LedgerCore

/// `evident readiness`: loads every record of one revision from git objects (never the work
/// tree) and evaluates the frameworks at an as-of day.
public struct ReadinessService {
    public struct Options: Sendable {
        /// A revision, or a day (the last commit on or before it, judged at that day).
        public var at: String
        /// The day readiness is judged at; nil: the day `at` names, else today.
        public var asOf: Day?
        public var frameworks: [String]
        public var soc2Type: Int
        /// The SOC 2 Type 2 observation period.
        public var period: EvidenceRecord.Period?
        /// The Level 2 Conditional CMMC Status Date as SPRS shows it, when it differs from the
        /// snapshot's as-of day; nil: the snapshots decide (cmmc-rules.md §12.2).
        public var statusDate: Day?

        public init(at: String = "HEAD", asOf: Day? = nil, frameworks: [String] = [], soc2Type: Int = 1, period: EvidenceRecord.Period? = nil, statusDate: Day? = nil) {
            self.at = at
            self.asOf = asOf
            self.frameworks = frameworks
            self.soc2Type = soc2Type
            self.period = period
            self.statusDate = statusDate
        }
    }

    let ledger: LedgerRepository
    let environment: RunEnvironment

    public init(ledger: LedgerRepository, environment: RunEnvironment) {
        self.ledger = ledger
        self.environment = environment
    }

    /// Reads what readiness needs from a revision. Records that do not validate are reported
    /// as issues and left out.
    /// `evidence`, when given, stands for `revision.evidence()` (diff derives one side's
    /// evidence from the other's and the records that changed between them).
    /// Throws `LedgerError` `.notFound` or `.invalidInput` when the configuration or a catalog is missing or does not parse.
    public static func input(at revision: Revision, evidence known: (records: [EvidenceRecord], issues: [ValidationIssue])? = nil) throws -> (ReadinessInput, [ValidationIssue]) {
        let config = try revision.config()
        let catalogs = try revision.catalogs()
        let controls = try revision.controls(catalogs: catalogs)
        let evidence = try known ?? revision.evidence()
        let poams = try revision.poams()
        let affirmations = try revision.affirmations()
        let exceptions = try revision.exceptions()
        return (ReadinessInput(config: config, catalogs: catalogs, controls: controls.records, evidence: evidence.records,
                               poams: poams.records, affirmations: affirmations.records, exceptions: exceptions.records),
                controls.issues + evidence.issues + poams.issues + affirmations.issues + exceptions.issues)
    }

    /// Throws `InputError` (`.usage`, `.invalidInput`) for a bad date, period, type or framework,
    /// `LedgerError` `.notFound` for an unknown revision.
    public func run(_ o: Options) throws -> (ReadinessReport, [ValidationIssue]) {
        let revision = try ledger.resolve(o.at)
        var asOf = environment.today
        if let d = o.asOf {
            asOf = d
        } else if let d = Day(o.at) {
            asOf = d
        }
        let period = o.period
        try period?.requireObservation()
        guard o.soc2Type == 1 || o.soc2Type == 2 else { throw InputError.usage("\(field: .type) must be 1 or 2") }
        if o.soc2Type == 2 && period == nil { throw InputError.usage("\(field: .type) 2 needs the observation period: \(field: .period) FROM..TO") }
        if o.soc2Type == 1 && period != nil {
            throw InputError.usage("\(field: .period) is the observation period of SOC 2 Type 2: add \(field: .type) 2, or leave \(field: .period) out for Type 1 at \(field: .asOf)")
        }
        let statusDate = o.statusDate
        if let d = statusDate, d > asOf {
            throw InputError.invalid("\(field: .statusDate) \(d) is after the day readiness is judged at (\(asOf)): a status date is the day a Conditional status began; give \(asOf) or an earlier day")
        }
        var frameworks = [String]()
        for f in o.frameworks where f != "all" {
            guard ReadinessReport.supported.contains(f) else {
                throw InputError.usage("\(field: .framework) '\(f)': use \(ReadinessReport.supported.joined(separator: ", ")) or all")
            }
            frameworks.append(f)
        }
        var t0 = Date()
        let (input, issues) = try Self.input(at: revision)
        LedgerRuntime.release(input)
        trace("input", &t0)
        // The status held comes from the CMMC snapshots, each assessment type on its own
        // (cmmc-rules.md §12.1, §12.2); they also date the latest assessment for affirmation
        // freshness (32 CFR 170.22).
        let assessments = try SnapshotService(ledger: ledger, environment: environment).assessments()
        let request = ReadinessRequest(frameworks: frameworks, asOf: asOf, soc2Type: o.soc2Type, period: period,
                                       statusDate: statusDate, assessments: assessments)
        trace("headlines", &t0)
        let rr = (try ReadinessReport.evaluate(input, request, revision: revision.commit.hex), issues)
        trace("evaluate", &t0)
        return rr
    }
}
