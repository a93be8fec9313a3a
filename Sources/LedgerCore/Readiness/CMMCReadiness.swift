/// CMMC Level 2 scoring and status, exactly as reference/cmmc-rules.md states the rules.
public enum CMMCRules {
    public static let maxScore = 110
    /// 110 − (42×5 + 2×5 + 14×3 + 51×1) = −203 (cmmc-rules.md section 3).
    public static let minScore = -203
    /// Score ÷ 110 ≥ 0.8 (32 CFR 170.21(a)(2)(i)).
    public static let conditionalMinimum = 88
    /// Never on a POA&M whatever their value (32 CFR 170.21(a)(2)(iii)(A)–(F)).
    public static let namedExclusions: Set<String> = ["3.1.20", "3.1.22", "3.12.4", "3.10.3", "3.10.4", "3.10.5"]
    /// Conditional status must be closed out within 180 days (32 CFR 170.21(b)).
    public static let closeoutDays = 180
    public static let closeoutWarningDays = 30
    public static let ssp = "3.12.4"
    public static let planOfAction = "3.12.2"
    public static let mfa = "3.5.3"
    public static let fips = "3.13.11"

    /// The sum of point values, saturating at Int.min/Int.max: the values come from the catalogs
    /// pinned in the ledger, which anyone can edit.
    public static func total(_ points: [Int]) -> Int {
        points.reduce(0) { sum, d in
            let (next, overflow) = sum.addingReportingOverflow(d)
            return overflow ? (d > 0 ? Int.max : Int.min) : next
        }
    }

    /// May a NOT MET requirement with this deduction be on a POA&M (32 CFR 170.21(a)(2)(ii)–(iii))?
    /// Only 1-point requirements outside the six named ones, and SC.L2-3.13.11 only at 3 points
    /// (encryption used but not FIPS-validated).
    public static func isPoamEligible(_ id: String, deduction: Int?) -> Bool {
        if namedExclusions.contains(id) { return false }
        if id == fips { return deduction == 3 }
        return deduction == 1
    }

    /// Why a not_applicable control mapping 3.12.4 does not make it N/A.
    static func sspReason(_ control: String) -> String {
        "\(control) is not_applicable, but the system security plan (CA.L2-3.12.4) is never N/A, so it is NOT MET "
            + "and the assessment cannot be completed (cmmc-rules.md §12.4; 32 CFR 170.24(c)(2)(i)(B)(5))"
    }

    /// A control that maps 3.12.4 cannot be not_applicable (cmmc-rules.md §12.4): the issue naming
    /// the field and the fix, or nil. Control add, set, map and import refuse it; validate reports it.
    public static func sspIssue(_ c: ControlRecord, file: String? = nil) -> ValidationIssue? {
        guard c.status == "not_applicable", c.qualifiedRequirements.contains("\(Catalogs.nistID):\(ssp)") else { return nil }
        return ValidationIssue(file: file ?? c.path, field: "status", problem:
            "not_applicable cannot be used on a control that maps 3.12.4 (CA.L2-3.12.4): the system security plan is never N/A "
            + "(cmmc-rules.md §12.4; 32 CFR 170.24(c)(2)(i)(B)(5)); set status to implemented, partially_implemented, planned or not_implemented, "
            + "or unmap 3.12.4 from \(c.id)")
    }

    /// Why a requirement cannot be on a POA&M, citing the rule.
    public static func ineligibility(_ id: String, cmmcID: String?, deduction: Int?) -> String {
        let name = cmmcID ?? id
        if namedExclusions.contains(id) {
            return "\(name) can never be on a POA&M (32 CFR 170.21(a)(2)(iii))"
        }
        if id == fips {
            return "\(name) may be on a POA&M only when encryption is used but not FIPS-validated (3 points); here it is worth \(deduction ?? 0) (32 CFR 170.21(a)(2)(ii))"
        }
        return "\(name) is worth \(deduction ?? 0) points; only 1-point requirements may be on a POA&M (32 CFR 170.21(a)(2)(ii))"
    }
}

public struct CMMCRequirementResult: Sendable {
    public var base: RequirementResult
    /// Points deducted (0 when MET or N/A; nil for 3.12.4, which has no value).
    public var deduction: Int?
    public var poamEligible: Bool
    /// The open POA&M item for it at the as-of day.
    public var poam: String?
    /// The open, complete enduring exception or temporary deficiency that scores it MET at the
    /// as-of day (cmmc-rules.md §12.7), or nil.
    public var exception: String? = nil
}

