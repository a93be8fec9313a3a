import Foundation
import GitStore
import Testing
import TestSupport

/// A repository in a temporary directory, with libgit2 isolated from any real configuration.
final class RepoFixture {
    let dir = TemporaryDirectory("gitstore")
    let repo: Repository
    let sig = Signature(name: "Ada Test", email: "ada@example.test", time: Date(timeIntervalSince1970: 1_780_000_000), offsetMinutes: 0)

    init() throws {
        _ = Isolation.libgit2
        repo = try Repository.create(at: dir.path)
    }

    /// Commits `files` (path -> content) on top of HEAD through tree updates, moving main.
    @discardableResult
    func commit(_ files: [String: String], remove: [String] = [], message: String = "change\n") throws -> ObjectID {
        let head = try repo.headCommit()
        let base = try head.map { try repo.treeID(ofCommit: $0) }
        var updates = [TreeUpdate]()
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            updates.append(.upsert(path, blob: try repo.writeBlob(Data(text.utf8))))
        }
        updates += remove.map { TreeUpdate.remove($0) }
        let tree = try repo.updateTree(base, updates)
        let c = try repo.createCommit(tree: tree, parents: head.map { [$0] } ?? [], author: sig, committer: sig, message: message)
        try repo.updateReference("refs/heads/main", to: c, expecting: head, logMessage: "test")
        return c
    }

    func git(_ args: [String]) -> ProcessResult { Processes.git(args, cwd: dir.path) }
}

@Suite struct GitStoreTests {
    @Test func createsRepositoryWithUnbornMain() throws {
        let f = try RepoFixture()
        #expect(f.repo.isHeadUnborn)
        #expect(try f.repo.headCommit() == nil)
        #expect(try f.repo.headBranchReference() == "refs/heads/main")
        #expect(f.repo.workdir == f.dir.path + "/")
    }

    @Test func errorsCarryCodeFunctionAndMessage() throws {
        let f = try RepoFixture()
        let error = #expect(throws: GitError.self) { try f.repo.revparse("no-such-branch") }
        #expect(error?.code == .notFound)
        #expect(error?.function == "git_revparse_single")
        #expect(error?.message.isEmpty == false)
        // The thread-local error was cleared: a following successful call does not see it.
        _ = try f.commit(["a.txt": "a"])
        #expect(try f.repo.revparse("HEAD") == f.repo.headCommit())
    }

    @Test func opensOnlyRealRepositories() throws {
        let d = TemporaryDirectory()
        let error = #expect(throws: GitError.self) { try Repository(at: d.path) }
        #expect(error?.code == .notFound)
    }

    @Test func blobsRoundTripAndMatchGitHashObject() throws {
        let f = try RepoFixture()
        let bytes = Data([0, 1, 2, 255, 10, 0, 42])
        let id = try f.repo.writeBlob(bytes)
        #expect(try f.repo.blob(id) == bytes)
        #expect(try Repository.hashBlob(bytes) == id)
        let path = f.dir.write("x.bin", bytes)
        #expect(f.git(["hash-object", path]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == id.hex)
        #expect(try f.repo.blobs([id, id]) == [bytes, bytes])
    }

    @Test func treesAreReadAtAnyRevisionWithoutACheckout() throws {
        let f = try RepoFixture()
        let first = try f.commit(["records/a.yaml": "one\n", "records/b.yaml": "two\n"])
        let second = try f.commit(["records/a.yaml": "changed\n", "other/c.txt": "c\n"])
        let t1 = try f.repo.treeID(ofCommit: first)
        let t2 = try f.repo.treeID(ofCommit: second)
        #expect(try f.repo.file(at: "records/a.yaml", inTree: t1) == Data("one\n".utf8))
        #expect(try f.repo.file(at: "records/a.yaml", inTree: t2) == Data("changed\n".utf8))
        #expect(try f.repo.file(at: "records/missing.yaml", inTree: t2) == nil)
        #expect(try f.repo.files(inTree: t2).map(\.path) == ["other/c.txt", "records/a.yaml", "records/b.yaml"])
        #expect(try f.repo.tree(t2).map(\.name) == ["other", "records"])
        // The work tree was never written.
        #expect(!FileManager.default.fileExists(atPath: f.dir.file("records")))
        // And git agrees about the content.
        #expect(f.git(["show", "\(second.hex):records/a.yaml"]).stdout == "changed\n")
        #expect(f.git(["fsck", "--no-progress"]).stdout.isEmpty)
    }

