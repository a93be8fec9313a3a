/// A stretch of days a control lacks evidence for, with why.
public struct CoverageGap: Sendable, Equatable {
    /// What a SOC 2 Type 2 gap is (soc2-rules.md §3).
    public enum Kind: String, Sendable, Equatable {
        /// A whole calendar interval (or, when the period holds none, the period) without a record.
        case missing
        /// A calendar interval cut by an edge of the period: listed, not tested, never a failure.
        case partialNotTested = "partial_not_tested"
        /// Days of a daily or continuous control's period no record covers.
        case uncoveredDays = "uncovered_days"
        /// An on_event control with no event record in the period and no no-occurrence record covering it.
        case noEventRecord = "no_event_record"
    }

    public let control: String?
    public let from: Day?
    public let to: Day?
    /// The kind of a Type 2 occurrence gap; nil for Type 1 gaps and for gaps about a criterion or
    /// control as a whole (no control maps to it, a control not implemented, a period not computed).
    public let kind: Kind?
    public let reason: String

    public init(control: String?, from: Day?, to: Day?, kind: Kind? = nil, reason: String) {
        self.control = control
        self.from = from
        self.to = to
        self.kind = kind
        self.reason = reason
    }

    /// Whether the gap makes its criterion not ready: every gap does except a partial interval at
    /// an edge of the period, which is shown to the reader but is not tested (soc2-rules.md §3).
    public var isFailure: Bool { kind != .partialNotTested }
}

public struct SOC2CriterionResult: Sendable {
    /// soc2-rules.md §2: ready, not ready, or N/A (every mapped control not applicable).
    public enum Status: String, Sendable { case ready, notReady = "not_ready", notApplicable = "not_applicable" }

    public let requirement: Requirement
    public let controls: [String]
    /// Every gap of the mapped controls, the partial intervals at the edges of a Type 2 period
    /// included (see `failures`).
    public let gaps: [CoverageGap]
    /// For an N/A criterion: why each mapped control does not apply (`ID: justification`).
    public let justifications: [String]

    public init(requirement: Requirement, controls: [String], gaps: [CoverageGap], justifications: [String] = []) {
        self.requirement = requirement
        self.controls = controls
        self.gaps = gaps
        self.justifications = justifications
    }

    /// The gaps that make the criterion not ready: all but `partial_not_tested` ones.
    public var failures: [CoverageGap] { gaps.filter(\.isFailure) }

    /// Decided by `failures` only: partial intervals at the edges of a Type 2 period are listed,
    /// not tested, so a criterion whose only gaps are partial intervals is ready.
    public var status: Status {
        let failing = gaps.contains(where: \.isFailure)
        if !justifications.isEmpty && !failing { return .notApplicable }
        return failing ? .notReady : .ready
    }
    public var isReady: Bool { status == .ready }
    /// Ready or N/A: nothing for the auditor to find.
    public var isReadyOrNA: Bool { status != .notReady }
}

/// One control tested over a Type 2 period (soc2-rules.md §3, §5).
/// One occurrence of a control over a Type 2 period (soc2-rules.md §3): a whole calendar
/// interval, a day (daily and continuous controls) or an event record (on_event), with the record
/// that evidences it, if any. The population a sample is drawn from (§5).
public struct SOC2Occurrence: Sendable, Equatable {
    public let from: Day
    public let to: Day
    /// The record that evidences it; nil when nothing does.
    public let evidence: String?

    public init(from: Day, to: Day, evidence: String?) {
        self.from = from
        self.to = to
        self.evidence = evidence
    }
}

public struct SOC2ControlResult: Sendable {
    public let control: String
    public let frequency: String
    /// The occurrences the auditor tests: the whole calendar intervals inside the period (1 when
    /// it holds none), the days of the period for daily and continuous controls, the event
    /// records in the period for on_event controls.
    public let occurrences: Int
    /// How many of them a record evidences (covered days for daily and continuous controls).
    public let evidenced: Int
    /// The auditor's likely sample from the occurrences (`SampleSizes`).
    public let sampleSize: Int
    /// The records that count: one per evidenced occurrence, in interval order; the records whose
    /// covers count for daily and continuous controls; the event records (or, with none, the
    /// no-occurrence records) for on_event controls.
    public let evidence: [String]
    public let gaps: [CoverageGap]
    /// The occurrences one by one, in order (`occurrences` of them): what an auditor samples from.
    public let population: [SOC2Occurrence]

