/// A stretch of days a control lacks evidence for, with why.
public struct CoverageGap: Sendable, Equatable {
    public let control: String?
    public let from: Day?
    public let to: Day?
    public let reason: String
}

public struct SOC2CriterionResult: Sendable {
    /// soc2-rules.md §2: ready, not ready, or N/A (every mapped control not applicable).
    public enum Status: String, Sendable { case ready, notReady = "not_ready", notApplicable = "not_applicable" }

    public let requirement: Requirement
    public let controls: [String]
    public let gaps: [CoverageGap]
    /// For an N/A criterion: why each mapped control does not apply (`ID: justification`).
    public let justifications: [String]

    public init(requirement: Requirement, controls: [String], gaps: [CoverageGap], justifications: [String] = []) {
        self.requirement = requirement
        self.controls = controls
        self.gaps = gaps
        self.justifications = justifications
    }

    public var status: Status {
        if !justifications.isEmpty && gaps.isEmpty { return .notApplicable }
        return gaps.isEmpty ? .ready : .notReady
    }
    public var isReady: Bool { status == .ready }
    /// Ready or N/A: nothing for the auditor to find.
    public var isReadyOrNA: Bool { status != .notReady }
}

public struct SOC2Result: Sendable {
    public let type: Int
    public let period: EvidenceRecord.Period?
    public let categories: [String]
    public let criteria: [SOC2CriterionResult]
    public var ready: Int { criteria.filter(\.isReady).count }
    /// Criteria whose mapped controls are all not applicable, counted apart (soc2-rules.md §2).
    public var notApplicable: Int { criteria.filter { $0.status == .notApplicable }.count }
    /// The criteria that apply: in scope and not N/A.
    public var applicable: Int { criteria.count - notApplicable }
    public var status: String { criteria.allSatisfy(\.isReadyOrNA) ? "ready" : "not_ready" }
}

public enum SOC2Readiness {
    /// The criteria of the in-scope categories (security is always in scope).
    public static func criteria(_ catalog: Catalog, categories: [String]) -> [Requirement] {
        catalog.requirements.filter { r in categories.contains(r.category ?? "security") }
    }

    /// Why each of `mapped` does not apply, when every one is not applicable (soc2-rules.md §2:
    /// the criterion is N/A), else nil.
    static func justifications(_ mapped: [ControlRecord]) -> [String]? {
        guard !mapped.isEmpty, mapped.allSatisfy({ $0.status == "not_applicable" }) else { return nil }
        return mapped.map { "\($0.id): \($0.justification ?? "not applicable")" }
    }

    /// Type 1 at `evaluator.day` (soc2-rules.md §2, §4), the rule of a CMMC requirement's MET: at
    /// least one control maps to the criterion, every mapped control is implemented or not
    /// applicable, and every implemented one has evidence valid that day. A planned or partially
    /// implemented control makes it not ready; all mapped controls not applicable make it N/A.
    public static func type1(catalog: Catalog, categories: [String], evaluator: RequirementEvaluator) -> SOC2Result {
        let results = criteria(catalog, categories: categories).map { r -> SOC2CriterionResult in
            let mapped = evaluator.controls(for: r.qualifiedID)
            if let why = justifications(mapped) {
                return SOC2CriterionResult(requirement: r, controls: mapped.map(\.id), gaps: [], justifications: why)
            }
            var gaps = [CoverageGap]()
            if mapped.isEmpty {
                gaps.append(CoverageGap(control: nil, from: nil, to: nil, reason: "no control maps to it"))
            }
            for c in mapped where c.status != "not_applicable" {
                if let problem = evaluator.state(of: c.id)?.problem {
                    gaps.append(CoverageGap(control: c.id, from: nil, to: evaluator.day, reason: problem))
                }
            }
            return SOC2CriterionResult(requirement: r, controls: mapped.map(\.id), gaps: gaps)
        }
        return SOC2Result(type: 1, period: nil, categories: categories, criteria: results)
    }

