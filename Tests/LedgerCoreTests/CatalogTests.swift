import Foundation
import Testing
@testable import LedgerCore

// Expected numbers were hand-counted from reference/*.csv and checked against cmmc-rules.md
// sections 3, 4 and 8 and SOURCES.md.

@Suite("CSV reader")
struct CSVReaderTests {
    @Test func quotedFieldsWithCommasAndDoubledQuotes() throws {
        let rows = try CSVReader.rows("a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n,\"\",last\r\n")
        #expect(rows == [["a", "b", "c"], ["1", "x, y", "say \"hi\""], ["", "", "last"]])
    }

    @Test func lineBreakInsideQuotesAndNoFinalNewline() throws {
        let rows = try CSVReader.rows("id,text\n1,\"two\nlines\"\n\n2,plain")
        #expect(rows == [["id", "text"], ["1", "two\nlines"], ["2", "plain"]])
    }

    @Test func recordsAreKeyedByHeader() throws {
        let records = try CSVReader.records("id,points\n3.12.4,\n3.5.3,5\n")
        #expect(records == [["id": "3.12.4", "points": ""], ["id": "3.5.3", "points": "5"]])
    }

    @Test func malformedInputNamesTheLine() {
        #expect(throws: CSVReadError(line: 2, message: "quoted field is not terminated")) {
            try CSVReader.rows("a,b\n1,\"open\n")
        }
        #expect(throws: CSVReadError.self) { try CSVReader.rows("a,b\n1,x\"y\n") }
        #expect(throws: CSVReadError.self) { try CSVReader.rows("a,b\n1,\"x\"y\n") }
        #expect(throws: CSVReadError(line: 3, message: "expected 2 fields, found 3")) {
            try CSVReader.records("a,b\n1,2\n1,2,3\n")
        }
    }
}

@Suite("Built-in catalogs")
struct CatalogTests {
    let nist = Catalogs.nist800171r2

    @Test func builtInIDsAndLookup() {
        #expect(Catalogs.builtIn.map(\.id) == ["nist-800-171r2", "cmmc-l1", "cmmc-l3", "soc2-2017"])
        for catalog in Catalogs.builtIn {
            #expect(Catalogs.catalog(catalog.id)?.id == catalog.id)
            #expect(Set(catalog.requirementIDs).count == catalog.requirements.count, "duplicate ids in \(catalog.id)")
            #expect(catalog.requirements.allSatisfy { $0.catalog == catalog.id && !$0.title.isEmpty })
        }
        #expect(Catalogs.catalog("nist") == nil)
        #expect(nist.version == "r2" && Catalogs.soc2.version == "2017-rev2022")
    }

