#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Clibgit2
import Foundation

/// The repository's index (staging area) as libgit2 reads it, for listing what is staged.
/// Owns its `git_index`. evident writes the index through `IndexFile` only.
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
}

/// A file to stage: its path, the blob already stored for it, and the stat data of the
/// work-tree file holding exactly that content.
public struct IndexEntry: Sendable {
    public var path: String
    public var id: ObjectID
    public var stat: FileStat

    public init(path: String, id: ObjectID, stat: FileStat) {
        self.path = path
        self.id = id
        self.stat = stat
    }
}

/// The stat data git keeps per index entry, truncated to the index's 32-bit fields.
public struct FileStat: Sendable, Equatable {
    public var ctimeSeconds: UInt32, ctimeNanoseconds: UInt32
    public var mtimeSeconds: UInt32, mtimeNanoseconds: UInt32
    public var device: UInt32, inode: UInt32, mode: UInt32, uid: UInt32, gid: UInt32, size: UInt32

    /// git's truncation of `st`; `mode` becomes a git file mode (0o100644, 0o100755 or 0o120000).
    public init(_ st: stat) {
        ctimeSeconds = UInt32(truncatingIfNeeded: st.st_ctim.tv_sec)
        ctimeNanoseconds = UInt32(truncatingIfNeeded: st.st_ctim.tv_nsec)
        mtimeSeconds = UInt32(truncatingIfNeeded: st.st_mtim.tv_sec)
        mtimeNanoseconds = UInt32(truncatingIfNeeded: st.st_mtim.tv_nsec)
        // git records st_dev (libgit2 would record st_rdev, which is 0 for regular files).
        device = UInt32(truncatingIfNeeded: st.st_dev)
        inode = UInt32(truncatingIfNeeded: st.st_ino)
        if (st.st_mode & S_IFMT) == S_IFLNK {
            mode = 0o120000
        } else {
            mode = (st.st_mode & 0o100) != 0 ? 0o100755 : 0o100644
        }
        uid = UInt32(truncatingIfNeeded: st.st_uid)
        gid = UInt32(truncatingIfNeeded: st.st_gid)
        size = UInt32(truncatingIfNeeded: st.st_size)
    }
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
    /// Entries marked skip-worktree (outside a sparse checkout, or `git update-index
    /// --skip-worktree`): git treats their absence from the work tree as no change.
    public func skipWorktreeEntries() -> [(path: String, id: ObjectID)] {
        var out = [(path: String, id: ObjectID)]()
        for i in 0..<count {
            guard let e = git_index_get_byindex(raw, i)?.pointee, let p = e.path else { continue }
            // GIT_INDEX_ENTRY_SKIP_WORKTREE lives in the extended flags.
            if (e.flags & 0x3000) == 0 && (UInt32(e.flags_extended) & UInt32(GIT_INDEX_ENTRY_SKIP_WORKTREE.rawValue)) != 0 {
                out.append((String(cString: p), ObjectID(e.id)))
            }
        }
        return out
    }

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
