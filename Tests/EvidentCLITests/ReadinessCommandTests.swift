import Foundation
import Testing
import TestSupport

/// `evident readiness` end to end: revisions, gates, explanations, formats.
@Suite struct ReadinessCommandTests {
    static let env = ["EVIDENT_NOW": "2026-11-29T12:00:00Z", "NO_COLOR": "1"]

    static func json(_ r: ProcessResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    static func framework(_ d: [String: Any], _ id: String) -> [String: Any]? {
        (d["frameworks"] as? [[String: Any]])?.first { $0["id"] as? String == id }
    }

    static func requirement(_ d: [String: Any], _ id: String) -> [String: Any]? {
        (framework(d, "cmmc-l2")?["requirements"] as? [[String: Any]])?.first { $0["id"] as? String == id }
    }

    @Test func atAnOldCommitGivesTheOldAnswerWithoutTouchingTheWorkTree() throws {
        let f = LedgerFixture(env: Self.env)
        #expect(f.evident(["control", "set", "IAM-MFA", "status=implemented"], env: Self.env).status == 0)
        let before = f.head
        let a = f.artifact("mfa.json", "{}\n")
        #expect(f.evident(["evidence", "add", a, "--control", "IAM-MFA", "--title", "MFA", "--collected", "2026-11-20"], env: Self.env).status == 0)
        let now = try Self.json(f.evident(["readiness", "--format", "json"], env: Self.env))
        #expect(Self.requirement(now, "3.5.3")?["status"] as? String == "met")
        // Dirty the work tree: readiness reads git objects, so it neither cares nor changes it.
        f.dir.write("notes.txt", "scratch\n")
        let state = f.state()
        let old = try Self.json(f.evident(["readiness", "--format", "json", "--at", before], env: Self.env))
        #expect(old["revision"] as? String == before)
        #expect(Self.requirement(old, "3.5.3")?["status"] as? String == "not_met")
        #expect((Self.requirement(old, "3.5.3")?["reasons"] as? [String])?.first?.contains("IAM-MFA: no evidence") == true)
        #expect(f.state() == state)
    }

    @Test func minScoreIsACIGate() {
        let f = LedgerFixture(env: Self.env)
        // A fresh starter library has no SSP evidence: incomplete, below any minimum.
        let gate = f.evident(["readiness", "--framework", "cmmc-l2", "--min-score", "0"], env: Self.env)
        #expect(gate.status == 2)
        #expect(gate.stderr.contains("incomplete"))
        // SPRS scores go negative: a negative minimum is a value, not an unknown option.
        let negative = f.evident(["readiness", "--framework", "cmmc-l2", "--min-score", "-50"], env: Self.env)
        #expect(negative.status == 2, "\(negative.stderr)")
        #expect(negative.stderr.contains("minimum -50"), "\(negative.stderr)")
        let usage = f.evident(["readiness", "--framework", "soc2", "--type", "2"], env: Self.env)
        #expect(usage.status == 64)
        #expect(usage.stderr.contains("--period"))
        #expect(f.evident(["readiness", "--period", "2026-12-01..2026-01-01", "--type", "2"], env: Self.env).status == 65)
        #expect(f.evident(["readiness", "--at", "no-such-thing"], env: Self.env).status == 66)
    }

    @Test func explainGivesTheReasonChain() throws {
        let f = LedgerFixture(env: Self.env)
        let text = f.evident(["readiness", "--explain", "IA.L2-3.5.3"], env: Self.env)
        #expect(text.status == 0)
        #expect(text.stdout.contains("nist-800-171r2:3.5.3"))
        #expect(text.stdout.contains("IAM-MFA is planned, not implemented"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(f.evident(["readiness", "--explain", "CC6.1", "--format", "json"], env: Self.env).stdout.utf8)) as? [String: Any])
        #expect(json["id"] as? String == "CC6.1")
        #expect(json["status"] as? String == "not_ready")
        #expect(f.evident(["readiness", "--explain", "9.9.9"], env: Self.env).status == 66)
    }

    @Test func markdownAndTextCarryTheSameHeadlines() {
        let f = LedgerFixture(env: Self.env)
        let md = f.evident(["readiness", "--format", "markdown"], env: Self.env)
        #expect(md.status == 0)
        #expect(md.stdout.contains("## CMMC Level 2 (NIST SP 800-171 r2)"))
        #expect(md.stdout.contains("| FAMILY | MET | NOT MET | N/A | DEDUCTED |"))
        let text = f.evident(["readiness"], env: Self.env)
        #expect(text.stdout.contains("CMMC Level 2 (NIST SP 800-171 r2)"))
        #expect(!text.stdout.contains("\u{1B}["))
    }

    @Test func aConditionalStatusDatesFromTheLatestCMMCSnapshot() throws {
        let f = LedgerFixture(env: Self.env)
        #expect(f.evident(["snapshot", "create", "q1", "--kind", "cmmc-l2-self", "--as-of", "2026-06-01"], env: Self.env).status == 0)
        let text = f.evident(["readiness", "--framework", "cmmc-l2"], env: Self.env).stdout
        // The affirmation check now knows the assessment date.
        #expect(text.contains("no CMMC Level 2 affirmation"))
        #expect(f.evident(["affirm", "--framework", "cmmc", "--level", "2", "--official", "Morgan Ellis", "--official-title", "CEO", "--date", "2026-05-01"], env: Self.env).status == 0)
        let after = f.evident(["readiness", "--framework", "cmmc-l2"], env: Self.env).stdout
        #expect(after.contains("predates the latest assessment (2026-06-01)"))
    }
}
