import LedgerCore
import Testing

/// The calendar's limits (`CalendarLimits` in Support/Dates.swift): every computation is total
/// over 0001-01-01..9999-12-31 and any duration a record can hold, and what it cannot use is
/// refused with the range named.
@Suite struct CalendarLimitsTests {
    static func day(_ s: String) -> Day { Day(s) ?? CalendarLimits.firstDay }

    @Test func theEdgesAreTheFirstAndLastDaysYYYYMMDDCanWrite() {
        // days_from_civil(1, 1, 1) = -719162 (1969 years of 365 days plus 477 leap days, back
        // from 1970); days_from_civil(9999, 12, 31) = 2932896 (253402300799 s / 86400, floored).
        #expect(CalendarLimits.firstDay.description == "0001-01-01")
        #expect(CalendarLimits.lastDay.description == "9999-12-31")
        #expect(CalendarLimits.firstDay.epochDay == -719_162)
        #expect(CalendarLimits.lastDay.epochDay == 2_932_896)
        #expect(Day("0000-12-31") == nil)
        #expect(Day("10000-01-01") == nil)
    }

    @Test func dayArithmeticStopsAtTheEdges() {
        // 9999-12-31 + 1 day would be 10000-01-01: it stays 9999-12-31, and says so.
        #expect(CalendarLimits.lastDay.adding(days: 1) == CalendarLimits.lastDay)
        #expect(CalendarLimits.lastDay.advanced(days: 1).clamped)
        #expect(!Self.day("9999-12-30").advanced(days: 1).clamped)
        // 0001-01-01 - 1 day would be 0000-12-31.
        #expect(CalendarLimits.firstDay.adding(days: -1) == CalendarLimits.firstDay)
        // No Int overflows: epochDay + Int.max, months + Int.min.
        #expect(Self.day("2026-11-29").adding(days: Int.max) == CalendarLimits.lastDay)
        #expect(Self.day("2026-11-29").adding(days: Int.min) == CalendarLimits.firstDay)
        #expect(Self.day("2026-11-29").adding(months: Int.max) == CalendarLimits.lastDay)
        #expect(Self.day("2026-11-29").adding(months: Int.min) == CalendarLimits.firstDay)
        // 9999-06-30 + 6 months = 9999-12-30 (inside); + 7 months would be 10000-01-30.
        #expect(Self.day("9999-06-30").adding(months: 6).description == "9999-12-30")
        #expect(Self.day("9999-06-30").adding(months: 7) == CalendarLimits.lastDay)
        // 0001-03-31 - 3 months = 0000-12-31 would be year 0: stops at 0001-01-01.
        #expect(Self.day("0001-03-31").adding(months: -3) == CalendarLimits.firstDay)
        // Any epoch day, even a corrupt cache's, is a real day.
        #expect(Day(epochDay: Int.max) == CalendarLimits.lastDay)
        #expect(Day(epochDay: Int.min) == CalendarLimits.firstDay)
    }

    @Test func durationsAddWithoutTrapping() {
        // 2026-11-29 + P100Y = 2126-11-29 (no month-end clamping needed).
        #expect(ISODuration(years: 100).added(to: Self.day("2026-11-29")).description == "2126-11-29")
        // 9950-01-01 + P100Y = 10050-01-01: the result stops at 9999-12-31.
        #expect(ISODuration(years: 100).added(to: Self.day("9950-01-01")) == CalendarLimits.lastDay)
        // Field values no record can hold still do not trap (years × 12 saturates).
        #expect(ISODuration(years: Int.max, months: Int.max).added(to: Self.day("2026-01-01")) == CalendarLimits.lastDay)
        #expect(ISODuration(weeks: Int.max, days: 1).added(to: Self.day("2026-01-01")) == CalendarLimits.lastDay)
        #expect(ISODuration(years: Int.min).added(to: Self.day("2026-01-01")) == CalendarLimits.firstDay)
    }

