/// Partial credit for IA.L2-3.5.3 and SC.L2-3.13.11 when one or several controls map them
/// (32 CFR 170.24(c)(2)(i)(B)(4); cmmc-rules.md §12.5).
///
/// "Evidenced" means: status implemented or partially_implemented, with evidence valid at the
/// evaluator's day. A mapped control that records no attribute is read as full implementation
/// (`all`, `fips_validated`), and readiness and validate warn about it.
public enum PartialCredit {
    struct Rule: Sendable {
        let requirement: String
        let key: String
        /// The value read when a control records none, and the one MET needs.
        let full: String
        /// Values that show the capability exists (MFA for privileged and network access;
        /// encryption of any kind): with one on an evidenced control, the deduction is the partial one.
        let shown: [String]
    }

    static let mfa = Rule(requirement: CMMCRules.mfa, key: "mfa_scope", full: "all", shown: ["all", "remote_and_privileged"])
    static let fips = Rule(requirement: CMMCRules.fips, key: "encryption", full: "fips_validated", shown: ["fips_validated", "not_fips_validated"])
    static let rules = [mfa, fips]

    static func rule(for r: Requirement) -> Rule? {
        r.catalog == Catalogs.nistID ? rules.first { $0.requirement == r.id } : nil
    }

    /// Whether partial credit can apply to `r` (3.5.3 and 3.13.11 only).
    public static func applies(to r: Requirement) -> Bool { rule(for: r) != nil }

    /// What the scoring attributes of the controls mapping one requirement decide.
    public struct Assessment: Sendable {
        /// MET by the attribute rule; only meaningful when every mapped control is implemented with valid evidence.
        public let attributesMet: Bool
        /// The points the requirement costs when NOT MET: the partial value when an evidenced
        /// mapped control shows the capability, else the full value.
        public let value: Int?
        /// Why it costs `value`.
        public let valueReason: String
        /// Why the attributes keep it from MET (empty when they do not).
        public let attributeReasons: [String]
        /// Mapped controls that record no attribute, in id order.
        public let unrecorded: [String]
    }

    /// The §12.5 reading of `r`'s mapped controls at the evaluator's day, or nil when partial
    /// credit does not apply to `r`.
    public static func assess(_ r: Requirement, evaluator: RequirementEvaluator) -> Assessment? {
        guard let rule = rule(for: r) else { return nil }
        let mapped = evaluator.controls(for: r.qualifiedID).filter { $0.status != "not_applicable" }.sorted { $0.id < $1.id }
        func value(_ c: ControlRecord) -> String { c.attribute(rule.key) ?? rule.full }
        let evidenced = mapped.filter { c in
            (c.status == "implemented" || c.status == "partially_implemented") && !(evaluator.state(of: c.id)?.validEvidence.isEmpty ?? true)
        }
        let showing = evidenced.filter { rule.shown.contains(value($0)) }
        let full = r.points
        let partial = r.partialPoints ?? 3
        let cite = "(32 CFR 170.24(c)(2)(i)(B)(4); cmmc-rules.md §12.5)"
        let recorded = mapped.map { "\($0.id) \(rule.key): \(value($0))" }.joined(separator: ", ")
        let valueReason: String
        let points: Int?
        if showing.isEmpty {
            points = full
            let what = rule.requirement == CMMCRules.mfa ? "MFA is not shown for any users" : "no encryption is shown"
            valueReason = "\(what), \(full.map(String.init) ?? "no") points: no control mapped to it is implemented or partially implemented, "
                + "with evidence valid on \(evaluator.day), and records \(rule.key) \(rule.shown.joined(separator: " or "))"
                + (mapped.isEmpty ? " (no control maps it)" : " (\(recorded))") + " \(cite)"
        } else {
            points = partial
            let shown = showing.map { "\($0.id) \(rule.key): \(value($0))" }.joined(separator: ", ")
            let what = rule.requirement == CMMCRules.mfa
                ? "MFA exists for privileged and network access"
                : "encryption is used"
            valueReason = "\(what) (evidenced: \(shown)), so it costs \(partial) points, not \(full.map(String.init) ?? "the full value") \(cite)"
        }
        var attributeReasons = [String]()
        let met: Bool
        if rule.requirement == CMMCRules.mfa {
            // MET needs the union of the mfa_scope values to be all.
            met = mapped.contains { value($0) == "all" }
            if !met {
                let union = mapped.contains { value($0) == "remote_and_privileged" } ? "remote_and_privileged" : "none"
                attributeReasons.append("mfa_scope of the mapped controls together is \(union) (\(recorded)), not all: "
                    + (union == "none" ? "MFA is not implemented for any users" : "MFA covers only remote and privileged users") + " \(cite)")
            }
        } else {
            // MET needs every mapped control to record fips_validated: the weakest control decides.
            let weak = mapped.filter { value($0) != "fips_validated" }
            met = weak.isEmpty
            if !met {
                attributeReasons.append("\(weak.map { "\($0.id) records encryption: \(value($0))" }.joined(separator: ", ")): "
                    + "every control mapped to it must record fips_validated (FIPS validation is needed wherever encryption protects CUI) \(cite)")
            }
        }
        let unrecorded = mapped.filter { $0.attribute(rule.key) == nil }.map(\.id)
        return Assessment(attributesMet: met, value: points, valueReason: valueReason, attributeReasons: attributeReasons, unrecorded: unrecorded)
    }

    /// Controls (not N/A) that map 3.5.3 or 3.13.11 without recording its attribute: each is read
    /// as full implementation, and said so (cmmc-rules.md §12.5). In control id order.
    public static func unrecorded(_ controls: [ControlRecord]) -> [(control: String, key: String, requirement: String, readAs: String)] {
        var out = [(control: String, key: String, requirement: String, readAs: String)]()
        for c in controls.sorted(by: { $0.id < $1.id }) where c.status != "not_applicable" {
            let mapped = Set(c.qualifiedRequirements)
            for rule in rules where mapped.contains("\(Catalogs.nistID):\(rule.requirement)") && c.attribute(rule.key) == nil {
                out.append((c.id, rule.key, rule.requirement, rule.full))
            }
        }
        return out
    }

    /// The warning for one control without its attribute.
    public static func warning(control: String, key: String, requirement: String, readAs: String) -> String {
        "\(control) maps \(requirement) but records no \(key), so it is read as \(readAs) (cmmc-rules.md §12.5): "
            + "record \(key) on \(control) (evident control set \(control) \(key)=...)"
    }
}
