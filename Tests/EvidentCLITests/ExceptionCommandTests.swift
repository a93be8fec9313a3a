import Foundation
import Testing
import TestSupport

// End-to-end tests of `evident exception add|list|show|review|close` (cmmc-rules.md §12.7) through the
// built binary, cross-checked with the stock git CLI. The clock is fixed at 2026-06-01T12:00:00Z. In
// the starter library every control is planned, so every requirement is NOT MET at first; SI.L2-3.14.1
// (5 points) is served by VULN-PATCH alone.

private let exceptionIDPattern = #"^EXC-[0-9]{8}-[0-9A-HJKMNP-TV-Z]{6}$"#

private extension LedgerFixture {
    @discardableResult
    func exception(_ args: [String], env: [String: String] = [:]) -> ProcessResult {
        evident(["exception"] + args, env: nowEnv.merging(env) { _, new in new })
    }

    /// An enduring exception for 3.14.1 that must be recorded; returns its id.
    func addEnduring(_ requirement: String = "3.14.1", _ extra: [String] = []) -> String {
        let r = exception(["add", requirement, "--kind", "enduring", "--description", "Infusion pumps cannot be patched",
                           "--mitigation", "Isolated VLAN", "--ssp-section", "4.3 Medical devices"] + extra)
        precondition(r.status == 0, "exception add failed: \(r.stderr)")
        return trimmed(r.stdout)
    }

    /// Clean work tree and index, and `git fsck --strict` silent.
    func expectCleanAndSound(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(statusPorcelain.isEmpty, "\(statusPorcelain)", sourceLocation: sourceLocation)
        let fsck = git(["fsck", "--strict", "--no-progress"])
        #expect(fsck.status == 0 && (fsck.stdout + fsck.stderr).isEmpty, "\(fsck.stdout)\(fsck.stderr)", sourceLocation: sourceLocation)
    }

    /// A command that must be refused with `status` and words in its message, writing nothing.
    func expectRefused(_ args: [String], status: Int32, _ words: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let before = state()
        let r = exception(args)
        #expect(r.status == status, "\(args): exit \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
        for w in words { #expect(r.stderr.contains(w), "\(args): stderr lacks '\(w)': \(r.stderr)", sourceLocation: sourceLocation) }
        #expect(r.stdout.isEmpty, "\(args): stdout: \(r.stdout)", sourceLocation: sourceLocation)
        #expect(state() == before, "\(args): something was written", sourceLocation: sourceLocation)
    }

    /// The cmmc-l2 requirement `id` of `readiness --format json` (at `extra`).
    func readinessRequirement(_ id: String, _ extra: [String] = []) throws -> [String: Any] {
        let r = evident(["readiness", "--format", "json"] + extra, env: nowEnv)
        try #require(r.status == 0, "\(r.stderr)")
        let json = try #require(jsonObject(r.stdout))
        let frameworks = try #require(json["frameworks"] as? [[String: Any]])
        let l2 = try #require(frameworks.first { $0["id"] as? String == "cmmc-l2" })
        let requirements = try #require(l2["requirements"] as? [[String: Any]])
        return try #require(requirements.first { $0["id"] as? String == id })
    }
}

@Suite struct ExceptionCommandTests {
    // MARK: add

