#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import TestSupport

/// Every refusal of `evident evidence add`: the documented exit code, a message naming what is
/// wrong, and nothing written (HEAD, the index's bytes and the work tree are unchanged).
@Suite("evident evidence add refusals (end to end)")
struct EvidenceAddRefusalTests {
    /// Runs `evidence add` with `arguments` and checks the exit code, that stderr mentions every
    /// one of `mentions`, and that the ledger was left exactly as it was.
    @discardableResult
    private func expectRefusal(_ fixture: LedgerFixture, _ arguments: [String], status: Int32, mentions: [String],
                               env: [String: String] = [:], stdin: Data? = nil,
                               sourceLocation: SourceLocation = #_sourceLocation) -> ProcessResult {
        let before = fixture.state()
        let r = fixture.evident(["evidence", "add"] + arguments, env: nowEnv.merging(env) { _, new in new }, stdin: stdin)
        #expect(r.status == status, "stderr: \(r.stderr)", sourceLocation: sourceLocation)
        for m in mentions {
            #expect(r.stderr.contains(m), "stderr should mention '\(m)': \(r.stderr)", sourceLocation: sourceLocation)
        }
        #expect(r.stdout == "", "stdout: \(r.stdout)", sourceLocation: sourceLocation)
        #expect(fixture.state() == before, "the refused add changed the ledger", sourceLocation: sourceLocation)
        return r
    }

    private let mfa = ["--control", "IAM-MFA", "--title", "MFA export"]

    // MARK: Files

    @Test func missingFile() {
        let fixture = LedgerFixture()
        let path = fixture.files.file("does-not-exist.json")
        expectRefusal(fixture, [path] + mfa, status: 66, mentions: [path])
    }

    // Root bypasses file permissions (CAP_DAC_OVERRIDE), so chmod 000 cannot make a file
    // unreadable when the tests run as root; the case is only meaningful for other users.
    @Test(.enabled(if: getuid() != 0, "running as root: permission bits do not stop root from reading"))
    func unreadableFile() throws {
        let fixture = LedgerFixture()
        let path = fixture.artifact("secret.json", "{}\n")
        #expect(chmod(path, 0o000) == 0)
        defer { chmod(path, 0o644) }
        expectRefusal(fixture, [path] + mfa, status: 66, mentions: [path])
    }

    @Test func symlinkAsFile() throws {
        let fixture = LedgerFixture()
        let target = fixture.artifact("real.json", "{}\n")
        let link = fixture.files.file("link.json")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        expectRefusal(fixture, [link] + mfa, status: 65, mentions: [link, "symbolic link"])
    }

    @Test func symlinkInsideARecursiveDirectory() throws {
        let fixture = LedgerFixture()
        fixture.files.write("bundle/real.json", "{}\n")
        let link = fixture.files.file("bundle/sub/link.json")
        fixture.files.write("bundle/sub/other.json", "{}\n")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/etc/hostname")
        expectRefusal(fixture, [fixture.files.file("bundle"), "--recursive"] + mfa, status: 65, mentions: ["link.json", "symbolic link"])
    }

    @Test func directoryWithoutRecursive() {
        let fixture = LedgerFixture()
        fixture.files.write("bundle/a.json", "{}\n")
        let dir = fixture.files.file("bundle")
        expectRefusal(fixture, [dir] + mfa, status: 65, mentions: [dir, "--recursive"])
    }

    // No stdin is sent to these: the name is checked before standard input is read.
    @Test(arguments: ["../escape.txt", "/etc/passwd", "a/../../b", "x/./y", ".git/config", "record.yaml"])
    func unsafeArtifactName(name: String) {
        let fixture = LedgerFixture()
        expectRefusal(fixture, ["-", "--name", name] + mfa, status: 65, mentions: [name])
    }

    // Names some clone could not check out, or would read as git's own files: refused before
    // standard input is read, with the way out (--name).
    @Test(arguments: [".gitattributes", ".gitignore", ".gitmodules", ".mailmap", ".github", "CON", "nul.txt", "Com1.json", "LPT9.log",
                      "a:b.txt", "what?.csv", "a|b", "star*.txt", "quote\".txt", "less<more", "trailing.", "trailing ",
                      "evil\u{202E}gpj.exe", "zero\u{200B}width.txt", "bom\u{FEFF}.txt", "word\u{2060}joiner", "iso\u{2066}late",
                      "sub/.gitignore", "sub/aux.txt", String(repeating: "n", count: 256)])
    func nameOtherClonesCannotCheckOut(name: String) {
        let fixture = LedgerFixture()
        expectRefusal(fixture, ["-", "--name", name] + mfa, status: 65, mentions: ["--name"])
    }

