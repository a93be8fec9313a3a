import Clibgit2
import Foundation

/// A push to a bare repository on this machine (a path or a `file://` URL), written directly:
/// the objects the remote lacks in one pack (`PackBuilder`, no delta search), then each ref
/// moved only if it still holds what was read, as `git receive-pack` moves it.
///
/// Why not libgit2's local transport: it packs the objects with its delta search, which for 100
/// commits of 1,000 small records cost 0.5 s of a push `git push` makes in 0.18 s (git reuses the
/// deltas its packs already hold). The refs it would write and the checks it would make are the
/// same: a branch only fast-forwards, a tag is never moved, a ref another writer moved in the
/// meantime is refused. And the remote's hooks run, as they do for `git push` to a path (libgit2
/// runs none): a team's pre-receive guards a repository on a shared disk too.
extension Repository {
    /// The bare repository `url` names on this machine, or nil (a network URL, a repository with
    /// a work tree, a path that is not a repository: libgit2's transport says what is wrong).
    static func localBareRepository(_ url: String) -> Repository? {
        var path = url
        if path.hasPrefix("file://") {
            path.removeFirst("file://".count)
            // Percent-escapes and hosts (file://host/path) are the transport's to read.
            guard path.hasPrefix("/"), !path.contains("%") else { return nil }
        }
        guard path.hasPrefix("/"), let repo = try? Repository(at: path), repo.isBare else { return nil }
        return repo
    }

    /// Pushes `refspecs` (`refs/...:refs/...`, never forced) to the bare repository `remote`.
    /// A branch that would not fast-forward throws `.nonFastForward`, as libgit2's push does
    /// before sending; a ref the remote refuses (a tag that exists with another value, a ref
    /// moved by another writer since it was read) is in the report.
    func pushLocal(to remote: Repository, refspecs: [String]) throws(GitError) -> PushReport {
        var updates: [(ref: String, id: ObjectID, current: ObjectID?)] = []
        var report = PushReport()
        for spec in refspecs {
            let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].hasPrefix("+"),
                  let id = try referenceTarget(parts[0]) else {
                throw GitError(code: .invalidSpec, message: "cannot push \(spec)", function: "Repository.pushLocal")
            }
            let current = try remote.referenceTarget(parts[1])
            if current == id { continue }
            if let current {
                if parts[1].hasPrefix("refs/tags/") {
                    report.rejected.append((parts[1], "already exists"))
                    continue
                }
                guard hasObject(current), try isAncestor(current, of: try peelToCommit(id)) else {
                    throw GitError(code: .nonFastForward, message: "cannot push non-fastforwardable reference", function: "Repository.pushLocal")
                }
            }
            updates.append((parts[1], id, current))
        }
        guard !updates.isEmpty else { return report }

        let missing = try objectsMissing(from: remote, for: updates.map(\.id))
        let builder = try PackBuilder.objects(missing.map { item in { body in item.bytes.withUnsafeBytes { body(item.type, $0) } } })
        // As git receive-pack: the pack goes to a quarantine folder first, which pre-receive sees
        // (GIT_QUARANTINE_PATH, the repository's objects as an alternate); a refusal deletes it,
        // so nothing refused stays on the server; otherwise its files move into objects/pack.
        let objects = remote.gitDirectory + "objects/"
        let quarantine = objects + "incoming-evident-\(getpid())-\(UInt32.random(in: 0...UInt32.max))/"
        defer { try? FileManager.default.removeItem(atPath: quarantine) }
        guard mkdir(quarantine, 0o700) == 0 else {
            throw GitError(code: .other(-1), message: "cannot create \(quarantine): \(String(cString: strerror(errno)))", function: "Repository.pushLocal")
        }
        let pack = try remote.storePack(builder, fsync: remote.fsyncPolicy(), in: quarantine)

