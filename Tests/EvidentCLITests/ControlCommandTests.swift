import Foundation
import LedgerCore
import Testing
import TestSupport

/// `evident control add|set|map|unmap|import|list|show`, end to end through the real binary and
/// cross-checked with the stock git CLI.
@Suite struct ControlCommandTests {
    // MARK: helpers

    /// A ledger without the starter library, so every control in it is the test's own.
    static func emptyLedger() -> LedgerFixture { LedgerFixture(starterControls: false) }

    @discardableResult
    static func add(_ f: LedgerFixture, _ id: String, title: String = "A control", owner: String = "owner@example.com",
                    frequency: String = "monthly", _ extra: [String] = []) -> ProcessResult {
        f.evident(["control", "add", id, "--title", title, "--owner", owner, "--frequency", frequency] + extra, env: nowEnv)
    }

    /// Adds a control and fails loudly if that does not work.
    static func mustAdd(_ f: LedgerFixture, _ id: String, _ extra: [String] = []) {
        let r = add(f, id, extra)
        precondition(r.status == 0, "control add \(id) failed: \(r.stderr)")
    }

    /// The record at HEAD as git stores it.
    static func stored(_ f: LedgerFixture, _ id: String) -> String { f.show("controls/\(id).yaml").stdout }

    /// The ledger is exactly as git and evident expect after a write.
    static func expectClean(_ f: LedgerFixture, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(f.statusPorcelain.isEmpty, "\(f.statusPorcelain)", sourceLocation: sourceLocation)
        #expect(f.fsckOutput.isEmpty, "\(f.fsckOutput)", sourceLocation: sourceLocation)
        let v = f.evident(["validate"])
        #expect(v.status == 0, "\(v.stdout)\(v.stderr)", sourceLocation: sourceLocation)
    }

