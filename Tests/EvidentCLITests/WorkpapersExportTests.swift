import Foundation
import Testing
import TestSupport

/// `evident export workpapers` through the built binary, on a ledger built by hand: SOC 2 only,
/// one monthly control, LOG-MONTHLY (maps CC7.2), implemented, with reviews collected on the 20th
/// of January, February, April, May and June 2026 (no covers). Clock 2026-07-15.
///
/// By hand, over 2026-01-01..2026-06-30 (soc2-rules.md §3): six whole months, each record inside
/// its own month, so January, February, April, May and June are evidenced and March is missing:
/// 6 occurrences, 5 evidenced. The monthly sample (§5) is min(2, 6) = 2. The request list holds
/// March for LOG-MONTHLY, and one "no_control" line for each of the other 32 security criteria
/// (33 in all, CC7.2 mapped).
@Suite struct WorkpapersExportTests {
    static let now = ["EVIDENT_NOW": "2026-07-15T10:00:00Z", "EVIDENT_ID_SEED": "3"]

    static func ledger() -> LedgerFixture {
        let f = LedgerFixture(frameworks: ["soc2"], starterControls: false, env: now)
        let add = f.evident(["control", "add", "LOG-MONTHLY", "--title", "Monthly log review", "--owner", "secops@example.test", "--frequency", "monthly",
                             "--maps", "CC7.2", "--status", "implemented"], env: now)
        precondition(add.status == 0, add.stderr)
        for month in ["01", "02", "04", "05", "06"] {
            let r = f.evident(["evidence", "add", f.artifact("review-\(month).csv", "month,result\n\(month),pass\n"), "--control", "LOG-MONTHLY",
                               "--title", "Log review 2026-\(month)", "--collected", "2026-\(month)-20"], env: now)
            precondition(r.status == 0, r.stderr)
        }
        return f
    }

    @Test func populationSampleAndRequestsAsWorkedOutByHand() throws {
        let f = Self.ledger()
        let out = f.files.path + "/wp"
        let r = f.evident(["export", "workpapers", "--period", "2026-01-01..2026-06-30", "-o", out], env: Self.now)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("1 controls, 2 occurrences sampled, 33 requests"), "\(r.stdout)")
        func rows(_ name: String) throws -> [[String]] { try pythonCSVRows(try Data(contentsOf: URL(fileURLWithPath: out + "/" + name))) }

        let population = try rows("population.csv")
        #expect(population.first == ["control", "frequency", "criteria", "occurrence", "from", "to", "evidence", "collected_at", "in_sample"])
        let months = population.dropFirst()
        #expect(months.map { "\($0[4])..\($0[5])" } == ["2026-01-01..2026-01-31", "2026-02-01..2026-02-28", "2026-03-01..2026-03-31",
                                                        "2026-04-01..2026-04-30", "2026-05-01..2026-05-31", "2026-06-01..2026-06-30"])
        #expect(months.map { $0[6].hasPrefix("EV-2026") } == [true, true, false, true, true, true])
        #expect(months.allSatisfy { $0[0] == "LOG-MONTHLY" && $0[2] == "CC7.2" })
        #expect(months.filter { $0[8] == "yes" }.count == 2)

        let sample = try rows("sample.csv")
        #expect(sample.count == 1 + 2)
        // The sampled occurrences are the population's rows marked in_sample, with their artifacts.
        #expect(sample.dropFirst().map { $0[3] } == months.filter { $0[8] == "yes" }.map { $0[3] })
        for s in sample.dropFirst() where !s[6].isEmpty { #expect(s[8].contains("sha256:") && s[8].contains(s[6])) }

        let requests = try rows("requests.csv")
        let missing = requests.filter { $0[0] == "LOG-MONTHLY" }
        #expect(missing.count == 1 && missing[0][3] == "2026-03-01" && missing[0][4] == "2026-03-31" && missing[0][5] == "missing" && missing[0][1] == "secops@example.test")
        #expect(requests.filter { $0[5] == "no_control" }.count == 32)

        let criteria = try rows("criteria.csv")
        #expect(criteria.first { $0[0] == "CC7.2" }?[3] == "not_ready")
        let html = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(html.contains("<th scope=\"row\">LOG-MONTHLY</th>") && html.contains("href=\"population.csv\"") && !html.contains("http"))

        // The same revision, period and seed give the same bytes; the seed printed draws it again.
        let seed = try #require(r.stdout.components(separatedBy: "--seed ").last?.split(separator: " ").first.map(String.init))
        let again = f.files.path + "/wp2"
        #expect(f.evident(["export", "workpapers", "--period", "2026-01-01..2026-06-30", "--seed", seed, "-o", again], env: Self.now).status == 0)
        for name in ["criteria.csv", "population.csv", "sample.csv", "requests.csv"] {
            #expect(FileManager.default.contents(atPath: out + "/" + name) == FileManager.default.contents(atPath: again + "/" + name), "\(name)")
        }
        // Overwriting needs --force; nothing is written into the ledger.
        let refused = f.evident(["export", "workpapers", "--period", "2026-01-01..2026-06-30", "-o", out], env: Self.now)
        #expect(refused.status == 65 && refused.stderr.contains("--force"), "\(refused.stderr)")
        #expect(f.evident(["export", "workpapers", "--period", "2026-06-30..2026-01-01", "-o", out + "3"], env: Self.now).status == 65)
        #expect(f.evident(["export", "workpapers", "--period", "2026-01-01..2026-06-30"], env: Self.now).status == 64)
        #expect(f.statusPorcelain.isEmpty && f.fsckOutput.isEmpty)
    }
}
