import Foundation
import LedgerCore
import Testing
import TestSupport

/// `evident report [--at REV] -o DIR`, from the built binary, opened in headless Chromium.
///
/// On the demo ledger (`DemoLedger`, clock 2026-11-29; Sources/Ledger/UseCases/Demo/DemoService.swift),
/// worked out by hand:
/// - HEAD is the senior official's affirmation, committed today, 2026-11-29 07:15, just before the
///   2026-11-self snapshot tags that same commit (08:00); the report at HEAD is judged at
///   2026-11-29 (ExportPoint: a revision's own day).
/// - Trend, two snapshots (both cmmc-l2-self with frameworks cmmc-l2 and soc2, so each records
///   SOC 2 Type 1 too):
///   1. 2026-09-self, as of today - 60 = 2026-09-30: 3.1.8, 3.1.9, 3.1.10, 3.1.11 (IAM-SESSION
///      partially implemented), 3.6.3 (IR-TEST planned) and 3.10.6 (PHY-ALT-SITE planned) NOT MET
///      at 1 point each, each on a POA&M, 3.13.11 MET through its temporary deficiency:
///      110 - 6 = 104, conditional. SOC 2 (38 criteria: security 33, A1.1-A1.3, C1.1-C1.2; none
///      N/A, NET-WIRELESS shares CC6.1 and CC6.6 with applicable controls): not ready CC6.1
///      (IAM-SESSION), CC6.4 and CC6.7 (PHY-ALT-SITE), CC7.4 and CC7.5 (IR-TEST), A1.3
///      (BCP-DR-TEST; CC7.5 too): 32 of 38, 84 % (32/38 = 0.842).
///   2. 2026-11-self, as of 2026-11-29: IR-TEST implemented, its item closed: 110 - 5 = 105,
///      conditional. SOC 2: CC7.4 ready, CC9.2 not ready (VEN-REVIEW's only evidence ended on
///      today - 20 = 2026-11-09): still 32 of 38, not ready CC6.1, CC6.4, CC6.7, CC7.5, CC9.2, A1.3.
/// - At HEAD (2026-11-29) the records are those of 2026-11-self: 105 conditional, 32 of 38.
///   Status held: Conditional since 2026-09-30 (2026-09-self), closeout due 2026-09-30 + 180 days
///   = 2027-03-29 (Oct 31, Nov 30, Dec 31, Jan 31, Feb 28, Mar 29 days: 1+30 → 31 ... 151 + 29 = 180),
///   120 days after 2026-11-29 (1 + 31 + 31 + 28 + 29).
/// - The previous snapshot: 2026-11-self is of HEAD's own commit, so 2026-09-self. The diff:
///   3.6.3 not_met -> met (+1), CC7.4 not_ready -> ready, CC9.2 ready -> not_ready (worse).
/// - Expiring within 30 days of 2026-11-29 (each implemented control's longest-valid evidence):
///   VEN-REVIEW ended 2026-11-09 (20 days before); OPS-BACKUP, daily, last collected 2026-11-28:
///   + 1 day + 14 days' grace = 2026-12-13 (14 days); LOG-REVIEW and SEC-ADVISORIES, weekly, last
///   collected Friday 2026-11-27: + 7 + 14 = 2026-12-18 (19 days). Continuous controls get the
///   default year; the others last longer.
@Suite struct ReportTests {
    static var demo: DemoLedger { DemoLedger.shared }

    /// Runs `evident report` with `args` in `cwd` into a new folder; returns the result and the folder.
    static func report(_ run: ([String]) -> ProcessResult, _ args: [String] = []) -> (ProcessResult, TemporaryDirectory) {
        let out = TemporaryDirectory("evident-report")
        return (run(["report", "-o", out.path + "/site"] + args), out)
    }

