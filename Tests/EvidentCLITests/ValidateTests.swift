import Foundation
import Testing
import TestSupport

@Suite("evident validate and the pre-commit hook (end to end)")
struct ValidateTests {
    /// A ledger with one piece of evidence; returns the fixture, the record's path and the artifact's path.
    private func ledgerWithEvidence() -> (LedgerFixture, record: String, artifact: String, id: String) {
        let fixture = LedgerFixture()
        let id = fixture.addEvidence("export.json", "{\"users\": 3}\n")
        let folder = "\(fixedMonthFolder)/\(id)"
        return (fixture, folder + "/record.yaml", folder + "/export.json", id)
    }

    @Test func freshLedgerIsValid() {
        let fixture = LedgerFixture()
        let r = fixture.evident(["validate"])
        #expect(r.status == 0, "stdout: \(r.stdout) stderr: \(r.stderr)")
        #expect(r.stdout.contains("no findings"))
    }

    @Test func ledgerWithEvidenceIsValid() throws {
        let (fixture, _, _, _) = ledgerWithEvidence()
        let r = fixture.evident(["validate"])
        #expect(r.status == 0, "stdout: \(r.stdout) stderr: \(r.stderr)")
        #expect(r.stdout.contains("no findings"))
        let json = try #require(jsonObject(fixture.evident(["validate", "--format", "json"]).stdout))
        #expect(json["ok"] as? Bool == true)
        #expect((json["issues"] as? [Any])?.isEmpty == true)
    }

    @Test func corruptedArtifactIsAFinding() throws {
        let (fixture, record, artifact, _) = ledgerWithEvidence()
        fixture.append(artifact, Data([0x0A]))
        let r = fixture.evident(["validate"])
        #expect(r.status == 2, "stdout: \(r.stdout) stderr: \(r.stderr)")
        let shaLines = nonEmptyLines(r.stdout).filter { $0.contains("sha256") }
        #expect(shaLines.count == 1, "stdout: \(r.stdout)")
        #expect(shaLines.first?.hasPrefix("\(record): artifacts[0].sha256: ") == true, "stdout: \(r.stdout)")
        #expect(shaLines.first?.contains("export.json") == true)

        let json = try #require(jsonObject(fixture.evident(["validate", "--format", "json"]).stdout))
        #expect(json["ok"] as? Bool == false)
        let issues = try #require(json["issues"] as? [[String: Any]])
        #expect(issues.contains { $0["file"] as? String == record && $0["field"] as? String == "artifacts[0].sha256" })

        // Validating only that folder finds it too; validating elsewhere does not.
        #expect(fixture.evident(["validate", fixture.root + "/" + artifact]).status == 2)
        #expect(fixture.evident(["validate", fixture.root + "/.evident"]).status == 0)
    }

    @Test func unlistedFileInAnEvidenceFolderIsAFinding() {
        let (fixture, record, artifact, _) = ledgerWithEvidence()
        let extra = (artifact as NSString).deletingLastPathComponent + "/extra.txt"
        fixture.write(extra, "smuggled\n")
        let r = fixture.evident(["validate"])
        #expect(r.status == 2, "stdout: \(r.stdout) stderr: \(r.stderr)")
        let lines = nonEmptyLines(r.stdout)
        #expect(lines.count == 1, "stdout: \(r.stdout)")
        #expect(lines.first?.hasPrefix("\(extra): ") == true)
        #expect(lines.first?.contains(record) == true)
    }

    @Test func strayFileUnderEvidenceIsAFinding() {
        let fixture = LedgerFixture()
        fixture.write("evidence/loose.txt", "x\n")
        let r = fixture.evident(["validate"])
        #expect(r.status == 2)
        #expect(r.stdout.contains("evidence/loose.txt: "))
    }

