import Foundation
import Testing
import TestSupport

// End-to-end tests of `evident system show|set`: the system section of .evident/ledger.yaml
// that the SSP and SPRS exports describe the system with. Cross-checked with the stock git CLI.

extension LedgerFixture {
    /// Clean work tree and index, and `git fsck --strict` silent.
    func expectCleanAfterExport(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(statusPorcelain.isEmpty, "\(statusPorcelain)", sourceLocation: sourceLocation)
        let fsck = git(["fsck", "--strict", "--no-progress"])
        #expect(fsck.status == 0 && (fsck.stdout + fsck.stderr).isEmpty, "\(fsck.stdout)\(fsck.stderr)", sourceLocation: sourceLocation)
    }

    /// A command that must be refused with `status` and words in its message, writing nothing.
    func expectRefusedWithoutWriting(_ args: [String], status: Int32, _ words: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let before = state()
        let r = evident(args, env: nowEnv)
        #expect(r.status == status, "\(args): exit \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
        for w in words { #expect(r.stderr.contains(w), "\(args): stderr lacks '\(w)': \(r.stderr)", sourceLocation: sourceLocation) }
        #expect(r.stdout.isEmpty, "\(args): stdout: \(r.stdout)", sourceLocation: sourceLocation)
        #expect(state() == before, "\(args): something was written", sourceLocation: sourceLocation)
    }

    /// The system section a hand-built test ledger uses (Northwind's CUI enclave).
    static let northwindSystem = [
        "name=Northwind CUI Enclave", "description=Engineering workstations and the CUI file server",
        "boundary=VLANs 210-219 behind the enclave firewall", "environments=On-premises enclave,AWS GovCloud (US-West)",
        "scope=enclave", "cage_codes=7NW42", "cage_codes=3KQ17", "ssp.version=2.1", "ssp.date=2026-05-15",
        "roles.system_owner.name=Alex Moreno", "roles.system_owner.title=Director of Engineering IT",
        "roles.system_owner.email=alex.moreno@northwind-aero.example",
        "roles.affirming_official.name=Morgan Ellis", "roles.affirming_official.title=Chief Executive Officer",
        "roles.affirming_official.email=morgan.ellis@northwind-aero.example",
        "roles.security_contact.name=Dana Whitfield", "roles.security_contact.title=Compliance Lead",
        "roles.security_contact.email=dana.whitfield@northwind-aero.example",
    ]

    func setSystem(_ fields: [String] = LedgerFixture.northwindSystem) {
        let r = evident(["system", "set"] + fields, env: nowEnv)
        precondition(r.status == 0, "system set failed: \(r.stderr)")
    }
}

@Suite struct SystemCommandTests {
    @Test func setWritesTheWholeSectionInOneCanonicalCommitAndShowReadsItBack() throws {
        let f = LedgerFixture(frameworks: ["cmmc-l2"])
        let before = f.show(".evident/ledger.yaml").stdout
        let commits = f.commitCount
        let r = f.evident(["system", "set"] + LedgerFixture.northwindSystem + ["cage_codes=1abc5"], env: nowEnv)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(f.commitCount == commits + 1)
        #expect(f.git(["show", "--name-only", "--format=", "HEAD"]).stdout == ".evident/ledger.yaml\n")
        #expect(f.trailer("Evident-Action") == ["system-set"])
        // The file is the old one with the section appended, in the schema's key order; the
        // repeated cage_codes add up (the lower-case code is upper-cased), environments split at commas.
        #expect(f.show(".evident/ledger.yaml").stdout == before + """
        system:
          name: Northwind CUI Enclave
          description: Engineering workstations and the CUI file server
          boundary: VLANs 210-219 behind the enclave firewall
          environments:
          - On-premises enclave
          - AWS GovCloud (US-West)
          scope: enclave
          cage_codes:
          - 7NW42
          - 3KQ17
          - 1ABC5
          ssp:
            version: "2.1"
            date: 2026-05-15
          roles:
            system_owner:
              name: Alex Moreno
              title: Director of Engineering IT
              email: alex.moreno@northwind-aero.example
            affirming_official:
              name: Morgan Ellis
              title: Chief Executive Officer
              email: morgan.ellis@northwind-aero.example
            security_contact:
              name: Dana Whitfield
              title: Compliance Lead
              email: dana.whitfield@northwind-aero.example

        """)
        f.expectCleanAfterExport()
        #expect(f.evident(["validate"]).status == 0)

        let shown = f.evident(["system", "show"])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("System: Northwind CUI Enclave\n"))
        #expect(shown.stdout.contains("CAGE codes: 7NW42, 3KQ17, 1ABC5\n"))
        #expect(shown.stdout.contains("SSP: version 2.1, dated 2026-05-15\n"))
        #expect(shown.stdout.contains("  Affirming official: Morgan Ellis, Chief Executive Officer <morgan.ellis@northwind-aero.example>\n"))
        #expect(shown.stdout.hasSuffix("Every field is set.\n"))

        let json = try #require(jsonObject(f.evident(["system", "show", "--format", "json"]).stdout))
        let system = try #require(json["system"] as? [String: Any])
        #expect(system["cage_codes"] as? [String] == ["7NW42", "3KQ17", "1ABC5"])
        #expect((system["ssp"] as? [String: Any])?["date"] as? String == "2026-05-15")
        #expect((json["missing"] as? [Any])?.isEmpty == true)
        #expect(json["revision"] as? String == f.head)
    }

    @Test func showNamesEveryMissingFieldWithTheCommandThatSetsIt() throws {
        let f = LedgerFixture(frameworks: ["cmmc-l2"])
        f.setSystem(["cage_codes=7NW42", "scope=enterprise"])
        let r = f.evident(["system", "show"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("System: (not set)\n"))
        // 17 fields, 2 set.
        #expect(r.stdout.contains("Missing (15):\n"))
        #expect(r.stdout.contains("  ssp.version "), "\(r.stdout)")
        #expect(r.stdout.contains("evident system set ssp.version=1.0\n"))
        #expect(!r.stdout.contains("  cage_codes "))
        let json = try #require(jsonObject(f.evident(["system", "show", "--format", "json"]).stdout))
        let missing = try #require(json["missing"] as? [[String: Any]])
        #expect(missing.count == 15)
        #expect(missing.first?["field"] as? String == "name")
        #expect(missing.first?["set"] as? String == "evident system set name=\"Northwind CUI Enclave\"")
        let system = try #require(json["system"] as? [String: Any])
        #expect(system["name"] is NSNull && system["scope"] as? String == "enterprise")
    }

    @Test func removingEveryFieldGivesBackTheLedgerFileByteForByte() {
        let f = LedgerFixture(frameworks: ["cmmc-l2", "soc2"])
        let original = f.show(".evident/ledger.yaml").stdout
        f.setSystem(["name=Northwind", "ssp.date=2026-05-15"])
        #expect(f.show(".evident/ledger.yaml").stdout != original)
        let r = f.evident(["system", "set", "name=", "ssp.date="], env: nowEnv)
        #expect(r.status == 0, "\(r.stderr)")
        // A ledger without a system section writes no `system:` key at all.
        #expect(f.show(".evident/ledger.yaml").stdout == original)
        #expect(f.git(["log", "-1", "--format=%s"]).stdout == "Describe the system: remove name, ssp.date\n")
        f.expectCleanAfterExport()
    }

    @Test func settingTheValuesAlreadyThereWritesNothing() {
        let f = LedgerFixture(frameworks: ["cmmc-l2"])
        f.setSystem(["cage_codes=7NW42,3KQ17"])
        let before = f.state()
        let r = f.evident(["system", "set", "cage_codes=7NW42", "cage_codes=3KQ17"], env: nowEnv)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("nothing written"))
        #expect(f.state() == before)
    }

    @Test func refusalsNameTheFieldAndTheFixAndWriteNothing() {
        let f = LedgerFixture(frameworks: ["cmmc-l2"])
        f.setSystem(["name=Northwind CUI Enclave"])
        f.expectRefusedWithoutWriting(["system", "set", "cage_codes=7NW4"], status: 65, ["cage_codes", "'7NW4' is not a CAGE code", "5 capital letters or digits"])
        f.expectRefusedWithoutWriting(["system", "set", "cage_codes=7NW42,7nw42"], status: 65, ["cage_codes 7NW42 is given twice"])
        f.expectRefusedWithoutWriting(["system", "set", "cage_codes=7N-42"], status: 65, ["'7N-42' is not a CAGE code"])
        f.expectRefusedWithoutWriting(["system", "set", "scope=division"], status: 65, ["scope 'division' is not one of enterprise, enclave, contract"])
        f.expectRefusedWithoutWriting(["system", "set", "ssp.date=2026-02-30"], status: 65, ["ssp.date '2026-02-30' is not a date", "YYYY-MM-DD"])
        // nowEnv's today is 2026-06-01: a plan is not issued on a day still to come; today itself is accepted (the last step).
        f.expectRefusedWithoutWriting(["system", "set", "ssp.date=2026-06-02"], status: 65, ["ssp.date 2026-06-02 is after today (2026-06-01)", "ssp.date=2026-06-01"])
        f.expectRefusedWithoutWriting(["system", "set", "roles.system_owner.email=Alex Moreno"], status: 65,
                                      ["roles.system_owner.email 'Alex Moreno' is not an email address", "evident system set roles.system_owner.email=name@example.com"])
        f.expectRefusedWithoutWriting(["system", "set", "name=Two\nlines"], status: 65, ["name must be one line"])
        f.expectRefusedWithoutWriting(["system", "set", "name=a", "name=b"], status: 65, ["name is given twice"])
        f.expectRefusedWithoutWriting(["system", "set", "environments=A,A"], status: 65, ["environments 'A' is given twice"])
        f.expectRefusedWithoutWriting(["system", "set", "ssp.version=" + String(repeating: "9", count: 51)], status: 65, ["ssp.version is longer than 50 characters"])
        // An unknown field lists the valid ones (and the closest).
        f.expectRefusedWithoutWriting(["system", "set", "cage_code=7NW42"], status: 65,
                                      ["'cage_code' is not a field of the system section (did you mean cage_codes?)", "name, description, boundary, environments, scope, cage_codes, ssp.version, ssp.date, roles.system_owner.name"])
        f.expectRefusedWithoutWriting(["system", "set", "7NW42"], status: 65, ["'7NW42' is not FIELD=VALUE"])
        f.expectRefusedWithoutWriting(["system", "set"], status: 64, ["give at least one FIELD=VALUE"])
        #expect(f.evident(["system", "set", "ssp.date=2026-06-01"], env: nowEnv).status == 0)
        f.expectCleanAfterExport()
    }

    @Test func aHandEditedSectionThatDoesNotValidateIsReportedByValidate() {
        let f = LedgerFixture(frameworks: ["cmmc-l2"])
        let path = f.root + "/.evident/ledger.yaml"
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        try? (text + "system:\n  cage_codes:\n  - 7nw42\n").write(toFile: path, atomically: true, encoding: .utf8)
        let r = f.evident(["validate", ".evident/ledger.yaml"])
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect((r.stdout + r.stderr).contains("system.cage_codes[0]: '7nw42' is not a CAGE code: write it in capitals, 7NW42"), "\(r.stdout)\(r.stderr)")
    }
}
