import Foundation
import Testing
import TestSupport

/// A ledger checked out sparsely (git sparse-checkout, cone or not, without a sparse index):
/// writes work and leave git clean, and validate checks the records the sparse checkout leaves
/// out of the work tree as the index holds them, saying how many.
@Suite struct SparseCheckoutTests {
    static func sparseLedger(cone: Bool) -> (LedgerFixture, String) {
        let f = LedgerFixture()
        let id = f.addEvidence("okta.json", "{\"mfa\": true}\n", control: "IAM-MFA", title: "Okta export")
        let set = cone ? ["sparse-checkout", "set", "--cone", "controls"] : ["sparse-checkout", "set", "--no-cone", "/.evident/", "/controls/", "/.gitignore", "/.gitattributes"]
        let r = f.git(set)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: f.root + "/evidence"), "the sparse checkout leaves evidence/ out")
        return (f, id)
    }

    @Test(arguments: [false, true])
    func validateReadsWhatTheSparseCheckoutLeavesOutFromTheIndex(cone: Bool) {
        let (f, _) = Self.sparseLedger(cone: cone)
        // What git itself marks skip-worktree: the evidence record and its artifact (non-cone),
        // and also the pinned catalogs and ledger.yaml in .evident/ (cone "controls").
        let full = f.git(["ls-files", "-t"]).stdout.split(separator: "\n").filter { $0.hasPrefix("S ") }.count
        #expect(full == (cone ? 8 : 2), "\(f.git(["ls-files", "-t"]).stdout)")
        let r = f.evident(["validate", "--format", "json"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("\"read_from_index\" : \(full)") || r.stdout.contains("\"read_from_index\": \(full)"), "\(r.stdout)")
        // The same count of records as a full checkout checks.
        let sparseText = f.evident(["validate"])
        #expect(sparseText.stderr.contains("\(full) files are outside the sparse checkout"), "\(sparseText.stderr)")
        _ = f.git(["sparse-checkout", "disable"])
        let fullText = f.evident(["validate"])
        #expect(sparseText.stdout == fullText.stdout, "\(sparseText.stdout) vs \(fullText.stdout)")
    }

    @Test func aBadRecordOutsideTheSparseCheckoutIsStillFound() {
        let (f, _) = Self.sparseLedger(cone: false)
        // Break the hidden record in the index only, as a plain `git update-index` would.
        let path = f.git(["ls-files", "--", "evidence/*/record.yaml"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let record = f.git(["show", "HEAD:" + path]).stdout.replacingOccurrences(of: "method: manual", with: "method: telepathy")
        let file = f.files.write("bad.yaml", record)
        let blob = f.git(["hash-object", "-w", file]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(f.git(["update-index", "--cacheinfo", "100644,\(blob),\(path)"]).status == 0)
        #expect(f.git(["update-index", "--skip-worktree", path]).status == 0)
        let r = f.evident(["validate"])
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("telepathy"), "\(r.stdout)")
    }

    @Test(arguments: [false, true])
    func evidenceAddWorksAndLeavesGitClean(cone: Bool) {
        let (f, _) = Self.sparseLedger(cone: cone)
        let head = f.head
        let r = f.evident(["evidence", "add", f.artifact("scan.csv", "host,ok\na,yes\n"), "--control", "VULN-SCAN", "--title", "Scan"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(f.head != head)
        #expect(f.statusPorcelain.isEmpty, "\(f.statusPorcelain)")
        #expect(f.git(["diff-index", "--cached", "HEAD"]).stdout.isEmpty)
        let fsck = f.git(["fsck", "--strict", "--no-progress"])
        #expect(fsck.status == 0 && (fsck.stdout + fsck.stderr).isEmpty, "\(fsck.stdout)\(fsck.stderr)")
        // Back to a full checkout, nothing is missing or changed.
        #expect(f.git(["sparse-checkout", "disable"]).status == 0)
        #expect(f.statusPorcelain.isEmpty, "\(f.statusPorcelain)")
        #expect(f.evident(["validate"]).status == 0)
    }
}