    /// Runs a command that must be refused with `status`, leaving HEAD, index and work tree alone.
    @discardableResult
    static func refused(_ f: LedgerFixture, _ args: [String], status: Int32, mentions: [String] = [],
                        sourceLocation: SourceLocation = #_sourceLocation) -> ProcessResult {
        let before = f.state()
        let r = f.evident(args, env: nowEnv)
        #expect(r.status == status, "\(args): exit \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
        for m in mentions { #expect(r.stderr.contains(m), "\(args): stderr lacks '\(m)': \(r.stderr)", sourceLocation: sourceLocation) }
        #expect(f.state() == before, "\(args) wrote something", sourceLocation: sourceLocation)
        #expect(f.statusPorcelain.isEmpty, sourceLocation: sourceLocation)
        return r
    }

    static func title(_ catalog: Catalog, _ id: String) -> String { catalog.requirement(id)!.title }

    // MARK: add

    @Test func addWritesOneCanonicalRecordInOneCommit() {
        let f = Self.emptyLedger()
        let before = f.commitCount
        let r = Self.add(f, "SEC-MFA", title: "Multifactor authentication", owner: "it-security@example.com", [
            "--maps", "soc2:CC6.1", "--maps", "IA.L2-3.5.3", "--attribute", "mfa_scope=all",
            "--description", "Okta enforces MFA", "--evidence-valid-for", "P3M",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("SEC-MFA"))
        #expect(f.commitCount == before + 1)
        #expect(Self.stored(f, "SEC-MFA") == """
            schema: evident/control/v1
            id: SEC-MFA
            title: Multifactor authentication
            description: Okta enforces MFA
            owner: it-security@example.com
            status: planned
            frequency: monthly
            evidence_valid_for: P3M
            maps:
              nist-800-171r2:
              - "3.5.3"
              soc2-2017:
              - CC6.1
            attributes:
              mfa_scope: all

            """)
        #expect(f.trailer("Evident-Action") == ["control-add"])
        #expect(f.trailer("Control-Id") == ["SEC-MFA"])
        #expect(f.git(["log", "-1", "--format=%s"]).stdout.contains("SEC-MFA"))
        // Only the control file changed.
        #expect(nonEmptyLines(f.git(["show", "--name-only", "--format=", "HEAD"]).stdout) == ["controls/SEC-MFA.yaml"])
        Self.expectClean(f)
    }

    @Test func everyRequirementFormIsStoredCanonicallyUnderItsCatalog() {
        let f = Self.emptyLedger()
        let table: [(String, String, String)] = [
            ("3.5.3", "nist-800-171r2", "3.5.3"), ("IA.L2-3.5.3", "nist-800-171r2", "3.5.3"), ("ia.l2-3.5.3", "nist-800-171r2", "3.5.3"),
            ("nist-800-171r2:3.5.3", "nist-800-171r2", "3.5.3"), ("800-171:3.5.3", "nist-800-171r2", "3.5.3"),
            ("cmmc-l2:IA.L2-3.5.3", "nist-800-171r2", "3.5.3"), ("CC6.1", "soc2-2017", "CC6.1"), ("soc2:CC6.1", "soc2-2017", "CC6.1"),
            ("soc2-2017:CC6.1", "soc2-2017", "CC6.1"), ("cc6.1", "soc2-2017", "CC6.1"), ("AC.L1-b.1.i", "cmmc-l1", "AC.L1-b.1.i"),
            ("AC.L1-3.1.1", "cmmc-l1", "AC.L1-b.1.i"), ("AC.L3-3.1.2e", "cmmc-l3", "3.1.2e"), ("3.1.2e", "cmmc-l3", "3.1.2e"),
        ]
        for (i, (form, catalog, canonical)) in table.enumerated() {
            let id = "FORM-\(i)"
            let r = Self.add(f, id, ["--maps", form])
            #expect(r.status == 0, "\(form): \(r.stderr)")
            let yaml = Self.stored(f, id)
            let quoted = canonical.first!.isNumber ? "\"\(canonical)\"" : canonical
            #expect(yaml.contains("maps:\n  \(catalog):\n  - \(quoted)\nattributes:") || yaml.hasSuffix("maps:\n  \(catalog):\n  - \(quoted)\n"),
                    "\(form) -> \(yaml)")
        }
        Self.expectClean(f)
    }

    @Test func mapsAreOrderedByCatalogThenRequirementOrder() {
        let f = Self.emptyLedger()
        Self.mustAdd(f, "SEC-ORDER", ["--maps", "CC6.7", "--maps", "3.13.11", "--maps", "CC6.1", "--maps", "AC.L1-b.1.i", "--maps", "3.1.1",
                                      "--maps", "3.1.1", "--maps", "AC.L2-3.1.1"])
        #expect(Self.stored(f, "SEC-ORDER").hasSuffix("""
            maps:
              nist-800-171r2:
              - "3.1.1"
              - "3.13.11"
              cmmc-l1:
              - AC.L1-b.1.i
              soc2-2017:
              - CC6.1
              - CC6.7

            """))
    }

    @Test func addRefusesBadInputAndWritesNothing() {
        let f = Self.emptyLedger()
        Self.mustAdd(f, "SEC-ONE", ["--maps", "3.5.3"])
        let base = ["control", "add", "SEC-TWO", "--title", "Two", "--owner", "two@example.com", "--frequency", "monthly"]
        // A duplicate id.
        Self.refused(f, ["control", "add", "SEC-ONE", "--title", "Again", "--owner", "a@example.com", "--frequency", "monthly"],
                     status: 65, mentions: ["SEC-ONE", "already exists"])
        // Unknown requirements, each named with its closest matches.
        Self.refused(f, base + ["--maps", "3.5.33", "--maps", "CC6.11"], status: 65, mentions: ["3.5.33", "did you mean 3.5.3", "CC6.11", "CC6.1"])
        Self.refused(f, base + ["--maps", "soc9:CC6.1"], status: 65, mentions: ["soc9:CC6.1"])
        // not_applicable without a justification.
        Self.refused(f, base + ["--status", "not_applicable"], status: 65, mentions: ["justification"])
        // An attribute whose requirement is not mapped, a value it does not allow, an unknown attribute.
        Self.refused(f, base + ["--maps", "CC6.1", "--attribute", "mfa_scope=all"], status: 65, mentions: ["mfa_scope", "3.5.3"])
        Self.refused(f, base + ["--maps", "3.5.3", "--attribute", "encryption=fips_validated"], status: 65, mentions: ["encryption", "3.13.11"])
        Self.refused(f, base + ["--maps", "3.5.3", "--attribute", "mfa_scope=sometimes"], status: 65, mentions: ["sometimes", "remote_and_privileged"])
        Self.refused(f, base + ["--maps", "3.5.3", "--attribute", "colour=red"], status: 65, mentions: ["colour"])
        Self.refused(f, base + ["--attribute", "mfa_scope"], status: 64, mentions: ["KEY=VALUE"])
        // Malformed ids.
        for bad in ["sec-two", "SEC_TWO", "SEC-", "SEC--TWO", "1SEC", String(repeating: "A", count: 65)] {
            Self.refused(f, ["control", "add", bad, "--title", "T", "--owner", "a@example.com", "--frequency", "monthly"], status: 65, mentions: ["control id"])
        }
        // Bad values, reported with their field.
        Self.refused(f, base + ["--status", "done"], status: 65, mentions: ["status", "done", "not_applicable"])
        Self.refused(f, ["control", "add", "SEC-TWO", "--title", "Two", "--owner", "two@example.com", "--frequency", "hourly"],
                     status: 65, mentions: ["frequency", "hourly"])
        Self.refused(f, base + ["--evidence-valid-for", "1 year"], status: 65, mentions: ["--evidence-valid-for", "P1Y"])
        Self.refused(f, ["control", "add", "SEC-TWO", "--title", "Two", "--owner", "nobody", "--frequency", "monthly"], status: 65, mentions: ["owner"])
        Self.refused(f, ["control", "add", "SEC-TWO", "--title", "  ", "--owner", "a@example.com", "--frequency", "monthly"], status: 65, mentions: ["title"])
        // Usage: a required option missing.
        Self.refused(f, ["control", "add", "SEC-TWO", "--owner", "two@example.com", "--frequency", "monthly"], status: 64)
        #expect(f.read("controls/SEC-TWO.yaml") == nil)
    }

    @Test func notApplicableWithJustificationIsAccepted() {
        let f = Self.emptyLedger()
        let r = Self.add(f, "NET-WIFI", ["--status", "not_applicable", "--justification", "No wireless in the enclave", "--maps", "3.1.16"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.stored(f, "NET-WIFI").contains("status: not_applicable\njustification: No wireless in the enclave\nfrequency: monthly\n"))
        Self.expectClean(f)
    }

    // MARK: set

    @Test func setChangesFieldsAndEmptyValuesRemoveOptionalOnes() {
        let f = Self.emptyLedger()
        Self.mustAdd(f, "SEC-MFA", ["--maps", "3.5.3", "--description", "Old words"])
        let before = f.commitCount
        var r = f.evident(["control", "set", "SEC-MFA", "status=implemented", "description=New words", "evidence_valid_for=P6M",
                           "mfa_scope=remote_and_privileged", "owner=iam@example.com"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(f.commitCount == before + 1)
        #expect(f.trailer("Evident-Action") == ["control-set"])
        #expect(f.trailer("Control-Id") == ["SEC-MFA"])
        var yaml = Self.stored(f, "SEC-MFA")
        #expect(yaml.contains("description: New words\nowner: iam@example.com\nstatus: implemented\nfrequency: monthly\nevidence_valid_for: P6M\n"))
        #expect(yaml.hasSuffix("attributes:\n  mfa_scope: remote_and_privileged\n"))
        // attributes.KEY works as well; an empty value removes the field or attribute.
        r = f.evident(["control", "set", "SEC-MFA", "description=", "attributes.mfa_scope=", "evidence_valid_for="])
        #expect(r.status == 0, "\(r.stderr)")
        yaml = Self.stored(f, "SEC-MFA")
        #expect(!yaml.contains("description") && !yaml.contains("attributes") && !yaml.contains("evidence_valid_for"))
        // not_applicable together with its justification in one command.
        r = f.evident(["control", "set", "SEC-MFA", "status=not_applicable", "justification=MFA is enforced by the host agency"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.stored(f, "SEC-MFA").contains("status: not_applicable\njustification: MFA is enforced by the host agency\n"))
        #expect(f.commitCount == before + 3)
        Self.expectClean(f)
    }

    @Test func setThatChangesNothingMakesNoCommit() {
        let f = Self.emptyLedger()
        Self.mustAdd(f, "SEC-A", ["--status", "implemented"])
        let before = f.state()
        let r = f.evident(["control", "set", "SEC-A", "status=implemented"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("nothing written"))
        #expect(f.state() == before)
    }

    @Test func setRefusals() {
        let f = LedgerFixture()  // the starter library, for closest-id suggestions
        Self.refused(f, ["control", "set", "IAM-MFX", "status=implemented"], status: 66, mentions: ["IAM-MFX", "IAM-MFA"])
        Self.refused(f, ["control", "set", "iam-mfa", "status=implemented"], status: 65, mentions: ["IAM-MFA"])
        Self.refused(f, ["control", "set", "IAM-MFA", "status=not_applicable"], status: 65, mentions: ["justification"])
        Self.refused(f, ["control", "set", "IAM-MFA", "status=done"], status: 65, mentions: ["status", "done"])
        Self.refused(f, ["control", "set", "IAM-MFA", "mfa_scope=partial"], status: 65, mentions: ["mfa_scope", "partial"])
        Self.refused(f, ["control", "set", "IAM-MFA", "encryption=fips_validated"], status: 65, mentions: ["encryption", "3.13.11"])
        Self.refused(f, ["control", "set", "IAM-MFA", "title="], status: 65, mentions: ["title"])
        Self.refused(f, ["control", "set", "IAM-MFA", "owner=nobody"], status: 65, mentions: ["owner"])
        Self.refused(f, ["control", "set", "IAM-MFA", "evidence_valid_for=forever"], status: 65, mentions: ["evidence_valid_for"])
        Self.refused(f, ["control", "set", "IAM-MFA", "colour=red"], status: 64, mentions: ["colour"])
        Self.refused(f, ["control", "set", "IAM-MFA", "id=IAM-2FA"], status: 64)
        Self.refused(f, ["control", "set", "IAM-MFA", "status"], status: 64, mentions: ["KEY=VALUE"])
        Self.refused(f, ["control", "set", "IAM-MFA"], status: 64)
        // A refused change is all or nothing: the good assignment is not written either.
        Self.refused(f, ["control", "set", "IAM-MFA", "status=implemented", "mfa_scope=partial"], status: 65)
    }

    // MARK: map, unmap

    @Test func mapAndUnmap() {
        let f = Self.emptyLedger()
        Self.mustAdd(f, "SEC-CRYPTO", ["--maps", "CC6.7"])
        var r = f.evident(["control", "map", "SEC-CRYPTO", "SC.L2-3.13.11", "soc2:CC6.1", "3.13.8"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(f.trailer("Evident-Action") == ["control-map"])
        #expect(f.trailer("Control-Id") == ["SEC-CRYPTO"])
        #expect(Self.stored(f, "SEC-CRYPTO").hasSuffix("maps:\n  nist-800-171r2:\n  - \"3.13.8\"\n  - \"3.13.11\"\n  soc2-2017:\n  - CC6.1\n  - CC6.7\n"))
        r = f.evident(["control", "set", "SEC-CRYPTO", "encryption=fips_validated"])
        #expect(r.status == 0, "\(r.stderr)")
        // Mapping what is already mapped changes nothing and makes no commit.
        let count = f.commitCount
        r = f.evident(["control", "map", "SEC-CRYPTO", "3.13.8"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(f.commitCount == count)
        r = f.evident(["control", "unmap", "SEC-CRYPTO", "CC6.7", "nist-800-171r2:3.13.8"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(f.trailer("Evident-Action") == ["control-unmap"])
        #expect(f.trailer("Control-Id") == ["SEC-CRYPTO"])
        #expect(f.commitCount == count + 1)
        #expect(Self.stored(f, "SEC-CRYPTO").hasSuffix("maps:\n  nist-800-171r2:\n  - \"3.13.11\"\n  soc2-2017:\n  - CC6.1\nattributes:\n  encryption: fips_validated\n"))
        // Unmapping the last requirement of a catalog drops the catalog.
        r = f.evident(["control", "unmap", "SEC-CRYPTO", "CC6.1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!Self.stored(f, "SEC-CRYPTO").contains("soc2-2017"))
        Self.expectClean(f)
    }

    @Test func mapAndUnmapRefusals() {
        let f = LedgerFixture()
        // IAM-MFA maps 3.5.3 and CC6.1 with mfa_scope=all in the starter library.
        Self.refused(f, ["control", "map", "IAM-MFA", "3.5.33"], status: 65, mentions: ["3.5.33", "3.5.3"])
        Self.refused(f, ["control", "map", "IAM-MFA", "CC6.1", "CC9.9"], status: 65, mentions: ["CC9.9"])
        Self.refused(f, ["control", "map", "IAM-MFX", "3.5.3"], status: 66, mentions: ["IAM-MFA"])
        Self.refused(f, ["control", "map", "IAM-MFA"], status: 64)
        Self.refused(f, ["control", "unmap", "IAM-MFA", "IA.L2-3.5.3"], status: 65, mentions: ["mfa_scope", "3.5.3", "mfa_scope="])
        Self.refused(f, ["control", "unmap", "IAM-MFA", "3.1.1"], status: 65, mentions: ["does not map", "3.1.1"])
        Self.refused(f, ["control", "unmap", "IAM-MFX", "3.5.3"], status: 66, mentions: ["IAM-MFA"])
        Self.refused(f, ["control", "unmap", "IAM-MFA", "9.9.9"], status: 65, mentions: ["9.9.9"])
        // Removing the attribute first makes the unmap possible.
        #expect(f.evident(["control", "set", "IAM-MFA", "mfa_scope="]).status == 0)
        #expect(f.evident(["control", "unmap", "IAM-MFA", "IA.L2-3.5.3"]).status == 0)
        Self.expectClean(f)
    }

    // MARK: list, show

    @Test func listFilters() throws {
        let f = Self.emptyLedger()
        Self.mustAdd(f, "SEC-MFA", ["--maps", "3.5.3", "--maps", "CC6.1", "--status", "implemented"])
        Self.mustAdd(f, "SEC-SOC", ["--maps", "CC1.1"])
        Self.mustAdd(f, "SEC-L1", ["--maps", "AC.L1-b.1.i"])
        Self.mustAdd(f, "SEC-NONE")
        func ids(_ args: [String]) -> [String] {
            let r = f.evident(["control", "list", "--format", "json"] + args)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            let controls = (jsonObject(r.stdout)?["controls"] as? [[String: Any]]) ?? []
            return controls.compactMap { $0["id"] as? String }
        }
        #expect(ids([]) == ["SEC-L1", "SEC-MFA", "SEC-NONE", "SEC-SOC"])
        #expect(ids(["--framework", "soc2"]) == ["SEC-MFA", "SEC-SOC"])
        #expect(ids(["--framework", "cmmc-l2"]) == ["SEC-MFA"])
        #expect(ids(["--framework", "nist-800-171r2"]) == ["SEC-MFA"])
        #expect(ids(["--framework", "cmmc-l1"]) == ["SEC-L1"])
        #expect(ids(["--framework", "cmmc-l3"]) == [])
        #expect(ids(["--status", "implemented"]) == ["SEC-MFA"])
        #expect(ids(["--status", "planned", "--framework", "soc2"]) == ["SEC-SOC"])
        #expect(ids(["--unmapped"]) == ["SEC-NONE"])
        // JSON carries the record's fields.
        let r = f.evident(["control", "list", "--format", "json", "--framework", "cmmc-l2"])
        let first = try #require((jsonObject(r.stdout)?["controls"] as? [[String: Any]])?.first)
        #expect(first["status"] as? String == "implemented")
        #expect((first["maps"] as? [String: [String]])?["nist-800-171r2"] == ["3.5.3"])
        #expect(first["path"] as? String == "controls/SEC-MFA.yaml")
        // Text.
        let text = f.evident(["control", "list", "--framework", "soc2"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("SEC-MFA") && text.stdout.contains("SEC-SOC") && !text.stdout.contains("SEC-NONE"))
        #expect(text.stdout.contains("CC6.1"))
        // Bad filters.
        #expect(f.evident(["control", "list", "--framework", "iso27001"]).status == 66)
        #expect(f.evident(["control", "list", "--status", "done"]).status == 64)
    }

    @Test func showNamesRequirementsInEveryFrameworkAndTheEvidence() throws {
        let f = Self.emptyLedger()
        Self.mustAdd(f, "SEC-MFA", ["--maps", "IA.L2-3.5.3", "--maps", "soc2:CC6.1", "--maps", "IA.L1-b.1.vi", "--attribute", "mfa_scope=all"])
        Self.mustAdd(f, "SEC-OTHER")
        let ev = f.addEvidence(control: "SEC-MFA", title: "Okta MFA export")
        _ = f.addEvidence("other.json", control: "SEC-OTHER", title: "Unrelated")
        let text = f.evident(["control", "show", "SEC-MFA"])
        #expect(text.status == 0, "\(text.stderr)")
        for needle in ["SEC-MFA", "owner@example.com", "planned", "monthly", "mfa_scope=all", "3.5.3", "IA.L2-3.5.3", "CC6.1", "IA.L1-b.1.vi",
                       Self.title(Catalogs.nist800171r2, "3.5.3"), Self.title(Catalogs.soc2, "CC6.1"), Self.title(Catalogs.cmmcL1, "IA.L1-b.1.vi"),
                       ev, "Okta MFA export"] {
            #expect(text.stdout.contains(needle), "show lacks \(needle): \(text.stdout)")
        }
        #expect(!text.stdout.contains("Unrelated"))
        let json = f.evident(["control", "show", "SEC-MFA", "--format", "json"])
        #expect(json.status == 0)
        let object = try #require(jsonObject(json.stdout))
        #expect(object["id"] as? String == "SEC-MFA")
        let requirements = try #require(object["requirements"] as? [[String: Any]])
        #expect(requirements.compactMap { $0["qualified_id"] as? String } == ["nist-800-171r2:3.5.3", "cmmc-l1:IA.L1-b.1.vi", "soc2-2017:CC6.1"])
        #expect(requirements.first?["title"] as? String == Self.title(Catalogs.nist800171r2, "3.5.3"))
        #expect(requirements.first?["cmmc_id"] as? String == "IA.L2-3.5.3")
        let evidence = try #require(object["evidence"] as? [[String: Any]])
        #expect(evidence.compactMap { $0["id"] as? String } == [ev])
        // Each control lists only the evidence that names it.
        let other = f.evident(["control", "show", "SEC-OTHER", "--format", "json"])
        #expect((jsonObject(other.stdout)?["evidence"] as? [Any])?.count == 1)
    }

    @Test func showRefusals() {
        let f = LedgerFixture()
        let r = f.evident(["control", "show", "IAM-MFX"])
        #expect(r.status == 66)
        #expect(r.stderr.contains("IAM-MFA"))
        #expect(f.evident(["control", "show", "iam mfa"]).status == 65)
    }

    // MARK: import

    static let csv = """
        id,title,owner,frequency,maps,status,attributes,description
        SEC-MFA,Multifactor authentication,iam@example.com,monthly,IA.L2-3.5.3;soc2:CC6.1,implemented,mfa_scope=all,"MFA everywhere, no exceptions"
        SEC-CRYPTO,FIPS encryption,platform@example.com,quarterly,3.13.11; CC6.7,,encryption=fips_validated,
        SEC-NONE,Not mapped yet,gov@example.com,annual,,planned,,

        """

    @Test func importCSVAddsInOneCommitWithReport() throws {
        let f = Self.emptyLedger()
        let path = f.files.write("controls.csv", Self.csv)
        let before = f.commitCount
        let r = f.evident(["control", "import", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(f.commitCount == before + 1)
        for id in ["SEC-MFA", "SEC-CRYPTO", "SEC-NONE"] { #expect(r.stdout.contains("added") && r.stdout.contains(id)) }
        #expect(f.trailer("Evident-Action") == ["control-import"])
        #expect(f.trailer("Control-Id") == ["SEC-MFA, SEC-CRYPTO, SEC-NONE"])
        #expect(Self.stored(f, "SEC-MFA") == """
            schema: evident/control/v1
            id: SEC-MFA
            title: Multifactor authentication
            description: MFA everywhere, no exceptions
            owner: iam@example.com
            status: implemented
            frequency: monthly
            maps:
              nist-800-171r2:
              - "3.5.3"
              soc2-2017:
              - CC6.1
            attributes:
              mfa_scope: all

            """)
        #expect(Self.stored(f, "SEC-CRYPTO").contains("status: planned\n"))
        #expect(Self.stored(f, "SEC-NONE").contains("maps: {}\n"))
        #expect(nonEmptyLines(f.git(["show", "--name-only", "--format=", "HEAD"]).stdout).sorted()
                == ["controls/SEC-CRYPTO.yaml", "controls/SEC-MFA.yaml", "controls/SEC-NONE.yaml"])
        Self.expectClean(f)
    }

    @Test func importUpdatesExistingControlsAndReportsAddedChangedUnchanged() throws {
        let f = Self.emptyLedger()
        Self.mustAdd(f, "SEC-MFA", ["--maps", "3.5.3"])
        Self.mustAdd(f, "SEC-SAME", ["--maps", "CC1.1"])
        let yaml = f.files.write("controls.yaml", """
            - id: SEC-MFA
              status: implemented
              maps: [IA.L2-3.5.3, soc2:CC6.1]
              attributes: {mfa_scope: remote_and_privileged}
            - id: SEC-SAME
              maps: [CC1.1]
            - id: SEC-NEW
              title: A new control
              owner: new@example.com
              frequency: weekly
              maps:
              - 3.1.1
              - CC6.2

            """)
        let before = f.commitCount
        let r = f.evident(["control", "import", yaml, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(f.commitCount == before + 1)
        let report = try #require(jsonObject(r.stdout))
        #expect(report["added"] as? [String] == ["SEC-NEW"])
        #expect((report["changed"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["SEC-MFA"])
        #expect(report["unchanged"] as? [String] == ["SEC-SAME"])
        #expect(report["commit"] as? String == f.head)
        #expect(f.trailer("Control-Id") == ["SEC-MFA, SEC-NEW"])
        let mfa = Self.stored(f, "SEC-MFA")
        #expect(mfa.contains("title: A control\n"))  // kept: the file did not name it
        #expect(mfa.contains("status: implemented\n"))
        #expect(mfa.hasSuffix("soc2-2017:\n  - CC6.1\nattributes:\n  mfa_scope: remote_and_privileged\n"))
        #expect(Self.stored(f, "SEC-NEW").contains("frequency: weekly\nmaps:\n  nist-800-171r2:\n  - \"3.1.1\"\n  soc2-2017:\n  - CC6.2\n"))
        // Text report of a second run: everything unchanged, no commit.
        let again = f.evident(["control", "import", yaml])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("unchanged") && again.stdout.contains("no commit"))
        #expect(f.commitCount == before + 1)
        Self.expectClean(f)
    }

    @Test func importWithBadRowsReportsEveryOneAndWritesNothing() {
        let f = Self.emptyLedger()
        Self.mustAdd(f, "SEC-MFA", ["--maps", "3.5.3"])
        let path = f.files.write("bad.csv", """
            id,title,owner,frequency,maps,status
            SEC-GOOD,Good row,good@example.com,monthly,CC6.1,planned
            SEC-BAD1,Bad requirement,bad@example.com,monthly,3.5.3;9.9.9,planned
            SEC-GOOD2,Another good row,good@example.com,weekly,,implemented
            SEC-BAD2,Bad status,bad@example.com,monthly,CC6.1,finished
            SEC-MFA,Existing,iam@example.com,monthly,3.5.3,not_applicable

            """)
        let r = Self.refused(f, ["control", "import", path], status: 65,
                             mentions: ["row 3", "SEC-BAD1", "maps", "9.9.9", "row 5", "SEC-BAD2", "status", "finished", "row 6", "justification"])
        #expect(!r.stderr.contains("row 2") && !r.stderr.contains("row 4"))
        #expect(f.read("controls/SEC-GOOD.yaml") == nil)
    }

    @Test func importRefusesMalformedFiles() {
        let f = Self.emptyLedger()
        // A header without a required column, an unknown column.
        Self.refused(f, ["control", "import", f.files.write("a.csv", "id,title,owner,frequency\nSEC-A,A,a@example.com,monthly\n")],
                     status: 65, mentions: ["maps"])
        Self.refused(f, ["control", "import", f.files.write("b.csv", "id,title,owner,frequency,maps,colour\nSEC-A,A,a@example.com,monthly,,red\n")],
                     status: 65, mentions: ["colour"])
        // Duplicate ids, malformed ids, a row with the wrong number of cells, attributes that are not key=value.
        Self.refused(f, ["control", "import", f.files.write("c.csv", """
            id,title,owner,frequency,maps,attributes
            SEC-A,A,a@example.com,monthly,3.5.3,mfa_scope=all
            SEC-A,A again,a@example.com,monthly,3.5.3,
            sec b,B,b@example.com,monthly,,
            SEC-C,C,c@example.com,monthly
            SEC-D,D,d@example.com,monthly,3.5.3,mfa_scope

            """)], status: 65, mentions: ["row 3", "row 4", "row 5", "row 6", "SEC-B"])
        // YAML: not a list, an unknown field, a wrongly typed value.
        Self.refused(f, ["control", "import", f.files.write("d.yaml", "id: SEC-A\n")], status: 65, mentions: ["list"])
        Self.refused(f, ["control", "import", f.files.write("e.yaml", """
            - id: SEC-A
              title: 5
              owner: a@example.com
              frequency: monthly
              maps: [3.5.3]
              colour: red

            """)], status: 65, mentions: ["row 1", "colour", "title"])
        Self.refused(f, ["control", "import", f.files.path + "/missing.csv"], status: 66)
    }
}