public struct CMMCLevel2Result: Sendable {
    public var score: Int?
    public var status: String
    public var statusReasons: [String]
    public var warnings: [String]
    public var closeoutDeadline: Day?
    public var requirements: [CMMCRequirementResult]
    /// The SPRS "Plan of Action completion date": the latest scheduled completion of the open
    /// Level 2 POA&M items, or nil when none is open (cmmc-rules.md §12.10; Methodology Annex B).
    public var planOfActionCompletion: Day? = nil
    /// The status held at the day (cmmc-rules.md §12.1): the one in force among Level 2 (Self)
    /// and Level 2 (C3PAO); nil when not computed.
    public var held: HeldStatus? = nil
    /// The status held of each assessment type that has a snapshot.
    public var heldByAssessment: [HeldStatus] = []
}

public struct CMMCLevel1Result: Sendable {
    public var status: String
    public var statusReasons: [String]
    public var warnings: [String]
    public var requirements: [RequirementResult]
    public var met: Int { requirements.filter(\.isMetOrNA).count }
    /// The Level 1 (Self) status held (cmmc-rules.md §12.1); nil when not computed.
    public var held: HeldStatus? = nil
}

public enum CMMCReadiness {
    /// Level 2 (32 CFR 170.24(c)(2), 170.21(a)(2), Methodology §5; cmmc-rules.md section 10).
    /// The assessed result at `asOf` comes from the records alone; the status held, from
    /// `assessments` (nil: not computed, as in a snapshot manifest), with `statusDate` standing for
    /// the Conditional status date SPRS shows (cmmc-rules.md §12.1, §12.2).
    /// `exceptions` are the ledger's enduring exceptions and temporary deficiencies (§12.7; `ExceptionRules`).
    public static func level2(catalog: Catalog, evaluator: RequirementEvaluator, poams: [PoamRecord], affirmations: [AffirmationRecord],
                              asOf: Day, assessments: [AssessmentSnapshot]?, statusDate: Day? = nil, exceptions: [ExceptionRecord] = []) -> CMMCLevel2Result {
        let openPoams = poams.filter { $0.isOpen(at: asOf) }
        func openPoam(_ r: Requirement) -> String? { openPoams.first { $0.requirement == r.qualifiedID }?.id }
        // Exceptions open at the as-of day, in id order: the first complete one of a requirement
        // is the one that scores it MET (cmmc-rules.md §12.7; 32 CFR 170.24(b)(1)(i)-(ii)).
        let openExceptions = exceptions.filter { $0.isOpen(at: asOf) }.sorted { $0.id < $1.id }
        var exceptionsByRequirement = [String: [ExceptionRecord]]()
        for e in openExceptions { exceptionsByRequirement[e.requirement, default: []].append(e) }

        var results = catalog.requirements.map { r -> CMMCRequirementResult in
            var result = assess(r, evaluator: evaluator)
            result.poam = openPoam(r)
            ExceptionRules.apply(exceptionsByRequirement[r.qualifiedID] ?? [], to: &result, asOf: asOf)
            return result
        }

        // Methodology §5(g)(iii): NOT MET requirements without any plan of action (an open POA&M
        // item or an open temporary deficiency with a dated action) make 3.12.2 NOT MET too, and
        // the reason names them (cmmc-rules.md §12.6).
        let plannedByDeficiency = Set(openExceptions.filter(ExceptionRules.isPlanOfAction).map(\.requirement))
        let unplanned = results.filter {
            $0.base.status == .notMet && $0.poam == nil && !plannedByDeficiency.contains($0.base.requirement.qualifiedID)
                && $0.base.requirement.id != CMMCRules.planOfAction
        }.map { $0.base.requirement.id }
        if !unplanned.isEmpty, let i = results.firstIndex(where: { $0.base.requirement.id == CMMCRules.planOfAction }) {
            if results[i].base.status != .notMet {
                if let e = results[i].exception {
                    // The exception covers 3.12.2's own deficiency, not the plans other requirements lack.
                    results[i].base.reasons.append("\(e) covers 3.12.2's own deficiency, not the missing plans of action of other requirements (cmmc-rules.md §12.6)")
                    results[i].exception = nil
                }
                results[i].base.status = .notMet
                results[i].deduction = results[i].base.requirement.points
                results[i].poamEligible = CMMCRules.isPoamEligible(CMMCRules.planOfAction, deduction: results[i].deduction)
            }
            results[i].base.reasons.append("\(unplanned.count) NOT MET requirement(s) have no plan of action (\(unplanned.joined(separator: ", "))), so 3.12.2 is scored NOT MET too (DoD Assessment Methodology §5(g)(iii); cmmc-rules.md §12.6)")
        }

        let notMet = results.filter { $0.base.status == .notMet }
        var reasons = [String]()
        var warnings = [String]()
        let sspMissing = notMet.contains { $0.base.requirement.id == CMMCRules.ssp }
        // The score: 110 minus the deductions of NOT MET requirements; a POA&M earns nothing back
        // (32 CFR 170.24(c)(2)(i)(B)(6), Methodology §5(g)(ii)).
        // Point values come from the catalogs pinned in the ledger (files anyone can edit): the sum
        // saturates and the score stays within minScore...maxScore, whatever they hold.
        let deducted = CMMCRules.total(notMet.compactMap(\.deduction))
        let (raw, overflow) = CMMCRules.maxScore.subtractingReportingOverflow(deducted)
        let score = overflow ? CMMCRules.minScore : min(CMMCRules.maxScore, max(CMMCRules.minScore, raw))
        var status: String
        var deadline: Day?
        if sspMissing {
            // No SSP: the assessment cannot be completed (32 CFR 170.24(c)(2)(i)(B)(5), Methodology §5(g)(i)).
            status = "incomplete"
            reasons.append("no current system security plan: CA.L2-3.12.4 is NOT MET, so the assessment cannot be completed and there is no score (32 CFR 170.24(c)(2)(i)(B)(5))")
        } else if notMet.isEmpty {
            // Final: every requirement MET or N/A (32 CFR 170.24(b); cmmc-rules.md 4b), and the POA&M
            // closed out: an open Level 2 item leaves the result conditional, one reason per item
            // (32 CFR 170.16(a)(1)(iii), 170.17(a)(1)(iii); cmmc-rules.md §12.3).
            let prefix = catalog.id + ":"
            let open = openPoams.filter { $0.requirement.hasPrefix(prefix) }.sorted { $0.id < $1.id }
            for p in open {
                let id = String(p.requirement.dropFirst(prefix.count))
                let na = results.first { $0.base.requirement.id == id }?.base.status == .notApplicable
                reasons.append("\(p.id) is open although \(id) is \(na ? "N/A" : "MET"): close it (evident poam close \(p.id); cmmc-rules.md §12.3, 32 CFR 170.16(a)(1)(iii))")
            }
            status = open.isEmpty ? "final" : "conditional"
        } else {
            reasons.append("\(notMet.count) requirement(s) NOT MET; Final needs every requirement MET or N/A")
            if score < CMMCRules.conditionalMinimum {
                reasons.append("score \(score) is below \(CMMCRules.conditionalMinimum) (0.8 × 110, 32 CFR 170.21(a)(2)(i))")
            }
            for r in notMet where !r.poamEligible {
                let rule = CMMCRules.ineligibility(r.base.requirement.id, cmmcID: r.base.requirement.cmmcID, deduction: r.deduction)
                if r.base.requirement.id == CMMCRules.planOfAction, !unplanned.isEmpty {
                    // Name what has no plan, not only the points (Methodology §5(g)(iii); cmmc-rules.md §12.6).
                    reasons.append("\(r.base.requirement.cmmcID ?? r.base.requirement.id) is scored NOT MET because \(unplanned.joined(separator: ", ")) "
                        + "\(unplanned.count == 1 ? "has" : "have") no plan of action (DoD Assessment Methodology §5(g)(iii); cmmc-rules.md §12.6): "
                        + "open a POA&M item for \(unplanned.count == 1 ? "it" : "each") (evident poam add REQ ...); \(rule)")
                } else {
                    reasons.append(rule)
                }
            }
            for r in notMet where r.poamEligible && r.poam == nil {
                reasons.append("\(r.base.requirement.cmmcID ?? r.base.requirement.id) has no open POA&M item (32 CFR 170.24(c)(2)(i)(B)(6)): evident poam add \(r.base.requirement.id) ...")
            }
            status = reasons.count == 1 ? "conditional" : "no_status"
        }
        // The status held comes from the snapshots, not the records (cmmc-rules.md §12.1, §12.2);
        // the closeout deadline is the status held's (32 CFR 170.21(b)).
        var held: HeldStatus?
        var heldAll = [HeldStatus]()
        if assessments != nil || statusDate != nil {
            var snapshots = assessments ?? []
            if let statusDate {
                let type = StatusHeld.primary(level: 2, snapshots: snapshots, at: asOf).assessment
                snapshots = StatusHeld.assumingConditional(since: statusDate, level: 2, assessment: type, snapshots: snapshots)
            }
            let primary = StatusHeld.primary(level: 2, snapshots: snapshots, at: asOf)
            held = primary
            heldAll = StatusHeld.all(level: 2, snapshots: snapshots, at: asOf)
            if primary.status == .conditional || primary.expired == .conditional { deadline = primary.closeoutDue }
            warnings += heldWarnings(primary, assessed: status, asOf: asOf)
            // An item planned past the closeout deadline cannot be closed out in time (32 CFR 170.21(b)).
            if primary.status == .conditional, let due = primary.closeoutDue {
                for p in openPoams.sorted(by: { $0.id < $1.id }) where p.requirement.hasPrefix(Catalogs.nistID + ":") && p.scheduledCompletion > due {
                    warnings.append("\(p.id) (\(p.requirement.dropFirst(Catalogs.nistID.count + 1))) is scheduled for \(p.scheduledCompletion), after the closeout deadline \(due) of the Conditional \(primary.label) status: "
                        + "close it and take the closeout snapshot by \(due), or the status expires (32 CFR 170.21(b))")
                }
            }
        }
        // A control mapping 3.5.3 or 3.13.11 without its attribute is read as full implementation,
        // never silently (cmmc-rules.md §12.5).
        warnings += PartialCredit.unrecorded(evaluator.controls).map { PartialCredit.warning(control: $0.control, key: $0.key, requirement: $0.requirement, readAs: $0.readAs) }
        warnings += ExceptionRules.warnings(openExceptions)
        let latestAssessment = assessments.flatMap { StatusHeld.latestAssessment(level: 2, snapshots: $0, at: asOf) }
        warnings += affirmationWarnings(affirmations, level: 2, asOf: asOf, latestAssessment: latestAssessment)
        let planEnd = openPoams.filter { $0.requirement.hasPrefix(Catalogs.nistID + ":") }.map(\.scheduledCompletion).max()
        return CMMCLevel2Result(score: sspMissing ? nil : score, status: status, statusReasons: reasons, warnings: warnings,
                                closeoutDeadline: deadline, requirements: results, planOfActionCompletion: planEnd,
                                held: held, heldByAssessment: heldAll)
    }

