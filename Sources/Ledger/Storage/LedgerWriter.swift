#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GitStore
import LedgerCore

/// A file a commit writes into the ledger.
public struct FileWrite: Sendable {
    public var path: String
    public var data: Data

    public init(path: String, data: Data) {
        self.path = path
        self.data = data
    }
}

/// One ledger write: exactly one commit with a summary, an optional body and trailers.
public struct CommitRequest: Sendable {
    public var action: String
    public var summary: String
    public var body: String?
    public var trailers: [(String, String)]
    public var writes: [FileWrite]
    public var removals: [String]
    /// Parents after HEAD: a merge commit's other side (`evident sync`).
    var otherParents: [ObjectID] = []
    /// Instead of a new commit, move the branch to this one (a fast-forward): the write must
    /// produce exactly its tree, which is checked before the branch moves.
    var adopt: ObjectID?

    public init(action: String, summary: String, body: String? = nil, trailers: [(String, String)] = [], writes: [FileWrite], removals: [String] = []) {
        self.action = action
        self.summary = summary
        self.body = body
        self.trailers = trailers
        self.writes = writes
        self.removals = removals
    }

    /// Summary, blank line, body, blank line, trailers (`Evident-Action` first), as git expects.
    public var message: String {
        var text = summary + "\n"
        if let body, !body.isEmpty { text += "\n" + body.trimmingCharacters(in: .whitespacesAndNewlines) + "\n" }
        text += "\n" + ([("Evident-Action", action)] + trailers).map { "\($0.0): \($0.1)" }.joined(separator: "\n") + "\n"
        return text
    }
}

/// Makes ledger commits safely:
/// 1. takes the writer lock (waiting, then exit 75), repairing what a killed writer left behind;
/// 2. checks that HEAD's branch and the work tree are clean where the ledger lives;
/// 3. writes a journal, then the files, stages them, writes the tree and the commit object;
/// 4. moves the branch only if it still points where it did (compare-and-swap), then writes the index.
/// Any failure before step 4 restores the work tree and index, so nothing is left behind; HEAD
/// never points at a partial commit because the ref moves in one atomic rename.
final class LedgerWriter {
    let repository: Repository
    let root: String
    let environment: RunEnvironment
    /// Messages for the user about repairs made (printed by the CLI on stderr).
    private(set) var notices: [String] = []

    init(repository: Repository, root: String, environment: RunEnvironment) {
        self.repository = repository
        self.root = root
        self.environment = environment
    }

    convenience init(ledger: LedgerRepository, environment: RunEnvironment) {
        self.init(repository: ledger.repository, root: ledger.root, environment: environment)
    }

    var lockTimeout: Double {
        environment.variables["EVIDENT_LOCK_TIMEOUT"].flatMap(Double.init) ?? 30
    }

    /// Runs `prepare` under the lock with the current HEAD (nil when unborn), then commits what it returns.
    ///
    /// One path: the index is read and written by `IndexFile` (the new entries carry the stat
    /// data of the files just written, and only the folders the commit touches get new trees,
    /// the rest come from the index's tree cache); the blobs and those trees are stored loose
    /// when few, or as one pack (`PackBuilder`) when many, and the commit object through
    /// libgit2. ARCHITECTURE.md has the steps.
    @discardableResult
    func commit(action: String, author: Signature, _ prepare: (ObjectID?) throws -> CommitRequest) throws -> ObjectID {
        try commitReturning(action: action, author: author) { head in (try prepare(head), ()) }.commit
    }

