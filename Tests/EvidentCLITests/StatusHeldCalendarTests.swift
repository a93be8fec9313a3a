import Foundation
import Testing
import TestSupport

/// The status held and the calendar through the built binary, on the demo ledger built at a fixed
/// clock (2026-12-02) and seed. The demo's first self-assessment snapshot, 2026-10-self, is taken
/// 60 days before: 2026-10-03, with a Conditional result.
/// By hand: 2026-10-03 + 180 days = 28 (to Oct 31) + 30 + 31 + 31 + 28 + 31 = 179 on 2027-03-31,
/// so the closeout is due 2027-04-01; on 2026-12-02 that is 29 + 31 + 28 + 31 + 1 = 120 days away.
@Suite(.serialized) struct StatusHeldCalendarTests {
    static let clock = ["EVIDENT_NOW": "2026-12-02T12:00:00Z", "EVIDENT_ID_SEED": "7"]

    final class Demo: @unchecked Sendable {
        let dir = TemporaryDirectory("evident-demo")
        var root: String { dir.path + "/ledger" }
        init() {
            let r = Processes.evident(["demo", dir.path + "/ledger"], cwd: dir.path, env: StatusHeldCalendarTests.clock)
            precondition(r.status == 0, "demo failed: \(r.stderr)")
        }
        func evident(_ args: [String], now: String = "2026-12-02T12:00:00Z") -> ProcessResult {
            Processes.evident(args, cwd: root, env: ["EVIDENT_NOW": now, "EVIDENT_ID_SEED": "7"])
        }
        func git(_ args: [String]) -> ProcessResult { Processes.git(args, cwd: root) }
        func level2(now: String = "2026-12-02T12:00:00Z") throws -> [String: Any] {
            let r = evident(["readiness", "--framework", "cmmc-l2", "--format", "json"], now: now)
            let json = try #require((try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8))) as? [String: Any], "\(r.stderr)")
            return try #require((json["frameworks"] as? [[String: Any]])?.first)
        }
        var clean: Bool {
            git(["status", "--porcelain", "--untracked-files=all"]).stdout.isEmpty && git(["fsck", "--strict", "--no-progress"]).stdout.isEmpty
        }
    }

    @Test func theStatusHeldComesFromTheFirstConditionalSnapshotAndExpires() throws {
        let demo = Demo()
        let l2 = try demo.level2()
        #expect(l2["status"] as? String == "conditional")
        let held = try #require(l2["held"] as? [String: Any])
        #expect(held["status"] as? String == "conditional")
        #expect(held["assessment"] as? String == "self")
        #expect(held["since"] as? String == "2026-10-03")
        #expect(held["closeout_due"] as? String == "2027-04-01")
        #expect(held["snapshot"] as? String == "2026-10-self")
        #expect(l2["closeout_deadline"] as? String == "2027-04-01")
        // The demo schedules every item by the closeout deadline (3.10.6, four months on, would be
        // 2027-04-02: it is brought forward to 2027-04-01), so readiness has no such warning.
        #expect((l2["warnings"] as? [String])?.contains { $0.contains("after the closeout deadline") } == false, "\(l2["warnings"] ?? "")")
        // An item planned for 2027-04-02, a day after the deadline, cannot be closed out in time.
        #expect(demo.evident(["poam", "add", "3.1.22", "--weakness", "Public website review not scheduled", "--scheduled-completion", "2027-04-02"]).status == 0)
        let late2 = try demo.level2()
        #expect((late2["warnings"] as? [String])?.contains { $0.contains("(3.1.22) is scheduled for 2027-04-02, after the closeout deadline 2027-04-01") } == true, "\(late2["warnings"] ?? "")")
        let text = demo.evident(["readiness", "--framework", "cmmc-l2"]).stdout
        #expect(text.contains("Status held: Conditional Level 2 (Self) since 2026-10-03 (snapshot 2026-10-self), closeout due 2027-04-01, 120 days left"), "\(text)")

        // A Level 1 snapshot and a C3PAO one on a later day do not move the Level 2 (Self) clock.
        #expect(demo.evident(["snapshot", "create", "l1-check", "--kind", "cmmc-l1-self", "--framework", "cmmc-l1"]).status == 0)
        let again = try #require(try demo.level2()["held_by_assessment"] as? [[String: Any]])
        #expect(again.count == 1 && again.first?["since"] as? String == "2026-10-03")

        // The day after the deadline, with no closeout snapshot, the status held has expired;
        // the assessed result is still computed from the records alone.
        let late = try demo.level2(now: "2027-04-02T09:00:00Z")
        let expired = try #require(late["held"] as? [String: Any])
        #expect(expired["status"] as? String == "expired")
        #expect(expired["since"] as? String == "2027-04-02")
        #expect(late["closeout_deadline"] as? String == "2027-04-01")
        #expect((late["warnings"] as? [String])?.contains { $0.contains("expired on 2027-04-01 without a closeout") } == true)
        #expect(demo.clean)
    }