    /// One Level 2 requirement at the evaluator's day, before POA&M items and 3.12.2 are looked at:
    /// its status, the points it costs and whether it may be on a POA&M. Readiness and `poam add`
    /// both call it, so they cannot disagree (cmmc-rules.md §12.5).
    public static func assess(_ r: Requirement, evaluator: RequirementEvaluator) -> CMMCRequirementResult {
        var base = evaluator.evaluate(r)
        if r.catalog == Catalogs.nistID, r.id == CMMCRules.ssp {
            // The SSP is never N/A: a control mapping it as not_applicable scores it NOT MET
            // (cmmc-rules.md §12.4; 32 CFR 170.24(c)(2)(i)(B)(5)).
            let na = evaluator.controls(for: r.qualifiedID).filter { $0.status == "not_applicable" }
            if !na.isEmpty {
                if base.status == .notApplicable { base.reasons = [] }
                base.status = .notMet
                for c in na { base.reasons.append(CMMCRules.sspReason(c.id)) }
            }
        }
        // What the requirement costs when NOT MET; with partial credit, the controls' attributes and
        // evidence decide it (32 CFR 170.24(c)(2)(i)(B)(4); cmmc-rules.md §12.5).
        var value = r.points
        if let credit = PartialCredit.assess(r, evaluator: evaluator) {
            value = credit.value
            if base.status == .met, !credit.attributesMet {
                base.status = .notMet
                base.reasons += credit.attributeReasons
            }
            base.reasons += credit.unrecorded.map { "\($0) records no \(r.id == CMMCRules.mfa ? "mfa_scope" : "encryption"); read as \(r.id == CMMCRules.mfa ? "all" : "fips_validated") (cmmc-rules.md §12.5)" }
            if base.status == .notMet { base.reasons.append(credit.valueReason) }
        }
        let notMet = base.status == .notMet
        // POA&M eligibility uses exactly that value (32 CFR 170.21(a)(2)(ii); cmmc-rules.md §12.5).
        return CMMCRequirementResult(base: base, deduction: notMet ? value : 0, poamEligible: CMMCRules.isPoamEligible(r.id, deduction: value), poam: nil)
    }

