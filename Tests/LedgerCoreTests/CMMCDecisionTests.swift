import LedgerCore
import Testing

// cmmc-rules.md §12.3-§12.6, worked by hand. Every scenario starts from `Scenario`: one control
// per requirement (`N-3-5-3` serves 3.5.3), implemented, annual, with evidence collected on
// 2026-06-01, so valid on the as-of day 2026-11-29 (2026-06-01 + 1 year + 14 days grace =
// 2027-06-15). Point values from nist-800-171r2.csv: 3.5.3 and 3.13.11 are 5 (partial 3),
// 3.12.2 is 3, 3.1.3, 3.1.8 and 3.13.16 are 1, 3.12.4 has none.

extension Scenario {
    /// A second control mapping `requirement`, optionally with one scoring attribute and evidence
    /// collected on 2026-06-01.
    mutating func extraControl(_ id: String, _ requirement: String, status: String = "implemented", attribute: (String, String)? = nil,
                               evidenced: Bool = true) {
        controls[id] = ControlRecord(id: id, title: "Extra for \(requirement)", owner: "o@example.test", status: status,
                                     frequency: "annual", maps: [(Catalogs.nistID, [requirement])], attributes: attribute.map { [$0] } ?? [])
        if evidenced { addEvidence(id, collected: Day("2026-06-01")!) }
    }

    /// Every scoring attribute recorded as full implementation, so scenarios start without warnings.
    mutating func recordFullAttributes() {
        attribute("3.5.3", "mfa_scope", "all")
        attribute("3.13.11", "encryption", "fips_validated")
    }
}

@Suite struct PartialCreditTests {
    @Test func partiallyImplementedMFAForRemoteAndPrivilegedIsThree() throws {
        // One control, partially_implemented, mfa_scope remote_and_privileged, evidence valid on
        // 2026-11-29: evidenced (§12.5), NOT MET (not implemented), and an evidenced control records
        // remote_and_privileged, so 3, not 5. POA&M on 3.5.3 keeps 3.12.2 MET: 110 - 3 = 107.
        var s = Scenario()
        s.recordFullAttributes()
        s.set("3.5.3", status: "partially_implemented")
        s.attribute("3.5.3", "mfa_scope", "remote_and_privileged")
        s.poam("3.5.3")
        let r = try s.level2()
        #expect(requirement(r, "3.5.3").base.status == .notMet)
        #expect(requirement(r, "3.5.3").deduction == 3)
        #expect(r.score == 107)
        #expect(!requirement(r, "3.5.3").poamEligible)
        #expect(r.status == "no_status")
    }

    @Test func allOnAnEvidencedControlPlusAnUnevidencedOneIsThree() throws {
        // N-3-5-3 records all with evidence; MFA-VPN is implemented but has no evidence: NOT MET
        // (every mapped control needs valid evidence), and the evidenced one records all: 3.
        // 110 - 3 = 107 (3.5.3 has a POA&M item, so 3.12.2 stays MET).
        var s = Scenario()
        s.recordFullAttributes()
        s.extraControl("MFA-VPN", "3.5.3", attribute: ("mfa_scope", "all"), evidenced: false)
        s.poam("3.5.3")
        let r = try s.level2()
        #expect(requirement(r, "3.5.3").base.status == .notMet)
        #expect(requirement(r, "3.5.3").deduction == 3)
        #expect(r.score == 107)
    }

    @Test func noEvidencedControlRecordingMFAIsFive() throws {
        // Both controls record all, but neither is evidenced (one planned, one without evidence):
        // nothing shows MFA for anyone, 5. 110 - 5 = 105.
        var s = Scenario()
        s.recordFullAttributes()
        s.set("3.5.3", status: "planned")
        s.extraControl("MFA-VPN", "3.5.3", attribute: ("mfa_scope", "all"), evidenced: false)
        s.poam("3.5.3")
        let r = try s.level2()
        #expect(requirement(r, "3.5.3").deduction == 5)
        #expect(r.score == 105)
    }