    /// `commit`, for use cases that also return a value of their own (the record they wrote, say).
    ///
    /// `expectedFiles` are contents the use case knows it will write (the artifacts of new
    /// evidence): when there are many, they are encoded for the pack on the other cores from
    /// this moment on, while the lock is taken, the ledger checked and the request prepared.
    /// Writes whose bytes match them, in order, use their encoding; any other write is encoded
    /// after `prepare`, so the commit is the same either way.
    ///
    /// `heldLock`: the writer lock the caller already holds (`withLock`), for a use case that
    /// commits more than once under one lock (`evident sync`); nil takes it here.
    func commitReturning<T>(action: String, author: Signature, expectedFiles: [Data] = [], heldLock: WriteLock? = nil,
                            _ prepare: (ObjectID?) throws -> (CommitRequest, T)) throws -> (commit: ObjectID, value: T) {
        var t0 = Date()
        let encoding = DispatchGroup()
        let early = EncodedPack()
        if expectedFiles.count >= StagingArea.packThreshold {
            DispatchQueue.global().async(group: encoding) {
                early.result = Result { () throws(GitError) -> PackBuilder in try PackBuilder.blobs(expectedFiles) }
            }
        }
        defer { encoding.wait() }
        try ensureWritable()
        let lock = try heldLock ?? WriteLock.acquire(gitDirectory: repository.gitDirectory, action: action, timeout: lockTimeout)
        defer { if heldLock == nil { lock.release() } }
        if heldLock == nil { try recover(lock) }
        try ensureWritable()
        // Flushed to disk as git would flush them in this repository (core.fsync): by default the
        // pack and its index, before the branch moves.
        let durability = repository.applyFsyncPolicy()

        guard let branch = try? repository.headBranchReference() else {
            throw LedgerError.invalid("HEAD is detached in \(root): check out the ledger's branch first (git switch main)")
        }
        let head: ObjectID?
        do { head = try repository.headCommit() } catch { throw translate(error, "reading HEAD") }
        let index = try ensureClean()
        trace("write: clean check", &t0)
        var (request, value) = try prepare(head)
        trace("write: prepare", &t0)
        try ensureNoGitIndexLock()

        let headTree: ObjectID? = try head.map { h in try wrap("reading HEAD") { try repository.treeID(ofCommit: h) } }
        var entries = [WriteLock.Journal.Entry]()
        let lookup = HeadLookup(repository: repository, tree: headTree)
        // A ledger made before evident kept its own .gitattributes gets it with this write, and
        // the commit says so.
        // A fast-forward takes the other commit's tree as it is.
        if request.adopt == nil, !request.writes.contains(where: { $0.path == EvidenceProtection.path }) {
            let existing = try lookup.blob(at: EvidenceProtection.path).map { id in try wrap("reading \(EvidenceProtection.path)") { try repository.blob(id) } }
            if let protection = try EvidenceProtection.write(headFile: existing, root: root) {
                request.writes.append(protection)
                let note = existing == nil
                    ? "Adds \(EvidenceProtection.path) so git keeps evidence bytes as recorded in every clone (\(EvidenceProtection.rule))."
                    : "Appends '\(EvidenceProtection.rule)' to \(EvidenceProtection.path) so git keeps evidence bytes as recorded in every clone."
                request.body = [request.body, note].compactMap { $0 }.joined(separator: "\n\n")
            }
        }
        for w in request.writes {
            entries.append(.init(path: w.path, previous: try lookup.blob(at: w.path)?.hex, removes: false))
        }
        for r in request.removals {
            entries.append(.init(path: r, previous: try lookup.blob(at: r)?.hex, removes: true))
        }
        var journal = WriteLock.Journal(pid: getpid(), action: action, startedAt: environment.now.description, branch: branch,
                                        headBefore: head?.hex, commit: nil, entries: entries)
        try lock.writeJournal(journal)
        fault("journal")

        let newCommit: ObjectID
        let newTree: ObjectID
        var staged: StagedIndex?
        // A large commit's blobs are encoded for one pack on the other cores while the files are
        // written (those of `expectedFiles` since before the lock was taken).
        let encoded = EncodedPack()
        if request.writes.count >= StagingArea.packThreshold && expectedFiles.count < StagingArea.packThreshold {
            let blobs = request.writes.map(\.data)
            DispatchQueue.global().async(group: encoding) {
                encoded.result = Result { () throws(GitError) -> PackBuilder in try PackBuilder.blobs(blobs) }
            }
        }
        do {
            defer { encoding.wait() }
            let stats = try writeFiles(request.writes)
            for r in request.removals {
                unlink(absolute(r))
                removeEmptyParents(of: r)
            }
            // With the ledger's .gitattributes in place: nothing of this clone's own may still
            // change the evidence bytes on checkout.
            try EvidenceProtection.check(repository, root: root, paths: request.writes.map(\.path).filter { $0.hasPrefix(Layout.evidenceRoot + "/") })
            fault("worktree")
            trace("write: work tree", &t0)
            // Many files: the blobs were encoded for one pack on the other cores while the files
            // were written, and the new trees join them; few: loose objects, as git commit writes.
            encoding.wait()
            var pack: PackBuilder?
            var ids = [ObjectID]()
            if let early = try early.result.map({ r in try wrap("storing the files") { try r.get() } }) {
                // The expected contents in order; anything else (the record) joins the pack.
                pack = early
                let known = early.ids
                var next = 0
                for w in request.writes {
                    if next < expectedFiles.count && w.data == expectedFiles[next] {
                        ids.append(known[next])
                        next += 1
                    } else {
                        ids.append(try wrap("storing \(w.path)") { try early.add(blob: w.data) })
                    }
                }
            } else if let encoded = try encoded.result.map({ r in try wrap("storing the files") { try r.get() } }) {
                pack = encoded
                ids = encoded.ids
            } else {
                ids = try request.writes.map { w in try wrap("storing \(w.path)") { try repository.writeBlob(w.data) } }
            }
            var additions = [IndexEntry]()
            additions.reserveCapacity(ids.count)
            for (k, w) in request.writes.enumerated() {
                additions.append(IndexEntry(path: w.path, id: ids[k], stat: stats[k]))
            }
            guard let next = index.staging(additions, removals: request.removals) else {
                throw LedgerError.invalid("a path of this write is a file in the index where a folder is needed, or a folder where a file is needed: "
                    + "\(request.writes.map(\.path).prefix(3).joined(separator: ", ")); move the file that is in the way with git, then run the command again")
            }
            staged = next
            fault("staged")
            trace("write: staged", &t0)
            if let pack {
                newTree = try wrap("writing the tree") { try next.writeTree(into: pack) }
                try wrap("storing the files") { _ = try repository.storePack(pack, fsync: durability) }
            } else {
                newTree = try wrap("writing the tree") { try next.writeTree(to: repository) }
            }
            trace("write: objects stored", &t0)
            if let adopt = request.adopt {
                // A fast-forward: the files written must make exactly the other commit's tree.
                let expected = try wrap("reading \(adopt.hex)") { try repository.treeID(ofCommit: adopt) }
                guard expected == newTree else {
                    throw LedgerError(.failure, "bringing the work tree to \(adopt.hex.prefix(10)) gave another tree (\(newTree.hex.prefix(10)), not \(expected.hex.prefix(10))): nothing was changed; run 'evident validate' and report this")
                }
                newCommit = adopt
            } else {
                newCommit = try wrap("writing the commit") {
                    try repository.createCommit(tree: newTree, parents: (head.map { [$0] } ?? []) + request.otherParents, author: author, committer: author,
                                                message: request.message)
                }
            }
            journal.commit = newCommit.hex
            try lock.markCommitted(newCommit.hex)
            fault("commit-object")
            if !index.isCurrent {
                throw LedgerError(.busy, "git's index changed while evident was writing (another git process staged something): nothing was committed; run the command again")
            }
            do {
                try repository.updateReference(branch, to: newCommit, expecting: head, logMessage: "evident: \(request.summary)")
            } catch let e where e.code == .modified || e.code == .exists {
                throw LedgerError(.busy, "\(branch) moved while evident was writing (another process committed): nothing was written; run the command again")
            } catch {
                throw translate(error, "moving \(branch)")
            }
        } catch {
            rollback(journal)
            lock.removeJournal()
            throw error
        }
        fault("ref")
        let syncIndex = durability.components.contains(.index)
        if let staged { try wrap("writing the index") { try staged.write(sync: syncIndex) } }
        trace("write: index written", &t0)
        let synced = repository.synced + (syncIndex && staged != nil ? ["index"] : [])
        traceNote("write: flushed to disk: " + (synced.isEmpty ? "nothing (core.fsync names none of what this write wrote)" : synced.joined(separator: ", ")))
        fault("index")
        lock.removeJournal()
        return (newCommit, value)
    }