    /// Type 2 over `period`: each control mapping an in-scope criterion needs evidence in every
    /// interval of its frequency, counted from the period start (the last interval may be short).
    /// Evidence fills an interval when its `covers` range overlaps it or, without `covers`, when it
    /// was collected inside it. Continuous controls need `covers` ranges leaving no gap longer than
    /// the grace; on_event controls need at least one item in the period.
    public static func type2(catalog: Catalog, categories: [String], controls: [ControlRecord], index: EvidenceIndex,
                             period: EvidenceRecord.Period, grace: ISODuration) -> SOC2Result {
        // A period longer than CalendarLimits.longestPeriod (an old snapshot's manifest can hold
        // one) is not computed: every criterion gets one gap saying why, never a hang or a crash.
        if let problem = period.observationProblem {
            let results = criteria(catalog, categories: categories).map { r in
                SOC2CriterionResult(requirement: r, controls: controls.filter { $0.qualifiedRequirements.contains(r.qualifiedID) }.map(\.id),
                                    gaps: [CoverageGap(control: nil, from: period.from, to: period.to, reason: problem)])
            }
            return SOC2Result(type: 2, period: period, categories: categories, criteria: results)
        }
        var byRequirement = [String: [ControlRecord]]()
        for c in controls { for q in c.qualifiedRequirements { byRequirement[q, default: []].append(c) } }
        var cache = [String: [CoverageGap]]()
        func gaps(of c: ControlRecord) -> [CoverageGap] {
            if let hit = cache[c.id] { return hit }
            let g = controlGaps(c, evidence: index.evidence(for: c.id), period: period, grace: grace)
            cache[c.id] = g
            return g
        }
        let results = criteria(catalog, categories: categories).map { r -> SOC2CriterionResult in
            let mapped = byRequirement[r.qualifiedID] ?? []
            if let why = justifications(mapped) {
                return SOC2CriterionResult(requirement: r, controls: mapped.map(\.id), gaps: [], justifications: why)
            }
            var found = [CoverageGap]()
            if mapped.isEmpty {
                found.append(CoverageGap(control: nil, from: period.from, to: period.to, reason: "no control maps to it"))
            }
            for c in mapped where c.status != "not_applicable" { found += gaps(of: c) }
            return SOC2CriterionResult(requirement: r, controls: mapped.map(\.id), gaps: found)
        }
        return SOC2Result(type: 2, period: period, categories: categories, criteria: results)
    }

    /// The uncovered intervals of one control over the period.
    public static func controlGaps(_ c: ControlRecord, evidence: [EvidenceRecord], period: EvidenceRecord.Period, grace: ISODuration) -> [CoverageGap] {
        if c.status != "implemented" {
            return [CoverageGap(control: c.id, from: period.from, to: period.to, reason: "\(c.id) is \(c.status.replacing("_", with: " ")), not implemented")]
        }
        func span(_ e: EvidenceRecord) -> (Day, Day) { e.covers.map { ($0.from, $0.to) } ?? (e.collectedAt.day, e.collectedAt.day) }
        func fills(_ e: EvidenceRecord, _ from: Day, _ to: Day) -> Bool {
            let (a, b) = span(e)
            return a <= to && b >= from
        }
        if let interval = EvidenceValidity.interval(of: c.frequency) {
            var out = [CoverageGap]()
            var start = period.from
            var n = 1
            while start <= period.to {
                let next = periodStart(period.from, interval, n)
                // An interval reaching past 9999-12-31 ends with the calendar (CalendarLimits):
                // it is the last one.
                let last = next.clamped || next.day <= start
                let end = last ? period.to : min(next.day.adding(days: -1), period.to)
                if !evidence.contains(where: { fills($0, start, end) }) {
                    out.append(CoverageGap(control: c.id, from: start, to: end, reason: "no \(c.frequency) evidence for \(c.id) covers \(start)..\(end)"))
                }
                if last { break }
                start = next.day
                n += 1
            }
            return out
        }
        if c.frequency == "continuous" {
            // Merge the covered ranges, then report every uncovered run longer than the grace.
            let allowed = grace.added(to: period.from).epochDay - period.from.epochDay
            let ranges = evidence.map(span).filter { $0.0 <= period.to && $0.1 >= period.from }.sorted { $0.0 < $1.0 }
            var out = [CoverageGap]()
            // The first uncovered day, as a day number: one past 9999-12-31 is not a Day.
            var cursor = period.from.epochDay
            func check(_ gapFrom: Day, _ gapTo: Day) {
                let length = gapTo.epochDay - gapFrom.epochDay + 1
                if length > allowed {
                    out.append(CoverageGap(control: c.id, from: gapFrom, to: gapTo,
                                           reason: "continuous control \(c.id) has no evidence covering \(gapFrom)..\(gapTo) (\(length) days, more than the \(allowed)-day grace)"))
                }
            }
            for (a, b) in ranges {
                if a.epochDay > cursor { check(Day(epochDay: cursor), a.adding(days: -1)) }
                cursor = max(cursor, b.epochDay + 1)
            }
            if cursor <= period.to.epochDay { check(Day(epochDay: cursor), period.to) }
            return out
        }
        // on_event: at least one item in the period.
        if evidence.contains(where: { fills($0, period.from, period.to) }) { return [] }
        return [CoverageGap(control: c.id, from: period.from, to: period.to, reason: "on-event control \(c.id) has no evidence in the period")]
    }

    /// The start of the n-th interval, always counted from the period start (so month ends clamp
    /// without drifting: Jan 31 + 1 month = Feb 28, + 2 months = Mar 31).
    /// `clamped` when the start lies past 9999-12-31 (`CalendarLimits`).
    static func periodStart(_ from: Day, _ interval: ISODuration, _ n: Int) -> (day: Day, clamped: Bool) {
        ISODuration(years: ISODuration.saturating(interval.years, n, 0), months: ISODuration.saturating(interval.months, n, 0),
                    weeks: ISODuration.saturating(interval.weeks, n, 0), days: ISODuration.saturating(interval.days, n, 0)).advanced(from)
    }
}
