#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Crypto
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
    ///
    /// The usual path reads and writes git's index file directly (`IndexFile`): the new files'
    /// blobs are stored from memory (as one pack for a large commit), their index entries carry
    /// the stat data of the files just written, and only the folders the commit touches get new
    /// trees. libgit2's `git_index` is used instead when the index has something that reader
    /// leaves to libgit2 (see `IndexFile`), when a file must go through a content filter, or when
    /// a path changes between file and folder.
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
        let snapshot = try ensureClean()
        let request = try prepare(head)
        try ensureNoGitIndexLock()

        let headTree: ObjectID? = try head.map { h in try wrap("reading HEAD") { try repository.treeID(ofCommit: h) } }
        var entries = [WriteLock.Journal.Entry]()
        let lookup = HeadLookup(repository: repository, tree: headTree)
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

        // libgit2's index, on the fallback path only.
        var fallbackIndex: Index?
        var staged: StagedIndex?
        let newCommit: ObjectID
        // The usual path, settled before any file is written: a large commit's blobs are encoded
        // for one pack on the other cores while the files are written.
        let direct = snapshot != nil && repository.pathsWithContentFilters(request.writes.map(\.path)).isEmpty
        let encoding = DispatchGroup()
        let encoded = EncodedPack()
        if direct && request.writes.count >= Self.packThreshold {
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
            fault("worktree")
            var tree: ObjectID?
            if direct, let snapshot {
                encoding.wait()
                let pack = try encoded.result.map { r in try wrap("storing the files") { try r.get() } }
                let ids = try pack?.ids ?? request.writes.map { w in try wrap("storing \(w.path)") { try repository.writeBlob(w.data) } }
                var additions = [IndexAddition]()
                additions.reserveCapacity(ids.count)
                for (k, w) in request.writes.enumerated() {
                    additions.append(IndexAddition(path: w.path, id: ids[k], stat: stats[k]))
                }
                // Nil when a path turns from file to folder or back: libgit2 stages those.
                if let next = snapshot.staging(additions, removals: request.removals) {
                    staged = next
                    fault("staged")
                    if let pack {
                        tree = try wrap("writing the tree") { try next.writeTree(into: pack) }
                        try wrap("storing the files") { try repository.storePack(pack, checksum: checksum) }
                    } else {
                        tree = try wrap("writing the tree") { try next.writeTree(to: repository) }
                    }
                }
            }
            if tree == nil {
                let index: Index
                do { index = try repository.index() } catch { throw translate(error, "opening the index") }
                fallbackIndex = index
                for w in request.writes { try wrap("staging \(w.path)") { try index.add(path: w.path) } }
                for r in request.removals { try wrap("unstaging \(r)") { try index.remove(path: r) } }
                fault("staged")
                tree = try wrap("writing the tree") { try index.writeTree() }
            }
            let root = tree!
            newCommit = try wrap("writing the commit") {
                try repository.createCommit(tree: root, parents: head.map { [$0] } ?? [], author: author, committer: author, message: request.message)
            }
            journal.commit = newCommit.hex
            try lock.writeJournal(journal)
            fault("commit-object")
            if staged != nil, let snapshot, !snapshot.isCurrent {
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
            try? fallbackIndex?.reload()
            lock.removeJournal()
            throw error
        }
        fault("ref")
        if let staged {
            try wrap("writing the index") { try staged.write(checksum: checksum) }
        } else if let fallbackIndex {
            try wrap("writing the index") { try fallbackIndex.write() }
        }
        fault("index")
        lock.removeJournal()
        return newCommit
    }

    /// Commits with at least this many files store their blobs as one pack.
    static let packThreshold = 32

    /// BoringSSL's SHA-1 for the checksums of the index and of packs.
    let checksum: ChecksumFactory = { CryptoSHA1() }

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
    ///
    /// Returns the index as read (nil when it is one `IndexFile` leaves to libgit2).
    @discardableResult
    func ensureClean() throws -> IndexFile? {
        let indexPath = repository.gitDirectory + "index"
        let snapshot = try wrap("reading the index") { try IndexFile.read(path: indexPath, checksum: checksum) }
        let index: Index?
        if snapshot == nil {
            index = try wrap("opening the index") { try repository.index() }
        } else {
            index = nil
        }
        var dirty = [(path: String, what: String)]()
        // Staged changes: the tree the index describes, against HEAD's. With a valid cache tree
        // (which evident and git keep in the index) this reads one id.
        let head = try wrap("reading HEAD") { try repository.headCommit() }
        let indexTree: ObjectID
        let entryCount: Int
        if let snapshot {
            indexTree = try wrap("reading the index") { try snapshot.treeID() }
            entryCount = snapshot.count
        } else {
            indexTree = try wrap("reading the index") { try repository.treeInMemory(of: index!) }
            entryCount = index!.count
        }
        let headTree = try head.map { h in try wrap("reading HEAD") { try repository.treeID(ofCommit: h) } }
        if headTree != indexTree && !(headTree == nil && entryCount == 0) {
            // Rare: name the staged paths with a full status.
            let staged = (try? repository.status(untracked: false))?.filter { $0.kinds.contains(.staged) } ?? []
            dirty += staged.map { ($0.path, "staged") }
            if staged.isEmpty { dirty.append(("(the index)", "staged changes")) }
        }
        let changes = snapshot?.workTreeChanges(root: root) ?? index!.workTreeChanges(root: root, indexPath: indexPath)
        for change in changes {
            dirty.append((change.path, change.kind.rawValue))
        }
        if let snapshot {
            dirty += untrackedInLedgerFolders { dir, folders in snapshot.listUntracked(in: dir, root: root, trackedFolders: folders) }
        } else {
            let trackedDirs = index!.trackedDirectories()
            dirty += untrackedInLedgerFolders { dir, _ in
                var untracked = [String](), folders = [String]()
                for name in ((try? FileManager.default.contentsOfDirectory(atPath: absolute(dir))) ?? []).sorted() {
                    let path = dir + "/" + name
                    if trackedDirs.contains(path) {
                        folders.append(name)
                    } else if !index!.isTracked(path) {
                        untracked.append(name)
                    }
                }
                return (untracked, folders)
            }
        }
        guard !dirty.isEmpty else { return snapshot }
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
    /// by two or more threads, each on its own run of paths (so mostly in different folders: a
    /// file creation locks its folder); their folders are made first, here.
    private func writeFiles(_ writes: [FileWrite]) throws -> [FileStat] {
        var fulls = [String]()
        fulls.reserveCapacity(writes.count)
        for w in writes {
            let full = absolute(w.path)
            try ensureDirectory((full as NSString).deletingLastPathComponent)
            fulls.append(full)
        }
        // A path listed twice is written in order, by one thread.
        let distinct = Set(fulls).count == fulls.count
        let workers = writes.count < 256 || !distinct ? 1 : min(4, max(1, ProcessInfo.processInfo.activeProcessorCount))
        if workers == 1 {
            return try writes.indices.map { try Self.writeContents(writes[$0].data, to: fulls[$0]) }
        }
        let stats = UnsafeMutableBufferPointer<FileStat?>.allocate(capacity: writes.count)
        stats.initialize(repeating: nil)
        let errors = UnsafeMutableBufferPointer<LedgerError?>.allocate(capacity: workers)
        errors.initialize(repeating: nil)
        defer {
            stats.deallocate()
            errors.deallocate()
        }
        nonisolated(unsafe) let sharedStats = stats, sharedErrors = errors
        let paths = fulls
        let chunk = (writes.count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let lo = w * chunk, hi = min(writes.count, lo + chunk)
            guard lo < hi else { return }
            // Each worker writes only its own slots.
            do {
                for k in lo..<hi { sharedStats[k] = try Self.writeContents(writes[k].data, to: paths[k]) }
            } catch let e as LedgerError {
                sharedErrors[w] = e
            } catch {
                sharedErrors[w] = LedgerError(.failure, "cannot write \(paths[lo]): \(error)")
            }
        }
        if let error = errors.compactMap({ $0 }).first { throw error }
        return stats.map { $0! }
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
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw LedgerError(.failure, "cannot stat \(full): \(String(cString: strerror(errno)))") }
        return FileStat(st)
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

/// `ChecksumHasher` over swift-crypto's (BoringSSL's) SHA-1.
struct CryptoSHA1: ChecksumHasher {
    private var inner = Insecure.SHA1()

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        inner.update(bufferPointer: bytes)
    }

    mutating func finalize() -> [UInt8] {
        Array(inner.finalize())
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