    /// The default name, a file's own name, is held to the same rule, and the message says how
    /// to give another one.
    @Test(arguments: [".gitattributes", "aux.json", "prn", "notes.", "report\u{202E}fdp.exe"])
    func fileWhoseOwnNameOtherClonesCannotCheckOut(name: String) {
        let fixture = LedgerFixture()
        let path = fixture.artifact(name, "{}\n")
        expectRefusal(fixture, [path] + mfa, status: 65, mentions: [path, "--name"])
        // Renamed, the same file goes in.
        let ok = fixture.add([path, "--name", "renamed.json"])
        #expect(ok.status == 0, "stderr: \(ok.stderr)")
    }

    /// A file name that is not UTF-8 arrives as U+FFFD: refused with 65 (not "no such file"),
    /// whether named directly or found in a directory.
    @Test func fileNameThatIsNotUTF8() throws {
        let fixture = LedgerFixture()
        let dir = fixture.files.file("bundle")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let made = Processes.run("/bin/sh", ["-c", "printf 'x\\n' > \"$(printf 'bad\\377.txt')\""], cwd: dir)
        try #require(made.status == 0, "\(made.stderr)")
        let listed = try FileManager.default.contentsOfDirectory(atPath: dir)
        try #require(listed.count == 1)
        expectRefusal(fixture, [dir + "/" + listed[0]] + mfa, status: 65, mentions: ["UTF-8", "--name"])
        expectRefusal(fixture, [dir, "--recursive"] + mfa, status: 65, mentions: ["UTF-8", "--name"])
    }

    @Test func artifactOverTheLedgersSizeLimit() {
        let fixture = LedgerFixture()
        let sed = Processes.run("/bin/sed", ["-i", "s/^  max_artifact_bytes: 52428800$/  max_artifact_bytes: 10/", ".evident/ledger.yaml"],
                                cwd: fixture.root)
        #expect(sed.status == 0)
        #expect(fixture.read(".evident/ledger.yaml")?.contains("max_artifact_bytes: 10\n") == true)
        #expect(fixture.git(["commit", "-q", "-am", "Lower the artifact limit", "--no-verify"]).status == 0)
        #expect(fixture.statusPorcelain == "")

        let big = fixture.artifact("eleven.txt", "0123456789\n")
        expectRefusal(fixture, [big] + mfa, status: 65, mentions: [big, "max_artifact_bytes", "11 bytes"])

        // Standard input is held to the same limit.
        expectRefusal(fixture, ["-", "--name", "stdin.txt"] + mfa, status: 65, mentions: ["standard input", "max_artifact_bytes"],
                      stdin: Data("0123456789\n".utf8))

        // Exactly at the limit is fine.
        let ok = fixture.add([fixture.artifact("ten.txt", "012345678\n")])
        #expect(ok.status == 0, "stderr: \(ok.stderr)")
    }

