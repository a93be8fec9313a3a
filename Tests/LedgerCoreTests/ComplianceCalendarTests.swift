import LedgerCore
import Testing

/// The calendar of cmmc-rules.md §12.11 (section 7; 32 CFR 170.21(b), 170.22(a)). Every date and
/// day count is worked out by hand in the comment beside it.
@Suite struct ComplianceCalendarTests {
    static func day(_ s: String) -> Day { Day(s) ?? CalendarLimits.firstDay }
    static func snap(_ name: String, _ kind: String, _ asOf: String, _ result: String) -> AssessmentSnapshot {
        AssessmentSnapshot(name: name, kind: kind, asOf: day(asOf), result: result)
    }
    static func affirmation(level: Int, _ date: String) -> AffirmationRecord {
        AffirmationRecord(framework: "cmmc", level: level, official: "Jane Doe", officialTitle: "CEO", date: day(date), statement: "We affirm.")
    }
    static func items(levels: [Int] = [2], _ snapshots: [AssessmentSnapshot], affirmations: [AffirmationRecord] = [], poams: [PoamRecord] = [],
                      exceptions: [ExceptionRecord] = [], evidence: [(control: String, until: Day?)] = [], at d: String) -> [CalendarItem] {
        ComplianceCalendar.items(.init(levels: levels, assessments: snapshots, affirmations: affirmations, poams: poams, exceptions: exceptions,
                                       evidenceValidUntil: evidence), at: day(d))
    }

    @Test func aConditionalStatusWithItsPlanAndRenewals() throws {
        // Conditional Level 2 (Self) since 2026-10-02; judged on 2026-12-01.
        // - closeout due 2026-10-02 + 180 = 2027-03-31 (29 + 30 + 31 + 31 + 28 + 31), 120 days left;
        // - the affirmation owed on reaching Conditional is due 2026-10-02; the only affirmation,
        //   2026-09-20, is older, so it is overdue by 29 + 30 + 1 = 60 days;
        // - next assessment 3 years from the Conditional status date: 2029-10-02;
        // - the open item's milestone of 2026-11-15 has passed (not listed), the one of 2027-01-10
        //   is its second; its scheduled completion is 2027-02-15;
        // - the temporary deficiency's action 2027-01-20; IAM-MFA's evidence is valid until 2027-03-01.
        let poam = PoamRecord(id: "POAM-20261002-AAAAAA", requirement: "nist-800-171r2:3.1.9", weakness: "Banner missing", opened: Self.day("2026-10-02"),
                              scheduledCompletion: Self.day("2027-02-15"),
                              milestones: [.init(date: Self.day("2026-11-15"), description: "Text approved"), .init(date: Self.day("2027-01-10"), description: "Deployed")])
        let deficiency = ExceptionRecord(id: "EXC-20261105-BBBBBB", requirement: "nist-800-171r2:3.13.11", kind: "temporary", description: "Old TLS library",
                                         actions: [.init(date: Self.day("2027-01-20"), text: "Validated module in place")], opened: Self.day("2026-11-05"))
        let items = Self.items([Self.snap("q4", "cmmc-l2-self", "2026-10-02", "conditional")], affirmations: [Self.affirmation(level: 2, "2026-09-20")],
                               poams: [poam], exceptions: [deficiency], evidence: [("IAM-MFA", Self.day("2027-03-01")), ("LOG-REVIEW", nil)], at: "2026-12-01")
        #expect(items.map(\.kind) == ["affirmation_conditional", "poam_milestone", "deficiency_action", "poam_completion", "evidence_expires", "closeout", "reassessment"])
        #expect(items.map { $0.date.description } == ["2026-10-02", "2027-01-10", "2027-01-20", "2027-02-15", "2027-03-01", "2027-03-31", "2029-10-02"])
        let d = Self.day("2026-12-01")
        let owed = try #require(items.first)
        #expect(owed.isOverdue(at: d) && owed.daysLeft(at: d) == -60 && owed.done == nil)
        let closeout = try #require(items.first { $0.kind == "closeout" })
        #expect(closeout.daysLeft(at: d) == 120 && !closeout.isOverdue(at: d))
        #expect(closeout.slot == "closeout-l2-self-2026-10-02")
        #expect(items.first { $0.kind == "poam_milestone" }?.slot == "poam-POAM-20261002-AAAAAA-milestone-2")
    }

    @Test func afterTheCloseoutTheSameObligationsKeepTheirSlots() throws {
        // Closed out Final on 2027-03-01, affirmed 2027-03-05; judged on 2027-03-10.
        // - the affirmation after the closeout is due 2027-03-01 and was made 2027-03-05: done;
        // - the next assessment stays 2029-10-02 (3 years from the Conditional date), same slot;
        // - the annual affirmation: a year after the latest since the status date, 2028-03-05;
        // - no closeout any more.
        let s = [Self.snap("q4", "cmmc-l2-self", "2026-10-02", "conditional"), Self.snap("closeout", "cmmc-l2-self", "2027-03-01", "final")]
        let before = Self.items(s, at: "2026-12-01")
        let items = Self.items(s, affirmations: [Self.affirmation(level: 2, "2026-10-05"), Self.affirmation(level: 2, "2027-03-05")], at: "2027-03-10")
        #expect(items.map(\.kind) == ["affirmation_closeout", "affirmation_annual", "reassessment"])
        #expect(items.map { $0.date.description } == ["2027-03-01", "2028-03-05", "2029-10-02"])
        #expect(items[0].done == Self.day("2027-03-05"))
        #expect(items[2].slot == before.first { $0.kind == "reassessment" }?.slot)
        #expect(items[1].slot == "affirmation-annual-l2")
    }

    @Test func levelOneIsYearlyAndAnExpiredStatusIsOverdue() {
        // Level 1 (Self) Final 2026-01-15, affirmed that day; judged 2026-12-01: the affirmation
        // after Final is done, the next self-assessment and the annual affirmation are both due
        // 2027-01-15 (one year).
        let l1 = Self.items(levels: [1], [Self.snap("l1", "cmmc-l1-self", "2026-01-15", "final")], affirmations: [Self.affirmation(level: 1, "2026-01-15")], at: "2026-12-01")
        #expect(l1.map(\.kind) == ["affirmation_final", "affirmation_annual", "self_assessment"])
        #expect(l1.map { $0.date.description } == ["2026-01-15", "2027-01-15", "2027-01-15"])
        #expect(l1[0].done == Self.day("2026-01-15"))
        // Conditional 2026-01-10 without a closeout (due 2026-07-09): on 2026-08-01 the status has
        // been expired since 2026-07-10, and a new assessment is overdue by 21 + 1 = 22 days.
        let expired = Self.items([Self.snap("jan", "cmmc-l2-self", "2026-01-10", "conditional")], at: "2026-08-01")
        #expect(expired.map(\.kind) == ["reassessment"])
        #expect(expired.first?.date == Self.day("2026-07-10"))
        #expect(expired.first?.daysLeft(at: Self.day("2026-08-01")) == -22)
        // A level out of scope gets nothing, and a closed item no dates.
        #expect(Self.items(levels: [], [Self.snap("jan", "cmmc-l2-self", "2026-01-10", "conditional")], at: "2026-02-01").isEmpty)
    }
}
