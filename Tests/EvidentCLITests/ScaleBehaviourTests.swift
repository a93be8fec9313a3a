import Foundation
import Testing
import TestSupport

/// What evident does to stay fast on large ledgers (caches, packed objects, tree walks) must
/// never change an answer.
@Suite struct ScaleBehaviourTests {
    static let now = ["EVIDENT_NOW": "2026-11-29T12:00:00Z"]

    /// Two CMMC snapshots on different days: readiness takes its conditional status date from
    /// the latest one, read through the headline cache.
    static func ledgerWithTwoSnapshots() -> LedgerFixture {
        let f = LedgerFixture(env: now)
        let a = f.artifact("okta.json", "{\"mfa\": \"all\"}\n")
        precondition(f.evident(["evidence", "add", a, "--control", "IAM-MFA", "--title", "MFA export", "--collected", "2026-10-20"], env: now).status == 0)
        precondition(f.evident(["snapshot", "create", "q3", "--kind", "cmmc-l2-self", "--as-of", "2026-10-31"], env: now).status == 0)
        let b = f.artifact("scan.json", "{\"critical\": 0}\n")
        precondition(f.evident(["evidence", "add", b, "--control", "VULN-SCAN", "--title", "Scan", "--collected", "2026-11-20"], env: now).status == 0)
        precondition(f.evident(["snapshot", "create", "q4", "--kind", "cmmc-l2-self"], env: now).status == 0)
        return f
    }

    @Test func answersStayTheSameWithPackedTagsAndColdOrDamagedCaches() throws {
        let f = Self.ledgerWithTwoSnapshots()
        let readiness = f.evident(["readiness", "--format", "json"], env: Self.now)
        let diff = f.evident(["diff", "q3", "q4", "--format", "json"], env: Self.now)
        let verify = f.evident(["snapshot", "verify", "q3"], env: Self.now)
        #expect(readiness.status == 0 && diff.status == 0 && verify.status == 0, "\(readiness.stderr)\(diff.stderr)\(verify.stdout)")
        let headlines = f.root + "/.git/evident/cache/snapshots.txt"
        let cached = try String(contentsOfFile: headlines, encoding: .utf8)
        #expect(cached.contains("\tcmmc-l2-self\t2026-10-31\t"))
        #expect(cached.contains("\tcmmc-l2-self\t2026-11-29\t"))
        // git gc packs every object, tags included; the caches go cold, then come back damaged.
        #expect(f.git(["gc", "-q", "--prune=now"]).status == 0)
        #expect(f.git(["count-objects", "-v"]).stdout.contains("count: 0\n"))
        try FileManager.default.removeItem(atPath: f.root + "/.git/evident/cache")
        for round in 0..<2 {
            #expect(f.evident(["readiness", "--format", "json"], env: Self.now).stdout == readiness.stdout, "round \(round)")
            #expect(f.evident(["diff", "q3", "q4", "--format", "json"], env: Self.now).stdout == diff.stdout, "round \(round)")
            #expect(f.evident(["snapshot", "verify", "q3"], env: Self.now).status == 0)
            _ = FileManager.default.createFile(atPath: headlines, contents: Data("EVIDENT-SNAPSHOT-HEADLINES-1\nnot\tan\tentry\nzz\n".utf8))
            _ = FileManager.default.createFile(atPath: f.root + "/.git/evident/cache/evidence.bin", contents: Data("EVIDENT-EVIDENCE-CACHE-5\n\u{ff}\u{ff}".utf8))
        }
        #expect(f.statusPorcelain.isEmpty)
        #expect(f.fsckOutput.isEmpty)
    }

