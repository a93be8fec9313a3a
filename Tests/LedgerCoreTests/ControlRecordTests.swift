import LedgerCore
import Testing

/// `ControlRecord.decode` (the record's own rules) and `check(against:)` (catalog references and
/// scoring attributes): the one gate every control command and `evident validate` go through.
@Suite struct ControlRecordTests {
    static let file = "controls/IAM-MFA.yaml"

    /// A valid control as record pairs; tests replace or drop single fields.
    static func pairs(_ changes: [(String, RecordValue?)] = []) -> RecordValue {
        var p: [(String, RecordValue)] = [
            ("schema", .string("evident/control/v1")), ("id", .string("IAM-MFA")), ("title", .string("Multifactor authentication")),
            ("owner", .string("it@example.com")), ("status", .string("implemented")), ("frequency", .string("monthly")),
            ("maps", .map([("nist-800-171r2", .strings(["3.5.3"])), ("soc2-2017", .strings(["CC6.1"]))])),
            ("attributes", .map([("mfa_scope", .string("all"))])),
        ]
        for (key, value) in changes {
            if let value {
                if let i = p.firstIndex(where: { $0.0 == key }) { p[i].1 = value } else { p.append((key, value)) }
            } else {
                p.removeAll { $0.0 == key }
            }
        }
        return .map(p)
    }

    static func issues(_ changes: [(String, RecordValue?)], file: String = file) -> [ValidationIssue] {
        let (record, issues) = ControlRecord.decode(pairs(changes), file: file)
        return issues + (record?.check(against: .builtIn, file: file) ?? [])
    }

    static func fields(_ changes: [(String, RecordValue?)], file: String = file) -> [String] {
        issues(changes, file: file).map(\.field)
    }

    @Test func validRecordDecodesAndRoundTrips() throws {
        let (record, issues) = ControlRecord.decode(Self.pairs(), file: Self.file)
        #expect(issues.isEmpty)
        let r = try #require(record)
        #expect(r.check(against: .builtIn).isEmpty)
        #expect(r.status == "implemented")
        #expect(r.qualifiedRequirements == ["nist-800-171r2:3.5.3", "soc2-2017:CC6.1"])
        #expect(r.attribute("mfa_scope") == "all")
        #expect(r.recordValue == Self.pairs())
        #expect(r.path == Self.file)
        // The canonical YAML quotes numeric-looking requirement ids and reads back as the same record.
        let yaml = CanonicalYAML.emit(r.recordValue)
        #expect(yaml.contains("  - \"3.5.3\"\n"))
        #expect(yaml.hasSuffix("mfa_scope: all\n"))
    }

    @Test func emptyMapsIsAControlThatMapsNothing() throws {
        let (record, issues) = ControlRecord.decode(Self.pairs([("maps", .map([])), ("attributes", nil)]), file: Self.file)
        #expect(issues.isEmpty)
        #expect(try #require(record).qualifiedRequirements.isEmpty)
        #expect(CanonicalYAML.emit(record!.recordValue).contains("maps: {}\n"))
    }

    @Test func notApplicableNeedsAJustification() {
        #expect(Self.fields([("status", .string("not_applicable"))]) == ["justification"])
        #expect(Self.fields([("status", .string("not_applicable")), ("justification", .string("   "))]).allSatisfy { $0 == "justification" })
        #expect(Self.issues([("status", .string("not_applicable")), ("justification", .string("No wireless in the enclave"))]).isEmpty)
        // Any other status may carry a justification too.
        #expect(Self.issues([("justification", .string("context"))]).isEmpty)
        let problem = Self.issues([("status", .string("not_applicable"))]).first?.problem ?? ""
        #expect(problem.contains("170.24(b)(3)"))
    }

    @Test(arguments: [
        ("iam-mfa", "id"), ("IAM-", "id"), ("-IAM", "id"), ("IAM--MFA", "id"), ("1AM", "id"), ("IAM MFA", "id"),
        (String(repeating: "A", count: 65), "id"),
    ])
    func malformedIDs(_ id: String, _ field: String) {
        #expect(Self.fields([("id", .string(id))]) == [field])
    }

    @Test func sixtyFourCharacterIDIsAllowedWhereItLives() {
        let id = String(repeating: "A", count: 64)
        #expect(Self.issues([("id", .string(id))], file: "controls/\(id).yaml").isEmpty)
    }

    @Test func recordMustLiveInTheFileNamedByItsID() {
        let issues = Self.issues([], file: "controls/OTHER.yaml")
        #expect(issues.map(\.field) == ["id"])
        #expect(issues.first?.problem.contains("controls/IAM-MFA.yaml") == true)
        // Outside controls/ (a fixture, an import preview) the name is not checked.
        #expect(Self.issues([], file: "control-full.yaml").isEmpty)
    }

    @Test(arguments: [
        ("status", RecordValue.string("done")), ("frequency", .string("hourly")), ("owner", .string("IT team")),
        ("owner", .string("a@b\nc")), ("title", .string("   ")), ("title", .string(String(repeating: "x", count: 301))),
        ("evidence_valid_for", .string("1Y")), ("evidence_valid_for", .string("PT12H")), ("evidence_valid_for", .string("P")),
        ("schema", .string("evident/evidence/v1")), ("title", .int(5)), ("description", .null), ("owner", nil),
    ] as [(String, RecordValue?)])
    func badValuesAreReportedAtTheirField(_ key: String, _ value: RecordValue?) {
        #expect(Self.fields([(key, value)]) == [key])
    }

