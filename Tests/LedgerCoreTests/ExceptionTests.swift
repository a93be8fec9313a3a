import LedgerCore
import Testing

// cmmc-rules.md §12.6 and §12.7 (32 CFR 170.24(b)(1)(i)-(ii); DoD Methodology §5(g)(iii), §5(i)(iii)),
// worked by hand. Every scenario starts from `Scenario`: one control per requirement, implemented,
// with evidence collected 2026-06-01 and valid on the as-of day 2026-11-29 (2026-06-01 + 1 year +
// 14 days grace = 2027-06-15), so 110, final. Point values from nist-800-171r2.csv: 3.14.1, 3.1.1
// and 3.13.11 are 5 (3.13.11 partial 3), 3.12.2 is 3, 3.1.3 is 1, 3.12.4 has none.

extension Scenario {
    /// An exception on `requirement`, opened 2026-10-01 unless told; `ssp` for an enduring one,
    /// `actions` dated steps for a temporary one.
    mutating func exception(_ requirement: String, _ kind: ExceptionKind, ssp: String? = nil, actions: [String] = [],
                            opened: String = "2026-10-01", closed: String? = nil) {
        let n = exceptions.count + 1
        exceptions.append(ExceptionRecord(
            id: "EXC-20261001-00000\(n)", requirement: "\(Catalogs.nistID):\(requirement)", kind: kind.rawValue,
            description: "cannot be met here", mitigations: ["isolated VLAN"], sspSection: ssp,
            actions: actions.map { ExceptionRecord.Action(date: Day($0)!, text: "step") }, opened: Day(opened)!, closed: closed.flatMap(Day.init)))
    }
}

@Suite struct ExceptionScoringTests {
    @Test func enduringExceptionWithItsSSPSectionScoresAFivePointRequirementMET() throws {
        // 3.14.1 planned, on a POA&M (so 3.12.2 stays MET): 110 - 5 = 105, no status (5 points is
        // never POA&M-eligible). With an open enduring exception naming SSP section 4.3, opened
        // 2026-10-01 <= 2026-11-29 and not closed: 3.14.1 is MET, 110 - 0 = 110, up by 5. The POA&M
        // item is still open on a MET requirement, so the result is conditional (§12.3).
        var s = Scenario()
        s.set("3.14.1", status: "planned")
        s.poam("3.14.1")
        let before = try s.level2()
        #expect(requirement(before, "3.14.1").base.status == .notMet)
        #expect(before.score == 105)
        s.exception("3.14.1", .enduring, ssp: "4.3 Medical devices")
        let after = try s.level2()
        let q = requirement(after, "3.14.1")
        #expect(q.base.status == .met)
        #expect(q.deduction == 0)
        #expect(q.exception == "EXC-20261001-000001")
        #expect(q.base.reasons.last?.contains("170.24(b)(1)(i)") == true && q.base.reasons.last?.contains("§12.7") == true, "\(q.base.reasons)")
        #expect(after.score == 110)
        #expect(after.score.map { $0 - (before.score ?? 0) } == 5)
        #expect(after.status == "conditional")
        #expect(after.statusReasons.contains { $0.contains("POAM-2026-001 is open although 3.14.1 is MET") })
    }

    @Test func withoutAPlanTheExceptionAlsoGivesBack3_12_2() throws {
        // 3.14.1 planned, no POA&M: 3.14.1 -5 and, unplanned, 3.12.2 -3 (§12.6): 110 - 8 = 102.
        // With the enduring exception nothing is NOT MET: 110, final (no POA&M item open).
        var s = Scenario()
        s.set("3.14.1", status: "planned")
        #expect(try s.level2().score == 102)
        s.exception("3.14.1", .enduring, ssp: "4.3 Medical devices")
        let r = try s.level2()
        #expect(r.score == 110)
        #expect(r.status == "final")
        #expect(requirement(r, "3.12.2").base.status == .met)
    }