    @Test(arguments: [
        // A month counts 146097/4800 = 30.436875 days, a year 365.2425: the limit is 36524.25 days.
        ("P100Y", true), ("P1200M", true), ("P99Y12M", true), ("P36524D", true), ("P5217W", true),
        ("P36525D", false), ("P101Y", false), ("P8000Y", false), ("P100Y1D", false), ("P1201M", false),
        // 1199 months = 36493.70 days, + 30 = 36523.70 (in), + 31 = 36524.70 (out).
        ("P99Y11M30D", true), ("P99Y11M31D", false),
        ("P999999Y999999M999999W999999D", false),
    ])
    func durationsAreAtMostAHundredYears(_ text: String, _ allowed: Bool) {
        #expect((ISODuration(text) != nil) == allowed, "\(text)")
        switch ISODuration.parse(text) {
        case .success: #expect(allowed, "\(text)")
        case .failure(let problem): #expect(!allowed && problem == .tooLong, "\(text)")
        }
    }

    @Test(arguments: ["P", "P1H", "PT1H", "P-1Y", "P1.5Y", "P1Y1Y", "P1D1M", "P1234567Y", "P١Y", "p1y", "P1Y ", ""])
    func textThatIsNoDurationSaysSo(_ text: String) {
        #expect(ISODuration.parse(text) == .failure(.notADuration), "\(text)")
    }

    @Test func theFieldReaderNamesTheFieldAndTheLimit() throws {
        var r = FieldReader(file: "controls/IAM-MFA.yaml", value: .map([("evidence_valid_for", .string("P8000Y"))]))
        #expect(r.duration("evidence_valid_for") == nil)
        let issue = try #require(r.issues.first)
        #expect(issue.file == "controls/IAM-MFA.yaml")
        #expect(issue.field == "evidence_valid_for")
        #expect(issue.problem.contains("P100Y"))
    }

    @Test func timestampsStayInsideTheCalendar() {
        // 0001-01-01T00:30+01:00 is 0000-12-31T23:30Z, a year that does not exist.
        #expect(Timestamp(parsing: "0001-01-01T00:30+01:00") == nil)
        // 9999-12-31T23:30-01:00 is 10000-01-01T00:30Z.
        #expect(Timestamp(parsing: "9999-12-31T23:30-01:00") == nil)
        #expect(Timestamp(parsing: "9999-12-31T22:30-01:00")?.description == "9999-12-31T23:30:00Z")
        #expect(Timestamp(parsing: "0001-01-01T01:30+01:00")?.description == "0001-01-01T00:30:00Z")
        // A commit time can be any 64-bit number: shown clamped, never trapped on.
        #expect(Timestamp(seconds: Int.max).description == "9999-12-31T23:59:59Z")
        #expect(Timestamp(seconds: Int.min).day == CalendarLimits.firstDay)
        // One second before the epoch is 1969-12-31T23:59:59Z.
        #expect(Timestamp(seconds: -1).description == "1969-12-31T23:59:59Z")
        #expect(Timestamp(seconds: -86_400).day.description == "1969-12-31")
        #expect(Timestamp(seconds: -86_401).day.description == "1969-12-30")
    }

    @Test func observationPeriodsAreAtMostTenYears() throws {
        func observation(_ text: String) -> EvidenceRecord.Period? {
            guard let p = EvidenceRecord.Period.parse(text), p.observationProblem == nil else { return nil }
            return p
        }
        // 2026-01-01 + P10Y = 2036-01-01: the last day allowed is 2035-12-31.
        #expect(observation("2026-01-01..2035-12-31")?.to == Self.day("2035-12-31"))
        #expect(observation("2026-01-01..2036-01-01") == nil)
        #expect(observation("2026-01-01..9999-12-31") == nil)
        #expect(observation("2026-06-30..2026-01-01") == nil)
        #expect(observation("2026-01-01..10000-01-01") == nil)
        // The last decade of the calendar: 9990-01-01 + P10Y runs past 9999-12-31, so any end is in.
        #expect(observation("9990-01-01..9999-12-31")?.from == Self.day("9990-01-01"))
        let problem = EvidenceRecord.Period.parse("2026-01-01..9999-12-31")?.observationProblem ?? ""
        #expect(problem.contains("2035-12-31"))
    }
}