    @Test func everyProblemIsReportedAtOnce() {
        let fields = Self.fields([("status", .string("done")), ("frequency", .string("hourly")), ("notes", .string("x")), ("title", nil)])
        #expect(Set(fields) == ["status", "frequency", "notes", "title"])
    }

    @Test func mapsShapes() {
        #expect(Self.fields([("maps", nil), ("attributes", nil)]) == ["maps"])
        #expect(Self.fields([("maps", .strings(["3.5.3"])), ("attributes", nil)]) == ["maps"])
        #expect(Self.fields([("maps", .map([("soc2-2017", .strings([]))])), ("attributes", nil)]) == ["maps.soc2-2017"])
        #expect(Self.fields([("maps", .map([("soc2-2017", .string("CC6.1"))])), ("attributes", nil)]) == ["maps.soc2-2017"])
        #expect(Self.fields([("maps", .map([("soc2-2017", .strings(["CC6.1", "CC6.1"]))])), ("attributes", nil)]) == ["maps.soc2-2017[1]"])
        #expect(Self.fields([("maps", .map([("soc2-2017", .list([.int(3)]))])), ("attributes", nil)]) == ["maps.soc2-2017[0]"])
    }

    @Test func checkNamesUnknownCatalogsAndRequirementsWithClosestMatches() {
        let unknownCatalog = Self.issues([("maps", .map([("soc2-2071", .strings(["CC6.1"]))])), ("attributes", nil)])
        #expect(unknownCatalog.map(\.field) == ["maps.soc2-2071"])
        #expect(unknownCatalog.first?.problem.contains("did you mean soc2-2017") == true)
        let unknownRequirement = Self.issues([("maps", .map([("nist-800-171r2", .strings(["3.5.3", "3.5.33"]))]))])
        #expect(unknownRequirement.map(\.field) == ["maps.nist-800-171r2[1]"])
        #expect(unknownRequirement.first?.problem.contains("did you mean 3.5.3") == true)
        // Stored ids are canonical: the CMMC form is not a requirement id of the catalog.
        #expect(Self.fields([("maps", .map([("nist-800-171r2", .strings(["IA.L2-3.5.3"]))])), ("attributes", nil)]) == ["maps.nist-800-171r2[0]"])
    }

    @Test func attributesBelongToTheirRequirement() {
        // mfa_scope needs 3.5.3, encryption needs 3.13.11.
        let orphan = Self.issues([("maps", .map([("soc2-2017", .strings(["CC6.1"]))]))])
        #expect(orphan.map(\.field) == ["attributes.mfa_scope"])
        #expect(orphan.first?.problem.contains("nist-800-171r2:3.5.3") == true)
        #expect(Self.fields([("attributes", .map([("encryption", .string("fips_validated"))]))]) == ["attributes.encryption"])
        #expect(Self.issues([("maps", .map([("nist-800-171r2", .strings(["3.13.11"]))])),
                             ("attributes", .map([("encryption", .string("not_fips_validated"))]))]).isEmpty)
        // A value the attribute does not allow, an unknown attribute, a value that is not a string.
        #expect(Self.fields([("attributes", .map([("mfa_scope", .string("partial"))]))]) == ["attributes.mfa_scope"])
        #expect(Self.fields([("attributes", .map([("mfa_scope", .string("all")), ("colour", .string("red"))]))]) == ["attributes.colour"])
        #expect(Self.fields([("attributes", .map([("mfa_scope", .bool(true))]))]) == ["attributes.mfa_scope"])
        #expect(Self.fields([("attributes", .strings(["mfa_scope"]))]) == ["attributes"])
    }

    @Test func scoringAttributesAreTheTwoPartialCreditRequirements() {
        #expect(ControlRecord.scoringAttributes.map(\.key) == ["mfa_scope", "encryption"])
        #expect(ControlRecord.scoringAttributes.map(\.requirement) == ["nist-800-171r2:3.5.3", "nist-800-171r2:3.13.11"])
        for rule in ControlRecord.scoringAttributes {
            #expect(CatalogSet.builtIn.requirement(qualifiedID: rule.requirement)?.partialPoints == 3)
        }
    }

    @Test func equalityComparesMapsAndAttributesInOrder() throws {
        let a = try #require(ControlRecord.decode(Self.pairs(), file: Self.file).0)
        var b = a
        #expect(a == b)
        b.maps = [("soc2-2017", ["CC6.1"]), ("nist-800-171r2", ["3.5.3"])]
        #expect(a != b)
        b = a
        b.attributes = [("mfa_scope", "none")]
        #expect(a != b)
    }

    @Test func resolverTurnsEveryUserFormIntoTheCanonicalID() throws {
        let resolver = CatalogSet.builtIn.resolver
        for (text, qualified) in [("3.5.3", "nist-800-171r2:3.5.3"), ("IA.L2-3.5.3", "nist-800-171r2:3.5.3"), ("ia.l2-3.5.3", "nist-800-171r2:3.5.3"),
                                  ("nist-800-171r2:3.5.3", "nist-800-171r2:3.5.3"), ("CC6.1", "soc2-2017:CC6.1"), ("soc2:CC6.1", "soc2-2017:CC6.1"),
                                  ("cmmc-l2:IA.L2-3.5.3", "nist-800-171r2:3.5.3"), ("3.13.11", "nist-800-171r2:3.13.11")] {
            #expect(try resolver.requirement(text).qualifiedID == qualified, "\(text)")
        }
    }
}