    public init(control: String, frequency: String, occurrences: Int, evidenced: Int, sampleSize: Int, evidence: [String], gaps: [CoverageGap],
                population: [SOC2Occurrence] = []) {
        self.control = control
        self.frequency = frequency
        self.occurrences = occurrences
        self.evidenced = evidenced
        self.sampleSize = sampleSize
        self.evidence = evidence
        self.gaps = gaps
        self.population = population
    }
}

public struct SOC2Result: Sendable {
    public let type: Int
    public let period: EvidenceRecord.Period?
    public let categories: [String]
    public let criteria: [SOC2CriterionResult]
    /// Type 2: every applicable control mapping an in-scope criterion, by id; empty for Type 1.
    public let controls: [SOC2ControlResult]
    public var ready: Int { criteria.filter(\.isReady).count }
    /// Criteria whose mapped controls are all not applicable, counted apart (soc2-rules.md §2).
    public var notApplicable: Int { criteria.filter { $0.status == .notApplicable }.count }
    /// The criteria that apply: in scope and not N/A.
    public var applicable: Int { criteria.count - notApplicable }
    public var status: String { criteria.allSatisfy(\.isReadyOrNA) ? "ready" : "not_ready" }

    public init(type: Int, period: EvidenceRecord.Period?, categories: [String], criteria: [SOC2CriterionResult], controls: [SOC2ControlResult] = []) {
        self.type = type
        self.period = period
        self.categories = categories
        self.criteria = criteria
        self.controls = controls
    }
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
    /// No-occurrence records are not evidence here (`EvidenceValidity.isValid`).
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

    /// Type 2 over `period` (soc2-rules.md §2, §3): a criterion is ready when a control maps to
    /// it, every mapped control is implemented (or not applicable) and every implemented one is
    /// evidenced in every occurrence of its frequency over the period (`test`). Partial calendar
    /// intervals at the edges are listed with the criterion's gaps but do not make it not ready.
    public static func type2(catalog: Catalog, categories: [String], controls: [ControlRecord], index: EvidenceIndex,
                             period: EvidenceRecord.Period, grace: ISODuration, sampleSizes: [ControlFrequency: Int] = [:]) -> SOC2Result {
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
        var cache = [String: SOC2ControlResult]()
        func tested(_ c: ControlRecord) -> SOC2ControlResult {
            if let hit = cache[c.id] { return hit }
            let t = test(c, evidence: index.evidence(for: c.id), period: period, grace: grace, sampleSizes: sampleSizes)
            cache[c.id] = t
            return t
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
            for c in mapped where c.status != "not_applicable" { found += tested(c).gaps }
            return SOC2CriterionResult(requirement: r, controls: mapped.map(\.id), gaps: found)
        }
        return SOC2Result(type: 2, period: period, categories: categories, criteria: results,
                          controls: cache.values.sorted { $0.control < $1.control })
    }

    /// The gaps of one control over the period (`test(...).gaps`).
    public static func controlGaps(_ c: ControlRecord, evidence: [EvidenceRecord], period: EvidenceRecord.Period, grace: ISODuration) -> [CoverageGap] {
        test(c, evidence: evidence, period: period, grace: grace).gaps
    }

