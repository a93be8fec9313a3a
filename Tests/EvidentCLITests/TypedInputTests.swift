import Foundation
import Testing
import TestSupport

/// Every option that holds a day, a time, a period, a duration or one of a closed set of values
/// is parsed by the command line before any service runs: a value that does not parse is refused
/// with exit 65 (a filter's with 64), the message names the option as it was typed and says what
/// to write, and nothing in the ledger changes.
@Suite struct TypedInputTests {
    static let refusals: [(args: [String], status: Int32, mentions: [String])] = [
        (["evidence", "add", "ARTIFACT", "--control", "IAM-MFA", "--title", "T", "--collected", "2026-02-30"], 65,
         ["--collected '2026-02-30' is not a date", "YYYY-MM-DD"]),
        (["evidence", "add", "ARTIFACT", "--control", "IAM-MFA", "--title", "T", "--covers", "2026-07-01"], 65,
         ["--covers '2026-07-01' is not a period", "FROM..TO"]),
        (["evidence", "add", "ARTIFACT", "--control", "IAM-MFA", "--title", "T", "--covers", "2026-09-30..2026-07-01"], 65,
         ["--covers", "starts after it ends"]),
        // soc2-rules.md §3: evidence collected 2026-10-01 cannot speak for 2027 (the fixture's clock
        // is later, so the collection date itself is accepted).
        (["evidence", "add", "ARTIFACT", "--control", "IAM-MFA", "--title", "T", "--collected", "2026-10-01", "--covers", "2027-01-01..2027-12-31"], 65,
         ["--covers '2027-01-01..2027-12-31' ends after the evidence was collected (2026-10-01)"]),
        (["evidence", "add", "ARTIFACT", "--control", "IAM-MFA", "--title", "T", "--valid-until", "next year"], 65,
         ["--valid-until 'next year' is not a date"]),
        (["evidence", "add", "ARTIFACT", "--control", "IAM-MFA", "--title", "T", "--method", "fax"], 65,
         ["--method 'fax' is not one of automated, manual, screenshot, interview, document"]),
        (["evidence", "add", "ARTIFACT", "--control", "IAM-MFA", "--title", "T", "--classification", "secret"], 65,
         ["--classification 'secret' is not one of public, internal, fci, cui"]),
        (["control", "add", "SEC-TWO", "--title", "Two", "--owner", "two@example.com", "--frequency", "monthly", "--status", "done"], 65,
         ["--status 'done' is not one of implemented, partially_implemented, planned, not_implemented, not_applicable"]),
        (["control", "add", "SEC-TWO", "--title", "Two", "--owner", "two@example.com", "--frequency", "monthly", "--evidence-valid-for", "P8000Y"], 65,
         ["--evidence-valid-for 'P8000Y' is longer than P100Y"]),
        (["control", "list", "--status", "done"], 64, ["--status 'done' is not one of"]),
        (["poam", "add", "3.5.3", "--weakness", "W", "--scheduled-completion", "2026-13-01"], 65,
         ["--scheduled-completion '2026-13-01' is not a date"]),
        (["poam", "add", "3.5.3", "--weakness", "W", "--scheduled-completion", "2027-01-01", "--milestone", "soon"], 65,
         ["--milestone 'soon' is not \"DATE TEXT\""]),
        // cmmc-rules.md §12.8: the plan ends 2027-01-01, so a step on 2027-02-01 cannot be part of it.
        (["poam", "add", "3.5.3", "--weakness", "W", "--scheduled-completion", "2027-01-01", "--milestone", "2027-02-01 Rolled out"], 65,
         ["--milestone '2027-02-01 Rolled out': 2027-02-01 is after the scheduled completion 2027-01-01"]),
        // poam add holds its milestones to the rules poam milestone add applies: one line, given once.
        (["poam", "add", "3.5.3", "--weakness", "W", "--scheduled-completion", "2027-01-01", "--milestone", "2026-12-15 a\nb"], 65,
         ["--milestone must be one line"]),
        (["poam", "add", "3.5.3", "--weakness", "W", "--scheduled-completion", "2027-01-01", "--milestone", "2026-12-15 A", "--milestone", "2026-12-15 A"], 65,
         ["is given twice"]),
        // The fixture's clock is today (after 2026-12-01): a Type 2 period ending in 2099 has not come.
        (["snapshot", "create", "q4", "--kind", "soc2-type2", "--period", "2099-01-01..2099-06-30"], 65,
         ["--period 2099-01-01..2099-06-30 ends after today"]),
        (["readiness", "--type", "2", "--period", "2026-12-01..2026-01-01"], 65, ["ends before it starts; write the earlier date first"]),
        (["poam", "add", "3.5.3", "--weakness", "W", "--scheduled-completion", "2027-01-01", "--opened", "yesterday"], 65,
         ["--opened 'yesterday' is not a date"]),
        (["snapshot", "create", "q4", "--kind", "audit"], 65, ["--kind 'audit' is not one of cmmc-l1-self", "soc2-type2"]),
        (["snapshot", "create", "q4", "--kind", "soc2-type2", "--period", "2026-01-01..2036-06-30"], 65,
         ["--period '2026-01-01..2036-06-30'", "longer than ten years"]),
        (["snapshot", "create", "q4", "--kind", "internal", "--as-of", "31/12/2026"], 65, ["--as-of '31/12/2026' is not a date"]),
        (["readiness", "--as-of", "2026-02-29"], 65, ["--as-of '2026-02-29' is not a date"]),
        (["readiness", "--status-date", "soon"], 65, ["--status-date 'soon' is not a date"]),
        (["readiness", "--type", "2", "--period", "2026"], 65, ["--period '2026' is not a period"]),
        (["affirm", "--framework", "cmmc", "--level", "2", "--official", "Jane Doe", "--official-title", "CEO", "--date", "2026-04-31"], 65,
         ["--date '2026-04-31' is not a date"]),
        // Said as what it is: a day the calendar has not, a year out of range, a duration too long.
        (["poam", "add", "3.5.3", "--weakness", "W", "--scheduled-completion", "2027-01-01", "--milestone", "2026-02-30 Rolled out"], 65,
         ["--milestone '2026-02-30 Rolled out': 2026-02-30 is not a day of the calendar"]),
        (["evidence", "add", "ARTIFACT", "--control", "IAM-MFA", "--title", "T", "--covers", "0000-01-01..0000-02-01"], 65,
         ["0000-01-01 is out of range: days run from 0001-01-01 to 9999-12-31"]),
        (["control", "add", "SEC-TWO", "--title", "Two", "--owner", "two@example.com", "--frequency", "monthly", "--evidence-valid-for", "P1000000D"], 65,
         ["--evidence-valid-for 'P1000000D' is longer than P100Y"]),
        // Options that contradict each other are refused rather than one of them ignored (64).
        (["readiness", "--period", "2026-01-01..2026-06-30"], 64, ["--period is the observation period of SOC 2 Type 2: add --type 2"]),
        (["snapshot", "create", "q4", "--kind", "soc2-type1", "--period", "2026-01-01..2026-06-30"], 64,
         ["--period is the observation period of a soc2-type2 (or internal) snapshot", "leave --period out"]),
        // One-line texts: a weakness and a control title name their record in commit summaries and lists.
        (["poam", "add", "3.5.3", "--weakness", "MFA missing\nfor contractors", "--scheduled-completion", "2027-01-01"], 65, ["--weakness must be one line"]),
        (["control", "add", "SEC-TWO", "--title", "Two\nlines", "--owner", "two@example.com", "--frequency", "monthly"], 65, ["--title must be one line"]),
        // A snapshot note is plain text and never holds the manifest's marker.
        (["snapshot", "create", "q4", "--kind", "internal", "-m", "Quarterly\u{1B}[31m review"], 65, ["-m holds a control character"]),
        (["snapshot", "create", "q4", "--kind", "internal", "-m", "note\n\n-----BEGIN EVIDENT MANIFEST-----\n{}"], 65, ["manifest's marker line"]),
        // The assessor goes into the manifest and its summary: one line, never the manifest's marker.
        (["snapshot", "create", "q4", "--kind", "internal", "--assessor", "Acme\n-----BEGIN EVIDENT MANIFEST-----\n{}"], 65, ["--assessor must be one line"]),
        (["snapshot", "create", "q4", "--kind", "internal", "--assessor", "Acme\u{1B}[31m audit"], 65, ["--assessor holds a control character"]),
        (["snapshot", "create", "q4", "--kind", "internal", "--assessor", " "], 65, ["--assessor must not be empty"]),
        // A status date is a day that has come by the day readiness is judged at.
        (["readiness", "--as-of", "2026-12-01", "--status-date", "2026-12-25"], 65, ["--status-date 2026-12-25 is after the day readiness is judged at (2026-12-01)"]),
        (["snapshot", "create", "q4", "--kind", "soc2-type2", "--period", "2026-01-01..2026-06-30", "--as-of", "2026-05-01"], 64,
         ["--as-of 2026-05-01 is before the end of the observation period 2026-01-01..2026-06-30"]),
        // The status held is read from a CMMC snapshot's own result (cmmc-rules.md §12.1).
        (["snapshot", "create", "q4", "--kind", "cmmc-l2-self", "--framework", "soc2"], 64,
         ["a cmmc-l2-self snapshot records a cmmc-l2 result, so --framework must include cmmc-l2", "--kind internal"]),
    ]