        // The remote's hooks, as git receive-pack runs them: pre-receive for all refs (a refusal
        // refuses every one), update for each, then the refs, then post-receive and post-update.
        func line(_ u: (ref: String, id: ObjectID, current: ObjectID?)) -> String {
            "\(u.current?.hex ?? String(repeating: "0", count: 40)) \(u.id.hex) \(u.ref)\n"
        }
        var output = ""
        let quarantined = ["GIT_QUARANTINE_PATH": String(quarantine.dropLast()), "GIT_OBJECT_DIRECTORY": String(quarantine.dropLast()),
                           "GIT_ALTERNATE_OBJECT_DIRECTORIES": String(objects.dropLast())]
        if let hook = remote.runHook("pre-receive", input: updates.map(line).joined(), environment: quarantined) {
            output += hook.output
            if hook.status != 0 {
                report.rejected += updates.map { ($0.ref, "pre-receive hook declined") }
                report.serverMessages = output
                return report
            }
        }
        if let pack {
            // The pack before its index: git and libgit2 find packs by their index.
            for suffix in [".pack", ".idx"] where rename(quarantine + "pack/" + pack + suffix, objects + "pack/" + pack + suffix) != 0 {
                throw GitError(code: .other(-1), message: "cannot move \(pack)\(suffix) out of \(quarantine): \(String(cString: strerror(errno)))", function: "Repository.pushLocal")
            }
            var odb: OpaquePointer?
            try check(git_repository_odb(&odb, remote.raw), "git_repository_odb")
            defer { git_odb_free(odb) }
            try check(git_odb_refresh(odb), "git_odb_refresh")
        }
        var moved: [(ref: String, id: ObjectID, current: ObjectID?)] = []
        for u in updates {
            if let hook = remote.runHook("update", arguments: [u.ref, u.current?.hex ?? String(repeating: "0", count: 40), u.id.hex]) {
                output += hook.output
                if hook.status != 0 {
                    report.rejected.append((u.ref, "update hook declined"))
                    continue
                }
            }
            do {
                try remote.updateReference(u.ref, to: u.id, expecting: u.current, logMessage: "push")
                moved.append(u)
            } catch where [.modified, .exists, .locked].contains(error.code) {
                report.rejected.append((u.ref, "failed to update ref: another writer moved it"))
            }
        }
        if !moved.isEmpty {
            output += remote.runHook("post-receive", input: moved.map(line).joined())?.output ?? ""
            output += remote.runHook("post-update", arguments: moved.map(\.ref))?.output ?? ""
        }
        report.serverMessages = output
        return report
    }

    /// Runs this repository's hook `name` when it is an executable file in the hooks folder
    /// (`core.hooksPath`, else `hooks/`), in the repository's folder with `GIT_DIR` naming it, as
    /// receive-pack does; `input` on its standard input. Returns its exit status and its output
    /// (standard output and error together, as a server relays them), or nil when there is no such
    /// hook. A hook that cannot be started counts as one that refused.
    func runHook(_ name: String, arguments: [String] = [], input: String = "", environment extra: [String: String] = [:]) -> (status: Int32, output: String)? {
        var folder = gitDirectory + "hooks/"
        if let configured = (try? configString("core.hooksPath")) ?? nil, !configured.isEmpty {
            folder = (configured.hasPrefix("/") ? configured : gitDirectory + configured) + "/"
        }
        let path = folder + name
        guard access(path, X_OK) == 0 else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: gitDirectory)
        var environment = ProcessInfo.processInfo.environment.filter { key, _ in
            !["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
              "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_PREFIX"].contains(key)
        }
        environment["GIT_DIR"] = String(gitDirectory.dropLast())
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let stdin = Pipe(), out = Pipe()
        process.standardInput = stdin
        process.standardOutput = out
        process.standardError = out
        return ignoringBrokenPipes { () -> (status: Int32, output: String) in
            do {
                try process.run()
            } catch {
                return (126, "cannot run the \(name) hook \(path): \(error.localizedDescription)\n")
            }
            try? stdin.fileHandleForReading.close()
            try? out.fileHandleForWriting.close()
            // Written from another thread, so a hook that prints before it reads cannot stall the
            // push; one that exits without reading ends the write (EPIPE, with SIGPIPE ignored).
            let written = DispatchSemaphore(value: 0)
            Thread {
                try? stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
                try? stdin.fileHandleForWriting.close()
                written.signal()
            }.start()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            written.wait()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
    }

    func hasObject(_ id: ObjectID) -> Bool {
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, raw) == 0 else { git_error_clear(); return false }
        defer { git_odb_free(odb) }
        var oid = id.raw
        return git_odb_exists(odb, &oid) == 1
    }

    /// The objects reachable from `tips` that `remote` does not hold, read from this repository:
    /// the commits its refs do not reach (the walk hides every remote ref this repository knows),
    /// and of each commit's tree only the entries that differ from the same path in a parent's
    /// tree (unchanged subtrees share ids), skipping what the remote's objects already hold.
    private func objectsMissing(from remote: Repository, for tips: [ObjectID]) throws(GitError) -> [(type: git_object_t, bytes: Data)] {
        var remoteODB: OpaquePointer?
        try check(git_repository_odb(&remoteODB, remote.raw), "git_repository_odb")
        defer { git_odb_free(remoteODB) }
        // No refresh on a miss: libgit2 otherwise reads the pack folder again for every object
        // the remote lacks, which is most of them. Nothing is written there during the walk.
        try check(git_odb_refresh(remoteODB), "git_odb_refresh")
        func remoteHas(_ id: ObjectID) -> Bool {
            var oid = id.raw
            return git_odb_exists_ext(remoteODB, &oid, UInt32(GIT_ODB_LOOKUP_NO_REFRESH.rawValue)) == 1
        }

        var wanted: [ObjectID] = []
        var seen = Set<ObjectID>()
        func want(_ id: ObjectID) -> Bool {
            guard !seen.contains(id) else { return false }
            seen.insert(id)
            guard !remoteHas(id) else { return false }
            wanted.append(id)
            return true
        }

        var hidden: [ObjectID] = []
        for (_, id) in try remote.references(matching: "refs/*") where hasObject(id) {
            if let commit = try? peelToCommit(id) { hidden.append(commit) }
        }
        var walker: OpaquePointer?
        try check(git_revwalk_new(&walker, raw), "git_revwalk_new")
        defer { git_revwalk_free(walker) }
        for tip in tips {
            // An annotated tag goes itself, then what it points at.
            var target = tip
            while try objectKind(target) == .tag {
                _ = want(target)
                target = try tag(id: target).target
            }
            guard try objectKind(target) == .commit else {
                throw GitError(code: .invalidSpec, message: "cannot push \(tip.hex): not a commit or a tag of one", function: "Repository.pushLocal")
            }
            var oid = target.raw
            try check(git_revwalk_push(walker, &oid), "git_revwalk_push")
        }
        for h in hidden {
            var oid = h.raw
            try check(git_revwalk_hide(walker, &oid), "git_revwalk_hide")
        }
        var visited = Set<[ObjectID]>()
        var oid = git_oid()
        while true {
            let rc = git_revwalk_next(&oid, walker)
            if rc == GIT_ITEROVER.rawValue { git_error_clear(); break }
            try check(rc, "git_revwalk_next")
            let info = try commit(ObjectID(oid))
            guard want(info.id) else { continue }
            let parentTrees = try info.parents.map { p throws(GitError) in try treeID(ofCommit: p) }
            try addTree(info.tree, parents: parentTrees, want: want, remoteHas: remoteHas, visited: &visited)
        }

        return try rawObjects(wanted)
    }

    /// `tree` and what under it differs from the same place in every one of `parents`. Sound by
    /// induction over the walk: what equals a parent's entry is the parent's to send (the remote
    /// holds it, or the parent is a commit of this push); everything else is sent here. A tree the
    /// remote holds is not gone into: git stores a tree only with everything it names. The same
    /// tree against the same parents is gone through once. Entries are compared in libgit2's own
    /// tree objects (a binary search by name in each parent), without copying names out.
    private func addTree(_ tree: ObjectID, parents: [ObjectID], want: (ObjectID) -> Bool, remoteHas: (ObjectID) -> Bool,
                         visited: inout Set<[ObjectID]>) throws(GitError) {
        guard !parents.contains(tree), visited.insert([tree] + parents).inserted else { return }
        _ = want(tree)
        guard !remoteHas(tree) else { return }
        var oid = tree.raw
        var object: OpaquePointer?
        try check(git_tree_lookup(&object, raw, &oid), "git_tree_lookup")
        defer { git_tree_free(object) }
        var parentObjects: [OpaquePointer?] = []
        defer { parentObjects.forEach { git_tree_free($0) } }
        for p in parents {
            var poid = p.raw
            var parent: OpaquePointer?
            try check(git_tree_lookup(&parent, raw, &poid), "git_tree_lookup")
            parentObjects.append(parent)
        }
        for k in 0..<git_tree_entrycount(object) {
            guard let entry = git_tree_entry_byindex(object, k), let id = git_tree_entry_id(entry), let name = git_tree_entry_name(entry) else { continue }
            var sub: [ObjectID] = []
            var same = false
            for parent in parentObjects {
                guard let before = git_tree_entry_byname(parent, name), let beforeID = git_tree_entry_id(before) else { continue }
                if git_oid_equal(beforeID, id) != 0 { same = true; break }
                if git_tree_entry_type(before) == GIT_OBJECT_TREE { sub.append(ObjectID(beforeID)) }
            }
            if same { continue }
            switch git_tree_entry_type(entry) {
            case GIT_OBJECT_TREE:
                try addTree(ObjectID(id), parents: sub, want: want, remoteHas: remoteHas, visited: &visited)
            case GIT_OBJECT_BLOB:
                _ = want(ObjectID(id))
            default:
                continue // a submodule's commit, of another repository
            }
        }
    }
}