    /// One control tested over P = `period` by its frequency (soc2-rules.md §3), with the
    /// auditor's likely sample (§5). `evidence` is the control's records (any order).
    ///
    /// A record's `covers` counts only up to its collection day: evidence never speaks of the
    /// future, and `valid_until` never extends Type 2 coverage (§3).
    public static func test(_ c: ControlRecord, evidence: [EvidenceRecord], period: EvidenceRecord.Period, grace: ISODuration,
                            sampleSizes: [ControlFrequency: Int] = [:]) -> SOC2ControlResult {
        guard let frequency = ControlFrequency(rawValue: c.frequency) else {
            return SOC2ControlResult(control: c.id, frequency: c.frequency, occurrences: 0, evidenced: 0, sampleSize: 0, evidence: [],
                                     gaps: [CoverageGap(control: c.id, from: period.from, to: period.to,
                                                        reason: "\(c.id) has the frequency '\(c.frequency)', which is not one of \(ControlRecord.frequencies.joined(separator: ", "))")])
        }
        var t: Tested
        switch frequency {
        case .weekly, .monthly, .quarterly, .semiannual, .annual:
            t = calendar(c, frequency, evidence: evidence, period: period, grace: grace)
        case .daily, .continuous:
            t = population(c, evidence: evidence, period: period, grace: grace)
        case .onEvent:
            t = events(c, evidence: evidence, period: period)
        }
        let sample = SampleSizes.sample(frequency, population: t.occurrences, overrides: sampleSizes)
        if c.status != "implemented" {
            // A control that is not implemented is not operating: nothing of it is evidenced.
            t = Tested(occurrences: t.occurrences, evidenced: 0, evidence: [],
                       gaps: [CoverageGap(control: c.id, from: period.from, to: period.to, reason: "\(c.id) is \(c.status.replacing("_", with: " ")), not implemented")],
                       population: t.population.map { SOC2Occurrence(from: $0.from, to: $0.to, evidence: nil) })
        }
        return SOC2ControlResult(control: c.id, frequency: c.frequency, occurrences: t.occurrences, evidenced: t.evidenced, sampleSize: sample,
                                 evidence: t.evidence, gaps: t.gaps, population: t.population)
    }

    struct Tested {
        var occurrences: Int
        var evidenced: Int
        var evidence: [String]
        var gaps: [CoverageGap]
        var population: [SOC2Occurrence] = []
    }

    /// The days a record speaks for, as day numbers: its `covers` up to its collection day (or
    /// its collection day, without `covers`); nil when its covers lies wholly after collection.
    static func spoken(_ e: EvidenceRecord) -> (from: Int, to: Int)? {
        let collected = e.collectedAt.day.epochDay
        guard let covers = e.covers else { return (collected, collected) }
        let to = min(covers.to.epochDay, collected)
        return covers.from.epochDay <= to ? (covers.from.epochDay, to) : nil
    }

    // MARK: weekly, monthly, quarterly, semiannual, annual

    /// A calendar interval of a frequency, as day numbers (`to` may lie past 9999-12-31 for the
    /// last ISO week; such an interval is never wholly inside a period).
    struct Interval {
        let from: Int
        let to: Int
    }

    /// The calendar intervals of `frequency` that meet P, in order (soc2-rules.md §3): ISO weeks
    /// Monday to Sunday; calendar months; quarters Jan-Mar, Apr-Jun, Jul-Sep, Oct-Dec; halves
    /// Jan-Jun and Jul-Dec; calendar years.
    static func intervals(_ frequency: ControlFrequency, meeting p: EvidenceRecord.Period) -> [Interval] {
        let a = p.from.epochDay, b = p.to.epochDay
        var out = [Interval]()
        if frequency == .weekly {
            // 1970-01-01 (day 0) was a Thursday: Monday-based weekday = (day + 3) mod 7.
            var start = a - (((a + 3) % 7) + 7) % 7
            while start <= b {
                out.append(Interval(from: start, to: start + 6))
                start += 7
            }
            return out
        }
        let months: Int
        switch frequency {
        case .monthly: months = 1
        case .quarterly: months = 3
        case .semiannual: months = 6
        default: months = 12
        }
        // Month numbers counted from year 0 (12 is divisible by every length, so aligning the
        // number aligns the interval to the calendar).
        var index = p.from.year * 12 + (p.from.month - 1)
        index -= index % months
        while true {
            let year = index / 12, month = index % 12 + 1
            // The first day of a month of years 1...9999 always exists.
            guard let first = Day(year: year, month: month, day: 1), first.epochDay <= b else { break }
            var length = 0
            for k in 0..<months {
                let m = index + k
                length += Day.daysIn(month: m % 12 + 1, year: m / 12)
            }
            out.append(Interval(from: first.epochDay, to: first.epochDay + length - 1))
            index += months
        }
        return out
    }