    /// Runs `body` under the writer lock on a clean ledger, for writes that are not commits
    /// (snapshot tags): two writers never interleave, and a killed writer's journal is repaired first.
    func withLock<T>(action: String, _ body: (ObjectID?) throws -> T) throws -> T {
        try withHeldLock(action: action) { _, head in try body(head) }
    }

    /// `withLock`, handing `body` the lock itself, so it can commit under it (`commitReturning(heldLock:)`).
    func withHeldLock<T>(action: String, _ body: (WriteLock, ObjectID?) throws -> T) throws -> T {
        try ensureWritable()
        let lock = try WriteLock.acquire(gitDirectory: repository.gitDirectory, action: action, timeout: lockTimeout)
        defer { lock.release() }
        try recover(lock)
        try ensureWritable()
        repository.applyFsyncPolicy() // libgit2 then flushes the tag and ref when core.fsync asks for refs
        guard (try? repository.headBranchReference()) != nil else {
            throw LedgerError.invalid("HEAD is detached in \(root): check out the ledger's branch first (git switch main)")
        }
        let head: ObjectID?
        do { head = try repository.headCommit() } catch { throw translate(error, "reading HEAD") }
        try ensureClean()
        return try body(lock, head)
    }

    // MARK: Checks

    /// Refuses, before anything is written (not even the lock), a repository evident cannot
    /// commit in: a bare one (no work tree, so no index to keep in step), or one where a git
    /// operation is under way (a commit then would land in the middle of it), naming the fix.
    /// Checked again under the lock, since git may have started one meanwhile.
    func ensureWritable() throws {
        if repository.isBare {
            throw LedgerError.invalid("\(root) is a bare repository: evident reads it, but writes only in a clone with a work tree; run the command in a clone (git clone \(root)) and push")
        }
        let operation: String
        let fix: String
        switch repository.state {
        case .none: return
        case .merge: (operation, fix) = ("a merge", "'git commit' to conclude it, or 'git merge --abort'")
        case .revert: (operation, fix) = ("a revert", "'git revert --continue', or 'git revert --abort'")
        case .cherryPick: (operation, fix) = ("a cherry-pick", "'git cherry-pick --continue', or 'git cherry-pick --abort'")
        case .bisect: (operation, fix) = ("a bisect", "'git bisect reset'")
        case .rebase, .applyMailboxOrRebase: (operation, fix) = ("a rebase", "'git rebase --continue', or 'git rebase --abort'")
        case .applyMailbox: (operation, fix) = ("a 'git am'", "'git am --continue', or 'git am --abort'")
        }
        throw LedgerError.invalid("\(operation) is in progress in \(root): evident commits only when no git operation is under way; finish it with \(fix), then run the command again")
    }

