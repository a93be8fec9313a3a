/// Enduring exceptions and temporary deficiencies in CMMC Level 2 scoring (32 CFR 170.24(b)(1)(i)-(ii);
/// DoD Assessment Methodology §5(h), §5(i)(iii); cmmc-rules.md §12.6, §12.7).
///
/// - A NOT MET requirement covered by an exception that is open at the as-of day and complete
///   (an enduring exception names its SSP section; a temporary deficiency has at least one dated
///   action) is scored MET, its reason citing 170.24(b)(1)(i) or (ii).
/// - Never for 3.12.4 ("Neither applies to 3.12.4", §12.7): without an SSP the assessment
///   cannot be completed (170.24(c)(2)(i)(B)(5)).
/// - For 3.12.2 (Methodology §5(g)(iii); §12.6) an open temporary deficiency is a plan of action
///   like an open POA&M item, but only one with a dated action: a deficiency without any step
///   plans nothing, and §12.7 defines a temporary deficiency by its dated actions. (One that
///   has an action already scores its requirement MET, so in practice it matters only where the
///   requirement stays NOT MET anyway, 3.12.4, and there neither applies.)
/// - Level 1 is not touched. cmmc-rules.md §12.7 speaks of SSP sections and of the DoD
///   Methodology, which is the Level 2 (NIST SP 800-171) methodology; Level 1 has no SSP
///   requirement and is MET or NOT MET in its entirety (170.24(c)(1)) with no plan of action
///   (170.21(a)(1)). Where the rules leave it unclear, exceptions count for Level 2 only.
/// - SOC 2 is not touched.
public enum ExceptionRules {
    /// Why no exception may be recorded for `requirement` (a qualified id), or nil when one may:
    /// evident credits exceptions on NIST SP 800-171 r2 (CMMC Level 2) requirements other than 3.12.4.
    /// `name` is how the message names the requirement.
    public static func inapplicability(_ requirement: String, name: String? = nil) -> String? {
        let named = name ?? requirement
        let prefix = Catalogs.nistID + ":"
        guard requirement.hasPrefix(prefix) else {
            if requirement.hasPrefix(Catalogs.cmmcL1ID + ":") {
                return "\(named) is a CMMC Level 1 requirement: Level 1 is MET or NOT MET in its entirety, without a plan of action "
                    + "(32 CFR 170.24(c)(1), 170.21(a)(1)), and evident scores enduring exceptions and temporary deficiencies "
                    + "for CMMC Level 2 (nist-800-171r2) requirements only (cmmc-rules.md §12.7)"
            }
            return "\(named) is not a CMMC Level 2 (nist-800-171r2) requirement: evident scores enduring exceptions and temporary "
                + "deficiencies for Level 2 requirements only (cmmc-rules.md §12.7)"
        }
        if requirement == prefix + CMMCRules.ssp {
            return "\(named) is the system security plan: neither an enduring exception nor a temporary deficiency applies to 3.12.4 "
                + "(cmmc-rules.md §12.7); without a current SSP the assessment cannot be completed (32 CFR 170.24(c)(2)(i)(B)(5))"
        }
        return nil
    }

    /// Does `e` score its (NOT MET) requirement MET while open? (cmmc-rules.md §12.7)
    public static func credits(_ e: ExceptionRecord) -> Bool {
        e.isComplete && inapplicability(e.requirement) == nil
    }

    /// Does `e` count as a plan of action for 3.12.2 while open? (cmmc-rules.md §12.6)
    static func isPlanOfAction(_ e: ExceptionRecord) -> Bool {
        e.isTemporary && credits(e)
    }

    /// The reason a credited requirement carries.
    public static func creditReason(_ e: ExceptionRecord, asOf: Day) -> String {
        if e.isEnduring {
            return "\(e.id), an enduring exception described in SSP section '\(e.sspSection ?? "")', is open on \(asOf): "
                + "scored MET (32 CFR 170.24(b)(1)(i); cmmc-rules.md §12.7)"
        }
        let crypto = e.requirement == Catalogs.nistID + ":" + CMMCRules.fips
            ? ", the isolated use of non-validated cryptography (DoD Assessment Methodology §5(i)(iii))" : ""
        return "\(e.id), a temporary deficiency under a plan of action with \(e.actions.count) dated action\(e.actions.count == 1 ? "" : "s")\(crypto), "
            + "is open on \(asOf): scored MET (32 CFR 170.24(b)(1)(ii); cmmc-rules.md §12.7)"
    }

    /// Applies the open exceptions of one requirement (`open`, in id order) to its result: the
    /// first complete one scores a NOT MET requirement MET; the others are named in its reasons.
    static func apply(_ open: [ExceptionRecord], to result: inout CMMCRequirementResult, asOf: Day) {
        guard !open.isEmpty else { return }
        let r = result.base.requirement
        if let rule = inapplicability(r.qualifiedID, name: r.cmmcID ?? r.id) {
            for e in open { result.base.reasons.append("\(e.id) is open, but it is not scored: \(rule)") }
            return
        }
        guard result.base.status == .notMet else {
            for e in open { result.base.reasons.append("\(e.id) (\(e.kindName)) is open; \(r.id) is \(result.base.status == .met ? "MET" : "N/A") without it") }
            return
        }
        for e in open where !e.isComplete {
            result.base.reasons.append("\(e.id) (\(e.kindName)) is open but \(e.incompleteness ?? "is incomplete"), so it earns nothing (cmmc-rules.md §12.7)")
        }
        guard let credited = open.first(where: credits) else { return }
        result.base.status = .met
        result.deduction = 0
        result.exception = credited.id
        result.base.reasons.append(creditReason(credited, asOf: asOf))
    }

    /// Warnings about open exceptions that earn nothing: incomplete ones, and ones on a
    /// requirement no exception applies to. `open` are the exceptions open at the as-of day.
    static func warnings(_ open: [ExceptionRecord]) -> [String] {
        var out = [String]()
        for e in open {
            if let rule = inapplicability(e.requirement) {
                out.append("\(e.id) is open but not scored: \(rule)")
            } else if let missing = e.incompleteness {
                let fix = e.isEnduring ? "--ssp-section" : "at least one --action \"DATE TEXT\""
                out.append("\(e.id) (\(e.kindName) for \(e.requirement.dropFirst(Catalogs.nistID.count + 1))) \(missing); "
                    + "it earns nothing (cmmc-rules.md §12.7): close it (evident exception close \(e.id)) and record it again with \(fix)")
            }
        }
        return out
    }
}
