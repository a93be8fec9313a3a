import Foundation
import LedgerCore
import Testing
import TestSupport

/// `evident diff`, `evident log --requirement/--author/--until` and `evident history`, end to end.
///
/// The ledger (CMMC Level 2 and SOC 2 in scope, no starter controls), worked out by hand:
///
/// | when (EVIDENT_NOW)  | who  | what                                                                                  |
/// |---------------------|------|---------------------------------------------------------------------------------------|
/// | 2026-01-10 09:00    | Test | init                                                                                  |
/// | 2026-01-15 10:00    | Test | control import: BASE (implemented, every NIST requirement but 3.5.3 and 3.3.1, every SOC 2 security criterion but CC6.1 and CC7.2), LOG-REVIEW (implemented, quarterly: 3.3.1, CC7.2), IAM-MFA (planned, monthly: 3.5.3, CC6.1) |
/// | 2026-01-15 11:00    | Test | evidence E_base for BASE, valid until 2027-12-31                                      |
/// | 2026-01-15 12:00    | Test | evidence E_log1 for LOG-REVIEW, valid until 2026-03-31                                |
/// | 2026-03-01 12:00    |      | snapshot A (cmmc-l2-self, as of 2026-03-01)                                           |
/// | 2026-04-01 09:00    | Test | poam add 3.5.3 -> POAM-20260401-…                                                       |
/// | 2026-05-15 09:00    | Test | evidence E_log2 for LOG-REVIEW (quarterly: valid until 2026-08-15 + 14 = 2026-08-29)  |
/// | 2026-05-20 09:00    | Bob  | control set IAM-MFA status=implemented                                                |
/// | 2026-05-20 10:00    | Bob  | evidence E_mfa for IAM-MFA (monthly: valid until 2026-06-20 + 14 = 2026-07-04)        |
/// | 2026-05-21 09:00    | Test | control add VEND-REVIEW (maps nothing)                                                |
/// | 2026-05-26 09:00    | Test | poam close that item (closed 2026-05-26)                                          |
/// | 2026-05-28 09:00    | Test | affirm cmmc level 2 (Jane Doe)                                                        |
/// | 2026-06-01 12:00    |      | snapshot B (cmmc-l2-self, as of 2026-06-01)                                           |
///
/// At A (2026-03-01): 3.5.3 NOT MET (IAM-MFA planned, 5 points) with no POA&M, so 3.12.2 is NOT
/// MET too (Methodology §5(g)(iii), 3 points): 110 - 5 - 3 = 102; 3.5.3 is not POA&M-eligible:
/// no_status. SOC 2 Type 1: CC6.1 not ready (only IAM-MFA, planned), 32/33.
/// At B (2026-06-01): IAM-MFA implemented with E_mfa valid; LOG-REVIEW kept by E_log2; the POA&M
/// item closed on 2026-05-26, and nothing is NOT MET: 110 final; SOC 2 33/33 ready.
/// So `diff A B`: cmmc-l2 102 no_status -> 110 final (+8), changed 3.5.3 and 3.12.2; soc2 changed
/// CC6.1; evidence added E_log2 and E_mfa, removed none, modified none, expired E_log1 (valid at
/// A, ended 2026-03-31 < B); controls added VEND-REVIEW, removed none, modified IAM-MFA status
/// planned -> implemented; POA&M opened and closed (the 3.5.3 item); affirmation Jane Doe.
/// Commits that changed 3.5.3: the import (IAM-MFA maps it), poam add, control set, E_mfa, poam close.
@Suite struct DiffHistoryTests {
    static let bob = ["EVIDENT_AUTHOR_NAME": "Bob Builder", "EVIDENT_AUTHOR_EMAIL": "bob@corp.example"]
    static let now = ["EVIDENT_NOW": "2026-06-01T12:00:00Z"]

    struct Built: Sendable {
        let f: LedgerFixture
        let base: String, log1: String, log2: String, mfa: String, poam: String
    }

