import Foundation
import GitStore
import LedgerCore

/// An open ledger: a git repository whose HEAD holds `.evident/ledger.yaml`, with a work tree
/// or bare (a server's, a CI mirror's). Reads come from git objects, so they work on both; writes
/// (`LedgerWriter`) refuse a bare repository.
public final class LedgerRepository {
    /// The git repository; storage stays inside Ledger.
    let repository: Repository
    /// The work tree, without a trailing slash; the git directory in a bare repository.
    public let root: String
    /// True when the repository has no work tree.
    public let isBare: Bool

    /// Opens the ledger that contains `path` (searching upwards, as git does), with a work tree or bare.
    /// Throws `LedgerError` `.notFound` when `path` is in no git repository or the repository holds
    /// no ledger. `allowEmptyBare` (for `evident validate --at` and the pre-receive hook, which
    /// read commits only) also accepts a bare repository whose HEAD is not a ledger yet (a
    /// server's first push arrives in an empty repository).
    public init(path: String, allowEmptyBare: Bool = false) throws {
        let repo: Repository
        do {
            repo = try Repository.discover(from: path)
        } catch let e where e.code == .notFound {
            throw LedgerError.notFound("\(path) is not in a ledger (no git repository found): run 'evident init' there, or pass -C PATH")
        } catch {
            throw translate(error, "opening \(path)")
        }
        repository = repo
        if let workdir = repo.workdir {
            isBare = false
            root = workdir.hasSuffix("/") && workdir.count > 1 ? String(workdir.dropLast()) : workdir
        } else {
            isBare = true
            let dir = repo.gitDirectory
            root = dir.hasSuffix("/") && dir.count > 1 ? String(dir.dropLast()) : dir
            if allowEmptyBare { return }
        }
        guard try headCommit() != nil else {
            throw LedgerError.notFound("\(root) is a git repository but not a ledger yet (no commits): run 'evident init \(root)'")
        }
        let head = try resolve("HEAD")
        guard try head.file(Layout.configPath) != nil else {
            throw LedgerError.notFound("\(root) is a git repository but not a ledger: \(Layout.configPath) is not committed; run 'evident init \(root)'")
        }
    }

    public var gitDirectory: String { repository.gitDirectory }

    func headCommit() throws -> ObjectID? {
        do { return try repository.headCommit() } catch { throw translate(error, "reading HEAD") }
    }

    /// The branch evident commits to: the one HEAD names.
    /// Throws `LedgerError` `.invalidInput` when HEAD is detached.
    public func branch() throws -> String {
        guard let ref = try? repository.headBranchReference() else {
            throw LedgerError.invalid("HEAD is detached in \(root): check out the ledger's branch first (git switch main)")
        }
        return ref
    }

    /// Resolves a commit, branch, tag or snapshot name to a readable revision.
    /// A date (`YYYY-MM-DD`) means the last commit on or before the end of that day.
    /// Throws `LedgerError` `.notFound` when nothing by that name (or no commit that old) exists,
    /// `.invalidInput` for a YYYY-MM-DD that is no day of the calendar (2026-02-30).
    public func resolve(_ spec: String) throws -> Revision {
        if let day = Day(spec) {
            return try revision(onOrBefore: day, spec: spec)
        }
        var candidates = [spec]
        if !spec.hasPrefix("refs/") { candidates.append("refs/tags/assessment/" + spec) }
        for candidate in candidates {
            if let commit = cachedTagTarget(candidate) {
                return try Revision(repository: repository, commit: commit, spec: spec)
            }
            if let commit = try? repository.revparseCommit(candidate) {
                return try Revision(repository: repository, commit: commit, spec: spec)
            }
        }
        if spec.range(of: #"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"#, options: .regularExpression) != nil {
            throw LedgerError.invalid("'\(spec)' is not a date: write a day of the calendar as YYYY-MM-DD, from \(CalendarLimits.dayRange)")
        }
        throw LedgerError.notFound("unknown revision '\(spec)': give a snapshot name, tag, branch, commit id or date (YYYY-MM-DD)")
    }

    /// The commit a tag reference names, from the snapshot headline cache (keyed by the tag object's
    /// id, so never stale); nil when `ref` is no tag reference or its tag is not cached yet. Peeling
    /// through libgit2 inflates the whole tag object, a snapshot's manifest included.
    private func cachedTagTarget(_ ref: String) -> ObjectID? {
        guard ref.hasPrefix("refs/tags/"), let id = (try? repository.referenceTarget(ref)) ?? nil else { return nil }
        return HeadlineCache(gitDirectory: repository.gitDirectory).entries[id]??.target
    }

    private func revision(onOrBefore day: Day, spec: String) throws -> Revision {
        guard let head = try headCommit() else { throw LedgerError.notFound("the ledger has no commits") }
        // The end of the day as seconds, not the next day: 9999-12-31 has no next day (CalendarLimits).
        let limit = Timestamp(day: day).seconds + 86_400
        var found: ObjectID?
        try repository.walk(from: head, firstParentOnly: true) { c in
            if Timestamp(secondsSince1970: c.committer.time.timeIntervalSince1970).seconds < limit {
                found = c.id
                return false
            }
            return true
        }
        guard let found else { throw LedgerError.notFound("the ledger has no commit on or before \(day)") }
        return try Revision(repository: repository, commit: found, spec: spec)
    }

