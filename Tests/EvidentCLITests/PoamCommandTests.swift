import Foundation
import Testing
import TestSupport

// End-to-end tests of `evident poam add|list|close` and `evident affirm`, through the built binary,
// cross-checked with the stock git CLI. The clock is fixed at 2026-06-01T12:00:00Z.

private let poamNow = ["EVIDENT_NOW": "2026-06-01T12:00:00Z"]

private func poamTrim(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }

private func poamJSON(_ s: String) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(s.utf8))) as? [String: Any]
}

private extension LedgerFixture {
    @discardableResult
    func poam(_ args: [String], env: [String: String] = [:]) -> ProcessResult {
        evident(["poam"] + args, env: poamNow.merging(env) { _, new in new })
    }

    @discardableResult
    func affirm(_ args: [String]) -> ProcessResult {
        evident(["affirm"] + args, env: poamNow)
    }

    /// `poam add` that must succeed; returns the id.
    func openPoam(_ requirement: String, weakness: String = "Not yet in place", scheduled: String = "2026-08-15", _ extra: [String] = []) -> String {
        let r = poam(["add", requirement, "--weakness", weakness, "--scheduled-completion", scheduled] + extra)
        precondition(r.status == 0, "poam add \(requirement) failed: \(r.stderr)")
        return poamTrim(r.stdout)
    }

    func poamShow(_ path: String) -> ProcessResult { git(["show", "HEAD:\(path)"]) }

