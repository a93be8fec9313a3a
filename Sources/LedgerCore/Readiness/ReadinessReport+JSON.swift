extension ReadinessReport {
    // MARK: JSON (a contract: Schemas/readiness.schema.json)

    public var jsonValue: RecordValue {
        var frameworks = [RecordValue]()
        for id in order {
            switch id {
            case "cmmc-l2": if let r = cmmcL2 { frameworks.append(Self.json(r, fixes: fixes)) }
            case "cmmc-l1": if let r = cmmcL1 { frameworks.append(Self.json(r)) }
            case "soc2": if let r = soc2 { frameworks.append(Self.json(r)) }
            default: break
            }
        }
        return .map([
            ("revision", .string(revision)),
            ("as_of", .string(asOf.description)),
            ("frameworks", .list(frameworks)),
            ("expiring", .list(expiring.map {
                .map([("evidence", .string($0.evidence)), ("control", .string($0.control)), ("valid_until", .string($0.validUntil.description)), ("days", .int($0.days))])
            })),
            ("notes", .strings(notes)),
        ])
    }

    static func json(_ r: CMMCLevel2Result, fixes: [CMMCRequirementResult]) -> RecordValue {
        .map([
            ("id", .string("cmmc-l2")),
            ("score", r.score.map(RecordValue.int) ?? .null),
            ("max_score", .int(CMMCRules.maxScore)),
            ("status", .string(r.status)),
            ("status_reasons", .strings(r.statusReasons)),
            ("closeout_deadline", .optional(r.closeoutDeadline?.description)),
            ("plan_of_action_completion", .optional(r.planOfActionCompletion?.description)),
            ("held", r.held.map(\.jsonValue) ?? .null),
            ("held_by_assessment", .list(r.heldByAssessment.map(\.jsonValue))),
            ("warnings", .strings(r.warnings)),
            ("fixes", .list(fixes.map { f in
                .map([("id", .string(f.base.requirement.id)), ("points", f.deduction.map(RecordValue.int) ?? .null)])
            })),
            ("requirements", .list(r.requirements.map { q in
                .map([
                    ("id", .string(q.base.requirement.id)),
                    ("cmmc_id", .optional(q.base.requirement.cmmcID)),
                    ("title", .string(q.base.requirement.title)),
                    ("family", .optional(q.base.requirement.family)),
                    ("points", q.base.requirement.points.map(RecordValue.int) ?? .null),
                    ("status", .string(q.base.status.rawValue)),
                    ("deduction", q.deduction.map(RecordValue.int) ?? .null),
                    ("poam_eligible", .bool(q.poamEligible)),
                    ("poam", .optional(q.poam)),
                    ("exception", .optional(q.exception)),
                    ("controls", .strings(q.base.controls)),
                    ("evidence", .strings(q.base.evidence)),
                    ("reasons", .strings(q.base.reasons)),
                ])
            })),
        ])
    }

    static func json(_ r: CMMCLevel1Result) -> RecordValue {
        .map([
            ("id", .string("cmmc-l1")),
            ("status", .string(r.status)),
            // Level 1 permits no POA&M (32 CFR 170.21(a)(1)): the SPRS field is always empty.
            ("plan_of_action_completion", .null),
            ("held", r.held.map(\.jsonValue) ?? .null),
            ("met", .int(r.met)),
            ("total", .int(r.requirements.count)),
            ("status_reasons", .strings(r.statusReasons)),
            ("warnings", .strings(r.warnings)),
            ("requirements", .list(r.requirements.map { q in
                .map([
                    ("id", .string(q.requirement.id)), ("title", .string(q.requirement.title)), ("status", .string(q.status.rawValue)),
                    ("controls", .strings(q.controls)), ("evidence", .strings(q.evidence)), ("reasons", .strings(q.reasons)),
                ])
            })),
        ])
    }

    /// A gap; Type 2 gaps carry their `kind` (null for a gap about a criterion or control as a
    /// whole), Type 1 gaps have none.
    static func json(_ g: CoverageGap, type: Int) -> RecordValue {
        var pairs: [(String, RecordValue)] = [("control", .optional(g.control)), ("from", .optional(g.from?.description)), ("to", .optional(g.to?.description))]
        if type == 2 { pairs.append(("kind", .optional(g.kind?.rawValue))) }
        pairs.append(("reason", .string(g.reason)))
        return .map(pairs)
    }

    static func json(_ r: SOC2Result) -> RecordValue {
        var pairs: [(String, RecordValue)] = [
            ("id", .string("soc2")),
            ("type", .int(r.type)),
            ("period", r.period.map { .map([("from", .string($0.from.description)), ("to", .string($0.to.description))]) } ?? .null),
            ("categories", .strings(r.categories)),
            ("status", .string(r.status)),
            ("ready", .int(r.ready)),
            ("not_applicable", .int(r.notApplicable)),
            ("total", .int(r.criteria.count)),
            ("criteria", .list(r.criteria.map { c in
                .map([
                    ("id", .string(c.requirement.id)), ("title", .string(c.requirement.title)), ("category", .optional(c.requirement.category)),
                    ("status", .string(c.status.rawValue)), ("controls", .strings(c.controls)),
                    ("gaps", .list(c.gaps.map { json($0, type: r.type) })),
                    ("justifications", .strings(c.justifications)),
                ])
            })),
        ]
        if r.type == 2 {
            // soc2-rules.md §3, §5: every tested control with its occurrences and likely sample.
            pairs.append(("controls", .list(r.controls.map { c in
                .map([
                    ("control", .string(c.control)), ("frequency", .string(c.frequency)), ("occurrences", .int(c.occurrences)),
                    ("evidenced", .int(c.evidenced)), ("sample_size", .int(c.sampleSize)), ("evidence", .strings(c.evidence)),
                    ("gaps", .list(c.gaps.map { json($0, type: 2) })),
                ])
            })))
        }
        return .map(pairs)
    }
}

extension HeldStatus {
    /// The status held (cmmc-rules.md §12.1, §12.2), as readiness, diff and history show it.
    public var jsonValue: RecordValue {
        let h = self
        return .map([
            ("status", .string(h.status.rawValue)),
            ("level", .int(h.level)),
            ("assessment", .string(h.assessment)),
            ("since", .optional(h.since?.description)),
            ("closeout_due", .optional(h.closeoutDue?.description)),
            ("valid_until", .optional(h.validUntil?.description)),
            ("snapshot", .optional(h.snapshot)),
            ("conditional_since", .optional(h.conditionalSince?.description)),
            ("expired", .optional(h.expired?.rawValue)),
        ])
    }
}