    @Test func emptyFileIsRefusedUnlessAllowed() {
        let fixture = LedgerFixture()
        let empty = fixture.artifact("empty.txt", "")
        expectRefusal(fixture, [empty] + mfa, status: 65, mentions: [empty, "--allow-empty"])

        let count = fixture.commitCount
        let r = fixture.add([empty, "--allow-empty"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(fixture.commitCount == count + 1)
        let id = trimmed(r.stdout)
        let record = fixture.show("\(fixedMonthFolder)/\(id)/record.yaml").stdout
        #expect(record.contains("  bytes: 0\n"))
        #expect(record.contains("  sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"))
    }

    @Test func twoArtifactsWithTheSameName() {
        let fixture = LedgerFixture()
        let one = fixture.artifact("q1/report.csv", "a\n")
        let two = fixture.artifact("q2/report.csv", "b\n")
        expectRefusal(fixture, [one, two] + mfa, status: 65, mentions: ["report.csv", one, two])
    }

    // MARK: Metadata

    @Test func malformedCollectedDate() {
        let fixture = LedgerFixture()
        let file = fixture.artifact("a.json", "{}\n")
        expectRefusal(fixture, [file, "--collected", "2026-13-01"] + mfa, status: 65, mentions: ["--collected", "2026-13-01"])
    }

    @Test func collectedInTheFuture() {
        let fixture = LedgerFixture()
        let file = fixture.artifact("a.json", "{}\n")
        expectRefusal(fixture, [file, "--collected", "2026-07-01"] + mfa, status: 65, mentions: ["--collected", "future"])
    }

    @Test func malformedValidUntil() {
        let fixture = LedgerFixture()
        let file = fixture.artifact("a.json", "{}\n")
        expectRefusal(fixture, [file, "--valid-until", "yesterday"] + mfa, status: 65, mentions: ["--valid-until", "yesterday"])
    }

    @Test func coversStartingAfterItEnds() {
        let fixture = LedgerFixture()
        let file = fixture.artifact("a.json", "{}\n")
        expectRefusal(fixture, [file, "--covers", "2026-05-01..2026-04-01"] + mfa, status: 65, mentions: ["--covers", "2026-05-01..2026-04-01"])
    }

    @Test(arguments: ["2026-05-01", "2026-05-01..", "2026-05-01...2026-06-01", "Q1"])
    func coversThatIsNotAPeriod(covers: String) {
        let fixture = LedgerFixture()
        let file = fixture.artifact("a.json", "{}\n")
        expectRefusal(fixture, [file, "--covers", covers] + mfa, status: 65, mentions: ["--covers", "not a period"])
    }

    @Test func validUntilBeforeCollected() {
        let fixture = LedgerFixture()
        let file = fixture.artifact("a.json", "{}\n")
        expectRefusal(fixture, [file, "--collected", "2026-04-02", "--valid-until", "2026-04-01"] + mfa, status: 65,
                      mentions: ["--valid-until", "2026-04-01", "2026-04-02"])
    }

    @Test func unknownMethod() {
        let fixture = LedgerFixture()
        let file = fixture.artifact("a.json", "{}\n")
        expectRefusal(fixture, [file, "--method", "telepathy"] + mfa, status: 65, mentions: ["--method", "telepathy"])
    }

    @Test func unknownClassification() {
        let fixture = LedgerFixture()
        let file = fixture.artifact("a.json", "{}\n")
        expectRefusal(fixture, [file, "--classification", "secret"] + mfa, status: 65, mentions: ["--classification", "secret"])
    }

    @Test func malformedControlIDSuggestsTheRightForm() {
        let fixture = LedgerFixture()
        let file = fixture.artifact("a.json", "{}\n")
        expectRefusal(fixture, [file, "--control", "iam_mfa", "--title", "MFA export"], status: 65, mentions: ["iam_mfa", "IAM-MFA"])
    }

    @Test func controlThatIsNotInTheLibrary() {
        let fixture = LedgerFixture()
        let file = fixture.artifact("a.json", "{}\n")
        expectRefusal(fixture, [file, "--control", "IAM-MFAA", "--title", "MFA export"], status: 66, mentions: ["IAM-MFAA", "IAM-MFA", "controls/"])
    }

    @Test func anyControlIsRefusedWithoutAControlLibrary() {
        let fixture = LedgerFixture(starterControls: false)
        let file = fixture.artifact("a.json", "{}\n")
        expectRefusal(fixture, [file] + mfa, status: 66, mentions: ["IAM-MFA", "controls/"])
    }

    @Test func emptyTitle() {
        let fixture = LedgerFixture()
        let file = fixture.artifact("a.json", "{}\n")
        expectRefusal(fixture, [file, "--control", "IAM-MFA", "--title", "  "], status: 65, mentions: ["--title"])
    }

    @Test func noControlIsAUsageError() {
        let fixture = LedgerFixture()
        let file = fixture.artifact("a.json", "{}\n")
        expectRefusal(fixture, [file, "--title", "MFA export"], status: 64, mentions: ["--control"])
    }

    @Test func standardInputWithoutNameIsAUsageError() {
        let fixture = LedgerFixture()
        expectRefusal(fixture, ["-"] + mfa, status: 64, mentions: ["--name"])
    }

    // MARK: The ledger's state

    @Test func directoryThatIsNotALedger() {
        let fixture = LedgerFixture()
        let plain = TemporaryDirectory("evident-not-a-ledger")
        let file = fixture.artifact("a.json", "{}\n")
        let before = fixture.state()
        let r = Processes.evident(["evidence", "add", file] + mfa, cwd: plain.path, env: nowEnv)
        #expect(r.status == 66, "stderr: \(r.stderr)")
        #expect(r.stderr.contains(plain.path))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: plain.path)) == [])
        #expect(fixture.state() == before)

        // The same through -C.
        let viaC = Processes.evident(["-C", plain.path, "evidence", "add", file] + mfa, cwd: fixture.files.path, env: nowEnv)
        #expect(viaC.status == 66, "stderr: \(viaC.stderr)")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: plain.path)) == [])
    }

    @Test func gitRepositoryWithoutALedger() {
        let repo = TemporaryDirectory("evident-plain-git")
        #expect(Processes.git(["init", "-q", "-b", "main"], cwd: repo.path).status == 0)
        repo.write("README.md", "hi\n")
        #expect(Processes.git(["add", "README.md"], cwd: repo.path).status == 0)
        #expect(Processes.git(["commit", "-q", "-m", "x"], cwd: repo.path).status == 0)
        let head = trimmed(Processes.git(["rev-parse", "HEAD"], cwd: repo.path).stdout)
        let file = repo.path + "/README.md"
        let r = Processes.evident(["evidence", "add", file] + mfa, cwd: repo.path, env: nowEnv)
        #expect(r.status == 66, "stderr: \(r.stderr)")
        #expect(r.stderr.contains(".evident/ledger.yaml"))
        #expect(trimmed(Processes.git(["rev-parse", "HEAD"], cwd: repo.path).stdout) == head)
        #expect(Processes.git(["status", "--porcelain"], cwd: repo.path).stdout == "")
    }

    @Test func uncommittedChangeToTheLedgerConfig() {
        let fixture = LedgerFixture()
        fixture.append(".evident/ledger.yaml", Data("# edited by hand\n".utf8))
        let file = fixture.artifact("a.json", "{}\n")
        expectRefusal(fixture, [file] + mfa, status: 65, mentions: [".evident/ledger.yaml", "uncommitted"])
    }

    @Test func untrackedFileUnderEvidence() {
        let fixture = LedgerFixture()
        fixture.write("evidence/2026/06/stray.txt", "stray\n")
        let file = fixture.artifact("a.json", "{}\n")
        expectRefusal(fixture, [file] + mfa, status: 65, mentions: ["evidence/2026/06/stray.txt"])
    }

    @Test func stagedChangeOutsideTheLedgerFolders() {
        let fixture = LedgerFixture()
        fixture.write("notes.txt", "staged\n")
        #expect(fixture.git(["add", "notes.txt"]).status == 0)
        let file = fixture.artifact("a.json", "{}\n")
        expectRefusal(fixture, [file] + mfa, status: 65, mentions: ["notes.txt"])
    }

    @Test func noAuthorIdentity() {
        let fixture = LedgerFixture()
        let file = fixture.artifact("a.json", "{}\n")
        expectRefusal(fixture, [file] + mfa, status: 65, mentions: ["git config user.name"],
                      env: ["EVIDENT_AUTHOR_NAME": "", "EVIDENT_AUTHOR_EMAIL": "", "GIT_AUTHOR_NAME": "", "GIT_AUTHOR_EMAIL": ""])
    }

    @Test func gitIndexLockMeansBusy() {
        let fixture = LedgerFixture()
        let lock = fixture.root + "/.git/index.lock"
        #expect(FileManager.default.createFile(atPath: lock, contents: Data()))
        let file = fixture.artifact("a.json", "{}\n")
        expectRefusal(fixture, [file] + mfa, status: 75, mentions: ["index.lock"])
        #expect(FileManager.default.fileExists(atPath: lock), "evident must not delete git's lock")
        #expect(!FileManager.default.fileExists(atPath: fixture.root + "/.git/evident/journal.json"))
        unlink(lock)
        #expect(fixture.add([file]).status == 0)
    }

    @Test func ledgerLockHeldByAnotherProcessMeansBusy() throws {
        let fixture = LedgerFixture()
        let dir = fixture.root + "/.git/evident"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let fd = open(dir + "/lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        try #require(fd >= 0)
        defer { close(fd) }
        try #require(flock(fd, LOCK_EX | LOCK_NB) == 0)

        let file = fixture.artifact("a.json", "{}\n")
        let started = Date()
        expectRefusal(fixture, [file] + mfa, status: 75, mentions: ["busy", ".git/evident/lock"], env: ["EVIDENT_LOCK_TIMEOUT": "0"])
        #expect(Date().timeIntervalSince(started) < 10, "EVIDENT_LOCK_TIMEOUT=0 must not wait")

        flock(fd, LOCK_UN)
        let r = fixture.add([file], env: ["EVIDENT_LOCK_TIMEOUT": "0"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
    }

    /// macOS and Windows clones ignore case: names that differ only in case would overwrite each
    /// other there, and RECORD.YAML the record itself.
    @Test func namesThatDifferOnlyInCaseAreRefused() {
        let fixture = LedgerFixture()
        let a = fixture.artifact("c1/scan.txt", "a\n"), b = fixture.artifact("c2/SCAN.txt", "b\n")
        expectRefusal(fixture, [a, b] + mfa, status: 65, mentions: ["on a clone that ignores case"])
        expectRefusal(fixture, [a, "--name", "RECORD.YAML"] + mfa, status: 65, mentions: ["record.yaml, in any case"])
        expectRefusal(fixture, [a, "--name", "a\u{AD}b.txt"] + mfa, status: 65, mentions: ["U+00AD"])
        expectRefusal(fixture, [a, "--name", "COM\u{B9}.txt"] + mfa, status: 65, mentions: ["device name on Windows"])
    }
}
