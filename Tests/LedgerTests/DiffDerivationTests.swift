import Foundation
@testable import Ledger
import LedgerCore
import Testing
import TestSupport

/// `evident report` hands the diff its own revision's readiness input, and the diff derives the
/// previous snapshot's evidence from it backwards (the records that changed swapped back) instead
/// of reading that snapshot in full. Both ways must give the same diff, with records added,
/// edited, deleted and broken between the two sides.
@Suite struct DiffDerivationTests {
    static let env = ["EVIDENT_NOW": "2026-06-01T12:00:00Z"]

    @Test func aDiffGivenSideBsInputEqualsOneThatReadsSideA() throws {
        _ = Isolation.libgit2
        let dir = TemporaryDirectory("evident-diff-derivation")
        let root = dir.path + "/ledger"
        let generated = Processes.evident(["bench", "generate", root, "--evidence", "300", "--commits", "40", "--snapshots", "4", "--seed", "3"], cwd: dir.path, env: Self.env)
        try #require(generated.status == 0, "\(generated.stderr)")
        // On top of what the generator changed after the last snapshot: one record edited, one
        // deleted with its folder, one made invalid, all committed with plain git.
        let records = Processes.git(["ls-files", "evidence/*/record.yaml"], cwd: root).stdout.split(separator: "\n").map(String.init)
        try #require(records.count > 10)
        let edited = root + "/" + records[1], broken = root + "/" + records[3]
        let text = try String(contentsOfFile: edited, encoding: .utf8)
        try text.replacingOccurrences(of: "title: ", with: "title: Edited ").write(toFile: edited, atomically: true, encoding: .utf8)
        try "schema: evident/evidence/v1\nid: nonsense\n".write(toFile: broken, atomically: true, encoding: .utf8)
        #expect(Processes.git(["rm", "-r", "-q", (records[5] as NSString).deletingLastPathComponent], cwd: root).status == 0)
        #expect(Processes.git(["commit", "-q", "-a", "--no-verify", "-m", "hand edits"], cwd: root).status == 0)
        let ledger = try LedgerRepository(path: root)
        let environment = RunEnvironment(now: try #require(Timestamp(parsing: "2026-06-01T12:00:00Z")), variables: Isolation.environment(Self.env))
        let service = DiffService(ledger: ledger, environment: environment)
        let snapshots = Processes.git(["tag", "-l", "assessment/*"], cwd: root).stdout.split(separator: "\n").map { String($0.dropFirst("assessment/".count)) }.sorted()
        try #require(snapshots.count == 4)
        let assessments = try SnapshotService(ledger: ledger, environment: environment).assessments()
        let head = DiffService.Side(spec: "HEAD", revision: try ledger.resolve("HEAD"), asOf: environment.today, snapshot: nil)
        let known = try ReadinessService.input(at: head.revision)
        for name in snapshots {
            let from = try service.side(name, defaultHead: false)
            let read = try service.compare(from, head, frameworks: [], assessments: assessments)
            let derived = try service.compare(from, head, frameworks: [], assessments: assessments, knownTo: known)
            #expect(read.0.jsonValue == derived.0.jsonValue, "from \(name)")
            #expect(read.0.evidenceModified.count + read.0.evidenceRemoved.count >= 2, "from \(name): the hand edits are not in the diff")
            #expect(read.0.from.input.evidence.count == derived.0.from.input.evidence.count, "from \(name)")
        }
    }
}
