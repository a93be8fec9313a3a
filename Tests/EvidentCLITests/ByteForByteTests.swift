import Foundation
import Testing
import TestSupport

/// Artifacts are stored byte for byte whatever git is told: the blob is what the record hashes,
/// in the ledger and in clones made with settings that would convert text, and a clone's own
/// setting that would still change evidence bytes is refused with the setting and its fix.
/// Every check is made with the stock git CLI and coreutils, with no user configuration.
@Suite("artifacts byte for byte (end to end)")
struct ByteForByteTests {
    static let rule = "evidence/** -text -eol -ident -filter -working-tree-encoding"
    /// Bytes that every conversion git knows would change: CRLF and lone LF lines, `$Id$`, high bytes.
    static let artifacts: [(name: String, bytes: String)] = [
        ("windows.txt", "line one\r\nline two\r\n"),
        ("unix.txt", "line one\nline two\n"),
        ("mixed.csv", "a,b\r\nc,d\n$Id$\n"),
        ("keyword.txt", "revision $Id$ here\n"),
    ]
    private let mfa = ["--control", "IAM-MFA", "--title", "MFA export"]

    private func addAll(_ f: LedgerFixture) -> String {
        let paths = Self.artifacts.map { f.artifact($0.name, $0.bytes) }
        let r = f.add(paths)
        precondition(r.status == 0, "evidence add failed: \(r.stderr)")
        return "\(fixedMonthFolder)/\(trimmed(r.stdout))"
    }

    /// The blob of each artifact is its original bytes, the work tree is clean and fsck is happy.
    private func expectStoredAsIs(_ f: LedgerFixture, folder: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for a in Self.artifacts {
            #expect(f.git(["cat-file", "blob", "HEAD:\(folder)/\(a.name)"]).stdout == a.bytes, "\(a.name)", sourceLocation: sourceLocation)
            #expect(f.read("\(folder)/\(a.name)") == a.bytes, "\(a.name) in the work tree", sourceLocation: sourceLocation)
        }
        #expect(f.statusPorcelain.isEmpty, "\(f.statusPorcelain)", sourceLocation: sourceLocation)
        let fsck = f.git(["fsck", "--strict", "--no-progress"])
        #expect(fsck.status == 0, "\(fsck.stdout)\(fsck.stderr)", sourceLocation: sourceLocation)
    }

