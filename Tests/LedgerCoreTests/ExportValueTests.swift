import LedgerCore
import Testing

/// The values the SSP, POA&M and SPRS exports are made of, from `Scenario` (one control per
/// NIST SP 800-171 requirement, implemented, annual, evidence collected 2026-06-01; as of 2026-11-29).
@Suite struct ExportValueTests {
    static func input(_ s: Scenario) -> ReadinessInput {
        ReadinessInput(config: s.config, catalogs: .builtIn, controls: Array(s.controls.values).sorted { $0.id < $1.id }, evidence: s.evidence,
                       poams: s.poams, affirmations: [], exceptions: s.exceptions)
    }

    @Test func theSSPGroupsRequirementsByFamilyWithEvidenceValidForTheirControls() throws {
        var s = Scenario()
        s.set("3.1.16", status: "not_applicable", justification: "No wireless")
        s.set("3.1.9", status: "planned")
        let report = try s.report(frameworks: [])
        let plan = SystemSecurityPlan.build(Self.input(s), report: report, commit: "abc", snapshot: nil)
        // Parts in the order of ledger.yaml's frameworks: Level 2, Level 1, then SOC 2 last.
        #expect(plan.parts.map(\.framework) == ["cmmc-l2", "cmmc-l1", "soc2"])
        let l2 = plan.parts[0]
        // NIST SP 800-171 r2 has 14 families and 110 requirements; AC (3.1.x) has 22.
        #expect(l2.families.count == 14 && l2.families.flatMap(\.entries).count == 110)
        #expect(l2.families[0].code == "AC" && l2.families[0].name == "Access Control" && l2.families[0].entries.count == 22)
        let e = try #require(l2.families[0].entries.first { $0.requirement.id == "3.1.1" })
        // Annual control, no valid_until: 2026-06-01 + P1Y + P14D grace = 2027-06-15.
        #expect(e.status == "met" && e.controls.map(\.control.id) == ["N-3-1-1"])
        #expect(e.controls[0].evidence.map(\.validUntil) == [Day("2027-06-15")])
        let na = try #require(l2.families[0].entries.first { $0.requirement.id == "3.1.16" })
        #expect(na.status == "not_applicable" && na.justifications.map(\.justification) == ["No wireless"])
        let planned = try #require(l2.families[0].entries.first { $0.requirement.id == "3.1.9" })
        #expect(planned.status == "not_met" && planned.deduction == 1 && planned.controls[0].problem == "N-3-1-9 is planned, not implemented")
        // Level 1: 15 requirements, each served by the controls of its 800-171 counterparts.
        let l1 = plan.parts[1].families.flatMap(\.entries)
        #expect(l1.count == 15 && l1.allSatisfy { !$0.counterparts.isEmpty && !$0.controls.isEmpty })
        #expect(plan.missing.count == SystemSection.Field.allCases.count)
    }

    @Test func poamPointsAreTheDeductionWhenNotMetElseTheCatalogValue() throws {
        var s = Scenario()
        // Encryption shown but not FIPS-validated: 3.13.11 NOT MET at 3 points (cmmc-rules.md §12.5).
        s.attribute("3.13.11", "encryption", "not_fips_validated")
        s.poam("3.13.11")
        s.poam("3.1.1", closed: Day("2026-10-15"))
        let report = try s.report()
        let export = PoamExport.build(Self.input(s), report: report, commit: "abc", snapshot: nil)
        #expect(export.items.map(\.requirementID) == ["3.13.11", "3.1.1"])
        #expect(export.items.map(\.points) == [3, 5])
        #expect(export.items.map { $0.requirement?.cmmcID } == ["SC.L2-3.13.11", "AC.L2-3.1.1"])
        // The open item's scheduled completion (Scenario: 2027-01-31); the closed one does not count.
        #expect(export.planOfActionCompletion == Day("2027-01-31"))
    }

    static let held = HeldStatus(level: 2, assessment: "self", status: .conditional, since: Day("2026-06-01"), closeoutDue: Day("2026-11-28"))
    static let system = SystemSection(name: "Enclave", scope: "enclave", cageCodes: ["7NW42"], sspVersion: "2.1", sspDate: Day("2026-05-15"))

    @Test func sprsTakesTheRecordedResultAndTheStatusHeldsDate() throws {
        let e = try #require(SPRSEntry.make(snapshot: "s", kind: "cmmc-l2-self", asOf: Day("2026-06-02")!, recordedScore: 106, recordedStatus: "conditional",
                                            held: Self.held, system: Self.system, fromHead: [], planOfActionCompletion: Day("2026-10-30")))
        #expect(e.level == 2 && e.assessment == "self" && e.score == 106 && e.maxScore == 110)
        // The assessment date is the snapshot's as_of; the status date is the status held's.
        #expect(e.assessmentDate == Day("2026-06-02") && e.statusDate == Day("2026-06-01"))
        #expect(e.sspName == "Enclave" && e.missing.isEmpty)
        // An expired status holds nothing: no status date.
        let expired = HeldStatus(level: 2, assessment: "self", status: .expired, since: Day("2026-11-29"))
        #expect(SPRSEntry.make(snapshot: "s", kind: "cmmc-l2-self", asOf: Day("2026-12-01")!, recordedScore: 80, recordedStatus: "no_status",
                               held: expired, system: Self.system, fromHead: [], planOfActionCompletion: nil)?.statusDate == nil)
        // Level 1 carries no score, assessment date, SSP or plan of action; it needs scope and CAGE codes only.
        let l1Held = HeldStatus(level: 1, assessment: "self", status: .final, since: Day("2026-06-01"))
        let l1 = try #require(SPRSEntry.make(snapshot: "l1", kind: "cmmc-l1-self", asOf: Day("2026-06-01")!, recordedScore: nil, recordedStatus: "final",
                                             held: l1Held, system: SystemSection(cageCodes: ["7NW42"]), fromHead: [], planOfActionCompletion: Day("2026-10-30")))
        #expect(l1.score == nil && l1.maxScore == nil && l1.assessmentDate == nil && l1.sspName == nil && l1.planOfActionCompletion == nil)
        #expect(l1.missing == [.scope])
        // Only Level 1 and Level 2 assessments have an SPRS entry here.
        for kind in ["cmmc-l3-dibcac", "soc2-type1", "internal"] {
            #expect(SPRSEntry.make(snapshot: "x", kind: kind, asOf: Day("2026-06-01")!, recordedScore: nil, recordedStatus: nil, held: l1Held,
                                   system: Self.system, fromHead: [], planOfActionCompletion: nil) == nil)
        }
    }

    @Test func sprsReadsAFieldFromHEADOnlyWhenTheSnapshotLacksIt() {
        let atSnapshot = SystemSection(scope: "enclave", sspVersion: "1.0")
        let atHead = SystemSection(name: "Enclave", scope: "enterprise", cageCodes: ["7NW42"], sspVersion: "2.0")
        let (s, fromHead) = SPRSEntry.system(atSnapshot: atSnapshot, atHead: atHead, level: 2)
        // What was set at the assessment wins (scope, ssp.version); name and cage_codes come from HEAD; ssp.date is nowhere.
        #expect(s.scope == "enclave" && s.sspVersion == "1.0" && s.name == "Enclave" && s.cageCodes == ["7NW42"] && s.sspDate == nil)
        #expect(fromHead == [.name, .cageCodes])
        #expect(SPRSEntry.system(atSnapshot: atSnapshot, atHead: nil, level: 2).fromHead.isEmpty)
    }
}