    /// Absolute path of a ledger-relative path in the work tree.
    public func absolute(_ relative: String) -> String { root + "/" + relative }
}

/// The ledger as it was at one commit, read from git objects only (no checkout, no work tree).
public final class Revision {
    let repository: Repository
    let commit: ObjectID
    @_spi(Bench) public let tree: ObjectID
    /// What the user asked for (`HEAD`, a snapshot name, a date).
    public let spec: String

    /// The commit this revision reads.
    public var commitID: CommitID { commit.commitID }

    @_spi(Bench) public init(repository: Repository, commit: ObjectID, spec: String) throws {
        self.repository = repository
        self.commit = commit
        self.spec = spec
        do { tree = try repository.treeID(ofCommit: commit) } catch { throw translate(error, "reading \(spec)") }
    }

    /// The file at `path` in this revision's tree, nil when there is none. Throws `LedgerError`
    /// `.failure` when git objects cannot be read.
    public func file(_ path: String) throws -> Data? {
        do { return try repository.file(at: path, inTree: tree) } catch { throw translate(error, "reading \(path) at \(spec)") }
    }

    /// The ledger's configuration. Throws `LedgerError` `.notFound` when it is missing, `.invalidInput`
    /// when it does not validate.
    public func config() throws -> LedgerConfig {
        guard let data = try file(Layout.configPath) else {
            throw LedgerError.notFound("\(Layout.configPath) is missing at \(spec)")
        }
        let value = try YAMLReader.parse(data, file: Layout.configPath)
        let (config, issues) = LedgerConfig.decode(value)
        guard let config else {
            throw LedgerError.invalid(issues.map(\.description).joined(separator: "\n"))
        }
        return config
    }

    /// Every evidence record file (`evidence/YYYY/MM/ID/record.yaml`) with its blob id,
    /// found by walking only the evidence folders' trees.
    func evidenceRecordFiles() throws -> [(path: String, id: ObjectID)] {
        try evidenceRecordBlobs().map { (Self.recordPath($0.folder), $0.id) }
    }

    /// The record blob of every evidence folder, with the folder below `evidence/` (`YYYY/MM/ID`).
    func evidenceRecordBlobs() throws -> [FolderFile] {
        guard let root = try repository.entry(at: Layout.evidenceRoot, inTree: tree), root.isTree else { return [] }
        return try wrap("reading \(Layout.evidenceRoot)/ at \(spec)") {
            try repository.filesInFolders(of: root.id, depth: 3, named: EvidenceRecord.fileName)
        }
    }

    static func recordPath(_ folder: String) -> String {
        Layout.evidenceRoot + "/" + folder + "/" + EvidenceRecord.fileName
    }

    /// Every evidence record at this revision, in tree order. Records that do not validate are
    /// returned as issues. The list of an `evidence/` tree read before comes from its entry in
    /// `EvidenceTreeCache`; that of a tree close to a cached one is the cached list with the
    /// record files that differ re-read; otherwise every folder is walked. Records are decoded
    /// once (by blob id, `EvidenceCache`); the others are read in one pass through the object
    /// database and parsed on every core.
    /// Throws `LedgerError` `.failure` when git objects cannot be read.
    public func evidence() throws -> (records: [EvidenceRecord], issues: [ValidationIssue]) {
        guard let root = try wrap("reading \(Layout.evidenceRoot)/ at \(spec)", { try repository.entry(at: Layout.evidenceRoot, inTree: tree) }),
              root.isTree else { return ([], []) }
        let trees = EvidenceTreeCache(gitDirectory: repository.gitDirectory)
        var items: [EvidenceTreeCache.Item]
        var store = true
        if let cached = trees.load(root.id) {
            items = cached
            store = false
            traceNote("evidence tree \(root.id.short): cached, \(items.count) records")
        } else if let base = trees.neighbour(of: root.id, in: repository), let cached = trees.load(base) {
            var reread = 0
            items = try patched(cached, from: base, to: root.id, reread: &reread)
            traceNote("evidence tree \(root.id.short): patched from \(base.short), \(reread) record files re-read")
        } else {
            items = try wrap("reading \(Layout.evidenceRoot)/ at \(spec)") {
                try repository.filesInFolders(of: root.id, depth: 3, named: EvidenceRecord.fileName)
            }.map { EvidenceTreeCache.Item(folder: $0.folder, id: $0.id, record: nil) }
            traceNote("evidence tree \(root.id.short): read in full, \(items.count) records")
        }
        // Records not decoded yet, and those that do not validate (for their issues), in tree order.
        let issues = try decode(&items)
        if store { trees.store(root.id, items) }
        var records = [EvidenceRecord]()
        records.reserveCapacity(items.count)
        for item in items { if let r = item.record { records.append(r) } }
        return (records, issues)
    }