@Suite struct ReadinessAtTheCalendarEdgeTests {
    static func control(_ id: String, _ frequency: String, validFor: ISODuration? = nil) -> ControlRecord {
        ControlRecord(id: id, title: id, owner: "o@x", status: "implemented", frequency: frequency, evidenceValidFor: validFor,
                      maps: [(Catalogs.soc2ID, ["CC1.1"]), (Catalogs.nistID, ["3.5.3"])])
    }

    static func evidence(_ control: String, _ collected: String, covers: EvidenceRecord.Period? = nil) -> EvidenceRecord {
        let day = Day(collected) ?? CalendarLimits.firstDay
        return EvidenceRecord(id: "EV-\(collected.replacing("-", with: ""))-000001", title: "e", controls: [control],
                              collectedAt: Timestamp(day: day, hour: 12), collectedBy: "t", method: "automated", covers: covers,
                              classification: "internal", artifacts: [.init(path: "a", sha256: String(repeating: "0", count: 64), bytes: 1, mediaType: "text/plain")])
    }

    static func period(_ a: String, _ b: String) -> EvidenceRecord.Period {
        .init(from: Day(a) ?? CalendarLimits.firstDay, to: Day(b) ?? CalendarLimits.lastDay)
    }

    @Test func validityPastTheCalendarEndsOn9999_12_31() {
        // Collected 9950-06-01, valid for P100Y: 10050-06-01 stops at 9999-12-31.
        let c = Self.control("C", "annual", validFor: ISODuration(years: 100))
        let e = Self.evidence("C", "9950-06-01")
        #expect(EvidenceValidity.end(of: e, for: c, policy: .init()) == CalendarLimits.lastDay)
        #expect(EvidenceValidity.isValid(e, for: c, at: CalendarLimits.lastDay, policy: .init()))
    }

    @Test func monthlyIntervalsInTheLastYearEndWithTheCalendar() {
        // Monthly over 9999-01-01..9999-12-31: twelve intervals, the last 9999-12-01..9999-12-31
        // (its next start, 10000-01-01, is past the calendar). Evidence in every month but December.
        let c = Self.control("M", "monthly")
        let evidence = (1...11).map { m in Self.evidence("M", "9999-\(m < 10 ? "0" : "")\(m)-15") }
        let gaps = SOC2Readiness.controlGaps(c, evidence: evidence, period: Self.period("9999-01-01", "9999-12-31"), grace: ISODuration(days: 14))
        #expect(gaps.map { "\($0.from!)..\($0.to!)" } == ["9999-12-01..9999-12-31"])
    }

    @Test func dailyCoverageReachesTheLastDay() {
        // Daily over 9999-12-29..9999-12-31 with no record: one uncovered stretch of 3 days,
        // ending on the calendar's last day (soc2-rules.md §3 names each stretch).
        let gaps = SOC2Readiness.controlGaps(Self.control("D", "daily"), evidence: [], period: Self.period("9999-12-29", "9999-12-31"), grace: ISODuration())
        #expect(gaps.map { "\($0.from!)..\($0.to!)" } == ["9999-12-29..9999-12-31"])
    }