    @Test func theUnionOfMFAScopesDecidesMET() throws {
        // remote_and_privileged on N-3-5-3 and all on MFA-ALL, both implemented and evidenced: the
        // union is all, so 3.5.3 is MET: 110, final.
        var s = Scenario()
        s.recordFullAttributes()
        s.attribute("3.5.3", "mfa_scope", "remote_and_privileged")
        s.extraControl("MFA-ALL", "3.5.3", attribute: ("mfa_scope", "all"))
        let r = try s.level2()
        #expect(requirement(r, "3.5.3").base.status == .met)
        #expect(r.score == 110)
        #expect(r.status == "final")

        // Both remote_and_privileged: the union is remote_and_privileged, NOT MET, 3.
        // With a POA&M item: 110 - 3 = 107.
        var t = Scenario()
        t.recordFullAttributes()
        t.attribute("3.5.3", "mfa_scope", "remote_and_privileged")
        t.extraControl("MFA-ADMIN", "3.5.3", attribute: ("mfa_scope", "remote_and_privileged"))
        t.poam("3.5.3")
        let u = try t.level2()
        #expect(requirement(u, "3.5.3").base.status == .notMet)
        #expect(requirement(u, "3.5.3").deduction == 3)
        #expect(u.score == 107)
        #expect(requirement(u, "3.5.3").base.reasons.contains { $0.contains("remote_and_privileged") && $0.contains("§12.5") })
    }

    @Test func fipsNeedsEveryControlValidated() throws {
        // N-3-13-11 fips_validated and CRY-LEGACY not_fips_validated, both evidenced: NOT MET (the
        // weakest control decides), encryption is shown, so 3 and POA&M-eligible. With its POA&M
        // item the only NOT MET requirement is eligible and planned: 110 - 3 = 107 >= 88, conditional.
        var s = Scenario()
        s.recordFullAttributes()
        s.extraControl("CRY-LEGACY", "3.13.11", attribute: ("encryption", "not_fips_validated"))
        s.poam("3.13.11")
        let r = try s.level2()
        #expect(requirement(r, "3.13.11").base.status == .notMet)
        #expect(requirement(r, "3.13.11").deduction == 3)
        #expect(requirement(r, "3.13.11").poamEligible)
        #expect(r.score == 107)
        #expect(r.status == "conditional")
    }

    @Test func partiallyImplementedNonValidatedEncryptionIsThree() throws {
        // partially_implemented with evidence and not_fips_validated: evidenced, encryption shown: 3.
        // 110 - 3 = 107, eligible, planned: conditional.
        var s = Scenario()
        s.recordFullAttributes()
        s.set("3.13.11", status: "partially_implemented")
        s.attribute("3.13.11", "encryption", "not_fips_validated")
        s.poam("3.13.11")
        let r = try s.level2()
        #expect(requirement(r, "3.13.11").deduction == 3)
        #expect(r.score == 107)
        #expect(r.status == "conditional")
    }

    @Test func unevidencedNonValidatedEncryptionIsFiveAndNotEligible() throws {
        // not_fips_validated on a planned control: not evidenced, so no encryption is shown: 5,
        // never on a POA&M (32 CFR 170.21(a)(2)(ii)). 110 - 5 = 105, no status.
        var s = Scenario()
        s.recordFullAttributes()
        s.set("3.13.11", status: "planned")
        s.attribute("3.13.11", "encryption", "not_fips_validated")
        s.poam("3.13.11")
        let r = try s.level2()
        #expect(requirement(r, "3.13.11").deduction == 5)
        #expect(!requirement(r, "3.13.11").poamEligible)
        #expect(r.score == 105)
        #expect(r.status == "no_status")
    }

