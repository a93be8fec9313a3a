import LedgerCore
import Testing

/// The status held, from snapshots (cmmc-rules.md §12.1, §12.2, section 7; 32 CFR 170.21(b)).
/// Every date below is counted by hand in the comment beside it.
@Suite struct StatusHeldTests {
    static func day(_ s: String) -> Day { Day(s) ?? CalendarLimits.firstDay }
    static func snap(_ name: String, _ kind: String, _ asOf: String, _ result: String?, created: Int = 0) -> AssessmentSnapshot {
        AssessmentSnapshot(name: name, kind: kind, asOf: day(asOf), result: result, createdAt: created)
    }
    static func l2self(_ snapshots: [AssessmentSnapshot], at d: String) -> HeldStatus {
        StatusHeld.held(level: 2, assessment: "self", snapshots: snapshots, at: day(d))
    }

    @Test func conditionalSinceItsSnapshotWithTheCloseoutDue() {
        // 2026-10-02 + 180 days: 29 days to Oct 31, +30 Nov (59), +31 Dec (90), +31 Jan (121),
        // +28 Feb (149), +31 Mar (180): 2027-03-31. On 2026-12-01: 30 + 31 + 28 + 31 = 120 days left.
        let h = Self.l2self([Self.snap("2026-q4-self", "cmmc-l2-self", "2026-10-02", "conditional")], at: "2026-12-01")
        #expect(h.status == .conditional)
        #expect(h.since == Self.day("2026-10-02"))
        #expect(h.closeoutDue == Self.day("2027-03-31"))
        #expect(h.snapshot == "2026-q4-self")
        #expect(h.closeoutDue.map { $0.epochDay - Self.day("2026-12-01").epochDay } == 120)
    }

    @Test func onlyTheConditionalThatStartedItDatesTheClock() {
        // The sequence that gave one POA&M item 352 days: a no_status snapshot before, a Level 1
        // snapshot and a second Conditional snapshot after. Only 2026-04-01 starts the status:
        // 2026-04-01 + 180: 29 to Apr 30, +31 May (60), +30 Jun (90), +31 Jul (121), +31 Aug (152),
        // +28 days of September (180): 2026-09-28.
        let s = [Self.snap("mar", "cmmc-l2-self", "2026-03-01", "no_status"),
                 Self.snap("apr", "cmmc-l2-self", "2026-04-01", "conditional"),
                 Self.snap("l1", "cmmc-l1-self", "2026-06-15", "final"),
                 Self.snap("dib", "cmmc-l3-dibcac", "2026-07-01", nil),
                 Self.snap("sep", "cmmc-l2-self", "2026-09-01", "conditional")]
        let before = Self.l2self(s, at: "2026-09-20")
        #expect(before.status == .conditional)
        #expect(before.since == Self.day("2026-04-01"))
        #expect(before.closeoutDue == Self.day("2026-09-28"))
        #expect(before.snapshot == "apr")
        // On the deadline itself the status still holds (0 days left); the next day it has expired.
        #expect(Self.l2self(s, at: "2026-09-28").status == .conditional)
        let after = Self.l2self(s, at: "2026-09-29")
        #expect(after.status == .expired)
        #expect(after.expired == .conditional)
        #expect(after.since == Self.day("2026-09-29"))
        #expect(after.closeoutDue == Self.day("2026-09-28"))
        #expect(after.conditionalSince == Self.day("2026-04-01"))
    }

    @Test func aFinalWithinTheWindowIsTheCloseoutAndTheThreeYearsRunFromTheConditional() {
        // Conditional 2026-01-10; closeout due 2026-01-10 + 180: 21 to Jan 31, +28 Feb (49), +31 Mar (80),
        // +30 Apr (110), +31 May (141), +30 Jun (171), +9 days of July (180): 2026-07-09.
        // Final on 2026-05-01 is the closeout: Final since 2026-05-01, valid until 2026-01-10 + 3 years = 2029-01-10.
        let s = [Self.snap("jan", "cmmc-l2-self", "2026-01-10", "conditional"), Self.snap("may", "cmmc-l2-self", "2026-05-01", "final")]
        let h = Self.l2self(s, at: "2026-06-01")
        #expect(h.status == .final)
        #expect(h.since == Self.day("2026-05-01"))
        #expect(h.validUntil == Self.day("2029-01-10"))
        #expect(h.conditionalSince == Self.day("2026-01-10"))
        #expect(h.snapshot == "may")
        #expect(h.closeoutDue == nil)
        #expect(Self.l2self(s, at: "2029-01-10").status == .final)
        let lapsed = Self.l2self(s, at: "2029-01-11")
        #expect(lapsed.status == .expired)
        #expect(lapsed.expired == .final)
        #expect(lapsed.validUntil == Self.day("2029-01-10"))
    }

