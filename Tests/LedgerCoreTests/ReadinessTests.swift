import LedgerCore
import Testing

/// A ledger with one control per NIST SP 800-171 requirement (`N-3-1-1` serves 3.1.1), all
/// implemented with evidence valid on the as-of day, which scenarios then break on purpose.
struct Scenario {
    static let asOf = Day("2026-11-29")!
    static let nist = Catalogs.nist800171r2
    var controls: [String: ControlRecord] = [:]
    var evidence: [EvidenceRecord] = []
    var poams: [PoamRecord] = []
    var exceptions: [ExceptionRecord] = []
    var config = LedgerConfig(organization: "Scenario", frameworks: [FrameworkScope(id: "cmmc-l2"), FrameworkScope(id: "cmmc-l1"), FrameworkScope(id: "soc2")],
                              createdAt: Timestamp(day: Day("2026-01-01")!))
    private var counter = 0

    static func controlID(_ requirement: String) -> String { "N-" + requirement.replacing(".", with: "-") }

    init(allEvidenced: Bool = true) {
        for r in Self.nist.requirements {
            let id = Self.controlID(r.id)
            controls[id] = ControlRecord(id: id, title: "Control for \(r.id)", owner: "o@example.test", status: "implemented",
                                         frequency: "annual", maps: [(Catalogs.nistID, [r.id])])
            if allEvidenced { addEvidence(id, collected: Day("2026-06-01")!) }
        }
    }

    mutating func addEvidence(_ control: String, collected: Day, validUntil: Day? = nil, covers: EvidenceRecord.Period? = nil) {
        counter += 1
        let suffix = String(counter).leftPadded(6)
        let stamp = collected.description.replacing("-", with: "")
        evidence.append(EvidenceRecord(id: "EV-\(stamp)-\(suffix)", title: "evidence \(counter)", controls: [control],
                                       collectedAt: Timestamp(day: collected, hour: 12), collectedBy: "t <t@example.test>", method: "automated",
                                       covers: covers, validUntil: validUntil, classification: "internal",
                                       artifacts: [.init(path: "a.json", sha256: String(repeating: "0", count: 64), bytes: 1, mediaType: "application/json")]))
    }

    mutating func set(_ requirement: String, status: String, justification: String? = nil) {
        controls[Self.controlID(requirement)]!.status = status
        controls[Self.controlID(requirement)]!.justification = justification
    }

    mutating func attribute(_ requirement: String, _ key: String, _ value: String) {
        controls[Self.controlID(requirement)]!.attributes = [(key, value)]
    }

    mutating func poam(_ requirement: String, closed: Day? = nil) {
        poams.append(PoamRecord(id: "POAM-2026-\(String(poams.count + 1).leftPadded(3))", requirement: "\(Catalogs.nistID):\(requirement)",
                                weakness: "w", opened: Day("2026-10-01")!, scheduledCompletion: Day("2027-01-31")!,
                                status: closed == nil ? "open" : "closed", closed: closed))
    }

    func report(asOf: Day = Scenario.asOf, frameworks: [String] = ["cmmc-l2"], statusDate: Day? = nil, type: Int = 1,
                period: EvidenceRecord.Period? = nil, extraControls: [ControlRecord] = []) throws -> ReadinessReport {
        let input = ReadinessInput(config: config, catalogs: .builtIn, controls: Array(controls.values).sorted { $0.id < $1.id } + extraControls,
                                   evidence: evidence, poams: poams, affirmations: [], exceptions: exceptions)
        return try ReadinessReport.evaluate(input, ReadinessRequest(frameworks: frameworks, asOf: asOf, soc2Type: type, period: period, statusDate: statusDate),
                                            revision: "test")
    }

