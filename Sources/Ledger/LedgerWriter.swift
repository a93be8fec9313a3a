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
public final class LedgerWriter {
    let repository: Repository
    let root: String
    let environment: RunEnvironment
    /// Messages for the user about repairs made (printed by the CLI on stderr).
    public private(set) var notices: [String] = []

    public init(repository: Repository, root: String, environment: RunEnvironment) {
        self.repository = repository
        self.root = root
        self.environment = environment
    }

    public convenience init(ledger: LedgerRepository, environment: RunEnvironment) {
        self.init(repository: ledger.repository, root: ledger.root, environment: environment)
    }

    var lockTimeout: Double {
        environment.variables["EVIDENT_LOCK_TIMEOUT"].flatMap(Double.init) ?? 30
    }

    /// Runs `prepare` under the lock with the current HEAD (nil when unborn), then commits what it returns.
    @discardableResult
    public func commit(action: String, author: Signature, _ prepare: (ObjectID?) throws -> CommitRequest) throws -> ObjectID {
        let lock = try WriteLock.acquire(gitDirectory: repository.gitDirectory, action: action, timeout: lockTimeout)
        defer { lock.release() }
        try recover(lock)

        guard let branch = try? repository.headBranchReference() else {
            throw LedgerError.invalid("HEAD is detached in \(root): check out the ledger's branch first (git switch main)")
        }
        let head: ObjectID?
        do { head = try repository.headCommit() } catch { throw translate(error, "reading HEAD") }
        try ensureClean()
        let request = try prepare(head)
        try ensureNoGitIndexLock()

        let headTree: ObjectID? = try head.map { h in try wrap("reading HEAD") { try repository.treeID(ofCommit: h) } }
        var entries = [WriteLock.Journal.Entry]()
        for w in request.writes {
            let previous = try headTree.flatMap { t in try wrap("reading \(w.path)") { try repository.entry(at: w.path, inTree: t) } }
            entries.append(.init(path: w.path, previous: previous?.id.hex, removes: false))
        }
        for r in request.removals {
            let previous = try headTree.flatMap { t in try wrap("reading \(r)") { try repository.entry(at: r, inTree: t) } }
            entries.append(.init(path: r, previous: previous?.id.hex, removes: true))
        }
        var journal = WriteLock.Journal(pid: getpid(), action: action, startedAt: environment.now.description, branch: branch,
                                        headBefore: head?.hex, commit: nil, entries: entries)
        try lock.writeJournal(journal)
        fault("journal")

        let index: Index
        do { index = try repository.index() } catch { throw translate(error, "opening the index") }
        let newCommit: ObjectID
        do {
            for w in request.writes {
                try writeFile(w.path, w.data)
            }
            for r in request.removals {
                unlink(absolute(r))
                removeEmptyParents(of: r)
            }
            fault("worktree")
            for w in request.writes { try wrap("staging \(w.path)") { try index.add(path: w.path) } }
            for r in request.removals { try wrap("unstaging \(r)") { try index.remove(path: r) } }
            fault("staged")
            let tree = try wrap("writing the tree") { try index.writeTree() }
            newCommit = try wrap("writing the commit") {
                try repository.createCommit(tree: tree, parents: head.map { [$0] } ?? [], author: author, committer: author, message: request.message)
            }
            journal.commit = newCommit.hex
            try lock.writeJournal(journal)
            fault("commit-object")
            do {
                try repository.updateReference(branch, to: newCommit, expecting: head, logMessage: "evident: \(request.summary)")
            } catch let e where e.code == .modified || e.code == .exists {
                throw LedgerError(.busy, "\(branch) moved while evident was writing (another process committed): nothing was written; run the command again")
            } catch {
                throw translate(error, "moving \(branch)")
            }
        } catch {
            rollback(journal)
            try? index.reload()
            lock.removeJournal()
            throw error
        }
        fault("ref")
        try wrap("writing the index") { try index.write() }
        fault("index")
        lock.removeJournal()
        return newCommit
    }

    /// Runs `body` under the writer lock on a clean ledger, for writes that are not commits
    /// (snapshot tags): two writers never interleave, and a killed writer's journal is repaired first.
    public func withLock<T>(action: String, _ body: (ObjectID?) throws -> T) throws -> T {
        let lock = try WriteLock.acquire(gitDirectory: repository.gitDirectory, action: action, timeout: lockTimeout)
        defer { lock.release() }
        try recover(lock)
        let head: ObjectID?
        do { head = try repository.headCommit() } catch { throw translate(error, "reading HEAD") }
        try ensureClean()
        return try body(head)
    }

    // MARK: Checks

