/// One side of `evident diff`: a revision, the day readiness is judged at, the readiness report
/// computed there and the records it was computed from.
public struct DiffSide: Sendable {
    /// What the user asked for (a snapshot name, tag, commit, branch or date).
    public let spec: String
    /// The commit id.
    public let revision: String
    public let asOf: Day
    public let report: ReadinessReport
    public let input: ReadinessInput

    public init(spec: String, revision: String, asOf: Day, report: ReadinessReport, input: ReadinessInput) {
        self.spec = spec
        self.revision = revision
        self.asOf = asOf
        self.report = report
        self.input = input
    }
}

/// The records that differ between two trees, as a tree-to-tree diff found them (one entry per
/// changed record; the caller reads only the changed blobs).
public struct RecordChanges: Sendable {
    public struct Evidence: Sendable {
        public var before: EvidenceRecord?
        public var after: EvidenceRecord?
        /// A file of the evidence folder other than `record.yaml` changed.
        public var artifactsChanged: Bool

        public init(before: EvidenceRecord?, after: EvidenceRecord?, artifactsChanged: Bool = false) {
            self.before = before
            self.after = after
            self.artifactsChanged = artifactsChanged
        }
    }

    public struct Control: Sendable {
        public var before: ControlRecord?
        public var after: ControlRecord?

        public init(before: ControlRecord?, after: ControlRecord?) {
            self.before = before
            self.after = after
        }
    }

    public struct Poam: Sendable {
        public var before: PoamRecord?
        public var after: PoamRecord?

        public init(before: PoamRecord?, after: PoamRecord?) {
            self.before = before
            self.after = after
        }
    }

    /// An exception record (cmmc-rules.md §12.7) on each side; nil where it does not exist or does not decode.
    public struct Exception: Sendable {
        public var before: ExceptionRecord?
        public var after: ExceptionRecord?

        public init(before: ExceptionRecord?, after: ExceptionRecord?) {
            self.before = before
            self.after = after
        }
    }

    public var evidence: [Evidence]
    public var controls: [Control]
    public var poams: [Poam]
    /// Affirmation files added between the two sides.
    public var affirmations: [AffirmationRecord]
    public var exceptions: [Exception]

    public init(evidence: [Evidence] = [], controls: [Control] = [], poams: [Poam] = [], affirmations: [AffirmationRecord] = [],
                exceptions: [Exception] = []) {
        self.evidence = evidence
        self.controls = controls
        self.poams = poams
        self.affirmations = affirmations
        self.exceptions = exceptions
    }
}

/// `evident diff A B`: how readiness changed between two revisions and why (issue "Diff between
/// periods"; DESIGN.md "Snapshots, diff, history"). A pure function of the two sides and the
/// changed records.
public struct ReadinessDiff: Sendable {
    /// A framework's result on one side.
    public struct Summary: Sendable, Equatable {
        /// The SPRS score (CMMC Level 2 only; nil when incomplete or not scored).
        public var score: Int?
        public var status: String
        /// Requirements MET or N/A (criteria ready for SOC 2).
        public var met: Int
        public var total: Int
        /// SOC 2 report type.
        public var type: Int?
        /// CMMC: the status held at the side's day (cmmc-rules.md §12.1).
        public var held: HeldStatus? = nil
    }

    /// A requirement or criterion whose status changed, with the reasons on both sides.
    public struct RequirementChange: Sendable {
        public var id: String
        public var cmmcID: String?
        public var title: String
        /// nil when the requirement is not in that side's catalog.
        public var from: String?
        public var to: String?
        public var fromReasons: [String]
        public var toReasons: [String]
        /// It was MET / N/A / ready and is not any more.
        public var regressed: Bool
    }

    public struct FrameworkChange: Sendable {
        public var id: String
        public var from: Summary
        public var to: Summary
        public var changed: [RequirementChange]
        public var worse: Bool

        /// "CMMC Level 2", "SOC 2 Type 1".
        public var name: String {
            switch id {
            case "cmmc-l2": return "CMMC Level 2"
            case "cmmc-l1": return "CMMC Level 1"
            case "soc2": return "SOC 2 Type \(to.type ?? 1)"
            default: return id
            }
        }

        /// "CMMC Level 2: 97 conditional -> 101 conditional (+4)".
        public var headline: String {
            func side(_ s: Summary) -> String {
                id == "cmmc-l2" ? "\(s.score.map(String.init) ?? "no score") \(s.status)" : "\(s.met)/\(s.total) \(s.status)"
            }
            var delta = ""
            if id == "cmmc-l2" {
                if let a = from.score, let b = to.score { delta = " (\(b - a > 0 ? "+" : "")\(b - a))" }
            } else {
                delta = " (\(to.met - from.met > 0 ? "+" : "")\(to.met - from.met))"
            }
            return "\(name): \(side(from)) -> \(side(to))\(delta)"
        }
    }