    @Test func addWritesOneCanonicalRecordInOneCommit() {
        let f = LedgerFixture()
        let commits = f.commitCount
        let r = f.exception(["add", "SI.L2-3.14.1", "--kind", "enduring", "--description", "Infusion pumps in the lab cannot be patched",
                             "--mitigation", "Isolated VLAN", "--mitigation", "Escorted vendor maintenance",
                             "--ssp-section", "4.3 Medical devices", "-m", "Agreed with the ISSO"])
        #expect(r.status == 0, "\(r.stderr)")
        let id = trimmed(r.stdout)
        #expect(matches(id, exceptionIDPattern), "\(id)")
        // The id carries the opening day, today.
        #expect(id.hasPrefix("EXC-20260601-"))
        #expect(f.commitCount == commits + 1)
        #expect(f.show("exceptions/\(id).yaml").stdout == """
        schema: evident/exception/v1
        id: \(id)
        requirement: nist-800-171r2:3.14.1
        kind: enduring
        description: Infusion pumps in the lab cannot be patched
        mitigations:
        - Isolated VLAN
        - Escorted vendor maintenance
        ssp_section: 4.3 Medical devices
        reviews: []
        opened: 2026-06-01

        """)
        #expect(f.trailer("Evident-Action") == ["exception-add"])
        #expect(f.trailer("Exception-Id") == [id])
        #expect(f.trailer("Requirement") == ["nist-800-171r2:3.14.1"])
        #expect(f.git(["log", "-1", "--format=%B"]).stdout.contains("\n\nAgreed with the ISSO\n"))
        #expect(f.git(["show", "--name-only", "--format=", "HEAD"]).stdout == "exceptions/\(id).yaml\n")
        f.expectCleanAndSound()
    }

    @Test func addPrintsATemporaryDeficiencyAsJSONWithItsActionsInDateOrder() throws {
        let f = LedgerFixture()
        let r = f.exception(["add", "3.13.11", "--kind", "temporary", "--description", "Legacy transfer appliance uses non-validated TLS",
                             "--action", "2026-09-30 Traffic moved to the validated appliance", "--action", "2026-07-15 Replacement ordered",
                             "--opened", "2026-05-20", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(jsonObject(r.stdout))
        let id = try #require(json["id"] as? String)
        #expect(matches(id, exceptionIDPattern) && id.hasPrefix("EXC-20260520-"))
        #expect(json["requirement"] as? String == "nist-800-171r2:3.13.11")
        #expect(json["cmmc_id"] as? String == "SC.L2-3.13.11")
        #expect(json["kind"] as? String == "temporary")
        #expect(json["opened"] as? String == "2026-05-20")
        #expect(json["status"] as? String == "open")
        #expect(json["complete"] as? Bool == true)
        #expect(json["path"] as? String == "exceptions/\(id).yaml")
        #expect(json["commit"] as? String == f.head)
        #expect(json["ssp_section"] == nil && json["closed"] == nil)
        let actions = try #require(json["actions"] as? [[String: Any]])
        #expect(actions.map { $0["date"] as? String } == ["2026-07-15", "2026-09-30"])
        #expect((json["mitigations"] as? [String]) == [] && (json["reviews"] as? [Any])?.isEmpty == true)
        // No control mapped to 3.13.11 is implemented in the starter library: a warning, not a refusal.
        #expect(r.stderr.contains("deficiency of an implemented control"), "\(r.stderr)")
        f.expectCleanAndSound()
    }

    @Test func addRefusesWhatCannotBeRecordedAndWritesNothing() {
        let f = LedgerFixture()
        let d = ["--description", "Cannot be met"]
        let enduring = ["--kind", "enduring"] + d
        let temporary = ["--kind", "temporary"] + d
        let cases: [([String], Int32, [String])] = [
            // The requirement: unknown (66, as poam add), the SSP, Level 1, SOC 2.
            (["add", "3.99.1"] + enduring + ["--ssp-section", "4"], 66, ["unknown requirement '3.99.1'"]),
            (["add", "3.12.4"] + enduring + ["--ssp-section", "4"], 65, ["CA.L2-3.12.4", "neither an enduring exception nor a temporary deficiency applies to 3.12.4", "§12.7"]),
            (["add", "AC.L1-b.1.i"] + enduring + ["--ssp-section", "4"], 65, ["CMMC Level 1", "Level 2"]),
            (["add", "CC6.1"] + enduring + ["--ssp-section", "4"], 65, ["not a CMMC Level 2"]),
            // What each kind needs and refuses.
            (["add", "3.14.1"] + enduring, 65, ["enduring exception needs --ssp-section", "170.24(b)(1)(i)"]),
            (["add", "3.14.1"] + enduring + ["--ssp-section", "4", "--action", "2026-07-01 Ask vendor"], 65, ["--action is for a temporary deficiency"]),
            (["add", "3.14.1"] + temporary, 65, ["needs at least one --action", "170.24(b)(1)(ii)"]),
            (["add", "3.14.1"] + temporary + ["--action", "2026-07-01 Fix", "--ssp-section", "4"], 65, ["--ssp-section is for an enduring exception"]),
            (["add", "3.14.1", "--kind", "permanent"] + d + ["--ssp-section", "4"], 65, ["--kind 'permanent' is not one of enduring, temporary"]),
            // Dates: never in the future (cmmc-rules.md §12.8), a step not before the opening.
            (["add", "3.14.1"] + enduring + ["--ssp-section", "4", "--opened", "2026-06-02"], 65, ["--opened 2026-06-02 is in the future"]),
            (["add", "3.14.1"] + temporary + ["--action", "2026-05-31 Fix"], 65, ["2026-05-31 is before the opening date 2026-06-01"]),
            (["add", "3.14.1"] + temporary + ["--action", "soon fix"], 65, ["--action 'soon fix' is not \"DATE TEXT\""]),
            (["add", "3.14.1"] + temporary + ["--action", "2026-07-01 Fix", "--action", "2026-07-01 Fix"], 65, ["given twice"]),
            (["add", "3.14.1"] + enduring + ["--ssp-section", "4", "--opened", "2026-02-30"], 65, ["--opened '2026-02-30' is not a date"]),
            // Text: one line of plain text, not empty.
            (["add", "3.14.1", "--kind", "enduring", "--description", "two\nlines", "--ssp-section", "4"], 65, ["--description must be one line"]),
            (["add", "3.14.1", "--kind", "enduring", "--description", "  ", "--ssp-section", "4"], 65, ["--description must not be empty"]),
            (["add", "3.14.1"] + enduring + ["--ssp-section", "4", "--mitigation", "bell\u{07}"], 65, ["--mitigation holds a control character"]),
            (["add", "3.14.1"] + enduring + ["--ssp-section", "4\n5"], 65, ["--ssp-section must be one line"]),
            (["add", "3.14.1"] + enduring + ["--ssp-section", "4", "--mitigation", "VLAN", "--mitigation", "VLAN"], 65, ["given twice"]),
            (["add", "3.14.1"] + enduring + ["--ssp-section", "4", "-m", "esc\u{1B}[31m"], 65, ["-m holds a control character"]),
            // Missing options the parser knows: usage.
            (["add", "3.14.1"] + d + ["--ssp-section", "4"], 64, ["--kind"]),
        ]
        for (args, status, words) in cases { f.expectRefused(args, status: status, words) }
        // A second open exception of the same kind for the same requirement.
        let id = f.addEnduring()
        f.expectRefused(["add", "SI.L2-3.14.1"] + enduring + ["--ssp-section", "4.4"], status: 65, ["already has an open enduring exception, \(id)"])
        f.expectCleanAndSound()
    }

    @Test func anUntrackedFileInTheExceptionsFolderStopsAWrite() {
        let f = LedgerFixture()
        f.write("exceptions/draft.yaml", "kind: enduring\n")
        let r = f.exception(["add", "3.14.1", "--kind", "enduring", "--description", "Pumps", "--ssp-section", "4.3"])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("exceptions/draft.yaml (untracked)"), "\(r.stderr)")
    }

    // MARK: list and show

    @Test func listAndShowGiveEveryFieldInTextAndJSON() throws {
        let f = LedgerFixture()
        #expect(f.exception(["list"]).stdout == "No exceptions.\n")
        let enduring = f.addEnduring()
        let temporary = trimmed(f.exception(["add", "3.1.1", "--kind", "temporary", "--description", "Shared kiosk accounts",
                                             "--action", "2026-07-01 Per-user accounts on the kiosks"]).stdout)
        #expect(f.exception(["close", temporary]).status == 0)

        let text = f.exception(["list"])
        #expect(text.status == 0, "\(text.stderr)")
        let lines = nonEmptyLines(text.stdout)
        try #require(lines.count == 4, "\(text.stdout)")
        for column in ["ID", "REQUIREMENT", "KIND", "STATUS", "OPENED", "CLOSED", "REVIEWED", "DESCRIPTION"] { #expect(lines[0].contains(column)) }
        #expect(text.stdout.contains("nist-800-171r2:3.14.1 (SI.L2-3.14.1)"))
        #expect(lines[3] == "2 exceptions (1 open) at HEAD (\(f.head.prefix(10)))")
        #expect(f.exception(["list", "--status", "open"]).stdout.contains(enduring))
        #expect(!f.exception(["list", "--status", "open"]).stdout.contains(temporary))
        #expect(f.exception(["list", "--status", "closed"]).stdout.contains(temporary))

        let json = try #require(jsonObject(f.exception(["list", "--format", "json"]).stdout))
        #expect(json["revision"] as? String == f.head)
        #expect(json["as_of"] as? String == "2026-06-01")
        let items = try #require(json["exceptions"] as? [[String: Any]])
        #expect(Set(items.compactMap { $0["id"] as? String }) == [enduring, temporary])
        let closed = try #require(items.first { $0["id"] as? String == temporary })
        #expect(closed["status"] as? String == "closed" && closed["closed"] as? String == "2026-06-01")

        let shown = f.exception(["show", enduring.lowercased()])
        #expect(shown.status == 0, "\(shown.stderr)")
        for words in ["\(enduring)  enduring exception  open", "SI.L2-3.14.1", "SSP section:  4.3 Medical devices", "- Isolated VLAN",
                      "170.24(b)(1)(i)", "exceptions/\(enduring).yaml"] {
            #expect(shown.stdout.contains(words), "show lacks '\(words)': \(shown.stdout)")
        }
        let one = try #require(jsonObject(f.exception(["show", enduring, "--format", "json"]).stdout))
        #expect(one["ssp_section"] as? String == "4.3 Medical devices")
        #expect(one["cmmc_id"] as? String == "SI.L2-3.14.1")
        #expect(one["complete"] as? Bool == true)
        #expect(one["commit"] == nil)
        f.expectRefused(["show", "EXC-20260601-0000ZZ"], status: 66, ["no exception EXC-20260601-0000ZZ", "closest"])
        f.expectRefused(["list", "--status", "pending"], status: 64, ["pending"])
    }

    // MARK: review and close

    @Test func reviewAndCloseRecordTheirDaysInOneCommitEach() {
        let f = LedgerFixture()
        let id = f.addEnduring("3.14.1", ["--opened", "2026-03-01"])
        var commits = f.commitCount
        let r = f.exception(["review", id, "--date", "2026-05-01", "--note", "Vendor still has no patch"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "Reviewed \(id): 1 review recorded\n")
        // A second review, back-dated: kept in date order.
        #expect(f.exception(["review", id, "--date", "2026-04-01", "--note", "VLAN rules checked"]).status == 0)
        #expect(f.commitCount == commits + 2)
        #expect(f.trailer("Evident-Action") == ["exception-review"])
        #expect(f.trailer("Exception-Id") == [id])
        let record = f.show("exceptions/\(id).yaml").stdout
        #expect(record.contains("reviews:\n- date: 2026-04-01\n  note: VLAN rules checked\n- date: 2026-05-01\n  note: Vendor still has no patch\n"), "\(record)")
        f.expectCleanAndSound()

        // Refusals, nothing written.
        f.expectRefused(["review", id, "--date", "2026-06-02", "--note", "x"], status: 65, ["--date 2026-06-02 is in the future"])
        f.expectRefused(["review", id, "--date", "2026-02-28", "--note", "x"], status: 65, ["before \(id) was opened (2026-03-01)"])
        f.expectRefused(["review", id, "--note", "two\nlines"], status: 65, ["--note must be one line"])
        f.expectRefused(["review", id, "--date", "2026-04-01", "--note", "VLAN rules checked"], status: 65, ["already has the review"])
        f.expectRefused(["review", "EXC-20260301-AAAAAA", "--note", "x"], status: 66, ["no exception EXC-20260301-AAAAAA"])
        f.expectRefused(["close", id, "--date", "2026-04-30"], status: 65, ["before \(id)'s latest review (2026-05-01)"])
        f.expectRefused(["close", id, "--date", "2026-06-02"], status: 65, ["is in the future"])
        f.expectRefused(["close", "nope"], status: 66, ["no exception nope"])

        commits = f.commitCount
        let c = f.exception(["close", id, "--date", "2026-05-15", "-m", "Pumps replaced"])
        #expect(c.status == 0, "\(c.stderr)")
        #expect(c.stdout == "Closed \(id) on 2026-05-15\n")
        #expect(f.commitCount == commits + 1)
        #expect(f.show("exceptions/\(id).yaml").stdout.hasSuffix("opened: 2026-03-01\nclosed: 2026-05-15\n"))
        #expect(f.trailer("Evident-Action") == ["exception-close"])
        f.expectCleanAndSound()
        f.expectRefused(["close", id], status: 65, ["\(id) is already closed (on 2026-05-15)"])
        f.expectRefused(["review", id, "--note", "after"], status: 65, ["\(id) is closed"])
    }

    // MARK: validate, readiness, diff, history

    @Test func validateCatchesAnInvalidExceptionCommittedWithPlainGit() {
        let f = LedgerFixture()
        #expect(f.evident(["validate"], env: nowEnv).status == 0)
        // A temporary deficiency with an SSP section (enduring only) and one on 3.12.4, which no
        // exception applies to (cmmc-rules.md §12.7).
        f.write("exceptions/EXC-20260601-AAAAAA.yaml", """
        schema: evident/exception/v1
        id: EXC-20260601-AAAAAA
        requirement: nist-800-171r2:3.14.1
        kind: temporary
        description: Patching paused on the lab
        mitigations: []
        ssp_section: 4.3 Lab
        actions:
        - date: 2026-07-01
          text: Resume patching
        reviews: []
        opened: 2026-06-01

        """)
        f.write("exceptions/EXC-20260601-BBBBBB.yaml", """
        schema: evident/exception/v1
        id: EXC-20260601-BBBBBB
        requirement: nist-800-171r2:3.12.4
        kind: enduring
        description: No SSP yet
        mitigations: []
        ssp_section: none
        reviews: []
        opened: 2026-06-01

        """)
        #expect(f.git(["add", "-A"]).status == 0)
        #expect(f.git(["-c", "core.hooksPath=/dev/null", "commit", "--quiet", "-m", "exceptions by hand"]).status == 0)
        for args in [["validate"], ["validate", "--at", "HEAD"]] {
            let r = f.evident(args, env: nowEnv)
            #expect(r.status == 2, "\(args): \(r.stdout)\(r.stderr)")
            let out = r.stdout + r.stderr
            #expect(out.contains("exceptions/EXC-20260601-AAAAAA.yaml") && out.contains("ssp_section"), "\(out)")
            #expect(out.contains("exceptions/EXC-20260601-BBBBBB.yaml") && out.contains("applies to 3.12.4"), "\(out)")
        }
        // Readiness still answers: the broken record is left out with a warning, the 3.12.4 one is not scored.
        let r = f.evident(["readiness", "--format", "json"], env: nowEnv)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("EXC-20260601-AAAAAA"), "\(r.stderr)")
        #expect(r.stdout.contains("EXC-20260601-BBBBBB is open but not scored"))
    }

    @Test func readinessScoresTheRequirementMETWithTheExceptionID() throws {
        let f = LedgerFixture()
        // By hand: VULN-PATCH is planned, so 3.14.1 is NOT MET and costs 5.
        let before = try f.readinessRequirement("3.14.1")
        #expect(before["status"] as? String == "not_met" && before["deduction"] as? Int == 5)
        #expect(before["exception"] is NSNull)
        let id = f.addEnduring()
        let after = try f.readinessRequirement("3.14.1")
        #expect(after["status"] as? String == "met")
        #expect(after["deduction"] as? Int == 0)
        #expect(after["exception"] as? String == id)
        #expect((after["reasons"] as? [String])?.contains { $0.contains(id) && $0.contains("170.24(b)(1)(i)") } == true)
        // The JSON still keeps its contract.
        let json = f.evident(["readiness", "--format", "json"], env: nowEnv).stdout
        let check = JSONContractTests.conforms(json, to: "readiness.schema.json")
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        // Text: shown as MET with the exception.
        let text = f.evident(["readiness"], env: nowEnv).stdout
        #expect(text.contains("MET through an exception (1)"), "\(text)")
        #expect(text.contains("3.14.1 (SI.L2-3.14.1) MET (exception \(id))"), "\(text)")
        // The day before it opened, it did not count.
        #expect(try f.readinessRequirement("3.14.1", ["--as-of", "2026-05-31"])["status"] as? String == "not_met")
        // Closed today: closed by the as-of day, so NOT MET again.
        #expect(f.exception(["close", id]).status == 0)
        #expect(try f.readinessRequirement("3.14.1")["status"] as? String == "not_met")
        f.expectCleanAndSound()
    }

    @Test func diffListsExceptionsOpenedAndClosedAndHistoryShowsTheirCommits() throws {
        let f = LedgerFixture()
        let id = f.addEnduring()
        let diff = f.evident(["diff", "HEAD~1", "HEAD", "--format", "json"], env: nowEnv)
        #expect(diff.status == 0, "\(diff.stderr)")
        let json = try #require(jsonObject(diff.stdout))
        let exceptions = try #require(json["exceptions"] as? [String: Any])
        let opened = try #require(exceptions["opened"] as? [[String: Any]])
        #expect(opened.map { $0["id"] as? String } == [id])
        #expect(opened.first?["kind"] as? String == "enduring" && opened.first?["requirement"] as? String == "nist-800-171r2:3.14.1")
        #expect((exceptions["closed"] as? [Any])?.isEmpty == true)
        #expect(f.evident(["diff", "HEAD~1", "HEAD"], env: nowEnv).stdout.contains("\(id)  nist-800-171r2:3.14.1  enduring, opened 2026-06-01"))

        #expect(f.exception(["close", id]).status == 0)
        let closedJSON = try #require(jsonObject(f.evident(["diff", "HEAD~1", "HEAD", "--format", "json"], env: nowEnv).stdout))
        let closed = try #require((closedJSON["exceptions"] as? [String: Any])?["closed"] as? [[String: Any]])
        #expect(closed.map { $0["id"] as? String } == [id])

        let history = f.evident(["history", "3.14.1", "--format", "json"], env: nowEnv)
        #expect(history.status == 0, "\(history.stderr)")
        let h = try #require(jsonObject(history.stdout))
        let actions = (h["commits"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
        #expect(actions.suffix(2) == ["exception-add", "exception-close"], "\(actions)")
    }
}
