import LedgerCore
import Testing

/// SOC 2 Type 2 as a service auditor tests it (soc2-rules.md §3) and the samples they are likely
/// to draw (§5). Every expected number and date below was worked out by hand, as the comments
/// show; weekdays were read off a calendar (2026-01-01, 2026-01-15 and 2026-05-14 are Thursdays,
/// 2026-12-28 and 2027-01-04 are Mondays, 2027-01-03 and 2027-01-17 are Sundays).
@Suite struct SOC2Type2Tests {
    static let grace = ISODuration(days: 14)

    static func control(_ id: String, _ frequency: String, status: String = "implemented", maps: [String] = ["CC1.1"]) -> ControlRecord {
        ControlRecord(id: id, title: id, owner: "o@x", status: status, frequency: frequency, maps: [(Catalogs.soc2ID, maps)])
    }

    /// A record collected at noon of `collected`; its id carries that day and `n`.
    static func record(_ control: String, _ collected: String, _ n: Int = 1, covers: (String, String)? = nil, validUntil: String? = nil,
                       noOccurrence: Bool = false) -> EvidenceRecord {
        let day = Day(collected)!
        return EvidenceRecord(id: "EV-\(collected.replacing("-", with: ""))-\(String(n).leftPadded(6))", title: "e\(n)", controls: [control],
                              collectedAt: Timestamp(day: day, hour: 12), collectedBy: "t <t@example.test>", method: "manual",
                              covers: covers.map { .init(from: Day($0.0)!, to: Day($0.1)!) }, validUntil: validUntil.flatMap(Day.init),
                              classification: "internal", noOccurrence: noOccurrence,
                              artifacts: noOccurrence ? [] : [.init(path: "a.csv", sha256: String(repeating: "0", count: 64), bytes: 1, mediaType: "text/csv")])
    }

    static func period(_ a: String, _ b: String) -> EvidenceRecord.Period { .init(from: Day(a)!, to: Day(b)!) }

    static func test(_ c: ControlRecord, _ evidence: [EvidenceRecord], _ a: String, _ b: String, grace: ISODuration = grace,
                     sampleSizes: [ControlFrequency: Int] = [:]) -> SOC2ControlResult {
        SOC2Readiness.test(c, evidence: evidence, period: period(a, b), grace: grace, sampleSizes: sampleSizes)
    }

    /// "FROM..TO kind" for each gap.
    static func spans(_ gaps: [CoverageGap]) -> [String] {
        gaps.map { "\($0.from.map(\.description) ?? "-")..\($0.to.map(\.description) ?? "-") \($0.kind?.rawValue ?? "-")" }
    }

    /// The criterion CC1.1 of a Type 2 report over `a..b` with `controls` and `evidence`.
    static func criterion(_ controls: [ControlRecord], _ evidence: [EvidenceRecord], _ a: String, _ b: String, id: String = "CC1.1") throws -> SOC2CriterionResult {
        let r = SOC2Readiness.type2(catalog: Catalogs.soc2, categories: ["security"], controls: controls, index: EvidenceIndex(evidence),
                                    period: period(a, b), grace: grace)
        return try #require(r.criteria.first { $0.requirement.id == id })
    }

    // MARK: Calendar intervals

