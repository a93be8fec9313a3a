#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Clibgit2
import Foundation

/// A tracked file whose work-tree copy differs from the index.
public struct TrackedChange: Hashable, Sendable {
    public enum Kind: String, Sendable { case modified, deleted, typeChanged = "type changed" }
    public let path: String
    public let kind: Kind
}

/// How the clean check compares stat data, as git's `core.trustctime`, `core.checkStat` and
/// `core.fileMode` say (git's defaults: all true).
public struct StatPolicy: Sendable, Hashable {
    /// Compare the change time (`core.trustctime`).
    public var trustCtime = true
    /// Compare inode, owner and change time too (`core.checkStat` other than `minimal`).
    public var fullStat = true
    /// Compare the executable bit (`core.fileMode`).
    public var fileMode = true

    public init(trustCtime: Bool = true, fullStat: Bool = true, fileMode: Bool = true) {
        self.trustCtime = trustCtime
        self.fullStat = fullStat
        self.fileMode = fileMode
    }
}

extension Repository {
    /// The stat comparison git applies in this repository.
    public func statPolicy() -> StatPolicy {
        func bool(_ key: String, _ fallback: Bool) -> Bool {
            guard let v = try? configString(key)?.lowercased() else { return fallback }
            return !["false", "no", "off", "0"].contains(v)
        }
        return StatPolicy(trustCtime: bool("core.trustctime", true),
                          fullStat: ((try? configString("core.checkstat"))?.lowercased() ?? "default") != "minimal",
                          fileMode: bool("core.filemode", true))
    }
}

extension Index {
    /// Tracked files whose work-tree copy differs from what the index records, found as git does
    /// before a commit: one `lstat` per entry (spread over the cores), comparing what git
    /// compares under `policy`, and a content hash only when the stat data differs or is too
    /// recent to trust (the file changed at or after the moment the index was written). No
    /// directory is listed, so the cost follows the number of tracked files. Entries marked
    /// skip-worktree are not looked at, as git does not look at them.
    public func workTreeChanges(root: String, indexPath: String, policy: StatPolicy = StatPolicy()) -> [TrackedChange] {
        var indexStat = stat()
        let indexTime = lstat(indexPath, &indexStat) == 0 ? indexStat.st_mtim : timespec()
        // Stable pointers to the stage-0 entries, read by every worker (the index is not changed meanwhile).
        var entries = [UnsafePointer<git_index_entry>]()
        entries.reserveCapacity(count)
        for i in 0..<count {
            guard let e = git_index_get_byindex(raw, i), (e.pointee.flags & 0x3000) == 0 else { continue }
            if (e.pointee.flags_extended & UInt16(GIT_INDEX_ENTRY_SKIP_WORKTREE.rawValue)) != 0 { continue }
            entries.append(e)
        }
        nonisolated(unsafe) let shared = entries
        let verdicts: [TrackedChange.Kind?] = ConcurrentMap.map(Array(shared.indices), batch: 1024) { k in
            Self.verdict(shared[k].pointee, root: root, indexTime: indexTime, policy: policy)
        }
        var out = [TrackedChange]()
        for (k, v) in verdicts.enumerated() {
            guard let v, let p = entries[k].pointee.path else { continue }
            out.append(TrackedChange(path: String(cString: p), kind: v))
        }
        return out
    }