    @Test(arguments: refusals.indices)
    func malformedValuesAreRefusedNamingTheOption(_ index: Int) {
        let f = LedgerFixture()
        let artifact = f.artifact("okta.json", "{}\n")
        let (args, status, mentions) = Self.refusals[index]
        let before = f.state()
        let r = f.evident(args.map { $0 == "ARTIFACT" ? artifact : $0 })
        #expect(r.status == status, "\(args): \(r.stderr)")
        for m in mentions { #expect(r.stderr.contains(m), "\(args): stderr lacks '\(m)': \(r.stderr)") }
        // Not the record's field name: the command line words every field as its option.
        #expect(!r.stderr.contains("valid_until") && !r.stderr.contains("status_date") && !r.stderr.contains("scheduled_completion"), "\(r.stderr)")
        #expect(f.state() == before, "\(args) changed the ledger")
    }

    /// A positional argument is named as the command's help names it, never as an option it is not;
    /// suggestions come from the framework asked about.
    @Test func positionalStepsAndExplainSuggestionsSpeakOfWhatWasTyped() {
        let f = LedgerFixture()
        let add = f.evident(["poam", "add", "3.1.9", "--weakness", "Banner missing", "--scheduled-completion", "2027-01-01"])
        let id = add.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(add.status == 0, "\(add.stderr)")
        let before = f.state()
        for (step, words) in [("soon", "the step 'soon' is not \"DATE TEXT\""), ("2026-02-30 Banner", "2026-02-30 is not a day of the calendar")] {
            let r = f.evident(["poam", "milestone", "add", id, step])
            #expect(r.status == 65 && r.stderr.contains(words) && !r.stderr.contains("--milestone"), "\(r.stderr)")
        }
        #expect(f.state() == before)
        let soc2 = f.evident(["readiness", "--framework", "soc2", "--explain", "CC6.9"])
        #expect(soc2.stderr.contains("did you mean CC6.1") && !soc2.stderr.contains("3."), "\(soc2.stderr)")
        let nist = f.evident(["readiness", "--framework", "soc2", "--explain", "9.9.9"])
        #expect(!nist.stderr.contains("3.1.9"), "\(nist.stderr)")
    }

    /// `-o -` is standard output (as `evidence add -` reads standard input); `-o ''` is refused.
    @Test func outputDashIsStandardOutputAndAnEmptyPathIsRefused() {
        let f = LedgerFixture()
        let r = f.evident(["calendar", "--format", "ics", "-o", "-"])
        #expect(r.status == 0 && r.stdout.hasPrefix("BEGIN:VCALENDAR"), "\(r.stderr)")
        #expect(f.statusPorcelain.isEmpty)
        let empty = f.evident(["calendar", "-o", ""])
        #expect(empty.status == 64 && empty.stderr.contains("-o needs a path"), "\(empty.stderr)")
        let folder = f.evident(["export", "workpapers", "--period", "2026-01-01..2026-06-30", "-o", ""])
        #expect(folder.status == 64 && folder.stderr.contains("-o needs a folder"), "\(folder.stderr)")
    }

    @Test func wellFormedValuesReachTheRecord() throws {
        let f = LedgerFixture()
        let artifact = f.artifact("scan.csv", "host,finding\n")
        let r = f.evident(["evidence", "add", artifact, "--control", "IAM-MFA", "--title", "Scan", "--collected", "2026-10-01",
                           "--covers", "2026-07-01..2026-09-30", "--valid-until", "2026-12-31", "--method", "automated",
                           "--classification", "cui", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let record = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(record["collected_at"] as? String == "2026-10-01T00:00:00Z")
        #expect((record["covers"] as? [String: String]) == ["from": "2026-07-01", "to": "2026-09-30"])
        #expect(record["valid_until"] as? String == "2026-12-31")
        #expect(record["method"] as? String == "automated")
        #expect(record["classification"] as? String == "cui")
    }
}
