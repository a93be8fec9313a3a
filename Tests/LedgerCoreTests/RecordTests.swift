import LedgerCore
import Testing
import TestSupport

@Suite struct DateTests {
    @Test(arguments: [
        ("1970-01-01", 0), ("1970-01-02", 1), ("2000-03-01", 11_017), ("2024-02-29", 19_782), ("2026-11-29", 20_786),
    ])
    func epochDays(_ text: String, _ days: Int) throws {
        // Hand check for 2026-11-29: 56 years from 1970 with 14 leap days (1972..2024) = 20454 days to
        // 2026-01-01, plus 332 days (Jan..Oct = 304, + 28) = 20786.
        let day = try #require(Day(text))
        #expect(day.epochDay == days)
        #expect(Day(epochDay: days) == day)
        #expect(day.description == text)
    }

    @Test(arguments: ["2026-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "20261129", "2026-11-31", "yesterday", ""])
    func rejectsImpossibleDays(_ text: String) {
        #expect(Day(text) == nil)
    }

    @Test func monthArithmeticClampsToMonthEnd() throws {
        #expect(try #require(Day("2026-01-31")).adding(months: 1).description == "2026-02-28")
        #expect(try #require(Day("2024-01-31")).adding(months: 1).description == "2024-02-29")
        #expect(try #require(Day("2026-11-15")).adding(months: 3).description == "2027-02-15")
        #expect(try #require(Day("2026-12-31")).adding(days: 1).description == "2027-01-01")
    }

    @Test func timestampsParseWhatPeopleType() throws {
        #expect(Timestamp(parsing: "2026-11-28")?.description == "2026-11-28T00:00:00Z")
        #expect(Timestamp(parsing: "2026-11-28T14:03:00Z")?.description == "2026-11-28T14:03:00Z")
        #expect(Timestamp(parsing: "2026-11-28T14:03Z")?.description == "2026-11-28T14:03:00Z")
        // 01:30 at +02:00 is 23:30 UTC the day before.
        #expect(Timestamp(parsing: "2026-11-28T01:30:00+02:00")?.description == "2026-11-27T23:30:00Z")
        #expect(Timestamp(parsing: "2026-11-28T14:03:00.250Z")?.description == "2026-11-28T14:03:00Z")
        #expect(Timestamp(parsing: "2026-11-28T14:03:00") == nil) // no zone: ambiguous
        #expect(Timestamp(parsing: "2026-11-28T25:00:00Z") == nil)
        #expect(Timestamp(canonical: "2026-11-28T14:03:00+00:00") == nil)
    }

    @Test func durations() throws {
        let oneYear = try #require(ISODuration("P1Y"))
        #expect(oneYear.added(to: try #require(Day("2024-02-29"))).description == "2025-02-28")
        #expect(try #require(ISODuration("P14D")).added(to: try #require(Day("2026-12-25"))).description == "2027-01-08")
        #expect(try #require(ISODuration("P1Y2M3W4D")).description == "P1Y2M3W4D")
        for bad in ["P", "1Y", "P1H", "PT1H", "P1D1Y", "p1y", "P-1D", ""] { #expect(ISODuration(bad) == nil, "\(bad)") }
    }
}

@Suite struct IdentifierTests {
    @Test(arguments: ["IAM-MFA", "GOV-SSP", "A", "CM2-TICKETS-2026", "X1"])
    func validControlIDs(_ id: String) { #expect(ControlIDFormat.isValid(id)) }

    @Test(arguments: ["iam-mfa", "IAM_MFA", "-IAM", "IAM-", "IAM--MFA", "1IAM", "", "IAM MFA", String(repeating: "A", count: 65)])
    func invalidControlIDs(_ id: String) { #expect(!ControlIDFormat.isValid(id)) }

    @Test func controlIDSuggestion() {
        #expect(ControlIDFormat.suggestion(for: "iam_mfa") == "IAM-MFA")
        #expect(ControlIDFormat.suggestion(for: "gov ssp") == "GOV-SSP")
    }

    @Test func evidenceIDsCarryTheirDayAndFolder() throws {
        var rng = SplitMix64(seed: 7)
        let day = try #require(Day("2026-11-28"))
        let id = EvidenceIDFormat.make(day: day, using: &rng)
        #expect(id.hasPrefix("EV-20261128-"))
        #expect(EvidenceIDFormat.isValid(id))
        #expect(EvidenceIDFormat.day(of: id) == day)
        #expect(EvidenceIDFormat.folder(of: id) == "evidence/2026/11/\(id)")
        #expect(!EvidenceIDFormat.isValid("EV-20261128-7K3QXI")) // I is not Crockford base32
        #expect(!EvidenceIDFormat.isValid("EV-20261332-7K3QX2")) // no such day
        #expect(!EvidenceIDFormat.isValid("ev-20261128-7K3QX2"))
    }

    @Test(arguments: [
        ("okta.json", nil), ("exports/a/b.csv", nil), ("../x", "leave"), ("a/../../x", "leave"), ("/etc/passwd", "absolute"),
        ("a//b", "empty path component"), ("./a", "leave"), ("record.yaml", "record itself"), ("a\\b", "backslash"),
        ("x\n/../y", "control character"), (".git/config", ".git"),
    ] as [(String, String?)])
    func artifactPaths(_ path: String, _ problem: String?) {
        let found = ArtifactPath.problem(path)
        if let problem { #expect(found?.contains(problem) == true, "\(path): \(found ?? "accepted")") } else { #expect(found == nil) }
    }

    @Test func mediaTypesFromBytesThenName() {
        #expect(MediaType.detect(name: "x.bin", prefix: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) == "image/png")
        #expect(MediaType.detect(name: "policy", prefix: Array("%PDF-1.4".utf8)) == "application/pdf")
        #expect(MediaType.detect(name: "scan.CSV", prefix: []) == "text/csv")
        #expect(MediaType.detect(name: "a/b/okta.json", prefix: Array("{".utf8)) == "application/json")
        #expect(MediaType.detect(name: "blob", prefix: []) == "application/octet-stream")
    }
}

@Suite struct RecordTests {
    static func sample() -> EvidenceRecord {
        EvidenceRecord(
            id: "EV-20261128-7K3QX2", title: "Okta MFA policy export", controls: ["IAM-MFA", "IAM-SSO"],
            collectedAt: Timestamp(canonical: "2026-11-28T14:03:00Z")!, collectedBy: "Jane Doe <jane@acme.example>", source: "okta",
            method: "automated", covers: .init(from: Day("2026-11-01")!, to: Day("2026-11-28")!), validUntil: Day("2027-11-28"),
            classification: "internal",
            artifacts: [.init(path: "okta-mfa.json", sha256: String(repeating: "ab", count: 32), bytes: 1234, mediaType: "application/json")])
    }

    @Test func canonicalYAMLIsStable() {
        let text = CanonicalYAML.emit(Self.sample().recordValue)
        #expect(text == """
        schema: evident/evidence/v1
        id: EV-20261128-7K3QX2
        title: Okta MFA policy export
        controls:
        - IAM-MFA
        - IAM-SSO
        collected_at: 2026-11-28T14:03:00Z
        collected_by: Jane Doe <jane@acme.example>
        source: okta
        method: automated
        covers:
          from: 2026-11-01
          to: 2026-11-28
        valid_until: 2027-11-28
        classification: internal
        artifacts:
        - path: okta-mfa.json
          sha256: \(String(repeating: "ab", count: 32))
          bytes: 1234
          media_type: application/json

        """)
    }

    @Test(arguments: ["yes", "No", "true", "null", "~", "123", "1.5", "0x1F", "1:20", "-5", ".inf", "a: b", "#x", "- x", " lead", "trail ", "\"q\"", "", "a #b", "@x", "multi\nline"])
    func ambiguousStringsAreQuoted(_ s: String) {
        let out = CanonicalYAML.emit(.map([("k", .string(s))]))
        #expect(out.hasPrefix("k: \""), "\(s) -> \(out)")
    }

    @Test(arguments: ["okta", "IAM-MFA", "2026-11-28", "2026-11-28T14:03:00Z", "Jane Doe <jane@acme.example>", "application/json", "exports/a.csv"])
    func plainStringsStayPlain(_ s: String) {
        #expect(CanonicalYAML.emit(.map([("k", .string(s))])) == "k: \(s)\n")
    }

    @Test func decodeReportsEveryProblemWithItsField() {
        guard case .map(var pairs) = Self.sample().recordValue else { return }
        pairs.removeAll { $0.0 == "title" }
        pairs = pairs.map { $0.0 == "method" ? ("method", .string("telepathy")) : $0 }
        pairs.append(("colour", .string("blue")))
        pairs = pairs.map { $0.0 == "valid_until" ? ("valid_until", .string("2026-01-01")) : $0 }
        let (record, issues) = EvidenceRecord.decode(.map(pairs), file: "r.yaml")
        #expect(record == nil)
        let fields = Set(issues.map(\.field))
        #expect(fields == ["title", "method", "colour", "valid_until"])
        #expect(issues.allSatisfy { $0.file == "r.yaml" })
    }

    @Test func decodeChecksRulesBeyondTheSchema() {
        var r = Self.sample()
        r.collectedAt = Timestamp(canonical: "2026-11-27T23:59:59Z")!
        let (_, issues) = EvidenceRecord.decode(r.recordValue, file: "r.yaml")
        #expect(issues.map(\.field) == ["id"])
        var c = Self.sample()
        c.covers = .init(from: Day("2026-11-28")!, to: Day("2026-11-01")!)
        #expect(EvidenceRecord.decode(c.recordValue, file: "r.yaml").1.map(\.field) == ["covers.to"])
        var d = Self.sample()
        d.artifacts.append(d.artifacts[0])
        #expect(EvidenceRecord.decode(d.recordValue, file: "r.yaml").1.map(\.field) == ["artifacts[1].path"])
        #expect(EvidenceRecord.decode(Self.sample().recordValue, file: "r.yaml").0 == Self.sample())
    }

    @Test func frameworkScopesFromTheCommandLine() throws {
        #expect(try FrameworkScope.parse("cmmc-l2").get() == FrameworkScope(id: "cmmc-l2"))
        #expect(try FrameworkScope.parse("soc2").get().categories == ["security"])
        #expect(try FrameworkScope.parse("soc2:availability,confidentiality").get().categories == ["security", "availability", "confidentiality"])
        #expect(throws: LedgerError.self) { try FrameworkScope.parse("iso27001").get() }
        #expect(throws: LedgerError.self) { try FrameworkScope.parse("cmmc-l2:availability").get() }
        #expect(throws: LedgerError.self) { try FrameworkScope.parse("soc2:durability").get() }
    }
}