    /// P = 2026-01-15 (Thu)..2026-05-14 (Thu), monthly, grace P14D. The months meeting P: January
    /// (only 01-15..01-31 inside: partial), February, March, April (whole), May (only
    /// 05-01..05-14: partial). Records collected 01-20, 03-20, 04-20, 05-10 (no covers):
    /// - 01-20 lies in partial January, before February starts: it evidences nothing.
    /// - 03-20: February's deadline is 02-28 + 14 = 03-14, too early; inside March: [Mar].
    /// - 04-20: March's deadline is 03-31 + 14 = 04-14, too early; inside April: [Apr].
    /// - 05-10: April's deadline is 04-30 + 14 = 05-14, so within grace: [Apr].
    /// Greedy: February has no candidate (missing); March takes 03-20; April has 04-20 and
    /// 05-10, both ending at April, and takes the earlier collected, 04-20. So occurrences 3,
    /// evidenced 2 (March, April), gaps: Jan 15-31 partial, Feb missing, May 1-14 partial;
    /// sample min(2, 3) = 2. February makes CC1.1 not ready.
    @Test func wholeMonthsAreTestedAndTheEdgesAreListedAsPartial() throws {
        let c = Self.control("M", "monthly")
        let evidence = [Self.record("M", "2026-01-20", 1), Self.record("M", "2026-03-20", 2), Self.record("M", "2026-04-20", 3), Self.record("M", "2026-05-10", 4)]
        let t = Self.test(c, evidence, "2026-01-15", "2026-05-14")
        #expect(t.occurrences == 3)
        #expect(t.evidenced == 2)
        #expect(t.sampleSize == 2)
        #expect(t.evidence == ["EV-20260320-000002", "EV-20260420-000003"])
        #expect(Self.spans(t.gaps) == ["2026-01-15..2026-01-31 partial_not_tested", "2026-02-01..2026-02-28 missing", "2026-05-01..2026-05-14 partial_not_tested"])
        let cc11 = try Self.criterion([c], evidence, "2026-01-15", "2026-05-14")
        #expect(cc11.status == .notReady)
        #expect(Self.spans(cc11.failures) == ["2026-02-01..2026-02-28 missing"])
    }