    public struct EvidenceEntry: Sendable {
        public var id: String
        public var title: String
        public var controls: [String]
        public var collected: Day
        /// For modified evidence: the record fields that changed (`artifacts` also when an
        /// artifact file changed).
        public var changes: [String]
    }

    public struct ExpiredEvidence: Sendable {
        public var id: String
        public var title: String
        public var control: String
        /// The last day it counted for the control (judged with the control's record at B).
        public var validUntil: Day
    }

    public struct FieldChange: Sendable {
        public var field: String
        public var from: RecordValue
        public var to: RecordValue
        /// For `maps`: the requirements mapped and unmapped.
        public var added: [String]
        public var removed: [String]
    }

    public struct ControlEntry: Sendable {
        public var id: String
        public var title: String
        public var status: String
        public var maps: [String]
    }

    public struct ControlModification: Sendable {
        public var id: String
        public var title: String
        public var changes: [FieldChange]
    }

    public struct PoamEntry: Sendable {
        public var id: String
        public var requirement: String
        public var opened: Day
        public var scheduledCompletion: Day
        public var status: String
        public var closed: Day?
    }

    /// An enduring exception or temporary deficiency opened or closed between the sides.
    public struct ExceptionEntry: Sendable {
        public var id: String
        public var requirement: String
        public var kind: String
        public var opened: Day
        public var closed: Day?
    }

    public let from: DiffSide
    public let to: DiffSide
    public let frameworks: [FrameworkChange]
    public let evidenceAdded: [EvidenceEntry]
    public let evidenceRemoved: [EvidenceEntry]
    public let evidenceModified: [EvidenceEntry]
    public let evidenceExpired: [ExpiredEvidence]
    public let controlsAdded: [ControlEntry]
    public let controlsRemoved: [ControlEntry]
    public let controlsModified: [ControlModification]
    public let poamOpened: [PoamEntry]
    public let poamClosed: [PoamEntry]
    public let exceptionsOpened: [ExceptionEntry]
    public let exceptionsClosed: [ExceptionEntry]
    public let affirmations: [AffirmationRecord]

    /// Readiness got worse in at least one framework (the `--exit-code` gate).
    public var isWorse: Bool { frameworks.contains(where: \.worse) }

