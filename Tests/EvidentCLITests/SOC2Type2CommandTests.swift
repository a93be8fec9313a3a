import Foundation
import Testing
import TestSupport

/// SOC 2 Type 2 end to end: no-occurrence records (`evidence add --no-occurrence`), the
/// occurrences, evidenced counts and samples readiness reports (soc2-rules.md §3, §5), checked
/// against the real git binary. The clock is `fixedNow`, 2026-06-01.
@Suite struct SOC2Type2CommandTests {
    static let statement = ["evidence", "add", "--no-occurrence", "--covers", "2026-01-01..2026-05-31", "--control", "IR-REPORTING",
                            "--title", "No security incidents, January to May"]

    /// A starter ledger whose IR-REPORTING (on_event) and IAM-MFA (monthly) are implemented.
    static func ledger() -> LedgerFixture {
        let f = LedgerFixture(env: nowEnv)
        for c in ["IR-REPORTING", "IAM-MFA"] {
            precondition(f.evident(["control", "set", c, "status=implemented"], env: nowEnv).status == 0)
        }
        return f
    }

    static func soc2(_ stdout: String) throws -> [String: Any] {
        let d = try #require(jsonObject(stdout))
        return try #require((d["frameworks"] as? [[String: Any]])?.first { $0["id"] as? String == "soc2" })
    }

    static func control(_ soc2: [String: Any], _ id: String) throws -> [String: Any] {
        try #require((soc2["controls"] as? [[String: Any]])?.first { $0["control"] as? String == id })
    }

    @Test func aNoOccurrenceRecordIsCommittedWithoutArtifactsAndReadEverywhere() throws {
        let f = Self.ledger()
        let commits = f.commitCount
        let r = f.evident(Self.statement, env: nowEnv)
        #expect(r.status == 0, "\(r.stderr)")
        let id = trimmed(r.stdout)
        #expect(matches(id, evidenceIDPattern))
        #expect(f.commitCount == commits + 1)
        #expect(f.statusPorcelain.isEmpty)
        let fsck = f.git(["fsck", "--strict", "--no-progress"])
        #expect(fsck.status == 0 && (fsck.stdout + fsck.stderr).isEmpty, "\(fsck.stdout)\(fsck.stderr)")
        // One file in its folder: the record; git reads it as the schema says.
        let folder = "\(fixedMonthFolder)/\(id)"
        #expect(f.trackedFiles(under: folder) == ["\(folder)/record.yaml"])
        let yaml = f.show("\(folder)/record.yaml").stdout
        #expect(yaml.contains("\nno_occurrence: true\nartifacts: []\n"), "\(yaml)")
        #expect(yaml.contains("covers:\n  from: 2026-01-01\n  to: 2026-05-31\n"))
        #expect(f.git(["log", "-1", "--format=%s"]).stdout.hasPrefix("Add no-occurrence statement \(id): No security incidents"))
        #expect(f.trailer("No-Occurrence") == ["2026-01-01..2026-05-31"])
        // show, list, validate, verify.
        let shown = try #require(jsonObject(f.evident(["evidence", "show", id, "--format", "json"], env: nowEnv).stdout))
        #expect(shown["no_occurrence"] as? Bool == true)
        #expect((shown["artifacts"] as? [Any])?.isEmpty == true)
        let text = f.evident(["evidence", "show", id], env: nowEnv)
        #expect(text.stdout.contains("no occurrence:  states that no event happened from 2026-01-01 to 2026-05-31"), "\(text.stdout)")
        #expect(text.stdout.contains("artifacts:      none"))
        let list = f.evident(["evidence", "list"], env: nowEnv)
        #expect(list.stdout.contains("[no occurrence] No security incidents"), "\(list.stdout)")
        #expect(f.evident(["validate"], env: nowEnv).status == 0)
        let verify = f.evident(["verify"], env: nowEnv)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        // Type 2 over 2026-01-01..2026-05-31: IR-REPORTING has no events, and the statement
        // covers the whole period, so it has no gap; 0 events, sample 0, the statement listed.
        let t2 = f.evident(["readiness", "--framework", "soc2", "--type", "2", "--period", "2026-01-01..2026-05-31", "--format", "json"], env: nowEnv)
        #expect(t2.status == 0)
        let ir = try Self.control(try Self.soc2(t2.stdout), "IR-REPORTING")
        #expect(ir["occurrences"] as? Int == 0)
        #expect(ir["sample_size"] as? Int == 0)
        #expect(ir["evidence"] as? [String] == [id])
        #expect((ir["gaps"] as? [Any])?.isEmpty == true)
        // Type 1 and CMMC do not take it as evidence: IR-REPORTING still has none.
        let t1 = f.evident(["readiness", "--explain", "CC7.4"], env: nowEnv)
        #expect(t1.stdout.contains("IR-REPORTING: no evidence (\(id) is a no-occurrence record"), "\(t1.stdout)")
        // A soc2-type2 snapshot of the period records it, verifies, and the tree stays clean.
        #expect(f.evident(["snapshot", "create", "h1", "--kind", "soc2-type2", "--period", "2026-01-01..2026-05-31"], env: nowEnv).status == 0)
        #expect(f.evident(["snapshot", "verify", "h1"], env: nowEnv).status == 0)
        #expect(f.evident(["log"], env: nowEnv).stdout.contains("Add no-occurrence statement \(id)"))
        #expect(f.statusPorcelain.isEmpty)
    }