    static let unit: [ControlFrequency: String] = [.weekly: "week", .monthly: "month", .quarterly: "quarter", .semiannual: "half-year", .annual: "year"]

    /// soc2-rules.md §3, first two bullets. The occurrences are the intervals wholly inside P;
    /// the partial ones at its edges are listed as `partial_not_tested`. A record evidences an
    /// occurrence when it was collected inside the interval or within `grace` after it ends and
    /// its `covers` (when given) overlaps the interval; one record evidences one occurrence at
    /// most. Matching: the intervals in order, each taking the unused eligible record whose
    /// eligible range ends first (then the earliest collected, then the smallest id) — greedy by
    /// earliest deadline, which evidences as many occurrences as any matching can, because every
    /// record is eligible for a run of consecutive intervals.
    /// When P holds no whole interval, P itself is the one occurrence: one record collected inside
    /// P or within `grace` after its end, with `covers` (when given) overlapping P; the partial
    /// intervals are then not listed (P is tested as one).
    static func calendar(_ c: ControlRecord, _ frequency: ControlFrequency, evidence: [EvidenceRecord], period p: EvidenceRecord.Period,
                         grace: ISODuration) -> Tested {
        let records = evidence.filter { !$0.noOccurrence }
        let unit = Self.unit[frequency] ?? c.frequency
        let all = intervals(frequency, meeting: p)
        let whole = all.filter { $0.from >= p.from.epochDay && $0.to <= p.to.epochDay }
        let graceText = grace.isZero ? "" : " or by "

        if whole.isEmpty {
            let deadline = grace.added(to: p.to)
            let eligible = records.filter { e in
                let collected = e.collectedAt.day
                guard collected >= p.from, collected <= deadline else { return false }
                guard e.covers != nil else { return true }
                guard let s = spoken(e) else { return false }
                return s.from <= p.to.epochDay && s.to >= p.from.epochDay
            }.sorted { ($0.collectedAt, $0.id) < ($1.collectedAt, $1.id) }
            if let first = eligible.first {
                return Tested(occurrences: 1, evidenced: 1, evidence: [first.id], gaps: [], population: [SOC2Occurrence(from: p.from, to: p.to, evidence: first.id)])
            }
            let by = graceText.isEmpty ? "" : "\(graceText)\(deadline) (grace \(grace))"
            return Tested(occurrences: 1, evidenced: 0, evidence: [], gaps: [CoverageGap(
                control: c.id, from: p.from, to: p.to, kind: .missing,
                reason: "no \(c.frequency) evidence for \(c.id) collected in \(p.from)..\(p.to)\(by): the period holds no whole calendar \(unit), so one record in it is needed")],
                population: [SOC2Occurrence(from: p.from, to: p.to, evidence: nil)])
        }

        let deadlines = whole.map { grace.added(to: Day(epochDay: $0.to)).epochDay }
        // The run [lo, hi] of whole intervals each record may evidence.
        struct Candidate {
            let record: EvidenceRecord
            let lo: Int
            let hi: Int
        }
        /// The first index whose value satisfies `pred`, for a predicate false then true along the list.
        func partition(_ n: Int, _ pred: (Int) -> Bool) -> Int {
            var lo = 0, hi = n
            while lo < hi {
                let mid = (lo + hi) / 2
                if pred(mid) { hi = mid } else { lo = mid + 1 }
            }
            return lo
        }
        var candidates = [Candidate]()
        for e in records {
            let collected = e.collectedAt.day.epochDay
            // Collected on or after the interval's first day, and on or before its deadline.
            var lo = partition(whole.count) { deadlines[$0] >= collected }
            var hi = partition(whole.count) { whole[$0].from > collected } - 1
            if e.covers != nil {
                guard let s = spoken(e) else { continue }
                lo = max(lo, partition(whole.count) { whole[$0].to >= s.from })
                hi = min(hi, partition(whole.count) { whole[$0].from > s.to } - 1)
            }
            if lo <= hi { candidates.append(Candidate(record: e, lo: lo, hi: hi)) }
        }
        candidates.sort { ($0.lo, $0.hi, $0.record.collectedAt, $0.record.id) < ($1.lo, $1.hi, $1.record.collectedAt, $1.record.id) }
        // Earliest deadline first: a heap ordered by (hi, collected, id).
        var heap = MinHeap<Candidate> { x, y in (x.hi, x.record.collectedAt, x.record.id) < (y.hi, y.record.collectedAt, y.record.id) }
        var next = 0
        var matched = [String?](repeating: nil, count: whole.count)
        for k in whole.indices {
            while next < candidates.count, candidates[next].lo <= k {
                heap.push(candidates[next])
                next += 1
            }
            while let top = heap.peek, top.hi < k { _ = heap.pop() }
            if let chosen = heap.pop() { matched[k] = chosen.record.id }
        }

        var gaps = [CoverageGap]()
        func partial(_ i: Interval, _ edge: String) {
            let from = Day(epochDay: max(i.from, p.from.epochDay)), to = Day(epochDay: min(i.to, p.to.epochDay))
            gaps.append(CoverageGap(control: c.id, from: from, to: to, kind: .partialNotTested,
                                    reason: "\(from)..\(to) is a partial \(unit) at the \(edge) of the period: not tested"))
        }
        if let first = all.first, first.from < p.from.epochDay { partial(first, "start") }
        for (k, i) in whole.enumerated() where matched[k] == nil {
            let from = Day(epochDay: i.from), to = Day(epochDay: i.to)
            let by = graceText.isEmpty ? "" : "\(graceText)\(Day(epochDay: deadlines[k])) (grace \(grace))"
            var reason = "no \(c.frequency) evidence for \(c.id) collected in \(from)..\(to)\(by)"
            let used = candidates.filter { $0.lo <= k && k <= $0.hi }.map(\.record.id).sorted()
            if !used.isEmpty {
                reason += " other than \(used.joined(separator: ", ")), which evidence\(used.count == 1 ? "s" : "") another \(unit): one record evidences one occurrence"
            }
            gaps.append(CoverageGap(control: c.id, from: from, to: to, kind: .missing, reason: reason))
        }
        if let last = all.last, last.to > p.to.epochDay { partial(last, "end") }
        let evidenced = matched.compactMap { $0 }
        let population = whole.enumerated().map { k, i in SOC2Occurrence(from: Day(epochDay: i.from), to: Day(epochDay: i.to), evidence: matched[k]) }
        return Tested(occurrences: whole.count, evidenced: evidenced.count, evidence: evidenced, gaps: gaps, population: population)
    }