    /// One record covering 2026-01-01..2026-06-30, collected 2026-06-30, for a monthly control
    /// over 2026-01-01..2026-06-30 (six whole months). Its covers overlaps every month, but it
    /// must also be collected in the month or within 14 days after it: January's deadline is
    /// 02-14, February's 03-14, March's 04-14, April's 05-14, May's 06-14, all before 06-30;
    /// only June holds 06-30. So it evidences June alone: 1 of 6, January to May missing.
    @Test func aReportCoveringSixMonthsEvidencesOneMonthlyReview() {
        let t = Self.test(Self.control("M", "monthly"), [Self.record("M", "2026-06-30", covers: ("2026-01-01", "2026-06-30"))], "2026-01-01", "2026-06-30")
        #expect(t.occurrences == 6)
        #expect(t.evidenced == 1)
        #expect(t.evidence == ["EV-20260630-000001"])
        #expect(Self.spans(t.gaps) == ["2026-01-01..2026-01-31 missing", "2026-02-01..2026-02-28 missing", "2026-03-01..2026-03-31 missing",
                                       "2026-04-01..2026-04-30 missing", "2026-05-01..2026-05-31 missing"])
    }

    /// Monthly over 2026-01-01..2026-03-31. A, collected 2026-02-10 without covers, may evidence
    /// January (deadline 02-14) or February (inside it). B, collected 2026-02-12 covering
    /// 2026-01-01..2026-01-31, may evidence January only (inside its deadline; its covers misses
    /// February). January takes the candidate whose range ends first: B (ends at January) before
    /// A (ends at February); February then takes A. March has none. Evidenced 2 of 3; taking A
    /// for January (first collected) would have left February missing too.
    @Test func theMatchingTakesTheRecordWhoseRangeEndsFirst() {
        let a = Self.record("M", "2026-02-10", 1), b = Self.record("M", "2026-02-12", 2, covers: ("2026-01-01", "2026-01-31"))
        let t = Self.test(Self.control("M", "monthly"), [a, b], "2026-01-01", "2026-03-31")
        #expect(t.evidence == [b.id, a.id])
        #expect(t.evidenced == 2)
        #expect(Self.spans(t.gaps) == ["2026-03-01..2026-03-31 missing"])
    }

    /// P = 2026-01-01..2026-03-03, monthly, records 01-10 and 02-10: January and February are
    /// whole and evidenced (2 of 2); March 1-3 is a partial month, listed and not tested, so no
    /// March evidence is demanded and CC1.1 is ready with the partial gap shown.
    @Test func aPeriodEndingOnTheThirdDemandsNothingForThatMonth() throws {
        let c = Self.control("M", "monthly")
        let evidence = [Self.record("M", "2026-01-10", 1), Self.record("M", "2026-02-10", 2)]
        let t = Self.test(c, evidence, "2026-01-01", "2026-03-03")
        #expect(t.occurrences == 2)
        #expect(t.evidenced == 2)
        #expect(Self.spans(t.gaps) == ["2026-03-01..2026-03-03 partial_not_tested"])
        let cc11 = try Self.criterion([c], evidence, "2026-01-01", "2026-03-03")
        #expect(cc11.status == .ready)
        #expect(cc11.gaps.count == 1)
        #expect(cc11.failures.isEmpty)
    }

    /// Monthly over 2026-01-01..2026-02-28, one record covering January. January ends 01-31;
    /// + P14D = 02-14, the last day a January record may be collected. Collected 02-14: it
    /// evidences January (its covers keeps it out of February): 1 of 2, February missing.
    /// Collected 02-15, one day past the grace: it evidences nothing: January and February missing.
    @Test func theGraceAfterAnIntervalEndsCountsToTheDay() {
        let c = Self.control("M", "monthly")
        let onTime = Self.test(c, [Self.record("M", "2026-02-14", covers: ("2026-01-01", "2026-01-31"))], "2026-01-01", "2026-02-28")
        #expect(onTime.evidenced == 1)
        #expect(Self.spans(onTime.gaps) == ["2026-02-01..2026-02-28 missing"])
        let late = Self.test(c, [Self.record("M", "2026-02-15", covers: ("2026-01-01", "2026-01-31"))], "2026-01-01", "2026-02-28")
        #expect(late.evidenced == 0)
        #expect(Self.spans(late.gaps) == ["2026-01-01..2026-01-31 missing", "2026-02-01..2026-02-28 missing"])
        #expect(late.gaps.first?.reason.contains("or by 2026-02-14 (grace P14D)") == true)
    }

    /// Weekly over 2026-12-28 (Mon)..2027-01-17 (Sun): three whole ISO weeks, Mon 2026-12-28..
    /// Sun 2027-01-03, 2027-01-04..01-10, 01-11..01-17; no partial edge. Records 2026-12-31
    /// (Thu) and 2027-01-08 (Fri). Week 1 may take 12-31 (inside) or 01-08 (deadline
    /// 01-03 + 14 = 01-17); 01-08 may also serve week 2. Week 1 takes 12-31 (its range ends
    /// first), week 2 takes 01-08, week 3 has none: 2 of 3, sample min(5, 3) = 3.
    @Test func isoWeeksRunMondayToSundayAcrossTheYearEnd() {
        let t = Self.test(Self.control("W", "weekly"), [Self.record("W", "2026-12-31", 1), Self.record("W", "2027-01-08", 2)], "2026-12-28", "2027-01-17")
        #expect(t.occurrences == 3)
        #expect(t.evidenced == 2)
        #expect(t.sampleSize == 3)
        #expect(t.evidence == ["EV-20261231-000001", "EV-20270108-000002"])
        #expect(Self.spans(t.gaps) == ["2027-01-11..2027-01-17 missing"])
        // Starting on Thursday 2027-01-01 instead: 2027-01-01..01-03 is a partial week, two whole weeks remain.
        let late = Self.test(Self.control("W", "weekly"), [], "2027-01-01", "2027-01-17")
        #expect(Self.spans(late.gaps) == ["2027-01-01..2027-01-03 partial_not_tested", "2027-01-04..2027-01-10 missing", "2027-01-11..2027-01-17 missing"])
    }

    /// Quarterly over 2026-02-01..2026-03-31 (two months): Q1 (Jan-Mar) is not wholly inside,
    /// so P holds no whole quarter and one record collected in P or by 03-31 + 14 = 04-14 is
    /// required (one occurrence; no partial intervals listed, P is tested as one).
    @Test func aPeriodShorterThanAQuarterNeedsOneRecord() {
        let c = Self.control("Q", "quarterly")
        let inGrace = Self.test(c, [Self.record("Q", "2026-04-10")], "2026-02-01", "2026-03-31")
        #expect((inGrace.occurrences, inGrace.evidenced, inGrace.sampleSize) == (1, 1, 1))
        #expect(inGrace.gaps.isEmpty)
        let none = Self.test(c, [], "2026-02-01", "2026-03-31")
        #expect(Self.spans(none.gaps) == ["2026-02-01..2026-03-31 missing"])
        let late = Self.test(c, [Self.record("Q", "2026-04-20")], "2026-02-01", "2026-03-31")
        #expect(late.evidenced == 0)
        #expect(late.gaps.first?.reason.contains("holds no whole calendar quarter") == true)
    }

    /// Semiannual over 2026: halves Jan-Jun and Jul-Dec. 06-15 serves H1 only; 07-05 serves H1
    /// (deadline 06-30 + 14 = 07-14) or H2. H1 takes 06-15 (ends first), H2 takes 07-05: 2 of 2,
    /// sample min(1, 2) = 1.
    @Test func semiannualHalvesAreJanuaryToJuneAndJulyToDecember() {
        let t = Self.test(Self.control("S", "semiannual"), [Self.record("S", "2026-06-15", 1), Self.record("S", "2026-07-05", 2)], "2026-01-01", "2026-12-31")
        #expect((t.occurrences, t.evidenced, t.sampleSize) == (2, 2, 1))
        #expect(t.evidence == ["EV-20260615-000001", "EV-20260705-000002"])
        #expect(t.gaps.isEmpty)
        // Over 2026-04-01..2026-12-31: H1 is partial (04-01..06-30), H2 whole; one record in H2.
        let part = Self.test(Self.control("S", "semiannual"), [Self.record("S", "2026-08-01")], "2026-04-01", "2026-12-31")
        #expect((part.occurrences, part.evidenced) == (1, 1))
        #expect(Self.spans(part.gaps) == ["2026-04-01..2026-06-30 partial_not_tested"])
    }

    /// Annual: the calendar year. Over 2026 one whole year; a record collected 2027-01-10 is
    /// within 12-31 + 14 = 2027-01-14: 1 of 1. Over 2025-07-01..2026-06-30 no calendar year is
    /// whole, so one record collected in P (2026-03-01) is required and enough.
    @Test func annualIsTheCalendarYear() {
        let c = Self.control("A", "annual")
        let year = Self.test(c, [Self.record("A", "2027-01-10")], "2026-01-01", "2026-12-31")
        #expect((year.occurrences, year.evidenced, year.sampleSize) == (1, 1, 1))
        let fiscal = Self.test(c, [Self.record("A", "2026-03-01")], "2025-07-01", "2026-06-30")
        #expect((fiscal.occurrences, fiscal.evidenced) == (1, 1))
        #expect(fiscal.gaps.isEmpty)
        #expect(Self.spans(Self.test(c, [], "2025-07-01", "2026-06-30").gaps) == ["2025-07-01..2026-06-30 missing"])
    }

    // MARK: daily and continuous

    /// Continuous over 2026-03-01..2026-03-31 (31 days). Covered 03-01..03-09 (collected 03-09)
    /// and 03-13..03-31 (collected 03-31): uncovered 03-10..03-12, exactly one gap; covered
    /// 9 + 19 = 28 of 31 days; sample min(25, 31) = 25. Daily is tested the same way.
    @Test func continuousAndDailyNameTheUncoveredDays() {
        let evidence = [Self.record("L", "2026-03-09", 1, covers: ("2026-03-01", "2026-03-09")), Self.record("L", "2026-03-31", 2, covers: ("2026-03-13", "2026-03-31"))]
        for frequency in ["continuous", "daily"] {
            let t = Self.test(Self.control("L", frequency), evidence, "2026-03-01", "2026-03-31")
            #expect((t.occurrences, t.evidenced, t.sampleSize) == (31, 28, 25), "\(frequency)")
            #expect(Self.spans(t.gaps) == ["2026-03-10..2026-03-12 uncovered_days"], "\(frequency)")
        }
        // A record covering the hole but collected 2026-04-30, more than 14 days after its
        // range ends (03-12 + 14 = 03-26), does not count: the gap stays.
        let late = evidence + [Self.record("L", "2026-04-30", 3, covers: ("2026-03-10", "2026-03-12"))]
        #expect(Self.spans(Self.test(Self.control("L", "continuous"), late, "2026-03-01", "2026-03-31").gaps) == ["2026-03-10..2026-03-12 uncovered_days"])
        // Collected 03-26, the last day of the grace: it counts, nothing is uncovered.
        let onTime = evidence + [Self.record("L", "2026-03-26", 3, covers: ("2026-03-10", "2026-03-12"))]
        let full = Self.test(Self.control("L", "continuous"), onTime, "2026-03-01", "2026-03-31")
        #expect(full.gaps.isEmpty)
        #expect(full.evidenced == 31)
        // A record without covers covers its collection day: 03-11 alone leaves 03-10 and 03-12.
        let day = evidence + [Self.record("L", "2026-03-11", 3)]
        #expect(Self.spans(Self.test(Self.control("L", "daily"), day, "2026-03-01", "2026-03-31").gaps)
                == ["2026-03-10..2026-03-10 uncovered_days", "2026-03-12..2026-03-12 uncovered_days"])
    }

    /// Evidence never speaks of the future (soc2-rules.md §3). A record collected 03-09 with
    /// valid_until 2026-12-31 and covers 03-01..03-09 covers 9 days of March, not 31:
    /// valid_until does not extend Type 2 coverage. A hand-written record whose covers runs to
    /// 03-31 but was collected 03-09 counts only to 03-09 as well. Both leave 03-10..03-31.
    @Test func validUntilAndCoversPastCollectionNeverExtendCoverage() {
        let c = Self.control("L", "continuous")
        let valid = Self.test(c, [Self.record("L", "2026-03-09", covers: ("2026-03-01", "2026-03-09"), validUntil: "2026-12-31")], "2026-03-01", "2026-03-31")
        #expect(Self.spans(valid.gaps) == ["2026-03-10..2026-03-31 uncovered_days"])
        #expect(valid.evidenced == 9)
        let future = Self.test(c, [Self.record("L", "2026-03-09", covers: ("2026-03-01", "2026-03-31"))], "2026-03-01", "2026-03-31")
        #expect(Self.spans(future.gaps) == ["2026-03-10..2026-03-31 uncovered_days"])
        // Monthly: a record collected 2026-01-20 with valid_until 2026-12-31 evidences January
        // only; February (deadline 03-14) stays missing.
        let monthly = Self.test(Self.control("M", "monthly"), [Self.record("M", "2026-01-20", validUntil: "2026-12-31")], "2026-01-01", "2026-02-28")
        #expect(Self.spans(monthly.gaps) == ["2026-02-01..2026-02-28 missing"])
    }

    // MARK: on_event

    /// on_event over 2026-01-01..2026-06-30.
    @Test func onEventNeedsAnEventRecordOrANoOccurrenceRecord() throws {
        let c = Self.control("CHG", "on_event")
        // Nothing: one no_event_record gap over P; CC1.1 not ready.
        let none = Self.test(c, [], "2026-01-01", "2026-06-30")
        #expect(Self.spans(none.gaps) == ["2026-01-01..2026-06-30 no_event_record"])
        #expect(try Self.criterion([c], [], "2026-01-01", "2026-06-30").status == .notReady)
        // A no-occurrence record covering P (collected 2026-07-01): ready, no events, sample 0.
        let statement = Self.record("CHG", "2026-07-01", covers: ("2026-01-01", "2026-06-30"), noOccurrence: true)
        let stated = Self.test(c, [statement], "2026-01-01", "2026-06-30")
        #expect(stated.gaps.isEmpty)
        #expect((stated.occurrences, stated.evidenced, stated.sampleSize) == (0, 0, 0))
        #expect(stated.evidence == [statement.id])
        #expect(try Self.criterion([c], [statement], "2026-01-01", "2026-06-30").status == .ready)
        // Two statements for Q1 and Q2 together cover P: ready too.
        let q1 = Self.record("CHG", "2026-04-01", 1, covers: ("2026-01-01", "2026-03-31"), noOccurrence: true)
        let q2 = Self.record("CHG", "2026-07-01", 2, covers: ("2026-04-01", "2026-06-30"), noOccurrence: true)
        #expect(Self.test(c, [q1, q2], "2026-01-01", "2026-06-30").gaps.isEmpty)
        // Q1 alone leaves 04-01..06-30: still no_event_record, naming the uncovered days.
        let half = Self.test(c, [q1], "2026-01-01", "2026-06-30")
        #expect(Self.spans(half.gaps) == ["2026-01-01..2026-06-30 no_event_record"])
        #expect(half.gaps.first?.reason.contains("leave 2026-04-01..2026-06-30 uncovered") == true)
        // An event record collected 2026-04-02, inside P: ready; 1 event, sample 1 (all when fewer than 3).
        let event = Self.test(c, [Self.record("CHG", "2026-04-02")], "2026-01-01", "2026-06-30")
        #expect(event.gaps.isEmpty)
        #expect((event.occurrences, event.evidenced, event.sampleSize) == (1, 1, 1))
        // Collected 2026-07-05, after P: not an event of P.
        #expect(Self.spans(Self.test(c, [Self.record("CHG", "2026-07-05")], "2026-01-01", "2026-06-30").gaps) == ["2026-01-01..2026-06-30 no_event_record"])
    }

    /// A no-occurrence record says that nothing happened; it never evidences an occurrence of a
    /// calendar or continuous control, even collected inside the interval.
    @Test func noOccurrenceRecordsEvidenceNoOtherFrequency() {
        let statement = Self.record("M", "2026-01-20", covers: ("2026-01-01", "2026-01-31"), noOccurrence: true)
        let monthly = Self.test(Self.control("M", "monthly"), [statement], "2026-01-01", "2026-01-31")
        #expect(Self.spans(monthly.gaps) == ["2026-01-01..2026-01-31 missing"])
        let continuous = Self.test(Self.control("M", "continuous"), [statement], "2026-01-01", "2026-01-31")
        #expect(Self.spans(continuous.gaps) == ["2026-01-01..2026-01-31 uncovered_days"])
    }

    /// A control that is not implemented evidences nothing: one gap over P without a kind, its
    /// occurrences still counted (quarterly over 2026: four quarters, sample 2).
    @Test func aPlannedControlHasNoEvidencedOccurrences() {
        let t = Self.test(Self.control("Q", "quarterly", status: "planned"), [Self.record("Q", "2026-02-01")], "2026-01-01", "2026-12-31")
        #expect((t.occurrences, t.evidenced, t.sampleSize) == (4, 0, 2))
        #expect(Self.spans(t.gaps) == ["2026-01-01..2026-12-31 -"])
        #expect(t.gaps.first?.reason == "Q is planned, not implemented")
    }

    // MARK: Sample sizes (soc2-rules.md §5)

    @Test func defaultSampleSizesNeverExceedThePopulation() {
        // The table: annual 1, semiannual 1, quarterly 2, monthly 2, weekly 5, daily 25, continuous 25.
        #expect(SampleSizes.sample(.annual, population: 1) == 1)
        #expect(SampleSizes.sample(.semiannual, population: 2) == 1)
        #expect(SampleSizes.sample(.quarterly, population: 4) == 2)
        #expect(SampleSizes.sample(.monthly, population: 12) == 2)
        #expect(SampleSizes.sample(.weekly, population: 52) == 5)
        #expect(SampleSizes.sample(.daily, population: 365) == 25)
        #expect(SampleSizes.sample(.continuous, population: 181) == 25)
        // Fewer occurrences than the table: all of them (one whole quarter: 1; three weeks: 3).
        #expect(SampleSizes.sample(.quarterly, population: 1) == 1)
        #expect(SampleSizes.sample(.weekly, population: 3) == 3)
        #expect(SampleSizes.sample(.monthly, population: 0) == 0)
    }

    @Test func onEventSamplesTenPercentRoundedUpWithinThreeAndThirty() {
        // 45 events: 10% = 4.5, rounded up to 5 (within 3...30).
        #expect(SampleSizes.sample(.onEvent, population: 45) == 5)
        // 2 events: fewer than 3, so all 2.
        #expect(SampleSizes.sample(.onEvent, population: 2) == 2)
        // 400 events: 10% = 40, capped at 30.
        #expect(SampleSizes.sample(.onEvent, population: 400) == 30)
        // 3 events: 10% = 0.3 -> 1, raised to the minimum 3; 31 events: 3.1 -> 4; 300: exactly 30.
        #expect(SampleSizes.sample(.onEvent, population: 3) == 3)
        #expect(SampleSizes.sample(.onEvent, population: 31) == 4)
        #expect(SampleSizes.sample(.onEvent, population: 300) == 30)
        #expect(SampleSizes.sample(.onEvent, population: 0) == 0)
    }

    @Test func theLedgerPolicyOverridesTheTable() {
        // policy.sample_sizes monthly 4: twelve months give 4; three months give 3 (all).
        #expect(SampleSizes.sample(.monthly, population: 12, overrides: [.monthly: 4]) == 4)
        #expect(SampleSizes.sample(.monthly, population: 3, overrides: [.monthly: 4]) == 3)
        // on_event 50 replaces the 10% rule: 400 events give 50, 20 events give 20.
        #expect(SampleSizes.sample(.onEvent, population: 400, overrides: [.onEvent: 50]) == 50)
        #expect(SampleSizes.sample(.onEvent, population: 20, overrides: [.onEvent: 50]) == 20)
        // Another frequency's override changes nothing here: weekly over 26 weeks stays 5.
        #expect(SampleSizes.sample(.weekly, population: 26, overrides: [.monthly: 4]) == 5)
    }

    /// The ledger's `policy.sample_sizes` reaches the report: monthly over 2026-01-01..2026-06-30
    /// (six whole months, a record on the 10th of each) with monthly: 4 gives a sample of 4.
    @Test func readinessUsesTheLedgerSampleSizes() throws {
        let evidence = (1...6).map { m in Self.record("M", "2026-0\(m)-10", m) }
        var config = LedgerConfig(organization: "o", frameworks: [FrameworkScope(id: "soc2")], createdAt: Timestamp(seconds: 0))
        config.policy.sampleSizes = [.monthly: 4]
        let input = ReadinessInput(config: config, catalogs: .builtIn, controls: [Self.control("M", "monthly")], evidence: evidence, poams: [], affirmations: [])
        let report = try ReadinessReport.evaluate(input, ReadinessRequest(frameworks: ["soc2"], asOf: Day("2026-07-01")!, soc2Type: 2,
                                                                          period: Self.period("2026-01-01", "2026-06-30")), revision: "test")
        let m = try #require(report.soc2?.controls.first { $0.control == "M" })
        #expect((m.occurrences, m.evidenced, m.sampleSize) == (6, 6, 4))
        // JSON: the per-control list and each gap's kind.
        let soc2 = try #require(report.jsonValue["frameworks"]?.listValue?.first)
        let json = try #require(soc2["controls"]?.listValue?.first)
        #expect(json["occurrences"]?.intValue == 6)
        #expect(json["evidenced"]?.intValue == 6)
        #expect(json["sample_size"]?.intValue == 4)
        #expect(json["frequency"]?.stringValue == "monthly")
        // CC1.2 has no control: its one gap has a null kind.
        let cc12 = try #require(soc2["criteria"]?.listValue?.first { $0["id"]?.stringValue == "CC1.2" })
        #expect(cc12["gaps"]?.listValue?.first?["kind"] == .null)
    }

    // MARK: No-occurrence records outside Type 2

    /// A no-occurrence record is not evidence that a control operates: CMMC 3.1.1 whose only
    /// control (N-3-1-1, annual, implemented) has nothing but a no-occurrence record collected
    /// 2026-06-01 is NOT MET at 2026-11-29 (an ordinary record would be valid to 2027-06-15), and
    /// SOC 2 Type 1 CC1.1 mapped by a control with only such a record is not ready.
    @Test func noOccurrenceRecordsCountNeitherForCMMCNorForTypeOne() throws {
        var s = Scenario()
        let id = Scenario.controlID("3.1.1")
        s.evidence.removeAll { $0.controls == [id] }
        s.evidence.append(Self.record(id, "2026-06-01", covers: ("2026-01-01", "2026-05-31"), noOccurrence: true))
        let q = requirement(try s.level2(), "3.1.1")
        #expect(q.base.status == .notMet)
        #expect(q.base.evidence.isEmpty)
        #expect(q.base.reasons.first?.contains("no-occurrence record") == true)

        var t = Scenario(allEvidenced: false)
        t.controls = [:]
        t.evidence = [Self.record("E", "2026-11-01", covers: ("2026-01-01", "2026-10-31"), noOccurrence: true)]
        let report = try t.report(frameworks: ["soc2"], extraControls: [Self.control("E", "on_event")])
        let cc11 = try #require(report.soc2?.criteria.first { $0.requirement.id == "CC1.1" })
        #expect(cc11.status == .notReady)
        // And it is never listed as expiring evidence.
        #expect(report.expiring.isEmpty)
    }
}