    /// `affirmations/<stem>-<six Crockford base32 characters>.yaml`.
    static func isAffirmationPath(_ path: String, _ stem: String) -> Bool {
        let prefix = "affirmations/\(stem)-"
        guard path.hasPrefix(prefix), path.hasSuffix(".yaml") else { return false }
        let random = path.dropFirst(prefix.count).dropLast(5)
        return random.count == 6 && random.allSatisfy { "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains($0) }
    }

    /// An id of the form `POAM-<opened YYYYMMDD>-<six Crockford base32 characters>`.
    static func isPoamID(_ id: String, opened: String) -> Bool {
        let stamp = opened.replacingOccurrences(of: "-", with: "")
        guard id.hasPrefix("POAM-\(stamp)-"), id.count == 20 else { return false }
        return id.dropFirst(14).allSatisfy { "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains($0) }
    }

    func poamTrailer(_ key: String) -> [String] {
        git(["log", "-1", "--format=%(trailers:key=\(key),valueonly)"]).stdout.split(separator: "\n").map(String.init)
    }

    var poamLastMessage: String { git(["log", "-1", "--format=%B"]).stdout }

    /// The ledger is clean, and git finds nothing wrong.
    func poamExpectClean(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(git(["status", "--porcelain", "--untracked-files=all"]).stdout.isEmpty, sourceLocation: sourceLocation)
        let fsck = git(["fsck", "--no-progress"])
        #expect(fsck.status == 0 && (fsck.stdout + fsck.stderr).isEmpty, "\(fsck.stdout)\(fsck.stderr)", sourceLocation: sourceLocation)
    }

    /// Runs a command that must be refused with `status` and a message containing every `words`,
    /// leaving HEAD, index and work tree exactly as they were.
    func poamExpectRefused(_ run: () -> ProcessResult, status: Int32, _ words: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let before = state()
        let r = run()
        #expect(r.status == status, "exit \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
        for w in words {
            #expect(r.stderr.contains(w), "stderr lacks '\(w)': \(r.stderr)", sourceLocation: sourceLocation)
        }
        #expect(r.stdout.isEmpty, "stdout: \(r.stdout)", sourceLocation: sourceLocation)
        #expect(state() == before, "something was written", sourceLocation: sourceLocation)
    }
}

@Suite struct PoamCommandTests {
    // MARK: add

    /// cmmc-rules.md §12.8: a POA&M item on a requirement MET at HEAD is recorded, with a warning
    /// that says it is MET. By hand: IAM-SESSION (maps 3.1.9, annual) implemented, with evidence
    /// collected 2026-05-20 (valid to 2027-06-03 with the 14-day grace): 3.1.9 is MET on 2026-06-01.
    @Test func addOnAMetRequirementSaysItIsMet() {
        let f = LedgerFixture()
        #expect(f.evident(["control", "set", "IAM-SESSION", "status=implemented"], env: poamNow).status == 0)
        let e = f.evident(["evidence", "add", f.artifact("lockout.json", "{\"lockout\": 5}\n"), "--control", "IAM-SESSION",
                           "--title", "Lockout policy", "--collected", "2026-05-20"], env: poamNow)
        #expect(e.status == 0, "\(e.stderr)")
        let r = f.poam(["add", "3.1.9", "--weakness", "Banner wording under review", "--scheduled-completion", "2026-08-15"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("AC.L2-3.1.9 is MET at HEAD today (2026-06-01)"), "\(r.stderr)")
        #expect(!r.stderr.contains("is NOT MET"), "\(r.stderr)")
    }

    /// `poam milestone add`: by hand, the item opens 2026-06-01 (the fixture's clock) and is
    /// scheduled for 2026-08-15, with one milestone on 2026-07-31. A step on 2026-07-01 lands
    /// before it (date order); 2026-08-16 is after the completion and 2026-05-31 before the
    /// opening (cmmc-rules.md §12.8): both refused with exit 65, nothing written.
    @Test func milestoneAddKeepsThePlanInOrderAndInsideItsDates() throws {
        let f = LedgerFixture()
        let id = f.openPoam("3.1.9", weakness: "Login banner missing", ["--milestone", "2026-07-31 Banner deployed"])
        #expect(LedgerFixture.isPoamID(id, opened: "2026-06-01"), "\(id)")
        let commits = f.commitCount
        let r = f.poam(["milestone", "add", id, "2026-07-01 Banner text approved by legal"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(f.commitCount == commits + 1)
        #expect(f.statusPorcelain.isEmpty)
        let record = f.git(["show", "HEAD:poam/\(id).yaml"]).stdout
        let first = try #require(record.range(of: "2026-07-01"))
        let second = try #require(record.range(of: "2026-07-31"))
        #expect(first.lowerBound < second.lowerBound, "\(record)")
        let before = f.state()
        for (step, mention) in [("2026-08-16 Too late", "scheduled completion 2026-08-15"), ("2026-05-31 Too early", "runs from 2026-06-01")] {
            let bad = f.poam(["milestone", "add", id, step])
            #expect(bad.status == 65, "\(bad.stderr)")
            #expect(bad.stderr.contains(mention), "\(bad.stderr)")
        }
        #expect(f.poam(["milestone", "add", id, "2026-07-01 Banner text approved by legal"]).status == 65)
        #expect(f.poam(["milestone", "add", "POAM-2026-009", "2026-07-01 Nothing"]).status == 66)
        #expect(f.state() == before)
        #expect(f.poam(["close", id]).status == 0)
        let closed = f.poam(["milestone", "add", id, "2026-07-02 After closing"])
        #expect(closed.status == 65)
        #expect(closed.stderr.contains("is closed"), "\(closed.stderr)")
    }

    @Test func addWritesOneCanonicalRecordInOneCommit() {
        let f = LedgerFixture()
        let commits = f.commitCount
        let r = f.poam(["add", "3.1.9", "--weakness", "Login banner missing: jump hosts show no CUI notice",
                        "--scheduled-completion", "2026-08-15", "--milestone", "2026-07-01 Banner text approved by legal",
                        "--milestone", "2026-07-31 Banner deployed to all jump hosts"])
        #expect(r.status == 0, "\(r.stderr)")
        let id = poamTrim(r.stdout)
        #expect(LedgerFixture.isPoamID(id, opened: "2026-06-01"), "\(id)")
        #expect(!r.stderr.contains("warning"), "3.1.9 is POA&M-eligible: \(r.stderr)")
        #expect(f.commitCount == commits + 1)
        let shown = f.poamShow("poam/\(id).yaml")
        #expect(shown.status == 0)
        #expect(shown.stdout == """
        schema: evident/poam/v1
        id: \(id)
        requirement: nist-800-171r2:3.1.9
        weakness: "Login banner missing: jump hosts show no CUI notice"
        opened: 2026-06-01
        scheduled_completion: 2026-08-15
        milestones:
        - date: 2026-07-01
          description: Banner text approved by legal
        - date: 2026-07-31
          description: Banner deployed to all jump hosts
        status: open

        """)
        #expect(f.poamTrailer("Evident-Action") == ["poam-add"])
        #expect(f.poamTrailer("Poam-Id") == [id])
        #expect(f.poamTrailer("Requirement") == ["nist-800-171r2:3.1.9"])
        #expect(f.poamLastMessage.contains("Evident-Action: poam-add\nPoam-Id: \(id)\nRequirement: nist-800-171r2:3.1.9\n"))
        // Exactly one file changed, and it is the record.
        #expect(f.git(["show", "--name-only", "--format=", "HEAD"]).stdout == "poam/\(id).yaml\n")
        f.poamExpectClean()
    }

    /// Ids carry the opening day and a random part, so two clones never pick the same one; every
    /// resolver form of a requirement works.
    @Test func idsCarryTheOpeningDayAndEveryResolverFormWorks() {
        let f = LedgerFixture()
        let a = f.openPoam("3.1.9")
        let b = f.openPoam("AC.L2-3.1.10")
        let c = f.openPoam("nist-800-171r2:3.1.11", ["--opened", "2025-12-01"])
        let d = f.openPoam("ac.l2-3.1.14")
        #expect(LedgerFixture.isPoamID(a, opened: "2026-06-01") && LedgerFixture.isPoamID(b, opened: "2026-06-01"), "\(a) \(b)")
        #expect(LedgerFixture.isPoamID(c, opened: "2025-12-01"), "\(c)")
        #expect(Set([a, b, c, d]).count == 4)
        #expect(f.poamTrailer("Requirement") == ["nist-800-171r2:3.1.14"])
        #expect(poamTrim(f.poamShow("poam/\(c).yaml").stdout).contains("opened: 2025-12-01"))
        #expect(poamTrim(f.poamShow("poam/\(b).yaml").stdout).contains("requirement: nist-800-171r2:3.1.10"))
        // A Level 3 requirement takes a POA&M too.
        #expect(LedgerFixture.isPoamID(f.openPoam("AC.L3-3.1.2e"), opened: "2026-06-01"))
        #expect(f.poamTrailer("Requirement") == ["cmmc-l3:3.1.2e"])
        f.poamExpectClean()
    }

    @Test func addPrintsTheRecordAsJSON() throws {
        let f = LedgerFixture()
        let r = f.poam(["add", "IA.L2-3.5.4", "--weakness", "Replay-resistant auth missing on legacy VPN",
                        "--scheduled-completion", "2026-09-30", "--milestone", "2026-07-15 New VPN in place", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(poamJSON(r.stdout))
        let id = try #require(json["id"] as? String)
        #expect(LedgerFixture.isPoamID(id, opened: "2026-06-01"), "\(id)")
        #expect(json["requirement"] as? String == "nist-800-171r2:3.5.4")
        #expect(json["cmmc_id"] as? String == "IA.L2-3.5.4")
        #expect(json["status"] as? String == "open")
        #expect(json["opened"] as? String == "2026-06-01")
        #expect(json["scheduled_completion"] as? String == "2026-09-30")
        let milestones = try #require(json["milestones"] as? [[String: Any]])
        #expect(milestones.count == 1 && milestones[0]["date"] as? String == "2026-07-15")
        #expect(json["path"] as? String == "poam/\(id).yaml")
        #expect(json["commit"] as? String == f.head)
        #expect(json["closed"] == nil)
    }

    @Test func addRefusesBadInputAndWritesNothing() {
        let f = LedgerFixture()
        func add(_ req: String, _ extra: [String]) -> () -> ProcessResult {
            { f.poam(["add", req] + extra) }
        }
        let w = ["--weakness", "Not in place"]
        f.poamExpectRefused(add("3.1.9", w + ["--scheduled-completion", "2026-05-31"]), status: 65, ["2026-05-31", "before the opening date 2026-06-01"])
        f.poamExpectRefused(add("3.1.9", w + ["--scheduled-completion", "2026-03-01", "--opened", "2026-04-01"]), status: 65, ["before the opening date 2026-04-01"])
        f.poamExpectRefused(add("3.1.9", w + ["--scheduled-completion", "2026-13-01"]), status: 65, ["--scheduled-completion '2026-13-01' is not a date"])
        f.poamExpectRefused(add("3.1.9", w + ["--scheduled-completion", "next month"]), status: 65, ["is not a date", "YYYY-MM-DD"])
        f.poamExpectRefused(add("3.1.9", w + ["--scheduled-completion", "2026-08-01", "--opened", "2026/05/01"]), status: 65, ["--opened '2026/05/01' is not a date"])
        f.poamExpectRefused(add("3.1.9", w + ["--scheduled-completion", "2026-08-01", "--opened", "2026-06-02"]), status: 65, ["--opened 2026-06-02 is in the future"])
        f.poamExpectRefused(add("3.1.9", w + ["--scheduled-completion", "2026-08-01", "--milestone", "soon: banner approved"]), status: 65, ["--milestone 'soon: banner approved'", "DATE TEXT"])
        f.poamExpectRefused(add("3.1.9", w + ["--scheduled-completion", "2026-08-01", "--milestone", "2026-07-01"]), status: 65, ["--milestone '2026-07-01'", "DATE TEXT"])
        f.poamExpectRefused(add("3.1.9", w + ["--scheduled-completion", "2026-08-01", "--milestone", "2026-07-32 Banner"]), status: 65, ["2026-07-32 is not a day of the calendar"])
        f.poamExpectRefused(add("3.1.9", ["--weakness", "  ", "--scheduled-completion", "2026-08-01"]), status: 65, ["--weakness must not be empty"])
        f.poamExpectRefused(add("3.99.1", w + ["--scheduled-completion", "2026-08-01"]), status: 66, ["unknown requirement '3.99.1'"])
        f.poamExpectRefused(add("3.1.9", ["--scheduled-completion", "2026-08-01"]), status: 64, ["--weakness"])
        f.poamExpectRefused(add("3.1.9", w), status: 64, ["--scheduled-completion"])
        f.poamExpectClean()
    }

    @Test func levelOneAndSOC2TakeNoPOAM() {
        let f = LedgerFixture()
        let w = ["--weakness", "Not in place", "--scheduled-completion", "2026-08-01"]
        f.poamExpectRefused({ f.poam(["add", "AC.L1-b.1.i"] + w) }, status: 65, ["CMMC Level 1", "32 CFR 170.21(a)(1)", "cmmc-l1:AC.L1-b.1.i"])
        f.poamExpectRefused({ f.poam(["add", "cmmc-l1:AC.L1-b.1.iv"] + w) }, status: 65, ["32 CFR 170.21(a)(1)"])
        f.poamExpectRefused({ f.poam(["add", "CC6.1"] + w) }, status: 65, ["SOC 2", "no POA&M"])
    }

    @Test func anOpenItemBlocksASecondForTheSameRequirement() {
        let f = LedgerFixture()
        let id = f.openPoam("3.1.9")
        let w = ["--weakness", "Again", "--scheduled-completion", "2026-09-01"]
        // Whatever form names the requirement.
        f.poamExpectRefused({ f.poam(["add", "AC.L2-3.1.9"] + w) }, status: 65, ["AC.L2-3.1.9", "already has an open POA&M item, \(id)"])
        f.poamExpectRefused({ f.poam(["add", "nist-800-171r2:3.1.9"] + w) }, status: 65, [id])
        // Once it is closed, a new plan may be opened.
        #expect(f.poam(["close", id]).status == 0)
        #expect(f.openPoam("3.1.9") != id)
        f.poamExpectClean()
    }

    @Test func ineligibleRequirementsAreRecordedWithAWarning() {
        let f = LedgerFixture()
        let cases: [(String, [String])] = [
            // 5 points: more than 1 point (32 CFR 170.21(a)(2)(ii)).
            ("3.1.1", ["AC.L2-3.1.1", "worth 5 points", "170.21(a)(2)(ii)"]),
            // 3 points.
            ("3.5.3", ["IA.L2-3.5.3", "170.21(a)(2)(ii)"]),
            // Named ones, 1 point or no value (32 CFR 170.21(a)(2)(iii)).
            ("3.1.20", ["AC.L2-3.1.20", "170.21(a)(2)(iii)"]),
            ("3.1.22", ["AC.L2-3.1.22", "170.21(a)(2)(iii)"]),
            ("3.12.4", ["CA.L2-3.12.4", "170.21(a)(2)(iii)"]),
            ("3.10.3", ["PE.L2-3.10.3", "170.21(a)(2)(iii)"]),
            ("3.10.4", ["PE.L2-3.10.4", "170.21(a)(2)(iii)"]),
            ("3.10.5", ["PE.L2-3.10.5", "170.21(a)(2)(iii)"]),
            // The starter control records FIPS-validated encryption: 3.13.11 is eligible only when not.
            ("3.13.11", ["SC.L2-3.13.11", "not FIPS-validated", "encryption: fips_validated", "170.21(a)(2)(ii)"]),
            // Level 3: one of the seven named (32 CFR 170.21(a)(3)).
            ("IR.L3-3.6.1e", ["IR.L3-3.6.1e", "170.21(a)(3)"]),
        ]
        for (req, words) in cases {
            let r = f.poam(["add", req, "--weakness", "Gap", "--scheduled-completion", "2026-08-01"])
            let id = poamTrim(r.stdout)
            #expect(r.status == 0, "\(req): \(r.stderr)")
            #expect(LedgerFixture.isPoamID(id, opened: "2026-06-01"), "\(req): \(id)")
            #expect(r.stderr.hasPrefix("warning: "), "\(req): \(r.stderr)")
            for w in words { #expect(r.stderr.contains(w), "\(req): stderr lacks '\(w)': \(r.stderr)") }
            #expect(r.stderr.contains("recorded as \(id)"), "\(req)")
            #expect(f.poamShow("poam/\(id).yaml").status == 0, "\(req) was not recorded")
        }
        // 1-point requirements outside the named six are eligible: no warning.
        for req in ["3.1.9", "SC.L2-3.13.16", "AC.L3-3.1.2e"] {
            let r = f.poam(["add", req, "--weakness", "Gap", "--scheduled-completion", "2026-08-01"])
            #expect(r.status == 0 && r.stderr.isEmpty, "\(req): \(r.stderr)")
        }
        f.poamExpectClean()
    }

    @Test func aPlanLongerThanTheCloseoutWindowIsWarnedAbout() {
        let f = LedgerFixture()
        let r = f.poam(["add", "3.1.9", "--weakness", "Gap", "--scheduled-completion", "2027-01-01"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("214 days") && r.stderr.contains("180 days (32 CFR 170.21(b))"), "\(r.stderr)")
    }

    // MARK: list

    @Test func listShowsEveryItemAndFlagsOverdueOnes() throws {
        let f = LedgerFixture()
        let empty = f.poam(["list"])
        #expect(empty.status == 0 && empty.stdout == "No POA&M items.\n")
        // Listed oldest first: opened 2026-01-10, 2026-02-01, then 2026-06-01.
        let banner = f.openPoam("3.1.9", weakness: "Banner missing", scheduled: "2026-08-15")
        let replay = f.openPoam("3.5.4", weakness: "Replay-resistant auth missing", scheduled: "2026-03-31", ["--opened", "2026-01-10"])
        let laptops = f.openPoam("3.13.16", weakness: "Laptops not encrypted at rest", scheduled: "2026-04-30", ["--opened", "2026-02-01"])
        #expect(f.poam(["close", laptops, "--date", "2026-05-02"]).status == 0)

        let all = f.poam(["list"])
        #expect(all.status == 0, "\(all.stderr)")
        let lines = all.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 5, "\(all.stdout)")
        for column in ["ID", "REQUIREMENT", "STATUS", "OPENED", "SCHEDULED", "CLOSED", "WEAKNESS"] {
            #expect(lines[0].contains(column))
        }
        #expect(lines[3].hasPrefix(banner) && lines[3].contains("nist-800-171r2:3.1.9 (AC.L2-3.1.9)")
            && lines[3].contains("2026-08-15") && !lines[3].contains("overdue") && lines[3].hasSuffix("Banner missing"))
        #expect(lines[1].hasPrefix(replay) && lines[1].contains("IA.L2-3.5.4") && lines[1].contains("2026-03-31 (overdue)"))
        // Closed late is not overdue.
        #expect(lines[2].hasPrefix(laptops) && lines[2].contains("closed") && lines[2].contains("2026-05-02") && !lines[2].contains("overdue"))
        #expect(lines[4].contains("3 items (2 open, 1 overdue as of 2026-06-01)"))

        let open = f.poam(["list", "--status", "open"]).stdout
        #expect(open.contains(banner) && open.contains(replay) && !open.contains(laptops))
        let closed = f.poam(["list", "--status", "closed"]).stdout
        #expect(!closed.contains(banner) && closed.contains(laptops))

        // The clock decides what is overdue.
        let later = f.poam(["list", "--status", "open"], env: ["EVIDENT_NOW": "2026-09-01T00:00:00Z"]).stdout
        #expect(later.contains("2026-08-15 (overdue)"))

        let json = try #require(poamJSON(f.poam(["list", "--format", "json"]).stdout))
        #expect(json["revision"] as? String == f.head)
        #expect(json["as_of"] as? String == "2026-06-01")
        let items = try #require(json["poams"] as? [[String: Any]])
        #expect(items.map { $0["id"] as? String } == [replay, laptops, banner])
        #expect(items.map { $0["overdue"] as? Bool } == [true, false, false])
        #expect(items[0]["cmmc_id"] as? String == "IA.L2-3.5.4")
        #expect(items[1]["closed"] as? String == "2026-05-02")
        f.poamExpectRefused({ f.poam(["list", "--status", "pending"]) }, status: 64, ["pending"])
    }

    // MARK: close

    @Test func closeRecordsTheDayInOneCommit() {
        let f = LedgerFixture()
        let first = f.openPoam("3.1.9", ["--opened", "2026-05-01"])
        let second = f.openPoam("3.1.10")
        let commits = f.commitCount
        let r = f.poam(["close", first, "--date", "2026-05-20"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "Closed \(first) on 2026-05-20\n")
        #expect(f.commitCount == commits + 1)
        let shown = f.poamShow("poam/\(first).yaml").stdout
        #expect(shown.hasSuffix("status: closed\nclosed: 2026-05-20\n"), "\(shown)")
        #expect(shown.contains("opened: 2026-05-01"))
        #expect(f.poamTrailer("Evident-Action") == ["poam-close"])
        #expect(f.poamTrailer("Poam-Id") == [first])
        #expect(f.poamTrailer("Requirement") == ["nist-800-171r2:3.1.9"])
        #expect(f.git(["show", "--name-only", "--format=", "HEAD"]).stdout == "poam/\(first).yaml\n")
        // Without --date it closes today; ids are matched in any case.
        #expect(f.poam(["close", second.lowercased()]).status == 0)
        #expect(f.poamShow("poam/\(second).yaml").stdout.hasSuffix("closed: 2026-06-01\n"))
        f.poamExpectClean()
    }

    @Test func closeRefusals() {
        let f = LedgerFixture()
        f.poamExpectRefused({ f.poam(["close", "POAM-2026-001"]) }, status: 66, ["no POA&M item POAM-2026-001", "no POA&M items yet"])
        let id = f.openPoam("3.1.9", ["--opened", "2026-05-10"])
        _ = f.openPoam("3.1.10")
        f.poamExpectRefused({ f.poam(["close", "POAM-20260510-ZZZZZZ"]) }, status: 66, ["no POA&M item POAM-20260510-ZZZZZZ", "closest: \(id)"])
        f.poamExpectRefused({ f.poam(["close", String(id.dropLast())]) }, status: 66, [id])
        f.poamExpectRefused({ f.poam(["close", id, "--date", "2026-05-09"]) }, status: 65, ["before \(id) was opened (2026-05-10)"])
        f.poamExpectRefused({ f.poam(["close", id, "--date", "2026-06-02"]) }, status: 65, ["--date 2026-06-02 is in the future"])
        f.poamExpectRefused({ f.poam(["close", id, "--date", "yesterday"]) }, status: 65, ["--date 'yesterday' is not a date"])
        #expect(f.poam(["close", id, "--date", "2026-05-10"]).status == 0)
        f.poamExpectRefused({ f.poam(["close", id]) }, status: 65, ["\(id) is already closed (on 2026-05-10)"])
        f.poamExpectClean()
    }

    // MARK: affirm

    @Test func affirmCMMCWritesTheRecordWithTheStandardStatement() {
        let f = LedgerFixture()
        let commits = f.commitCount
        let r = f.affirm(["--framework", "cmmc", "--level", "2", "--official", "Jane Doe", "--official-title", "Chief Executive Officer"])
        #expect(r.status == 0, "\(r.stderr)")
        let path = poamTrim(r.stdout)
        #expect(LedgerFixture.isAffirmationPath(path, "2026-06-01-cmmc-l2"), "\(path)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        #expect(f.commitCount == commits + 1)
        let shown = f.poamShow(path).stdout
        #expect(shown.hasPrefix("""
        schema: evident/affirmation/v1
        framework: cmmc
        level: 2
        official: Jane Doe
        official_title: Chief Executive Officer
        date: 2026-06-01
        statement: I, Jane Doe, Chief Executive Officer of Test Org, affirm that Test Org
        """), "\(shown)")
        #expect(shown.contains("CMMC Level 2") && shown.contains("32 CFR 170.22") && shown.hasSuffix("\n"))
        #expect(f.poamTrailer("Evident-Action") == ["affirm"])
        #expect(f.poamTrailer("Framework") == ["cmmc-l2"])
        #expect(f.git(["show", "--name-only", "--format=", "HEAD"]).stdout == path + "\n")
        // Another level the same day is another file.
        #expect(f.affirm(["--framework", "cmmc", "--level", "1", "--official", "Jane Doe", "--official-title", "CEO"]).status == 0)
        #expect(f.poamTrailer("Framework") == ["cmmc-l1"])
        f.poamExpectClean()
    }

    @Test func affirmSOC2WithDateAndStatement() {
        let f = LedgerFixture()
        let r = f.affirm(["--framework", "soc2", "--official", "Raj Patel", "--official-title", "CISO", "--date", "2026-05-15",
                          "--statement", "Management asserts: controls operated effectively."])
        #expect(r.status == 0, "\(r.stderr)")
        let path = poamTrim(r.stdout)
        #expect(LedgerFixture.isAffirmationPath(path, "2026-05-15-soc2"), "\(path)")
        #expect(f.poamShow(path).stdout == """
        schema: evident/affirmation/v1
        framework: soc2
        official: Raj Patel
        official_title: CISO
        date: 2026-05-15
        statement: "Management asserts: controls operated effectively."

        """)
        #expect(f.poamTrailer("Framework") == ["soc2"])
        #expect(f.poamTrailer("Evident-Action") == ["affirm"])
        // The standard SOC 2 assertion names the organisation.
        let second = f.affirm(["--framework", "soc2", "--official", "Raj Patel", "--official-title", "CISO"])
        #expect(second.status == 0)
        #expect(f.poamShow(poamTrim(second.stdout)).stdout.contains("Management of Test Org"))
        f.poamExpectClean()
    }

    /// Two affirmations of one framework on one day (two clones, or a correction) never collide:
    /// each has a file of its own, the second with a warning that says so.
    @Test func twoAffirmationsOnOneDayBothStay() {
        let f = LedgerFixture()
        let who = ["--official", "Jane Doe", "--official-title", "CEO"]
        let a = f.affirm(["--framework", "cmmc", "--level", "2"] + who)
        let b = f.affirm(["--framework", "cmmc", "--level", "2"] + who)
        #expect(a.status == 0 && b.status == 0, "\(a.stderr)\(b.stderr)")
        #expect(poamTrim(a.stdout) != poamTrim(b.stdout))
        #expect(b.stderr.contains("was already recorded on 2026-06-01") && b.stderr.contains(poamTrim(b.stdout)), "\(b.stderr)")
        #expect(f.git(["ls-files", "affirmations"]).stdout.split(separator: "\n").count == 2)
        #expect(f.evident(["validate"]).status == 0)
        f.poamExpectClean()
    }

    @Test func affirmRefusals() {
        let f = LedgerFixture()
        let who = ["--official", "Jane Doe", "--official-title", "CEO"]
        #expect(f.affirm(["--framework", "cmmc", "--level", "2"] + who).status == 0)
        f.poamExpectRefused({ f.affirm(["--framework", "cmmc", "--level", "2", "--date", "2026-06-02"] + who) }, status: 65, ["--date 2026-06-02 is in the future"])
        f.poamExpectRefused({ f.affirm(["--framework", "cmmc", "--level", "2", "--date", "2026-6-2"] + who) }, status: 65, ["--date '2026-6-2' is not a date"])
        f.poamExpectRefused({ f.affirm(["--framework", "cmmc", "--level", "4"] + who) }, status: 65, ["--level 4 is out of range"])
        f.poamExpectRefused({ f.affirm(["--framework", "cmmc", "--level", "0"] + who) }, status: 65, ["--level 0 is out of range"])
        f.poamExpectRefused({ f.affirm(["--framework", "cmmc"] + who) }, status: 64, ["--level"])
        f.poamExpectRefused({ f.affirm(["--framework", "soc2", "--level", "2"] + who) }, status: 64, ["SOC 2 has no levels"])
        f.poamExpectRefused({ f.affirm(["--framework", "nist", "--level", "2"] + who) }, status: 64, ["--framework 'nist'"])
        f.poamExpectRefused({ f.affirm(["--framework", "soc2", "--official", " ", "--official-title", "CEO"]) }, status: 65, ["--official must not be empty"])
        f.poamExpectRefused({ f.affirm(["--framework", "soc2", "--official", "Jane"]) }, status: 64, ["--official-title"])
        f.poamExpectClean()
    }

    @Test func affirmingAFrameworkOutOfScopeWarns() {
        let f = LedgerFixture()
        let r = f.affirm(["--framework", "cmmc", "--level", "3", "--official", "Jane Doe", "--official-title", "CEO"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("warning: cmmc-l3 is not among the ledger's frameworks in scope (cmmc-l2, soc2)"), "\(r.stderr)")
        #expect(LedgerFixture.isAffirmationPath(poamTrim(r.stdout), "2026-06-01-cmmc-l3"))
        #expect(f.poamShow(poamTrim(r.stdout)).status == 0)
    }
}