    // MARK: daily, continuous

    /// soc2-rules.md §3, third bullet: P must be covered by the union of the `covers` ranges of
    /// records collected within `grace` after their range ends (a record without `covers` covers
    /// its collection day); every uncovered stretch of days is named, with no tolerance. The
    /// occurrences are the days of P, and `evidenced` the days covered.
    static func population(_ c: ControlRecord, evidence: [EvidenceRecord], period p: EvidenceRecord.Period, grace: ISODuration) -> Tested {
        let a = p.from.epochDay, b = p.to.epochDay
        var ranges = [(from: Int, to: Int, id: String)]()
        for e in evidence where !e.noOccurrence {
            guard let s = spoken(e) else { continue }
            if let covers = e.covers, e.collectedAt.day > grace.added(to: covers.to) { continue }
            if s.to < a || s.from > b { continue }
            ranges.append((max(s.from, a), min(s.to, b), e.id))
        }
        ranges.sort { ($0.from, $0.to, $0.id) < ($1.from, $1.to, $1.id) }
        var gaps = [CoverageGap]()
        var covered = 0
        // The first day not yet covered, as a day number (one past 9999-12-31 is not a Day).
        var cursor = a
        func uncovered(_ from: Int, _ to: Int) {
            let x = Day(epochDay: from), y = Day(epochDay: to)
            let days = to - from + 1
            gaps.append(CoverageGap(control: c.id, from: x, to: y, kind: .uncoveredDays,
                                    reason: "no record of \(c.frequency) control \(c.id) covers \(x)..\(y) (\(days) day\(days == 1 ? "" : "s"))"))
        }
        for r in ranges {
            if r.from > cursor { uncovered(cursor, r.from - 1) }
            if r.to >= cursor {
                covered += r.to - max(cursor, r.from) + 1
                cursor = r.to + 1
            }
        }
        if cursor <= b { uncovered(cursor, b) }
        // Each day of P, with the first record (by range start) that covers it.
        var days = [SOC2Occurrence]()
        days.reserveCapacity(b - a + 1)
        var r = 0
        var open = [(to: Int, id: String)]()
        for d in a...b {
            while r < ranges.count, ranges[r].from <= d {
                open.append((ranges[r].to, ranges[r].id))
                r += 1
            }
            open.removeAll { $0.to < d }
            let day = Day(epochDay: d)
            days.append(SOC2Occurrence(from: day, to: day, evidence: open.first?.id))
        }
        return Tested(occurrences: b - a + 1, evidenced: covered, evidence: ranges.map(\.id).sorted(), gaps: gaps, population: days)
    }

