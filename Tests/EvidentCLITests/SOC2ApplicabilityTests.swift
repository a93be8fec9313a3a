import Foundation
import Testing
import TestSupport

/// soc2-rules.md §2 end to end: a criterion whose only control is not applicable is N/A in the
/// text and JSON outputs, with the justification, counted apart from ready and not ready.
@Suite struct SOC2ApplicabilityTests {
    @Test func aCriterionWhoseControlsAllDoNotApplyIsListedAsNotApplicable() throws {
        // No starter library: CC6.4 (physical access) is mapped by PHYS only, not applicable.
        let f = LedgerFixture(frameworks: ["soc2"], starterControls: false)
        let add = f.evident(["control", "add", "PHYS", "--title", "Physical access", "--owner", "it@example.com", "--frequency", "annual",
                             "--status", "not_applicable", "--justification", "hosted at a SOC 2 audited provider", "--maps", "soc2:CC6.4"])
        #expect(add.status == 0, "\(add.stderr)")
        let text = f.evident(["readiness", "--framework", "soc2"])
        #expect(text.status == 0, "\(text.stderr)")
        // 33 common criteria in scope, 1 N/A: 0 of 32 ready.
        #expect(text.stdout.contains("0 of 32 criteria ready (1 not applicable), status: not_ready"), "\(text.stdout)")
        #expect(text.stdout.contains("Not applicable (1)"), "\(text.stdout)")
        #expect(text.stdout.contains("PHYS: hosted at a SOC 2 audited provider"), "\(text.stdout)")
        let json = f.evident(["readiness", "--framework", "soc2", "--format", "json"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let soc2 = try #require((root["frameworks"] as? [[String: Any]])?.first)
        #expect(soc2["not_applicable"] as? Int == 1)
        #expect(soc2["total"] as? Int == 33)
        let cc64 = try #require((soc2["criteria"] as? [[String: Any]])?.first { $0["id"] as? String == "CC6.4" })
        #expect(cc64["status"] as? String == "not_applicable")
        #expect(cc64["justifications"] as? [String] == ["PHYS: hosted at a SOC 2 audited provider"])
    }
}
