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

    static func json(_ r: SOC2Result) -> RecordValue {
        .map([
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
                    ("gaps", .list(c.gaps.map { g in
                        .map([("control", .optional(g.control)), ("from", .optional(g.from?.description)), ("to", .optional(g.to?.description)),
                              ("reason", .string(g.reason))])
                    })),
                    ("justifications", .strings(c.justifications)),
                ])
            })),
        ])
    }
}