    // MARK: on_event

    /// soc2-rules.md §3, fourth bullet: at least one record collected inside P, or no-occurrence
    /// records whose `covers` together cover P (management's statement that no event happened).
    /// The occurrences are the event records in P (the population the sample is drawn from).
    static func events(_ c: ControlRecord, evidence: [EvidenceRecord], period p: EvidenceRecord.Period) -> Tested {
        let inside = evidence.filter { !$0.noOccurrence && $0.collectedAt.day >= p.from && $0.collectedAt.day <= p.to }
            .sorted { ($0.collectedAt, $0.id) < ($1.collectedAt, $1.id) }
        if !inside.isEmpty {
            return Tested(occurrences: inside.count, evidenced: inside.count, evidence: inside.map(\.id), gaps: [],
                          population: inside.map { SOC2Occurrence(from: $0.collectedAt.day, to: $0.collectedAt.day, evidence: $0.id) })
        }
        let a = p.from.epochDay, b = p.to.epochDay
        let statements = evidence.filter(\.noOccurrence).compactMap { e -> (from: Int, to: Int, id: String)? in
            guard let s = spoken(e), s.to >= a, s.from <= b else { return nil }
            return (s.from, s.to, e.id)
        }.sorted { ($0.from, $0.to, $0.id) < ($1.from, $1.to, $1.id) }
        var cursor = a
        var holes = [(Int, Int)]()
        for s in statements {
            if s.from > cursor { holes.append((cursor, s.from - 1)) }
            cursor = max(cursor, s.to + 1)
        }
        if cursor <= b { holes.append((cursor, b)) }
        if holes.isEmpty {
            return Tested(occurrences: 0, evidenced: 0, evidence: statements.map(\.id).sorted(), gaps: [])
        }
        var reason = "on-event control \(c.id) has no event record collected in \(p.from)..\(p.to) and no no-occurrence record covering it"
        if !statements.isEmpty {
            let days = holes.map { "\(Day(epochDay: $0.0))..\(Day(epochDay: $0.1))" }.joined(separator: ", ")
            reason += " (its no-occurrence records leave \(days) uncovered)"
        }
        reason += ": add the events, or management's statement with 'evident evidence add --no-occurrence --covers \(p.from)..\(p.to) --control \(c.id) --title TEXT'"
        return Tested(occurrences: 0, evidenced: 0, evidence: [], gaps: [CoverageGap(control: c.id, from: p.from, to: p.to, kind: .noEventRecord, reason: reason)])
    }
}

/// A binary min-heap ordered by `less`.
struct MinHeap<Element> {
    private var items = [Element]()
    private let less: (Element, Element) -> Bool

    init(_ less: @escaping (Element, Element) -> Bool) { self.less = less }

    var peek: Element? { items.first }

    mutating func push(_ e: Element) {
        items.append(e)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard less(items[i], items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> Element? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count, less(items[l], items[m]) { m = l }
            if r < items.count, less(items[r], items[m]) { m = r }
            if m == i { break }
            items.swapAt(i, m)
            i = m
        }
        return top
    }
}
