import Foundation
import Testing
import TestSupport

/// `evident sync`, `evident clone` and `evident remote clear` against real servers on 127.0.0.1
/// (file:// remotes, git daemon, sshd, git http-backend behind Basic authentication), checked
/// with the stock git CLI: after every sync the clone's `git status` is clean, `git fsck --strict`
/// is silent and `evident verify` passes.
@Suite(.serialized) struct SyncTests {
    /// One clone of a shared ledger, in a folder of its own, with its own HOME (known_hosts,
    /// keys) and the fixed identity of the isolated environment.
    final class Clone: @unchecked Sendable {
        let root: String
        let home: String
        let files: TemporaryDirectory
        var env: [String: String]

        init(root: String, home: String, env: [String: String] = [:]) {
            self.root = root
            self.home = home
            files = TemporaryDirectory("evident-sync-files")
            self.env = ["HOME": home, "EVIDENT_NOW": fixedNow].merging(env) { _, new in new }
        }

        @discardableResult
        func evident(_ args: [String], stdin: Data? = nil) -> ProcessResult {
            Processes.evident(args, cwd: root, env: env, stdin: stdin)
        }

        @discardableResult
        func git(_ args: [String]) -> ProcessResult {
            Processes.git(args, cwd: root, env: ["HOME": home])
        }

        /// Adds one artifact as evidence of IAM-MFA and returns its id.
        func addEvidence(_ name: String, classification: String = "internal") -> String {
            let file = files.write(name, "\(name) \(UUID().uuidString)\n")
            let r = evident(["evidence", "add", file, "--control", "IAM-MFA", "--title", "Evidence \(name)", "--classification", classification])
            precondition(r.status == 0, r.stderr)
            return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        var head: String { git(["rev-parse", "HEAD"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) }

        /// Clean by git's own account: nothing to commit, nothing fsck complains of, verify passes.
        func expectClean(sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(git(["status", "--porcelain", "--untracked-files=all"]).stdout.isEmpty, "git status in \(root)", sourceLocation: sourceLocation)
            let fsck = git(["fsck", "--strict", "--no-progress"])
            #expect(fsck.stdout.isEmpty && fsck.stderr.isEmpty, "fsck: \(fsck.stdout)\(fsck.stderr)", sourceLocation: sourceLocation)
            let verify = evident(["verify"])
            #expect(verify.status == 0, "verify: \(verify.stdout)\(verify.stderr)", sourceLocation: sourceLocation)
        }

        struct State: Equatable {
            let head: String
            let index: Data
            let status: String
        }

        var state: State {
            State(head: head, index: FileManager.default.contents(atPath: root + "/.git/index") ?? Data(),
                  status: git(["status", "--porcelain", "--untracked-files=all"]).stdout)
        }
    }

    /// A scratch folder with a bare server repository `server.git` and a first ledger `a` (starter
    /// controls, IAM-MFA implemented) whose origin is the server at `url` (default: file://).
    final class Team {
        let dir = TemporaryDirectory("evident-sync")
        let home: String
        let a: Clone
        var serverPath: String { dir.path + "/server.git" }

        init(hook: Bool = false) {
            home = dir.path + "/home"
            try? FileManager.default.createDirectory(atPath: home + "/.ssh", withIntermediateDirectories: true)
            GitServers.bareRepository(at: dir.path + "/server.git", hook: hook)
            let init_ = Processes.evident(["init", dir.path + "/a", "--org", "Northwind", "--framework", "cmmc-l2", "--starter-controls"], cwd: dir.path,
                                          env: ["HOME": home, "EVIDENT_NOW": fixedNow])
            precondition(init_.status == 0, init_.stderr)
            a = Clone(root: dir.path + "/a", home: home)
            precondition(a.evident(["control", "set", "IAM-MFA", "status=implemented"]).status == 0)
        }

        /// `evident clone URL NAME` in the scratch folder.
        func clone(_ url: String, _ name: String, env: [String: String] = [:]) -> (Clone, ProcessResult) {
            let c = Clone(root: dir.path + "/" + name, home: home, env: env)
            let r = Processes.evident(["clone", url, name], cwd: dir.path, env: c.env)
            return (c, r)
        }

        func serverHead() -> String {
            Processes.git(["rev-parse", "refs/heads/main"], cwd: serverPath).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// Evidence ids in the server's main tree.
        func serverEvidence() -> [String] {
            Processes.git(["ls-tree", "-r", "--name-only", "refs/heads/main", "evidence"], cwd: serverPath).stdout
                .split(separator: "\n").filter { $0.hasSuffix("/record.yaml") }.map { String($0.split(separator: "/")[3]) }.sorted()
        }
    }

    static func json(_ r: ProcessResult) -> [String: Any] {
        ((try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8))) as? [String: Any]) ?? [:]
    }

