import Foundation
import Testing
import TestSupport

/// Unknown ids are "not found" (66) everywhere; a tag without a manifest is a finding (2);
/// a day the calendar lacks is bad input (65) that says so.
@Suite struct ExitCodeAgreementTests {
    @Test func unknownIdsAreNotFound() {
        let f = LedgerFixture(env: nowEnv)
        let cases: [[String]] = [
            ["history", "3.5.99"], ["log", "--requirement", "3.5.99"], ["control", "show", "NO-SUCH"],
            ["snapshot", "show", "nope"], ["snapshot", "verify", "nope"], ["poam", "close", "POAM-2026-009"],
            ["diff", "nope", "HEAD"], ["readiness", "--at", "nope"],
            ["readiness", "--explain", "3.5.99"], ["framework", "map", "3.5.99"],
            ["poam", "add", "3.5.99", "--weakness", "W", "--scheduled-completion", "2027-01-31"],
            ["exception", "close", "EXC-20260601-AAAAAA"], ["exception", "show", "EXC-20260601-AAAAAA"],
            ["exception", "add", "3.5.99", "--kind", "enduring", "--description", "D", "--ssp-section", "4"],
        ]
        for args in cases {
            let r = f.evident(args, env: nowEnv)
            #expect(r.status == 66, "\(args.joined(separator: " ")): exit \(r.status), stderr: \(r.stderr)")
        }
        #expect(f.evident(["history", "3.5.33"], env: nowEnv).stderr.contains("did you mean 3.5.3"))
    }

    @Test func aTagWithoutAManifestIsAFinding() {
        let f = LedgerFixture(env: nowEnv)
        #expect(f.git(["tag", "-a", "assessment/x", "-m", "hi"]).status == 0)
        let r = f.evident(["snapshot", "show", "x"], env: nowEnv)
        #expect(r.status == 2, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("no evident manifest"))
    }

    @Test func aDayTheCalendarLacksIsNotADate() {
        let f = LedgerFixture(env: nowEnv)
        let r = f.evident(["log", "--since", "2026-02-30"], env: nowEnv)
        #expect(r.status == 65)
        #expect(r.stderr.contains("'2026-02-30' is not a date"), "stderr: \(r.stderr)")
    }
}
