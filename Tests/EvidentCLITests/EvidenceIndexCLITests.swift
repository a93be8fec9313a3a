import Foundation
import Testing
import TestSupport

/// `export evidence [--at REV] --format csv|json`, from the built binary on a hand-built ledger.
///
/// The ledger (no starter controls; cmmc-l2, cmmc-l1 and soc2 in scope):
/// - IAM-ACCOUNTS maps 3.1.1, 3.5.1 and CC6.2; IAM-MFA maps 3.5.3 and CC6.1; IR-RESPOND (on_event)
///   maps 3.6.1 and CC7.3. All implemented.
/// - Evidence A, collected 2026-03-01, valid until 2027-03-01, cui, controls IAM-MFA then
///   IAM-ACCOUNTS (kept in that order), title `Accounts, "MFA" and café review`, two artifacts.
/// - Evidence B, collected 2026-03-10: a no-occurrence statement for IR-RESPOND over February.
///
/// Expected rows, worked out by hand:
/// 1. A, `mfa, export.json` (sorts before `users.csv`): cmmc_l2 `AC.L2-3.1.1; IA.L2-3.5.1;
///    IA.L2-3.5.3` (NIST catalog order); cmmc_l1 `AC.L1-b.1.i; IA.L1-b.1.v` (3.1.1 and 3.5.1 are
///    what those Level 1 requirements correspond to; 3.5.3 is no Level 1 requirement's); soc2
///    `CC6.1; CC6.2`; collected_at `2026-03-01T00:00:00Z`; valid_until `2027-03-01`; no covers;
///    classification cui; no_occurrence false; bytes 3 (`{}` and a newline).
/// 2. A, `users.csv`: the same, bytes 10 (`user,role` and a newline).
/// 3. B: controls IR-RESPOND; no CMMC requirement (a no-occurrence statement never counts for
///    CMMC, though IR-RESPOND maps 3.6.1); soc2 CC7.3; valid_until empty; covers 2026-02-01 to
///    2026-02-28; internal; no_occurrence true; path, bytes, sha256 and media_type empty.
@Suite struct EvidenceIndexCLITests {
    static let columns = ["evidence_id", "title", "controls", "cmmc_l2", "cmmc_l1", "soc2", "collected_at", "valid_until",
                          "covers_from", "covers_to", "classification", "no_occurrence", "path", "bytes", "sha256", "media_type"]

    struct Built {
        let f: LedgerFixture
        let a: String
        let b: String
        /// HEAD after A, before B.
        let afterA: String
    }

    static func ledger() -> Built {
        let f = LedgerFixture(frameworks: ["cmmc-l2", "cmmc-l1", "soc2"], starterControls: false, env: nowEnv)
        for (id, maps, frequency) in [("IAM-ACCOUNTS", ["3.1.1", "3.5.1", "CC6.2"], "quarterly"), ("IAM-MFA", ["3.5.3", "CC6.1"], "quarterly"),
                                      ("IR-RESPOND", ["3.6.1", "CC7.3"], "on_event")] {
            let r = f.evident(["control", "add", id, "--title", id, "--owner", "owner@example.test", "--frequency", frequency,
                               "--status", "implemented"] + maps.flatMap { ["--maps", $0] }, env: nowEnv)
            precondition(r.status == 0, r.stderr)
        }
        let users = f.artifact("users.csv", "user,role\n")
        let mfa = f.artifact("mfa, export.json", "{}\n")
        let a = f.evident(["evidence", "add", users, mfa, "--control", "IAM-MFA", "--control", "IAM-ACCOUNTS",
                           "--title", "Accounts, \"MFA\" and café review", "--collected", "2026-03-01", "--valid-until", "2027-03-01",
                           "--classification", "cui"], env: nowEnv)
        precondition(a.status == 0, a.stderr)
        let afterA = f.head
        let b = f.evident(["evidence", "add", "--no-occurrence", "--control", "IR-RESPOND", "--covers", "2026-02-01..2026-02-28",
                           "--collected", "2026-03-10", "--title", "No incidents in February"], env: nowEnv)
        precondition(b.status == 0, b.stderr)
        return Built(f: f, a: trimmed(a.stdout), b: trimmed(b.stdout), afterA: afterA)
    }