    /// The first push of a new ledger, then two clones adding evidence and syncing in turn. By
    /// hand: a's first sync pushes its 2 commits (init, control set); b clones them and pushes 1
    /// (its evidence); a, with 1 commit of its own, fetches b's 1 and merges: 1 merge commit, so it
    /// pushes 2 (its evidence and the merge); b then takes those 2 by a fast-forward.
    @Test func theFirstPushThenTwoClonesSyncingInTurn() throws {
        let t = Team()
        let url = "file://" + t.serverPath
        #expect(t.a.git(["remote", "add", "origin", url]).status == 0)
        let first = t.a.evident(["sync", "--format", "json"])
        #expect(first.status == 0, "\(first.stderr)")
        let j1 = Self.json(first)
        #expect(j1["result"] as? String == "pushed" && j1["pushed"] as? Int == 2 && j1["fetched"] as? Int == 0, "\(first.stdout)")
        #expect(Set(j1.keys).isSuperset(of: ["remote", "branch", "fetched", "pushed", "tags_pushed", "retries", "result"]))
        #expect(t.serverHead() == t.a.head)

        let (b, cloned) = t.clone(url, "b")
        #expect(cloned.status == 0, "\(cloned.stderr)")
        #expect(cloned.stdout.contains("Cloned the ledger into b") && cloned.stdout.contains("verify: no findings"), "\(cloned.stdout)")
        #expect(FileManager.default.isExecutableFile(atPath: b.root + "/.git/hooks/pre-push"))
        #expect(b.head == t.a.head)
        let fromB = b.addEvidence("okta-b.json")
        let pushB = Self.json(b.evident(["sync", "--format", "json"]))
        #expect(pushB["result"] as? String == "pushed" && pushB["pushed"] as? Int == 1)

        let fromA = t.a.addEvidence("okta-a.json")
        let merged = t.a.evident(["sync", "--format", "json"])
        #expect(merged.status == 0, "\(merged.stderr)")
        let j2 = Self.json(merged)
        #expect(j2["result"] as? String == "integrated" && j2["fetched"] as? Int == 1 && j2["pushed"] as? Int == 2, "\(merged.stdout)")
        #expect(t.a.git(["rev-list", "--parents", "-n", "1", "HEAD"]).stdout.split(separator: " ").count == 3, "a merge commit has two parents")
        let ff = Self.json(b.evident(["sync", "--format", "json"]))
        #expect(ff["result"] as? String == "integrated" && ff["fetched"] as? Int == 2 && ff["merge"] is NSNull, "\(ff)")
        #expect(b.head == t.a.head && t.serverHead() == b.head)
        #expect(t.serverEvidence() == [fromA, fromB].sorted())
        let again = b.evident(["sync"])
        #expect(again.status == 0 && again.stdout.contains("main is up to date with origin"), "\(again.stdout)")
        // git's own account of the remote agrees: each clone's origin/main is where the server
        // is (a pushed a merge, b took a fast-forward), so git status in b, whose main tracks
        // origin/main since the clone, says it is neither ahead nor behind.
        for c in [t.a, b] {
            #expect(c.git(["rev-parse", "refs/remotes/origin/main"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == t.serverHead(), "in \(c.root)")
        }
        #expect(b.git(["status", "--porcelain=v2", "--branch"]).stdout.contains("# branch.ab +0 -0"))
        t.a.expectClean()
        b.expectClean()
    }

    /// A control edited in two clones: different fields merge field by field (owner from a,
    /// frequency from b, both kept); the same field set to two values is refused with 65, naming
    /// the file, the field and both values, and nothing changes in the refused clone.
    @Test func aControlEditedOnBothSidesIsMergedByFieldOrRefused() throws {
        let t = Team()
        let url = "file://" + t.serverPath
        #expect(t.a.git(["remote", "add", "origin", url]).status == 0)
        #expect(t.a.evident(["sync"]).status == 0)
        let (b, _) = t.clone(url, "b")
        #expect(t.a.evident(["control", "set", "IAM-MFA", "owner=dana@example.test"]).status == 0)
        #expect(b.evident(["control", "set", "IAM-MFA", "frequency=weekly"]).status == 0)
        #expect(t.a.evident(["sync"]).status == 0)
        let merged = b.evident(["sync"])
        #expect(merged.status == 0, "\(merged.stderr)")
        let control = try String(contentsOfFile: b.root + "/controls/IAM-MFA.yaml", encoding: .utf8)
        #expect(control.contains("owner: dana@example.test") && control.contains("frequency: weekly"), "\(control)")
        #expect(b.git(["log", "-1", "--format=%B"]).stdout.contains("Merged field by field: controls/IAM-MFA.yaml"))
        #expect(t.a.evident(["sync"]).status == 0)
        #expect(t.a.head == b.head)

        #expect(t.a.evident(["control", "set", "IAM-MFA", "owner=alex@example.test"]).status == 0)
        #expect(t.a.evident(["sync"]).status == 0)
        #expect(b.evident(["control", "set", "IAM-MFA", "owner=sam@example.test"]).status == 0)
        let before = b.state
        let refused = b.evident(["sync"])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("controls/IAM-MFA.yaml: owner is 'sam@example.test' here and 'alex@example.test' on origin"), "\(refused.stderr)")
        #expect(b.state == before)
        #expect(b.git(["for-each-ref", "refs/heads", "refs/tags"]).stdout.components(separatedBy: "\n").count == 2, "no branch or tag moved or added")
        b.expectClean()
    }