    /// `frameworks` orders the comparison (default: the order of the `to` report, then `from`'s).
    public init(from: DiffSide, to: DiffSide, changes: RecordChanges, frameworks order: [String]? = nil) {
        self.from = from
        self.to = to
        var ids = order ?? to.report.order
        if order == nil { ids += from.report.order.filter { !ids.contains($0) } }
        frameworks = ids.compactMap { Self.compare($0, from.report, to.report) }

        // Evidence: what the tree diff found.
        func entry(_ e: EvidenceRecord, _ changes: [String] = []) -> EvidenceEntry {
            EvidenceEntry(id: e.id, title: e.title, controls: e.controls, collected: e.collectedAt.day, changes: changes)
        }
        var added = [EvidenceEntry](), removed = [EvidenceEntry](), modified = [EvidenceEntry]()
        for c in changes.evidence {
            switch (c.before, c.after) {
            case (nil, let b?): added.append(entry(b))
            case (let a?, nil): removed.append(entry(a))
            case (let a?, let b?):
                var fields = Self.changedFields(a.recordValue, b.recordValue)
                if c.artifactsChanged, !fields.contains("artifacts") { fields.append("artifacts") }
                if !fields.isEmpty { modified.append(entry(b, fields)) }
            default: break
            }
        }
        evidenceAdded = added.sorted { $0.id < $1.id }
        evidenceRemoved = removed.sorted { $0.id < $1.id }
        evidenceModified = modified.sorted { $0.id < $1.id }
        evidenceExpired = Self.expired(from: from, to: to)

        // Controls, field by field.
        var cAdded = [ControlEntry](), cRemoved = [ControlEntry](), cModified = [ControlModification]()
        for c in changes.controls {
            switch (c.before, c.after) {
            case (nil, let b?): cAdded.append(ControlEntry(id: b.id, title: b.title, status: b.status, maps: b.qualifiedRequirements))
            case (let a?, nil): cRemoved.append(ControlEntry(id: a.id, title: a.title, status: a.status, maps: a.qualifiedRequirements))
            case (let a?, let b?):
                let fields = Self.controlChanges(a, b)
                if !fields.isEmpty { cModified.append(ControlModification(id: b.id, title: b.title, changes: fields)) }
            default: break
            }
        }
        controlsAdded = cAdded.sorted { $0.id < $1.id }
        controlsRemoved = cRemoved.sorted { $0.id < $1.id }
        controlsModified = cModified.sorted { $0.id < $1.id }

        // POA&M: opened = added or reopened; closed = its status became closed. An item added
        // already closed was opened and closed between the two sides: it is in both lists.
        func poam(_ p: PoamRecord) -> PoamEntry {
            PoamEntry(id: p.id, requirement: p.requirement, opened: p.opened, scheduledCompletion: p.scheduledCompletion, status: p.status, closed: p.closed)
        }
        var opened = [PoamEntry](), closed = [PoamEntry]()
        for c in changes.poams {
            guard let b = c.after else { continue }
            if c.before == nil || (c.before?.status != "open" && b.status == "open") { opened.append(poam(b)) }
            if b.status == "closed", c.before?.status != "closed" { closed.append(poam(b)) }
        }
        poamOpened = opened.sorted { $0.id < $1.id }
        poamClosed = closed.sorted { $0.id < $1.id }

        // Exceptions, as POA&M items: opened = added or reopened (its closed day removed);
        // closed = it gained a closed day. One added already closed is in both lists.
        var eOpened = [ExceptionEntry](), eClosed = [ExceptionEntry]()
        for c in changes.exceptions {
            guard let b = c.after else { continue }
            let entry = ExceptionEntry(id: b.id, requirement: b.requirement, kind: b.kind, opened: b.opened, closed: b.closed)
            if c.before == nil || (c.before?.closed != nil && b.closed == nil) { eOpened.append(entry) }
            if b.closed != nil, c.before == nil || c.before?.closed == nil { eClosed.append(entry) }
        }
        exceptionsOpened = eOpened.sorted { $0.id < $1.id }
        exceptionsClosed = eClosed.sorted { $0.id < $1.id }
        affirmations = changes.affirmations.sorted { ($0.date, $0.frameworkTag) < ($1.date, $1.frameworkTag) }
    }

    // MARK: Frameworks

    /// Status rank of CMMC results: final > conditional > no_status > incomplete.
    public static func rank(_ status: String) -> Int {
        switch status {
        case "final", "ready": return 3
        case "conditional": return 2
        case "no_status", "not_ready": return 1
        default: return 0
        }
    }

    static func compare(_ id: String, _ a: ReadinessReport, _ b: ReadinessReport) -> FrameworkChange? {
        // (id, cmmc id, title, status, reasons, counts as met)
        typealias Row = (id: String, cmmcID: String?, title: String, status: String, reasons: [String], good: Bool)
        let from: (Summary, [Row]), to: (Summary, [Row])
        func rows(_ r: CMMCLevel2Result) -> (Summary, [Row]) {
            let rows = r.requirements.map { q -> Row in
                (q.base.requirement.id, q.base.requirement.cmmcID, q.base.requirement.title, q.base.status.rawValue, q.base.reasons, q.base.isMetOrNA)
            }
            return (Summary(score: r.score, status: r.status, met: rows.filter { $0.good }.count, total: rows.count, type: nil, held: r.held), rows)
        }
        func rows(_ r: CMMCLevel1Result) -> (Summary, [Row]) {
            let rows = r.requirements.map { q -> Row in (q.requirement.id, q.requirement.cmmcID, q.requirement.title, q.status.rawValue, q.reasons, q.isMetOrNA) }
            return (Summary(score: nil, status: r.status, met: r.met, total: rows.count, type: nil, held: r.held), rows)
        }
        func rows(_ r: SOC2Result) -> (Summary, [Row]) {
            let rows = r.criteria.map { c -> Row in
                (c.requirement.id, c.requirement.cmmcID, c.requirement.title, c.status.rawValue, c.failures.map(\.reason) + c.justifications, c.isReadyOrNA)
            }
            return (Summary(score: nil, status: r.status, met: r.ready, total: rows.count, type: r.type), rows)
        }
        switch id {
        case "cmmc-l2":
            guard let x = a.cmmcL2, let y = b.cmmcL2 else { return nil }
            from = rows(x)
            to = rows(y)
        case "cmmc-l1":
            guard let x = a.cmmcL1, let y = b.cmmcL1 else { return nil }
            from = rows(x)
            to = rows(y)
        case "soc2":
            guard let x = a.soc2, let y = b.soc2 else { return nil }
            from = rows(x)
            to = rows(y)
        default:
            return nil
        }
        let before = Dictionary(from.1.map { ($0.id, $0) }, uniquingKeysWith: { x, _ in x })
        let after = Set(to.1.map(\.id))
        var changed = [RequirementChange]()
        for r in to.1 {
            let old = before[r.id]
            guard old?.status != r.status else { continue }
            changed.append(RequirementChange(id: r.id, cmmcID: r.cmmcID, title: r.title, from: old?.status, to: r.status,
                                             fromReasons: old?.reasons ?? [], toReasons: r.reasons, regressed: (old?.good ?? false) && !r.good))
        }
        for r in from.1 where !after.contains(r.id) {
            changed.append(RequirementChange(id: r.id, cmmcID: r.cmmcID, title: r.title, from: r.status, to: nil,
                                             fromReasons: r.reasons, toReasons: [], regressed: false))
        }
        // Worse: a lower CMMC Level 2 score, a lower status, fewer MET / ready, or any
        // requirement or criterion that was MET / ready and is not any more.
        var worse = rank(to.0.status) < rank(from.0.status) || changed.contains(where: \.regressed)
        if id == "cmmc-l2" {
            if let x = from.0.score, let y = to.0.score, y < x { worse = true }
        } else if to.0.met < from.0.met {
            worse = true
        }
        return FrameworkChange(id: id, from: from.0, to: to.0, changed: changed, worse: worse)
    }

