import Foundation
@testable import LedgerCore
import Testing

/// The system section of ledger.yaml (`SystemSection`): what it reads, what it refuses, what is missing.
@Suite struct SystemSectionTests {
    static let base: [(String, RecordValue)] = [
        ("schema", .string(LedgerConfig.schemaID)), ("organization", .string("Northwind Aerospace Systems")),
        ("frameworks", .list([.map([("id", .string("cmmc-l2"))])])),
        ("policy", .map([("max_artifact_bytes", .int(1000)), ("default_evidence_validity", .string("P1Y")), ("grace", .string("P14D")),
                         ("require_signed_snapshots", .bool(false))])),
        ("created_at", .string("2026-01-05T09:00:00Z")),
    ]

    static func config(_ system: RecordValue) -> (LedgerConfig?, [ValidationIssue]) {
        LedgerConfig.decode(.map(base + [("system", system)]))
    }

    @Test func readsEveryFieldAndWritesItBackInFileOrder() throws {
        let system = RecordValue.map([
            ("name", .string("Northwind CUI Enclave")), ("environments", .strings(["On-premises", "AWS GovCloud"])), ("scope", .string("enclave")),
            ("cage_codes", .strings(["7NW42"])), ("ssp", .map([("version", .string("2.1")), ("date", .string("2026-05-15"))])),
            ("roles", .map([("affirming_official", .map([("name", .string("Morgan Ellis")), ("email", .string("morgan@example.com"))]))])),
        ])
        let (config, issues) = Self.config(system)
        #expect(issues.isEmpty, "\(issues)")
        let s = try #require(config?.system)
        #expect(s.name == "Northwind CUI Enclave" && s.scope == "enclave" && s.cageCodes == ["7NW42"])
        #expect(s.sspVersion == "2.1" && s.sspDate == Day("2026-05-15"))
        #expect(s.roles.affirmingOfficial == SystemSection.Person(name: "Morgan Ellis", email: "morgan@example.com"))
        #expect(s.roles.systemOwner.isEmpty)
        #expect(s.recordValue == system)
        // 17 fields, 8 given (name, environments, scope, cage_codes, ssp.version, ssp.date, 2 of the official's).
        #expect(s.missing.map(\.rawValue) == ["description", "boundary", "roles.system_owner.name", "roles.system_owner.title",
                                              "roles.system_owner.email", "roles.affirming_official.title", "roles.security_contact.name",
                                              "roles.security_contact.title", "roles.security_contact.email"])
    }

    @Test func aLedgerWithoutTheSectionWritesNoSystemKey() throws {
        let (config, issues) = LedgerConfig.decode(.map(Self.base))
        #expect(issues.isEmpty)
        let c = try #require(config)
        #expect(c.system == nil)
        #expect(c.recordValue == .map(Self.base))
        var emptied = c
        emptied.system = SystemSection()
        #expect(emptied.recordValue == .map(Self.base))
    }

    @Test func refusesWhatTheSchemaRefuses() {
        let cases: [(RecordValue, String, String)] = [
            (.map([("cage_codes", .strings(["7NW4"]))]), "system.cage_codes[0]", "is not a CAGE code"),
            (.map([("cage_codes", .strings(["7nw42"]))]), "system.cage_codes[0]", "write it in capitals, 7NW42"),
            (.map([("cage_codes", .strings(["7NW42", "7NW42"]))]), "system.cage_codes[1]", "listed twice"),
            (.map([("scope", .string("division"))]), "system.scope", "is not one of enterprise, enclave, contract"),
            (.map([]), "system", "must not be empty"),
            (.map([("environments", .list([]))]), "system.environments", "must not be empty"),
            (.map([("ssp", .map([("version", .int(2))]))]), "system.ssp.version", "must be a string"),
            (.map([("ssp", .map([("date", .string("2026-02-30"))]))]), "system.ssp.date", "is not a date"),
            (.map([("name", .string("Two\nlines"))]), "system.name", "must be one line"),
            (.map([("boundary", .string("  "))]), "system.boundary", "must not be empty"),
            (.map([("roles", .map([("system_owner", .map([]))]))]), "system.roles.system_owner", "must not be empty"),
            (.map([("roles", .map([("system_owner", .map([("email", .string("Alex"))]))]))]), "system.roles.system_owner.email", "is not an email address"),
            (.map([("owner", .string("Alex"))]), "system.owner", "is not a known field"),
        ]
        for (value, field, words) in cases {
            let (config, issues) = Self.config(value)
            #expect(config == nil, "\(value)")
            #expect(issues.contains { $0.field == field && $0.problem.contains(words) }, "\(field): \(issues)")
        }
        // Prose may span lines; one-line fields may not.
        #expect(Self.config(.map([("description", .string("line one\nline two"))])).1.isEmpty)
    }

    @Test func assignmentsReplaceListsAndRemoveFieldsGivenNoValue() throws {
        let code = try #require(CAGECode("7NW42"))
        var s = SystemSection(name: "Old", cageCodes: ["1ABC5", "2DEF6"])
        s = s.applying([.text(.name, nil), .cageCodes([code]), .scope(.contract), .sspDate(Day("2026-05-15")), .text(.securityContactEmail, "sec@example.com")])
        #expect(s.name == nil && s.cageCodes == ["7NW42"] && s.scope == "contract" && s.sspDate == Day("2026-05-15"))
        #expect(s.roles.securityContact.email == "sec@example.com")
        #expect(s.applying([.cageCodes([]), .scope(nil), .sspDate(nil), .text(.securityContactEmail, nil)]).isEmpty)
    }

    @Test func cageCodesAreFiveCapitalLettersOrDigits() {
        #expect(CAGECode("7NW42")?.code == "7NW42")
        #expect(CAGECode("00000") != nil)
        for bad in ["7NW4", "7NW421", "7nw42", "7N-42", "7NW4 ", "７NW42", ""] { #expect(CAGECode(bad) == nil, "\(bad)") }
    }
}