    /// The CSV parsed by Python's csv module, as a spreadsheet-minded reader would (utf-8-sig).
    static func pythonCSV(_ path: String) -> [[String]]? {
        let script = "import csv, json, sys\nwith open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n    print(json.dumps(list(csv.reader(f, strict=True))))\n"
        let r = Processes.run("/usr/bin/env", ["python3", "-c", script, path], cwd: "/")
        return (try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8))) as? [[String]]
    }

    @Test func theCSVIsTheHandWorkedRowsAndOpensAsRFC4180() throws {
        let l = Self.ledger()
        let f = l.f
        let out = f.files.path + "/index.csv"
        let r = f.evident(["export", "evidence", "--format", "csv", "-o", out], env: nowEnv)
        #expect(r.status == 0, "\(r.stderr)")
        let data = try #require(FileManager.default.contents(atPath: out))
        // UTF-8 behind its byte-order mark, CRLF after every row (the quoted comma names hold no line break).
        #expect(data.starts(with: [0xEF, 0xBB, 0xBF]))
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text.hasSuffix("\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(text.components(separatedBy: "\r\n").count == 5)
        let rows = try #require(Self.pythonCSV(out))
        let folderA = "evidence/2026/03/\(l.a)/"
        let shaMFA = coreutilsSHA256(f.root + "/" + folderA + "mfa, export.json")
        let shaUsers = coreutilsSHA256(f.root + "/" + folderA + "users.csv")
        let common = ["Accounts, \"MFA\" and café review", "IAM-MFA; IAM-ACCOUNTS", "AC.L2-3.1.1; IA.L2-3.5.1; IA.L2-3.5.3",
                      "AC.L1-b.1.i; IA.L1-b.1.v", "CC6.1; CC6.2", "2026-03-01T00:00:00Z", "2027-03-01", "", "", "cui", "false"]
        #expect(rows == [
            Self.columns,
            [l.a] + common + [folderA + "mfa, export.json", "3", shaMFA, "application/json"],
            [l.a] + common + [folderA + "users.csv", "10", shaUsers, "text/csv"],
            [l.b, "No incidents in February", "IR-RESPOND", "", "", "CC7.3", "2026-03-10T00:00:00Z", "", "2026-02-01", "2026-02-28",
             "internal", "true", "", "", "", ""],
        ])
        #expect(f.statusPorcelain.isEmpty)
        #expect(f.fsckOutput.isEmpty)
    }

    @Test func theJSONHasTheSameKeysAndTheRevision() throws {
        let l = Self.ledger()
        let r = l.f.evident(["export", "evidence", "--format", "json"], env: nowEnv)
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(jsonObject(r.stdout))
        #expect(Set(object.keys) == ["revision", "artifacts"])
        #expect(object["revision"] as? String == l.f.head)
        let artifacts = try #require(object["artifacts"] as? [[String: Any]])
        #expect(artifacts.count == 3)
        for a in artifacts { #expect(Set(a.keys) == Set(Self.columns)) }
        #expect(artifacts[0]["cmmc_l2"] as? [String] == ["AC.L2-3.1.1", "IA.L2-3.5.1", "IA.L2-3.5.3"])
        #expect(artifacts[1]["bytes"] as? Int == 10)
        #expect(artifacts[2]["no_occurrence"] as? Bool == true)
        #expect(artifacts[2]["path"] is NSNull && artifacts[2]["sha256"] is NSNull && artifacts[2]["valid_until"] is NSNull)
        #expect(artifacts[2]["cmmc_l2"] as? [String] == [] && artifacts[2]["soc2"] as? [String] == ["CC7.3"])
        #expect(artifacts[2]["covers_from"] as? String == "2026-02-01")
    }

    /// --at reads an earlier revision; the same revision gives the same bytes; -o keeps a file
    /// without --force, and the ledger is left as it was.
    @Test func atIsAnEarlierRevisionAndExportsAreDeterministic() throws {
        let l = Self.ledger()
        let f = l.f
        let before = f.state()
        let earlier = f.evident(["export", "evidence", "--at", l.afterA], env: nowEnv)
        #expect(earlier.status == 0)
        // The header and evidence A's two rows (CRLF: one Character, so split on the string).
        #expect(earlier.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 3)
        #expect(!earlier.stdout.contains(l.b))
        let one = f.evident(["export", "evidence", "--format", "json"], env: nowEnv)
        let two = f.evident(["export", "evidence", "--format", "json", "--at", f.head], env: nowEnv)
        #expect(one.stdout == two.stdout)
        let file = f.files.write("taken.csv", "keep\n")
        let refused = f.evident(["export", "evidence", "-o", file], env: nowEnv)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("--force"), "\(refused.stderr)")
        #expect(FileManager.default.contents(atPath: file) == Data("keep\n".utf8))
        #expect(f.evident(["export", "evidence", "-o", file, "--force"], env: nowEnv).status == 0)
        #expect(FileManager.default.contents(atPath: file)?.starts(with: [0xEF, 0xBB, 0xBF]) == true)
        #expect(f.evident(["export", "evidence", "--format", "xlsx"], env: nowEnv).status == 64)
        #expect(f.evident(["export", "evidence", "--at", "no-such-rev"], env: nowEnv).status == 66)
        #expect(f.state() == before)
    }
    /// A title a spreadsheet would run as a formula is written as text (a leading apostrophe),
    /// in the evidence index and in the POA&M CSV, while a plain negative number is no formula and
    /// stays a number. Worked by hand: `=HYPERLINK("http://x.test","open")` becomes
    /// `'=HYPERLINK("http://x.test","open")`, `@SUM(1,2)` becomes `'@SUM(1,2)`, `-12.5` stays.
    @Test func cellsThatWouldRunAsFormulasAreWrittenAsText() throws {
        let f = LedgerFixture(frameworks: ["cmmc-l2"], starterControls: false, env: nowEnv)
        let c = f.evident(["control", "add", "IAM-MFA", "--title", "MFA", "--owner", "o@example.test", "--frequency", "quarterly",
                           "--status", "implemented", "--maps", "3.5.3"], env: nowEnv)
        #expect(c.status == 0, "\(c.stderr)")
        let add = f.evident(["evidence", "add", f.artifact("a.txt", "a\n"), "--control", "IAM-MFA", "--collected", "2026-03-01",
                             "--title", "=HYPERLINK(\"http://x.test\",\"open\")"], env: nowEnv)
        #expect(add.status == 0, "\(add.stderr)")
        let number = f.evident(["evidence", "add", f.artifact("b.txt", "b\n"), "--control", "IAM-MFA", "--collected", "2026-03-02",
                                "--title=-12.5"], env: nowEnv)
        #expect(number.status == 0, "\(number.stderr)")
        let out = f.files.path + "/index.csv"
        #expect(f.evident(["export", "evidence", "-o", out], env: nowEnv).status == 0)
        let rows = try #require(Self.pythonCSV(out))
        #expect(rows.count == 3)
        #expect(Set(rows.dropFirst().map { $0[1] }) == ["'=HYPERLINK(\"http://x.test\",\"open\")", "-12.5"])
        let poam = f.evident(["poam", "add", "3.1.9", "--weakness", "@SUM(1,2)", "--scheduled-completion", "2026-09-01"], env: nowEnv)
        #expect(poam.status == 0, "\(poam.stderr)")
        let csv = f.files.path + "/poam.csv"
        #expect(f.evident(["export", "poam", "--format", "csv", "-o", csv], env: nowEnv).status == 0)
        let prows = try #require(Self.pythonCSV(csv))
        let header = try #require(prows.first)
        let row = try #require(prows.last)
        #expect(header.firstIndex(of: "weakness").map { row[$0] } == "'@SUM(1,2)")
        #expect(f.statusPorcelain.isEmpty)
    }
}
