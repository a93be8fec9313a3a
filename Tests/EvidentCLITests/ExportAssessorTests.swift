import Foundation
import LedgerCore
import Testing
import TestSupport

// End-to-end tests of `evident export ssp|poam|sprs` through the built binary, on a hand-built
// ledger whose content is worked out by hand below, and on the demo ledger.
//
// The hand-built ledger (every write at 2026-06-01T12:00:00Z, `nowEnv`; frameworks cmmc-l2 and
// soc2 (security)):
//
//   BASE     implemented, annual, mfa_scope all; maps CC6.1 and every 800-171 requirement except
//            3.1.9, 3.1.16, 3.13.11 and 3.14.1. Evidence base-program.txt collected 2026-05-20:
//            valid until 2026-05-20 + P1Y (annual) + P14D (grace) = 2027-06-03.
//   BANNER   planned, monthly, maps 3.1.9 (1 point)         -> NOT MET, 1 point deducted. Its title
//            holds | and * , which the Markdown escapes so the table keeps its columns.
//   CRYPTO   implemented, annual, encryption not_fips_validated, maps 3.13.11. Evidence
//            crypto-inventory.txt collected 2026-05-21: valid until 2027-05-21 + 14 = 2027-06-04.
//            Encryption is shown but not FIPS-validated -> NOT MET, 3 points deducted (§12.5).
//   WIFI     not_applicable (a justification with quotes and &), maps 3.1.16 -> N/A.
//   PATCH    implemented, monthly, no evidence, maps 3.14.1 (5 points) -> NOT MET, but an open
//            enduring exception naming SSP section "4.3 Lab analyzers" scores it MET (§12.7).
//
//   POA&M    3.1.10 opened 2026-05-02, scheduled 2026-06-30, closed 2026-05-30 (1 point, MET now)
//            3.1.9  opened 2026-05-25, scheduled 2026-08-31, milestones 2026-07-15, 2026-08-15
//            3.13.11 opened 2026-05-25, scheduled 2026-10-30, milestone 2026-09-30
//
//   SPRS score = 110 - 1 (3.1.9) - 3 (3.13.11) = 106 >= 88; both NOT MET are POA&M-eligible
//   (1 point; 3.13.11 at 3) with open items -> conditional. 3.12.2 keeps MET (each NOT MET has a
//   plan). Plan of Action completion = latest scheduled completion of the open items
//   = max(2026-08-31, 2026-10-30) = 2026-10-30.
//   SOC 2 security has 33 criteria (CC1 5, CC2 3, CC3 4, CC4 2, CC5 3, CC6 8, CC7 5, CC8 1, CC9 2);
//   only CC6.1 has a control -> 1 of 33 ready.
//   Snapshot self-2026-06 (cmmc-l2-self, as of 2026-06-01) records 106, conditional: the status
//   held is Conditional Level 2 (Self) since 2026-06-01 (closeout due 2026-11-28).

/// The hand-built ledger, made once and only read by the tests that share it.
final class AssessorLedger: @unchecked Sendable {
    let f: LedgerFixture
    let baseEvidence: String
    let cryptoEvidence: String
    let baseSHA: String
    let cryptoSHA: String
    let exception: String
    let poamBanner: String
    let poamCrypto: String
    let poamClosed: String

    static let shared = AssessorLedger()

    static let excluded: Set<String> = ["3.1.9", "3.1.16", "3.13.11", "3.14.1"]

