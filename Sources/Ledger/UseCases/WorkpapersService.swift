import Foundation
import GitStore
import LedgerCore

/// `evident export workpapers`: what a SOC 2 Type 2 service auditor works from, computed from git
/// objects at a revision: for each in-scope criterion and control the population (the occurrences
/// of soc2-rules.md §3 and the records that evidence them), the sample of §5 drawn from a seed, and
/// the request list of what is missing (the "provided by client" list).
public struct WorkpapersService {
    public struct Options: Sendable {
        /// A revision or a day (the last commit on or before it).
        public var at: String
        public var period: EvidenceRecord.Period
        /// nil: `SampleDraw.defaultSeed` of the ledger and period.
        public var seed: UInt64?

        public init(at: String = "HEAD", period: EvidenceRecord.Period, seed: UInt64? = nil) {
            self.at = at
            self.period = period
            self.seed = seed
        }
    }

    /// One control's working paper.
    public struct ControlPaper: Sendable {
        public let control: ControlRecord
        /// The in-scope criteria it maps, in catalog order.
        public let criteria: [String]
        public let result: SOC2ControlResult
        /// Indices into `result.population`, in order.
        public let sample: [Int]
    }

    /// One line of the request list: what the auditor will ask for.
    public struct Request: Sendable {
        public let control: String?
        public let owner: String?
        public let criteria: [String]
        public let from: Day?
        public let to: Day?
        /// missing, uncovered_days, no_event_record, not_operating (a control not implemented) or
        /// no_control (a criterion no control maps).
        public let kind: String
        public let reason: String
    }

    public struct Result: Sendable {
        public let revision: CommitID
        public let organization: String
        public let period: EvidenceRecord.Period
        public let seed: UInt64
        /// The seed was given with --seed (else derived from the ledger and period).
        public let seedGiven: Bool
        public let soc2: SOC2Result
        public let controls: [ControlPaper]
        public let requests: [Request]
        /// The evidence records the papers name, by id.
        public let evidence: [String: EvidenceRecord]
    }

    let ledger: LedgerRepository
    let environment: RunEnvironment

    public init(ledger: LedgerRepository, environment: RunEnvironment) {
        self.ledger = ledger
        self.environment = environment
    }

    /// Throws `InputError` for a period that runs backwards or is longer than ten years,
    /// `LedgerError` `.notFound` for an unknown revision or when SOC 2 is not in scope.
    public func run(_ o: Options) throws -> Result {
        try o.period.requireObservation()
        let revision = try ExportPoint.revision(o.at, in: ledger, environment: environment)
        let (input, _) = try ReadinessService.input(at: revision)
        guard input.config.frameworks.contains(where: { $0.id == "soc2" }) else {
            throw LedgerError.notFound("SOC 2 is not in scope in \(Layout.configPath): Type 2 workpapers need it (add soc2 to the ledger's frameworks)")
        }
        let report = try ReadinessReport.evaluate(input, ReadinessRequest(frameworks: ["soc2"], asOf: environment.today, soc2Type: 2, period: o.period),
                                                  revision: revision.commitID.hex)
        guard let soc2 = report.soc2 else { throw LedgerError.notFound("SOC 2 readiness was not computed at \(o.at)") }
        let seed = o.seed ?? SampleDraw.defaultSeed(organization: input.config.organization, createdAt: input.config.createdAt, period: o.period)
        let inScope = Set(soc2.criteria.map(\.requirement.qualifiedID))
        let byID = Dictionary(input.controls.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let order = soc2.criteria.map(\.requirement.id)
        var papers = [ControlPaper]()
        var requests = [Request]()
        for r in soc2.controls {
            guard let c = byID[r.control] else { continue }
            let criteria = c.qualifiedRequirements.filter(inScope.contains).map { String($0.split(separator: ":").last ?? "") }
                .sorted { (order.firstIndex(of: $0) ?? .max) < (order.firstIndex(of: $1) ?? .max) }
            let sample = SampleDraw.draw(count: r.population.count, size: r.sampleSize, seed: seed, control: r.control)
            papers.append(ControlPaper(control: c, criteria: criteria, result: r, sample: sample))
            for g in r.gaps where g.kind != .partialNotTested {
                requests.append(Request(control: c.id, owner: c.owner, criteria: criteria, from: g.from, to: g.to,
                                        kind: g.kind?.rawValue ?? (c.status == "implemented" ? "missing" : "not_operating"), reason: g.reason))
            }
        }
        for criterion in soc2.criteria where criterion.controls.isEmpty {
            requests.append(Request(control: nil, owner: nil, criteria: [criterion.requirement.id], from: o.period.from, to: o.period.to, kind: "no_control",
                                    reason: "no control maps \(criterion.requirement.id) (\(criterion.requirement.title)): map one (evident control map ID \(criterion.requirement.id))"))
        }
        let named = Set(papers.flatMap { $0.result.population.compactMap(\.evidence) })
        let evidence = Dictionary(input.evidence.filter { named.contains($0.id) }.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return Result(revision: revision.commitID, organization: input.config.organization, period: o.period, seed: seed, seedGiven: o.seed != nil,
                      soc2: soc2, controls: papers, requests: requests, evidence: evidence)
    }
}