    // MARK: Records

    /// Evidence in both trees that was valid for one of its controls at `from`'s as-of day and
    /// has expired by `to`'s (judged with the control's record at `to`). Uses the evidence lists
    /// the two readiness computations loaded: no further enumeration.
    static func expired(from: DiffSide, to: DiffSide) -> [ExpiredEvidence] {
        let before = Dictionary(from.input.evidence.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let controlsBefore = Dictionary(from.input.controls.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let controlsAfter = Dictionary(to.input.controls.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var out = [ExpiredEvidence]()
        for e in to.input.evidence {
            guard let old = before[e.id] else { continue }
            for c in e.controls where old.controls.contains(c) {
                guard let ca = controlsBefore[c], let cb = controlsAfter[c],
                      EvidenceValidity.isValid(old, for: ca, at: from.asOf, policy: from.input.config.policy) else { continue }
                let end = EvidenceValidity.end(of: e, for: cb, policy: to.input.config.policy)
                if to.asOf > end { out.append(ExpiredEvidence(id: e.id, title: e.title, control: c, validUntil: end)) }
            }
        }
        return out.sorted { ($0.id, $0.control) < ($1.id, $1.control) }
    }

    /// Top-level fields whose values differ (the schema line left out).
    static func changedFields(_ a: RecordValue, _ b: RecordValue) -> [String] {
        let x = a.mapPairs ?? [], y = b.mapPairs ?? []
        var keys = x.map(\.0)
        for (k, _) in y where !keys.contains(k) { keys.append(k) }
        return keys.filter { k in k != "schema" && a[k] != b[k] }
    }

    /// A control's changes field by field: scalar fields from/to, `maps` with the requirements
    /// added and removed, `attributes` as mappings.
    public static func controlChanges(_ a: ControlRecord, _ b: ControlRecord) -> [FieldChange] {
        var out = [FieldChange]()
        func scalar(_ field: String, _ x: String?, _ y: String?) {
            if x != y { out.append(FieldChange(field: field, from: .optional(x), to: .optional(y), added: [], removed: [])) }
        }
        scalar("title", a.title, b.title)
        scalar("description", a.description, b.description)
        scalar("owner", a.owner, b.owner)
        scalar("status", a.status, b.status)
        scalar("justification", a.justification, b.justification)
        scalar("frequency", a.frequency, b.frequency)
        scalar("evidence_valid_for", a.evidenceValidFor?.description, b.evidenceValidFor?.description)
        let x = a.qualifiedRequirements, y = b.qualifiedRequirements
        if Set(x) != Set(y) {
            out.append(FieldChange(field: "maps", from: .strings(x), to: .strings(y),
                                   added: y.filter { !x.contains($0) }, removed: x.filter { !y.contains($0) }))
        }
        let ax = Dictionary(a.attributes.map { ($0.key, $0.value) }, uniquingKeysWith: { v, _ in v })
        let ay = Dictionary(b.attributes.map { ($0.key, $0.value) }, uniquingKeysWith: { v, _ in v })
        if ax != ay {
            out.append(FieldChange(field: "attributes", from: .map(a.attributes.map { ($0.key, .string($0.value)) }),
                                   to: .map(b.attributes.map { ($0.key, .string($0.value)) }), added: [], removed: []))
        }
        return out
    }
}

// MARK: Output

extension ReadinessDiff {
    /// The JSON contract of `evident diff --format json`.
    public var jsonValue: RecordValue {
        func side(_ s: DiffSide) -> RecordValue {
            .map([("revision", .string(s.revision)), ("as_of", .string(s.asOf.description)), ("spec", .string(s.spec))])
        }
        func summary(_ s: Summary, _ id: String) -> RecordValue {
            var pairs: [(String, RecordValue)] = [("score", s.score.map(RecordValue.int) ?? .null), ("status", .string(s.status))]
            pairs.append((id == "soc2" ? "ready" : "met", .int(s.met)))
            pairs.append(("total", .int(s.total)))
            if let t = s.type { pairs.append(("type", .int(t))) }
            if id != "soc2" { pairs.append(("held", s.held.map(\.jsonValue) ?? .null)) }
            return .map(pairs)
        }
        func evidence(_ e: EvidenceEntry, changes: Bool = false) -> RecordValue {
            var pairs: [(String, RecordValue)] = [("id", .string(e.id)), ("title", .string(e.title)), ("controls", .strings(e.controls)),
                                                  ("collected", .string(e.collected.description))]
            if changes { pairs.append(("changes", .strings(e.changes))) }
            return .map(pairs)
        }
        func control(_ c: ControlEntry) -> RecordValue {
            .map([("id", .string(c.id)), ("title", .string(c.title)), ("status", .string(c.status)), ("maps", .strings(c.maps))])
        }
        func poam(_ p: PoamEntry) -> RecordValue {
            .map([("id", .string(p.id)), ("requirement", .string(p.requirement)), ("opened", .string(p.opened.description)),
                  ("scheduled_completion", .string(p.scheduledCompletion.description)), ("status", .string(p.status)),
                  ("closed", .optional(p.closed?.description))])
        }
        func exception(_ e: ExceptionEntry) -> RecordValue {
            .map([("id", .string(e.id)), ("requirement", .string(e.requirement)), ("kind", .string(e.kind)),
                  ("opened", .string(e.opened.description)), ("closed", .optional(e.closed?.description))])
        }
        return .map([
            ("from", side(from)),
            ("to", side(to)),
            ("frameworks", .list(frameworks.map { f in
                .map([
                    ("id", .string(f.id)),
                    ("from", summary(f.from, f.id)),
                    ("to", summary(f.to, f.id)),
                    ("changed", .list(f.changed.map { c in
                        .map([
                            ("id", .string(c.id)), ("cmmc_id", .optional(c.cmmcID)), ("title", .string(c.title)),
                            ("from", .optional(c.from)), ("to", .optional(c.to)),
                            ("reasons", .map([("from", .strings(c.fromReasons)), ("to", .strings(c.toReasons))])),
                        ])
                    })),
                    ("worse", .bool(f.worse)),
                ])
            })),
            ("evidence", .map([
                ("added", .list(evidenceAdded.map { evidence($0) })),
                ("removed", .list(evidenceRemoved.map { evidence($0) })),
                ("modified", .list(evidenceModified.map { evidence($0, changes: true) })),
                ("expired", .list(evidenceExpired.map {
                    .map([("id", .string($0.id)), ("title", .string($0.title)), ("control", .string($0.control)),
                          ("valid_until", .string($0.validUntil.description))])
                })),
            ])),
            ("controls", .map([
                ("added", .list(controlsAdded.map(control))),
                ("removed", .list(controlsRemoved.map(control))),
                ("modified", .list(controlsModified.map { m in
                    .map([("id", .string(m.id)), ("title", .string(m.title)), ("changes", .list(m.changes.map { c in
                        var pairs: [(String, RecordValue)] = [("field", .string(c.field)), ("from", c.from), ("to", c.to)]
                        if c.field == "maps" { pairs += [("added", .strings(c.added)), ("removed", .strings(c.removed))] }
                        return .map(pairs)
                    }))])
                })),
            ])),
            ("poam", .map([("opened", .list(poamOpened.map(poam))), ("closed", .list(poamClosed.map(poam)))])),
            ("exceptions", .map([("opened", .list(exceptionsOpened.map(exception))), ("closed", .list(exceptionsClosed.map(exception)))])),
            ("affirmations", .list(affirmations.map { a in
                .map([("framework", .string(a.framework)), ("level", a.level.map(RecordValue.int) ?? .null), ("official", .string(a.official)),
                      ("official_title", .string(a.officialTitle)), ("date", .string(a.date.description))])
            })),
            ("worse", .bool(isWorse)),
        ])
    }
}