    @Test func freshLedgerCommitsItsOwnGitattributes() {
        let f = LedgerFixture()
        let committed = f.show(".gitattributes").stdout
        #expect(committed.hasSuffix(Self.rule + "\n"), "\(committed)")
        #expect(f.git(["log", "-1", "--format=%B", "--", ".gitattributes"]).stdout.contains("Adds .gitattributes"))
        // An in-tree rule wins over core.attributesFile and the configuration.
        let global = f.files.write("global-attributes", "* text eol=crlf ident filter=upper working-tree-encoding=UTF-16\n")
        #expect(f.git(["config", "core.attributesFile", global]).status == 0)
        let attrs = f.git(["check-attr", "text", "eol", "ident", "filter", "working-tree-encoding", "--", "evidence/2026/06/EV-X/a.txt"]).stdout
        #expect(attrs == """
            evidence/2026/06/EV-X/a.txt: text: unset
            evidence/2026/06/EV-X/a.txt: eol: unset
            evidence/2026/06/EV-X/a.txt: ident: unset
            evidence/2026/06/EV-X/a.txt: filter: unset
            evidence/2026/06/EV-X/a.txt: working-tree-encoding: unset

            """, "\(attrs)")
    }

    /// Settings that would convert text, in the ledger itself: the blobs stay as given.
    @Test(arguments: [["core.autocrlf", "true"], ["core.autocrlf", "input"], ["core.eol", "crlf"]])
    func storedAsIsUnderConvertingSettings(setting: [String]) {
        let f = LedgerFixture()
        #expect(f.git(["config"] + setting).status == 0)
        let folder = addAll(f)
        expectStoredAsIs(f, folder: folder)
        #expect(f.evident(["verify"]).status == 0)
        #expect(f.evident(["validate"]).status == 0)
    }

    /// A fresh clone, plain or with settings and attribute rules of the cloner's own that would
    /// convert evidence, checks out the recorded bytes: status is clean, `sha256sum -c` of the
    /// exported hash list passes, and evident verifies and validates it.
    @Test(arguments: [
        [String](),
        ["-c", "core.autocrlf=true"], ["-c", "core.autocrlf=input"], ["-c", "core.eol=crlf"],
        ["-c", "core.autocrlf=true", "-c", "core.attributesFile=GLOBAL"],
    ])
    func freshCloneChecksOutTheRecordedBytes(options: [String]) throws {
        let f = LedgerFixture(env: SnapshotTests.now)
        let folder = addAll(f)
        #expect(f.evident(["snapshot", "create", "q4", "--kind", "internal"], env: SnapshotTests.now).status == 0)
        let global = f.files.write("global-attributes", "evidence/** text eol=crlf ident filter=upper working-tree-encoding=UTF-16\n")
        let clone = f.files.path + "/clone"
        let cloned = Processes.git(["clone", "-q", "-c", "filter.upper.smudge=tr a-z A-Z", "-c", "filter.upper.clean=cat"]
                                   + options.map { $0.replacingOccurrences(of: "GLOBAL", with: global) } + [f.root, clone], cwd: f.files.path)
        try #require(cloned.status == 0, "\(cloned.stderr)")
        for a in Self.artifacts {
            let bytes = FileManager.default.contents(atPath: clone + "/\(folder)/\(a.name)").map { String(decoding: $0, as: UTF8.self) }
            #expect(bytes == a.bytes, "\(options): \(a.name) checked out as \(bytes.debugDescription)")
        }
        let status = Processes.git(["status", "--porcelain", "--untracked-files=all"], cwd: clone)
        #expect(status.stdout.isEmpty, "\(options): \(status.stdout)")
        let list = Processes.evident(["export", "hashes", "q4"], cwd: clone, env: SnapshotTests.now)
        #expect(list.status == 0, "\(list.stderr)")
        let check = Processes.run("/usr/bin/sha256sum", ["-c", "-"], cwd: clone, stdin: Data(list.stdout.utf8))
        #expect(check.status == 0, "\(options): \(check.stdout)\(check.stderr)")
        for args in [["verify"], ["validate"]] {
            let r = Processes.evident(args, cwd: clone, env: SnapshotTests.now)
            #expect(r.status == 0, "\(options) \(args): \(r.stdout)\(r.stderr)")
        }
    }

    /// A ledger made before evident kept its own .gitattributes: the first write adds it, in
    /// that write's commit, whose message says so; a refused write adds nothing.
    @Test func existingLedgerIsProtectedByItsNextWrite() {
        let f = LedgerFixture()
        #expect(f.git(["rm", "-q", ".gitattributes"]).status == 0)
        #expect(f.git(["commit", "-qm", "A ledger from before .gitattributes", "--no-verify"]).status == 0)
        #expect(f.git(["config", "core.autocrlf", "true"]).status == 0)

        let before = f.state()
        let refused = f.add([f.artifact("x.txt", "x\n")], control: "NO-SUCH-CONTROL")
        #expect(refused.status == 66, "\(refused.stderr)")
        #expect(f.state() == before)

        let folder = addAll(f)
        #expect(f.show(".gitattributes").stdout.hasSuffix(Self.rule + "\n"))
        let message = f.git(["log", "-1", "--format=%B"]).stdout
        #expect(message.contains("Adds .gitattributes so git keeps evidence bytes as recorded"), "\(message)")
        #expect(f.git(["diff", "--name-only", "HEAD~1", "HEAD", "--", ".gitattributes"]).stdout == ".gitattributes\n")
        expectStoredAsIs(f, folder: folder)
        // Only once.
        _ = f.addEvidence("second.json")
        #expect(f.git(["log", "--format=%h", "--", ".gitattributes"]).stdout.split(separator: "\n").count == 3, "init, the removal, the one re-add")
    }

    /// A ledger with a .gitattributes of its own that converts text: the rule is appended after
    /// the user's lines, so it wins for evidence and leaves the rest alone.
    @Test func ownGitattributesGetsTheRuleAppended() {
        let f = LedgerFixture()
        f.write(".gitattributes", "*.txt text eol=crlf\n*.csv text\n")
        #expect(f.git(["commit", "-qam", "Convert text", "--no-verify"]).status == 0)
        let folder = addAll(f)
        let file = f.show(".gitattributes").stdout
        #expect(file.hasPrefix("*.txt text eol=crlf\n*.csv text\n"), "\(file)")
        #expect(file.hasSuffix(Self.rule + "\n"), "\(file)")
        #expect(f.git(["log", "-1", "--format=%B"]).stdout.contains("Appends '\(Self.rule)' to .gitattributes"))
        expectStoredAsIs(f, folder: folder)
        #expect(f.git(["check-attr", "text", "--", "notes.txt"]).stdout == "notes.txt: text: set\n")
    }

    /// `.git/info/attributes` wins over the ledger's own file: writes, verify and validate refuse
    /// with 65, naming the file, the line and the fix, and the write leaves nothing behind.
    @Test(arguments: ["*.txt text eol=crlf", "* ident", "evidence/** filter=upper", "*.csv working-tree-encoding=UTF-16", "*.txt !text"])
    func infoAttributesThatChangeEvidenceAreRefused(line: String) {
        let f = LedgerFixture()
        #expect(f.git(["config", "core.autocrlf", "true"]).status == 0)
        let folder = addAll(f)
        f.write(".git/info/attributes", "# mine\n\(line)\n")
        let before = f.state()
        let r = f.add([f.artifact("more.txt", "a\nb\n"), f.artifact("more.csv", "a\n")])
        #expect(r.status == 65, "\(r.stderr)")
        for m in [".git/info/attributes line 2", "('\(line)')", "Fix: remove that line", Self.rule] {
            #expect(r.stderr.contains(m), "should mention \(m): \(r.stderr)")
        }
        #expect(f.state() == before, "the refused add changed the ledger")
        for args in [["verify"], ["validate"]] {
            let v = f.evident(args)
            #expect(v.status == 65, "\(args): \(v.stdout)\(v.stderr)")
            #expect(v.stderr.contains(".git/info/attributes line 2"), "\(args): \(v.stderr)")
            #expect(v.stderr.contains(folder + "/"), "\(args): \(v.stderr)")
        }
        // The fix the message gives works.
        f.append(".git/info/attributes", Data((Self.rule + "\n").utf8))
        #expect(f.add([f.artifact("more.txt", "a\nb\n")]).status == 0)
        #expect(f.evident(["verify"]).status == 0)
    }

    /// A rule committed with plain git after the ledger's own line wins over it (later lines
    /// win): refused with the file and line.
    @Test func laterInTreeRuleIsRefused() {
        let f = LedgerFixture()
        f.append(".gitattributes", Data("*.txt text eol=crlf\n".utf8))
        #expect(f.git(["commit", "-qam", "Convert text", "--no-verify"]).status == 0)
        let before = f.state()
        let r = f.add([f.artifact("notes.txt", "a\nb\n")])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains(".gitattributes line 3 ('*.txt text eol=crlf')"), "\(r.stderr)")
        #expect(f.state() == before)
    }
}