    init(system: Bool = true) {
        let f = LedgerFixture(frameworks: ["cmmc-l2", "soc2"], starterControls: false)
        self.f = f
        func run(_ args: [String]) -> String {
            let r = f.evident(args, env: nowEnv)
            precondition(r.status == 0, "\(args): \(r.stderr)")
            return trimmed(r.stdout)
        }
        let maps = Catalogs.nist800171r2.requirements.map(\.id).filter { !Self.excluded.contains($0) }.flatMap { ["--maps", $0] }
        _ = run(["control", "add", "BASE", "--title", "Baseline security program", "--owner", "security@example.com", "--frequency", "annual",
                 "--status", "implemented", "--attribute", "mfa_scope=all", "--maps", "CC6.1",
                 "--description", "The documented security program that covers the enclave."] + maps)
        _ = run(["control", "add", "BANNER", "--title", "System use notification banner | login *screen*", "--owner", "it@example.com", "--frequency", "monthly",
                 "--maps", "3.1.9"])
        _ = run(["control", "add", "CRYPTO", "--title", "Encryption of CUI", "--owner", "security@example.com", "--frequency", "annual",
                 "--status", "implemented", "--attribute", "encryption=not_fips_validated", "--maps", "3.13.11"])
        _ = run(["control", "add", "WIFI", "--title", "Wireless access", "--owner", "it@example.com", "--frequency", "annual",
                 "--status", "not_applicable", "--justification", "No wireless networks reach the enclave (access points \"disabled\" & removed)", "--maps", "3.1.16"])
        _ = run(["control", "add", "PATCH", "--title", "Patch management", "--owner", "it@example.com", "--frequency", "monthly",
                 "--status", "implemented", "--maps", "3.14.1"])
        let basePath = f.artifact("base-program.txt", "Security program v4, approved\n")
        let cryptoPath = f.artifact("crypto-inventory.txt", "openssl 3.0 (not validated)\n")
        baseSHA = coreutilsSHA256(basePath)
        cryptoSHA = coreutilsSHA256(cryptoPath)
        baseEvidence = run(["evidence", "add", basePath, "--control", "BASE", "--title", "Security program, approved", "--collected", "2026-05-20"])
        cryptoEvidence = run(["evidence", "add", cryptoPath, "--control", "CRYPTO", "--title", "Crypto module inventory", "--collected", "2026-05-21"])
        poamClosed = run(["poam", "add", "3.1.10", "--weakness", "Screen lock \"pattern-hiding\" missing, on Linux", "--scheduled-completion", "2026-06-30",
                          "--opened", "2026-05-02"])
        _ = run(["poam", "close", poamClosed, "--date", "2026-05-30"])
        poamBanner = run(["poam", "add", "3.1.9", "--weakness", "The system use notification banner is missing on the CUI file server login",
                          "--scheduled-completion", "2026-08-31", "--opened", "2026-05-25",
                          "--milestone", "2026-07-15 Banner text approved", "--milestone", "2026-08-15 Banner deployed on the file server"])
        poamCrypto = run(["poam", "add", "3.13.11", "--weakness", "The telemetry database uses a non-validated crypto library",
                          "--scheduled-completion", "2026-10-30", "--opened", "2026-05-25", "--milestone", "2026-09-30 Validated module installed"])
        exception = run(["exception", "add", "3.14.1", "--kind", "enduring", "--description", "Lab analyzers run a vendor-locked OS that cannot be patched",
                         "--mitigation", "Isolated VLAN with no internet route", "--mitigation", "Quarterly vendor patch review",
                         "--ssp-section", "4.3 Lab analyzers", "--opened", "2026-05-28"])
        if system { f.setSystem() }
        _ = run(["snapshot", "create", "self-2026-06", "--kind", "cmmc-l2-self", "--as-of", "2026-06-01"])
    }

    /// An export's standard output (exit 0 required).
    func export(_ args: [String], sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let r = f.evident(["export"] + args, env: nowEnv)
        #expect(r.status == 0, "\(args): exit \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
        return r.stdout
    }
}

/// The rows of a CSV document as Python's csv module reads them (the BOM removed by utf-8-sig).
func pythonCSVRows(_ data: Data) throws -> [[String]] {
    let dir = TemporaryDirectory("evident-csv")
    let path = dir.write("export.csv", "")
    try data.write(to: URL(fileURLWithPath: path))
    let script = "import csv, json, sys\nwith open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n    print(json.dumps(list(csv.reader(f, strict=True))))\n"
    let r = Processes.run("/usr/bin/env", ["python3", "-c", script, path], cwd: dir.path, environment: ProcessInfo.processInfo.environment)
    try #require(r.status == 0, "python csv: \(r.stderr)")
    return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String]])
}

@Suite struct ExportAssessorTests {
    static var l: AssessorLedger { AssessorLedger.shared }

    // MARK: SSP