    /// Level 1: all 15 requirements MET, no POA&M, no score (32 CFR 170.15(a)(1), 170.21(a)(1), 170.24(c)(1)).
    /// Enduring exceptions and temporary deficiencies are not applied here: evident scores them
    /// for Level 2 only (cmmc-rules.md §12.7; `ExceptionRules` says why).
    /// A Level 1 requirement is served by the controls that map it and those that map the
    /// NIST SP 800-171 requirements it corresponds to.
    public static func level1(catalog: Catalog, nistCatalog: String, evaluator: RequirementEvaluator, affirmations: [AffirmationRecord],
                              asOf: Day, assessments: [AssessmentSnapshot]?) -> CMMCLevel1Result {
        let results = catalog.requirements.map { r -> RequirementResult in
            var mapped = evaluator.controls(for: r.qualifiedID)
            for related in r.related {
                for c in evaluator.controls(for: "\(nistCatalog):\(related)") where !mapped.contains(where: { $0.id == c.id }) { mapped.append(c) }
            }
            return evaluator.evaluate(r, controls: mapped)
        }
        let notMet = results.filter { !$0.isMetOrNA }
        var reasons = [String]()
        if !notMet.isEmpty {
            reasons.append("\(notMet.count) of \(results.count) Level 1 requirement(s) NOT MET: \(notMet.map(\.requirement.id).joined(separator: ", "))")
            reasons.append("Level 1 allows no POA&M and has no conditional status (32 CFR 170.21(a)(1))")
        }
        // Level 1 (Self) snapshots only (cmmc-rules.md §12.9).
        let held = assessments.map { StatusHeld.held(level: 1, assessment: "self", snapshots: $0, at: asOf) }
        let latestAssessment = assessments.flatMap { StatusHeld.latestAssessment(level: 1, snapshots: $0, at: asOf) }
        let status = notMet.isEmpty ? "final" : "no_status"
        return CMMCLevel1Result(status: status, statusReasons: reasons,
                                warnings: (held.map { heldWarnings($0, assessed: status, asOf: asOf) } ?? [])
                                    + affirmationWarnings(affirmations, level: 1, asOf: asOf, latestAssessment: latestAssessment),
                                requirements: results, held: held)
    }