    /// A diff of two SOC 2 Type 2 snapshots is a Type 2 comparison over each one's period, and the
    /// period comes from the status cache once the tag has been read; readiness at a snapshot peels
    /// its tag through the headline cache. Cold, warm, and after a tag is recreated on another
    /// commit (a new tag object, so new cache entries), the answers are those of reading the tags.
    @Test func snapshotSidesReadThroughTheCachesFollowTheirTags() throws {
        let f = Self.ledgerWithTwoSnapshots()
        #expect(f.evident(["snapshot", "create", "t2a", "--kind", "soc2-type2", "--period", "2026-05-01..2026-10-31", "--as-of", "2026-10-31"], env: Self.now).status == 0)
        let c = f.artifact("review.json", "{\"reviewed\": true}\n")
        #expect(f.evident(["evidence", "add", c, "--control", "IAM-MFA", "--title", "Access review", "--collected", "2026-11-25"], env: Self.now).status == 0)
        #expect(f.evident(["snapshot", "create", "t2b", "--kind", "soc2-type2", "--period", "2026-06-01..2026-11-28"], env: Self.now).status == 0)
        let cache = f.root + "/.git/evident/cache"
        func answers() -> [String] {
            [f.evident(["diff", "t2a", "t2b", "--format", "json"], env: Self.now), f.evident(["diff", "q3", "t2b", "--format", "json"], env: Self.now),
             f.evident(["readiness", "--at", "q3", "--format", "json"], env: Self.now)].map { "\($0.status) \($0.stdout)\($0.stderr)" }
        }
        try? FileManager.default.removeItem(atPath: cache)
        let cold = answers()
        #expect(cold.allSatisfy { $0.hasPrefix("0 ") }, "\(cold)")
        let diff = try #require(try JSONSerialization.jsonObject(with: Data(cold[0].dropFirst(2).utf8)) as? [String: Any])
        // Both sides Type 2: the diff compares Type 2 only when both snapshots carry a period.
        let soc2 = (diff["frameworks"] as? [[String: Any]])?.first { $0["id"] as? String == "soc2" }
        #expect((soc2?["from"] as? [String: Any])?["type"] as? Int == 2 && (soc2?["to"] as? [String: Any])?["type"] as? Int == 2, "\(diff)")
        let statuses = try String(contentsOfFile: cache + "/statuses.txt", encoding: .utf8)
        #expect(statuses.contains("\tsoc2-type2\t2026-10-31\t") && statuses.contains("\t2026-05-01..2026-10-31\t"), "\(statuses)")
        #expect(answers() == cold)
        #expect(f.statusPorcelain.isEmpty)
        #expect(f.fsckOutput.isEmpty)
        // q3 recreated on HEAD: readiness at q3 and the diff from it follow the tag, not the cache.
        let message = f.git(["tag", "-l", "--format=%(contents)", "assessment/q3"]).stdout
        let file = f.files.write("msg.txt", message)
        let q3 = f.git(["rev-parse", "assessment/q3^{commit}"]).stdout
        #expect(f.git(["tag", "-f", "-a", "assessment/q3", "-F", file, "HEAD"]).status == 0)
        #expect(f.git(["rev-parse", "assessment/q3^{commit}"]).stdout != q3)
        let moved = answers()
        try FileManager.default.removeItem(atPath: cache)
        #expect(answers() == moved)
        #expect(moved[2] != cold[2], "readiness at q3 still reads the old commit")
    }

    /// A stray lightweight tag under assessment/ is no snapshot: history leaves it out (and says
    /// what it said without it), while `snapshot list` refuses it naming the tag and the fix.
    @Test func aLightweightAssessmentTagDoesNotStopHistory() {
        let f = Self.ledgerWithTwoSnapshots()
        let before = f.evident(["history", "3.5.3", "--format", "json"], env: Self.now)
        #expect(before.status == 0, "\(before.stderr)")
        #expect(f.git(["tag", "assessment/light", "HEAD"]).status == 0)
        try? FileManager.default.removeItem(atPath: f.root + "/.git/evident/cache")
        let after = f.evident(["history", "3.5.3", "--format", "json"], env: Self.now)
        #expect(after.status == 0 && after.stdout == before.stdout, "\(after.stderr)")
        let list = f.evident(["snapshot", "list"], env: Self.now)
        #expect(list.status == 65 && list.stderr.contains("git tag -d assessment/light"), "\(list.stderr)")
    }

    @Test func aRecreatedTagIsReadAgainNotTakenFromTheCache() {
        let f = Self.ledgerWithTwoSnapshots()
        #expect(f.evident(["readiness", "--format", "json"], env: Self.now).status == 0)
        // The q4 tag recreated by hand with another kind: a new tag object, so a new cache entry.
        let message = f.git(["tag", "-l", "--format=%(contents)", "assessment/q4"]).stdout
            .replacingOccurrences(of: "(cmmc-l2-self) as of 2026-11-29", with: "(internal) as of 2026-11-29")
        let file = f.files.write("msg.txt", message)
        #expect(f.git(["tag", "-f", "-a", "assessment/q4", "-F", file, "HEAD"]).status == 0)
        #expect(f.evident(["readiness", "--format", "json"], env: Self.now).status == 0)
        let cached = (try? String(contentsOfFile: f.root + "/.git/evident/cache/snapshots.txt", encoding: .utf8)) ?? ""
        #expect(cached.contains("\tinternal\t2026-11-29\t"))
    }

    @Test func filesOutsideTheEvidenceLayoutAreReportedAtARevision() {
        let f = LedgerFixture(env: Self.now)
        let a = f.artifact("okta.json", "{\"mfa\": \"all\"}\n")
        #expect(f.evident(["evidence", "add", a, "--control", "IAM-MFA", "--title", "MFA export", "--collected", "2026-11-20"], env: Self.now).status == 0)
        for (path, text) in [("evidence/README", "top"), ("evidence/2026/notes.txt", "year"), ("evidence/2026/11/loose.txt", "month")] {
            let full = f.root + "/" + path
            try? FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: full, contents: Data(text.utf8))
        }
        #expect(f.git(["add", "-A"]).status == 0)
        #expect(f.git(["commit", "-q", "--no-verify", "-m", "Stray files"]).status == 0)
        let r = f.evident(["validate", "--at", "HEAD"], env: Self.now)
        #expect(r.status != 0)
        let out = r.stdout + r.stderr
        #expect(out.contains("evidence/README"))
        #expect(out.contains("evidence/2026/notes.txt"))
        #expect(out.contains("is not inside an evidence folder"))
        #expect(out.contains("evidence/2026/11/loose.txt"))
        #expect(out.contains("has no record.yaml"))
        // The evidence folder itself is fine, and the same checks hold in the work tree.
        #expect(!out.contains("EV-20261120"))
        let work = f.evident(["validate"], env: Self.now)
        #expect(work.status != 0)
        #expect((work.stdout + work.stderr).contains("evidence/2026/11/loose.txt"))
    }
}