    /// Every refusal: exit 65, the flag named, HEAD, index and work tree unchanged.
    @Test func noOccurrenceRefusalsNameTheFlagAndWriteNothing() {
        let f = Self.ledger()
        let file = f.artifact("register.csv", "id,opened\n")
        let covers = ["--covers", "2026-01-01..2026-05-31"]
        let cases: [(String, [String], [String])] = [
            ("a FILE", [file, "--no-occurrence"] + covers + ["--control", "IR-REPORTING"], ["--no-occurrence", "takes no FILE", "register.csv"]),
            ("no --covers", ["--no-occurrence", "--control", "IR-REPORTING"], ["--no-occurrence needs --covers"]),
            ("a monthly control", ["--no-occurrence"] + covers + ["--control", "IAM-MFA"], ["--control IAM-MFA is a monthly control", "only for on_event controls"]),
            ("two controls", ["--no-occurrence"] + covers + ["--control", "IR-REPORTING", "--control", "CHG-MGMT"], ["one --control", "IR-REPORTING, CHG-MGMT"]),
            ("--name", ["--no-occurrence"] + covers + ["--control", "IR-REPORTING", "--name", "x.csv"], ["--name describes artifact files"]),
            ("covers after collection", ["--no-occurrence", "--covers", "2026-01-01..2026-06-30", "--control", "IR-REPORTING"], ["--covers", "ends after the evidence was collected"]),
            ("--valid-until", ["--no-occurrence"] + covers + ["--control", "IR-REPORTING", "--valid-until", "2026-12-31"], ["--valid-until", "leave --valid-until out"]),
        ]
        for (label, args, mentions) in cases {
            let before = f.state()
            let r = f.evident(["evidence", "add"] + args + ["--title", "No incidents"], env: nowEnv)
            #expect(r.status == 65, "\(label): \(r.stderr)")
            for m in mentions { #expect(r.stderr.contains(m), "\(label) should mention '\(m)': \(r.stderr)") }
            #expect(r.stdout.isEmpty, "\(label)")
            #expect(f.state() == before, "\(label) changed the ledger")
        }
        // An unknown control is not found (66), as for any evidence.
        let unknown = f.evident(["evidence", "add", "--no-occurrence"] + covers + ["--control", "NO-SUCH", "--title", "x"], env: nowEnv)
        #expect(unknown.status == 66)
        #expect(f.statusPorcelain.isEmpty)
    }

    /// A statement that no event happened cannot contradict the ledger: by hand, an incident
    /// ticket collected 2026-03-10 lies inside 2026-01-01..2026-05-31, so that statement is
    /// refused, naming the record; January alone (2026-01-01..2026-01-31) holds no event and is
    /// taken; a second statement for 2026-01-15..2026-02-15 overlaps it (January 15-31) and is
    /// refused, naming the first; February after it is taken. Each refusal: 65, nothing written.
    @Test func aStatementCannotContradictAnEventOrAnotherStatement() throws {
        let f = Self.ledger()
        let ticket = f.evident(["evidence", "add", f.artifact("inc-7.json", "{}\n"), "--control", "IR-REPORTING", "--collected", "2026-03-10",
                                "--title", "Incident 7"], env: nowEnv)
        #expect(ticket.status == 0, "\(ticket.stderr)")
        let event = trimmed(ticket.stdout)
        func statement(_ covers: String) -> ProcessResult {
            f.evident(["evidence", "add", "--no-occurrence", "--covers", covers, "--control", "IR-REPORTING", "--title", "No incidents"], env: nowEnv)
        }
        var before = f.state()
        let contradicts = statement("2026-01-01..2026-05-31")
        #expect(contradicts.status == 65)
        #expect(contradicts.stderr.contains("\(event) records one (collected 2026-03-10)"), "\(contradicts.stderr)")
        #expect(f.state() == before)
        let january = statement("2026-01-01..2026-01-31")
        #expect(january.status == 0, "\(january.stderr)")
        let first = trimmed(january.stdout)
        before = f.state()
        let overlaps = statement("2026-01-15..2026-02-15")
        #expect(overlaps.status == 65)
        #expect(overlaps.stderr.contains("\(first) already states that no event of IR-REPORTING happened in 2026-01-01..2026-01-31"), "\(overlaps.stderr)")
        #expect(f.state() == before)
        #expect(statement("2026-02-01..2026-02-28").status == 0)
        #expect(f.statusPorcelain.isEmpty)
        #expect(f.fsckOutput.isEmpty)
    }

    /// soc2-rules.md §3 end to end, IAM-MFA (monthly) over 2026-01-15 (Thu)..2026-05-14 (Thu),
    /// grace P14D (the ledger default). Records collected 01-20, 03-20, 04-20, 05-10. By hand:
    /// whole months February, March, April (3 occurrences); 01-20 lies in partial January;
    /// 03-20 is past February's deadline (02-28 + 14 = 03-14) and serves March; 04-20 is past
    /// March's (04-14) and serves April; 05-10 is within April's (05-14) but April takes the
    /// earlier 04-20. So 2 of 3 evidenced, February missing, January 15-31 and May 1-14
    /// partial; sample min(2, 3) = 2.
    @Test func readinessReportsOccurrencesEvidencedAndSample() throws {
        let f = Self.ledger()
        var ids = [String]()
        for d in ["2026-01-20", "2026-03-20", "2026-04-20", "2026-05-10"] {
            let r = f.evident(["evidence", "add", f.artifact("mfa-\(d).json", "{\"day\": \"\(d)\"}\n"), "--control", "IAM-MFA", "--title", "MFA \(d)",
                               "--collected", d], env: nowEnv)
            #expect(r.status == 0, "\(r.stderr)")
            ids.append(trimmed(r.stdout))
        }
        let args = ["readiness", "--framework", "soc2", "--type", "2", "--period", "2026-01-15..2026-05-14"]
        let json = f.evident(args + ["--format", "json"], env: nowEnv)
        #expect(json.status == 0)
        let soc2 = try Self.soc2(json.stdout)
        let mfa = try Self.control(soc2, "IAM-MFA")
        #expect(mfa["frequency"] as? String == "monthly")
        #expect(mfa["occurrences"] as? Int == 3)
        #expect(mfa["evidenced"] as? Int == 2)
        #expect(mfa["sample_size"] as? Int == 2)
        #expect(mfa["evidence"] as? [String] == [ids[1], ids[2]])
        let gaps = try #require(mfa["gaps"] as? [[String: Any]])
        #expect(gaps.map { "\($0["from"] as? String ?? "")..\($0["to"] as? String ?? "") \($0["kind"] as? String ?? "")" }
                == ["2026-01-15..2026-01-31 partial_not_tested", "2026-02-01..2026-02-28 missing", "2026-05-01..2026-05-14 partial_not_tested"])
        // The criteria carry the same gaps with their kind.
        let criteria = try #require(soc2["criteria"] as? [[String: Any]])
        let withMFA = criteria.filter { ($0["controls"] as? [String])?.contains("IAM-MFA") == true }
        #expect(!withMFA.isEmpty)
        for c in withMFA {
            let kinds = ((c["gaps"] as? [[String: Any]]) ?? []).filter { $0["control"] as? String == "IAM-MFA" }.map { $0["kind"] as? String }
            #expect(kinds == ["partial_not_tested", "missing", "partial_not_tested"], "\(c["id"] ?? "")")
        }
        #expect(JSONContractTests.conforms(json.stdout, to: "readiness.schema.json").status == 0)
        // The text says it in words.
        let text = f.evident(args, env: ["NO_COLOR": "1"].merging(nowEnv) { _, b in b })
        #expect(text.stdout.contains("IAM-MFA (monthly): 2 of 3 occurrences evidenced (auditor's likely sample: 2)"), "\(text.stdout)")
        #expect(text.stdout.contains("2026-02-01..2026-02-28 missing"))
        #expect(text.stdout.contains("2026-01-15..2026-01-31 partial month, not tested"))
        #expect(text.stdout.contains("2026-05-01..2026-05-14 partial month, not tested"))
        #expect(f.statusPorcelain.isEmpty)
    }