    @Test func enduringExceptionWithoutItsSSPSectionEarnsNothing() throws {
        // Same as the first, the exception names no SSP section: incomplete, 3.14.1 stays NOT MET:
        // 105, with the reason and a warning naming what is missing.
        var s = Scenario()
        s.set("3.14.1", status: "planned")
        s.poam("3.14.1")
        s.exception("3.14.1", .enduring)
        let r = try s.level2()
        let q = requirement(r, "3.14.1")
        #expect(q.base.status == .notMet)
        #expect(q.deduction == 5)
        #expect(q.exception == nil)
        #expect(r.score == 105)
        #expect(q.base.reasons.contains { $0.contains("EXC-20261001-000001") && $0.contains("names no SSP section") })
        #expect(r.warnings.contains { $0.contains("EXC-20261001-000001") && $0.contains("--ssp-section") })
    }

    @Test func temporaryDeficiencyWithOneDatedActionScoresMETCitingII() throws {
        // 3.1.1 planned, POA&M item: 110 - 5 = 105. A temporary deficiency with one action
        // (2026-12-15) opened 2026-10-01: MET citing 170.24(b)(1)(ii): 110.
        var s = Scenario()
        s.set("3.1.1", status: "partially_implemented")
        s.poam("3.1.1")
        #expect(try s.level2().score == 105)
        s.exception("3.1.1", .temporary, actions: ["2026-12-15"])
        let r = try s.level2()
        let q = requirement(r, "3.1.1")
        #expect(q.base.status == .met)
        #expect(q.exception == "EXC-20261001-000001")
        #expect(q.base.reasons.last?.contains("170.24(b)(1)(ii)") == true, "\(q.base.reasons)")
        #expect(q.base.reasons.last?.contains("1 dated action") == true)
        #expect(r.score == 110)
        // Without any action it earns nothing: 105 again.
        var t = Scenario()
        t.set("3.1.1", status: "partially_implemented")
        t.poam("3.1.1")
        t.exception("3.1.1", .temporary)
        #expect(requirement(try t.level2(), "3.1.1").base.status == .notMet)
        #expect(try t.level2().score == 105)
    }

    @Test func onlyAnExceptionOpenOnTheAsOfDayCounts() throws {
        // 3.14.1 planned with a POA&M item (105 without help), judged on 2026-11-29:
        // closed 2026-11-28 (before D): NOT MET, 105; closed 2026-11-29 (on D, so closed by D):
        // NOT MET, 105; closed 2026-11-30 (after D): still open on D, MET, 110; opened 2026-11-30
        // (after D): NOT MET, 105; opened 2026-11-29 (on D): MET, 110.
        let cases: [(opened: String, closed: String?, score: Int)] = [
            ("2026-10-01", "2026-11-28", 105), ("2026-10-01", "2026-11-29", 105), ("2026-10-01", "2026-11-30", 110),
            ("2026-11-30", nil, 105), ("2026-11-29", nil, 110),
        ]
        for c in cases {
            var s = Scenario()
            s.set("3.14.1", status: "planned")
            s.poam("3.14.1")
            s.exception("3.14.1", .enduring, ssp: "4.3", opened: c.opened, closed: c.closed)
            let r = try s.level2()
            #expect(r.score == c.score, "opened \(c.opened), closed \(c.closed ?? "-")")
            #expect((requirement(r, "3.14.1").exception != nil) == (c.score == 110))
        }
    }

    @Test func neitherAppliesTo3_12_4() throws {
        // 3.12.4 planned: NOT MET, so the assessment cannot be completed: incomplete, no score.
        // An enduring exception naming an SSP section and a temporary deficiency with an action
        // change nothing (§12.7 "Neither applies to 3.12.4").
        var s = Scenario()
        s.set("3.12.4", status: "planned")
        s.exception("3.12.4", .enduring, ssp: "1 Introduction")
        s.exception("3.12.4", .temporary, actions: ["2026-12-01"])
        let r = try s.level2()
        let q = requirement(r, "3.12.4")
        #expect(q.base.status == .notMet)
        #expect(q.exception == nil)
        #expect(r.status == "incomplete")
        #expect(r.score == nil)
        #expect(q.base.reasons.filter { $0.contains("neither an enduring exception nor a temporary deficiency applies to 3.12.4") }.count == 2)
        #expect(r.warnings.contains { $0.contains("EXC-20261001-000001") && $0.contains("3.12.4") })
        // Nor is the temporary deficiency a plan of action for 3.12.2 (§12.6): 3.12.4 stays
        // unplanned, so 3.12.2 is NOT MET and its reason names 3.12.4.
        #expect(requirement(r, "3.12.2").base.status == .notMet)
        #expect(requirement(r, "3.12.2").base.reasons.contains { $0.contains("(3.12.4)") })
        #expect(ExceptionRules.inapplicability("nist-800-171r2:3.12.4") != nil)
    }