    @Test func commitsCarryAuthorMessageAndParents() throws {
        let f = try RepoFixture()
        let a = try f.commit(["a": "1"], message: "first\n\nEvident-Action: test\n")
        let b = try f.commit(["b": "2"], message: "second\n")
        let info = try f.repo.commit(b)
        #expect(info.parents == [a])
        #expect(info.author.name == "Ada Test")
        #expect(info.author.time == Date(timeIntervalSince1970: 1_780_000_000))
        #expect(info.summary == "second")
        #expect(f.git(["log", "--format=%an <%ae> %s", "-1", a.hex]).stdout == "Ada Test <ada@example.test> first\n")
        #expect(f.git(["log", "-1", "--format=%(trailers:key=Evident-Action,valueonly)", a.hex]).stdout.hasPrefix("test"))
    }

    @Test func referenceUpdateIsCompareAndSwap() throws {
        let f = try RepoFixture()
        let a = try f.commit(["a": "1"])
        let b = try f.commit(["a": "2"])
        // Someone expecting the old tip loses.
        let error = #expect(throws: GitError.self) {
            try f.repo.updateReference("refs/heads/main", to: a, expecting: a, logMessage: "stale")
        }
        #expect(error?.code == .modified)
        #expect(try f.repo.headCommit() == b)
        // Creating a ref that must not exist fails when it does.
        let exists = #expect(throws: GitError.self) {
            try f.repo.updateReference("refs/heads/main", to: a, expecting: nil, logMessage: "x")
        }
        #expect(exists?.code == .exists)
    }

    @Test func annotatedTagsAreCreatedListedAndPeeled() throws {
        let f = try RepoFixture()
        let c = try f.commit(["a": "1"])
        let tagID = try f.repo.createTag("assessment/q1", target: c, tagger: f.sig, message: "Q1 snapshot\n\nbody\n")
        let tag = try #require(try f.repo.tag(named: "assessment/q1"))
        #expect(tag.id == tagID)
        #expect(tag.target == c)
        #expect(tag.targetKind == .commit)
        #expect(tag.message == "Q1 snapshot\n\nbody\n")
        #expect(try f.repo.tagNames(matching: "assessment/*") == ["assessment/q1"])
        #expect(try f.repo.peelToCommit(tagID) == c)
        #expect(try f.repo.tag(named: "assessment/none") == nil)
        // A tag never moves: creating it again fails.
        let again = #expect(throws: GitError.self) { try f.repo.createTag("assessment/q1", target: c, tagger: f.sig, message: "x\n") }
        #expect(again?.code == .exists)
        #expect(f.git(["cat-file", "-t", "assessment/q1"]).stdout == "tag\n")
        #expect(f.git(["tag", "-l", "--format=%(contents:subject)", "assessment/q1"]).stdout == "Q1 snapshot\n")
        // A tag object written from a buffer is stored byte for byte.
        let raw = try f.repo.rawTag(tagID)
        #expect(String(decoding: raw, as: UTF8.self).hasPrefix("object \(c.hex)\ntype commit\ntag assessment/q1\ntagger Ada Test"))
    }

    @Test func lightweightTagsAreNotTakenForAnnotatedOnes() throws {
        let f = try RepoFixture()
        _ = try f.commit(["a": "1"])
        #expect(f.git(["tag", "assessment/light"]).status == 0)
        let error = #expect(throws: GitError.self) { try f.repo.tag(named: "assessment/light") }
        #expect(error?.code == .invalid)
    }

    @Test func revparseAndAncestry() throws {
        let f = try RepoFixture()
        let a = try f.commit(["a": "1"])
        let b = try f.commit(["a": "2"])
        #expect(try f.repo.revparseCommit("HEAD~1") == a)
        #expect(try f.repo.revparseCommit(String(b.hex.prefix(8))) == b)
        #expect(try f.repo.isAncestor(a, of: b))
        #expect(try !f.repo.isAncestor(b, of: a))
    }

    @Test func revwalkFilteredByPathSkipsUnrelatedCommits() throws {
        let f = try RepoFixture()
        let c1 = try f.commit(["evidence/x/record.yaml": "1", "controls/A.yaml": "a"])
        _ = try f.commit(["controls/B.yaml": "b"])
        let c3 = try f.commit(["evidence/x/record.yaml": "2"])
        _ = try f.commit(["controls/A.yaml": "a2"])
        let c5 = try f.commit([:], remove: ["evidence/x/record.yaml"])
        var seen = [ObjectID]()
        try f.repo.walk(from: try #require(try f.repo.headCommit()), touching: ["evidence/x"]) { c in
            seen.append(c.id)
            return true
        }
        #expect(seen == [c5, c3, c1])
        // git agrees.
        let git = f.git(["log", "--format=%H", "--", "evidence/x"]).stdout.split(separator: "\n").map(String.init)
        #expect(git == seen.map(\.hex))
    }

    @Test func treeToTreeDiffNamesEveryChange() throws {
        let f = try RepoFixture()
        let a = try f.commit(["keep": "k", "mod": "1", "gone": "g"])
        let b = try f.commit(["mod": "2", "new/file": "n"], remove: ["gone"])
        let changes = try f.repo.changedFiles(from: f.repo.treeID(ofCommit: a), to: f.repo.treeID(ofCommit: b))
        let byPath = Dictionary(uniqueKeysWithValues: changes.map { ($0.path, $0.kind) })
        #expect(byPath == ["mod": .modified, "new/file": .added, "gone": .deleted])
        let added = try #require(changes.first { $0.path == "new/file" })
        #expect(added.oldID == nil)
        #expect(try f.repo.blob(try #require(added.newID)) == Data("n".utf8))
        #expect(try f.repo.changedFiles(from: nil, to: f.repo.treeID(ofCommit: a)).count == 3)
        #expect(try f.repo.changedFiles(from: f.repo.treeID(ofCommit: a), to: f.repo.treeID(ofCommit: b), under: ["new"]).map(\.path) == ["new/file"])
    }

    @Test func indexEntriesAndStatusAsGitSeesThem() throws {
        let f = try RepoFixture()
        _ = try f.commit(["tracked.txt": "t\n"])
        #expect(f.git(["reset", "-q"]).status == 0)
        // Materialise tracked.txt so the work tree matches.
        f.dir.write("tracked.txt", "t\n")
        f.dir.write("new/one.txt", "one\n")
        #expect(try f.repo.status().map(\.path) == ["new/one.txt"])
        #expect(try f.repo.status().first?.kinds == [.untracked])
        #expect(f.git(["add", "new/one.txt"]).status == 0)
        let index = try f.repo.index()
        #expect(index.entries().map(\.path) == ["new/one.txt", "tracked.txt"])
        #expect(try f.repo.status().first?.kinds == [.staged])
    }

    @Test func configIsReadFromTheRepositoryOnly() throws {
        let f = try RepoFixture()
        #expect(try f.repo.configString("user.name") == nil)
        try f.repo.setConfigString("user.name", "Local Name")
        try f.repo.setConfigString("user.signingkey", "/keys/id_ed25519")
        #expect(try f.repo.configString("user.name") == "Local Name")
        #expect(try f.repo.configString("user.signingkey") == "/keys/id_ed25519")
        #expect(f.git(["config", "--local", "user.name"]).stdout == "Local Name\n")
    }

    @Test func objectIDsParseAndPrint() {
        let hex = "0123456789abcdef0123456789abcdef01234567"
        #expect(ObjectID(hex: hex)?.hex == hex)
        #expect(ObjectID(hex: hex.uppercased())?.hex == hex)
        #expect(ObjectID(hex: "xyz") == nil)
        #expect(ObjectID(hex: String(hex.dropLast())) == nil)
    }
}