    /// `policy.sample_sizes` in ledger.yaml: monthly 3 makes IAM-MFA's sample 3 over the six
    /// whole months 2025-12-01..2026-05-31; monthly 0 is refused by name (exit 65).
    @Test func theLedgerSampleSizesAreReadAndChecked() throws {
        let f = Self.ledger()
        func setPolicy(_ line: String) {
            let sed = Processes.run("/bin/sed", ["-i", "s/^  require_signed_snapshots: false$/  require_signed_snapshots: false\\n  sample_sizes:\\n    \(line)/", ".evident/ledger.yaml"], cwd: f.root)
            #expect(sed.status == 0)
            #expect(f.git(["commit", "-q", "-am", "Sample sizes", "--no-verify"]).status == 0)
        }
        setPolicy("monthly: 3")
        #expect(f.evident(["validate"], env: nowEnv).status == 0)
        let args = ["readiness", "--framework", "soc2", "--type", "2", "--period", "2025-12-01..2026-05-31", "--format", "json"]
        let mfa = try Self.control(try Self.soc2(f.evident(args, env: nowEnv).stdout), "IAM-MFA")
        #expect(mfa["occurrences"] as? Int == 6)
        #expect(mfa["sample_size"] as? Int == 3)
        // Back out and set an invalid one: every reader refuses the ledger, naming the field.
        #expect(f.git(["reset", "-q", "--hard", "HEAD~1"]).status == 0)
        setPolicy("monthly: 0")
        let bad = f.evident(args, env: nowEnv)
        #expect(bad.status == 65, "\(bad.stderr)")
        #expect(bad.stderr.contains("policy.sample_sizes.monthly"), "\(bad.stderr)")
        let validate = f.evident(["validate"], env: nowEnv)
        #expect(validate.stdout.contains("policy.sample_sizes.monthly: must be at least 1, found 0"), "\(validate.stdout)")
    }

    /// The evidence cache keeps the flag: a cold and a warm read give the same answers.
    @Test func theEvidenceCacheKeepsNoOccurrence() throws {
        let f = Self.ledger()
        let id = trimmed(f.evident(Self.statement, env: nowEnv).stdout)
        let cache = f.root + "/.git/evident/cache/evidence.bin"
        try? FileManager.default.removeItem(atPath: cache)
        let args = ["readiness", "--framework", "soc2", "--type", "2", "--period", "2026-01-01..2026-05-31", "--format", "json"]
        let cold = f.evident(args, env: nowEnv)
        #expect(FileManager.default.fileExists(atPath: cache))
        let warm = f.evident(args, env: nowEnv)
        #expect(warm.stdout == cold.stdout)
        #expect(try Self.control(try Self.soc2(warm.stdout), "IR-REPORTING")["evidence"] as? [String] == [id])
        let listed = try #require(jsonObject(f.evident(["evidence", "list", "--format", "json"], env: nowEnv).stdout))
        #expect((listed["evidence"] as? [[String: Any]])?.first?["no_occurrence"] as? Bool == true)
        #expect(f.statusPorcelain.isEmpty)
    }
}
