/// MET, NOT MET or N/A for one requirement at one day, with the chain of reasons
/// requirement -> controls -> evidence (32 CFR 170.24(b)).
public struct RequirementResult: Sendable {
    public enum Status: String, Sendable { case met, notMet = "not_met", notApplicable = "not_applicable" }

    public let requirement: Requirement
    public var status: Status
    /// Controls that map the requirement.
    public let controls: [String]
    /// Evidence valid at the day, for those controls.
    public let evidence: [String]
    public var reasons: [String]
    /// True when every applicable control is implemented with valid evidence (the requirement
    /// may still be NOT MET through a scoring attribute such as `mfa_scope`).
    public let controlsEffective: Bool

    public var isMetOrNA: Bool { status != .notMet }
}

/// The state of one control at one day.
public struct ControlState: Sendable {
    public let control: ControlRecord
    public let validEvidence: [(id: String, until: Day)]
    /// Why the control does not count, or nil when it is implemented with valid evidence.
    public let problem: String?

    public var isEffective: Bool { problem == nil && control.status == "implemented" }
}

public struct RequirementEvaluator: Sendable {
    public let controls: [ControlRecord]
    public let index: EvidenceIndex
    public let policy: LedgerConfig.Policy
    public let day: Day
    let byRequirement: [String: [ControlRecord]]
    let states: [String: ControlState]

    public init(controls: [ControlRecord], evidence: [EvidenceRecord], policy: LedgerConfig.Policy, day: Day) {
        self.controls = controls
        self.index = EvidenceIndex(evidence)
        self.policy = policy
        self.day = day
        var map = [String: [ControlRecord]]()
        for c in controls { for q in c.qualifiedRequirements { map[q, default: []].append(c) } }
        byRequirement = map
        var states = [String: ControlState]()
        for c in controls { states[c.id] = Self.state(of: c, index: index, policy: policy, day: day) }
        self.states = states
    }

    public func controls(for qualifiedID: String) -> [ControlRecord] { byRequirement[qualifiedID] ?? [] }
    public func state(of control: String) -> ControlState? { states[control] }

    static func state(of c: ControlRecord, index: EvidenceIndex, policy: LedgerConfig.Policy, day: Day) -> ControlState {
        // No-occurrence records are no evidence of a control operating (EvidenceValidity.isValid).
        let all = index.evidence(for: c.id).filter { !$0.noOccurrence }
        let valid = all.filter { EvidenceValidity.isValid($0, for: c, at: day, policy: policy) }
            .map { (id: $0.id, until: EvidenceValidity.end(of: $0, for: c, policy: policy)) }
        let problem: String?
        switch c.status {
        case "implemented":
            if !valid.isEmpty {
                problem = nil
            } else if let latest = all.first(where: { $0.collectedAt.day <= day }) {
                let end = EvidenceValidity.end(of: latest, for: c, policy: policy)
                problem = "\(c.id): its latest evidence \(latest.id) (collected \(latest.collectedAt.day)) expired on \(end)"
            } else if let future = all.last {
                problem = "\(c.id): no evidence collected on or before \(day) (the first, \(future.id), is from \(future.collectedAt.day))"
            } else if let statement = index.evidence(for: c.id).first(where: { $0.collectedAt.day <= day }) {
                problem = "\(c.id): no evidence (\(statement.id) is a no-occurrence record, which shows that no event happened, not that the control operates; it counts for SOC 2 Type 2 only)"
            } else {
                problem = "\(c.id): no evidence"
            }
        case "not_applicable":
            problem = nil
        default:
            problem = "\(c.id) is \(c.status.replacing("_", with: " ")), not implemented"
        }
        return ControlState(control: c, validEvidence: valid, problem: problem)
    }

    /// Evaluates a requirement served by `mapped` controls (usually those mapping it).
    public func evaluate(_ r: Requirement, controls mapped: [ControlRecord]? = nil) -> RequirementResult {
        let mapped = mapped ?? controls(for: r.qualifiedID)
        guard !mapped.isEmpty else {
            return RequirementResult(requirement: r, status: .notMet, controls: [], evidence: [], reasons: ["no control maps to it"], controlsEffective: false)
        }
        let applicable = mapped.filter { $0.status != "not_applicable" }
        if applicable.isEmpty {
            // Every control is not applicable with a justification: N/A counts as MET (32 CFR 170.24(b)(3)).
            return RequirementResult(requirement: r, status: .notApplicable, controls: mapped.map(\.id), evidence: [],
                                     reasons: mapped.map { "\($0.id) is not applicable: \($0.justification ?? "")" }, controlsEffective: true)
        }
        var reasons = [String]()
        var evidence = [String]()
        var effective = true
        for c in applicable {
            let s = states[c.id] ?? Self.state(of: c, index: index, policy: policy, day: day)
            if let problem = s.problem {
                reasons.append(problem)
                effective = false
            } else if let best = s.validEvidence.max(by: { $0.until < $1.until }) {
                reasons.append("\(c.id) is implemented; evidence \(best.id) is valid until \(best.until)")
            }
            evidence += s.validEvidence.map(\.id)
        }
        var seen = Set<String>()
        evidence = evidence.filter { seen.insert($0).inserted }
        return RequirementResult(requirement: r, status: effective ? .met : .notMet, controls: mapped.map(\.id), evidence: evidence,
                                 reasons: reasons, controlsEffective: effective)
    }
}