    /// Refuses to write over uncommitted changes, naming them: staged changes anywhere, changed or
    /// deleted tracked files anywhere, and untracked files in the ledger's folders. Checked the way
    /// `git commit` checks, from the index (one stat per tracked file, a hash only when the stat
    /// data cannot be trusted), so the cost does not grow with a full listing of the work tree.
    /// Stray files deep inside an evidence folder are left to `evident validate` and the hooks.
    ///
    /// Returns the index as read.
    @discardableResult
    func ensureClean() throws -> IndexFile {
        var t0 = Date()
        let index = try wrap("reading the index") { try IndexFile.read(path: repository.gitDirectory + "index") }
        trace("clean: index read (\(index.count) entries)", &t0)
        var dirty = [(path: String, what: String)]()
        // Staged changes: the tree the index describes, against HEAD's. With a valid cache tree
        // (which evident and git keep in the index) this reads one id.
        let head = try wrap("reading HEAD") { try repository.headCommit() }
        let indexTree = try wrap("reading the index") { try index.treeID() }
        let headTree = try head.map { h in try wrap("reading HEAD") { try repository.treeID(ofCommit: h) } }
        if headTree != indexTree && !(headTree == nil && index.count == 0) {
            // Rare: name the staged paths with a full status.
            let staged = (try? repository.status(untracked: false))?.filter { $0.kinds.contains(.staged) } ?? []
            dirty += staged.map { ($0.path, "staged") }
            if staged.isEmpty { dirty.append(("(the index)", "staged changes")) }
        }
        trace("clean: staged check", &t0)
        for change in index.workTreeChanges(root: root, policy: repository.statPolicy()) {
            dirty.append((change.path, change.kind.rawValue))
        }
        trace("clean: work tree stat", &t0)
        dirty += untrackedInLedgerFolders { dir, folders in index.listUntracked(in: dir, root: root, trackedFolders: folders) }
        trace("clean: untracked", &t0)
        guard !dirty.isEmpty else { return index }
        var seen = Set<String>()
        let unique = dirty.filter { seen.insert($0.path).inserted }
        let shown = unique.prefix(10).map { "  \($0.path) (\($0.what))" }
        let more = unique.count > 10 ? "\n  ... and \(unique.count - 10) more" : ""
        throw LedgerError.invalid("""
        the ledger has uncommitted changes; evident commits only on a clean ledger:
        \(shown.joined(separator: "\n"))\(more)
        commit them (after 'evident validate') or discard them (git restore / git clean), then run the command again
        """)
    }