    /// What the status held asks of the team now: a closeout or a reassessment that is close, a
    /// status that expired (32 CFR 170.21(b); cmmc-rules.md §12.2, section 7).
    static func heldWarnings(_ h: HeldStatus, assessed: String, asOf: Day) -> [String] {
        switch h.status {
        case .conditional:
            guard let due = h.closeoutDue else { return [] }
            let left = due.epochDay - asOf.epochDay
            return left <= CMMCRules.closeoutWarningDays
                ? ["POA&M closeout is due by \(due) (\(left) days left, 32 CFR 170.21(b)): close the open items and take the closeout snapshot (kind \(StatusHeld.kind(level: h.level, assessment: h.assessment))) by then"]
                : []
        case .final:
            guard let until = h.validUntil else { return [] }
            let left = until.epochDay - asOf.epochDay
            return left <= 90 ? ["Final \(h.label) is held until \(until) (\(left) days left): the next assessment is due by then (cmmc-rules.md section 7)"] : []
        case .expired:
            if h.expired == .conditional, let due = h.closeoutDue, let since = h.conditionalSince {
                return ["the Conditional \(h.label) status of \(since) expired on \(due) without a closeout assessment (32 CFR 170.21(b)); "
                        + "closing POA&M items now is not a closeout: only a new full assessment gives a status again (cmmc-rules.md §12.2)"]
            }
            if let until = h.validUntil {
                return ["the Final \(h.label) status expired after \(until): a new assessment is due (cmmc-rules.md section 7)"]
            }
            return []
        case .none:
            // The assessed result could be posted now, but nothing is held yet.
            return assessed == "conditional"
                ? ["no Conditional status is held yet: the 180-day closeout clock starts at the assessment (take a \(StatusHeld.kind(level: h.level, assessment: h.assessment)) snapshot, or pass --status-date; cmmc-rules.md §12.2)"]
                : []
        }
    }

    /// Affirmations after every assessment and annually (32 CFR 170.22).
    static func affirmationWarnings(_ affirmations: [AffirmationRecord], level: Int, asOf: Day, latestAssessment: Day?) -> [String] {
        let mine = affirmations.filter { $0.framework == "cmmc" && $0.level == level && $0.date <= asOf }.sorted { $0.date < $1.date }
        guard let latest = mine.last else {
            return ["no CMMC Level \(level) affirmation by a senior official yet (32 CFR 170.22): evident affirm --framework cmmc --level \(level) ..."]
        }
        var out = [String]()
        if ISODuration(years: 1).added(to: latest.date) < asOf {
            out.append("the latest Level \(level) affirmation (\(latest.date), \(latest.official)) is more than a year old: affirm again (32 CFR 170.22)")
        }
        if let latestAssessment, latest.date < latestAssessment {
            out.append("the latest Level \(level) affirmation (\(latest.date)) predates the latest assessment (\(latestAssessment)): affirm again (32 CFR 170.22)")
        }
        return out
    }
}
