/// The System Security Plan that CA.L2-3.12.4 requires (NIST SP 800-171 r2 3.12.4; 32 CFR
/// 170.24(c)(2)(i)(B)(5)), as values: the system section, then for each framework in scope its
/// requirements by family, each with its status at the day, the controls that implement it and
/// the evidence that supports them, N/A justifications, and the enduring exceptions and
/// temporary deficiencies open on it (which cmmc-rules.md §12.7 says the SSP shows), with their
/// mitigations and plans. A pure function of the records of one revision and a day, so the
/// same revision gives the same plan.
///
/// Parts, in this order: CMMC Level 2 (the 110 NIST SP 800-171 r2 requirements) when cmmc-l2 is
/// in scope, CMMC Level 1 (the 15 FAR 52.204-21 requirements, served by the controls of their
/// 800-171 counterparts too, as readiness judges them) when cmmc-l1 is, then SOC 2 (the
/// criteria of the categories in scope, judged as Type 1 at the day, with their controls).
public struct SystemSecurityPlan: Sendable {
    /// A piece of evidence valid for a control at the day.
    public struct EvidenceEntry: Sendable {
        public let record: EvidenceRecord
        /// The last day it counts for the control (`EvidenceValidity.end`).
        public let validUntil: Day
    }

    /// A control that serves a requirement, with its state at the day.
    public struct ControlEntry: Sendable {
        public let control: ControlRecord
        /// Evidence valid at the day, newest first.
        public let evidence: [EvidenceEntry]
        /// Why it does not count at the day (not implemented, no or expired evidence), or nil.
        public let problem: String?
    }

    /// One requirement or criterion.
    public struct Entry: Sendable {
        public let requirement: Requirement
        /// met, not_met or not_applicable (CMMC); ready, not_ready or not_applicable (SOC 2).
        public let status: String
        /// Points deducted at the day (CMMC Level 2 when NOT MET; nil otherwise and for 3.12.4).
        public let deduction: Int?
        /// Readiness's reasons, or a SOC 2 criterion's gaps.
        public let reasons: [String]
        public let controls: [ControlEntry]
        /// The open POA&M item on it at the day (CMMC Level 2).
        public let poam: PoamRecord?
        /// Enduring exceptions and temporary deficiencies open on it at the day, in id order
        /// (CMMC Level 2; cmmc-rules.md §12.7).
        public let exceptions: [ExceptionRecord]
        /// The exception that scores it MET, when one does.
        public let creditedException: String?
        /// The other catalog's requirements it corresponds to (a Level 1 requirement's 800-171 ids).
        public let counterparts: [String]

        /// Why each not-applicable control does not apply (32 CFR 170.24(b)(3)).
        public var justifications: [(control: String, justification: String)] {
            controls.filter { $0.control.status == ControlStatus.notApplicable.rawValue }.map { ($0.control.id, $0.control.justification ?? "") }
        }
    }

    public struct Family: Sendable {
        public let code: String
        public let name: String
        public let entries: [Entry]
    }

    public struct Part: Sendable {
        /// cmmc-l2, cmmc-l1 or soc2.
        public let framework: String
        public let catalog: Catalog
        public let families: [Family]
    }

    public let organization: String
    /// The system section (empty when the ledger has none yet).
    public let system: SystemSection
    public let frameworks: [FrameworkScope]
    /// The commit the plan was computed at.
    public let commit: String
    /// The day statuses are judged at.
    public let asOf: Day
    /// The snapshot the revision was named by, when it was.
    public let snapshot: String?
    /// Readiness at the day (SOC 2 as Type 1), from the same records.
    public let report: ReadinessReport
    public let parts: [Part]