    /// Untracked entries in the ledger's own folders and in the year and month levels of
    /// `evidence/` (a few dozen directory listings, whatever the size of the ledger).
    /// `listing(folder, wantFolders)` gives a folder's untracked names and, when asked, the
    /// names of its subfolders that hold tracked files.
    private func untrackedInLedgerFolders(_ listing: (String, Bool) -> (untracked: [String], trackedFolders: [String])) -> [(path: String, what: String)] {
        var out = [(path: String, what: String)]()
        func check(_ dir: String, descend: Int) {
            let (untracked, folders) = listing(dir, descend > 0)
            if descend > 0 {
                for name in folders { check(dir + "/" + name, descend: descend - 1) }
            }
            for name in untracked {
                let path = dir + "/" + name
                // Ignore rules are consulted only for the rare untracked entry.
                if repository.isIgnored(path) { continue }
                var isDir: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: absolute(path), isDirectory: &isDir)
                if isDir.boolValue {
                    // Name the files of an untracked folder, as git status -uall does.
                    let files = (FileManager.default.enumerator(atPath: absolute(path))?.allObjects as? [String] ?? [])
                        .filter { rel in
                            var d: ObjCBool = false
                            return FileManager.default.fileExists(atPath: absolute(path + "/" + rel), isDirectory: &d) && !d.boolValue
                        }.sorted()
                    out += files.prefix(20).map { (path + "/" + $0, "untracked") }
                    if files.isEmpty { out.append((path + "/", "untracked")) }
                } else {
                    out.append((path, "untracked"))
                }
            }
        }
        check(Layout.metaRoot, descend: 1)
        check(Layout.controlsRoot, descend: 0)
        check(Layout.poamRoot, descend: 0)
        check(Layout.affirmationsRoot, descend: 0)
        check(Layout.exceptionsRoot, descend: 0)
        // evidence/<YYYY>/<MM>/<ID>: the ID folders are named but not listed.
        check(Layout.evidenceRoot, descend: 2)
        return out
    }

    func ensureNoGitIndexLock() throws {
        let path = repository.gitDirectory + "index.lock"
        if FileManager.default.fileExists(atPath: path) {
            throw LedgerError(.busy, "git's index is locked: \(path) exists, so another git process is writing; wait for it, or delete the file if no git process is running")
        }
    }

    // MARK: Work tree

    func absolute(_ path: String) -> String { root + "/" + path }

    /// Folders known to exist during this write (so each is created at most once).
    private var madeDirectories = Set<String>()

    /// Writes a work-tree file with plain POSIX calls (Foundation's writes go through a temp file,
    /// a rename and an fsync each, which made bulk adds many times slower than git) and returns
    /// the stat data of what was written, for its index entry. An existing file (or symbolic
    /// link) at the path is replaced, never written through.
    @discardableResult
    private func writeFile(_ path: String, _ data: Data) throws -> FileStat {
        let full = absolute(path)
        try ensureDirectory((full as NSString).deletingLastPathComponent)
        return try Self.writeContents(data, to: full)
    }

    /// Writes every file of a commit, in order, returning their stat data. Many files are written
    /// on every core (a file creation locks its folder, so runs of paths mostly in different
    /// folders go to different threads); their folders are made first, here.
    private func writeFiles(_ writes: [FileWrite]) throws -> [FileStat] {
        var fulls = [String]()
        fulls.reserveCapacity(writes.count)
        for w in writes {
            let full = absolute(w.path)
            try ensureDirectory((full as NSString).deletingLastPathComponent)
            fulls.append(full)
        }
        // A path listed twice is written in order, by one thread.
        guard writes.count >= 256, Set(fulls).count == fulls.count else {
            return try writes.indices.map { try Self.writeContents(writes[$0].data, to: fulls[$0]) }
        }
        return try ConcurrentMap.map(Array(writes.indices), batch: 128) { k in try Self.writeContents(writes[k].data, to: fulls[k]) }
    }

    /// Creates `dir` (and its parents) unless this write already did.
    private func ensureDirectory(_ dir: String) throws {
        if madeDirectories.contains(dir) { return }
        try makeDirectories(dir)
        madeDirectories.insert(dir)
    }

    /// Writes `data` to the file `full` in an existing folder (replacing what is there) and
    /// returns its stat data. Safe to call from several threads.
    private static func writeContents(_ data: Data, to full: String) throws -> FileStat {
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC
        var fd = open(full, flags, 0o644)
        if fd < 0 && errno == EEXIST {
            unlink(full)
            fd = open(full, flags, 0o644)
        }
        guard fd >= 0 else { throw LedgerError.system("cannot write \(full)", errno: errno) }
        defer { close(fd) }
        try data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw LedgerError.system("cannot write \(full)", errno: errno)
                }
                offset += n
            }
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw LedgerError.system("cannot stat \(full)", errno: errno) }
        return FileStat(st)
    }

    private func makeDirectories(_ dir: String) throws {
        var st = stat()
        if stat(dir, &st) == 0 { return }
        let parent = (dir as NSString).deletingLastPathComponent
        if parent != dir && !parent.isEmpty { try makeDirectories(parent) }
        if mkdir(dir, 0o755) != 0 && errno != EEXIST {
            throw LedgerError.system("cannot create \(dir)", errno: errno)
        }
    }

    private func removeEmptyParents(of path: String) {
        var parts = path.split(separator: "/").dropLast()
        while !parts.isEmpty {
            if rmdir(absolute(parts.joined(separator: "/"))) != 0 { break }
            parts = parts.dropLast()
        }
    }

    /// Puts every journalled path back as HEAD had it.
    private func rollback(_ journal: WriteLock.Journal) {
        for e in journal.entries {
            if let previous = e.previous, let id = ObjectID(hex: previous), let data = try? repository.blob(id) {
                _ = try? writeFile(e.path, data)
            } else {
                unlink(absolute(e.path))
                removeEmptyParents(of: e.path)
            }
        }
    }

    /// Repairs what a writer that was killed mid-write left behind, and says what it did.
    private func recover(_ lock: WriteLock) throws {
        guard let journal = try lock.readJournal() else { return }
        let tip = try? repository.referenceTarget(journal.branch)
        let who = "an interrupted '\(journal.action)' (pid \(journal.pid), started \(journal.startedAt))"
        let indexLock = repository.gitDirectory + "index.lock"
        if FileManager.default.fileExists(atPath: indexLock) { unlink(indexLock) }
        if let commit = journal.commit, tip?.hex == commit, let id = ObjectID(hex: commit) {
            // The commit landed; the index may not have been written. Stage the journalled paths
            // as the commit has them (its blob ids, the files' stat data), never re-reading them
            // through a content filter.
            let index = try wrap("reading the index") { try IndexFile.read(path: repository.gitDirectory + "index") }
            let tree = try wrap("reading \(commit)") { try repository.treeID(ofCommit: id) }
            var additions = [IndexEntry]()
            var removals = [String]()
            for e in journal.entries {
                var st = stat()
                if !e.removes, let entry = try wrap("reading \(e.path)", { try repository.entry(at: e.path, inTree: tree) }),
                   lstat(absolute(e.path), &st) == 0 {
                    additions.append(IndexEntry(path: e.path, id: entry.id, stat: FileStat(st)))
                } else {
                    removals.append(e.path)
                }
            }
            guard let staged = index.staging(additions, removals: removals) else {
                throw LedgerError.invalid("the interrupted write's paths turn files into folders in the index; check 'git status' and restore the index with 'git reset'")
            }
            try wrap("restaging the files") {
                _ = try staged.writeTree(to: repository)
                try staged.write()
            }
            notices.append("evident: found the stale journal of \(who); its commit \(commit.prefix(10)) had landed, so the index was brought up to date")
        } else if tip?.hex == journal.headBefore {
            rollback(journal)
            notices.append("evident: found the stale journal of \(who); its commit had not landed, so the \(journal.entries.count) path(s) it had begun to write were put back as HEAD has them")
        } else {
            notices.append("evident: found the stale journal of \(who), but \(journal.branch) has moved on since; left the work tree as it is (check 'git status')")
        }
        lock.removeJournal()
    }

    /// Test hook: EVIDENT_FAULT_INJECT=<phase> kills the process at that phase with SIGKILL, so
    /// crash recovery is tested at every step without timing games.
    private func fault(_ phase: String) {
        if environment.variables["EVIDENT_FAULT_INJECT"] == phase {
            kill(getpid(), SIGKILL)
        }
    }
}