    @Test func theCalendarListsTheDueDatesAndItsEventsKeepTheirIDs() throws {
        let demo = Demo()
        let text = demo.evident(["calendar"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("2027-04-01  120 days") && text.stdout.contains("POA&M closeout assessment for Conditional Level 2 (Self) of 2026-10-03"), "\(text.stdout)")
        // 3 years from the Conditional status date.
        #expect(text.stdout.contains("2029-10-03") && text.stdout.contains("Next Level 2 (Self) assessment"))

        let json = try #require((try? JSONSerialization.jsonObject(with: Data(demo.evident(["calendar", "--format", "json"]).stdout.utf8))) as? [String: Any])
        let items = try #require(json["items"] as? [[String: Any]])
        let closeout = try #require(items.first { $0["kind"] as? String == "closeout" })
        #expect(closeout["date"] as? String == "2027-04-01" && closeout["days_left"] as? Int == 120 && closeout["overdue"] as? Bool == false)

        // iCalendar: CRLF, folded at 75 octets, the same bytes twice; a later revision keeps every
        // UID of an obligation that is still there and stamps the events later.
        let ics = demo.evident(["calendar", "--format", "ics"]).stdout
        #expect(ics == demo.evident(["calendar", "--format", "ics"]).stdout)
        #expect(ics.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") && ics.hasSuffix("END:VCALENDAR\r\n"))
        let lines = ics.components(separatedBy: "\r\n").dropLast()
        #expect(lines.allSatisfy { $0.utf8.count <= 75 && !$0.contains("\n") })
        func uids(_ s: String) -> Set<String> {
            Set(s.components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:") })
        }
        let closeoutUID = try #require(uids(ics).first { $0.hasPrefix("UID:closeout-l2-self-2026-10-03@") })
        #expect(demo.evident(["affirm", "--framework", "cmmc", "--level", "2", "--official", "Morgan Ellis", "--official-title", "CEO"]).status == 0)
        let later = demo.evident(["calendar", "--format", "ics"]).stdout
        #expect(uids(later).contains(closeoutUID))
        #expect(uids(ics).subtracting(uids(later)).isEmpty)
        #expect(later != ics)

        // -o refuses to overwrite without --force.
        let out = demo.dir.path + "/compliance.ics"
        #expect(demo.evident(["calendar", "--format", "ics", "-o", out]).status == 0)
        let again = demo.evident(["calendar", "--format", "ics", "-o", out])
        #expect(again.status == 65 && again.stderr.contains("exists: pass --force"), "\(again.stderr)")
        #expect(demo.evident(["calendar", "--format", "ics", "-o", out, "--force"]).status == 0)
        #expect((try? String(contentsOfFile: out, encoding: .utf8)) == later)
        #expect(demo.clean)
    }

    /// The demo's story (issue 12 §7): an exception of each kind, the temporary one crediting
    /// 3.13.11 (32 CFR 170.24(b)(1)(ii)), and a Type 2 period, 2026-06-02..2026-12-01, in which
    /// VULN-SCAN (monthly) missed August: the whole months inside are July to November, and the
    /// August scan was never collected.
    @Test func theDemoShowsBothKindsOfExceptionAndAMissedMonth() throws {
        let demo = Demo()
        let list = try #require((try? JSONSerialization.jsonObject(with: Data(demo.evident(["exception", "list", "--format", "json"]).stdout.utf8))) as? [String: Any])
        let exceptions = try #require(list["exceptions"] as? [[String: Any]])
        #expect(Set(exceptions.compactMap { $0["kind"] as? String }) == ["enduring", "temporary"])
        let fips = try #require(try demo.level2()["requirements"] as? [[String: Any]]).first { $0["id"] as? String == "3.13.11" }
        #expect(fips?["status"] as? String == "met")
        #expect((fips?["reasons"] as? [String])?.contains { $0.contains("170.24(b)(1)(ii)") } == true)

        let r = demo.evident(["readiness", "--framework", "soc2", "--type", "2", "--period", "2026-06-02..2026-12-01", "--format", "json"])
        let json = try #require((try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8))) as? [String: Any], "\(r.stderr)")
        let soc2 = try #require((json["frameworks"] as? [[String: Any]])?.first)
        let scan = try #require((soc2["controls"] as? [[String: Any]])?.first { $0["control"] as? String == "VULN-SCAN" })
        #expect(scan["occurrences"] as? Int == 5 && scan["evidenced"] as? Int == 4, "\(scan)")
        let missing = (scan["gaps"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "missing" }
        #expect(missing.map { "\($0["from"] ?? "")..\($0["to"] ?? "")" } == ["2026-08-01..2026-08-31"])
    }
}
