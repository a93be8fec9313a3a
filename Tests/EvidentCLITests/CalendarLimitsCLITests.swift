import Foundation
import Testing
import TestSupport

/// No record, option or date can crash a reader (issue "trust"), from the built binary.
/// Both reproductions trapped on a force unwrap in Day.adding(months:) (signal 4) before.
@Suite("calendar limits (end to end)")
struct CalendarLimitsCLITests {
    /// Exit codes a reading command may end with: ok, findings, bad record or input. Anything
    /// else (a signal shows as its number, 4 or 5 for a Swift trap) is a crash.
    static let readerStatuses: Set<Int32> = [0, 2, 65]

    static func expectNoCrash(_ r: ProcessResult, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(readerStatuses.contains(r.status), "\(what): exit \(r.status)\n\(r.stderr.prefix(2000))", sourceLocation: sourceLocation)
        #expect(!r.stderr.contains("Fatal error"), "\(what): \(r.stderr.prefix(2000))", sourceLocation: sourceLocation)
    }

    @Test func aDurationOverAHundredYearsIsRefusedAndInHistoryIsAFinding() throws {
        let f = LedgerFixture()
        _ = f.addEvidence(control: "IAM-MFA")
        let before = f.state()
        // Refused where it enters: exit 65 naming the file, the field and the range; nothing written.
        let set = f.evident(["control", "set", "IAM-MFA", "evidence_valid_for=P8000Y"], env: nowEnv)
        #expect(set.status == 65, "stderr: \(set.stderr)")
        #expect(set.stderr.contains("controls/IAM-MFA.yaml: evidence_valid_for: 'P8000Y' is longer than P100Y"), "stderr: \(set.stderr)")
        #expect(f.state() == before)
        // The limit itself is allowed.
        #expect(f.evident(["control", "set", "IAM-MFA", "evidence_valid_for=P100Y"], env: nowEnv).status == 0)

        // Committed with plain git past the hooks, as an old clone or a hand edit could.
        let path = "controls/IAM-MFA.yaml"
        let text = try #require(f.read(path))
        f.write(path, text.replacingOccurrences(of: "evidence_valid_for: P100Y", with: "evidence_valid_for: P8000Y"))
        #expect(f.git(["add", path]).status == 0)
        // The pre-commit hook runs `evident validate --staged`: a finding (exit 2).
        let staged = f.evident(["validate", "--staged"], env: nowEnv)
        #expect(staged.status == 2, "stdout: \(staged.stdout) stderr: \(staged.stderr)")
        #expect((staged.stdout + staged.stderr).contains("\(path): evidence_valid_for: 'P8000Y' is longer than P100Y"))
        #expect(f.git(["-c", "core.hooksPath=/dev/null", "commit", "--quiet", "-m", "hand edit"]).status == 0)

        // validate and verify report it; the readers work and say why the control is left out.
        let validate = f.evident(["validate"], env: nowEnv)
        #expect(validate.status == 2)
        #expect((validate.stdout + validate.stderr).contains("\(path): evidence_valid_for"))
        let verify = f.evident(["verify"], env: nowEnv)
        #expect(verify.status == 2, "stdout: \(verify.stdout) stderr: \(verify.stderr)")
        for args in [["readiness"], ["readiness", "--at", "HEAD"], ["readiness", "--format", "json"], ["history", "3.5.3"],
                     ["diff", "HEAD~1", "HEAD"], ["readiness", "--type", "2", "--period", "2026-01-01..2026-06-30", "--framework", "soc2"]] {
            let r = f.evident(args, env: nowEnv)
            #expect(r.status == 0, "\(args): exit \(r.status)\n\(r.stderr.prefix(2000))")
            if args[0] == "readiness" {
                #expect(r.stderr.contains("\(path): evidence_valid_for: 'P8000Y' is longer than P100Y"), "\(args): \(r.stderr)")
            }
        }
        // A snapshot of invalid records is refused, not crashed on.
        let snap = f.evident(["snapshot", "create", "q4", "--kind", "cmmc-l2-self"], env: nowEnv)
        Self.expectNoCrash(snap, "snapshot create")
        #expect(snap.status != 0)
        #expect(snap.stderr.contains(path))
    }