    @Test func aMissingAttributeIsReadAsFullWithAWarning() throws {
        // The plain Scenario records neither mfa_scope nor encryption: both read as full
        // implementation (110, final), and readiness says so for each control.
        let r = try Scenario().level2()
        #expect(r.score == 110)
        #expect(r.status == "final")
        #expect(r.warnings.contains { $0.contains("record mfa_scope on N-3-5-3") })
        #expect(r.warnings.contains { $0.contains("record encryption on N-3-13-11") })

        // One control records all, a second (evidenced) records nothing: MET, and the warning names
        // only the second.
        var s = Scenario()
        s.recordFullAttributes()
        s.extraControl("MFA-OTHER", "3.5.3")
        let t = try s.level2()
        #expect(t.score == 110)
        #expect(t.warnings.filter { $0.contains("record mfa_scope on") }.count == 1)
        #expect(t.warnings.contains { $0.contains("record mfa_scope on MFA-OTHER") })
        #expect(!t.warnings.contains { $0.contains("record encryption on") })
    }

    @Test func aMissingAttributeCountsAsShownForTheDeduction() throws {
        // partially_implemented with evidence and no encryption attribute: read as fips_validated
        // (with a warning), so encryption is shown and the deduction is 3. 110 - 3 = 107.
        var s = Scenario()
        s.attribute("3.5.3", "mfa_scope", "all")
        s.set("3.13.11", status: "partially_implemented")
        s.poam("3.13.11")
        let r = try s.level2()
        #expect(requirement(r, "3.13.11").deduction == 3)
        #expect(r.score == 107)
        #expect(r.warnings.contains { $0.contains("record encryption on N-3-13-11") })
    }

    @Test func poamEligibilityAndReadinessAgree() throws {
        // The function poam add calls gives what readiness gives, for 3.13.11 at 5 and at 3.
        var five = Scenario()
        five.recordFullAttributes()
        five.set("3.13.11", status: "planned")
        five.attribute("3.13.11", "encryption", "not_fips_validated")
        let fips = try #require(Catalogs.nist800171r2.requirement("3.13.11"))
        let day = Scenario.asOf
        func evaluator(_ s: Scenario) -> RequirementEvaluator {
            RequirementEvaluator(controls: Array(s.controls.values), evidence: s.evidence, policy: s.config.policy, day: day)
        }
        let atFive = CMMCReadiness.assess(fips, evaluator: evaluator(five))
        #expect(atFive.deduction == 5 && !atFive.poamEligible)
        #expect(requirement(try five.level2(), "3.13.11").poamEligible == atFive.poamEligible)

        var three = five
        three.set("3.13.11", status: "implemented")
        let atThree = CMMCReadiness.assess(fips, evaluator: evaluator(three))
        #expect(atThree.deduction == 3 && atThree.poamEligible)
        #expect(requirement(try three.level2(), "3.13.11").poamEligible == atThree.poamEligible)
    }
}

@Suite struct FinalNeedsClosedPoamTests {
    @Test func everyRequirementMetWithAnOpenItemIsConditional() throws {
        // 110 MET, POAM-2026-001 on 3.1.8 still open: score 110, but the result is conditional with
        // one reason for the item (cmmc-rules.md §12.3).
        var s = Scenario()
        s.recordFullAttributes()
        s.poam("3.1.8")
        let r = try s.level2()
        #expect(r.score == 110)
        #expect(r.status == "conditional")
        #expect(r.statusReasons == ["POAM-2026-001 is open although 3.1.8 is MET: close it (evident poam close POAM-2026-001; cmmc-rules.md §12.3, 32 CFR 170.16(a)(1)(iii))"])
    }

    @Test func oneReasonPerOpenItemAndClosedItemsDoNotCount() throws {
        // Items: POAM-2026-001 on 3.1.8 (open), POAM-2026-002 on 3.13.16 (open), POAM-2026-003 on
        // 3.1.3 (closed 2026-11-01): two reasons, in id order; conditional.
        var s = Scenario()
        s.recordFullAttributes()
        s.poam("3.1.8")
        s.poam("3.13.16")
        s.poam("3.1.3", closed: Day("2026-11-01")!)
        let r = try s.level2()
        #expect(r.status == "conditional")
        #expect(r.statusReasons.count == 2)
        #expect(r.statusReasons[0].hasPrefix("POAM-2026-001 is open although 3.1.8 is MET"))
        #expect(r.statusReasons[1].hasPrefix("POAM-2026-002 is open although 3.13.16 is MET"))

        // Closing every item gives final.
        var t = Scenario()
        t.recordFullAttributes()
        t.poam("3.1.8", closed: Day("2026-11-01")!)
        #expect(try t.level2().status == "final")
    }