    @Test func withoutACloseoutTheStatusExpiresAndClosingItemsLaterChangesNothing() {
        // Conditional 2026-01-10, due 2026-07-09 (as above). No later snapshot: on 2026-08-01 it
        // has expired, whatever the records say now (the assessed result is computed apart).
        let s = [Self.snap("jan", "cmmc-l2-self", "2026-01-10", "conditional")]
        #expect(Self.l2self(s, at: "2026-08-01").status == .expired)
        // A Final snapshot after the deadline is a new full assessment, not a closeout:
        // Final since 2026-07-20, valid 3 years from that day, 2029-07-20.
        let renewed = Self.l2self(s + [Self.snap("jul", "cmmc-l2-self", "2026-07-20", "final")], at: "2026-08-01")
        #expect(renewed.status == .final)
        #expect(renewed.since == Self.day("2026-07-20"))
        #expect(renewed.validUntil == Self.day("2029-07-20"))
        #expect(renewed.conditionalSince == nil)
        // A Conditional snapshot after the expiry starts a new clock: 2026-08-15 + 180:
        // 16 to Aug 31, +30 Sep (46), +31 Oct (77), +30 Nov (107), +31 Dec (138), +31 Jan (169),
        // +11 days of February (180): 2027-02-11.
        let again = Self.l2self(s + [Self.snap("aug", "cmmc-l2-self", "2026-08-15", "conditional")], at: "2026-09-01")
        #expect(again.status == .conditional)
        #expect(again.since == Self.day("2026-08-15"))
        #expect(again.closeoutDue == Self.day("2027-02-11"))
    }

    @Test func aC3PAOStatusIsClosedOutOnlyByAC3PAOSnapshot() {
        // C3PAO Conditional 2026-02-01, due 2026-02-01 + 180: 27 to Feb 28, +31 Mar (58), +30 Apr (88),
        // +31 May (119), +30 Jun (149), +31 Jul (180): 2026-07-31. A Final self-assessment on 2026-03-01
        // gives Final Level 2 (Self), valid until 2029-03-01, and leaves the C3PAO status Conditional.
        let s = [Self.snap("c3", "cmmc-l2-c3pao", "2026-02-01", "conditional"), Self.snap("self", "cmmc-l2-self", "2026-03-01", "final")]
        let c3pao = StatusHeld.held(level: 2, assessment: "c3pao", snapshots: s, at: Self.day("2026-04-01"))
        #expect(c3pao.status == .conditional)
        #expect(c3pao.closeoutDue == Self.day("2026-07-31"))
        let selfHeld = Self.l2self(s, at: "2026-04-01")
        #expect(selfHeld.status == .final)
        #expect(selfHeld.validUntil == Self.day("2029-03-01"))
        let every = StatusHeld.all(level: 2, snapshots: s, at: Self.day("2026-04-01"))
        #expect(every.map(\.assessment) == ["self", "c3pao"])
        // Both in force: the one begun last is shown first (the self-assessment of 2026-03-01).
        #expect(StatusHeld.primary(level: 2, snapshots: s, at: Self.day("2026-04-01")).assessment == "self")
        // After 2026-07-31 the C3PAO status has expired, the Self status is still Final.
        #expect(StatusHeld.held(level: 2, assessment: "c3pao", snapshots: s, at: Self.day("2026-08-01")).status == .expired)
        #expect(StatusHeld.primary(level: 2, snapshots: s, at: Self.day("2026-08-01")).status == .final)
    }