    /// A record whose artifact name some clone cannot check out (committed with plain git,
    /// past the hooks) reads, but is a finding for validate, validate --at and verify.
    @Test(arguments: ["CON.txt", ".gitignore", "notes.", "a:b.json", "evil\u{202E}nosj.exe"])
    func artifactNameOtherClonesCannotCheckOutIsAFinding(name: String) throws {
        let (fixture, record, artifact, _) = ledgerWithEvidence()
        let renamed = (artifact as NSString).deletingLastPathComponent + "/" + name
        #expect(fixture.git(["mv", artifact, renamed]).status == 0)
        let text = try #require(fixture.read(record))
        fixture.write(record, text.replacingOccurrences(of: "- path: export.json\n", with: "- path: '\(name)'\n"))
        #expect(fixture.read(record) != text)
        #expect(fixture.git(["commit", "-qam", "Rename by hand", "--no-verify"]).status == 0)
        for args in [["validate"], ["validate", "--at", "HEAD"], ["verify"]] {
            let r = fixture.evident(args)
            #expect(r.status == 2, "\(args): stdout: \(r.stdout) stderr: \(r.stderr)")
            #expect(r.stdout.contains("\(record): artifacts[0].path: "), "\(args): \(r.stdout)")
            #expect(r.stdout.contains("--name"), "\(args): \(r.stdout)")
        }
    }

    @Test func unknownFieldInARecordIsAFinding() {
        let (fixture, record, _, _) = ledgerWithEvidence()
        fixture.append(record, Data("reviewer: ada\n".utf8))
        let r = fixture.evident(["validate"])
        #expect(r.status == 2, "stdout: \(r.stdout) stderr: \(r.stderr)")
        let lines = nonEmptyLines(r.stdout)
        #expect(lines.count == 1, "stdout: \(r.stdout)")
        #expect(lines.first?.hasPrefix("\(record): reviewer: ") == true, "stdout: \(r.stdout)")
    }

    @Test func stagedBadRecordIsAFindingOnlyOnceStaged() {
        let (fixture, record, _, _) = ledgerWithEvidence()
        #expect(fixture.evident(["validate", "--staged"]).status == 0)
        fixture.append(record, Data("reviewer: ada\n".utf8))
        // Not staged yet: the index still holds the good record.
        #expect(fixture.evident(["validate", "--staged"]).status == 0)
        #expect(fixture.git(["add", record]).status == 0)
        let r = fixture.evident(["validate", "--staged"])
        #expect(r.status == 2, "stdout: \(r.stdout) stderr: \(r.stderr)")
        #expect(r.stdout.contains("\(record): reviewer: "))
        // Restoring and restaging the committed record makes the index good again.
        #expect(fixture.git(["checkout", "HEAD", "--", record]).status == 0)
        #expect(fixture.git(["add", record]).status == 0)
        #expect(fixture.evident(["validate", "--staged"]).status == 0)
    }

    @Test func stagedBadConfigIsAFinding() {
        let fixture = LedgerFixture()
        let sed = Processes.run("/bin/sed", ["-i", "s/max_artifact_bytes: 52428800/max_artifact_bytes: 0/", ".evident/ledger.yaml"], cwd: fixture.root)
        #expect(sed.status == 0)
        #expect(fixture.git(["add", ".evident/ledger.yaml"]).status == 0)
        let r = fixture.evident(["validate", "--staged"])
        #expect(r.status == 2, "stdout: \(r.stdout) stderr: \(r.stderr)")
        #expect(r.stdout.contains(".evident/ledger.yaml: policy.max_artifact_bytes"), "stdout: \(r.stdout)")
    }

    /// The environment for plain `git commit`, with the built evident on PATH for the hook.
    private var hookEnvironment: [String: String] {
        let bin = (Processes.evidentPath as NSString).deletingLastPathComponent
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return ["PATH": bin + ":" + path]
    }