    /// The items of the evidence tree `new`, from those of the cached tree `old`: folders whose
    /// record file differs are dropped, replaced or added (undecoded), the rest kept.
    private func patched(_ old: [EvidenceTreeCache.Item], from base: ObjectID, to new: ObjectID, reread: inout Int) throws -> [EvidenceTreeCache.Item] {
        let changes = try wrap("reading \(Layout.evidenceRoot)/ at \(spec)") { try repository.changedFiles(from: base, to: new) }
        // Folder -> its record blob in `new`, nil when it has none (as `filesInFolders` finds them:
        // a regular or executable file named record.yaml exactly three levels down).
        var changed = [String: ObjectID?]()
        for c in changes {
            let parts = c.path.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 4, parts[3] == EvidenceRecord.fileName[...] else { continue }
            let folder = parts[0..<3].joined(separator: "/")
            let entry = try wrap("reading \(Self.recordPath(folder)) at \(spec)") { try repository.entry(at: folder + "/" + EvidenceRecord.fileName, inTree: new) }
            // updateValue: assigning nil through the subscript would remove the key, not record a removal.
            changed.updateValue(entry.flatMap { $0.kind == .blob || $0.kind == .executable ? $0.id : nil }, forKey: folder)
        }
        reread = changed.values.filter { $0 != nil }.count
        if changed.isEmpty { return old }
        // Tree order of folders three levels down is byte order of "YYYY/MM/ID/" (git sorts a
        // tree's entries by name as if each ended in "/").
        func key(_ folder: String) -> [UInt8] { Array(folder.utf8) + [47] }
        var added = [(key: [UInt8], item: EvidenceTreeCache.Item)]()
        var seen = Set<String>()
        var out = [EvidenceTreeCache.Item]()
        out.reserveCapacity(old.count + changed.count)
        for item in old {
            guard let now = changed[item.folder] else { continue }
            seen.insert(item.folder)
            if let id = now { added.append((key(item.folder), .init(folder: item.folder, id: id, record: nil))) }
        }
        for (folder, now) in changed where !seen.contains(folder) {
            if let id = now { added.append((key(folder), .init(folder: folder, id: id, record: nil))) }
        }
        added.sort { $0.key.lexicographicallyPrecedes($1.key) }
        var k = 0
        for item in old where changed[item.folder] == nil {
            let mine = key(item.folder)
            while k < added.count && added[k].key.lexicographicallyPrecedes(mine) {
                out.append(added[k].item)
                k += 1
            }
            out.append(item)
        }
        out.append(contentsOf: added[k...].map(\.item))
        return out
    }

    /// Decodes every item without a record: from `EvidenceCache` when its blob was decoded
    /// before, else parsed (on every core). Returns the issues of those that do not validate, in
    /// item order.
    private func decode(_ items: inout [EvidenceTreeCache.Item]) throws -> [ValidationIssue] {
        let wanted = items.indices.filter { items[$0].record == nil }
        guard !wanted.isEmpty else { return [] }
        let cache = EvidenceCache(gitDirectory: repository.gitDirectory)
        var missing = [Int]()
        for slot in wanted {
            if let r = cache.record(items[slot].id) { items[slot].record = r } else { missing.append(slot) }
        }
        guard !missing.isEmpty else { return [] }
        let blobs: [Data]
        do { blobs = try repository.blobs(missing.map { items[$0].id }) } catch { throw translate(error, "reading evidence at \(spec)") }
        let paths = missing.map { Self.recordPath(items[$0].folder) }
        let results = ConcurrentMap.map(Array(zip(paths, blobs))) { path, data -> (EvidenceRecord?, [ValidationIssue]) in
            do {
                return EvidenceRecord.decode(try YAMLReader.parse(data, file: path), file: path)
            } catch let e as LedgerError {
                return (nil, [ValidationIssue(file: path, field: "", problem: e.message.replacingOccurrences(of: path + ": ", with: ""))])
            } catch {
                return (nil, [ValidationIssue(file: path, field: "", problem: "\(error)")])
            }
        }
        var issues = [ValidationIssue]()
        for (slot, (record, found)) in zip(missing, results) {
            if let record {
                items[slot].record = record
                cache.insert(items[slot].id, record)
            }
            issues += found
        }
        cache.save()
        return issues
    }

    /// One evidence record by id, found through the folder its id names.
    /// Throws `LedgerError` `.invalidInput` when the record does not validate.
    public func evidence(id: String) throws -> EvidenceRecord? {
        guard let folder = EvidenceIDFormat.folder(of: id) else { return nil }
        let path = folder + "/" + EvidenceRecord.fileName
        guard let data = try file(path) else { return nil }
        let (record, issues) = EvidenceRecord.decode(try YAMLReader.parse(data, file: path), file: path)
        guard let record else { throw LedgerError.invalid(issues.map(\.description).joined(separator: "\n")) }
        return record
    }

    func commitInfo() throws -> CommitInfo {
        do { return try repository.commit(commit) } catch { throw translate(error, "reading commit \(commit.short)") }
    }
}