    /// The plan of the records in `input` at `asOf`. `report` is readiness of the same input at
    /// the same day (every framework in scope, SOC 2 Type 1); `commit` and `snapshot` name the revision.
    public static func build(_ input: ReadinessInput, report: ReadinessReport, commit: String, snapshot: String?) -> SystemSecurityPlan {
        let day = report.asOf
        let evaluator = RequirementEvaluator(controls: input.controls, evidence: input.evidence, policy: input.config.policy, day: day)
        let byID = Dictionary(input.controls.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let poams = Dictionary(input.poams.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var openExceptions = [String: [ExceptionRecord]]()
        for e in input.exceptions.filter({ $0.isOpen(at: day) }).sorted(by: { $0.id < $1.id }) { openExceptions[e.requirement, default: []].append(e) }

        func controls(_ ids: [String]) -> [ControlEntry] {
            ids.compactMap { byID[$0] }.map { c in
                let valid = evaluator.index.evidence(for: c.id).filter { EvidenceValidity.isValid($0, for: c, at: day, policy: input.config.policy) }
                    .map { EvidenceEntry(record: $0, validUntil: EvidenceValidity.end(of: $0, for: c, policy: input.config.policy)) }
                let state = evaluator.state(of: c.id)
                return ControlEntry(control: c, evidence: valid, problem: c.status == ControlStatus.notApplicable.rawValue ? nil : state?.problem)
            }
        }
        func families(_ catalog: Catalog, _ entries: [Entry]) -> [Family] {
            var order = [String]()
            var grouped = [String: [Entry]]()
            var names = [String: String]()
            for e in entries {
                let r = e.requirement
                let code = r.family ?? r.group ?? r.category ?? ""
                if grouped[code] == nil { order.append(code) }
                grouped[code, default: []].append(e)
                names[code] = r.familyName ?? r.group ?? catalog.families.first { $0.code == code }?.name ?? code
            }
            return order.map { Family(code: $0, name: names[$0] ?? $0, entries: grouped[$0] ?? []) }
        }

        var parts = [Part]()
        for id in report.order where id != "soc2" {
            if id == "cmmc-l2", let l2 = report.cmmcL2, let catalog = input.catalogs.catalog(Catalogs.nistID) {
                let entries = l2.requirements.map { q in
                    Entry(requirement: q.base.requirement, status: q.base.status.rawValue, deduction: q.base.status == .notMet ? q.deduction : nil,
                          reasons: q.base.reasons, controls: controls(q.base.controls), poam: q.poam.flatMap { poams[$0] },
                          exceptions: openExceptions[q.base.requirement.qualifiedID] ?? [], creditedException: q.exception, counterparts: [])
                }
                parts.append(Part(framework: id, catalog: catalog, families: families(catalog, entries)))
            } else if id == "cmmc-l1", let l1 = report.cmmcL1, let catalog = input.catalogs.catalog(Catalogs.cmmcL1ID) {
                let entries = l1.requirements.map { q in
                    Entry(requirement: q.requirement, status: q.status.rawValue, deduction: nil, reasons: q.reasons, controls: controls(q.controls),
                          poam: nil, exceptions: [], creditedException: nil, counterparts: q.requirement.related)
                }
                parts.append(Part(framework: id, catalog: catalog, families: families(catalog, entries)))
            }
        }
        if let soc2 = report.soc2, let catalog = input.catalogs.catalog(Catalogs.soc2ID) {
            let entries = soc2.criteria.map { c in
                Entry(requirement: c.requirement, status: c.status.rawValue, deduction: nil, reasons: c.failures.map(\.reason),
                      controls: controls(c.controls), poam: nil, exceptions: [], creditedException: nil, counterparts: [])
            }
            parts.append(Part(framework: "soc2", catalog: catalog, families: families(catalog, entries)))
        }
        return SystemSecurityPlan(organization: input.config.organization, system: input.config.system ?? SystemSection(),
                                  frameworks: input.config.frameworks, commit: commit, asOf: day, snapshot: snapshot, report: report, parts: parts)
    }

    /// The system fields the plan shows as missing, in file order.
    public var missing: [SystemSection.Field] { system.missing }
}
