import Foundation
import GitStore
import Testing
import TestSupport

/// A push to a bare repository on this machine (`Repository.push` to a path or file:// URL) is
/// written by evident itself: one pack of what the remote lacks, refs moved only forward and
/// only from what was read. git checks every result.
@Suite struct LocalPushTests {
    let access = RemoteAccess()

    /// A bare repository `server.git` beside the fixture's work tree, HEAD on main.
    func server(_ f: RepoFixture) -> String {
        let path = f.dir.path + "/server.git"
        _ = Processes.git(["init", "-q", "--bare", "-b", "main", path], cwd: f.dir.path)
        return path
    }

    func serverGit(_ path: String, _ args: [String]) -> ProcessResult { Processes.git(args, cwd: path) }

    func rev(_ path: String, _ ref: String) -> String {
        serverGit(path, ["rev-parse", "-q", "--verify", ref]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Objects in the newest pack of `path`, by `git verify-pack -v` (its "non delta" count).
    func newestPackCount(_ path: String) throws -> Int {
        let folder = path + "/objects/pack"
        let packs = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".idx") }
        let newest = try #require(packs.max { a, b in
            let da = (try? FileManager.default.attributesOfItem(atPath: folder + "/" + a)[.modificationDate] as? Date) ?? .distantPast
            let db = (try? FileManager.default.attributesOfItem(atPath: folder + "/" + b)[.modificationDate] as? Date) ?? .distantPast
            return da < db
        })
        let out = Processes.git(["verify-pack", "-v", folder + "/" + newest], cwd: path).stdout
        let line = try #require(out.split(separator: "\n").first { $0.hasPrefix("non delta:") })
        return try #require(Int(line.split(separator: " ")[2]))
    }

    func expectFsckSilent(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let fsck = Processes.git(["fsck", "--strict", "--no-progress"], cwd: path)
        #expect(fsck.status == 0 && fsck.stdout.isEmpty && fsck.stderr.isEmpty, "\(fsck.stdout)\(fsck.stderr)", sourceLocation: sourceLocation)
    }

    /// First push: everything. Second push: by hand, c3 changes a/x.txt only, c2 adds b/y.txt,
    /// so each sends its commit, the root tree, one folder tree and one blob (4 + 4), plus the
    /// annotated tag on c3: 9 objects in the second pack, nothing of c1 again.
    @Test func aBareRepositoryOnDiskGetsWhatItLacksInOnePack() throws {
        let f = try RepoFixture()
        let server = server(f)
        let c1 = try f.commit(["a/x.txt": "one\n", "a/z.txt": "zed\n", "b/w.txt": "double-u\n"])
        let first = try f.repo.push(url: "file://" + server, refspecs: ["refs/heads/main:refs/heads/main"], access: access)
        #expect(first.rejected.isEmpty)
        #expect(rev(server, "refs/heads/main") == c1.hex)
        expectFsckSilent(server)

        _ = try f.commit(["b/y.txt": "why\n"])
        let c3 = try f.commit(["a/x.txt": "two\n"])
        let tag = try f.repo.createTag("assessment/q1", target: c3, tagger: f.sig, message: "Snapshot q1\n")
        let second = try f.repo.push(url: server, refspecs: ["refs/heads/main:refs/heads/main", "refs/tags/assessment/q1:refs/tags/assessment/q1"], access: access)
        #expect(second.rejected.isEmpty)
        #expect(rev(server, "refs/heads/main") == c3.hex)
        #expect(rev(server, "refs/tags/assessment/q1") == tag.hex)
        #expect(try newestPackCount(server) == 9)
        expectFsckSilent(server)
        // Every object the ledger reaches, the server holds.
        let local = f.git(["rev-list", "--objects", "--all"]).stdout.split(separator: "\n").count
        let remote = serverGit(server, ["rev-list", "--objects", "--all"]).stdout.split(separator: "\n").count
        #expect(local == remote)
        // Nothing new: nothing written, nothing rejected.
        let again = try f.repo.push(url: server, refspecs: ["refs/heads/main:refs/heads/main"], access: access)
        #expect(again.rejected.isEmpty)
    }

    /// A merge of a side branch, and a commit that brings back a blob the server holds from long
    /// ago: the merge's objects come from both parents, the old blob is not sent again, and the
    /// server's objects are complete.
    @Test func mergesAndRevertsArriveComplete() throws {
        let f = try RepoFixture()
        let server = server(f)
        let c1 = try f.commit(["a/x.txt": "one\n"])
        _ = try f.repo.push(url: server, refspecs: ["refs/heads/main:refs/heads/main"], access: access)
        let c2 = try f.commit(["a/x.txt": "two\n"])
        // A side commit on c1, merged into main with both changes in the tree.
        let sideTree = try f.repo.updateTree(try f.repo.treeID(ofCommit: c1), [.upsert("c/side.txt", blob: try f.repo.writeBlob(Data("side\n".utf8)))])
        let side = try f.repo.createCommit(tree: sideTree, parents: [c1], author: f.sig, committer: f.sig, message: "side\n")
        let mergeTree = try f.repo.updateTree(try f.repo.treeID(ofCommit: c2), [.upsert("c/side.txt", blob: try f.repo.writeBlob(Data("side\n".utf8)))])
        let merge = try f.repo.createCommit(tree: mergeTree, parents: [c2, side], author: f.sig, committer: f.sig, message: "merge\n")
        try f.repo.updateReference("refs/heads/main", to: merge, expecting: c2, logMessage: "test")
        let revert = try f.commit(["a/x.txt": "one\n"])
        _ = try f.repo.push(url: server, refspecs: ["refs/heads/main:refs/heads/main"], access: access)
        #expect(rev(server, "refs/heads/main") == revert.hex)
        expectFsckSilent(server)
        // By hand: c2 (commit, root, a, blob "two") 4; side (commit, root, c, blob "side") 4;
        // merge (commit, root; a and c equal a parent's) 2; revert: its commit only, since its
        // root {a: c1's a, c: side's c} is side's root, and c1's a is on the server: 11.
        #expect(try newestPackCount(server) == 11)
    }

    /// Another writer moved the server's main to a commit this repository does not have: the push
    /// is no fast-forward and changes nothing. A tag the server holds with another value is
    /// refused, not moved.
    @Test func neverMovesAServerRefBackwardsOrSideways() throws {
        let f = try RepoFixture()
        let server = server(f)
        let c1 = try f.commit(["a.txt": "a\n"])
        let t1 = try f.repo.createTag("assessment/q1", target: c1, tagger: f.sig, message: "q1\n")
        _ = try f.repo.push(url: server, refspecs: ["refs/heads/main:refs/heads/main", "refs/tags/assessment/q1:refs/tags/assessment/q1"], access: access)

        // Another clone pushes c1 -> other.
        let other = TemporaryDirectory("gitstore-other")
        _ = Processes.git(["clone", "-q", server, other.path], cwd: f.dir.path)
        _ = Processes.git(["-c", "user.name=B", "-c", "user.email=b@example.test", "commit", "-q", "--allow-empty", "-m", "other"], cwd: other.path)
        _ = Processes.git(["push", "-q", "origin", "main"], cwd: other.path)
        let moved = rev(server, "refs/heads/main")
        #expect(moved != c1.hex && !moved.isEmpty)

        _ = try f.commit(["b.txt": "b\n"])
        let error = #expect(throws: GitError.self) {
            _ = try f.repo.push(url: server, refspecs: ["refs/heads/main:refs/heads/main"], access: access)
        }
        #expect(error?.code == .nonFastForward)
        #expect(rev(server, "refs/heads/main") == moved)

        // The same tag name on another commit: refused, the server's tag stays.
        try f.repo.deleteReference("refs/tags/assessment/q1")
        let t2 = try f.repo.createTag("assessment/q1", target: try #require(try f.repo.headCommit()), tagger: f.sig, message: "q1 again\n")
        #expect(t2 != t1)
        let report = try f.repo.push(url: server, refspecs: ["refs/tags/assessment/q1:refs/tags/assessment/q1"], access: access)
        #expect(report.rejected.map(\.ref) == ["refs/tags/assessment/q1"])
        #expect(rev(server, "refs/tags/assessment/q1") == t1.hex)
        expectFsckSilent(server)
    }
}