    static func read(_ dir: TemporaryDirectory, _ name: String) -> String {
        FileManager.default.contents(atPath: dir.path + "/site/" + name).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    static func files(_ dir: TemporaryDirectory) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path + "/site")) ?? []).sorted()
    }

    /// After every command the ledger is as clean as git sees it.
    static func expectClean(_ git: ([String]) -> ProcessResult, _ sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(git(["status", "--porcelain", "--untracked-files=all"]).stdout.isEmpty, sourceLocation: sourceLocation)
        let fsck = git(["fsck", "--strict", "--no-progress"])
        #expect(fsck.status == 0 && (fsck.stdout + fsck.stderr).isEmpty, "\(fsck.stdout)\(fsck.stderr)", sourceLocation: sourceLocation)
    }

    /// Every `src`, `href` or `url(...)` that names an http(s) address: none may appear, or the
    /// page would reach the network.
    static func remoteReferences(_ text: String) -> [String] {
        let pattern = #"(?i)((src|href)\s*=\s*["']?\s*https?:|url\(\s*["']?\s*https?:|@import)"#
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { Range($0.range, in: text).map { String(text[$0]) } }
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    // MARK: The demo ledger

    @Test func theDemoReportShowsTheDemosNumbersWorkedOutByHand() throws {
        let d = Self.demo
        let head = trimmed(d.git(["rev-parse", "HEAD"]).stdout)
        let (r, out) = Self.report(d.run)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        #expect(r.stdout == """
        Readiness report of Northwind Aerospace Systems as of 2026-11-29 (revision \(head.prefix(10))) written to \(out.path)/site:
          index.html
          cmmc-l2.html
          soc2.html
          diff.html
          evidence.html
          style.css
        CMMC Level 2: SPRS 105/110, conditional (5 NOT MET)
        SOC 2 Type 1: 32/38 criteria ready, not_ready
        2 snapshots in the trend; changes since 2026-09-self
        Open \(out.path)/site/index.html in a browser.

        """)
        #expect(Self.files(out) == ["cmmc-l2.html", "diff.html", "evidence.html", "index.html", "soc2.html", "style.css"])
        Self.expectClean(d.git)

        let index = Self.read(out, "index.html")
        #expect(index.contains("<p class=\"meta\">As of 2026-11-29, at revision \(head.prefix(10)) (committed 2026-11-29T07:15:00Z)</p>"))
        // The overview: SPRS score, assessed result, status held; SOC 2 ready count.
        #expect(index.contains("<p class=\"figure\">105 <small>/ 110 SPRS score</small></p>"))
        #expect(index.contains("<span class=\"mark\" aria-hidden=\"true\">◐</span> conditional</span>"))
        #expect(index.contains("<dd>Conditional Level 2 (Self) since 2026-09-30 (snapshot 2026-09-self), closeout due 2027-03-29, 120 days left</dd>"))
        #expect(index.contains("<dd>2027-03-29</dd>"), "plan of action completion: 3.10.6's item, 4 months after today")
        #expect(index.contains("<p class=\"figure\">32 <small>of 38 criteria ready (84%)</small></p>"))
        #expect(index.contains("<dd>CC6.1, CC6.4, CC6.7, CC7.5, CC9.2, A1.3</dd>"))
        // The trend: one row per snapshot, as each recorded it.
        #expect(index.contains("<tr><th scope=\"row\">2026-09-self</th><td>cmmc-l2-self</td><td class=\"date\">2026-09-30</td><td class=\"num\">104</td><td>conditional</td><td class=\"num\">32 of 38 (84%)</td><td>Type 1, not ready</td></tr>"))
        #expect(index.contains("<tr><th scope=\"row\">2026-11-self</th><td>cmmc-l2-self</td><td class=\"date\">2026-11-29</td><td class=\"num\">105</td><td>conditional</td><td class=\"num\">32 of 38 (84%)</td><td>Type 1, not ready</td></tr>"))
        #expect(Self.count("<svg class=\"chart\"", in: index) == 2)
        // The diff since 2026-09-self.
        #expect(index.contains("<p>From snapshot 2026-09-self (\(trimmed(d.git(["rev-parse", "assessment/2026-09-self^{commit}"]).stdout).prefix(10)), as of 2026-09-30) to this revision (\(head.prefix(10)), as of 2026-11-29), each side judged at its own day.</p>"))
        #expect(index.contains("<h3>CMMC Level 2: 104 conditional -&gt; 105 conditional (+1)</h3>"))
        #expect(index.contains("<span class=\"rid\">3.6.3</span> <span class=\"alt\">IR.L2-3.6.3</span>"))
        #expect(index.contains("<span class=\"rid\">CC7.4</span>") && index.contains("<span class=\"rid\">CC9.2</span>"))
        #expect(Self.count("<strong class=\"worse\">worse</strong>", in: index) == 1)
        #expect(index.contains("<strong>Readiness got worse: SOC 2 Type 1.</strong>"))
        // Evidence expiring soon, by day then control.
        let expiring = index.components(separatedBy: "<table class=\"expiring\">").dropFirst().first?.components(separatedBy: "</table>").first ?? ""
        let rows = expiring.components(separatedBy: "<tr><th scope=\"row\" class=\"date\">").dropFirst().map { $0.components(separatedBy: "</tr>")[0] }
        #expect(rows.count == 4)
        let expected = [("2026-11-09", "expired 20 days ago", "VEN-REVIEW"), ("2026-12-13", "in 14 days", "OPS-BACKUP"),
                        ("2026-12-18", "in 19 days", "LOG-REVIEW"), ("2026-12-18", "in 19 days", "SEC-ADVISORIES")]
        for (row, (day, when, control)) in zip(rows, expected) {
            #expect(row.hasPrefix(day + "</th>") && row.contains("</span> \(when)</span>") && row.contains("<td>\(control)</td>"), "\(row)")
        }
        // The calendar: the status held and the closeout, as `evident calendar` words them.
        #expect(index.contains("<td>POA&amp;M closeout assessment for Conditional Level 2 (Self) of 2026-09-30<span class=\"sub\">"))
        #expect(index.contains("<th scope=\"row\" class=\"date\">2027-03-29</th><td class=\"date\">120 days</td>"))

        // One page per framework: every requirement and criterion, with status, reasons and evidence links.
        let l2 = Self.read(out, "cmmc-l2.html"), soc2 = Self.read(out, "soc2.html")
        func pageRows(_ page: String, _ prefix: String) -> [String] {
            page.components(separatedBy: "<tr id=\"\(prefix)").dropFirst().map { $0.components(separatedBy: "</tr>")[0] }
        }
        #expect(pageRows(l2, "req-").count == 110)
        #expect(pageRows(l2, "req-").filter { $0.contains("> NOT MET</span>") }.count == 5)
        #expect(l2.contains("<tr id=\"req-3.1.9\"><th scope=\"row\"><span class=\"rid\">3.1.9</span> <span class=\"alt\">AC.L2-3.1.9</span>"))
        #expect(l2.contains("IAM-SESSION is partially implemented, not implemented"))
        #expect(pageRows(soc2, "crit-").count == 38)
        #expect(pageRows(soc2, "crit-").filter { $0.contains("> not ready</span>") }.map { $0.components(separatedBy: "\"")[0] }
                == ["CC6.1", "CC6.4", "CC6.7", "CC7.5", "CC9.2", "A1.3"])
        // The evidence index has one row per artifact that `export evidence` lists.
        let exported = try #require(jsonObject(d.run(["export", "evidence", "--format", "json"]).stdout)?["artifacts"] as? [[String: Any]])
        let evidence = Self.read(out, "evidence.html")
        #expect(Self.count("<th scope=\"row\" class=\"id\">", in: evidence) == exported.count)
        // Every link to the evidence index lands on a row there; every other link is a page of the site.
        let ids = Set(evidence.components(separatedBy: "<tr id=\"").dropFirst().map { $0.components(separatedBy: "\"")[0] })
        #expect(ids.count == Set(exported.compactMap { $0["evidence_id"] as? String }).count)
        for page in Self.files(out) where page.hasSuffix(".html") {
            let text = Self.read(out, page)
            for href in text.components(separatedBy: "href=\"").dropFirst().map({ $0.components(separatedBy: "\"")[0] }) {
                if href.hasPrefix("#") { continue }
                let parts = href.split(separator: "#", maxSplits: 1).map(String.init)
                #expect(Self.files(out).contains(parts[0]), "\(page): \(href)")
                if parts[0] == "evidence.html", parts.count == 2 { #expect(ids.contains(parts[1]), "\(page): \(href)") }
            }
        }
        Self.expectClean(d.git)
    }

    /// The same revision gives the same bytes in every file (cmp), whatever the clock says and
    /// however --at names it: HEAD, its id, or its own day.
    @Test func theSameRevisionGivesTheSameBytesInEveryFile() {
        let d = Self.demo
        let head = trimmed(d.git(["rev-parse", "HEAD"]).stdout)
        let (a, one) = Self.report(d.run)
        let (b, two) = Self.report { Processes.evident($0, cwd: d.root, env: DemoLedger.env.merging(["EVIDENT_NOW": "2027-02-01T08:00:00Z"]) { _, n in n }) }
        let (c, three) = Self.report(d.run, ["--at", head])
        let (e, four) = Self.report(d.run, ["--at", "2026-11-29"])
        for r in [a, b, c, e] { #expect(r.status == 0, "\(r.stderr)") }
        #expect(Self.files(one).count == 6)
        for other in [two, three, four] {
            #expect(Self.files(other) == Self.files(one))
            for name in Self.files(one) {
                let cmp = Processes.run("/usr/bin/cmp", [one.path + "/site/" + name, other.path + "/site/" + name], cwd: "/")
                #expect(cmp.status == 0, "\(name): \(cmp.stdout)")
            }
        }
        // A snapshot is judged at its own as-of day, and its trend stops at it.
        let (s, snap) = Self.report(d.run, ["--at", "2026-09-self"])
        #expect(s.status == 0, "\(s.stderr)")
        let index = Self.read(snap, "index.html")
        #expect(index.contains("As of 2026-09-30, the as-of day of snapshot 2026-09-self"))
        #expect(index.contains("<th scope=\"row\">2026-09-self</th>") && !index.contains("2026-11-self"))
        #expect(index.contains("No earlier snapshot to compare with"))
        #expect(index.contains("<p class=\"figure\">104 <small>"))
        Self.expectClean(d.git)
    }

    // MARK: Headless Chromium

    /// Chromium from PATH; the test fails (never skips) without it.
    static func chromium() -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let p = "\(dir)/chromium"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// Runs headless Chromium on `url` with a fresh profile and HOME, no route off this machine
    /// (every request goes to a proxy at 127.0.0.1:9, where nothing answers, and no name
    /// resolves) and Chromium's own background traffic switched off as far as its flags allow.
    static func chromium(_ binary: String, _ url: String, _ extra: [String], in dir: TemporaryDirectory) -> ProcessResult {
        let args = [
            "120", binary, "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(dir.path)/profile", "--window-size=1280,2000",
            "--hide-scrollbars", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-extensions", "--disable-default-apps", "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
        ] + extra + [url]
        return Processes.run("/usr/bin/timeout", args, cwd: dir.path, environment: Isolation.environment(["HOME": dir.path + "/home"]))
    }

    /// The URLs of the requests a page made, from a net log: URL_REQUEST_START_JOB events whose
    /// initiator is an origin (a file:// page's is "null"). Chromium's own requests (the
    /// component updater, the account list and network time of Debian's build, which carries
    /// Google API keys) have the initiator "not an origin": they are the browser's, not the
    /// report's, and the proxy above keeps them on this machine.
    static func pageRequests(netLog path: String) throws -> [String] {
        let data = try #require(FileManager.default.contents(atPath: path))
        let log = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let types = try #require((log["constants"] as? [String: Any])?["logEventTypes"] as? [String: Int])
        let start = try #require(types["URL_REQUEST_START_JOB"])
        let events = try #require(log["events"] as? [[String: Any]])
        return events.compactMap { e in
            guard e["type"] as? Int == start, let p = e["params"] as? [String: Any], let url = p["url"] as? String else { return nil }
            return p["initiator"] as? String == "not an origin" ? nil : url
        }
    }

    static func internalScheme(_ url: String) -> Bool {
        ["file:", "about:", "data:", "chrome:", "chrome-extension:", "blob:"].contains { url.hasPrefix($0) }
    }

    /// The overview in headless Chromium: a screenshot of the window's size with something drawn
    /// on it, the score and every snapshot in the chart's SVG, and no request off the file system.
    @Test func theOverviewOpensOfflineInHeadlessChromium() throws {
        guard let binary = Self.chromium() else {
            Issue.record("chromium is not installed: run make deps")
            return
        }
        let d = Self.demo
        let (r, out) = Self.report(d.run)
        #expect(r.status == 0, "\(r.stderr)")
        let url = "file://" + out.path + "/site/index.html"

        // The screenshot: a PNG (signature, then the IHDR chunk with width and height as
        // big-endian 32-bit numbers at bytes 16-23) of the window's size. Measured with this
        // Chromium at 1280x2000: a blank page is 11,641 bytes, the demo's overview about 285,000;
        // 60,000 is far above any blank or nearly blank page.
        let shot = TemporaryDirectory("evident-chromium")
        let s = Self.chromium(binary, url, ["--screenshot=\(shot.path)/overview.png"], in: shot)
        #expect(s.status == 0, "\(s.stderr)")
        let png = try #require(FileManager.default.contents(atPath: shot.path + "/overview.png"), "no screenshot: \(s.stderr)")
        let bytes = [UInt8](png)
        try #require(bytes.count > 24)
        #expect(Array(bytes[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(String(decoding: bytes[12..<16], as: UTF8.self) == "IHDR")
        func be32(_ i: Int) -> Int { bytes[i..<(i + 4)].reduce(0) { $0 << 8 | Int($1) } }
        #expect(be32(16) == 1280 && be32(20) == 2000)
        #expect(png.count > 60_000, "\(png.count) bytes: the page drew almost nothing")

        // The DOM Chromium built: the score and every snapshot name inside the charts' SVG.
        let dom = TemporaryDirectory("evident-chromium")
        let m = Self.chromium(binary, url, ["--dump-dom"], in: dom)
        #expect(m.status == 0, "\(m.stderr)")
        let svgs = m.stdout.components(separatedBy: "<svg").dropFirst().map { $0.components(separatedBy: "</svg>")[0] }
        #expect(svgs.count == 2)
        let sprs = try #require(svgs.first { $0.contains("id=\"chart-sprs\"") })
        #expect(sprs.contains("role=\"img\"") && sprs.contains("<title id=\"chart-sprs-title\">") && sprs.contains("<desc id=\"chart-sprs-desc\">"))
        #expect(sprs.contains(">105</text>") && sprs.contains(">104</text>"))
        for name in ["2026-09-self", "2026-11-self"] {
            for svg in svgs { #expect(svg.contains(">\(name)</text>"), "\(name)") }
        }
        #expect(m.stdout.contains("105 <small>/ 110 SPRS score</small>"))

        // No request leaves the file system: none in the net log of the report's page, and the
        // same reading of a page that does ask for the network finds both of its requests.
        let net = TemporaryDirectory("evident-chromium")
        let n = Self.chromium(binary, url, ["--dump-dom", "--log-net-log=\(net.path)/net.json", "--net-log-capture-mode=Everything"], in: net)
        #expect(n.status == 0, "\(n.stderr)")
        let requests = try Self.pageRequests(netLog: net.path + "/net.json")
        #expect(requests.filter { !Self.internalScheme($0) }.isEmpty, "\(requests)")
        let control = TemporaryDirectory("evident-chromium")
        let page = control.write("remote.html", "<!DOCTYPE html><html><head><title>t</title><link rel=\"stylesheet\" href=\"https://fonts.example.invalid/a.css\"></head><body><img src=\"http://img.example.invalid/b.png\" alt=\"\"></body></html>\n")
        let c = Self.chromium(binary, "file://" + page, ["--dump-dom", "--log-net-log=\(control.path)/net.json", "--net-log-capture-mode=Everything"], in: control)
        #expect(c.status == 0, "\(c.stderr)")
        #expect(try Self.pageRequests(netLog: control.path + "/net.json").sorted() == ["http://img.example.invalid/b.png", "https://fonts.example.invalid/a.css"])

        // And statically: no http(s) address in any src, href or url(), no @import, no script.
        for name in Self.files(out) {
            let text = Self.read(out, name)
            #expect(Self.remoteReferences(text).isEmpty, "\(name): \(Self.remoteReferences(text))")
            #expect(!text.lowercased().contains("<script"), "\(name)")
        }
        #expect(Self.remoteReferences("<img src=\"https://x.example/a.png\"> url('http://x.example/f.woff')").count == 2)
        Self.expectClean(d.git)
    }

    // MARK: A hand-built ledger with two snapshots

    /// The ledger (CMMC Level 2 and SOC 2 in scope, no starter controls), worked out by hand:
    ///
    /// | when (EVIDENT_NOW) | what                                                                                       |
    /// |--------------------|--------------------------------------------------------------------------------------------|
    /// | 2026-01-10 09:00   | init                                                                                       |
    /// | 2026-01-15 10:00   | control import: BASE (implemented, annual; every NIST requirement but 3.1.8, every SOC 2 security criterion but CC6.1), SESSION (planned, annual: 3.1.8, CC6.1) |
    /// | 2026-01-15 11:00   | evidence E_base for BASE, valid until 2027-12-31                                            |
    /// | 2026-02-01 09:00   | poam add 3.1.8, scheduled completion 2026-06-30                                             |
    /// | 2026-03-01 12:00   | snapshot S1 (cmmc-l2-self, cmmc-l2 and soc2, as of 2026-03-01)                              |
    /// | 2026-04-01 09:00   | control set SESSION status=implemented; evidence E_sess for SESSION                         |
    /// | 2026-04-02 09:00   | poam close the 3.1.8 item                                                                   |
    /// | 2026-05-01 12:00   | snapshot S2 (cmmc-l2-self, cmmc-l2 and soc2, as of 2026-05-01)                              |
    /// | 2026-05-05 09:00   | control add VEND (implemented, maps nothing); evidence for it valid until 2026-05-10         |
    /// | 2026-05-20 09:00   | control add BACKUP (implemented, maps nothing); evidence `<script>…` valid until 2026-06-05  |
    ///
    /// S1: 3.1.8 NOT MET (SESSION planned), 1 point, POA&M-eligible and on a POA&M, so 3.12.2 is
    /// MET: 110 - 1 = 109, conditional (109 >= 88, 32 CFR 170.21(a)(2)). SOC 2 Type 1: CC6.1 not
    /// ready, 32 of 33 security criteria, 97 % (32/33 = 0.970).
    /// S2: nothing NOT MET, the item closed: 110, final; SOC 2 33 of 33, 100 %.
    /// HEAD (2026-05-20): as S2 (VEND and BACKUP map nothing): 110 final, 33 of 33. Status held:
    /// Final Level 2 (Self) since 2026-05-01 (S2), closed out from Conditional of 2026-03-01,
    /// valid until 2026-03-01 + 3 years = 2029-03-01, 1016 days after 2026-05-20 (11 + 30 + 31 +
    /// 31 + 30 + 31 + 30 + 31 in 2026 = 225, 365 in 2027, 366 in 2028, 31 + 28 + 1 = 60 in 2029).
    /// Previous snapshot: S2 (HEAD is a later commit); the diff S2 -> HEAD changes no status and
    /// adds the two records. Expiring: VEND's evidence ended 2026-05-10 (10 days before),
    /// BACKUP's ends 2026-06-05 (16 days on). BASE (2027-12-31) and SESSION (annual from
    /// 2026-04-01: 2027-04-01 + 14 days = 2027-04-15) last longer.
    static let ledger: LedgerFixture = {
        let f = LedgerFixture(frameworks: ["cmmc-l2", "soc2"], starterControls: false, env: ["EVIDENT_NOW": "2026-01-10T09:00:00Z"])
        func run(_ at: String, _ args: [String]) -> String {
            let r = f.evident(args, env: ["EVIDENT_NOW": at])
            precondition(r.status == 0, "\(args): \(r.stderr)")
            return trimmed(r.stdout)
        }
        let nist = Catalogs.nist800171r2.requirements.map(\.id).filter { $0 != "3.1.8" }
        let soc2 = Catalogs.soc2.requirements.filter { ($0.category ?? "security") == "security" }.map(\.id).filter { $0 != "CC6.1" }
        let csv = f.artifact("controls.csv", """
        id,title,owner,frequency,maps,status
        BASE,Baseline security program,sec@example.test,annual,\((nist + soc2).joined(separator: ";")),implemented
        SESSION,Session lock,iam@example.test,annual,3.1.8;CC6.1,planned

        """)
        _ = run("2026-01-15T10:00:00Z", ["control", "import", csv])
        _ = run("2026-01-15T11:00:00Z", ["evidence", "add", f.artifact("base.json", "{\"base\": 1}\n"), "--control", "BASE", "--title", "Baseline package", "--valid-until", "2027-12-31"])
        let poam = run("2026-02-01T09:00:00Z", ["poam", "add", "3.1.8", "--weakness", "Lockout is not enforced on workstations", "--scheduled-completion", "2026-06-30"])
        _ = run("2026-03-01T12:00:00Z", ["snapshot", "create", "S1", "--kind", "cmmc-l2-self", "--framework", "cmmc-l2", "--framework", "soc2"])
        _ = run("2026-04-01T09:00:00Z", ["control", "set", "SESSION", "status=implemented"])
        _ = run("2026-04-01T09:30:00Z", ["evidence", "add", f.artifact("session.json", "{\"lock\": 900}\n"), "--control", "SESSION", "--title", "Session lock policy"])
        _ = run("2026-04-02T09:00:00Z", ["poam", "close", poam])
        _ = run("2026-05-01T12:00:00Z", ["snapshot", "create", "S2", "--kind", "cmmc-l2-self", "--framework", "cmmc-l2", "--framework", "soc2"])
        _ = run("2026-05-05T09:00:00Z", ["control", "add", "VEND", "--title", "Vendor review", "--owner", "sec@example.test", "--frequency", "annual", "--status", "implemented"])
        _ = run("2026-05-05T09:30:00Z", ["evidence", "add", f.artifact("vend.json", "{\"vendor\": 1}\n"), "--control", "VEND", "--title", "Vendor review", "--valid-until", "2026-05-10"])
        _ = run("2026-05-20T09:00:00Z", ["control", "add", "BACKUP", "--title", "Backups", "--owner", "ops@example.test", "--frequency", "annual", "--status", "implemented"])
        _ = run("2026-05-20T09:30:00Z", ["evidence", "add", f.artifact("backup.json", "{\"backup\": 1}\n"), "--control", "BACKUP",
                                         "--title", "<script>alert(\"x\")</script> & co's backup", "--valid-until", "2026-06-05"])
        return f
    }()

    static func run(_ args: [String]) -> ProcessResult { ledger.evident(args, env: ["EVIDENT_NOW": "2026-05-25T12:00:00Z"]) }

    @Test func aHandBuiltLedgerWithTwoSnapshots() {
        let f = Self.ledger
        let (r, out) = Self.report(Self.run)
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        #expect(r.stdout.contains("as of 2026-05-20"))
        #expect(r.stdout.contains("\nCMMC Level 2: SPRS 110/110, final (0 NOT MET)\nSOC 2 Type 1: 33/33 criteria ready, ready\n2 snapshots in the trend; changes since S2\n"))
        let index = Self.read(out, "index.html")
        #expect(index.contains("<tr><th scope=\"row\">S1</th><td>cmmc-l2-self</td><td class=\"date\">2026-03-01</td><td class=\"num\">109</td><td>conditional</td><td class=\"num\">32 of 33 (97%)</td><td>Type 1, not ready</td></tr>"))
        #expect(index.contains("<tr><th scope=\"row\">S2</th><td>cmmc-l2-self</td><td class=\"date\">2026-05-01</td><td class=\"num\">110</td><td>final</td><td class=\"num\">33 of 33 (100%)</td><td>Type 1, ready</td></tr>"))
        #expect(index.contains("<p class=\"figure\">110 <small>/ 110 SPRS score</small></p>"))
        #expect(index.contains("<dd>Final Level 2 (Self) since 2026-05-01 (snapshot S2), closed out from Conditional of 2026-03-01, valid until 2029-03-01, 1016 days left</dd>"))
        #expect(index.contains("<p class=\"figure\">33 <small>of 33 criteria ready (100%)</small></p>"))
        // The chart's points: 109 and 110 on -203..110 (plot 22..236 px: 110 -> 22.0, 109 -> 22 + 1/313 * 214 = 22.7),
        // 97 % and 100 % on 0..100 (100 -> 22.0, 97 -> 22 + (100 - 96.97) / 100 * 214 = 28.5), bands of 492 / 2 px from x = 52.
        #expect(index.contains("<circle cx=\"175.0\" cy=\"22.7\" r=\"5.5\"></circle>") && index.contains("<circle cx=\"421.0\" cy=\"22.0\" r=\"5.5\"></circle>"))
        #expect(index.contains("<rect x=\"170.0\" y=\"23.5\" width=\"10\" height=\"10\"></rect>"))
        #expect(index.contains("<h3>CMMC Level 2: 110 final -&gt; 110 final (0)</h3>"))
        #expect(index.contains("No requirement changed status.") && index.contains("No criterion changed status."))
        #expect(index.contains("<tr><th scope=\"row\">Evidence</th><td>2 added</td></tr>"))
        #expect(index.contains("<tr><th scope=\"row\">Controls</th><td>2 added</td></tr>"))
        #expect(index.contains("<strong>Readiness did not get worse.</strong>"))
        #expect(index.contains("</span> expired 10 days ago</span></td><td>VEND</td>"))
        #expect(index.contains("</span> in 16 days</span></td><td>BACKUP</td>"))
        // Every value is escaped: the title with markup reaches no page as markup.
        let evidence = Self.read(out, "evidence.html")
        #expect(evidence.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co&#39;s backup"))
        #expect(index.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
        for name in Self.files(out) { #expect(!Self.read(out, name).contains("<script"), "\(name)") }

        // At S2: the trend is S1 and S2 and the diff is S1 -> S2.
        let (s, two) = Self.report(Self.run, ["--at", "S2"])
        #expect(s.status == 0, "\(s.stderr)")
        let atS2 = Self.read(two, "index.html")
        #expect(atS2.contains("<h3>CMMC Level 2: 109 conditional -&gt; 110 final (+1)</h3>"))
        #expect(atS2.contains("<span class=\"rid\">3.1.8</span> <span class=\"alt\">AC.L2-3.1.8</span>") && atS2.contains("<span class=\"rid\">CC6.1</span>"))
        let diff = Self.read(two, "diff.html")
        #expect(diff.contains("<caption>Closed (1)</caption>") && diff.contains("<caption>Modified (1)</caption>"))
        #expect(diff.contains("<td>status planned -&gt; implemented</td>"))
        // At S1: one snapshot, a single point; nothing before it to compare with.
        let (o, one) = Self.report(Self.run, ["--at", "S1"])
        #expect(o.status == 0, "\(o.stderr)")
        let atS1 = Self.read(one, "index.html")
        #expect(Self.count("<circle ", in: atS1) == 1 && !atS1.contains("<polyline"))
        #expect(atS1.contains("<circle cx=\"298.0\" cy=\"22.7\" r=\"5.5\"></circle>"), "one band of 492 px: its middle is 52 + 246")
        #expect(atS1.contains("No earlier snapshot to compare with"))
        #expect(o.stdout.contains("\n1 snapshot in the trend\n"))
        Self.expectClean(f.git)
    }

    /// The trend cache (`.git/evident/cache/trend.json`, keyed by tag object id) changes no
    /// byte of the report: cold, warm, deleted, damaged. The forged entry shows the trend does
    /// read it (so the comparisons above compare a cached run), and a new tag object (S1 taken
    /// again under the same name) is read afresh, never answered from an entry of the old one.
    @Test func theTrendCacheChangesNoOutput() throws {
        let copy = TemporaryDirectory("evident-report-cache")
        let root = copy.path + "/ledger"
        #expect(Processes.run("/bin/cp", ["-a", Self.ledger.root, root], cwd: "/").status == 0)
        let env = ["EVIDENT_NOW": "2026-05-25T12:00:00Z"]
        func run(_ args: [String]) -> ProcessResult { Processes.evident(args, cwd: root, env: env) }
        let cache = root + "/.git/evident/cache/trend.json"
        try? FileManager.default.removeItem(atPath: root + "/.git/evident/cache")
        func site(_ label: String) -> (ProcessResult, TemporaryDirectory) {
            let (r, out) = Self.report(run)
            #expect(r.status == 0 && r.stderr.isEmpty, "\(label): \(r.stderr)")
            return (r, out)
        }
        func same(_ a: TemporaryDirectory, _ b: TemporaryDirectory, _ label: String) {
            #expect(Self.files(a) == Self.files(b), "\(label)")
            for name in Self.files(a) {
                let cmp = Processes.run("/usr/bin/cmp", [a.path + "/site/" + name, b.path + "/site/" + name], cwd: "/")
                #expect(cmp.status == 0, "\(label): \(name) differs")
            }
        }
        let (coldRun, cold) = site("cold")
        #expect(FileManager.default.fileExists(atPath: cache))
        let (warmRun, warm) = site("warm")
        #expect(warmRun.stdout.replacingOccurrences(of: warm.path, with: "DIR") == coldRun.stdout.replacingOccurrences(of: cold.path, with: "DIR"))
        same(cold, warm, "warm")
        _ = FileManager.default.createFile(atPath: cache, contents: Data("{\"format\": \"EVIDENT-SNAPSHOT-TREND-0\", \"entries\": 7".utf8))
        let (_, damaged) = site("damaged")
        same(cold, damaged, "damaged")
        try FileManager.default.removeItem(atPath: root + "/.git/evident/cache")
        let (_, deleted) = site("deleted")
        same(cold, deleted, "deleted")

        // S1's entry forged to an SPRS score of 42: the trend shows what the cache says.
        let s1 = trimmed(Processes.git(["rev-parse", "refs/tags/assessment/S1"], cwd: root).stdout)
        let text = try #require(FileManager.default.contents(atPath: cache).map { String(decoding: $0, as: UTF8.self) })
        #expect(text.contains("\"" + s1 + "\""))
        let entry = try #require(text.range(of: "\"" + s1 + "\":"))
        let field = try #require(text.range(of: "\"sprsScore\":109", range: entry.upperBound..<text.endIndex))
        let forged = text.replacingCharacters(in: field, with: "\"sprsScore\":42")
        #expect(forged != text)
        _ = FileManager.default.createFile(atPath: cache, contents: Data(forged.utf8))
        let (_, lied) = site("forged")
        #expect(Self.read(lied, "index.html").contains("<tr><th scope=\"row\">S1</th><td>cmmc-l2-self</td><td class=\"date\">2026-03-01</td><td class=\"num\">42</td>"))
        // A new tag object under the name S1 is read from the tag, not from the old entry.
        let target = trimmed(Processes.git(["rev-parse", "refs/tags/assessment/S1^{commit}"], cwd: root).stdout)
        let message = Processes.git(["cat-file", "tag", "refs/tags/assessment/S1"], cwd: root).stdout.components(separatedBy: "\n\n").dropFirst().joined(separator: "\n\n")
        let messageFile = copy.write("message.txt", message)
        #expect(Processes.git(["tag", "-f", "-a", "assessment/S1", target, "-F", messageFile, "--cleanup=verbatim"], cwd: root,
                              env: ["GIT_COMMITTER_DATE": "2026-03-01T12:00:01Z"]).status == 0)
        #expect(trimmed(Processes.git(["rev-parse", "refs/tags/assessment/S1"], cwd: root).stdout) != s1)
        let (_, retagged) = site("retagged")
        same(cold, retagged, "retagged")
        // (The old S1 tag object is dangling now, as `git tag -f` leaves it.)
        #expect(Processes.git(["status", "--porcelain", "--untracked-files=all"], cwd: root).stdout.isEmpty)
        let fsck = Processes.git(["fsck", "--strict", "--no-progress", "--no-dangling"], cwd: root)
        #expect(fsck.status == 0 && (fsck.stdout + fsck.stderr).isEmpty, "\(fsck.stdout)\(fsck.stderr)")
    }

    // MARK: No snapshot yet; refusals; the stylesheet; the templates

    @Test func withoutASnapshotTheTrendSaysHowToTakeOne() {
        let f = LedgerFixture(env: nowEnv)
        let (r, out) = Self.report { f.evident($0, env: nowEnv) }
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        #expect(r.stdout.contains("\n0 snapshots in the trend\n"))
        let index = Self.read(out, "index.html")
        #expect(index.contains("No snapshot yet at or before this revision, so there is no trend to draw."))
        #expect(index.contains("<code>evident snapshot create NAME --kind cmmc-l2-self</code>"))
        #expect(!index.contains("<svg"))
        #expect(Self.read(out, "diff.html").contains("No snapshot yet: once one is taken, this section shows what changed since it."))
        Self.expectClean(f.git)
    }

    @Test func outputIsRefusedWithoutAFolderAndNeverOverwrittenWithoutForce() throws {
        let f = LedgerFixture(env: nowEnv)
        let before = f.state()
        let missing = f.evident(["report"], env: nowEnv)
        #expect(missing.status == 64 && missing.stderr.contains("pass -o DIR"), "\(missing.stderr)")
        let out = TemporaryDirectory("evident-report")
        let unknown = f.evident(["report", "--at", "no-such-rev", "-o", out.path + "/site"], env: nowEnv)
        #expect(unknown.status == 66 && !FileManager.default.fileExists(atPath: out.path + "/site"), "\(unknown.stderr)")
        #expect(f.evident(["report", "-o", out.path + "/site"], env: nowEnv).status == 0)
        try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: out.path + "/site/index.html"))
        let again = f.evident(["report", "-o", out.path + "/site"], env: nowEnv)
        #expect(again.status == 65 && again.stderr.contains("already exist") && again.stderr.contains("--force"), "\(again.stderr)")
        #expect(Self.read(out, "index.html") == "keep me\n")
        #expect(f.evident(["report", "-o", out.path + "/site", "--force"], env: nowEnv).status == 0)
        #expect(Self.read(out, "index.html").hasPrefix("<!DOCTYPE html>"))
        // A folder below a file: the file is named, not Foundation's error number.
        let file = out.write("plain.txt", "not a folder\n")
        let under = f.evident(["report", "-o", file + "/sub/site"], env: nowEnv)
        #expect(under.status == 65 && under.stderr.contains("\(file) is a file, not a folder"), "\(under.stderr)")
        #expect(!under.stderr.contains("NSCocoaErrorDomain"), "\(under.stderr)")
        #expect(f.state() == before)
        Self.expectClean(f.git)
    }

    @Test func theStylesheetPrintsCleanly() {
        let (r, out) = Self.report(Self.demo.run)
        #expect(r.status == 0)
        let css = Self.read(out, "style.css")
        let print = css.components(separatedBy: "@media print {").dropFirst().first ?? ""
        #expect(!print.isEmpty)
        #expect(print.contains("nav.site, .skip { display: none; }"))
        #expect(print.contains("thead { display: table-header-group; }"))
        #expect(print.contains("tr, li { break-inside: avoid; page-break-inside: avoid; }"))
        #expect(print.contains("body { background: #fff; color: #000;"))
        #expect(print.contains("a[href]:not([href^=\"#\"])::after { content: \" (\" attr(href) \")\";"))
        // System fonts only: nothing to fetch.
        #expect(!css.contains("@font-face") && !css.contains("url("))
        for page in Self.files(out) where page.hasSuffix(".html") {
            #expect(Self.read(out, page).contains("<link rel=\"stylesheet\" href=\"style.css\">"), "\(page)")
        }
    }

    /// Mustache escapes what `{{name}}` renders; `{{{name}}}` and `{{& name}}` would not.
    @Test func theTemplatesEscapeEveryValue() throws {
        var dir = (#filePath as NSString).deletingLastPathComponent
        dir = ((dir as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        let file = try String(contentsOfFile: dir + "/Sources/EvidentCLI/Output/ReportTemplate.swift", encoding: .utf8)
        // The templates, without the comments that name the unescaped forms.
        let source = file.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("///") }.joined(separator: "\n")
        #expect(source.contains("{{pageTitle}}"))
        #expect(!source.contains("{{{") && !source.contains("{{&"))
    }
}