    func level2(statusDate: Day? = nil, asOf: Day = Scenario.asOf) throws -> CMMCLevel2Result {
        try #require(try report(asOf: asOf, statusDate: statusDate).cmmcL2)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

func requirement(_ r: CMMCLevel2Result, _ id: String) -> CMMCRequirementResult {
    r.requirements.first { $0.base.requirement.id == id }!
}

@Suite struct CMMCLevel2ScoringTests {
    @Test func everythingImplementedWithValidEvidenceIsFinal110() throws {
        // 110 requirements, none NOT MET: 110 - 0 = 110, final.
        let r = try Scenario().level2()
        #expect(r.score == 110)
        #expect(r.status == "final")
        #expect(r.requirements.allSatisfy { $0.base.status == .met })
    }

    @Test func partialMFAWithPoamIs107AndNeverConditional() throws {
        // 3.5.3 with MFA for remote and privileged users only: deduct 3 (170.24(c)(2)(i)(B)(4)).
        // It has a POA&M item, so 3.12.2 stays MET: 110 - 3 = 107. 3.5.3 is worth 3 > 1: never
        // POA&M-eligible (170.21(a)(2)(ii)), so no conditional status.
        var s = Scenario()
        s.attribute("3.5.3", "mfa_scope", "remote_and_privileged")
        s.poam("3.5.3")
        let r = try s.level2()
        #expect(r.score == 107)
        #expect(r.status == "no_status")
        #expect(requirement(r, "3.5.3").deduction == 3)
        #expect(!requirement(r, "3.5.3").poamEligible)
        #expect(requirement(r, "3.12.2").base.status == .met)
        #expect(r.statusReasons.contains { $0.contains("IA.L2-3.5.3") && $0.contains("170.21(a)(2)(ii)") })
    }

    @Test func partialMFAWithoutPoamAlsoFails3_12_2For104() throws {
        // Same, no POA&M item at all: Methodology §5(g)(iii) scores 3.12.2 NOT MET too (3 points):
        // 110 - 3 - 3 = 104.
        var s = Scenario()
        s.attribute("3.5.3", "mfa_scope", "remote_and_privileged")
        let r = try s.level2()
        #expect(r.score == 104)
        #expect(requirement(r, "3.12.2").base.status == .notMet)
        #expect(requirement(r, "3.12.2").deduction == 3)
        #expect(requirement(r, "3.12.2").base.reasons.last?.contains("§5(g)(iii)") == true)
    }

    @Test func nonFIPSEncryptionAndFiveOnePointersOnPoamIsConditional102() throws {
        // 3.13.11 not FIPS-validated: 3 points, the one POA&M exception (170.21(a)(2)(ii)).
        // Five 1-point requirements NOT MET: 3.1.3, 3.1.4, 3.1.6, 3.3.3, 3.13.16, each on a POA&M.
        // 110 - 3 - 5×1 = 102 >= 88, all eligible, all planned: conditional.
        var s = Scenario()
        s.attribute("3.13.11", "encryption", "not_fips_validated")
        s.poam("3.13.11")
        for id in ["3.1.3", "3.1.4", "3.1.6", "3.3.3", "3.13.16"] {
            s.set(id, status: "partially_implemented")
            s.poam(id)
        }
        let r = try s.level2(statusDate: Day("2026-11-01"))
        #expect(r.score == 102)
        #expect(r.status == "conditional")
        #expect(requirement(r, "3.13.11").poamEligible)
        #expect(requirement(r, "3.13.11").poam == "POAM-2026-001")
        // Status date 2026-11-01 + 180 days = 2027-04-30.
        #expect(r.closeoutDeadline == Day("2027-04-30"))
    }

    @Test func namedExclusionOnPoamBlocksConditional() throws {
        // 3.1.20 is worth 1 point but is one of the six named exclusions (170.21(a)(2)(iii)):
        // 110 - 1 = 109, no conditional.
        var s = Scenario()
        s.set("3.1.20", status: "planned")
        s.poam("3.1.20")
        let r = try s.level2()
        #expect(r.score == 109)
        #expect(r.status == "no_status")
        #expect(!requirement(r, "3.1.20").poamEligible)
        #expect(r.statusReasons.contains { $0.contains("AC.L2-3.1.20") && $0.contains("170.21(a)(2)(iii)") })
    }

    /// The first `n` POA&M-eligible 1-point requirements, in catalog order.
    static func eligibleOnePointers(_ n: Int) -> [String] {
        Array(Scenario.nist.requirements.filter { $0.points == 1 && !CMMCRules.namedExclusions.contains($0.id) }.map(\.id).prefix(n))
    }

    @Test func eightySevenWithOnlyEligibleItemsIsNoStatus() throws {
        // 23 eligible 1-point requirements NOT MET, each on a POA&M: 110 - 23 = 87 < 88.
        var s = Scenario()
        for id in Self.eligibleOnePointers(23) { s.set(id, status: "planned"); s.poam(id) }
        let r = try s.level2()
        #expect(r.score == 87)
        #expect(r.status == "no_status")
        #expect(r.statusReasons.contains { $0.contains("below 88") })
    }

    @Test func eightyEightWithOnlyEligibleItemsIsConditional() throws {
        // 22 of them: 110 - 22 = 88 = 0.8 × 110, the boundary (170.21(a)(2)(i)).
        var s = Scenario()
        for id in Self.eligibleOnePointers(22) { s.set(id, status: "planned"); s.poam(id) }
        let r = try s.level2()
        #expect(r.score == 88)
        #expect(r.status == "conditional")
    }

    @Test func noSSPMeansIncompleteWithoutScore() throws {
        var s = Scenario()
        s.set("3.12.4", status: "planned")
        let r = try s.level2()
        #expect(r.score == nil)
        #expect(r.status == "incomplete")
        #expect(requirement(r, "3.12.4").deduction == nil)
        #expect(r.statusReasons.first?.contains("170.24(c)(2)(i)(B)(5)") == true)
    }

    @Test func evidenceThatExpiredYesterdayIsNotMet() throws {
        // 3.1.3's only evidence is valid until 2026-11-28; as of 2026-11-29 it is NOT MET (1 point),
        // and with no POA&M 3.12.2 fails too (3 points): 110 - 1 - 3 = 106.
        var s = Scenario(allEvidenced: false)
        for r in Scenario.nist.requirements where r.id != "3.1.3" { s.addEvidence(Scenario.controlID(r.id), collected: Day("2026-06-01")!) }
        s.addEvidence(Scenario.controlID("3.1.3"), collected: Day("2026-06-01")!, validUntil: Day("2026-11-28")!)
        let r = try s.level2()
        #expect(requirement(r, "3.1.3").base.status == .notMet)
        #expect(requirement(r, "3.1.3").base.reasons.contains { $0.contains("expired on 2026-11-28") })
        #expect(r.score == 106)
        // The day before, it was still valid (validity ends at the end of valid_until).
        let before = try s.level2(asOf: Day("2026-11-28")!)
        #expect(requirement(before, "3.1.3").base.status == .met)
        #expect(before.score == 110)
    }

    @Test func notApplicableCountsAsMet() throws {
        // 3.1.16 and 3.1.17 (wireless) not applicable with a justification: N/A = MET (170.24(b)(3)).
        var s = Scenario()
        s.set("3.1.16", status: "not_applicable", justification: "no wireless")
        s.set("3.1.17", status: "not_applicable", justification: "no wireless")
        let r = try s.level2()
        #expect(requirement(r, "3.1.16").base.status == .notApplicable)
        #expect(r.score == 110)
        #expect(r.status == "final")
    }

    @Test func noEncryptionIsFivePointsAndNotEligible() throws {
        // 3.13.11 with no encryption at all: 5 points and never on a POA&M: 110 - 5 = 105.
        var s = Scenario()
        s.attribute("3.13.11", "encryption", "none")
        s.poam("3.13.11")
        let r = try s.level2()
        #expect(r.score == 105)
        #expect(!requirement(r, "3.13.11").poamEligible)
        #expect(r.status == "no_status")
    }

    @Test func mfaNotImplementedForAnyUserIsFivePoints() throws {
        var s = Scenario()
        s.attribute("3.5.3", "mfa_scope", "none")
        s.poam("3.5.3")
        #expect(try s.level2().score == 105)
    }

    @Test func scoreFloorIsMinus203() throws {
        // Everything NOT MET but the SSP (which has no value): 110 - (44×5 + 14×3 + 51×1) = 110 - 313 = -203.
        var s = Scenario()
        for r in Scenario.nist.requirements where r.id != "3.12.4" { s.set(r.id, status: "planned") }
        let r = try s.level2()
        #expect(r.score == -203)
        #expect(r.status == "no_status")
    }

    @Test func conditionalCloseoutWarnsThenExpires() throws {
        // Status date 2026-06-01 + 180 days = 2026-11-28.
        var s = Scenario()
        s.set("3.1.3", status: "planned")
        s.poam("3.1.3")
        let soon = try s.level2(statusDate: Day("2026-06-01"), asOf: Day("2026-11-15")!)
        #expect(soon.status == "conditional")
        #expect(soon.closeoutDeadline == Day("2026-11-28"))
        #expect(soon.warnings.contains { $0.contains("13 days left") })
        // The day after the deadline the status held has expired; the assessed result is still
        // what an assessment would find from the records: conditional (cmmc-rules.md §12.1, §12.2).
        let late = try s.level2(statusDate: Day("2026-06-01"), asOf: Day("2026-11-29")!)
        #expect(late.status == "conditional")
        #expect(late.held?.status == .expired)
        #expect(late.held?.since == Day("2026-11-29"))
        #expect(late.closeoutDeadline == Day("2026-11-28"))
        #expect(late.warnings.contains { $0.contains("expired on 2026-11-28") && $0.contains("170.21(b)") })
    }

    @Test func closedPoamNoLongerPlansTheRequirement() throws {
        var s = Scenario()
        s.set("3.1.3", status: "planned")
        s.poam("3.1.3", closed: Day("2026-11-01"))
        let r = try s.level2()
        #expect(requirement(r, "3.1.3").poam == nil)
        // Unplanned again: 3.12.2 NOT MET too: 110 - 1 - 3 = 106.
        #expect(r.score == 106)
    }

    @Test func fixesAreOrderedByPointsWon() throws {
        var s = Scenario()
        s.set("3.1.3", status: "planned")   // 1
        s.set("3.1.1", status: "planned")   // 5
        s.set("3.1.5", status: "planned")   // 3
        let report = try s.report()
        #expect(report.fixes.map(\.base.requirement.id).prefix(3) == ["3.1.1", "3.1.5", "3.12.2"])
    }
}

@Suite struct EvidenceValidityTests {
    static let policy = LedgerConfig.Policy()

    static func control(_ frequency: String, validFor: ISODuration? = nil) -> ControlRecord {
        ControlRecord(id: "C", title: "c", owner: "o@x", status: "implemented", frequency: frequency, evidenceValidFor: validFor, maps: [])
    }

    static func evidence(_ collected: String, validUntil: String? = nil) -> EvidenceRecord {
        EvidenceRecord(id: "EV-20260131-000001", title: "e", controls: ["C"], collectedAt: Timestamp(day: Day(collected)!), collectedBy: "t",
                       method: "manual", validUntil: validUntil.flatMap(Day.init), classification: "internal",
                       artifacts: [.init(path: "a", sha256: String(repeating: "0", count: 64), bytes: 1, mediaType: "text/plain")])
    }

    @Test func theValidityEndFollowsTheRuleOrder() {
        // valid_until wins.
        #expect(EvidenceValidity.end(of: Self.evidence("2026-01-31", validUntil: "2026-02-10"), for: Self.control("monthly"), policy: Self.policy) == Day("2026-02-10"))
        // then evidence_valid_for: 2026-01-31 + P90D = 2026-05-01.
        #expect(EvidenceValidity.end(of: Self.evidence("2026-01-31"), for: Self.control("monthly", validFor: ISODuration(days: 90)), policy: Self.policy) == Day("2026-05-01"))
        // then one interval + grace: 2026-01-31 + 1 month = 2026-02-28, + 14 days = 2026-03-14.
        #expect(EvidenceValidity.end(of: Self.evidence("2026-01-31"), for: Self.control("monthly"), policy: Self.policy) == Day("2026-03-14"))
        // quarterly: 2026-01-31 + 3 months = 2026-04-30, + 14 = 2026-05-14.
        #expect(EvidenceValidity.end(of: Self.evidence("2026-01-31"), for: Self.control("quarterly"), policy: Self.policy) == Day("2026-05-14"))
        // on_event has no interval: the ledger default P1Y: 2027-01-31.
        #expect(EvidenceValidity.end(of: Self.evidence("2026-01-31"), for: Self.control("on_event"), policy: Self.policy) == Day("2027-01-31"))
    }

    @Test func evidenceCollectedAfterTheDayDoesNotCount() {
        #expect(!EvidenceValidity.isValid(Self.evidence("2026-01-31"), for: Self.control("annual"), at: Day("2026-01-30")!, policy: Self.policy))
        #expect(EvidenceValidity.isValid(Self.evidence("2026-01-31"), for: Self.control("annual"), at: Day("2026-01-31")!, policy: Self.policy))
    }
}

@Suite struct CMMCLevel1Tests {
    @Test func allFifteenMetIsFinal() throws {
        let r = try #require(try Scenario().report(frameworks: ["cmmc-l1"]).cmmcL1)
        #expect(r.status == "final")
        #expect(r.met == 15)
        #expect(r.requirements.count == 15)
    }

    @Test func oneCounterpartNotMetIsNoStatusWithoutPoam() throws {
        // AC.L1-b.1.iii corresponds to 3.1.20; a POA&M does not help at Level 1 (170.21(a)(1)).
        var s = Scenario()
        s.set("3.1.20", status: "planned")
        s.poam("3.1.20")
        let r = try #require(try s.report(frameworks: ["cmmc-l1"]).cmmcL1)
        #expect(r.status == "no_status")
        #expect(r.met == 14)
        #expect(r.statusReasons.contains { $0.contains("170.21(a)(1)") })
    }
}

@Suite struct SOC2Tests {
    static func control(_ id: String, _ frequency: String, maps: [String], status: String = "implemented") -> ControlRecord {
        ControlRecord(id: id, title: id, owner: "o@x", status: status, frequency: frequency, maps: [(Catalogs.soc2ID, maps)])
    }

    @Test func typeTwoNamesTheUncoveredQuarter() throws {
        // Quarterly control over 2026-01-01..2026-12-31: intervals Q1 Jan-Mar, Q2 Apr-Jun,
        // Q3 Jul-Sep, Q4 Oct-Dec. Evidence on 02-10, 05-10 and 11-10 leaves Q3 uncovered.
        var s = Scenario(allEvidenced: false)
        s.controls = [:]
        for d in ["2026-02-10", "2026-05-10", "2026-11-10"] { s.addEvidence("Q-REVIEW", collected: Day(d)!) }
        let period = EvidenceRecord.Period(from: Day("2026-01-01")!, to: Day("2026-12-31")!)
        let report = try s.report(frameworks: ["soc2"], type: 2, period: period, extraControls: [Self.control("Q-REVIEW", "quarterly", maps: ["CC1.1"])])
        let soc2 = try #require(report.soc2)
        let cc11 = try #require(soc2.criteria.first { $0.requirement.id == "CC1.1" })
        #expect(cc11.gaps.count == 1)
        #expect(cc11.gaps.first?.from == Day("2026-07-01"))
        #expect(cc11.gaps.first?.to == Day("2026-09-30"))
        #expect(cc11.gaps.first?.control == "Q-REVIEW")
        #expect(soc2.status == "not_ready")
    }

    @Test func continuousControlsNameEveryUncoveredDay() {
        // soc2-rules.md §3 (daily and continuous): every uncovered stretch is named, with no
        // tolerance. Covered Jan 1-31 and Feb 16-Mar 31 over Jan 1..Mar 31: Feb 1-15 is open.
        let c = Self.control("LOG", "continuous", maps: ["CC7.2"])
        var s = Scenario(allEvidenced: false)
        s.addEvidence("LOG", collected: Day("2026-01-31")!, covers: .init(from: Day("2026-01-01")!, to: Day("2026-01-31")!))
        s.addEvidence("LOG", collected: Day("2026-03-31")!, covers: .init(from: Day("2026-02-16")!, to: Day("2026-03-31")!))
        let period = EvidenceRecord.Period(from: Day("2026-01-01")!, to: Day("2026-03-31")!)
        let gaps = SOC2Readiness.controlGaps(c, evidence: s.evidence, period: period, grace: ISODuration(days: 14))
        #expect(gaps.map { "\($0.from!)..\($0.to!)" } == ["2026-02-01..2026-02-15"])
        #expect(gaps.map(\.kind) == [.uncoveredDays])
        // Covered Jan 1-Feb 1 and Feb 16-Mar 31: the 14 days Feb 2-15 are named too (the old
        // rule let a gap up to the 14-day grace pass).
        var t = Scenario(allEvidenced: false)
        t.addEvidence("LOG", collected: Day("2026-02-01")!, covers: .init(from: Day("2026-01-01")!, to: Day("2026-02-01")!))
        t.addEvidence("LOG", collected: Day("2026-03-31")!, covers: .init(from: Day("2026-02-16")!, to: Day("2026-03-31")!))
        #expect(SOC2Readiness.controlGaps(c, evidence: t.evidence, period: period, grace: ISODuration(days: 14)).map { "\($0.from!)..\($0.to!)" }
                == ["2026-02-02..2026-02-15"])
    }

    @Test func onEventControlsNeedOneItemInThePeriod() {
        let c = Self.control("CHG", "on_event", maps: ["CC8.1"])
        let period = EvidenceRecord.Period(from: Day("2026-01-01")!, to: Day("2026-06-30")!)
        #expect(SOC2Readiness.controlGaps(c, evidence: [], period: period, grace: ISODuration(days: 14)).count == 1)
        var s = Scenario(allEvidenced: false)
        s.addEvidence("CHG", collected: Day("2026-04-02")!)
        #expect(SOC2Readiness.controlGaps(c, evidence: s.evidence, period: period, grace: ISODuration(days: 14)).isEmpty)
    }

    @Test func typeOneNeedsAnImplementedControlWithValidEvidence() throws {
        var s = Scenario(allEvidenced: false)
        s.controls = [:]
        s.addEvidence("A", collected: Day("2026-11-01")!)
        let report = try s.report(frameworks: ["soc2"], extraControls: [
            Self.control("A", "annual", maps: ["CC1.1"]), Self.control("B", "annual", maps: ["CC1.2"]),
            Self.control("P", "annual", maps: ["CC1.3"], status: "planned"),
        ])
        let soc2 = try #require(report.soc2)
        #expect(soc2.criteria.first { $0.requirement.id == "CC1.1" }?.isReady == true)
        #expect(soc2.criteria.first { $0.requirement.id == "CC1.2" }?.gaps.first?.reason.contains("no evidence") == true)
        #expect(soc2.criteria.first { $0.requirement.id == "CC1.3" }?.gaps.first?.reason == "P is planned, not implemented")
        // Only security is in scope by default: the 33 common criteria.
        #expect(soc2.criteria.count == 33)
    }

    /// soc2-rules.md §2, the rule of a CMMC requirement's MET, for Type 1 and Type 2 alike. By hand:
    /// CC6.1 is mapped by A (implemented, evidence collected 2026-11-01, annual: valid to
    /// 2027-11-15 with the 14-day grace) and by P (planned). Under "any one implemented control"
    /// CC6.1 was ready; under §2 P makes it not ready, with one gap naming P. Over the Type 2
    /// period 2026-01-01..2026-12-31 the same: P's gap spans the whole period.
    @Test func aPlannedControlMakesTheCriterionNotReadyInBothTypes() throws {
        var s = Scenario(allEvidenced: false)
        s.controls = [:]
        s.addEvidence("A", collected: Day("2026-11-01")!)
        let controls = [Self.control("A", "annual", maps: ["CC6.1"]), Self.control("P", "annual", maps: ["CC6.1"], status: "planned")]
        let t1 = try #require(try s.report(frameworks: ["soc2"], extraControls: controls).soc2)
        let cc61 = try #require(t1.criteria.first { $0.requirement.id == "CC6.1" })
        #expect(cc61.status == .notReady)
        #expect(cc61.gaps.map(\.control) == ["P"])
        let t2 = SOC2Readiness.type2(catalog: Catalogs.soc2, categories: ["security"], controls: controls,
                                     index: EvidenceIndex(s.evidence), period: .init(from: Day("2026-01-01")!, to: Day("2026-12-31")!),
                                     grace: ISODuration(days: 14))
        let t2cc61 = try #require(t2.criteria.first { $0.requirement.id == "CC6.1" })
        #expect(t2cc61.status == .notReady)
        #expect(t2cc61.gaps.contains { $0.control == "P" && $0.from == Day("2026-01-01") && $0.to == Day("2026-12-31") })
    }

    /// soc2-rules.md §2: every mapped control not applicable with a justification makes the
    /// criterion N/A, listed with the justification and counted apart. By hand: CC6.4 (physical
    /// access) is mapped only by PHYS, not applicable ("hosted at a SOC 2 audited provider");
    /// CC1.1 is mapped by A with valid evidence; the other 31 common criteria have no control.
    /// So ready = 1, not_applicable = 1, applicable = 33 - 1 = 32, status not_ready (31 unmapped).
    @Test func criteriaWhoseControlsAllDoNotApplyAreNotApplicable() throws {
        var s = Scenario(allEvidenced: false)
        s.controls = [:]
        s.addEvidence("A", collected: Day("2026-11-01")!)
        var phys = Self.control("PHYS", "annual", maps: ["CC6.4"], status: "not_applicable")
        phys.justification = "hosted at a SOC 2 audited provider"
        let report = try s.report(frameworks: ["soc2"], extraControls: [Self.control("A", "annual", maps: ["CC1.1"]), phys])
        let soc2 = try #require(report.soc2)
        let cc64 = try #require(soc2.criteria.first { $0.requirement.id == "CC6.4" })
        #expect(cc64.status == .notApplicable)
        #expect(cc64.gaps.isEmpty)
        #expect(cc64.justifications == ["PHYS: hosted at a SOC 2 audited provider"])
        #expect(soc2.ready == 1)
        #expect(soc2.notApplicable == 1)
        #expect(soc2.applicable == 32)
        #expect(soc2.status == "not_ready")
        let json = try #require(report.jsonValue["frameworks"]?.listValue?.first { $0["id"]?.stringValue == "soc2" })
        #expect(json["not_applicable"]?.intValue == 1)
        #expect(json["criteria"]?.listValue?.first { $0["id"]?.stringValue == "CC6.4" }?["status"]?.stringValue == "not_applicable")
    }
}

@Suite struct ReadinessProperties {
    struct LCG: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
    }