    /// Nil when the work-tree file matches the entry.
    private static func verdict(_ e: git_index_entry, root: String, indexTime: timespec, policy: StatPolicy) -> TrackedChange.Kind? {
        guard let cPath = e.path else { return nil }
        let full = root + "/" + String(cString: cPath)
        var st = stat()
        guard lstat(full, &st) == 0 else { return .deleted }
        let isLink = (st.st_mode & S_IFMT) == S_IFLNK
        let isFile = (st.st_mode & S_IFMT) == S_IFREG
        let entryIsLink = (e.mode & 0o170000) == 0o120000
        if !(isFile || isLink) || isLink != entryIsLink { return .typeChanged }
        let executable = (st.st_mode & 0o100) != 0
        let entryExecutable = (e.mode & 0o777) == 0o755
        if policy.fileMode && !isLink && executable != entryExecutable { return .modified }
        var sameStat = UInt32(truncatingIfNeeded: st.st_size) == e.file_size
            && UInt32(truncatingIfNeeded: st.st_mtim.tv_sec) == UInt32(bitPattern: e.mtime.seconds)
            && UInt32(truncatingIfNeeded: st.st_mtim.tv_nsec) == e.mtime.nanoseconds
        if policy.fullStat {
            sameStat = sameStat
                && UInt32(truncatingIfNeeded: st.st_ino) == e.ino
                && UInt32(truncatingIfNeeded: st.st_uid) == e.uid
                && UInt32(truncatingIfNeeded: st.st_gid) == e.gid
            if policy.trustCtime {
                sameStat = sameStat
                    && UInt32(truncatingIfNeeded: st.st_ctim.tv_sec) == UInt32(bitPattern: e.ctime.seconds)
                    && UInt32(truncatingIfNeeded: st.st_ctim.tv_nsec) == e.ctime.nanoseconds
            }
        }
        let racy = st.st_mtim.tv_sec > indexTime.tv_sec
            || (st.st_mtim.tv_sec == indexTime.tv_sec && st.st_mtim.tv_nsec >= indexTime.tv_nsec)
        if sameStat && !racy { return nil }
        // Stat data differs or cannot be trusted: compare the content's blob id.
        var oid = git_oid()
        var id = e.id
        if isLink {
            var buffer = [CChar](repeating: 0, count: 4097)
            let n = readlink(full, &buffer, 4096)
            guard n >= 0 else { return .modified }
            _ = git_odb_hash(&oid, buffer, n, GIT_OBJECT_BLOB)
        } else if git_odb_hashfile(&oid, full, GIT_OBJECT_BLOB) < 0 {
            git_error_clear()
            return .modified
        }
        return git_oid_equal(&oid, &id) == 0 ? .modified : nil
    }

    /// The names in the work-tree folder `directory` (relative to `root`) that are neither
    /// tracked files nor folders holding tracked files, sorted; and the names of the folders
    /// that hold tracked files. One directory listing, one index lookup per name.
    public func listUntracked(in directory: String, root: String) -> (untracked: [String], trackedFolders: [String]) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root + "/" + directory)) ?? []).sorted()
        var untracked = [String](), folders = [String]()
        for name in names {
            let path = directory.isEmpty ? name : directory + "/" + name
            if git_index_get_bypath(raw, path, 0) != nil { continue }
            var pos = 0
            if git_index_find_prefix(&pos, raw, path + "/") == 0 {
                folders.append(name)
            } else {
                git_error_clear()
                untracked.append(name)
            }
        }
        return (untracked, folders)
    }
}

extension Repository {
    /// The root tree `index` describes, written into a separate handle whose object database keeps
    /// new objects in memory: nothing reaches the disk, so a refusal leaves no trace. With the
    /// index's tree cache this costs little more than the trees that changed.
    public func treeInMemory(of index: Index) throws(GitError) -> ObjectID {
        let scratch = try Repository(at: gitDirectory)
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, scratch.raw), "git_repository_odb")
        defer { git_odb_free(odb) }
        var backend: UnsafeMutablePointer<git_odb_backend>?
        try check(git_mempack_new(&backend), "git_mempack_new")
        let rc = git_odb_add_backend(odb, backend, 1000)
        if rc < 0 {
            backend?.pointee.free?(backend)
            try check(rc, "git_odb_add_backend")
        }
        var out = git_oid()
        try check(git_index_write_tree_to(&out, index.raw, scratch.raw), "git_index_write_tree_to")
        return ObjectID(out)
    }
}

extension Repository {
    /// Whether git would ignore `path` (.gitignore, info/exclude, core.excludesFile).
    public func isIgnored(_ path: String) -> Bool {
        var ignored: Int32 = 0
        guard git_ignore_path_is_ignored(&ignored, raw, path) >= 0 else {
            git_error_clear()
            return false
        }
        return ignored == 1
    }
}