    @Test func preCommitHookBlocksABadRecordAndLetsAGoodCommitThrough() {
        let (fixture, record, _, _) = ledgerWithEvidence()
        let head = fixture.head

        fixture.append(record, Data("reviewer: ada\n".utf8))
        #expect(fixture.git(["add", record]).status == 0)
        let blocked = Processes.git(["commit", "-q", "-m", "Sneak in a field"], cwd: fixture.root, env: hookEnvironment)
        #expect(blocked.status != 0, "stdout: \(blocked.stdout) stderr: \(blocked.stderr)")
        #expect((blocked.stdout + blocked.stderr).contains("reviewer"))
        #expect(fixture.head == head)

        // Put the record back and make a good ledger change with plain git.
        #expect(fixture.git(["reset", "-q", "--hard", "HEAD"]).status == 0)
        let sed = Processes.run("/bin/sed", ["-i", "s/max_artifact_bytes: 52428800/max_artifact_bytes: 1048576/", ".evident/ledger.yaml"],
                                cwd: fixture.root)
        #expect(sed.status == 0)
        let good = Processes.git(["commit", "-q", "-am", "Lower the artifact limit to 1 MiB"], cwd: fixture.root, env: hookEnvironment)
        #expect(good.status == 0, "stdout: \(good.stdout) stderr: \(good.stderr)")
        #expect(fixture.head != head)
        #expect(fixture.commitCount == 3)
        #expect(fixture.statusPorcelain == "")
        #expect(fixture.evident(["validate"]).status == 0)
    }

    /// `git commit -a` and `git commit -- PATH` stage into a temporary index that git names in
    /// GIT_INDEX_FILE for the hook; the hook must check that index, not .git/index.
    @Test func preCommitHookChecksTheIndexOfCommitAllAndCommitPath() {
        let (fixture, record, _, _) = ledgerWithEvidence()
        let head = fixture.head
        fixture.append(record, Data("reviewer: ada\n".utf8))

        let all = Processes.git(["commit", "-q", "-a", "-m", "Sneak in a field"], cwd: fixture.root, env: hookEnvironment)
        #expect(all.status != 0, "git commit -a was accepted: \(all.stdout) \(all.stderr)")
        #expect((all.stdout + all.stderr).contains("\(record): reviewer: "), "\(all.stdout) \(all.stderr)")
        #expect(!(all.stdout + all.stderr).contains("0 records checked"))
        #expect(fixture.head == head)

        let only = Processes.git(["commit", "-q", "-m", "Sneak in a field", "--", record], cwd: fixture.root, env: hookEnvironment)
        #expect(only.status != 0, "git commit -- PATH was accepted: \(only.stdout) \(only.stderr)")
        #expect((only.stdout + only.stderr).contains("\(record): reviewer: "), "\(only.stdout) \(only.stderr)")
        #expect(fixture.head == head)
        // The real index never held the bad record.
        #expect(fixture.evident(["validate", "--staged"]).status == 0)

        // A good change committed the same two ways passes.
        #expect(fixture.git(["checkout", "HEAD", "--", record]).status == 0)
        let sed = Processes.run("/bin/sed", ["-i", "s/max_artifact_bytes: 52428800/max_artifact_bytes: 1048576/", ".evident/ledger.yaml"],
                                cwd: fixture.root)
        #expect(sed.status == 0)
        let good = Processes.git(["commit", "-q", "-m", "Lower the artifact limit", "--", ".evident/ledger.yaml"], cwd: fixture.root, env: hookEnvironment)
        #expect(good.status == 0, "stdout: \(good.stdout) stderr: \(good.stderr)")
        #expect(fixture.head != head)
        #expect(fixture.statusPorcelain == "")
    }

    @Test func preCommitHookRefusesWhenEvidentIsNotOnPath() {
        let fixture = LedgerFixture()
        let head = fixture.head
        fixture.write("notes.txt", "x\n")
        #expect(fixture.git(["add", "notes.txt"]).status == 0)
        let r = Processes.git(["commit", "-q", "-m", "x"], cwd: fixture.root, env: ["PATH": "/usr/bin:/bin"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("not on PATH"))
        #expect(fixture.head == head)
    }
}
