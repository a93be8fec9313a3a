import Foundation
import Testing
@testable import LedgerCore

@Suite("Starter control library")
struct StarterLibraryTests {
    let controls = StarterLibrary.controls

    func union(_ catalog: String) -> Set<String> {
        Set(controls.flatMap { $0.maps[catalog] ?? [] })
    }

    @Test func hasFortyToSeventyPlannedControls() {
        #expect((40...70).contains(controls.count))
        #expect(controls.allSatisfy { $0.status == "planned" })
        #expect(controls.allSatisfy { !$0.title.isEmpty && $0.description.count > 40 })
        #expect(controls.allSatisfy { StarterControl.frequencies.contains($0.frequency) })
    }

    @Test func idsAreUniqueAndWellFormed() {
        #expect(Set(controls.map(\.id)).count == controls.count)
        for control in controls {
            #expect(StarterControl.isValidID(control.id), "bad id \(control.id)")
        }
        #expect(StarterControl.isValidID("IAM-MFA") && StarterControl.isValidID("A1") && StarterControl.isValidID("X"))
        for bad in ["iam-mfa", "IAM--MFA", "-IAM", "IAM-", "1AM", "IAM_MFA", "IAM MFA", "", "ÄM"] {
            #expect(!StarterControl.isValidID(bad), "accepted \(bad)")
        }
    }

    @Test func everyMapTargetResolvesInItsCatalog() {
        for control in controls {
            #expect(!control.maps.isEmpty, "\(control.id) maps nothing")
            for (catalogID, ids) in control.maps {
                guard let catalog = Catalogs.catalog(catalogID) else {
                    Issue.record("\(control.id) maps unknown catalog \(catalogID)")
                    continue
                }
                #expect(!ids.isEmpty && Set(ids).count == ids.count, "\(control.id): \(catalogID)")
                for id in ids {
                    #expect(catalog.requirement(id) != nil, "\(control.id) maps unknown \(catalogID):\(id)")
                }
                // Canonical order: as in the catalog.
                #expect(ids == catalog.requirementIDs.filter(ids.contains), "\(control.id): \(catalogID) order")
            }
            for qualified in control.qualifiedMaps {
                #expect((try? RequirementResolver.builtIn.requirement(qualified))?.qualifiedID == qualified)
            }
        }
    }

    @Test func coversAll110NISTRequirements() {
        let missing = Set(Catalogs.nist800171r2.requirementIDs).subtracting(union(Catalogs.nistID))
        #expect(missing.isEmpty, "unmapped: \(missing.sorted())")
    }

    @Test func coversCommonAvailabilityAndConfidentialityCriteria() {
        let soc2 = Catalogs.soc2
        let required = soc2.requirements.filter {
            $0.id.hasPrefix("CC") || $0.category == "availability" || $0.category == "confidentiality"
        }.map(\.id)
        #expect(required.count == 33 + 3 + 2)
        #expect(required.first == "CC1.1" && required.contains("CC9.2"))
        let missing = Set(required).subtracting(union(Catalogs.soc2ID))
        #expect(missing.isEmpty, "unmapped: \(missing.sorted())")
    }

    @Test func cmmcLevel1IsMappedWhereverItsCounterpartIs() {
        let level1 = Catalogs.cmmcL1
        #expect(union(Catalogs.cmmcL1ID) == Set(level1.requirementIDs))
        for control in controls {
            let nist = Set(control.maps[Catalogs.nistID] ?? [])
            let expected = level1.requirements.filter { !nist.isDisjoint(with: $0.related) }.map(\.id)
            #expect((control.maps[Catalogs.cmmcL1ID] ?? []) == expected, "\(control.id)")
        }
    }

    @Test(arguments: [
        ("IAM-MFA", "nist-800-171r2:3.5.3"),
        ("CHG-MGMT", "soc2-2017:CC8.1"),
        ("VULN-SCAN", "nist-800-171r2:3.11.2"),
        ("VEN-REVIEW", "soc2-2017:CC9.2"),
        ("IAM-ACCESS-REVIEW", "soc2-2017:CC6.2"),
        ("LOG-AUDIT", "nist-800-171r2:3.3.1"),
        ("OPS-BACKUP", "soc2-2017:A1.2"),
        ("IR-PLAN", "nist-800-171r2:3.6.1"),
        ("AT-AWARENESS", "nist-800-171r2:3.2.1"),
        ("CRY-ENCRYPTION", "nist-800-171r2:3.13.11"),
        ("GOV-SSP", "nist-800-171r2:3.12.4"),
    ])
    func requiredThemesArePresent(id: String, serves qualifiedID: String) throws {
        let control = try #require(StarterLibrary.control(id))
        #expect(control.qualifiedMaps.contains(qualifiedID))
    }

    @Test func scoringAttributesSitOnTheRightControls() throws {
        let withMFAScope = controls.filter { $0.attributes["mfa_scope"] != nil }
        #expect(withMFAScope.map(\.id) == ["IAM-MFA"])
        let withEncryption = controls.filter { $0.attributes["encryption"] != nil }
        #expect(withEncryption.map(\.id) == ["CRY-ENCRYPTION"])
        for control in withMFAScope {
            #expect(control.maps[Catalogs.nistID]?.contains("3.5.3") == true)
            #expect(StarterControl.mfaScopes.contains(control.attributes["mfa_scope"]!))
        }
        for control in withEncryption {
            #expect(control.maps[Catalogs.nistID]?.contains("3.13.11") == true)
            #expect(StarterControl.encryptionValues.contains(control.attributes["encryption"]!))
        }
        #expect(StarterLibrary.control("IAM-MFA")?.attributes == ["mfa_scope": "all"])
        #expect(StarterLibrary.control("CRY-ENCRYPTION")?.attributes == ["encryption": "fips_validated"])
        // The partial-credit requirements are each served by exactly the control that carries the attribute.
        #expect(controls.filter { $0.maps[Catalogs.nistID]?.contains("3.5.3") == true }.map(\.id) == ["IAM-MFA"])
        #expect(controls.filter { $0.maps[Catalogs.nistID]?.contains("3.13.11") == true }.map(\.id) == ["CRY-ENCRYPTION"])
        let allowed: Set<String> = ["mfa_scope", "encryption"]
        #expect(controls.allSatisfy { Set($0.attributes.keys).isSubset(of: allowed) })
    }

    @Test func systemSecurityPlanMaps3_12_4() throws {
        let ssp = try #require(StarterLibrary.control("GOV-SSP"))
        #expect(ssp.maps[Catalogs.nistID] == ["3.12.4"])
        #expect(ssp.frequency == "annual")
    }
}