    /// A random ledger: random statuses, attributes, evidence and POA&M items.
    static func randomScenario(seed: UInt64) -> Scenario {
        var rng = LCG(state: seed)
        var s = Scenario(allEvidenced: false)
        let statuses = ["implemented", "implemented", "implemented", "planned", "partially_implemented", "not_applicable"]
        for r in Scenario.nist.requirements {
            let status = statuses[Int(rng.next() % UInt64(statuses.count))]
            s.set(r.id, status: status, justification: status == "not_applicable" ? "n/a" : nil)
            if rng.next() % 3 != 0 { s.addEvidence(Scenario.controlID(r.id), collected: Day("2026-01-01")!.adding(days: Int(rng.next() % 330))) }
            if rng.next() % 4 == 0 { s.poam(r.id) }
        }
        s.attribute("3.5.3", "mfa_scope", ["all", "remote_and_privileged", "none"][Int(rng.next() % 3)])
        s.attribute("3.13.11", "encryption", ["fips_validated", "not_fips_validated", "none"][Int(rng.next() % 3)])
        return s
    }

    @Test(arguments: Array(UInt64(1)...UInt64(40)))
    func scoreStaysInRangeAndValidEvidenceNeverLowersIt(seed: UInt64) throws {
        var s = Self.randomScenario(seed: seed)
        let before = try s.level2()
        if let score = before.score { #expect((CMMCRules.minScore...CMMCRules.maxScore).contains(score)) }
        // Add evidence valid on the as-of day for a few controls.
        var rng = LCG(state: seed &* 31)
        for _ in 0..<10 {
            let r = Scenario.nist.requirements[Int(rng.next() % UInt64(Scenario.nist.requirements.count))]
            s.addEvidence(Scenario.controlID(r.id), collected: Day("2026-11-20")!)
        }
        let after = try s.level2()
        if let a = before.score, let b = after.score { #expect(b >= a, "seed \(seed): \(a) -> \(b)") }
        if before.score != nil { #expect(after.score != nil) }
    }
}