    @Test func nistHas110RequirementsInReferenceOrder() {
        #expect(nist.requirements.count == 110)
        #expect(nist.requirements.first?.id == "3.1.1")
        #expect(nist.requirements.last?.id == "3.14.7")
        let perFamily = Dictionary(grouping: nist.requirements, by: { $0.family ?? "" }).mapValues(\.count)
        #expect(perFamily == ["AC": 22, "AT": 3, "AU": 9, "CM": 9, "IA": 11, "IR": 3, "MA": 6, "MP": 9,
                              "PS": 2, "PE": 6, "RA": 3, "CA": 4, "SC": 16, "SI": 7])
        #expect(nist.families.count == 14)
        #expect(nist.families.first == CatalogFamily(code: "AC", name: "Access Control"))
        #expect(nist.requirements.filter { $0.kind == "basic" }.count == 31)
        #expect(nist.requirements.filter { $0.kind == "derived" }.count == 79)
        #expect(nist.requirements.allSatisfy { $0.cmmcID == "\($0.family!).L2-\($0.id)" })
        let mfa = nist.requirement("3.5.3")
        #expect(mfa?.cmmcID == "IA.L2-3.5.3")
        #expect(mfa?.familyName == "Identification and Authentication")
        #expect(mfa?.qualifiedID == "nist-800-171r2:3.5.3")
    }

    @Test func pointValuesMatch170_24() {
        // 32 CFR 170.24(c)(2)(i)(B): 44 five-point (incl. 3.5.3 and 3.13.11), 14 three-point,
        // 51 one-point, and 3.12.4 with no value at all.
        let points = nist.requirements.map(\.points)
        #expect(points.filter { $0 == 5 }.count == 44)
        #expect(points.filter { $0 == 3 }.count == 14)
        #expect(points.filter { $0 == 1 }.count == 51)
        #expect(nist.requirements.filter { $0.points == nil }.map(\.id) == ["3.12.4"])
        #expect(nist.requirement("3.12.4")?.points == nil)
        #expect(!points.contains(0))
        // Basic/derived split of the fixed 5- and 3-point values (cmmc-rules.md section 3).
        let fixedFive = nist.requirements.filter { $0.points == 5 && $0.partialPoints == nil }
        #expect(fixedFive.filter { $0.kind == "basic" }.count == 23)
        #expect(fixedFive.filter { $0.kind == "derived" }.count == 19)
        let three = nist.requirements.filter { $0.points == 3 }
        #expect(three.filter { $0.kind == "basic" }.count == 7)
        #expect(nist.requirement("3.1.3")?.points == 1)
        #expect(nist.requirement("3.1.22")?.points == 1)
        #expect(nist.requirement("3.2.1")?.points == 5)
    }

    @Test func partialCreditOnlyFor3_5_3And3_13_11() {
        let partial = nist.requirements.filter { $0.partialPoints != nil }
        #expect(partial.map(\.id) == ["3.5.3", "3.13.11"])
        #expect(partial.allSatisfy { $0.partialPoints == 3 && $0.points == 5 })
    }

    @Test func minimumSPRSScoreIsMinus203() {
        let maximumDeduction = nist.requirements.reduce(0) { $0 + ($1.points ?? 0) }
        #expect(maximumDeduction == 313)
        #expect(nist.requirements.count - maximumDeduction == -203)
    }

    @Test func cmmcLevel1Has15RequirementsMappingTo17() {
        let l1 = Catalogs.cmmcL1
        #expect(l1.requirements.count == 15)
        #expect(l1.requirements.first?.id == "AC.L1-b.1.i")
        #expect(l1.requirements.last?.id == "SI.L1-b.1.xv")
        let related = l1.requirements.flatMap(\.related)
        #expect(related.count == 17)
        #expect(Set(related).count == 17)
        #expect(related.allSatisfy { nist.requirement($0) != nil })
        #expect(l1.requirement("PE.L1-b.1.ix")?.related == ["3.10.3", "3.10.4", "3.10.5"])
        #expect(l1.requirements.allSatisfy { $0.points == nil && $0.cmmcID == $0.id })
        #expect(l1.requirement("AC.L1-b.1.i")?.aliases == ["AC.L1-3.1.1", "FAR 52.204-21(b)(1)(i)"])
        #expect(l1.requirement("SC.L1-b.1.x")?.familyName == "System and Communications Protection")
        // The FAR-derived requirements worth 1 point are exactly the five named 1-point exclusions of
        // 32 CFR 170.21(a)(2)(iii) (cmmc-rules.md section 4a).
        let onePointFAR = related.filter { nist.requirement($0)?.points == 1 }.sorted()
        #expect(onePointFAR == ["3.1.20", "3.1.22", "3.10.3", "3.10.4", "3.10.5"])
    }

    @Test func cmmcLevel3Has24Requirements() {
        let l3 = Catalogs.cmmcL3
        let expected = [
            "AC.L3-3.1.2e", "AC.L3-3.1.3e", "AT.L3-3.2.1e", "AT.L3-3.2.2e", "CM.L3-3.4.1e", "CM.L3-3.4.2e",
            "CM.L3-3.4.3e", "IA.L3-3.5.1e", "IA.L3-3.5.3e", "IR.L3-3.6.1e", "IR.L3-3.6.2e", "PS.L3-3.9.2e",
            "RA.L3-3.11.1e", "RA.L3-3.11.2e", "RA.L3-3.11.3e", "RA.L3-3.11.4e", "RA.L3-3.11.5e", "RA.L3-3.11.6e",
            "RA.L3-3.11.7e", "CA.L3-3.12.1e", "SC.L3-3.13.4e", "SI.L3-3.14.1e", "SI.L3-3.14.3e", "SI.L3-3.14.6e",
        ]
        #expect(l3.requirements.compactMap(\.cmmcID) == expected)
        #expect(l3.requirements.map(\.id) == expected.map { String($0.split(separator: "-")[1]) })
        #expect(l3.requirements.allSatisfy { $0.points == nil && $0.related == [$0.id] && $0.familyName != nil })
        #expect(l3.requirement("3.11.2e")?.title == "Threat hunting")
        #expect(l3.requirement("3.1.2e")?.family == "AC")
    }

    @Test func soc2Has61CriteriaByCategory() {
        let soc2 = Catalogs.soc2
        #expect(soc2.requirements.count == 61)
        let perCategory = Dictionary(grouping: soc2.requirements, by: { $0.category ?? "" }).mapValues(\.count)
        #expect(perCategory == ["security": 33, "availability": 3, "processing_integrity": 5,
                                "confidentiality": 2, "privacy": 18])
        #expect(soc2.families.map(\.code) == ["security", "availability", "confidentiality",
                                              "processing_integrity", "privacy"])
        #expect(soc2.families.map(\.name).contains("Processing Integrity"))
        #expect(soc2.requirements.allSatisfy { $0.group != nil && $0.points == nil && $0.family == nil })
        #expect(soc2.requirement("CC6.1")?.group == "Logical and Physical Access Controls")
        #expect(soc2.requirements(inFamily: "security").map(\.id).prefix(2) == ["CC1.1", "CC1.2"])
        let commonCriteria = soc2.requirements.filter { $0.id.hasPrefix("CC") }
        #expect(commonCriteria.count == 33)
        #expect(commonCriteria.last?.id == "CC9.2")
    }

    @Test func codableRoundTripUsesSnakeCaseKeys() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(CatalogSet.builtIn)
        let decoded = try JSONDecoder().decode(CatalogSet.self, from: data)
        #expect(decoded == CatalogSet.builtIn)

        let mfa = String(decoding: try encoder.encode(nist.requirement("3.5.3")!), as: UTF8.self)
        #expect(mfa.contains("\"partial_points\":3"))
        #expect(mfa.contains("\"cmmc_id\":\"IA.L2-3.5.3\""))
        #expect(mfa.contains("\"family_name\":\"Identification and Authentication\""))
        let ssp = String(decoding: try encoder.encode(nist.requirement("3.12.4")!), as: UTF8.self)
        #expect(!ssp.contains("\"points\""), "3.12.4 has no value; it must not be written as 0")
        #expect(String(decoding: try encoder.encode(Catalogs.crosswalk.entries[0]), as: UTF8.self)
            .contains("\"nist_id\":\"3.1.1\""))
    }

    @Test func decodingACatalogFillsCatalogIDAndRejectsDuplicates() throws {
        let json = #"""
            {"id":"demo","version":"1","title":"Demo","requirements":[{"id":"A.1","title":"One","points":2}]}
            """#
        let catalog = try JSONDecoder().decode(Catalog.self, from: Data(json.utf8))
        #expect(catalog.requirement("A.1")?.qualifiedID == "demo:A.1")
        #expect(catalog.requirement("A.1")?.points == 2)
        let duplicate = #"""
            {"id":"demo","version":"1","title":"Demo","requirements":[{"id":"A.1","title":"One"},{"id":"A.1","title":"Two"}]}
            """#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Catalog.self, from: Data(duplicate.utf8)) }
    }
}

@Suite("Crosswalk")
struct CrosswalkTests {
    let crosswalk = Catalogs.crosswalk

    @Test func hasEveryCSVDataRow() {
        #expect(crosswalk.entries.count == 703)
        #expect(crosswalk.entries.allSatisfy { $0.relationship == "related" })
        #expect(crosswalk.fromCatalog == "nist-800-171r2" && crosswalk.toCatalog == "soc2-2017")
        #expect(crosswalk.entries.allSatisfy { Catalogs.nist800171r2.requirement($0.nistID) != nil })
        #expect(crosswalk.entries.allSatisfy { Catalogs.soc2.requirement($0.soc2ID) != nil })
        #expect(Set(crosswalk.entries.map(\.nistID)).count == 92)
        #expect(Set(crosswalk.entries.map(\.soc2ID)).count == 38)
        #expect(crosswalk.entries.allSatisfy { ($0.sharedControls ?? 0) >= 1 })
        #expect(crosswalk.entries.filter { $0.sharedControls == 1 }.count == 393)
    }

    @Test func lookupWorksInBothDirections() {
        let mfa = crosswalk.related(to: "nist-800-171r2:3.5.3")
        #expect(mfa.map(\.soc2ID).contains("CC6.1"))
        #expect(crosswalk.relatedIDs(to: "nist-800-171r2:3.5.3").contains("soc2-2017:CC6.1"))
        let cc61 = crosswalk.related(to: "soc2-2017:CC6.1")
        #expect(cc61.map(\.nistID).contains("3.5.3"))
        #expect(crosswalk.relatedIDs(to: "soc2-2017:CC6.1").contains("nist-800-171r2:3.5.3"))
        #expect(crosswalk.relatedIDs(to: "CC6.1") == crosswalk.relatedIDs(to: "soc2-2017:CC6.1"))
        #expect(crosswalk.related(to: "3.5.3") == mfa)
        #expect(crosswalk.related(to: "nist-800-171r2:3.1.22").isEmpty)
        #expect(crosswalk.related(to: "soc2-2017:3.5.3").isEmpty)
        #expect(crosswalk.related(to: "soc2-2017:P1.1").isEmpty)
    }

    @Test func provenanceSaysItNeverGivesCredit() {
        #expect(crosswalk.provenance.contains("never gives credit"))
        #expect(crosswalk.provenance.contains("Cisco Cloud Controls Framework"))
    }
}

@Suite("Requirement resolution")
struct RequirementResolverTests {
    let resolver = RequirementResolver.builtIn

    @Test(arguments: [
        ("3.5.3", "nist-800-171r2:3.5.3"),
        ("  3.5.3 ", "nist-800-171r2:3.5.3"),
        ("IA.L2-3.5.3", "nist-800-171r2:3.5.3"),
        ("ia.l2-3.5.3", "nist-800-171r2:3.5.3"),
        ("nist-800-171r2:3.5.3", "nist-800-171r2:3.5.3"),
        ("NIST-800-171R2:IA.L2-3.5.3", "nist-800-171r2:3.5.3"),
        ("800-171:3.5.3", "nist-800-171r2:3.5.3"),
        ("800-171r2:3.13.11", "nist-800-171r2:3.13.11"),
        ("cmmc-l2:IA.L2-3.5.3", "nist-800-171r2:3.5.3"),
        ("cmmc:3.12.4", "nist-800-171r2:3.12.4"),
        ("3.12.4", "nist-800-171r2:3.12.4"),
        ("CC6.1", "soc2-2017:CC6.1"),
        ("cc6.1", "soc2-2017:CC6.1"),
        ("soc2:CC6.1", "soc2-2017:CC6.1"),
        ("soc2-2017:CC6.1", "soc2-2017:CC6.1"),
        ("SOC2:cc6.1", "soc2-2017:CC6.1"),
        ("A1.2", "soc2-2017:A1.2"),
        ("pi1.3", "soc2-2017:PI1.3"),
        ("AC.L1-b.1.i", "cmmc-l1:AC.L1-b.1.i"),
        ("ac.l1-b.1.i", "cmmc-l1:AC.L1-b.1.i"),
        ("cmmc-l1:AC.L1-b.1.i", "cmmc-l1:AC.L1-b.1.i"),
        ("cmmc:PE.L1-b.1.ix", "cmmc-l1:PE.L1-b.1.ix"),
        ("AC.L1-3.1.1", "cmmc-l1:AC.L1-b.1.i"),
        ("PE.L1-3.10.4", "cmmc-l1:PE.L1-b.1.ix"),
        ("FAR 52.204-21(b)(1)(xv)", "cmmc-l1:SI.L1-b.1.xv"),
        ("AC.L3-3.1.2e", "cmmc-l3:3.1.2e"),
        ("3.1.2e", "cmmc-l3:3.1.2e"),
        ("cmmc-l3:3.14.6E", "cmmc-l3:3.14.6e"),
        ("cmmc-l3:SI.L3-3.14.6e", "cmmc-l3:3.14.6e"),
        ("cmmc:RA.L3-3.11.7e", "cmmc-l3:3.11.7e"),
    ])
    func everyFormResolvesToOneCanonicalRequirement(input: String, expected: String) throws {
        let requirement = try resolver.requirement(input)
        #expect(requirement.qualifiedID == expected)
    }

    @Test func unknownIDsSuggestClosestMatches() {
        guard case let .failure(.unknown(text, suggestions)) = resolver.resolve("3.5.33") else {
            Issue.record("expected unknown")
            return
        }
        #expect(text == "3.5.33")
        #expect(suggestions.first == "3.5.3")
        #expect((1...5).contains(suggestions.count))
        #expect(suggestions.allSatisfy { $0.hasPrefix("3.") })
        #expect(ResolutionError.unknown("3.5.33", suggestions: suggestions).description
            .hasPrefix("unknown requirement '3.5.33': did you mean 3.5.3, "))

        #expect(throws: ResolutionError.unknown("CC6.9", suggestions: ["CC6.1", "CC6.2", "CC6.3", "CC6.4", "CC6.5"])) {
            try resolver.requirement("CC6.9")
        }
        // Under a catalog prefix, suggestions come from that catalog and are qualified.
        if case let .failure(.unknown(_, suggestions)) = resolver.resolve("soc2:CC10.1") {
            #expect(suggestions.first == "soc2-2017:CC1.1")
            #expect(suggestions.allSatisfy { $0.hasPrefix("soc2-2017:CC") })
        } else {
            Issue.record("expected unknown")
        }
        if case let .failure(.unknown(_, suggestions)) = resolver.resolve("IA.L2-3.5.33") {
            #expect(suggestions.first == "IA.L2-3.5.3")
        } else {
            Issue.record("expected unknown")
        }
        // An unknown catalog prefix points at the right catalog when the id exists elsewhere.
        #expect(throws: ResolutionError.unknown("nist-800-53:3.5.3", suggestions: ["nist-800-171r2:3.5.3"])) {
            try resolver.requirement("nist-800-53:3.5.3")
        }
        // A requirement from another catalog is not found under the wrong prefix.
        #expect(throws: ResolutionError.self) { try resolver.requirement("soc2:3.5.3") }
        #expect(throws: ResolutionError.unknown("", suggestions: [])) { try resolver.requirement("") }
        #expect(ResolutionError.unknown("zzz", suggestions: []).description == "unknown requirement 'zzz'")
    }

    @Test func ambiguousIDsNameTheCandidates() {
        // A ledger that pins a second SOC 2 edition next to 2017: bare ids and the shared alias
        // `soc2` become ambiguous, and the qualified ids still resolve.
        var soc2026 = Catalogs.soc2
        soc2026.id = "soc2-2026"
        soc2026.requirements = soc2026.requirements.map { var r = $0; r.catalog = "soc2-2026"; return r }
        let resolver = RequirementResolver(catalogs: Catalogs.builtIn + [soc2026])
        let expected = ResolutionError.ambiguous("CC6.1", candidates: ["soc2-2017:CC6.1", "soc2-2026:CC6.1"])
        #expect(throws: expected) { try resolver.requirement("CC6.1") }
        #expect(throws: ResolutionError.ambiguous("soc2:cc6.1", candidates: ["soc2-2017:CC6.1", "soc2-2026:CC6.1"])) {
            try resolver.requirement("soc2:cc6.1")
        }
        #expect(expected.description
            == "ambiguous requirement 'CC6.1': it matches soc2-2017:CC6.1, soc2-2026:CC6.1; write the qualified id (catalog:id)")
        #expect((try? resolver.requirement("soc2-2026:CC6.1"))?.qualifiedID == "soc2-2026:CC6.1")
        #expect((try? resolver.requirement("3.5.3"))?.qualifiedID == "nist-800-171r2:3.5.3")
        // Suggestions qualify ids that exist in several catalogs.
        guard case let .failure(.unknown(_, suggestions)) = resolver.resolve("CC6.9") else {
            Issue.record("expected unknown")
            return
        }
        #expect(suggestions.prefix(2) == ["soc2-2017:CC6.1", "soc2-2026:CC6.1"])
    }

    @Test func catalogSetResolverMatchesBuiltIn() throws {
        #expect(try CatalogSet.builtIn.resolver.requirement("IA.L2-3.5.3") == Catalogs.nist800171r2.requirement("3.5.3"))
        #expect(CatalogSet.builtIn.requirement(qualifiedID: "cmmc-l3:3.1.2e")?.cmmcID == "AC.L3-3.1.2e")
        #expect(CatalogSet.builtIn.requirement(qualifiedID: "3.5.3") == nil)
    }
}

@Suite("Closest matches")
struct ClosestMatchesTests {
    @Test func editDistanceIsCaseInsensitiveLevenshtein() {
        #expect(editDistance("kitten", "sitting") == 3)
        #expect(editDistance("IAM-MFA", "iam-mfa") == 0)
        #expect(editDistance("", "abc") == 3)
    }

    @Test func ranksByDistanceThenSharedPrefix() {
        let ids = ["IAM-MFA", "IAM-SSO", "LOG-AUDIT", "IAM-MFA-ADMIN", "VULN-SCAN"]
        #expect(closestMatches("iam-mf", in: ids) == ["IAM-MFA", "IAM-MFA-ADMIN"])
        #expect(closestMatches("LOG-AUDT", in: ids) == ["LOG-AUDIT"])
        #expect(closestMatches("nothing-like-it", in: ids).isEmpty)
        #expect(closestMatches("IAM", in: ids, limit: 2) == ["IAM-MFA", "IAM-SSO"])
        #expect(closestMatches("x", in: ids, limit: 0).isEmpty)
        #expect(closestMatches("a", in: ["A", "A", "b"]) == ["A", "b"])
    }
}