    @Test func weeksAndYearsAtTheEndOfTheCalendarAreNeverWhole() {
        // By hand: 9999-12-31 is a Friday, so its ISO week is Mon 9999-12-27..Sun 10000-01-02,
        // past the calendar: partial. 9999-12-01 is a Wednesday (12-27, 12-20, 12-13, 12-06 are
        // Mondays), so its week Mon 11-29..Sun 12-05 is partial too. Weekly over
        // 9999-12-01..9999-12-31 with no record: partial 12-01..12-05, missing 12-06..12-12,
        // 12-13..12-19, 12-20..12-26, partial 12-27..12-31 (clipped to the period).
        let gaps = SOC2Readiness.controlGaps(Self.control("W", "weekly"), evidence: [], period: Self.period("9999-12-01", "9999-12-31"), grace: ISODuration(days: 14))
        #expect(gaps.map { "\($0.from!)..\($0.to!) \($0.kind!.rawValue)" } == [
            "9999-12-01..9999-12-05 partial_not_tested", "9999-12-06..9999-12-12 missing", "9999-12-13..9999-12-19 missing",
            "9999-12-20..9999-12-26 missing", "9999-12-27..9999-12-31 partial_not_tested",
        ])
        // Annual over the year 9999: one whole year, its grace deadline clamped to 9999-12-31.
        let year = SOC2Readiness.test(Self.control("A", "annual"), evidence: [Self.evidence("A", "9999-12-31")],
                                      period: Self.period("9999-01-01", "9999-12-31"), grace: ISODuration(days: 14))
        #expect(year.occurrences == 1)
        #expect(year.evidenced == 1)
    }

    @Test func continuousCoverageToTheLastDayLeavesNoGap() {
        // Covered 9999-12-01..9999-12-31 over that period, with no grace: no gap (the old cursor
        // was the day after the cover, which 9999-12-31 does not have, and reported one day).
        let cover = Self.period("9999-12-01", "9999-12-31")
        let e = Self.evidence("L", "9999-12-31", covers: cover)
        #expect(SOC2Readiness.controlGaps(Self.control("L", "continuous"), evidence: [e], period: cover, grace: ISODuration()).isEmpty)
        // Covered from 9999-12-05: 9999-12-01..9999-12-04 (4 days) is uncovered.
        let late = Self.evidence("L", "9999-12-31", covers: Self.period("9999-12-05", "9999-12-31"))
        let gaps = SOC2Readiness.controlGaps(Self.control("L", "continuous"), evidence: [late], period: cover, grace: ISODuration())
        #expect(gaps.map { "\($0.from!)..\($0.to!)" } == ["9999-12-01..9999-12-04"])
    }

    @Test func aPeriodLongerThanTenYearsIsReportedNotComputed() throws {
        // An old snapshot's manifest may hold 2026-01-01..9999-12-31 (daily: 2.9 million intervals).
        let input = ReadinessInput(config: LedgerConfig(organization: "o", frameworks: [FrameworkScope(id: "soc2")], createdAt: Timestamp(seconds: 0)),
                                   catalogs: .builtIn, controls: [Self.control("D", "daily")], evidence: [], poams: [], affirmations: [])
        let report = try ReadinessReport.evaluate(input, ReadinessRequest(frameworks: ["soc2"], asOf: Self.day("2026-06-01"), soc2Type: 2,
                                                                          period: Self.period("2026-01-01", "9999-12-31"), statusDate: nil),
                                                  revision: "test")
        let soc2 = try #require(report.soc2)
        let cc11 = try #require(soc2.criteria.first { $0.requirement.id == "CC1.1" })
        #expect(cc11.gaps.count == 1)
        #expect(cc11.gaps.first?.reason.contains("longer than ten years") == true)
        #expect(soc2.criteria.allSatisfy { $0.gaps.count == 1 })
    }

    @Test func conditionalCloseoutNearTheEndOfTheCalendarIsClamped() throws {
        // Status date 9999-10-01 + 180 days = 10000-03-29: the deadline shows as 9999-12-31.
        let input = ReadinessInput(config: LedgerConfig(organization: "o", frameworks: [FrameworkScope(id: "cmmc-l2")], createdAt: Timestamp(seconds: 0)),
                                   catalogs: .builtIn, controls: [], evidence: [], poams: [], affirmations: [])
        let report = try ReadinessReport.evaluate(input, ReadinessRequest(frameworks: ["cmmc-l2"], asOf: CalendarLimits.lastDay, soc2Type: 1, period: nil,
                                                                          statusDate: Self.day("9999-10-01")), revision: "test")
        #expect(report.cmmcL2 != nil)
    }

    static func day(_ s: String) -> Day { Day(s) ?? CalendarLimits.firstDay }
}