    @Test func theCloseoutClockRunsForThisConditionalToo() throws {
        // Status date 2026-06-01 + 180 days = 2026-11-28; judged on 2026-11-15: 13 days left.
        var s = Scenario()
        s.recordFullAttributes()
        s.poam("3.1.8")
        let r = try s.level2(statusDate: Day("2026-06-01"), asOf: Day("2026-11-15")!)
        #expect(r.status == "conditional")
        #expect(r.closeoutDeadline == Day("2026-11-28"))
        #expect(r.warnings.contains { $0.contains("13 days left") })
    }

    @Test func anItemOnANotApplicableRequirementSaysNA() throws {
        // 3.1.16 N/A (no wireless) with an open item: conditional, reason says N/A.
        var s = Scenario()
        s.recordFullAttributes()
        s.set("3.1.16", status: "not_applicable", justification: "no wireless")
        s.poam("3.1.16")
        let r = try s.level2()
        #expect(r.status == "conditional")
        #expect(r.statusReasons.first?.hasPrefix("POAM-2026-001 is open although 3.1.16 is N/A") == true)
    }

    @Test func aLevelThreeItemDoesNotHoldBackLevelTwo() throws {
        // An open item on a Level 3 requirement belongs to the Level 3 assessment (§12.9): Level 2 stays final.
        var s = Scenario()
        s.recordFullAttributes()
        s.poams.append(PoamRecord(id: "POAM-2026-001", requirement: "\(Catalogs.cmmcL3ID):3.1.2e", weakness: "w", opened: Day("2026-10-01")!,
                                  scheduledCompletion: Day("2027-01-31")!))
        #expect(try s.level2().status == "final")
    }
}

@Suite struct SSPNeverNotApplicableTests {
    @Test func aNotApplicableSSPControlScoresNotMetSoTheResultIsIncomplete() throws {
        // N-3-12-4 not_applicable: 3.12.4 is NOT MET (cmmc-rules.md §12.4), so no score, incomplete.
        var s = Scenario()
        s.recordFullAttributes()
        s.set("3.12.4", status: "not_applicable", justification: "we have no SSP")
        let r = try s.level2()
        #expect(requirement(r, "3.12.4").base.status == .notMet)
        #expect(requirement(r, "3.12.4").base.reasons.contains { $0.contains("N-3-12-4") && $0.contains("§12.4") })
        #expect(r.score == nil)
        #expect(r.status == "incomplete")
    }

    @Test func oneNotApplicableControlBesideAnImplementedOneStillFails() throws {
        // N-3-12-4 implemented with evidence, SSP-OLD not_applicable: 3.12.4 NOT MET, incomplete.
        var s = Scenario()
        s.recordFullAttributes()
        s.extraControl("SSP-OLD", "3.12.4", status: "not_applicable", evidenced: false)
        s.controls["SSP-OLD"]?.justification = "replaced"
        let r = try s.level2()
        #expect(requirement(r, "3.12.4").base.status == .notMet)
        #expect(r.status == "incomplete")
    }

    @Test func theRecordRuleNamesTheFieldAndTheFix() throws {
        let bad = ControlRecord(id: "GOV-SSP", title: "SSP", owner: "o@example.test", status: "not_applicable", justification: "none",
                                frequency: "annual", maps: [(Catalogs.nistID, ["3.12.4"])])
        let issue = try #require(CMMCRules.sspIssue(bad))
        #expect(issue.file == "controls/GOV-SSP.yaml" && issue.field == "status")
        #expect(issue.problem.contains("3.12.4") && issue.problem.contains("§12.4"))
        var good = bad
        good.status = "planned"
        #expect(CMMCRules.sspIssue(good) == nil)
        var unmapped = bad
        unmapped.maps = [(Catalogs.nistID, ["3.1.16"])]
        #expect(CMMCRules.sspIssue(unmapped) == nil)
    }
}

