import LedgerCore
import Testing

/// `ReadinessDiff` on hand-built inputs (the `Scenario` of ReadinessTests.swift: one annual
/// control per NIST SP 800-171 requirement, `N-3-5-3` serves 3.5.3, each with evidence collected
/// 2026-06-01 and so valid until 2026-06-01 + P1Y + P14D grace = 2027-06-15).
@Suite struct ReadinessDiffTests {
    static func input(_ s: Scenario) -> ReadinessInput {
        ReadinessInput(config: s.config, catalogs: .builtIn, controls: Array(s.controls.values).sorted { $0.id < $1.id }, evidence: s.evidence,
                       poams: s.poams, affirmations: [])
    }

    static func side(_ s: Scenario, _ name: String, asOf: Day = Scenario.asOf, frameworks: [String] = ["cmmc-l2"]) throws -> DiffSide {
        let input = input(s)
        let report = try ReadinessReport.evaluate(input, ReadinessRequest(frameworks: frameworks, asOf: asOf), revision: name)
        return DiffSide(spec: name, revision: name, asOf: asOf, report: report, input: input)
    }

    /// A: everything MET, 110 final. B: N-3-5-3 set back to planned (and its owner changed, an
    /// mfa_scope attribute added), 3.5.3 on a POA&M item. 3.5.3 is worth 5: 110 - 5 = 105; the
    /// POA&M keeps 3.12.2 MET (Methodology §5(g)(iii)); a 5-point requirement is never
    /// POA&M-eligible (170.21(a)(2)(ii)), so no_status. Exactly one requirement changed.
    @Test func aRequirementGoingFromMetToNotMetWithBothReasons() throws {
        let a = Scenario()
        var b = a
        b.set("3.5.3", status: "planned")
        b.controls["N-3-5-3"]!.owner = "new@example.test"
        b.attribute("3.5.3", "mfa_scope", "all")
        b.poam("3.5.3")
        let mfaEvidence = try #require(a.evidence.first { $0.controls == ["N-3-5-3"] })
        let changes = RecordChanges(controls: [.init(before: a.controls["N-3-5-3"], after: b.controls["N-3-5-3"])],
                                    poams: [.init(before: nil, after: b.poams[0])])
        let diff = ReadinessDiff(from: try Self.side(a, "A"), to: try Self.side(b, "B"), changes: changes)

        let f = try #require(diff.frameworks.first)
        #expect(diff.frameworks.map(\.id) == ["cmmc-l2"])
        #expect(f.from.score == 110 && f.from.status == "final")
        #expect(f.to.score == 105 && f.to.status == "no_status")
        #expect(f.headline == "CMMC Level 2: 110 final -> 105 no_status (-5)")
        #expect(f.changed.map(\.id) == ["3.5.3"])
        let c = f.changed[0]
        #expect(c.from == "met" && c.to == "not_met" && c.regressed)
        #expect(c.fromReasons == ["N-3-5-3 is implemented; evidence \(mfaEvidence.id) is valid until 2027-06-15",
                                  "N-3-5-3 records no mfa_scope; read as all (cmmc-rules.md §12.5)"])
        // Planned is not evidenced, so no MFA is shown: 5 points (cmmc-rules.md §12.5).
        let five = "MFA is not shown for any users, 5 points: no control mapped to it is implemented or partially implemented, "
            + "with evidence valid on 2026-11-29, and records mfa_scope all or remote_and_privileged (N-3-5-3 mfa_scope: all) "
            + "(32 CFR 170.24(c)(2)(i)(B)(4); cmmc-rules.md §12.5)"
        #expect(c.toReasons == ["N-3-5-3 is planned, not implemented", five])
        #expect(f.worse && diff.isWorse)

        // The control changed field by field: owner, status, attributes; maps did not.
        let m = try #require(diff.controlsModified.first)
        #expect(diff.controlsModified.count == 1 && m.id == "N-3-5-3")
        #expect(m.changes.map(\.field) == ["owner", "status", "attributes"])
        #expect(m.changes[1].from == .string("implemented") && m.changes[1].to == .string("planned"))
        #expect(m.changes[2].from == .map([]) && m.changes[2].to == .map([("mfa_scope", .string("all"))]))
        #expect(diff.poamOpened.map(\.id) == ["POAM-2026-001"] && diff.poamClosed.isEmpty)
        #expect(diff.evidenceAdded.isEmpty && diff.evidenceExpired.isEmpty)

        // The JSON contract.
        let json = diff.jsonValue
        #expect(json["from"]?["revision"] == .string("A") && json["to"]?["as_of"] == .string("2026-11-29"))
        let fw = try #require(json["frameworks"]?.listValue?.first)
        #expect(fw["from"]?["score"] == .int(110) && fw["to"]?["score"] == .int(105) && fw["to"]?["status"] == .string("no_status"))
        let changed = try #require(fw["changed"]?.listValue?.first)
        #expect(changed["id"] == .string("3.5.3") && changed["from"] == .string("met") && changed["to"] == .string("not_met"))
        #expect(changed["reasons"]?["to"] == .strings(["N-3-5-3 is planned, not implemented", five]))
        for key in ["added", "removed", "modified", "expired"] { #expect(json["evidence"]?[key]?.listValue != nil) }
        for key in ["added", "removed", "modified"] { #expect(json["controls"]?[key]?.listValue != nil) }
        #expect(json["poam"]?["opened"]?.listValue?.count == 1 && json["poam"]?["closed"]?.listValue?.isEmpty == true)

        // The other way round readiness got better: +5, and not worse.
        let back = ReadinessDiff(from: try Self.side(b, "B"), to: try Self.side(a, "A"), changes: RecordChanges())
        #expect(back.frameworks[0].headline == "CMMC Level 2: 105 no_status -> 110 final (+5)")
        #expect(!back.isWorse)
        #expect(back.frameworks[0].changed.map(\.regressed) == [false])
    }

    /// Evidence valid until 2026-12-15 for N-3-1-1, in both trees: valid at A (2026-11-29), expired
    /// at B (2027-01-10). N-3-1-1's other evidence lasts until 2027-06-15, so nothing changes status.
    @Test func evidenceThatExpiredBetweenTheTwoDays() throws {
        var s = Scenario()
        s.addEvidence("N-3-1-1", collected: Day("2026-11-01")!, validUntil: Day("2026-12-15")!)
        let short = s.evidence.last!
        let diff = ReadinessDiff(from: try Self.side(s, "A"), to: try Self.side(s, "B", asOf: Day("2027-01-10")!), changes: RecordChanges())
        #expect(diff.evidenceExpired.map(\.id) == [short.id])
        #expect(diff.evidenceExpired.first?.control == "N-3-1-1")
        #expect(diff.evidenceExpired.first?.validUntil == Day("2026-12-15"))
        #expect(diff.frameworks[0].changed.isEmpty)
        #expect(diff.frameworks[0].headline == "CMMC Level 2: 110 final -> 110 final (0)")
        #expect(!diff.isWorse)
        // Backwards nothing expires: evidence is never "expired" because it was not collected yet.
        let back = ReadinessDiff(from: try Self.side(s, "B", asOf: Day("2027-01-10")!), to: try Self.side(s, "A"), changes: RecordChanges())
        #expect(back.evidenceExpired.isEmpty)
    }

    @Test func recordChangesAreClassified() throws {
        let s = Scenario()
        let side = try Self.side(s, "A")
        var evidence = s.evidence[0]
        let before = evidence
        evidence.validUntil = Day("2027-01-31")
        let added = s.evidence[1], removed = s.evidence[2]
        var control = s.controls["N-3-1-1"]!
        let oldControl = control
        control.maps = [(Catalogs.nistID, ["3.1.1", "3.1.2"])]
        control.evidenceValidFor = ISODuration(months: 6)
        let newControl = ControlRecord(id: "NEW-ONE", title: "New", owner: "o@example.test", frequency: "annual")
        func poam(_ id: String, status: String, closed: Day? = nil) -> PoamRecord {
            PoamRecord(id: id, requirement: "nist-800-171r2:3.1.1", weakness: "w", opened: Day("2026-10-01")!, scheduledCompletion: Day("2027-01-31")!,
                       status: status, closed: closed)
        }
        let affirmation = AffirmationRecord(framework: "cmmc", level: 2, official: "Jane Doe", officialTitle: "CEO", date: Day("2026-11-20")!, statement: "s")
        let changes = RecordChanges(
            evidence: [.init(before: before, after: evidence), .init(before: nil, after: added), .init(before: removed, after: nil),
                       .init(before: s.evidence[3], after: s.evidence[3], artifactsChanged: true)],
            controls: [.init(before: oldControl, after: control), .init(before: nil, after: newControl), .init(before: s.controls["N-3-1-3"], after: nil)],
            poams: [.init(before: nil, after: poam("POAM-2026-001", status: "open")),
                    .init(before: poam("POAM-2026-002", status: "open"), after: poam("POAM-2026-002", status: "closed", closed: Day("2026-11-15"))),
                    .init(before: nil, after: poam("POAM-2026-003", status: "closed", closed: Day("2026-11-01")))],
            affirmations: [affirmation])
        let diff = ReadinessDiff(from: side, to: side, changes: changes)
        #expect(diff.evidenceAdded.map(\.id) == [added.id])
        #expect(diff.evidenceRemoved.map(\.id) == [removed.id])
        #expect(diff.evidenceModified.map(\.id) == [before.id, s.evidence[3].id].sorted())
        #expect(diff.evidenceModified.first { $0.id == before.id }?.changes == ["valid_until"])
        #expect(diff.evidenceModified.first { $0.id == s.evidence[3].id }?.changes == ["artifacts"])
        #expect(diff.controlsAdded.map(\.id) == ["NEW-ONE"])
        #expect(diff.controlsRemoved.map(\.id) == ["N-3-1-3"])
        let m = try #require(diff.controlsModified.first)
        #expect(m.changes.map(\.field) == ["evidence_valid_for", "maps"])
        #expect(m.changes[0].from == .null && m.changes[0].to == .string("P6M"))
        #expect(m.changes[1].added == ["nist-800-171r2:3.1.2"] && m.changes[1].removed.isEmpty)
        // Opened: added (open or already closed); closed: status became closed, with the day.
        #expect(diff.poamOpened.map(\.id) == ["POAM-2026-001", "POAM-2026-003"])
        #expect(diff.poamClosed.map(\.id) == ["POAM-2026-002", "POAM-2026-003"])
        #expect(diff.poamClosed.first?.closed == Day("2026-11-15"))
        #expect(diff.affirmations.map(\.official) == ["Jane Doe"])
    }

    @Test func fewerCriteriaOrLevel1RequirementsMetIsWorse() throws {
        let a = Scenario()
        var b = a
        b.set("3.1.1", status: "planned")
        // 3.1.1 serves Level 1 AC.L1-b.1.i: 15/15 final -> 14/15 no_status.
        let diff = ReadinessDiff(from: try Self.side(a, "A", frameworks: ["cmmc-l1"]), to: try Self.side(b, "B", frameworks: ["cmmc-l1"]),
                                 changes: RecordChanges())
        let f = try #require(diff.frameworks.first)
        #expect(f.headline == "CMMC Level 1: 15/15 final -> 14/15 no_status (-1)")
        #expect(f.worse)
        #expect(f.changed.count == 1 && f.changed[0].from == "met" && f.changed[0].to == "not_met")
    }
}