    @Test func isolatedNonValidatedCryptoIsATemporaryDeficiency() throws {
        // 3.13.11 not FIPS-validated (evidenced): NOT MET at 3 points, POA&M-eligible; without a
        // plan 3.12.2 is NOT MET too: 110 - 3 - 3 = 104. With a temporary deficiency (one action,
        // 2027-01-15) the isolated use of non-validated crypto is scored MET (Methodology §5(i)(iii);
        // 170.24(b)(1)(ii)), 3.12.2 is MET again: 110, final.
        var s = Scenario()
        s.recordFullAttributes()
        s.attribute("3.13.11", "encryption", "not_fips_validated")
        let before = try s.level2()
        #expect(requirement(before, "3.13.11").deduction == 3)
        #expect(before.score == 104)
        s.exception("3.13.11", .temporary, actions: ["2027-01-15"])
        let r = try s.level2()
        let q = requirement(r, "3.13.11")
        #expect(q.base.status == .met)
        #expect(q.deduction == 0)
        #expect(q.base.reasons.last?.contains("§5(i)(iii)") == true && q.base.reasons.last?.contains("170.24(b)(1)(ii)") == true, "\(q.base.reasons)")
        #expect(r.score == 110)
        #expect(r.status == "final")
    }

    @Test func anIncompleteTemporaryDeficiencyIsNoPlanOfActionFor3_12_2() throws {
        // 3.1.3 partially implemented (1 point), no POA&M, a temporary deficiency without any
        // action: 3.1.3 NOT MET (-1), and it has no plan of action, so 3.12.2 NOT MET (-3):
        // 110 - 4 = 106. Given one dated action, 3.1.3 is MET and 3.12.2 with it: 110.
        var s = Scenario()
        s.set("3.1.3", status: "partially_implemented")
        s.exception("3.1.3", .temporary)
        let r = try s.level2()
        #expect(r.score == 106)
        #expect(requirement(r, "3.12.2").base.status == .notMet)
        var t = Scenario()
        t.set("3.1.3", status: "partially_implemented")
        t.exception("3.1.3", .temporary, actions: ["2026-12-01"])
        #expect(try t.level2().score == 110)
    }

    @Test func anExceptionOn3_12_2CannotStandInForOtherRequirementsPlans() throws {
        // 3.12.2 planned with an enduring exception (so MET through it), and 3.1.3 partially
        // implemented without any plan: Methodology §5(g)(iii) scores 3.12.2 NOT MET anyway, the
        // exception no longer credits it: 110 - 1 - 3 = 106.
        var s = Scenario()
        s.set("3.12.2", status: "planned")
        s.exception("3.12.2", .enduring, ssp: "6 Plans of action")
        #expect(try s.level2().score == 110)
        s.set("3.1.3", status: "partially_implemented")
        let r = try s.level2()
        #expect(r.score == 106)
        #expect(requirement(r, "3.12.2").base.status == .notMet)
        #expect(requirement(r, "3.12.2").exception == nil)
        #expect(requirement(r, "3.12.2").base.reasons.contains { $0.contains("EXC-20261001-000001 covers 3.12.2's own deficiency") })
    }

    @Test func levelOneAndSOC2AreNotTouched() throws {
        // 3.1.1 planned with an enduring exception: Level 2 scores it MET (110 with a POA&M item, 105
        // without the exception). Level 1's AC.L1-b.1.i corresponds to 3.1.1 and is served by the
        // same control: still NOT MET there (exceptions are scored for Level 2 only), so Level 1 has
        // no status. SOC 2 gives the same answer with and without the exception.
        var s = Scenario()
        s.set("3.1.1", status: "planned")
        s.poam("3.1.1")
        let without = try s.report(frameworks: ["cmmc-l2", "cmmc-l1", "soc2"])
        s.exception("3.1.1", .enduring, ssp: "4.1 Shared terminals")
        let with = try s.report(frameworks: ["cmmc-l2", "cmmc-l1", "soc2"])
        #expect(without.cmmcL2?.score == 105)
        #expect(with.cmmcL2?.score == 110)
        let l1 = try #require(with.cmmcL1)
        #expect(l1.requirements.first { $0.requirement.id == "AC.L1-b.1.i" }?.status == .notMet)
        #expect(l1.status == "no_status")
        #expect(with.soc2?.status == without.soc2?.status && with.soc2?.ready == without.soc2?.ready)
    }