    @Test func thePreReceiveHookRefusesADurationOverAHundredYears() throws {
        let server = PreReceiveHookTests.Server()
        let f = server.fixture
        let path = "controls/IAM-MFA.yaml"
        let text = try #require(f.read(path))
        f.write(path, text.replacingOccurrences(of: "frequency: ", with: "evidence_valid_for: P8000Y\nfrequency: "))
        #expect(f.git(["-c", "core.hooksPath=/dev/null", "commit", "--quiet", "-am", "hand edit"]).status == 0)
        let r = server.expectRefused(["main"], ref: "refs/heads/main", "do not validate")
        #expect(r.stderr.contains("\(path): evidence_valid_for: 'P8000Y' is longer than P100Y"), "stderr: \(r.stderr)")
    }

    @Test func aCommitTimeAtTheEndOfInt64IsShownClampedNotTrappedOn() throws {
        // git stores any 64-bit time; Int(Date.timeIntervalSince1970) of 2^63 - 1 (a Double of
        // 2^63) trapped log, history and readiness --at DATE.
        let f = LedgerFixture()
        _ = f.addEvidence(control: "IAM-MFA")
        let tree = trimmed(f.git(["rev-parse", "HEAD^{tree}"]).stdout)
        let body = "tree \(tree)\nparent \(f.head)\nauthor a <a@example.test> 9223372036854775807 +0000\n"
            + "committer a <a@example.test> 9223372036854775807 +0000\n\nfar future\n"
        let file = f.files.write("commit.txt", body)
        let made = f.git(["hash-object", "-t", "commit", "-w", "--literally", file])
        try #require(made.status == 0, "\(made.stderr)")
        #expect(f.git(["update-ref", "refs/heads/main", trimmed(made.stdout)]).status == 0)
        for args in [["log", "-n", "2"], ["history", "3.5.3"], ["readiness", "--at", "2026-12-01"], ["diff", "HEAD~1", "HEAD"], ["verify"]] {
            Self.expectNoCrash(f.evident(args, env: nowEnv), "\(args)")
        }
        #expect(f.evident(["log", "-n", "1"], env: nowEnv).stdout.contains("9999-12-31"))
    }

    @Test func anObservationPeriodToTheEndOfTheCalendarIsRefused() {
        let f = LedgerFixture()
        _ = f.addEvidence(control: "IAM-MFA")
        for args in [["readiness", "--type", "2", "--period", "2026-01-01..9999-12-31"],
                     ["snapshot", "create", "long", "--kind", "soc2-type2", "--period", "2026-01-01..9999-12-31"]] {
            let r = f.evident(args, env: nowEnv)
            #expect(r.status == 65, "\(args): exit \(r.status)\n\(r.stderr.prefix(2000))")
            #expect(r.stderr.contains("--period '2026-01-01..9999-12-31'"), "\(args): \(r.stderr)")
            #expect(r.stderr.contains("longer than ten years") && r.stderr.contains("2035-12-31"), "\(args): \(r.stderr)")
        }
        // Ten years is the longest; the last decade of the calendar works; dates past it are no dates.
        Self.expectNoCrash(f.evident(["readiness", "--type", "2", "--period", "2026-01-01..2035-12-31", "--framework", "soc2"], env: nowEnv), "ten years")
        Self.expectNoCrash(f.evident(["readiness", "--type", "2", "--period", "9990-01-01..9999-12-31", "--as-of", "9999-12-31"], env: nowEnv), "last decade")
        let past = f.evident(["readiness", "--type", "2", "--period", "2026-01-01..10000-01-01"], env: nowEnv)
        #expect(past.status == 65)
        #expect(past.stderr.contains("0001-01-01..9999-12-31"), "stderr: \(past.stderr)")
        for args in [["readiness", "--as-of", "9999-12-31"], ["readiness", "--as-of", "0001-01-01"], ["readiness", "--at", "9999-12-31"],
                     ["readiness", "--status-date", "9999-12-31"], ["log", "--until", "9999-12-31"], ["diff", "HEAD", "9999-12-31"]] {
            Self.expectNoCrash(f.evident(args, env: nowEnv), "\(args)")
        }
    }
}