    static let ledger: Built = {
        let f = LedgerFixture(frameworks: ["cmmc-l2", "soc2"], starterControls: false, env: ["EVIDENT_NOW": "2026-01-10T09:00:00Z"])
        func run(_ at: String, _ args: [String], _ extra: [String: String] = [:]) -> String {
            let r = f.evident(args, env: ["EVIDENT_NOW": at].merging(extra) { _, b in b })
            precondition(r.status == 0, "\(args): \(r.stderr)")
            return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let nist = Catalogs.nist800171r2.requirements.map(\.id)
        let soc2 = Catalogs.soc2.requirements.filter { ($0.category ?? "security") == "security" }.map(\.id)
        let base = nist.filter { $0 != "3.5.3" && $0 != "3.3.1" } + soc2.filter { $0 != "CC6.1" && $0 != "CC7.2" }
        let csv = f.artifact("controls.csv", """
        id,title,owner,frequency,maps,status
        BASE,Baseline security program,sec@example.test,annual,\(base.joined(separator: ";")),implemented
        LOG-REVIEW,Audit log review,sec@example.test,quarterly,3.3.1;CC7.2,implemented
        IAM-MFA,Multifactor authentication,iam@example.test,monthly,3.5.3;CC6.1,planned

        """)
        _ = run("2026-01-15T10:00:00Z", ["control", "import", csv])
        let eBase = run("2026-01-15T11:00:00Z", ["evidence", "add", f.artifact("base.json", "{\"base\": 1}\n"), "--control", "BASE",
                                                 "--title", "Baseline package", "--valid-until", "2027-12-31"])
        let eLog1 = run("2026-01-15T12:00:00Z", ["evidence", "add", f.artifact("log1.json", "{\"log\": 1}\n"), "--control", "LOG-REVIEW",
                                                 "--title", "Q1 log review", "--valid-until", "2026-03-31"])
        _ = run("2026-03-01T12:00:00Z", ["snapshot", "create", "A", "--kind", "cmmc-l2-self"])
        let poam = run("2026-04-01T09:00:00Z", ["poam", "add", "3.5.3", "--weakness", "MFA is not enforced for all users", "--scheduled-completion", "2026-06-30"])
        let eLog2 = run("2026-05-15T09:00:00Z", ["evidence", "add", f.artifact("log2.json", "{\"log\": 2}\n"), "--control", "LOG-REVIEW",
                                                 "--title", "Q2 log review"])
        _ = run("2026-05-20T09:00:00Z", ["control", "set", "IAM-MFA", "status=implemented"], bob)
        let eMFA = run("2026-05-20T10:00:00Z", ["evidence", "add", f.artifact("mfa.json", "{\"mfa\": \"all\"}\n"), "--control", "IAM-MFA",
                                                "--title", "Okta MFA policy export"], bob)
        _ = run("2026-05-21T09:00:00Z", ["control", "add", "VEND-REVIEW", "--title", "Vendor review", "--owner", "sec@example.test", "--frequency", "annual"])
        _ = run("2026-05-26T09:00:00Z", ["poam", "close", poam])
        _ = run("2026-05-28T09:00:00Z", ["affirm", "--framework", "cmmc", "--level", "2", "--official", "Jane Doe", "--official-title", "Chief Executive Officer"])
        _ = run("2026-06-01T12:00:00Z", ["snapshot", "create", "B", "--kind", "cmmc-l2-self"])
        return Built(f: f, base: eBase, log1: eLog1, log2: eLog2, mfa: eMFA, poam: poam)
    }()

    static func ids(_ list: Any?) -> [String] { (list as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } }

    @Test func diffBetweenTwoSnapshotsAsJSON() throws {
        let l = Self.ledger
        let r = l.f.evident(["diff", "A", "B", "--format", "json"], env: Self.now)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(jsonObject(r.stdout))
        let from = try #require(json["from"] as? [String: Any]), to = try #require(json["to"] as? [String: Any])
        #expect(from["as_of"] as? String == "2026-03-01" && to["as_of"] as? String == "2026-06-01")
        #expect(from["revision"] as? String == trimmed(l.f.git(["rev-parse", "assessment/A^{commit}"]).stdout))
        #expect(to["revision"] as? String == trimmed(l.f.git(["rev-parse", "assessment/B^{commit}"]).stdout))

        let frameworks = try #require(json["frameworks"] as? [[String: Any]])
        #expect(frameworks.compactMap { $0["id"] as? String } == ["cmmc-l2", "soc2"])
        let l2 = frameworks[0], soc2 = frameworks[1]
        #expect((l2["from"] as? [String: Any])?["score"] as? Int == 102)
        #expect((l2["from"] as? [String: Any])?["status"] as? String == "no_status")
        #expect((l2["to"] as? [String: Any])?["score"] as? Int == 110)
        #expect((l2["to"] as? [String: Any])?["status"] as? String == "final")
        let changed = try #require(l2["changed"] as? [[String: Any]])
        #expect(Self.ids(changed) == ["3.5.3", "3.12.2"])
        #expect(changed[0]["from"] as? String == "not_met" && changed[0]["to"] as? String == "met")
        let reasons = try #require(changed[0]["reasons"] as? [String: [String]])
        #expect(reasons["from"]?.first == "IAM-MFA is planned, not implemented")
        // Planned is not evidenced: no MFA is shown, 5 points (cmmc-rules.md §12.5).
        #expect(reasons["from"]?.last?.hasPrefix("MFA is not shown for any users, 5 points") == true)
        #expect(reasons["to"]?.first == "IAM-MFA is implemented; evidence \(l.mfa) is valid until 2026-07-04")
        #expect((changed[1]["reasons"] as? [String: [String]])?["from"]?.contains { $0.contains("no plan of action (3.5.3)") } == true)
        #expect((soc2["from"] as? [String: Any])?["status"] as? String == "not_ready")
        #expect((soc2["to"] as? [String: Any])?["status"] as? String == "ready")
        #expect(Self.ids(soc2["changed"]) == ["CC6.1"])

        let evidence = try #require(json["evidence"] as? [String: Any])
        #expect(Self.ids(evidence["added"]) == [l.log2, l.mfa].sorted())
        #expect(Self.ids(evidence["removed"]).isEmpty)
        #expect(Self.ids(evidence["modified"]).isEmpty)
        let expired = try #require(evidence["expired"] as? [[String: Any]])
        #expect(Self.ids(expired) == [l.log1])
        #expect(expired.first?["control"] as? String == "LOG-REVIEW" && expired.first?["valid_until"] as? String == "2026-03-31")

        let controls = try #require(json["controls"] as? [String: Any])
        #expect(Self.ids(controls["added"]) == ["VEND-REVIEW"])
        #expect(Self.ids(controls["removed"]).isEmpty)
        let modified = try #require(controls["modified"] as? [[String: Any]])
        #expect(Self.ids(modified) == ["IAM-MFA"])
        let changes = try #require(modified.first?["changes"] as? [[String: Any]])
        #expect(changes.count == 1)
        #expect(changes.first?["field"] as? String == "status" && changes.first?["from"] as? String == "planned" && changes.first?["to"] as? String == "implemented")

        let poam = try #require(json["poam"] as? [String: Any])
        #expect(Self.ids(poam["opened"]) == [Self.ledger.poam])
        let closed = try #require(poam["closed"] as? [[String: Any]])
        #expect(Self.ids(closed) == [Self.ledger.poam] && closed.first?["closed"] as? String == "2026-05-26")
        let affirmations = try #require(json["affirmations"] as? [[String: Any]])
        #expect(affirmations.compactMap { $0["official"] as? String } == ["Jane Doe"])
    }

    @Test func exitCodeGatesOnlyWhenReadinessGotWorse() {
        let f = Self.ledger.f
        let better = f.evident(["diff", "A", "B", "--exit-code"], env: Self.now)
        #expect(better.status == 0, "\(better.stderr)")
        #expect(better.stdout.contains("Readiness did not get worse."))
        let worse = f.evident(["diff", "B", "A", "--exit-code"], env: Self.now)
        #expect(worse.status == 2)
        #expect(worse.stdout.contains("CMMC Level 2: 110 final -> 102 no_status (-8)"))
        #expect(worse.stderr.contains("got worse in CMMC Level 2, SOC 2 Type 1"))
        // Without --exit-code a worse diff still exits 0.
        #expect(f.evident(["diff", "B", "A"], env: Self.now).status == 0)
        // B defaults to HEAD (= B's commit, judged today = 2026-06-01): same result.
        #expect(f.evident(["diff", "A", "--exit-code"], env: Self.now).status == 0)
    }

    @Test func markdownAndTextHaveTheHeadlines() {
        let f = Self.ledger.f
        let md = f.evident(["diff", "A", "B", "--format", "markdown"], env: Self.now)
        #expect(md.status == 0)
        #expect(md.stdout.contains("## CMMC Level 2: 102 no_status -> 110 final (+8)"))
        #expect(md.stdout.contains("## SOC 2 Type 1: 32/33 not_ready -> 33/33 ready (+1)"))
        #expect(md.stdout.contains("- before: IAM-MFA is planned, not implemented"))
        let text = f.evident(["diff", "A", "B"], env: Self.now)
        #expect(text.stdout.contains("CMMC Level 2: 102 no_status -> 110 final (+8)"))
        #expect(text.stdout.contains("IAM-MFA: status planned -> implemented"))
        #expect(text.stdout.contains("2026-05-28  cmmc-l2  Jane Doe, Chief Executive Officer"))
        // Dates and commits work as sides too: the day of A, and B's commit (judged at its commit day).
        let byDate = f.evident(["diff", "2026-03-01", "B", "--framework", "cmmc-l2", "--format", "json"], env: Self.now)
        #expect(byDate.status == 0, "\(byDate.stderr)")
        #expect(((jsonObject(byDate.stdout)?["frameworks"] as? [[String: Any]])?.first?["from"] as? [String: Any])?["score"] as? Int == 102)
    }

    @Test func logByRequirementAuthorAndUntil() throws {
        let f = Self.ledger.f
        func actions(_ args: [String]) -> [String] {
            let r = f.evident(["log", "--format", "json"] + args, env: Self.now)
            #expect(r.status == 0, "\(r.stderr)")
            return (jsonArray(r.stdout) ?? []).map { ($0["action"] as? String) ?? "-" }
        }
        #expect(actions(["--requirement", "3.5.3"]) == ["poam-close", "evidence-add", "control-set", "poam-add", "control-import"])
        #expect(actions(["--requirement", "IA.L2-3.5.3", "--author", "BOB"]) == ["evidence-add", "control-set"])
        #expect(actions(["--author", "corp.example"]) == ["evidence-add", "control-set"])
        #expect(actions(["--until", "2026-03-01"]) == ["evidence-add", "evidence-add", "control-import", "init"])
        #expect(actions(["--until", "A", "--requirement", "3.5.3"]) == ["control-import"])
        // SOC 2 CC6.1 is served by the same control.
        #expect(actions(["--requirement", "CC6.1", "--since", "A"]) == ["evidence-add", "control-set"])
        let bad = f.evident(["log", "--requirement", "3.5.99"], env: Self.now)
        #expect(bad.status == 66 && bad.stderr.contains("unknown requirement"))
    }

    @Test func historyShowsSnapshotsCommitsAndNow() throws {
        let f = Self.ledger.f
        let r = f.evident(["history", "3.5.3", "--format", "json"], env: Self.now)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(jsonObject(r.stdout))
        #expect(json["requirement"] as? String == "nist-800-171r2:3.5.3")
        let snapshots = try #require(json["snapshots"] as? [[String: Any]])
        #expect(snapshots.compactMap { $0["name"] as? String } == ["A", "B"])
        #expect(snapshots.compactMap { $0["status"] as? String } == ["not_met", "met"])
        #expect(snapshots.compactMap { $0["as_of"] as? String } == ["2026-03-01", "2026-06-01"])
        let commits = try #require(json["commits"] as? [[String: Any]])
        #expect(commits.compactMap { $0["action"] as? String } == ["control-import", "poam-add", "control-set", "evidence-add", "poam-close"])
        #expect((commits[2]["author"] as? [String: String])?["name"] == "Bob Builder")
        #expect(commits[2]["date"] as? String == "2026-05-20T09:00:00Z")
        let current = try #require(json["current"] as? [String: Any])
        #expect(current["status"] as? String == "met")
        let text = f.evident(["history", "IA.L2-3.5.3"], env: Self.now)
        #expect(text.stdout.contains("2026-03-01  A (cmmc-l2-self)  not_met"))
        #expect(text.stdout.contains("2026-06-01  B (cmmc-l2-self)  met"))
        #expect(text.stdout.contains("Bob Builder <bob@corp.example>  [control-set]"))
    }

    /// The cost claim, checked structurally (no timing): the diff reads every record of one side
    /// only (side A's readiness input, or none when the caller gives side B's, as the report
    /// does); the other side's evidence is that list with the records of the tree-to-tree
    /// comparison swapped in, never enumerated again.
    @Test func diffEnumeratesEvidenceOnlyThroughTheTwoReadinessInputs() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let source = try String(contentsOf: root.appendingPathComponent("Sources/Ledger/UseCases/DiffService.swift"), encoding: .utf8)
        // The code, without its comments.
        let service = source.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }.joined(separator: "\n")
        let calls = service.components(separatedBy: "ReadinessService.input(at:").dropFirst().map { $0.prefix { $0 != "\n" } }
        #expect(calls.count == 3, "\(calls)")
        #expect(calls.filter { !$0.contains("evidence:") } == [" a.revision)"], "one side read in full, once: \(calls)")
        #expect(service.contains("repository.changedFiles(from: a.tree, to: b.tree"))
        #expect(service.contains("ReadinessService.input(at: b.revision, evidence:"))
        #expect(service.contains("ReadinessService.input(at: a.revision, evidence:"))
        for forbidden in [".evidence()", "evidenceRecordFiles", "files(inTree", ".controls(", ".poams()", ".affirmations()"] {
            #expect(!service.contains(forbidden), "DiffService must not call \(forbidden)")
        }
    }
}
