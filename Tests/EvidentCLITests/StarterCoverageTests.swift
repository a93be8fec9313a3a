import Foundation
import Testing
import TestSupport

/// A fresh starter ledger proves its coverage through the commands a compliance lead would use.
@Suite struct StarterCoverageTests {
    static func requirements(_ f: LedgerFixture, _ framework: String) throws -> [[String: Any]] {
        let r = f.evident(["framework", "show", framework, "--format", "json"])
        #expect(r.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        return try #require(json["requirements"] as? [[String: Any]])
    }

    @Test func nothingIsUnmappedAndEveryRequirementIsCovered() throws {
        let f = LedgerFixture()
        let unmapped = f.evident(["control", "list", "--unmapped", "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(unmapped.stdout.utf8)) as? [String: Any])
        #expect((json["controls"] as? [Any])?.isEmpty == true)
        // All 110 NIST SP 800-171 r2 requirements have at least one control; 3.12.4 has no points.
        let nist = try Self.requirements(f, "cmmc-l2")
        #expect(nist.count == 110)
        #expect(nist.allSatisfy { !(($0["controls"] as? [String]) ?? []).isEmpty })
        #expect(nist.first { $0["id"] as? String == "3.12.4" }?["points"] is NSNull)
        // Every common criterion, and the availability and confidentiality criteria.
        let soc2 = try Self.requirements(f, "soc2")
        let needed = soc2.filter { ["security", "availability", "confidentiality"].contains($0["category"] as? String ?? "") }
        #expect(needed.count == 38)
        #expect(needed.allSatisfy { !(($0["controls"] as? [String]) ?? []).isEmpty })
    }
}
