import Foundation
import Testing
import TestSupport

// `evident export ssp|poam|sprs` on the demo ledger, built once at a fixed clock. What is worked
// out by hand comes from the demo's own data (Sources/Ledger/UseCases/Demo/DemoService.swift),
// with today = 2026-11-29:
//
// - POA&M: 6 items opened on origin + 20 days (3.1.8, 3.1.9, 3.1.10, 3.1.11, 3.6.3, 3.10.6);
//   3.6.3's is closed after the tabletop exercise, so 5 are open. Scheduled completions are
//   today + 2, 1, 2, 2, 3 and 4 months, none after the closeout deadline (first snapshot + 180
//   days = 2027-03-29); the latest open one is 3.10.6's, today + 4 months = 2027-03-29, the Plan
//   of Action completion date. 3.13.11 is a temporary deficiency, not a POA&M item.
// - The latest snapshot, 2026-11-self (as of 2026-11-29), recorded 5 NOT MET requirements at
//   1 point each (3.1.8, 3.1.9, 3.1.10, 3.1.11, 3.10.6): 110 - 5 = 105, conditional. The first,
//   2026-09-self (as of 2026-09-30), recorded 104 conditional (3.6.3 NOT MET too), which starts
//   the Conditional status (cmmc-rules.md §12.2): the status date is 2026-09-30.
// - The system section: CAGE code 7NW42, scope enclave, SSP 2.1 dated origin + 2 days, where
//   origin = today - 7 months = 2026-04-29, so 2026-05-01.
// - The SSP has 110 Level 2 requirements and 38 SOC 2 criteria (security 33, availability A1.1-A1.3,
//   confidentiality C1.1-C1.2).
final class DemoLedger: @unchecked Sendable {
    static let env = ["EVIDENT_NOW": "2026-11-29T09:30:00Z", "EVIDENT_ID_SEED": "7"]
    static let shared = DemoLedger()
    let dir = TemporaryDirectory("evident-demo")
    var root: String { dir.path + "/ledger" }

    init() {
        let r = Processes.evident(["demo", dir.path + "/ledger"], cwd: dir.path, env: Self.env)
        precondition(r.status == 0, "evident demo failed: \(r.stderr)")
    }

    func run(_ args: [String]) -> ProcessResult { Processes.evident(args, cwd: root, env: Self.env) }
    func git(_ args: [String]) -> ProcessResult { Processes.git(args, cwd: root) }
}

@Suite struct ExportDemoTests {
    static var d: DemoLedger { DemoLedger.shared }

    @Test func everyExportOfTheDemoIsDeterministicAndLeavesTheLedgerClean() {
        let d = Self.d
        let sha = trimmed(d.git(["rev-parse", "HEAD"]).stdout)
        for args in [["ssp"], ["ssp", "--format", "html"], ["poam"], ["poam", "--format", "json"], ["poam", "--format", "markdown"], ["sprs"], ["sprs", "--format", "json"]] {
            let a = d.run(["export"] + args), b = d.run(["export"] + args)
            #expect(a.status == 0, "\(args): \(a.stderr)")
            #expect(!a.stdout.isEmpty && a.stdout == b.stdout, "\(args)")
            if args[0] != "sprs" {
                #expect(d.run(["export"] + args + ["--at", sha]).stdout == a.stdout, "\(args) --at \(sha)")
            }
        }
        #expect(d.git(["status", "--porcelain", "--untracked-files=all"]).stdout.isEmpty)
        let fsck = d.git(["fsck", "--strict", "--no-progress"])
        #expect(fsck.status == 0 && (fsck.stdout + fsck.stderr).isEmpty)
    }

    /// By hand, at the demo's clock (2026-11-29): the latest snapshot, 2026-11-self, finds five
    /// 1-point requirements NOT MET, each on a POA&M (3.1.8-3.1.11, 3.10.6): 110 - 5 = 105,
    /// conditional. 3.13.11 is MET through the temporary deficiency. The status held is
    /// Conditional since the first snapshot, 2026-09-30 (60 days before: 29 days back to Oct 31,
    /// 31 more to Sep 30). The latest scheduled completion is 3.10.6's, 4 months on: 2027-03-29.
    @Test func theDemoSPRSEntryIsTheLatestSnapshotsWorkedOutByHand() throws {
        let r = Self.d.run(["export", "sprs", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
        {
          "level": 2,
          "assessment": "self",
          "score": 105,
          "max_score": 110,
          "status": "conditional",
          "assessment_date": "2026-11-29",
          "status_date": "2026-09-30",
          "scope": "enclave",
          "cage_codes": [
            "7NW42"
          ],
          "ssp": {
            "name": "Northwind CUI Enclave and Telemetry Platform",
            "version": "2.1",
            "date": "2026-05-01"
          },
          "plan_of_action_completion": "2027-03-29"
        }

        """)
        #expect(r.stderr.contains("snapshot 2026-11-self, the latest CMMC snapshot"))
        // The earlier snapshot started the Conditional status: 3.6.3 was NOT MET too (its item was
        // closed later), so 110 - 6 = 104.
        let earlier = try #require(jsonObject(Self.d.run(["export", "sprs", "2026-09-self", "--format", "json"]).stdout))
        #expect(earlier["status"] as? String == "conditional" && earlier["status_date"] as? String == "2026-09-30" && earlier["assessment_date"] as? String == "2026-09-30")
        #expect(earlier["score"] as? Int == 104)
    }

    /// Six items: 3.1.8, 3.1.9, 3.1.10, 3.1.11, 3.6.3 (closed after the tabletop exercise) and
    /// 3.10.6; 3.13.11 is a temporary deficiency, not a POA&M item (cmmc-rules.md §12.7).
    @Test func theDemoPOAMHasItsSixItems() throws {
        let r = Self.d.run(["export", "poam"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try pythonCSVRows(Data(r.stdout.utf8))
        #expect(rows.count == 1 + 6)
        #expect(rows.dropFirst().filter { $0[9] == "open" }.count == 5)
        #expect(rows.dropFirst().filter { $0[9] == "closed" }.map { $0[1] } == ["3.6.3"])
        #expect(rows.dropFirst().allSatisfy { $0[11] == "2027-03-29" && $0.count == 12 })
        #expect(!rows.contains { $0[1] == "3.13.11" })
        let banner = try #require(rows.first { $0[1] == "3.1.9" })
        #expect(banner[2] == "AC.L2-3.1.9" && banner[4] == "1")
    }

    @Test func theDemoSSPDescribesTheSystemAndEveryRequirement() {
        let r = Self.d.run(["export", "ssp"])
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        let md = r.stdout
        #expect(md.hasPrefix("# System Security Plan: Northwind CUI Enclave and Telemetry Platform\n\nNorthwind Aerospace Systems · SSP version 2.1 · dated 2026-05-01\n"))
        #expect(md.contains("| CAGE codes | 7NW42 |\n"))
        #expect(md.contains("- CMMC Level 2: SPRS score 105 of 110, assessed result conditional (5 NOT MET); Plan of Action completion date 2027-03-29\n"))
        #expect(md.components(separatedBy: "\n#### ").count - 1 == 110 + 38)
        #expect(md.contains("**Not applicable (NET-WIRELESS):** The CUI enclave has no wireless networks"))
        let html = Self.d.run(["export", "ssp", "--format", "html"]).stdout
        #expect(html.components(separatedBy: "<article class=\"req\"").count - 1 == 110 + 38)
    }
}