    @Test func readinessJSONNamesTheException() throws {
        var s = Scenario()
        s.set("3.14.1", status: "planned")
        s.exception("3.14.1", .enduring, ssp: "4.3")
        let json = try s.report().jsonValue
        let requirements = json["frameworks"]?.listValue?.first?["requirements"]?.listValue ?? []
        #expect(requirements.first { $0["id"]?.stringValue == "3.14.1" }?["exception"]?.stringValue == "EXC-20261001-000001")
        #expect(requirements.first { $0["id"]?.stringValue == "3.1.1" }?["exception"] == .null)
    }
}

@Suite struct ExceptionRecordTests {
    static let sample = ExceptionRecord(id: "EXC-20260601-7K3QX2", requirement: "nist-800-171r2:3.14.1", kind: "enduring",
                                        description: "Pumps cannot be patched", mitigations: ["VLAN"], sspSection: "4.3",
                                        reviews: [.init(date: Day("2026-09-01")!, note: "checked")], opened: Day("2026-06-01")!)

    @Test func roundTripsThroughItsCanonicalForm() {
        let (decoded, issues) = ExceptionRecord.decode(Self.sample.recordValue, file: Self.sample.path)
        #expect(issues.isEmpty, "\(issues)")
        #expect(decoded == Self.sample)
        #expect(Self.sample.path == "exceptions/EXC-20260601-7K3QX2.yaml")
    }

    @Test func openAndCompleteFollowTheRule() {
        var r = Self.sample
        r.closed = Day("2026-11-29")
        // Opened 2026-06-01, closed 2026-11-29: open on 2026-06-01 and 2026-11-28, not on 2026-05-31 or 2026-11-29.
        #expect(r.isOpen(at: Day("2026-06-01")!) && r.isOpen(at: Day("2026-11-28")!))
        #expect(!r.isOpen(at: Day("2026-05-31")!) && !r.isOpen(at: Day("2026-11-29")!))
        #expect(r.isComplete)
        r.sspSection = nil
        #expect(!r.isComplete)
        let t = ExceptionRecord(id: "EXC-20260601-7K3QX3", requirement: "nist-800-171r2:3.1.1", kind: "temporary", description: "d", opened: Day("2026-06-01")!)
        #expect(!t.isComplete)
        #expect(ExceptionRecord.decode(t.recordValue, file: t.path).1.isEmpty, "an incomplete record still decodes")
    }

    @Test func reviewsLieBetweenOpenedAndClosed() {
        var r = Self.sample
        r.reviews = [.init(date: Day("2026-05-31")!, note: "early")]
        #expect(ExceptionRecord.decode(r.recordValue, file: r.path).1.map(\.field) == ["reviews[0].date"])
        r.reviews = [.init(date: Day("2026-09-01")!, note: "late")]
        r.closed = Day("2026-08-31")
        #expect(ExceptionRecord.decode(r.recordValue, file: r.path).1.map(\.field) == ["reviews[0].date"])
    }

    @Test func aRecordLivesAtItsOwnID() {
        let issues = ExceptionRecord.decode(Self.sample.recordValue, file: "exceptions/EXC-20260601-7K3QX9.yaml").1
        #expect(issues.map(\.field) == ["id"])
    }

    @Test func idsCarryTheirDayAndAreCrockfordBase32() {
        var rng = SplitMix64(seed: 7)
        let id = ExceptionIDFormat.make(day: Day("2026-12-02")!, using: &rng)
        #expect(id.hasPrefix("EXC-20261202-") && id.count == 19)
        #expect(ExceptionIDFormat.day(of: id) == Day("2026-12-02"))
        #expect(!ExceptionIDFormat.isValid("EXC-20261202-7K3QXI"))   // I is not Crockford base32
        #expect(!ExceptionIDFormat.isValid("EXC-20261302-7K3QX2"))   // no 13th month
        #expect(!ExceptionIDFormat.isValid("EV-20261202-7K3QX2"))
    }
}