    /// Refuses to write over uncommitted changes, naming them: staged changes anywhere, changed or
    /// deleted tracked files anywhere, and untracked files in the ledger's folders. Checked the way
    /// `git commit` checks, from the index (one stat per tracked file, a hash only when the stat
    /// data cannot be trusted), so the cost does not grow with a full listing of the work tree.
    /// Stray files deep inside an evidence folder are left to `evident validate` and the hooks.
    func ensureClean() throws {
        let index = try wrap("opening the index") { try repository.index() }
        var dirty = [(path: String, what: String)]()
        // Staged changes: the tree the index describes, against HEAD's.
        let head = try wrap("reading HEAD") { try repository.headCommit() }
        let indexTree = try wrap("reading the index") { try repository.treeInMemory(of: index) }
        let headTree = try head.map { h in try wrap("reading HEAD") { try repository.treeID(ofCommit: h) } }
        if headTree != indexTree && !(headTree == nil && index.count == 0) {
            // Rare: name the staged paths with a full status.
            let staged = (try? repository.status(untracked: false))?.filter { $0.kinds.contains(.staged) } ?? []
            dirty += staged.map { ($0.path, "staged") }
            if staged.isEmpty { dirty.append(("(the index)", "staged changes")) }
        }
        for change in index.workTreeChanges(root: root, indexPath: repository.gitDirectory + "index") {
            dirty.append((change.path, change.kind.rawValue))
        }
        dirty += untrackedInLedgerFolders(index)
        guard !dirty.isEmpty else { return }
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
    private func untrackedInLedgerFolders(_ index: Index) -> [(path: String, what: String)] {
        let trackedDirs = index.trackedDirectories()
        var out = [(path: String, what: String)]()
        func list(_ dir: String) -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: absolute(dir))) ?? []).sorted()
        }
        func check(_ dir: String, descend: Int) {
            for name in list(dir) {
                let path = dir + "/" + name
                // Tracked names are settled without touching the disk; ignore rules are
                // consulted only for the rare untracked entry.
                if trackedDirs.contains(path) {
                    if descend > 0 { check(path, descend: descend - 1) }
                    continue
                }
                if index.isTracked(path) || repository.isIgnored(path) { continue }
                var isDir: ObjCBool = false
                FileManager.default.fileExists(atPath: absolute(path), isDirectory: &isDir)
                if isDir.boolValue {
                    do {
                        // Name the files of an untracked folder, as git status -uall does.
                        let files = (FileManager.default.enumerator(atPath: absolute(path))?.allObjects as? [String] ?? [])
                            .filter { rel in
                                var d: ObjCBool = false
                                return FileManager.default.fileExists(atPath: absolute(path + "/" + rel), isDirectory: &d) && !d.boolValue
                            }.sorted()
                        out += files.prefix(20).map { (path + "/" + $0, "untracked") }
                        if files.isEmpty { out.append((path + "/", "untracked")) }
                    }
                } else {
                    out.append((path, "untracked"))
                }
            }
        }
        check(Layout.metaRoot, descend: 1)
        check(Layout.controlsRoot, descend: 0)
        check(Layout.poamRoot, descend: 0)
        check(Layout.affirmationsRoot, descend: 0)
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

    /// Writes a work-tree file with plain POSIX calls: Foundation's writes go through a temp file,
    /// a rename and an fsync each, which made bulk adds many times slower than git.
    private func writeFile(_ path: String, _ data: Data) throws {
        let full = absolute(path)
        let dir = (full as NSString).deletingLastPathComponent
        if !madeDirectories.contains(dir) {
            try makeDirectories(dir)
            madeDirectories.insert(dir)
        }
        unlink(full)
        let fd = open(full, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LedgerError(.failure, "cannot write \(full): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        try data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw LedgerError(.failure, "cannot write \(full): \(String(cString: strerror(errno)))")
                }
                offset += n
            }
        }
    }

    private func makeDirectories(_ dir: String) throws {
        var st = stat()
        if stat(dir, &st) == 0 { return }
        let parent = (dir as NSString).deletingLastPathComponent
        if parent != dir && !parent.isEmpty { try makeDirectories(parent) }
        if mkdir(dir, 0o755) != 0 && errno != EEXIST {
            throw LedgerError(.failure, "cannot create \(dir): \(String(cString: strerror(errno)))")
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
                try? writeFile(e.path, data)
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
        if let commit = journal.commit, tip?.hex == commit {
            // The commit landed; the index may not have been written. Restage the journalled paths.
            let index = try wrap("opening the index") { try repository.index() }
            for e in journal.entries {
                if e.removes || !FileManager.default.fileExists(atPath: absolute(e.path)) {
                    try? index.remove(path: e.path)
                } else {
                    try wrap("restaging \(e.path)") { try index.add(path: e.path) }
                }
            }
            try wrap("writing the index") { try index.write() }
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

/// Runs a GitStore call, turning its error into a ledger error with context.
func wrap<T>(_ context: @autoclosure () -> String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as GitError {
        throw translate(error, context())
    }
}