    /// A snapshot taken in one clone reaches the other with the same tag object; a snapshot of
    /// the same name taken separately in both is refused (a snapshot never moves).
    @Test func snapshotsTravelAndNeverMove() throws {
        let t = Team()
        let url = "file://" + t.serverPath
        #expect(t.a.git(["remote", "add", "origin", url]).status == 0)
        _ = t.a.addEvidence("mfa.json")
        #expect(t.a.evident(["sync"]).status == 0)
        let (b, _) = t.clone(url, "b")
        #expect(t.a.evident(["snapshot", "create", "q2", "--kind", "internal"]).status == 0)
        _ = b.addEvidence("more.json")
        #expect(b.evident(["sync"]).status == 0)
        let pushed = Self.json(t.a.evident(["sync", "--format", "json"]))
        #expect(pushed["tags_pushed"] as? [String] == ["q2"], "\(pushed)")
        let fetched = Self.json(b.evident(["sync", "--format", "json"]))
        #expect(fetched["tags_fetched"] as? [String] == ["q2"], "\(fetched)")
        let tagA = t.a.git(["rev-parse", "refs/tags/assessment/q2"]).stdout
        #expect(!tagA.isEmpty && b.git(["rev-parse", "refs/tags/assessment/q2"]).stdout == tagA)
        #expect(Processes.git(["rev-parse", "refs/tags/assessment/q2"], cwd: t.serverPath).stdout == tagA)

        #expect(t.a.evident(["snapshot", "create", "q3", "--kind", "internal", "-m", "taken in a"]).status == 0)
        #expect(b.evident(["snapshot", "create", "q3", "--kind", "internal", "-m", "taken in b"]).status == 0)
        #expect(t.a.evident(["sync"]).status == 0)
        let before = b.state
        let refused = b.evident(["sync"])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("snapshot q3 is not the same here") && refused.stderr.contains("a snapshot never moves"), "\(refused.stderr)")
        #expect(b.state == before)
        #expect(b.git(["rev-parse", "refs/tags/assessment/q3"]).stdout != t.a.git(["rev-parse", "refs/tags/assessment/q3"]).stdout)
        t.a.expectClean()
    }

    /// CUI never leaves for a remote nobody cleared: sync refuses (65, naming the record and the
    /// command that clears the remote) and the server is unchanged; plain `git push` is refused
    /// by the pre-push hook the same way; after `remote clear URL --for cui` (one commit) both pass.
    @Test func cuiIsRefusedForAnUnclearedRemoteUntilItIsCleared() throws {
        let t = Team()
        let url = "file://" + t.serverPath
        #expect(t.a.git(["remote", "add", "origin", url]).status == 0)
        #expect(t.a.evident(["sync"]).status == 0)
        let serverBefore = t.serverHead()
        let cui = t.a.addEvidence("enclave-users.csv", classification: "cui")
        let before = t.a.state
        let refused = t.a.evident(["sync"])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("\(cui) (cui)") && refused.stderr.contains("is cleared for internal"), "\(refused.stderr)")
        #expect(refused.stderr.contains("evident remote clear \(url) --for cui"), "\(refused.stderr)")
        #expect(t.serverHead() == serverBefore)
        #expect(t.a.state == before)

        // Plain git push, through the pre-push hook evident init installed.
        var pushEnv = ["HOME": t.home]
        pushEnv["PATH"] = GitServers.evidentDirectory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let plain = Processes.git(["push", "origin", "main"], cwd: t.a.root, env: pushEnv)
        #expect(plain.status != 0)
        #expect(plain.stderr.contains("\(cui) (cui)"), "\(plain.stderr)")
        #expect(t.serverHead() == serverBefore)

        let clear = t.a.evident(["remote", "clear", "origin", "--for", "cui"])
        #expect(clear.status == 0, "\(clear.stderr)")
        #expect(clear.stdout.contains("\(url) is cleared for cui"), "\(clear.stdout)")
        #expect(t.a.git(["log", "-1", "--format=%s%n%(trailers:key=Cleared-For,valueonly)"]).stdout == "Clear \(url) for cui\ncui\n\n")
        let list = t.a.evident(["remote", "list"])
        #expect(list.stdout.contains("origin") && list.stdout.contains("cui"), "\(list.stdout)")
        #expect(Processes.git(["push", "origin", "main"], cwd: t.a.root, env: pushEnv).status == 0)
        let synced = t.a.evident(["sync"])
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect(t.serverHead() == t.a.head)
        t.a.expectClean()
    }

    /// Over git daemon, and to the same repository by its file:// URL (the push evident writes
    /// itself runs the server's hooks as git receive-pack would), with evident's pre-receive hook
    /// on the server: a record committed with plain git (--no-verify) that does not validate is
    /// refused by the server; sync exits 65 and shows the hook's message; the clone keeps its commits.
    @Test(arguments: ["git", "file"]) func aPushRefusedByTheServersHookShowsItsMessage(transport: String) throws {
        let t = Team(hook: true)
        let daemon = transport == "git" ? try GitServers.daemon(base: t.dir.path) : nil
        defer { daemon?.stop() }
        let url = daemon.map { "git://127.0.0.1:\($0.port)/server.git" } ?? "file://" + t.serverPath
        // The hook finds evident as a server's PATH would give it.
        t.a.env["EVIDENT"] = Processes.evidentPath
        #expect(t.a.git(["remote", "add", "origin", url]).status == 0)
        let first = t.a.evident(["sync"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(t.serverHead() == t.a.head)
        let path = t.a.root + "/controls/IAM-MFA.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "status: implemented", with: "status: finished").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(t.a.git(["commit", "-qam", "Edit by hand", "--no-verify"]).status == 0)
        let head = t.a.head
        let refused = t.a.evident(["sync"])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("origin refused the push"), "\(refused.stderr)")
        #expect(refused.stderr.contains("remote: pre-receive:") && refused.stderr.contains("IAM-MFA"), "\(refused.stderr)")
        #expect(t.a.head == head && t.serverHead() != head)
        // Nothing refused stays on the server: the objects went to a quarantine, dropped with it.
        #expect(Processes.git(["cat-file", "-e", head], cwd: t.serverPath).status != 0)
        let fsck = Processes.git(["fsck", "--strict", "--no-progress"], cwd: t.serverPath)
        #expect(fsck.status == 0 && fsck.stdout.isEmpty && fsck.stderr.isEmpty, "\(fsck.stdout)\(fsck.stderr)")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: t.serverPath + "/objects")) ?? []).allSatisfy { !$0.hasPrefix("incoming-") })
    }

    /// The server goes away (git daemon killed): sync fails with exit 1 saying the remote cannot
    /// be reached, the clone is unchanged, and once the server is back the next sync completes.
    @Test func whenTheServerIsGoneTheCloneIsUnchangedAndTheNextSyncCompletes() throws {
        let t = Team()
        var daemon = try GitServers.daemon(base: t.dir.path)
        let port = daemon.port
        let url = "git://127.0.0.1:\(port)/server.git"
        #expect(t.a.git(["remote", "add", "origin", url]).status == 0)
        #expect(t.a.evident(["sync"]).status == 0)
        _ = t.a.addEvidence("late.json")
        daemon.stop()
        let before = t.a.state
        let failed = t.a.evident(["sync"])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("origin cannot be reached"), "\(failed.stderr)")
        #expect(t.a.state == before)
        daemon = try GitServers.daemon(base: t.dir.path, port: port)
        defer { daemon.stop() }
        let done = t.a.evident(["sync"])
        #expect(done.status == 0, "\(done.stderr)")
        #expect(t.serverHead() == t.a.head)
        t.a.expectClean()
    }

    /// The network goes away in the middle of a push: a relay in front of git daemon resets both
    /// connections once 2 KiB of the pack have gone through, and exits (the host is gone). The
    /// sync fails with a message and exit 1, not a signal; the clone's HEAD, index and work tree
    /// are as they were and the server's branch has not moved. With the relay back (passing
    /// everything), the next sync pushes the same commit.
    @Test func whenTheNetworkGoesMidPushTheCloneIsUnchangedAndTheNextSyncCompletes() throws {
        let t = Team()
        let daemon = try GitServers.daemon(base: t.dir.path)
        defer { daemon.stop() }
        var relay = try GitServers.cuttingRelay(to: daemon.port, after: 2048, log: t.dir.path + "/relay.log")
        // The first push goes straight to the daemon; the relay is put in front for the next.
        #expect(t.a.git(["remote", "add", "origin", "git://127.0.0.1:\(daemon.port)/server.git"]).status == 0)
        #expect(t.a.evident(["sync"]).status == 0)
        #expect(t.a.git(["remote", "set-url", "origin", "git://127.0.0.1:\(relay.port)/server.git"]).status == 0)
        // Incompressible, so the pack is far larger than the cut.
        var bytes = [UInt8](repeating: 0, count: 256 * 1024)
        var g = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &g) }
        let big = t.a.files.path + "/scan-results.bin"
        FileManager.default.createFile(atPath: big, contents: Data(bytes))
        #expect(t.a.evident(["evidence", "add", big, "--control", "IAM-MFA", "--title", "Scanner results"]).status == 0)
        let serverBefore = t.serverHead()
        let before = t.a.state
        let failed = t.a.evident(["sync"])
        #expect(failed.status == 1, "exit \(failed.status): \(failed.stderr)")
        #expect(failed.stderr.contains("the connection to origin was lost") && failed.stderr.contains("nothing was changed here"), "\(failed.stderr)")
        #expect(t.a.state == before)
        #expect(t.serverHead() == serverBefore)
        relay.stop()
        relay = try GitServers.cuttingRelay(to: daemon.port, after: nil, log: t.dir.path + "/relay.log", port: relay.port)
        defer { relay.stop() }
        let done = t.a.evident(["sync", "--format", "json"])
        #expect(done.status == 0, "\(done.stderr)")
        #expect(Self.json(done)["result"] as? String == "pushed", "\(done.stdout)")
        #expect(t.serverHead() == t.a.head)
        let fsck = Processes.git(["fsck", "--strict", "--no-progress"], cwd: t.serverPath)
        #expect(fsck.status == 0 && fsck.stdout.isEmpty, "\(fsck.stdout)\(fsck.stderr)")
        t.a.expectClean()
    }

    /// Every id evident allocates besides evidence ids, made in two clones at the same commit
    /// without coordination: a POA&M item, an exception and a senior official's affirmation each
    /// (same day, same framework), then a syncs, b syncs (a merge), a syncs. Every record arrives
    /// as a file of its own: two POA&M items, two exceptions, two affirmations, six distinct ids,
    /// equal in both clones and on the server, and verify passes in both.
    @Test func idsMadeInTwoClonesNeverCollide() throws {
        let t = Team()
        let url = "file://" + t.serverPath
        #expect(t.a.git(["remote", "add", "origin", url]).status == 0)
        #expect(t.a.evident(["sync"]).status == 0)
        let (b, cloned) = t.clone(url, "b")
        #expect(cloned.status == 0, "\(cloned.stderr)")
        #expect(b.head == t.a.head)
        func allocate(_ c: Clone, poam requirement: String, exception: String) -> [String] {
            let p = c.evident(["poam", "add", requirement, "--weakness", "Weakness found in \(c.root)", "--scheduled-completion", "2026-09-30",
                               "--milestone", "2026-07-01 First step"])
            let e = c.evident(["exception", "add", exception, "--kind", "enduring", "--description", "Equipment that cannot be changed",
                               "--mitigation", "Isolated network", "--ssp-section", "SSP 4.7"])
            let a = c.evident(["affirm", "--framework", "cmmc", "--level", "2", "--official", "Morgan Ellis", "--official-title", "Chief Executive Officer"])
            #expect(p.status == 0 && e.status == 0 && a.status == 0, "\(p.stderr)\(e.stderr)\(a.stderr)")
            return [p.stdout, e.stdout, a.stdout].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        }
        let mine = allocate(t.a, poam: "3.1.9", exception: "SI.L2-3.14.1")
        let theirs = allocate(b, poam: "3.1.10", exception: "SI.L2-3.14.2")
        #expect(Set(mine + theirs).count == 6, "\(mine) \(theirs)")
        #expect(t.a.evident(["sync"]).status == 0)
        let merged = b.evident(["sync", "--format", "json"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(Self.json(merged)["result"] as? String == "integrated", "\(merged.stdout)")
        #expect(t.a.evident(["sync"]).status == 0)
        func files(_ folder: String) -> [String] {
            Processes.git(["ls-tree", "--name-only", "refs/heads/main", folder + "/"], cwd: t.serverPath).stdout
                .split(separator: "\n").map(String.init).sorted()
        }
        #expect(files("poam").count == 2 && files("exceptions").count == 2 && files("affirmations").count == 2,
                "\(files("poam")) \(files("exceptions")) \(files("affirmations"))")
        for id in mine + theirs {
            let name = (id as NSString).lastPathComponent
            #expect((files("poam") + files("exceptions") + files("affirmations")).contains { $0.hasSuffix(name.hasSuffix(".yaml") ? name : name + ".yaml") },
                    "\(id) is on the server")
        }
        #expect(t.a.head == b.head && t.serverHead() == b.head)
        for c in [t.a, b] {
            let listed = c.evident(["poam", "list", "--format", "json"]).stdout
            #expect(listed.contains(mine[0]) && listed.contains(theirs[0]))
            c.expectClean()
        }
    }

    /// Six clones, each adding evidence and syncing three times at once with the others (bounded
    /// loops: a sync overtaken too often exits 75 and is tried again, at most 20 times). Then each
    /// syncs once more in turn: every evidence id from every clone is on the server exactly once,
    /// every clone ends at the server's commit, and verify passes everywhere. Through git daemon,
    /// and through a file:// URL, whose pushes evident writes itself (one pack, each ref moved
    /// only from the value it read), so six writers race for the same ref there too.
    @Test(arguments: ["git", "file"]) func sixClonesSyncingAtOnceLoseNothing(transport: String) throws {
        let t = Team(hook: false)
        let daemon = transport == "git" ? try GitServers.daemon(base: t.dir.path) : nil
        defer { daemon?.stop() }
        let url = daemon.map { "git://127.0.0.1:\($0.port)/server.git" } ?? "file://" + t.serverPath
        #expect(t.a.git(["remote", "add", "origin", url]).status == 0)
        #expect(t.a.evident(["sync"]).status == 0)
        let clones = (1...6).map { i -> Clone in
            let (c, r) = t.clone(url, "c\(i)")
            precondition(r.status == 0, r.stderr)
            return c
        }
        final class Box: @unchecked Sendable {
            var ids = [[String]](repeating: [], count: 6)
            var failures = [String]()
            let lock = NSLock()
        }
        let box = Box()
        DispatchQueue.concurrentPerform(iterations: 6) { i in
            let c = clones[i]
            for round in 0..<3 {
                let id = c.addEvidence("c\(i)-\(round).json")
                var attempts = 0
                var r = c.evident(["sync"])
                while r.status == 75 && attempts < 20 {
                    attempts += 1
                    r = c.evident(["sync"])
                }
                box.lock.lock()
                box.ids[i].append(id)
                if r.status != 0 { box.failures.append("c\(i) round \(round): exit \(r.status): \(r.stderr)") }
                box.lock.unlock()
            }
        }
        #expect(box.failures.isEmpty, "\(box.failures)")
        for c in clones { #expect(c.evident(["sync"]).status == 0) }
        let all = box.ids.flatMap { $0 }.sorted()
        #expect(all.count == 18 && Set(all).count == 18)
        #expect(t.serverEvidence() == all)
        for c in clones {
            #expect(c.head == t.serverHead())
            c.expectClean()
        }
    }

    /// SSH through sshd on 127.0.0.1: a host key missing from known_hosts is refused with its
    /// fingerprint (the one ssh-keygen -l prints) and the fix; once the key is known, the first
    /// push goes through with --ssh-key, and a clone over SSH verifies.
    @Test func sshChecksTheHostKeyAndPushesWithTheKeyGiven() throws {
        let t = Team()
        let userKey = t.dir.path + "/id_ed25519"
        Processes.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", userKey], cwd: t.dir.path)
        let sshDir = t.dir.path + "/sshd"
        try FileManager.default.createDirectory(atPath: sshDir, withIntermediateDirectories: true)
        let ssh = try GitServers.sshd(in: sshDir, authorizing: try String(contentsOfFile: userKey + ".pub", encoding: .utf8))
        defer { ssh.server.stop() }
        let url = "ssh://\(ssh.user)@127.0.0.1:\(ssh.port)\(t.serverPath)"
        #expect(t.a.git(["remote", "add", "origin", url]).status == 0)
        let fingerprint = Processes.run("/usr/bin/ssh-keygen", ["-l", "-f", sshDir + "/ssh_host_ed25519_key.pub"], cwd: sshDir).stdout
            .split(separator: " ").first { $0.hasPrefix("SHA256:") }.map(String.init) ?? "?"
        let before = t.a.state
        let unknown = t.a.evident(["sync", "--ssh-key", userKey])
        #expect(unknown.status == 65)
        #expect(unknown.stderr.contains("the SSH host key of 127.0.0.1 is unknown") && unknown.stderr.contains(fingerprint), "\(unknown.stderr) / \(fingerprint)")
        #expect(unknown.stderr.contains("ssh-keyscan -p \(ssh.port) 127.0.0.1 >> ~/.ssh/known_hosts"), "\(unknown.stderr)")
        #expect(t.a.state == before)
        FileManager.default.createFile(atPath: t.home + "/.ssh/known_hosts", contents: Data("[127.0.0.1]:\(ssh.port) \(ssh.hostPublicKey)\n".utf8))
        let pushed = t.a.evident(["sync", "--ssh-key", userKey])
        #expect(pushed.status == 0, "\(pushed.stderr)")
        #expect(t.serverHead() == t.a.head)
        // Without a key the server knows (none in ~/.ssh, no agent), the server refuses.
        let noKey = t.a.evident(["sync"])
        #expect(noKey.status == 65 && noKey.stderr.contains("refused the credentials"), "\(noKey.stderr)")
        let cloned = Processes.evident(["clone", url, "over-ssh", "--ssh-key", userKey], cwd: t.dir.path, env: t.a.env)
        #expect(cloned.status == 0, "\(cloned.stderr)")
        #expect(Clone(root: t.dir.path + "/over-ssh", home: t.home).head == t.a.head)
        t.a.expectClean()
    }

    /// HTTPS-style credentials from git's own credential helper (an http:// git http-backend with
    /// Basic authentication): a helper that gives a wrong password is refused (65, nothing
    /// written) and the password never printed; the right one pushes.
    @Test func credentialsComeFromGitsCredentialHelper() throws {
        let t = Team()
        let http = try GitServers.http(root: t.dir.path, user: "ann", password: "s3cret-pass")
        defer { http.stop() }
        Processes.git(["config", "http.receivepack", "true"], cwd: t.serverPath)
        let url = "http://127.0.0.1:\(http.port)/server.git"
        #expect(t.a.git(["remote", "add", "origin", url]).status == 0)
        #expect(t.a.git(["config", "credential.helper", "!f() { echo username=ann; echo password=wrong-pass; }; f"]).status == 0)
        let before = t.a.state
        let wrong = t.a.evident(["sync"])
        #expect(wrong.status == 65)
        #expect(wrong.stderr.contains("origin refused the credentials"), "\(wrong.stderr)")
        #expect(!wrong.stderr.contains("wrong-pass") && !wrong.stdout.contains("wrong-pass"))
        #expect(t.a.state == before)
        #expect(t.a.git(["config", "credential.helper", "!f() { echo username=ann; echo password=s3cret-pass; }; f"]).status == 0)
        let ok = t.a.evident(["sync"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(!ok.stdout.contains("s3cret-pass") && !ok.stderr.contains("s3cret-pass"))
        #expect(t.serverHead() == t.a.head)
    }

    /// Refusals before anything is fetched: an unknown remote (66, naming the remotes there are),
    /// a branch that is not the checked-out one (65), a path that is no repository (66).
    @Test func refusalsNameTheRemoteAndTheFix() {
        let t = Team()
        let unknown = t.a.evident(["sync"])
        #expect(unknown.status == 66 && unknown.stderr.contains("no remote 'origin'") && unknown.stderr.contains("git remote add origin URL"), "\(unknown.stderr)")
        // A branch that does not exist here is not one to switch to.
        let noBranch = t.a.evident(["sync", "--branch", "other", "file://" + t.serverPath])
        #expect(noBranch.status == 65 && noBranch.stderr.contains("no such branch in this clone") && noBranch.stderr.contains("git switch -c other"), "\(noBranch.stderr)")
        #expect(t.a.git(["branch", "-q", "second"]).status == 0)
        let notOut = t.a.evident(["sync", "--branch", "second", "file://" + t.serverPath])
        #expect(notOut.status == 65 && notOut.stderr.contains("not the checked-out branch") && notOut.stderr.contains("git switch second"), "\(notOut.stderr)")
        let missing = t.a.evident(["sync", t.dir.path + "/nowhere.git"])
        #expect(missing.status == 66 && missing.stderr.contains("'git remote -v'"), "\(missing.stderr)")
        // A clone has no remote to list yet: the hint leaves git remote -v out.
        let cloneMissing = Processes.evident(["clone", t.dir.path + "/nowhere.git", "nothing"], cwd: t.dir.path, env: t.a.env)
        #expect(cloneMissing.status == 66 && cloneMissing.stderr.contains("no repository at") && !cloneMissing.stderr.contains("git remote -v"), "\(cloneMissing.stderr)")
        let notLedger = TemporaryDirectory("evident-sync-plain")
        Processes.git(["init", "-q", "-b", "main", notLedger.path], cwd: "/")
        notLedger.write("README", "x\n")
        Processes.git(["add", "README"], cwd: notLedger.path)
        Processes.git(["commit", "-qm", "x"], cwd: notLedger.path)
        let clone = Processes.evident(["clone", notLedger.path, "plain"], cwd: t.dir.path, env: t.a.env)
        #expect(clone.status == 65 && clone.stderr.contains("not an evident ledger"), "\(clone.stderr)")
        #expect(!FileManager.default.fileExists(atPath: t.dir.path + "/plain"))
        let odd = t.a.evident(["remote", "clear", "origin", "--for", "secret"])
        #expect(odd.status == 65 && odd.stderr.contains("--for 'secret' is not a classification"), "\(odd.stderr)")
        // A word that is no remote of this clone, no URL and no pattern is a typo, not a clearance.
        let typo = t.a.evident(["remote", "clear", "nosuchremote", "--for", "cui"])
        #expect(typo.status == 66 && typo.stderr.contains("'nosuchremote' is neither a remote of this clone"), "\(typo.stderr)")
        #expect(t.a.git(["log", "-1", "--format=%s"]).stdout.hasPrefix("Update control IAM-MFA"))
        // A repository with a history of its own is no copy of this ledger: refused, nothing merged.
        let other = TemporaryDirectory("evident-sync-other")
        Processes.git(["init", "-q", "-b", "main", other.path], cwd: "/")
        other.write("a", "a\n")
        Processes.git(["add", "a"], cwd: other.path)
        Processes.git(["commit", "-qm", "a"], cwd: other.path)
        let before = t.a.state
        let unrelated = t.a.evident(["sync", other.path])
        #expect(unrelated.status == 65 && unrelated.stderr.contains("shares no commit with this ledger's"), "\(unrelated.stderr)")
        #expect(t.a.state == before)
        t.a.expectClean()
    }

    /// A server made with a plain `git init --bare` names an unborn master in its HEAD while the
    /// ledger is pushed to main: clone still checks out main and tracks origin/main.
    @Test func aCloneOfAServerWhoseHeadIsUnbornChecksOutMain() {
        let t = Team()
        let plain = t.dir.path + "/plain.git"
        Processes.git(["-c", "init.defaultBranch=master", "init", "-q", "--bare", plain], cwd: "/")
        #expect(t.a.git(["remote", "add", "origin", plain]).status == 0)
        #expect(t.a.evident(["sync"]).status == 0)
        let (c, r) = t.clone(plain, "c")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(c.head == t.a.head)
        #expect(c.git(["rev-parse", "--abbrev-ref", "main@{upstream}"]).stdout == "origin/main\n")
        c.expectClean()
    }

    /// A clone writes its own work tree (every file on every core) with the bytes git's checkout
    /// would write under the user's settings: with `core.autocrlf=true` in the user's git config,
    /// a control record (text, outside evidence/) gets CRLF line ends exactly as `git clone`
    /// gives it, an artifact with LF line ends stays byte for byte (the ledger's
    /// .gitattributes rule), an executable file keeps its mode, and git finds the clone
    /// clean from the index evident wrote.
    @Test func aCloneChecksOutWhatGitWouldUnderTheUsersSettings() throws {
        let t = Team()
        // An executable file committed with plain git (evident stores artifacts as 100644).
        let scriptPath = "scripts/collect.sh"
        try FileManager.default.createDirectory(atPath: t.a.root + "/scripts", withIntermediateDirectories: true)
        try "#!/bin/sh\necho collected\n".write(toFile: t.a.root + "/" + scriptPath, atomically: true, encoding: .utf8)
        #expect(chmod(t.a.root + "/" + scriptPath, 0o755) == 0)
        #expect(t.a.git(["add", scriptPath]).status == 0)
        let committed = Processes.git(["-c", "user.name=Lead", "-c", "user.email=lead@example.com", "commit", "-q", "-m", "Add the collection script"],
                                      cwd: t.a.root, env: ["HOME": t.home, "EVIDENT": Processes.evidentPath])
        #expect(committed.status == 0, "\(committed.stderr)")
        let lines = t.a.addEvidence("lines.txt")
        let url = "file://" + t.serverPath
        #expect(t.a.git(["remote", "add", "origin", url]).status == 0)
        #expect(t.a.evident(["sync"]).status == 0)
        let home = t.dir.path + "/crlf-home"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try "[core]\n\tautocrlf = true\n".write(toFile: home + "/.gitconfig", atomically: true, encoding: .utf8)
        let c = Clone(root: t.dir.path + "/c", home: home, env: ["EVIDENT_GIT_CONFIG_SEARCH_PATH": home])
        let r = Processes.evident(["clone", url, "c"], cwd: t.dir.path, env: c.env)
        #expect(r.status == 0, "\(r.stderr)")
        let byGit = t.dir.path + "/by-git"
        #expect(Processes.git(["clone", "-q", url, byGit], cwd: t.dir.path, env: ["HOME": home]).status == 0)
        let control = "controls/IAM-MFA.yaml"
        let ours = FileManager.default.contents(atPath: c.root + "/" + control) ?? Data()
        #expect(ours.contains(Data("\r\n".utf8)), "autocrlf=true converts a text file outside evidence/ on checkout")
        #expect(ours == FileManager.default.contents(atPath: byGit + "/" + control), "the control record as git clone wrote it")
        let folder = c.git(["ls-tree", "-r", "--name-only", "HEAD", "evidence"]).stdout.split(separator: "\n").map(String.init)
        let artifact = try #require(folder.first { $0.contains(lines) && $0.hasSuffix("/lines.txt") })
        let blob = c.git(["cat-file", "blob", "HEAD:" + artifact]).stdout
        #expect(String(decoding: FileManager.default.contents(atPath: c.root + "/" + artifact) ?? Data(), as: UTF8.self) == blob)
        #expect(!blob.contains("\r"))
        #expect(FileManager.default.isExecutableFile(atPath: c.root + "/" + scriptPath))
        #expect(c.git(["ls-files", "-s", scriptPath]).stdout.hasPrefix("100755 "))
        #expect(c.git(["diff", "--quiet"]).status == 0)
        c.expectClean()
    }

    /// A clearance recorded in another clone and pushed counts before it is merged here: b adds
    /// CUI evidence while a clears the remote for cui; b's sync takes a's clearance and pushes.
    @Test func aClearanceMadeInAnotherCloneCounts() throws {
        let t = Team()
        let url = "file://" + t.serverPath
        #expect(t.a.git(["remote", "add", "origin", url]).status == 0)
        #expect(t.a.evident(["sync"]).status == 0)
        let (b, _) = t.clone(url, "b")
        let cui = b.addEvidence("enclave.csv", classification: "cui")
        #expect(t.a.evident(["remote", "clear", "origin", "--for", "cui"]).status == 0)
        #expect(t.a.evident(["sync"]).status == 0)
        let synced = b.evident(["sync"])
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect(t.serverEvidence() == [cui])
        b.expectClean()
    }

    /// The clearance is checked before anything is integrated: with new commits on the remote
    /// and CUI here, the refusal leaves no merge commit behind.
    @Test func aClearanceRefusalMergesNothing() throws {
        let t = Team()
        let url = "file://" + t.serverPath
        #expect(t.a.git(["remote", "add", "origin", url]).status == 0)
        #expect(t.a.evident(["sync"]).status == 0)
        let (b, _) = t.clone(url, "b")
        _ = b.addEvidence("b.json")
        #expect(b.evident(["sync"]).status == 0)
        _ = t.a.addEvidence("cui.csv", classification: "cui")
        let before = t.a.state
        let refused = t.a.evident(["sync"])
        #expect(refused.status == 65 && refused.stderr.contains("(cui)"), "\(refused.stderr)")
        #expect(t.a.state == before)
        t.a.expectClean()
    }
}
