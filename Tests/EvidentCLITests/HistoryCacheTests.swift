import Foundation
import Testing
import TestSupport

/// `evident history` reads every snapshot's statuses through `.git/evident/cache/statuses.txt`;
/// the cache must never change an answer: cold, warm, deleted or damaged, the output is the same.
@Suite struct HistoryCacheTests {
    static let cache = "/.git/evident/cache/statuses.txt"

    /// Runs `history REQ` in both formats for each requirement and returns the outputs.
    static func outputs(_ requirements: [String], _ run: ([String]) -> ProcessResult) -> [String] {
        requirements.flatMap { r in
            ["json", "text"].map { format -> String in
                let p = run(["history", r, "--format", format])
                #expect(p.status == 0, "history \(r): \(p.stderr)")
                return p.stdout
            }
        }
    }

    static func check(root: String, requirements: [String], snapshots: Int, run: ([String]) -> ProcessResult) throws {
        try? FileManager.default.removeItem(atPath: root + "/.git/evident/cache")
        let cold = outputs(requirements, run)
        let text = try String(contentsOfFile: root + cache, encoding: .utf8)
        #expect(text.hasPrefix("EVIDENT-SNAPSHOT-STATUSES-2\n"))
        #expect(text.split(separator: "\n").count == 1 + snapshots, "\(text)")
        #expect(outputs(requirements, run) == cold)
        // Deleted: every tag is read again.
        try FileManager.default.removeItem(atPath: root + "/.git/evident/cache")
        #expect(outputs(requirements, run) == cold)
        // Damaged: a foreign format, then lines that do not read, are ignored.
        _ = FileManager.default.createFile(atPath: root + cache, contents: Data("EVIDENT-SNAPSHOT-STATUSES-0\nzz\n".utf8))
        #expect(outputs(requirements, run) == cold)
        let lines = try String(contentsOfFile: root + cache, encoding: .utf8).split(separator: "\n")
        // (Eight fields, as a good line has: a day and a period that do not read.)
        let broken = [String(lines[0])] + lines.dropFirst().enumerated().map { i, line in
            line.prefix(40) + (i % 2 == 0 ? "\tx\tnot-a-day\t1\t\t\t\t" : "\tinternal\t2026-01-01\t1\t2026-13-01..2026-12-01\t\t\t")
        }
        _ = FileManager.default.createFile(atPath: root + cache, contents: Data((broken.joined(separator: "\n") + "\n").utf8))
        #expect(outputs(requirements, run) == cold)
    }

    @Test func demoLedgerAnswersTheSameWithAndWithoutTheCache() throws {
        let dir = TemporaryDirectory("evident-history-demo")
        let env = ["EVIDENT_NOW": "2026-12-02T12:00:00Z"]
        #expect(Processes.evident(["demo", dir.path + "/ledger"], cwd: dir.path, env: env).status == 0)
        let root = dir.path + "/ledger"
        let tags = Processes.git(["tag", "-l", "assessment/*"], cwd: root).stdout.split(separator: "\n").count
        #expect(tags >= 2)
        try Self.check(root: root, requirements: ["3.5.3", "IA.L2-3.5.3", "3.1.1", "CC6.1", "AC.L1-3.1.1", "3.12.4"], snapshots: tags) {
            Processes.evident($0, cwd: root, env: env)
        }
        #expect(Processes.git(["status", "--porcelain"], cwd: root).stdout.isEmpty)
    }

    @Test func generatedLedgerAnswersTheSameWithAndWithoutTheCache() throws {
        let dir = TemporaryDirectory("evident-history-gen")
        let env = ["EVIDENT_NOW": "2026-06-01T12:00:00Z"]
        let root = dir.path + "/ledger"
        let g = Processes.evident(["bench", "generate", root, "--evidence", "300", "--commits", "40", "--snapshots", "4", "--seed", "1"],
                                  cwd: dir.path, env: env)
        #expect(g.status == 0, "\(g.stderr)")
        try Self.check(root: root, requirements: ["3.5.3", "3.1.1", "3.3.1", "CC6.1", "AC.L1-3.1.1"], snapshots: 4) {
            Processes.evident($0, cwd: root, env: env)
        }
        // The commits listed are those git log finds over the requirement's files: the records
        // of the controls mapping 3.5.3 at HEAD, the folders of the evidence naming them, and
        // the POA&M items and exceptions for it.
        let r = Processes.evident(["history", "3.5.3", "--format", "json"], cwd: root, env: env)
        let json = try #require((try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8))) as? [String: Any])
        let listed = Set(((json["commits"] as? [[String: Any]]) ?? []).compactMap { $0["commit"] as? String })
        let list = Processes.evident(["control", "list", "--format", "json"], cwd: root, env: env)
        let controls = try #require(((try? JSONSerialization.jsonObject(with: Data(list.stdout.utf8))) as? [String: Any])?["controls"] as? [[String: Any]])
        let mapping = controls.filter { (($0["maps"] as? [String: [String]])?["nist-800-171r2"] ?? []).contains("3.5.3") }.compactMap { $0["id"] as? String }
        #expect(mapping.contains("IAM-MFA"))
        func files(_ args: [String]) -> [String] {
            Processes.git(["grep", "-l"] + args, cwd: root).stdout.split(separator: "\n").map { String($0.split(separator: ":", maxSplits: 1)[1]) }
        }
        let folders = mapping.flatMap { files(["-e", "^- \($0)$", "HEAD", "--", "evidence"]) }.map { $0.components(separatedBy: "/").dropLast().joined(separator: "/") }
        let poams = files(["-e", "^requirement: nist-800-171r2:3.5.3$", "HEAD", "--", "poam", "exceptions"])
        let paths = mapping.map { "controls/\($0).yaml" } + Array(Set(folders)).sorted() + poams
        let logged = Set(Processes.git(["log", "--format=%H", "--"] + paths, cwd: root).stdout.split(separator: "\n").map(String.init))
        #expect(!listed.isEmpty)
        #expect(listed == logged)
    }
}
