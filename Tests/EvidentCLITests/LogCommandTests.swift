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
