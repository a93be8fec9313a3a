import Foundation
import Testing
import TestSupport

/// `evident log` answers like every other command: an unknown id is "not found" with the
/// closest ones, and `-n 0` shows nothing.
@Suite struct LogCommandTests {
    @Test func anUnknownControlIsNotFoundWithSuggestions() {
        let f = LedgerFixture()
        let r = f.evident(["log", "--control", "IAM-MFX"])
        #expect(r.status == 66, "\(r.stderr)")
        #expect(r.stderr.contains("--control IAM-MFX: no such control"), "\(r.stderr)")
        #expect(r.stderr.contains("closest: IAM-MFA"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func aControlRemovedSinceStillHasItsHistory() {
        let f = LedgerFixture()
        #expect(f.evident(["control", "set", "IAM-MFA", "owner=someone@example.com"]).status == 0)
        #expect(f.git(["rm", "-q", "controls/IAM-MFA.yaml"]).status == 0)
        #expect(f.git(["-c", "core.hooksPath=/dev/null", "commit", "-q", "-m", "Drop IAM-MFA"]).status == 0)
        let r = f.evident(["log", "--control", "IAM-MFA", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("control-set"), "\(r.stdout)")
    }

    @Test func zeroCommitsShowNothing() {
        let f = LedgerFixture()
        let text = f.evident(["log", "-n", "0"])
        #expect(text.status == 0 && text.stdout.isEmpty, "\(text.stdout)\(text.stderr)")
        let json = f.evident(["log", "-n", "0", "--format", "json"])
        #expect(json.status == 0 && json.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]", "\(json.stdout)")
        #expect(f.evident(["log", "-n", "1"]).stdout.split(separator: "\n").isEmpty == false)
    }
}

/// `evidence list` shows the day each record stops counting, as readiness judges it.
@Suite struct EvidenceListValidityTests {
    @Test func validUntilComesFromTheRecordOrItsControl() {
        let f = LedgerFixture()
        #expect(f.evident(["control", "set", "IAM-MFA", "evidence_valid_for=P90D"]).status == 0)
        // 2026-05-30 + 90 days: 1 day to May 31, 30 in June, 31 in July, 28 in August = 2026-08-28.
        let a = f.evident(["evidence", "add", f.artifact("a.json", "{}\n"), "--control", "IAM-MFA", "--title", "Derived", "--collected", "2026-05-30"])
        #expect(a.status == 0, "\(a.stderr)")
        // The record's own valid_until wins over the control's.
        let b = f.evident(["evidence", "add", f.artifact("b.json", "{}\n"), "--control", "IAM-MFA", "--title", "Explicit",
                           "--collected", "2026-05-30", "--valid-until", "2026-06-15"])
        #expect(b.status == 0, "\(b.stderr)")
        let list = f.evident(["evidence", "list"]).stdout
        let derived = list.split(separator: "\n").first { $0.contains("Derived") } ?? ""
        let explicit = list.split(separator: "\n").first { $0.contains("Explicit") } ?? ""
        #expect(derived.contains("2026-08-28"), "\(list)")
        #expect(explicit.contains("2026-06-15"), "\(list)")
    }
}
