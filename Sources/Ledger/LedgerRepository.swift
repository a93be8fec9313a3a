import Foundation
import GitStore
import LedgerCore

/// An open ledger: a git repository with a work tree whose HEAD holds `.evident/ledger.yaml`.
public final class LedgerRepository {
    public let repository: Repository
    /// The work tree, without a trailing slash.
    public let root: String

    /// Opens the ledger that contains `path` (searching upwards, as git does).
    /// `allowBare` (only for `evident validate --at`, which reads commits and never the work tree)
    /// also accepts a bare repository, e.g. a server's: its `root` is then the git directory, and
    /// its HEAD need not be a ledger yet (a server's first push arrives in an empty repository).
    public init(path: String, allowBare: Bool = false) throws {
        let repo: Repository
        do {
            repo = try Repository.discover(from: path)
        } catch let e where e.code == .notFound {
            throw LedgerError.notFound("\(path) is not in a ledger (no git repository found): run 'evident init' there, or pass -C PATH")
        } catch {
            throw translate(error, "opening \(path)")
        }
        guard let workdir = repo.workdir else {
            guard allowBare else {
                throw LedgerError.invalid("\(repo.gitDirectory) is a bare repository: evident needs a ledger with a work tree (clone it first)")
            }
            repository = repo
            let dir = repo.gitDirectory
            root = dir.hasSuffix("/") && dir.count > 1 ? String(dir.dropLast()) : dir
            return
        }
        repository = repo
        root = workdir.hasSuffix("/") && workdir.count > 1 ? String(workdir.dropLast()) : workdir
        guard try headCommit() != nil else {
            throw LedgerError.notFound("\(root) is a git repository but not a ledger yet (no commits): run 'evident init \(root)'")
        }
        let head = try resolve("HEAD")
        guard try head.file(Layout.configPath) != nil else {
            throw LedgerError.notFound("\(root) is a git repository but not a ledger: \(Layout.configPath) is not committed; run 'evident init \(root)'")
        }
    }

    public var gitDirectory: String { repository.gitDirectory }

    public func headCommit() throws -> ObjectID? {
        do { return try repository.headCommit() } catch { throw translate(error, "reading HEAD") }
    }

    /// The branch evident commits to: the one HEAD names.
    public func branch() throws -> String {
        guard let ref = try? repository.headBranchReference() else {
            throw LedgerError.invalid("HEAD is detached in \(root): check out the ledger's branch first (git switch main)")
        }
        return ref
    }

    /// Resolves a commit, branch, tag or snapshot name to a readable revision.
    /// A date (`YYYY-MM-DD`) means the last commit on or before the end of that day.
    public func resolve(_ spec: String) throws -> Revision {
        if let day = Day(spec) {
            return try revision(onOrBefore: day, spec: spec)
        }
        var candidates = [spec]
        if !spec.hasPrefix("refs/") { candidates.append("refs/tags/assessment/" + spec) }
        for candidate in candidates {
            if let commit = try? repository.revparseCommit(candidate) {
                return try Revision(repository: repository, commit: commit, spec: spec)
            }
        }
        throw LedgerError.notFound("unknown revision '\(spec)': give a snapshot name, tag, branch, commit id or date (YYYY-MM-DD)")
    }

    private func revision(onOrBefore day: Day, spec: String) throws -> Revision {
        guard let head = try headCommit() else { throw LedgerError.notFound("the ledger has no commits") }
        let limit = Timestamp(day: day.adding(days: 1)).seconds
        var found: ObjectID?
        try repository.walk(from: head, firstParentOnly: true) { c in
            if Int(c.committer.time.timeIntervalSince1970) < limit {
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
    public let repository: Repository
    public let commit: ObjectID
    public let tree: ObjectID
    /// What the user asked for (`HEAD`, a snapshot name, a date).
    public let spec: String

    init(repository: Repository, commit: ObjectID, spec: String) throws {
        self.repository = repository
        self.commit = commit
        self.spec = spec
        do { tree = try repository.treeID(ofCommit: commit) } catch { throw translate(error, "reading \(spec)") }
    }

    public func file(_ path: String) throws -> Data? {
        do { return try repository.file(at: path, inTree: tree) } catch { throw translate(error, "reading \(path) at \(spec)") }
    }

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
    public func evidenceRecordFiles() throws -> [(path: String, id: ObjectID)] {
        guard let root = try repository.entry(at: Layout.evidenceRoot, inTree: tree), root.isTree else { return [] }
        var out = [(path: String, id: ObjectID)]()
        for year in try repository.tree(root.id) where year.isTree {
            for month in try repository.tree(year.id) where month.isTree {
                for folder in try repository.tree(month.id) where folder.isTree {
                    let base = "\(Layout.evidenceRoot)/\(year.name)/\(month.name)/\(folder.name)"
                    if let rec = try repository.tree(folder.id).first(where: { $0.name == EvidenceRecord.fileName && !$0.isTree }) {
                        out.append((base + "/" + EvidenceRecord.fileName, rec.id))
                    }
                }
            }
        }
        return out
    }

    /// Every evidence record at this revision. Records that do not validate are returned as issues.
    /// Blobs are read in one pass through the object database; parsing and validation, pure
    /// Swift, run on every core.
    public func evidence() throws -> (records: [EvidenceRecord], issues: [ValidationIssue]) {
        let files = try evidenceRecordFiles()
        let cache = EvidenceCache(gitDirectory: repository.gitDirectory)
        var records = [EvidenceRecord?](repeating: nil, count: files.count)
        var missing = [Int]()
        for (i, f) in files.enumerated() {
            if let hit = cache.record(f.id) { records[i] = hit } else { missing.append(i) }
        }
        let blobs: [Data]
        do { blobs = try repository.blobs(missing.map { files[$0].id }) } catch { throw translate(error, "reading evidence at \(spec)") }
        let results = ParallelMap.map(Array(zip(missing.map { files[$0].path }, blobs))) { path, data -> (EvidenceRecord?, [ValidationIssue]) in
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
                records[slot] = record
                cache.insert(files[slot].id, record)
            }
            issues += found
        }
        cache.save()
        return (records.compactMap { $0 }, issues)
    }

    /// One evidence record by id, found through the folder its id names.
    public func evidence(id: String) throws -> EvidenceRecord? {
        guard let folder = EvidenceIDFormat.folder(of: id) else { return nil }
        let path = folder + "/" + EvidenceRecord.fileName
        guard let data = try file(path) else { return nil }
        let (record, issues) = EvidenceRecord.decode(try YAMLReader.parse(data, file: path), file: path)
        guard let record else { throw LedgerError.invalid(issues.map(\.description).joined(separator: "\n")) }
        return record
    }

    public func commitInfo() throws -> CommitInfo {
        do { return try repository.commit(commit) } catch { throw translate(error, "reading commit \(commit.short)") }
    }
}
