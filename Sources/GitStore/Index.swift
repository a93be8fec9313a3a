import Clibgit2
import Foundation

/// The repository's index (staging area). Owns its `git_index`.
public final class Index {
    let raw: OpaquePointer
    // Keeps the repository alive as long as the index is used.
    private let repository: Repository

    init(repository: Repository) throws(GitError) {
        var index: OpaquePointer?
        try check(git_repository_index(&index, repository.raw), "git_repository_index")
        // The repository hands out the index it loaded first. If the file was replaced since
        // (git, or `IndexFile` in this process), read it again: libgit2 compares the checksum.
        if git_index_read(index, 0) < 0 {
            let error = GitError.last(-1, function: "git_index_read")
            git_index_free(index)
            throw error
        }
        self.raw = index!
        self.repository = repository
    }

    deinit {
        git_index_free(raw)
    }

    public var count: Int { git_index_entrycount(raw) }

    /// Stages the work-tree file at `path` (relative to the work tree): hashes it, writes the
    /// blob and records its stat data so `git status` does not hash it again.
    public func add(path: String) throws(GitError) {
        try check(git_index_add_bypath(raw, path), "git_index_add_bypath(\(path))")
    }

    /// Unstages `path`.
    public func remove(path: String) throws(GitError) {
        try check(git_index_remove_bypath(raw, path), "git_index_remove_bypath(\(path))")
    }

    /// The blob id staged at `path` (stage 0), or nil.
    public func entryID(path: String) -> ObjectID? {
        guard let e = git_index_get_bypath(raw, path, 0) else { return nil }
        return ObjectID(e.pointee.id)
    }

    /// Writes the staged content as trees and returns the root tree id.
    public func writeTree() throws(GitError) -> ObjectID {
        var oid = git_oid()
        try check(git_index_write_tree(&oid, raw), "git_index_write_tree")
        return ObjectID(oid)
    }

    /// Replaces the staged content with the tree `id` (stat data is lost for changed paths).
    public func read(tree id: ObjectID) throws(GitError) {
        var tree: OpaquePointer?
        var oid = id.raw
        try check(git_tree_lookup(&tree, repository.raw, &oid), "git_tree_lookup")
        defer { git_tree_free(tree) }
        try check(git_index_read_tree(raw, tree), "git_index_read_tree")
    }

    /// Writes the index to disk (through `index.lock` and a rename).
    public func write() throws(GitError) {
        try check(git_index_write(raw), "git_index_write")
    }

    /// Throws away in-memory changes and reloads the index from disk.
    public func reload() throws(GitError) {
        try check(git_index_read(raw, 1), "git_index_read")
    }

    public var hasConflicts: Bool { git_index_has_conflicts(raw) == 1 }
}

/// One path that `git status` would show.
public struct StatusEntry: Hashable, Sendable {
    public enum Kind: String, Sendable, Hashable {
        case staged, modified, deleted, untracked, conflicted, typeChanged, renamed
    }
    public let path: String
    public let kinds: Set<Kind>
}

extension Repository {
    /// The repository's index.
    public func index() throws(GitError) -> Index {
        try Index(repository: self)
    }

    /// What `git status` would show: staged and unstaged changes, and untracked files
    /// (untracked folders are listed file by file). Ignored files are left out.
    /// `untracked: false` compares only what the index tracks (no directory is listed), which is
    /// what `git commit` pays for.
    public func status(paths: [String] = [], untracked: Bool = true) throws(GitError) -> [StatusEntry] {
        var opts = git_status_options()
        try check(git_status_options_init(&opts, UInt32(GIT_STATUS_OPTIONS_VERSION)), "git_status_options_init")
        opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        opts.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES.rawValue
        if untracked {
            opts.flags |= GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
        }
        let cPaths = paths.map { strdup($0) }
        defer { cPaths.forEach { free($0) } }
        var pointers: [UnsafeMutablePointer<CChar>?] = cPaths
        var list: OpaquePointer?
        let rc = pointers.withUnsafeMutableBufferPointer { buf -> Int32 in
            opts.pathspec = git_strarray(strings: buf.baseAddress, count: buf.count)
            return git_status_list_new(&list, raw, &opts)
        }
        try check(rc, "git_status_list_new")
        defer { git_status_list_free(list) }
        var out = [StatusEntry]()
        for i in 0..<git_status_list_entrycount(list) {
            guard let e = git_status_byindex(list, i)?.pointee else { continue }
            let s = e.status.rawValue
            var kinds = Set<StatusEntry.Kind>()
            let staged = GIT_STATUS_INDEX_NEW.rawValue | GIT_STATUS_INDEX_MODIFIED.rawValue | GIT_STATUS_INDEX_DELETED.rawValue
                | GIT_STATUS_INDEX_RENAMED.rawValue | GIT_STATUS_INDEX_TYPECHANGE.rawValue
            if s & staged != 0 { kinds.insert(.staged) }
            if s & GIT_STATUS_WT_MODIFIED.rawValue != 0 { kinds.insert(.modified) }
            if s & GIT_STATUS_WT_DELETED.rawValue != 0 { kinds.insert(.deleted) }
            if s & GIT_STATUS_WT_NEW.rawValue != 0 { kinds.insert(.untracked) }
            if s & GIT_STATUS_WT_TYPECHANGE.rawValue != 0 { kinds.insert(.typeChanged) }
            if s & GIT_STATUS_WT_RENAMED.rawValue != 0 { kinds.insert(.renamed) }
            if s & GIT_STATUS_CONFLICTED.rawValue != 0 { kinds.insert(.conflicted) }
            if kinds.isEmpty { continue }
            let delta = e.index_to_workdir ?? e.head_to_index
            guard let d = delta?.pointee else { continue }
            let p = d.new_file.path ?? d.old_file.path
            out.append(StatusEntry(path: p.map { String(cString: $0) } ?? "", kinds: kinds))
        }
        return out
    }
}

extension Index {
    /// Every stage-0 entry: path and blob id, in index order.
    public func entries() -> [(path: String, id: ObjectID)] {
        var out = [(path: String, id: ObjectID)]()
        out.reserveCapacity(count)
        for i in 0..<count {
            guard let e = git_index_get_byindex(raw, i)?.pointee, let p = e.path else { continue }
            // Stage bits live in flags (GIT_INDEX_ENTRY_STAGEMASK = 0x3000).
            if (e.flags & 0x3000) != 0 { continue }
            out.append((String(cString: p), ObjectID(e.id)))
        }
        return out
    }
}