@Suite struct PlanOfActionReasonTests {
    @Test func theReasonFor3_12_2NamesTheUnplannedRequirements() throws {
        // 3.1.3 and 3.13.16 planned, no POA&M: both NOT MET (1 + 1), 3.12.2 NOT MET too (3):
        // 110 - 5 = 105. The status reason about 3.12.2 names 3.1.3 and 3.13.16.
        var s = Scenario()
        s.recordFullAttributes()
        s.set("3.1.3", status: "planned")
        s.set("3.13.16", status: "planned")
        let r = try s.level2()
        #expect(r.score == 105)
        let reason = try #require(r.statusReasons.first { $0.contains("CA.L2-3.12.2") })
        #expect(reason.contains("3.1.3, 3.13.16") && reason.contains("§5(g)(iii)"), "\(reason)")
    }

    @Test func alreadyFailed3_12_2StillNamesThem() throws {
        // 3.12.2's own control planned (3) and 3.1.3 unplanned (1): 110 - 4 = 106; the 3.12.2
        // reasons still name 3.1.3 under §5(g)(iii).
        var s = Scenario()
        s.recordFullAttributes()
        s.set("3.12.2", status: "planned")
        s.set("3.1.3", status: "planned")
        let r = try s.level2()
        #expect(r.score == 106)
        #expect(requirement(r, "3.12.2").base.reasons.contains { $0.contains("(3.1.3)") && $0.contains("§5(g)(iii)") })
        #expect(r.statusReasons.contains { $0.contains("CA.L2-3.12.2") && $0.contains("3.1.3") })
    }
}

/// cmmc-rules.md §12.10: the SPRS Plan of Action completion date.
@Suite struct PlanOfActionCompletionTests {
    /// By hand, as of 2026-11-29: three Level 2 items, opened 2026-10-01.
    /// - 3.1.9 open, scheduled 2027-01-31;
    /// - 3.1.10 open, scheduled 2027-03-15;
    /// - 3.1.11 closed 2026-11-01, scheduled 2027-06-30 (closed: not counted).
    /// The latest scheduled completion of the open ones is 2027-03-15. With none open: null.
    @Test func theLatestScheduledCompletionOfTheOpenItems() throws {
        var s = Scenario()
        s.poam("3.1.9")
        s.poams.append(PoamRecord(id: "POAM-2026-002", requirement: "\(Catalogs.nistID):3.1.10", weakness: "w", opened: Day("2026-10-01")!,
                                  scheduledCompletion: Day("2027-03-15")!, status: "open", closed: nil))
        s.poams.append(PoamRecord(id: "POAM-2026-003", requirement: "\(Catalogs.nistID):3.1.11", weakness: "w", opened: Day("2026-10-01")!,
                                  scheduledCompletion: Day("2027-06-30")!, status: "closed", closed: Day("2026-11-01")!))
        let report = try s.report()
        #expect(report.cmmcL2?.planOfActionCompletion == Day("2027-03-15"))
        let l2 = try #require(report.jsonValue["frameworks"]?.listValue?.first { $0["id"]?.stringValue == "cmmc-l2" })
        #expect(l2["plan_of_action_completion"]?.stringValue == "2027-03-15")
        var none = Scenario()
        none.poam("3.1.9", closed: Day("2026-11-01")!)
        #expect(try none.level2().planOfActionCompletion == nil)
    }
}

/// cmmc-rules.md §12.9: the Level 3 note cites both rules it rests on.
@Suite struct LevelThreeNoteTests {
    @Test func theNoteCitesFinalLevelTwoAndTheMaximumScore() throws {
        var s = Scenario()
        s.config.frameworks.append(FrameworkScope(id: "cmmc-l3"))
        let note = try #require(try s.report(frameworks: []).notes.first { $0.hasPrefix("cmmc-l3 is in scope") })
        #expect(note.contains("170.18(a)") && note.contains("170.24(c)(3)"), "\(note)")
    }
}
