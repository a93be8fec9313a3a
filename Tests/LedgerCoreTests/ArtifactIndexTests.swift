import Foundation
import LedgerCore
import Testing

/// The evidence index (`export evidence`): which requirements and criteria each artifact supports.
///
/// Hand-worked, with the built-in catalogs:
/// - IAM-ACCOUNTS maps NIST 3.1.1 and 3.5.1 and SOC 2 CC6.1, CC6.2; IAM-MFA maps NIST 3.5.3 and
///   CC6.1; L1-DIRECT maps the Level 1 requirement IA.L1-b.1.vi itself; IR-RESPOND maps CC7.3.
/// - EV-20260215-BBBBBB (L1-DIRECT and UNKNOWN, which is not in the library): Level 1 IA.L1-b.1.vi
///   only; no Level 2 (a Level 1 map is not a NIST map), no SOC 2.
/// - EV-20260301-AAAAAA (IAM-ACCOUNTS, IAM-MFA), two artifacts, rows sorted by path ("mfa, v2.json"
///   before "users.csv"): Level 2 AC.L2-3.1.1, IA.L2-3.5.1, IA.L2-3.5.3 (catalog order); Level 1
///   through the NIST ids they correspond to: 3.1.1 -> AC.L1-b.1.i, 3.5.1 -> IA.L1-b.1.v, 3.5.3 ->
///   none; SOC 2 CC6.1, CC6.2 (CC6.1 once, though two controls map it).
/// - EV-20260310-CCCCCC, no-occurrence (IR-RESPOND, IAM-MFA): one row without artifact; no CMMC
///   requirement (no-occurrence records never count for CMMC); SOC 2 CC6.1, CC7.3; no valid-until
///   day even though one is offered.
/// Rows come by evidence id: BBBBBB (Feb 15), AAAAAA (Mar 1) twice, CCCCCC (Mar 10).
@Suite struct ArtifactIndexTests {
    static func control(_ id: String, _ maps: [(String, [String])]) -> ControlRecord {
        ControlRecord(id: id, title: id, owner: "a@example.com", status: "implemented", frequency: "quarterly", maps: maps.map { ($0.0, $0.1) })
    }

    static func artifact(_ path: String, _ sha: Character) -> EvidenceRecord.Artifact {
        EvidenceRecord.Artifact(path: path, sha256: String(repeating: sha, count: 64), bytes: 10, mediaType: "text/plain")
    }

    @Test func rowsAreTheHandWorkedOnes() throws {
        let controls = [
            Self.control("IAM-ACCOUNTS", [(Catalogs.nistID, ["3.1.1", "3.5.1"]), (Catalogs.soc2ID, ["CC6.1", "CC6.2"])]),
            Self.control("IAM-MFA", [(Catalogs.nistID, ["3.5.3"]), (Catalogs.soc2ID, ["CC6.1"])]),
            Self.control("L1-DIRECT", [(Catalogs.cmmcL1ID, ["IA.L1-b.1.vi"])]),
            Self.control("IR-RESPOND", [(Catalogs.soc2ID, ["CC7.3"])]),
        ]
        let d = { (s: String) in try #require(Day(s)) }
        let a = EvidenceRecord(id: "EV-20260301-AAAAAA", title: "Accounts, \"MFA\" review", controls: ["IAM-ACCOUNTS", "IAM-MFA"],
                               collectedAt: Timestamp(day: try d("2026-03-01")), collectedBy: "a@example.com", method: "manual",
                               classification: "cui", artifacts: [Self.artifact("users.csv", "a"), Self.artifact("mfa, v2.json", "b")])
        let b = EvidenceRecord(id: "EV-20260215-BBBBBB", title: "Contractor list", controls: ["L1-DIRECT", "UNKNOWN"],
                               collectedAt: Timestamp(day: try d("2026-02-15")), collectedBy: "a@example.com", method: "document",
                               classification: "fci", artifacts: [Self.artifact("list.pdf", "c")])
        let c = EvidenceRecord(id: "EV-20260310-CCCCCC", title: "No incidents in February", controls: ["IR-RESPOND", "IAM-MFA"],
                               collectedAt: Timestamp(day: try d("2026-03-10")), collectedBy: "a@example.com", method: "document",
                               covers: EvidenceRecord.Period(from: try d("2026-02-01"), to: try d("2026-02-28")),
                               classification: "internal", noOccurrence: true, artifacts: [])
        let rows = ArtifactIndex.rows(evidence: [a, c, b], controls: controls, catalogs: .builtIn,
                                      validUntil: ["EV-20260301-AAAAAA": try d("2027-03-01"), "EV-20260310-CCCCCC": try d("2026-12-31")])
        #expect(rows.map(\.evidenceID) == ["EV-20260215-BBBBBB", "EV-20260301-AAAAAA", "EV-20260301-AAAAAA", "EV-20260310-CCCCCC"])
        #expect(rows.map(\.path) == ["evidence/2026/02/EV-20260215-BBBBBB/list.pdf", "evidence/2026/03/EV-20260301-AAAAAA/mfa, v2.json",
                                     "evidence/2026/03/EV-20260301-AAAAAA/users.csv", nil])
        #expect(rows[0].cmmcL2 == [] && rows[0].cmmcL1 == ["IA.L1-b.1.vi"] && rows[0].soc2 == [])
        #expect(rows[0].validUntil == nil)
        for r in rows[1...2] {
            #expect(r.cmmcL2 == ["AC.L2-3.1.1", "IA.L2-3.5.1", "IA.L2-3.5.3"])
            #expect(r.cmmcL1 == ["AC.L1-b.1.i", "IA.L1-b.1.v"])
            #expect(r.soc2 == ["CC6.1", "CC6.2"])
            #expect(r.validUntil == (try d("2027-03-01")))
            #expect(r.classification == "cui")
        }
        #expect(rows[1].sha256 == String(repeating: "b", count: 64))
        let none = rows[3]
        #expect(none.noOccurrence && none.path == nil && none.sha256 == nil && none.bytes == nil && none.mediaType == nil)
        #expect(none.cmmcL2 == [] && none.cmmcL1 == [] && none.soc2 == ["CC6.1", "CC7.3"])
        #expect(none.validUntil == nil)
        #expect(none.covers?.description == "2026-02-01..2026-02-28")
    }

    /// Without the catalogs a column stays empty; nothing else changes.
    @Test func aCatalogNotPinnedLeavesItsColumnEmpty() {
        let nistOnly = CatalogSet(catalogs: [Catalogs.nist800171r2])
        let e = EvidenceRecord(id: "EV-20260301-AAAAAA", title: "t", controls: ["IAM-MFA"], collectedAt: Timestamp(seconds: 1_772_323_200),
                               collectedBy: "a", method: "manual", classification: "internal", artifacts: [Self.artifact("x.txt", "d")])
        let rows = ArtifactIndex.rows(evidence: [e], controls: [Self.control("IAM-MFA", [(Catalogs.nistID, ["3.5.3"]), (Catalogs.soc2ID, ["CC6.1"])])],
                                      catalogs: nistOnly, validUntil: [:])
        #expect(rows.count == 1)
        #expect(rows[0].cmmcL2 == ["IA.L2-3.5.3"] && rows[0].cmmcL1 == [] && rows[0].soc2 == [])
    }
}