/// Finds what HEAD's tree holds at many paths, looking up each folder once: the files of a bulk
/// add all lie in folders HEAD does not have, and are settled by one failed lookup per folder.
private final class HeadLookup {
    let repository: Repository
    let tree: ObjectID?
    private var folders = [String: ObjectID?]()

    init(repository: Repository, tree: ObjectID?) {
        self.repository = repository
        self.tree = tree
    }

    /// The blob at `path` in HEAD's tree, or nil.
    func blob(at path: String) throws -> ObjectID? {
        guard let tree else { return nil }
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard let folderTree = try self.folder(folder, root: tree) else { return nil }
        guard let entry = try wrap("reading \(path)", { try repository.entry(at: name, inTree: folderTree) }) else { return nil }
        return entry.kind == .tree ? nil : entry.id
    }

    private func folder(_ path: String, root: ObjectID) throws -> ObjectID? {
        if path.isEmpty { return root }
        if let known = folders[path] { return known }
        let slash = path.lastIndex(of: "/")
        let parent = slash.map { String(path[..<$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var found: ObjectID?
        if let parentTree = try folder(parent, root: root),
           let entry = try wrap("reading \(path)", { try repository.entry(at: name, inTree: parentTree) }), entry.kind == .tree {
            found = entry.id
        }
        folders[path] = found
        return found
    }
}

/// A pack being encoded on another thread; read after the thread is waited for.
private final class EncodedPack: @unchecked Sendable {
    var result: Result<PackBuilder, GitError>?
}

/// Runs a GitStore call, turning its error into a ledger error with context.
@_spi(Bench) @discardableResult public func wrap<T>(_ context: @autoclosure () -> String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as GitError {
        throw translate(error, context())
    }
}