    @Test func sspOpensWithTheSystemAndTheReadinessWorkedOutByHand() throws {
        let l = Self.l
        let md = l.export(["ssp"])
        let head = l.f.head
        #expect(md.hasPrefix("""
        # System Security Plan: Northwind CUI Enclave

        Test Org · SSP version 2.1 · dated 2026-05-15

        Computed by evident from commit \(head), statuses as of 2026-06-01.

        ## 1. The system

        | Field | Value |
        |---|---|
        | Organization | Test Org |
        | System name | Northwind CUI Enclave |
        | Scope | enclave |
        | CAGE codes | 7NW42, 3KQ17 |
        | SSP version | 2.1 |
        | SSP date | 2026-05-15 |
        | Environments | On-premises enclave; AWS GovCloud (US-West) |
        | Frameworks in scope | cmmc-l2, soc2 |

        ### Description

        Engineering workstations and the CUI file server

        ### Authorization boundary

        VLANs 210-219 behind the enclave firewall

        ### Roles

        | Role | Name | Title | Email |
        |---|---|---|---|
        | System owner | Alex Moreno | Director of Engineering IT | alex.moreno@northwind-aero.example |
        | Affirming official | Morgan Ellis | Chief Executive Officer | morgan.ellis@northwind-aero.example |
        | Security contact | Dana Whitfield | Compliance Lead | dana.whitfield@northwind-aero.example |

        ## 2. Readiness as of 2026-06-01

        - CMMC Level 2: SPRS score 106 of 110, assessed result conditional (2 NOT MET); Plan of Action completion date 2026-10-30
        - SOC 2 (as for Type 1): 1 of 33 criteria ready, not_ready

        ## 3. CMMC Level 2: NIST SP 800-171 Rev. 2 requirements

        """), "\(md.prefix(3000))")
        // Parts: Level 2 (14 families), then SOC 2.
        #expect(md.contains("\n## 4. SOC 2: Trust Services Criteria\n"))
        #expect(!md.contains("## 5."))
        #expect(md.components(separatedBy: "\n#### ").count - 1 == 110 + 33)
        let stderr = l.f.evident(["export", "ssp"], env: nowEnv).stderr
        #expect(stderr.isEmpty, "\(stderr)")
    }

    @Test func sspShowsEachRequirementWithItsControlsEvidencePlanAndException() throws {
        let l = Self.l
        let md = l.export(["ssp"])
        func title(_ id: String) -> String { Catalogs.nist800171r2.requirement(id)?.title ?? "?" }
        // NOT MET with its open POA&M item; the reason is the control's problem.
        #expect(md.contains("""
        #### AC.L2-3.1.9 (3.1.9): \(title("3.1.9"))

        **Status:** NOT MET (1 point deducted; worth 1 point)

        - BANNER is planned, not implemented

        **POA&M \(l.poamBanner)** (opened 2026-05-25, scheduled completion 2026-08-31): The system use notification banner is missing on the CUI file server login

        | Control | Title | Status | Owner | Frequency | Attributes |
        |---|---|---|---|---|---|
        | BANNER | System use notification banner \\| login \\*screen\\* | planned | it@example.com | monthly | - |

        No evidence valid on this day.

        #### AC.L2-3.1.10
        """), "\(md)")
        // N/A with the justification, and no evidence line.
        #expect(md.contains("""
        #### AC.L2-3.1.16 (3.1.16): \(title("3.1.16"))

        **Status:** N/A (worth 5 points)

        | Control | Title | Status | Owner | Frequency | Attributes |
        |---|---|---|---|---|---|
        | WIFI | Wireless access | not applicable | it@example.com | annual | - |

        **Not applicable (WIFI):** No wireless networks reach the enclave (access points "disabled" & removed)

        #### AC.L2-3.1.17
        """))
        // Partial credit: 3 points of 5 (§12.5), the evidence with its artifact's SHA-256 (coreutils').
        #expect(md.contains("""
        **Status:** NOT MET (3 points deducted; worth 5 points)

        - CRYPTO is implemented; evidence \(l.cryptoEvidence) is valid until 2027-06-04
        """), "\(md)")
        #expect(md.contains("""
        **POA&M \(l.poamCrypto)** (opened 2026-05-25, scheduled completion 2026-10-30): The telemetry database uses a non-validated crypto library

        | Control | Title | Status | Owner | Frequency | Attributes |
        |---|---|---|---|---|---|
        | CRYPTO | Encryption of CUI | implemented | security@example.com | annual | encryption: not_fips_validated |

        | Control | Evidence | Title | Collected | Valid until | Artifact | SHA-256 |
        |---|---|---|---|---|---|---|
        | CRYPTO | \(l.cryptoEvidence) | Crypto module inventory | 2026-05-21 | 2027-06-04 | crypto-inventory.txt | \(l.cryptoSHA) |
        """))
        // MET through the enduring exception, which the SSP describes with its mitigations (§12.7).
        #expect(md.contains("""
        #### SI.L2-3.14.1 (3.14.1): \(title("3.14.1"))

        **Status:** MET (worth 5 points; MET through \(l.exception))

        | Control | Title | Status | Owner | Frequency | Attributes |
        |---|---|---|---|---|---|
        | PATCH | Patch management | implemented | it@example.com | monthly | - |

        *PATCH: no evidence*

        No evidence valid on this day.

        **Enduring exception \(l.exception)** (opened 2026-05-28; SSP section 4.3 Lab analyzers): Lab analyzers run a vendor-locked OS that cannot be patched

        - Mitigations: Isolated VLAN with no internet route; Quarterly vendor patch review
        - Scores the requirement MET (32 CFR 170.24(b)(1)(i)).

        """), "\(md)")
        // The SSP requirement itself: BASE with its description and its evidence.
        #expect(md.contains("""
        #### CA.L2-3.12.4 (3.12.4): \(title("3.12.4"))

        **Status:** MET (no point value: 32 CFR 170.24(c)(2)(i)(B)(5))

        | Control | Title | Status | Owner | Frequency | Attributes |
        |---|---|---|---|---|---|
        | BASE | Baseline security program | implemented | security@example.com | annual | mfa_scope: all |

        **BASE**: The documented security program that covers the enclave.

        | Control | Evidence | Title | Collected | Valid until | Artifact | SHA-256 |
        |---|---|---|---|---|---|---|
        | BASE | \(l.baseEvidence) | Security program, approved | 2026-05-20 | 2027-06-03 | base-program.txt | \(l.baseSHA) |
        """), "\(md)")
        // The SOC 2 part: criteria with their controls and a count of valid evidence, no evidence table.
        #expect(md.contains("""
        #### CC6.1: \(Catalogs.soc2.requirement("CC6.1")?.title ?? "?")

        **Status:** Ready

        | Control | Title | Status | Owner | Frequency | Attributes | Valid evidence |
        |---|---|---|---|---|---|---|
        | BASE | Baseline security program | implemented | security@example.com | annual | mfa_scope: all | 1 |

        **BASE**: The documented security program that covers the enclave.

        #### CC6.2
        """), "\(md)")
        #expect(md.contains("### Logical and Physical Access Controls\n"))
    }

    @Test func sspHTMLIsOneSelfContainedDocumentWithRealTables() throws {
        let l = Self.l
        let html = l.export(["ssp", "--format", "html"])
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">\n"))
        #expect(html.contains("<title>System Security Plan: Northwind CUI Enclave</title>"))
        #expect(html.contains("<li>CMMC Level 2: SPRS score 106 of 110, assessed result conditional (2 NOT MET); Plan of Action completion date 2026-10-30</li>"))
        #expect(html.contains("<td class=\"hash\">\(l.cryptoSHA)</td>"))
        #expect(html.contains("<p><span class=\"badge status-not-met\">NOT MET</span> 3 points deducted; worth 5 points</p>"))
        #expect(html.contains("@media print"))
        // Nothing outside the file: no script, stylesheet link, image, frame or URL.
        for needle in ["<script", "<link", "<img", "<iframe", "src=", "url(", "http://", "https://", "@import"] {
            #expect(!html.contains(needle), "\(needle)")
        }
        // Text from records is escaped for HTML.
        #expect(html.contains("<strong>Not applicable (WIFI):</strong> No wireless networks reach the enclave (access points &quot;disabled&quot; &amp; removed)</p>"))
        // Well formed: Python's HTML parser sees every element closed in order, every table with
        // a header row of th scope=col or row headers, and 110 + 33 requirement articles.
        let dir = TemporaryDirectory("evident-html")
        let path = dir.write("ssp.html", html)
        let script = #"""
        import sys
        from html.parser import HTMLParser
        VOID = {"meta", "br", "hr", "img", "input", "link"}
        class P(HTMLParser):
            def __init__(self):
                super().__init__(); self.stack = []; self.errors = []; self.tables = 0; self.headed = 0; self.articles = 0; self.in_table = False; self.has_th = False
            def handle_starttag(self, tag, attrs):
                a = dict(attrs)
                if tag == "article": self.articles += 1
                if tag == "table": self.tables += 1; self.has_th = False
                if tag == "th":
                    if a.get("scope") not in ("col", "row"): self.errors.append("th without scope")
                    self.has_th = True
                if tag not in VOID: self.stack.append(tag)
            def handle_endtag(self, tag):
                if tag == "table" and self.has_th: self.headed += 1
                if not self.stack or self.stack[-1] != tag: self.errors.append("unbalanced </%s> at %s" % (tag, self.getpos()))
                else: self.stack.pop()
        p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read()); p.close()
        if p.stack: p.errors.append("unclosed: %s" % p.stack)
        if p.tables != p.headed: p.errors.append("%d tables, %d with headers" % (p.tables, p.headed))
        print(p.articles); print("\n".join(p.errors[:5]))
        """#
        let r = Processes.run("/usr/bin/env", ["python3", "-c", script, path], cwd: dir.path, environment: ProcessInfo.processInfo.environment)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(trimmed(r.stdout) == "143", "\(r.stdout)")
    }

    // MARK: POA&M

    @Test func poamCSVFollowsRFC4180AndReadsBackWithPythonsCSVModule() throws {
        let l = Self.l
        let r = l.f.evident(["export", "poam"], env: nowEnv)
        #expect(r.status == 0, "\(r.stderr)")
        let data = Data(r.stdout.utf8)
        // UTF-8 with a byte order mark, CRLF after every record and nowhere a bare LF.
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(r.stdout.hasSuffix("\r\n"))
        #expect(!r.stdout.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        let rows = try pythonCSVRows(data)
        // Opened first: 3.1.10 (2026-05-02), then the two of 2026-05-25 by id.
        let (first, second) = l.poamBanner < l.poamCrypto ? (l.poamBanner, l.poamCrypto) : (l.poamCrypto, l.poamBanner)
        func row(_ id: String) -> [String] {
            switch id {
            case l.poamBanner:
                return [id, "3.1.9", "AC.L2-3.1.9", Catalogs.nist800171r2.requirement("3.1.9")?.title ?? "", "1",
                        "The system use notification banner is missing on the CUI file server login", "2026-05-25", "2026-08-31",
                        "2026-07-15 Banner text approved; 2026-08-15 Banner deployed on the file server", "open", "", "2026-10-30"]
            default:
                // 3.13.11 is NOT MET at 3 points (encryption shown, not FIPS-validated), its value on the POA&M.
                return [id, "3.13.11", "SC.L2-3.13.11", Catalogs.nist800171r2.requirement("3.13.11")?.title ?? "", "3",
                        "The telemetry database uses a non-validated crypto library", "2026-05-25", "2026-10-30",
                        "2026-09-30 Validated module installed", "open", "", "2026-10-30"]
            }
        }
        #expect(rows == [
            ["id", "requirement", "cmmc_id", "title", "points", "weakness", "opened", "scheduled_completion", "milestones", "status", "closed", "plan_of_action_completion"],
            [l.poamClosed, "3.1.10", "AC.L2-3.1.10", Catalogs.nist800171r2.requirement("3.1.10")?.title ?? "", "1",
             "Screen lock \"pattern-hiding\" missing, on Linux", "2026-05-02", "2026-06-30", "", "closed", "2026-05-30", "2026-10-30"],
            row(first), row(second),
        ])
        // The quoted weakness is written as RFC 4180 says: in quotes, its quotes doubled.
        #expect(r.stdout.contains(",\"Screen lock \"\"pattern-hiding\"\" missing, on Linux\","))
    }

    @Test func poamJSONAndMarkdownCarryTheSameItems() throws {
        let l = Self.l
        let json = try #require(jsonObject(l.export(["poam", "--format", "json"])))
        #expect(json["plan_of_action_completion"] as? String == "2026-10-30")
        #expect(json["as_of"] as? String == "2026-06-01")
        #expect(json["revision"] as? String == l.f.head)
        #expect(json["snapshot"] is NSNull)
        let items = try #require(json["items"] as? [[String: Any]])
        #expect(items.map { $0["id"] as? String } .first == l.poamClosed)
        let banner = try #require(items.first { $0["id"] as? String == l.poamBanner })
        #expect(banner["requirement"] as? String == "3.1.9" && banner["cmmc_id"] as? String == "AC.L2-3.1.9")
        #expect(banner["points"] as? Int == 1 && banner["status"] as? String == "open" && banner["closed"] is NSNull)
        #expect((banner["milestones"] as? [[String: Any]])?.map { $0["date"] as? String } == ["2026-07-15", "2026-08-15"])
        let md = l.export(["poam", "--format", "markdown"])
        #expect(md.contains("3 items, 2 open. Plan of Action completion date (SPRS): 2026-10-30, the latest scheduled completion of the open items.\n"))
        #expect(md.contains("| \(l.poamClosed) | 3.1.10 | AC.L2-3.1.10 | "))
        #expect(md.contains(" | Screen lock \"pattern-hiding\" missing, on Linux | 2026-05-02 | 2026-06-30 |  | closed | 2026-05-30 |\n"))
    }

    // MARK: SPRS

    @Test func sprsJSONHasExactlyTheKeysAndTheValuesWorkedOutByHand() throws {
        let l = Self.l
        let r = l.f.evident(["export", "sprs", "self-2026-06", "--format", "json"], env: nowEnv)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
        {
          "level": 2,
          "assessment": "self",
          "score": 106,
          "max_score": 110,
          "status": "conditional",
          "assessment_date": "2026-06-01",
          "status_date": "2026-06-01",
          "scope": "enclave",
          "cage_codes": [
            "7NW42",
            "3KQ17"
          ],
          "ssp": {
            "name": "Northwind CUI Enclave",
            "version": "2.1",
            "date": "2026-05-15"
          },
          "plan_of_action_completion": "2026-10-30"
        }

        """)
        #expect(r.stderr.isEmpty)
        // Without a name: the latest CMMC snapshot, named on stderr (JSON has only the SPRS keys).
        let latest = l.f.evident(["export", "sprs", "--format", "json"], env: nowEnv)
        #expect(latest.stdout == r.stdout)
        #expect(latest.stderr.contains("SPRS entry of snapshot self-2026-06, the latest CMMC snapshot"))
    }

    @Test func sprsTextListsTheFieldsAPersonTypes() {
        let l = Self.l
        #expect(l.export(["sprs"]) == """
        SPRS entry for CMMC Level 2 (Self), from snapshot self-2026-06 (cmmc-l2-self, as of 2026-06-01; the latest CMMC snapshot)

          CMMC level:                 Level 2 (Self)
          Score:                      106 out of 110
          Assessment date:            2026-06-01
          CMMC status:                Conditional Level 2 (Self)
          CMMC status date:           2026-06-01, when the Conditional Level 2 (Self) status held began
          Assessment scope:           enclave
          CAGE codes:                 7NW42, 3KQ17
          SSP name:                   Northwind CUI Enclave
          SSP version:                2.1
          SSP date:                   2026-05-15
          Plan of Action completion:  2026-10-30
          Assessment type:            Self

        """)
    }

    // MARK: determinism and refusals

    @Test func everyExportIsTheSameBytesAcrossRunsAndAcrossNamesOfTheSameCommit() throws {
        let l = Self.l
        let sha = l.f.head
        let branch = trimmed(l.f.git(["rev-parse", "--abbrev-ref", "HEAD"]).stdout)
        for args in [["ssp"], ["ssp", "--format", "html"], ["poam"], ["poam", "--format", "json"], ["poam", "--format", "markdown"]] {
            let once = l.export(args)
            #expect(!once.isEmpty)
            #expect(l.export(args) == once, "\(args): two runs differ")
            for at in ["HEAD", sha, branch, "2026-06-01"] {
                #expect(l.export(args + ["--at", at]) == once, "\(args) --at \(at) differs")
            }
        }
        #expect(l.export(["sprs", "self-2026-06"]) == l.export(["sprs", "self-2026-06"]))
        // --at a snapshot is judged at its as_of and names it.
        #expect(l.export(["ssp", "--at", "self-2026-06"]).contains("Computed by evident from commit \(sha) (snapshot self-2026-06), statuses as of 2026-06-01."))
        #expect(jsonObject(l.export(["poam", "--format", "json", "--at", "self-2026-06"]))?["snapshot"] as? String == "self-2026-06")
        l.f.expectCleanAfterExport()
    }

    @Test func outputGoesToAFileOnlyWithForceOverAnExistingOne() throws {
        let l = Self.l
        let dir = TemporaryDirectory("evident-out")
        let path = dir.path + "/ssp.md"
        let first = l.f.evident(["export", "ssp", "-o", path], env: nowEnv)
        #expect(first.status == 0 && first.stdout.isEmpty, "\(first.stderr)")
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written == l.export(["ssp"]))
        try "mine\n".write(toFile: path, atomically: true, encoding: .utf8)
        for args in [["ssp"], ["poam"], ["sprs"]] {
            let refused = l.f.evident(["export"] + args + ["-o", path], env: nowEnv)
            #expect(refused.status == 65, "\(args): \(refused.status)")
            #expect(refused.stderr.contains("-o \(path) exists: pass --force to overwrite it"), "\(refused.stderr)")
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "mine\n")
        }
        let forced = l.f.evident(["export", "poam", "--format", "json", "-o", path, "--force"], env: nowEnv)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == l.export(["poam", "--format", "json"]))
        l.f.expectCleanAfterExport()
    }

    @Test func refusalsUseTheDocumentedExitCodes() {
        let l = Self.l
        func expect(_ args: [String], _ status: Int32, _ words: String, sourceLocation: SourceLocation = #_sourceLocation) {
            let r = l.f.evident(["export"] + args, env: nowEnv)
            #expect(r.status == status, "\(args): exit \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
            #expect(r.stderr.contains(words), "\(args): \(r.stderr)", sourceLocation: sourceLocation)
            #expect(r.stdout.isEmpty, "\(args): \(r.stdout)", sourceLocation: sourceLocation)
        }
        expect(["ssp", "--at", "no-such-rev"], 66, "unknown revision 'no-such-rev'")
        expect(["poam", "--at", "2020-01-01"], 66, "no commit on or before 2020-01-01")
        expect(["sprs", "no-such-snapshot"], 66, "no snapshot 'no-such-snapshot'")
        expect(["ssp", "--format", "pdf"], 64, "pdf")
        expect(["poam", "--format", "xlsx"], 64, "xlsx")
        expect(["sprs", "--format", "csv"], 64, "csv")
        expect(["ssp", "-o", "/nonexistent-folder/ssp.md"], 65, "does not exist")
        // nowEnv's today is 2026-06-01: an export of a day to come is refused, whatever the export.
        expect(["ssp", "--at", "2026-06-02"], 65, "--at 2026-06-02 is after today (2026-06-01)")
        expect(["evidence", "--at", "2030-01-01"], 65, "--at 2030-01-01 is after today")
        expect(["oscal", "--model", "ssp", "--at", "2026-07-01"], 65, "--at 2026-07-01 is after today")
        l.f.expectCleanAfterExport()
    }
}

/// SPRS on ledgers of their own: missing fields, HEAD's section, C3PAO, Level 1, other kinds.
@Suite struct ExportSPRSTests {
    @Test func aMissingFieldIsNamedWithItsCommandAndExitsTwo() throws {
        let l = AssessorLedger(system: false)
        let before = l.f.state()
        let r = l.f.evident(["export", "sprs", "--format", "json"], env: nowEnv)
        #expect(r.status == 2, "\(r.stderr)")
        let json = try #require(jsonObject(r.stdout))
        #expect(json.keys.sorted() == ["assessment", "assessment_date", "cage_codes", "level", "max_score", "plan_of_action_completion", "scope", "score", "ssp", "status", "status_date"])
        #expect(json["score"] as? Int == 106 && json["scope"] is NSNull && (json["cage_codes"] as? [Any])?.isEmpty == true)
        for field in ["name", "scope", "cage_codes", "ssp.version", "ssp.date"] {
            #expect(r.stderr.contains("gate: SPRS asks for \(field), which is not set in .evident/ledger.yaml: evident system set \(field)="), "\(field): \(r.stderr)")
        }
        let text = l.f.evident(["export", "sprs"], env: nowEnv)
        #expect(text.status == 2)
        #expect(text.stdout.contains("  CAGE codes:                 MISSING: set it with 'evident system set cage_codes=CODE[,CODE...]'\n"), "\(text.stdout)")
        #expect(l.f.state() == before)

        // Set at HEAD after the snapshot: SPRS reads the fields from HEAD, and says so.
        l.f.setSystem(["name=Northwind CUI Enclave", "scope=enterprise", "cage_codes=7NW42", "ssp.version=1.0", "ssp.date=2026-05-01"])
        let fixed = l.f.evident(["export", "sprs"], env: nowEnv)
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(fixed.stdout.contains("  Assessment scope:           enterprise\n"))
        #expect(fixed.stdout.contains("Note: name, scope, cage_codes, ssp.version, ssp.date were not set at the snapshot's commit and are taken from HEAD's .evident/ledger.yaml."))
        l.f.expectCleanAfterExport()
    }

    @Test func aC3PAOSnapshotPrintsTheSameFieldsWithAssessmentC3PAO() throws {
        let f = AssessorLedger().f
        let c = f.evident(["snapshot", "create", "c3pao-2026-06", "--kind", "cmmc-l2-c3pao", "--as-of", "2026-06-01", "--assessor", "Example C3PAO"], env: nowEnv)
        #expect(c.status == 0, "\(c.stderr)")
        let r = f.evident(["export", "sprs", "c3pao-2026-06", "--format", "json"], env: nowEnv)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(jsonObject(r.stdout))
        #expect(json["assessment"] as? String == "c3pao" && json["level"] as? Int == 2 && json["score"] as? Int == 106)
        // Its own status (Level 2 (C3PAO) is a status apart from Level 2 (Self)): Conditional since its as_of.
        #expect(json["status"] as? String == "conditional" && json["status_date"] as? String == "2026-06-01")
        #expect(r.stderr.contains("entered in SPRS by the C3PAO"), "\(r.stderr)")
        let text = f.evident(["export", "sprs", "c3pao-2026-06"], env: nowEnv)
        #expect(text.stdout.contains("  Assessment type:            C3PAO\n"))
        #expect(text.stdout.contains("Note: a Level 2 (C3PAO) result is entered in SPRS by the C3PAO"))
    }

    @Test func level1HasItsOwnFields() throws {
        // One control serves the 15 Level 1 requirements, implemented with evidence: every one MET,
        // so Final Level 1 (Self) from the snapshot's as_of; Level 1 has no score, SSP or POA&M.
        let f = LedgerFixture(frameworks: ["cmmc-l1"], starterControls: false)
        let maps = Catalogs.cmmcL1.requirements.map(\.id).flatMap { ["--maps", $0] }
        #expect(f.evident(["control", "add", "FCI-BASE", "--title", "FCI safeguards", "--owner", "it@example.com", "--frequency", "annual",
                           "--status", "implemented"] + maps, env: nowEnv).status == 0)
        _ = f.addEvidence("fci.txt", "FCI safeguards in place\n", control: "FCI-BASE", title: "FCI safeguards")
        f.setSystem(["scope=contract", "cage_codes=1ABC5"])
        #expect(f.evident(["snapshot", "create", "l1-2026", "--kind", "cmmc-l1-self"], env: nowEnv).status == 0)
        let r = f.evident(["export", "sprs", "--format", "json"], env: nowEnv)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
        {
          "level": 1,
          "assessment": "self",
          "score": null,
          "max_score": null,
          "status": "final",
          "assessment_date": null,
          "status_date": "2026-06-01",
          "scope": "contract",
          "cage_codes": [
            "1ABC5"
          ],
          "ssp": null,
          "plan_of_action_completion": null
        }

        """)
        let text = f.evident(["export", "sprs"], env: nowEnv)
        #expect(text.stdout.contains("  Compliance result:  MET (Final Level 1 (Self))\n"), "\(text.stdout)")
        #expect(!text.stdout.contains("Score"))

        // The SSP of a Level 1 ledger: its 15 requirements, each with its 800-171 counterparts.
        let ssp = f.evident(["export", "ssp"], env: nowEnv).stdout
        #expect(ssp.contains("- CMMC Level 1: 15 of 15 MET, final\n"))
        #expect(ssp.contains("\n## 3. CMMC Level 1: FAR 52.204-21 requirements\n"))
        #expect(ssp.components(separatedBy: "\n#### ").count - 1 == 15)
        let first = try #require(Catalogs.cmmcL1.requirements.first)
        #expect(ssp.contains("**Status:** MET  \n**NIST SP 800-171 counterparts:** \(first.related.joined(separator: ", "))\n"), "\(ssp.prefix(4000))")
    }

    @Test func snapshotsOfOtherKindsAndLedgersWithoutOneAreRefused() {
        let f = LedgerFixture(frameworks: ["cmmc-l2", "soc2"])
        let none = f.evident(["export", "sprs"], env: nowEnv)
        #expect(none.status == 66 && none.stderr.contains("no CMMC snapshot to enter in SPRS"), "\(none.stderr)")
        #expect(f.evident(["snapshot", "create", "soc2-t1", "--kind", "soc2-type1"], env: nowEnv).status == 0)
        let soc2 = f.evident(["export", "sprs", "soc2-t1"], env: nowEnv)
        #expect(soc2.status == 65 && soc2.stderr.contains("is a soc2-type1 snapshot: SPRS takes CMMC assessments only"), "\(soc2.stderr)")
        // A SOC 2 snapshot is never "the latest CMMC snapshot".
        #expect(f.evident(["export", "sprs"], env: nowEnv).status == 66)
    }
}
