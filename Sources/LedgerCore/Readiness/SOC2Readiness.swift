/// A stretch of days a control lacks evidence for, with why.
public struct CoverageGap: Sendable, Equatable {
    public let control: String?
    public let from: Day?
    public let to: Day?
    public let reason: String
}

public struct SOC2CriterionResult: Sendable {
    public let requirement: Requirement
    public let controls: [String]
    public let gaps: [CoverageGap]
    public var isReady: Bool { gaps.isEmpty }
}

public struct SOC2Result: Sendable {
    public let type: Int
    public let period: EvidenceRecord.Period?
    public let categories: [String]
    public let criteria: [SOC2CriterionResult]
    public var ready: Int { criteria.filter(\.isReady).count }
    public var status: String { ready == criteria.count ? "ready" : "not_ready" }
}

public enum SOC2Readiness {
    /// The criteria of the in-scope categories (security is always in scope).
    public static func criteria(_ catalog: Catalog, categories: [String]) -> [Requirement] {
        catalog.requirements.filter { r in categories.contains(r.category ?? "security") }
    }

    /// Type 1 at `evaluator.day`: a criterion is ready when at least one implemented control maps to
    /// it and every such control has evidence valid that day.
    public static func type1(catalog: Catalog, categories: [String], evaluator: RequirementEvaluator) -> SOC2Result {
        let results = criteria(catalog, categories: categories).map { r -> SOC2CriterionResult in
            let mapped = evaluator.controls(for: r.qualifiedID)
            let implemented = mapped.filter { $0.status == "implemented" }
            var gaps = [CoverageGap]()
            if implemented.isEmpty {
                let others = mapped.filter { $0.status != "not_applicable" }.map { "\($0.id) (\($0.status.replacing("_", with: " ")))" }
                gaps.append(CoverageGap(control: nil, from: nil, to: nil,
                                        reason: mapped.isEmpty ? "no control maps to it" : "no implemented control maps to it" + (others.isEmpty ? "" : "; mapped: \(others.joined(separator: ", "))")))
            }
            for c in implemented {
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
            let applicable = mapped.filter { $0.status != "not_applicable" }
            var found = [CoverageGap]()
            if applicable.isEmpty {
                found.append(CoverageGap(control: nil, from: period.from, to: period.to,
                                         reason: mapped.isEmpty ? "no control maps to it" : "every mapped control is not applicable"))
            }
            for c in applicable { found += gaps(of: c) }
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