    @Test func levelOneIsFinalForOneYearAndFailedSnapshotsTakeNothingAway() {
        // Level 1 (Self) Final on 2025-11-15, held one year: until 2026-11-15 (section 7, 170.15(a)(1)).
        // A no_status Level 1 snapshot on 2026-03-01 neither ends nor moves it; Level 2 snapshots are ignored.
        let s = [Self.snap("l1", "cmmc-l1-self", "2025-11-15", "final"), Self.snap("l1-bad", "cmmc-l1-self", "2026-03-01", "no_status"),
                 Self.snap("l2", "cmmc-l2-self", "2026-04-01", "conditional")]
        let h = StatusHeld.held(level: 1, assessment: "self", snapshots: s, at: Self.day("2026-11-15"))
        #expect(h.status == .final)
        #expect(h.since == Self.day("2025-11-15"))
        #expect(h.validUntil == Self.day("2026-11-15"))
        #expect(StatusHeld.held(level: 1, assessment: "self", snapshots: s, at: Self.day("2026-11-16")).status == .expired)
        // The latest Level 1 assessment is 2026-03-01 (the failed one counts for affirmations), not the Level 2 one.
        #expect(StatusHeld.latestAssessment(level: 1, snapshots: s, at: Self.day("2026-12-01")) == Self.day("2026-03-01"))
        #expect(StatusHeld.latestAssessment(level: 2, snapshots: s, at: Self.day("2026-12-01")) == Self.day("2026-04-01"))
    }

    @Test func aLaterFinalRenewsAndALaterConditionalReplacesAFinal() {
        // Final 2026-01-05 (valid until 2029-01-05); Final again 2027-01-04: valid until 2030-01-04.
        let renewed = Self.l2self([Self.snap("a", "cmmc-l2-self", "2026-01-05", "final"), Self.snap("b", "cmmc-l2-self", "2027-01-04", "final")], at: "2027-02-01")
        #expect(renewed.since == Self.day("2027-01-04"))
        #expect(renewed.validUntil == Self.day("2030-01-04"))
        // A Conditional assessment on 2027-01-04 instead becomes the status of record: Conditional
        // since 2027-01-04, due 2027-01-04 + 180: 27 to Jan 31, +28 Feb (55), +31 Mar (86), +30 Apr (116),
        // +31 May (147), +30 Jun (177), +3 days of July (180): 2027-07-03.
        let replaced = Self.l2self([Self.snap("a", "cmmc-l2-self", "2026-01-05", "final"), Self.snap("b", "cmmc-l2-self", "2027-01-04", "conditional")], at: "2027-02-01")
        #expect(replaced.status == .conditional)
        #expect(replaced.closeoutDue == Self.day("2027-07-03"))
    }

    @Test func aCloseoutOnTheDayOfTheConditionalAndALeapDay() {
        // Two snapshots on 2028-02-29, Conditional made first: the Final one is its closeout. The three
        // years run from 2028-02-29 to 2031-02-28 (February 2031 has 28 days).
        let s = [Self.snap("final", "cmmc-l2-self", "2028-02-29", "final", created: 200), Self.snap("cond", "cmmc-l2-self", "2028-02-29", "conditional", created: 100)]
        let h = Self.l2self(s, at: "2028-03-01")
        #expect(h.status == .final)
        #expect(h.conditionalSince == Self.day("2028-02-29"))
        #expect(h.validUntil == Self.day("2031-02-28"))
    }

    @Test func noSnapshotNoStatusAndStatusDateStandsForSPRS() {
        #expect(Self.l2self([], at: "2026-12-01").status == .none)
        #expect(StatusHeld.primary(level: 2, snapshots: [], at: Self.day("2026-12-01")) == HeldStatus(level: 2, assessment: "self", status: .none))
        // SPRS shows 2026-10-09 for the snapshot of 2026-10-02: the clock runs from 2026-10-09:
        // 22 to Oct 31, +30 Nov (52), +31 Dec (83), +31 Jan (114), +28 Feb (142), +31 Mar (173),
        // +7 days of April (180): 2027-04-07.
        let s = StatusHeld.assumingConditional(since: Self.day("2026-10-09"), level: 2, assessment: "self",
                                               snapshots: [Self.snap("q4", "cmmc-l2-self", "2026-10-02", "conditional")])
        let h = Self.l2self(s, at: "2026-12-01")
        #expect(h.since == Self.day("2026-10-09"))
        #expect(h.closeoutDue == Self.day("2027-04-07"))
        #expect(h.snapshot == nil)
    }
}
