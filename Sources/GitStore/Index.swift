#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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

    /// The checksum git wrote at the end of the index file when it was last read or written
    /// (nil for an index that has never been written).
    public var checksum: ObjectID? {
        guard let p = git_index_checksum(raw) else { return nil }
        let id = ObjectID(p.pointee)
        return id.isZero ? nil : id
    }

    /// The path of the index file.
    public var path: String? { git_index_path(raw).map { String(cString: $0) } }

    /// The checksum at the end of the index file on disk now (nil when there is no such file).
    public func checksumOnDisk() -> ObjectID? {
        guard let path else { return nil }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_size >= 20 else { return nil }
        var trailer = [UInt8](repeating: 0, count: 20)
        guard pread(fd, &trailer, 20, off_t(st.st_size - 20)) == 20 else { return nil }
        return ObjectID(bytes: trailer)
    }

    /// Whether the index file on disk is still the one this index was read from (no other
    /// process wrote it since).
    public func isCurrentOnDisk() -> Bool { checksumOnDisk() == checksum }

    /// Stages files whose blobs are already stored, with the stat data of the work-tree files
    /// that hold exactly that content (so neither git nor evident hashes them again). A path
    /// staged before is replaced; a folder at a file's path (or the other way round) is
    /// replaced too, as git does.
    public func add(_ entries: [IndexEntry]) throws(GitError) {
        for e in entries {
            var raw = git_index_entry()
            raw.ctime = git_index_time(seconds: Int32(bitPattern: e.stat.ctimeSeconds), nanoseconds: e.stat.ctimeNanoseconds)
            raw.mtime = git_index_time(seconds: Int32(bitPattern: e.stat.mtimeSeconds), nanoseconds: e.stat.mtimeNanoseconds)
            raw.dev = e.stat.device
            raw.ino = e.stat.inode
            raw.mode = e.stat.mode
            raw.uid = e.stat.uid
            raw.gid = e.stat.gid
            raw.file_size = e.stat.size
            raw.id = e.id.raw
            let rc = e.path.withCString { p -> Int32 in
                raw.path = p
                return git_index_add(self.raw, &raw)
            }
            try check(rc, "git_index_add(\(e.path))")
        }
    }
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
