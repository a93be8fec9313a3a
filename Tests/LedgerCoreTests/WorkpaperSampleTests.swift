import LedgerCore
import Testing

/// The population a Type 2 sample is drawn from, occurrence by occurrence, and the draw itself
/// (soc2-rules.md §3, §5).
@Suite struct WorkpaperSampleTests {
    /// The case of SOC2Type2Tests: P = 2026-01-15..2026-05-14, monthly, records collected 01-20,
    /// 03-20, 04-20, 05-10. By hand the whole months are February, March and April; February has
    /// no record, March takes 03-20 and April 04-20 (the earlier of 04-20 and 05-10).
    @Test func theMonthlyPopulationNamesEachWholeMonthAndItsRecord() {
        let c = SOC2Type2Tests.control("M", "monthly")
        let r = SOC2Type2Tests.test(c, [SOC2Type2Tests.record("M", "2026-01-20", 1), SOC2Type2Tests.record("M", "2026-03-20", 2),
                                        SOC2Type2Tests.record("M", "2026-04-20", 3), SOC2Type2Tests.record("M", "2026-05-10", 4)], "2026-01-15", "2026-05-14")
        #expect(r.population.map { "\($0.from)..\($0.to)" } == ["2026-02-01..2026-02-28", "2026-03-01..2026-03-31", "2026-04-01..2026-04-30"])
        #expect(r.population.map(\.evidence) == [nil, "EV-20260320-000002", "EV-20260420-000003"])
        #expect(r.population.count == r.occurrences)
    }

    /// Daily: P = 2026-03-01..2026-03-05, one record covering 03-01..03-03 collected 03-04: days
    /// 1-3 are evidenced by it, 4 and 5 by nothing; five occurrences (the days).
    @Test func aDailyPopulationIsItsDays() {
        let c = SOC2Type2Tests.control("D", "daily")
        let r = SOC2Type2Tests.test(c, [SOC2Type2Tests.record("D", "2026-03-04", 1, covers: ("2026-03-01", "2026-03-03"))], "2026-03-01", "2026-03-05")
        #expect(r.population.map { $0.from.description } == ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"])
        #expect(r.population.map(\.evidence) == ["EV-20260304-000001", "EV-20260304-000001", "EV-20260304-000001", nil, nil])
    }

    @Test func theDrawIsDeterministicDistinctAndInRange() {
        let a = SampleDraw.draw(count: 183, size: 25, seed: 42, control: "LOG-SIEM")
        #expect(a == SampleDraw.draw(count: 183, size: 25, seed: 42, control: "LOG-SIEM"))
        #expect(a.count == 25 && Set(a).count == 25 && a == a.sorted() && a.allSatisfy { (0..<183).contains($0) })
        #expect(a != SampleDraw.draw(count: 183, size: 25, seed: 43, control: "LOG-SIEM"))
        #expect(a != SampleDraw.draw(count: 183, size: 25, seed: 42, control: "LOG-REVIEW"))
        // Every occurrence when the sample is at least the population, none of an empty one.
        #expect(SampleDraw.draw(count: 3, size: 5, seed: 1, control: "X") == [0, 1, 2])
        #expect(SampleDraw.draw(count: 0, size: 2, seed: 1, control: "X").isEmpty)
        // The default seed depends on the ledger and the period only, and stays below 2^53.
        let p = EvidenceRecord.Period(from: Day(year: 2026, month: 1, day: 1) ?? CalendarLimits.firstDay, to: Day(year: 2026, month: 6, day: 30) ?? CalendarLimits.lastDay)
        let s = SampleDraw.defaultSeed(organization: "Acme", createdAt: Timestamp(seconds: 1_700_000_000), period: p)
        #expect(s == SampleDraw.defaultSeed(organization: "Acme", createdAt: Timestamp(seconds: 1_700_000_000), period: p))
        #expect(s != SampleDraw.defaultSeed(organization: "Acme Two", createdAt: Timestamp(seconds: 1_700_000_000), period: p))
        #expect(s < (1 << 53))
    }
}
