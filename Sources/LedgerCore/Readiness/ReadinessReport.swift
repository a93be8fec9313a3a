/// Everything readiness reads from one revision of a ledger.
public struct ReadinessInput: Sendable {
    public var config: LedgerConfig
    public var catalogs: CatalogSet
    public var controls: [ControlRecord]
    public var evidence: [EvidenceRecord]
    public var poams: [PoamRecord]
    public var affirmations: [AffirmationRecord]
    /// Enduring exceptions and temporary deficiencies (cmmc-rules.md §12.7).
    public var exceptions: [ExceptionRecord]

    public init(config: LedgerConfig, catalogs: CatalogSet, controls: [ControlRecord], evidence: [EvidenceRecord],
                poams: [PoamRecord], affirmations: [AffirmationRecord], exceptions: [ExceptionRecord] = []) {
        self.config = config
        self.catalogs = catalogs
        self.controls = controls
        self.evidence = evidence
        self.poams = poams
        self.affirmations = affirmations
        self.exceptions = exceptions
    }
}

/// What to compute.
public struct ReadinessRequest: Sendable {
    /// `cmmc-l1`, `cmmc-l2`, `soc2`; empty means every framework in scope.
    public var frameworks: [String]
    public var asOf: Day
    /// SOC 2 report type: 1 (at the as-of day) or 2 (over `period`).
    public var soc2Type: Int
    public var period: EvidenceRecord.Period?
    /// `--status-date`: the Level 2 Conditional CMMC Status Date as SPRS shows it, when it differs
    /// from the snapshot's as-of day (`StatusHeld.assumingConditional`).
    public var statusDate: Day?
    /// The CMMC snapshots (the assessments) the status held is worked out from (cmmc-rules.md
    /// §12.1); nil: no status held is computed (a snapshot manifest records what its tree alone
    /// decides, so it leaves the status held out).
    public var assessments: [AssessmentSnapshot]?

    public init(frameworks: [String] = [], asOf: Day, soc2Type: Int = 1, period: EvidenceRecord.Period? = nil,
                statusDate: Day? = nil, assessments: [AssessmentSnapshot]? = nil) {
        self.frameworks = frameworks
        self.asOf = asOf
        self.soc2Type = soc2Type
        self.period = period
        self.statusDate = statusDate
        self.assessments = assessments
    }
}

/// Evidence whose validity ends soon, for the "expiring" list.
public struct ExpiringEvidence: Sendable {
    public let evidence: String
    public let control: String
    public let validUntil: Day
    public let days: Int
}

/// Readiness of every requested framework at one revision and day. A pure function of the
/// records and the day (DESIGN.md principle 5).
public struct ReadinessReport: Sendable {
    public let revision: String
    public let asOf: Day
    public let cmmcL2: CMMCLevel2Result?
    public let cmmcL1: CMMCLevel1Result?
    public let soc2: SOC2Result?
    public let expiring: [ExpiringEvidence]
    /// The order frameworks were asked for.
    public let order: [String]
    public let notes: [String]

    public static let supported = ["cmmc-l1", "cmmc-l2", "soc2"]

    /// `evaluator`: one already made of the same input at `request.asOf` (a caller that also
    /// needs each control's state), else one is made here.
    public static func evaluate(_ input: ReadinessInput, _ request: ReadinessRequest, revision: String,
                                evaluator given: RequirementEvaluator? = nil) throws -> ReadinessReport {
        let inScope = input.config.frameworks.map(\.id)
        var wanted = request.frameworks.isEmpty ? inScope.filter(supported.contains) : request.frameworks
        var notes = [String]()
        if request.frameworks.isEmpty, inScope.contains("cmmc-l3") {
            notes.append("cmmc-l3 is in scope, but Level 3 is assessed only by DCMA DIBCAC after Final Level 2 (C3PAO) with a score of 110 (32 CFR 170.18(a), 170.24(c)(3); cmmc-rules.md §12.9); evident reports Levels 1 and 2 and SOC 2")
        }
        for f in wanted where !supported.contains(f) {
            throw LedgerError.usage("readiness for '\(f)' is not computed: use \(supported.joined(separator: ", ")) or all")
        }
        wanted = supported.filter(wanted.contains).sorted { (inScope.firstIndex(of: $0) ?? 9) < (inScope.firstIndex(of: $1) ?? 9) }
        let day = request.asOf
        let evaluator = given ?? RequirementEvaluator(controls: input.controls, evidence: input.evidence, policy: input.config.policy, day: day)
        func catalog(_ id: String) throws -> Catalog {
            guard let c = input.catalogs.catalog(id) else { throw LedgerError.notFound("the catalog \(id) is not pinned in this ledger (.evident/catalogs/)") }
            return c
        }
        var l2: CMMCLevel2Result?
        var l1: CMMCLevel1Result?
        var soc2: SOC2Result?
        if wanted.contains("cmmc-l2") {
            l2 = CMMCReadiness.level2(catalog: try catalog(Catalogs.nistID), evaluator: evaluator, poams: input.poams,
                                      affirmations: input.affirmations, asOf: day, assessments: request.assessments, statusDate: request.statusDate,
                                      exceptions: input.exceptions)
        }
        if wanted.contains("cmmc-l1") {
            l1 = CMMCReadiness.level1(catalog: try catalog(Catalogs.cmmcL1ID), nistCatalog: Catalogs.nistID, evaluator: evaluator,
                                      affirmations: input.affirmations, asOf: day, assessments: request.assessments)
        }
        if wanted.contains("soc2") {
            let categories = input.config.frameworks.first { $0.id == "soc2" }?.categories ?? ["security"]
            let cat = try catalog(Catalogs.soc2ID)
            if request.soc2Type == 2 {
                guard let period = request.period else { throw LedgerError.usage("SOC 2 Type 2 needs an observation period: --period FROM..TO") }
                soc2 = SOC2Readiness.type2(catalog: cat, categories: categories, controls: input.controls, index: evaluator.index,
                                           period: period, grace: input.config.policy.grace, sampleSizes: input.config.policy.sampleSizes)
            } else {
                soc2 = SOC2Readiness.type1(catalog: cat, categories: categories, evaluator: evaluator)
            }
        }
        // Evidence that keeps an implemented control effective today and ends within 90 days,
        // unless newer evidence for the same control lasts longer.
        var expiring = [ExpiringEvidence]()
        for c in input.controls where c.status == "implemented" {
            guard let best = evaluator.state(of: c.id)?.validEvidence.max(by: { $0.until < $1.until }) else { continue }
            let days = best.until.epochDay - day.epochDay
            if days <= 90 { expiring.append(ExpiringEvidence(evidence: best.id, control: c.id, validUntil: best.until, days: days)) }
        }
        expiring.sort { ($0.validUntil, $0.control) < ($1.validUntil, $1.control) }
        return ReadinessReport(revision: revision, asOf: day, cmmcL2: l2, cmmcL1: l1, soc2: soc2, expiring: expiring, order: wanted, notes: notes)
    }

    /// NOT MET Level 2 requirements ordered by the points their fix would win back.
    public var fixes: [CMMCRequirementResult] {
        (cmmcL2?.requirements ?? []).filter { $0.base.status == .notMet }
            .sorted { (($0.deduction ?? 99), $1.base.requirement.id) > (($1.deduction ?? 99), $0.base.requirement.id) }
    }
}
