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

extension Index {
    /// Tracked files whose work-tree copy differs from what the index records, found as git does
    /// before a commit: one `lstat` per entry, and a content hash only when the stat data differs
    /// or is too recent to trust (the file changed in the same second the index was written).
    /// No directory is listed, so the cost follows the number of tracked files.
    public func workTreeChanges(root: String, indexPath: String) -> [TrackedChange] {
        var indexStat = stat()
        let indexTime = lstat(indexPath, &indexStat) == 0 ? indexStat.st_mtim : timespec()
        var out = [TrackedChange]()
        for i in 0..<count {
            guard let e = git_index_get_byindex(raw, i)?.pointee, let cPath = e.path, (e.flags & 0x3000) == 0 else { continue }
            let path = String(cString: cPath)
            let full = root + "/" + path
            var st = stat()
            guard lstat(full, &st) == 0 else {
                out.append(TrackedChange(path: path, kind: .deleted))
                continue
            }
            let isLink = (st.st_mode & S_IFMT) == S_IFLNK
            let isFile = (st.st_mode & S_IFMT) == S_IFREG
            let entryIsLink = (e.mode & 0o170000) == 0o120000
            if !(isFile || isLink) || isLink != entryIsLink {
                out.append(TrackedChange(path: path, kind: .typeChanged))
                continue
            }
            let executable = (st.st_mode & 0o100) != 0
            let entryExecutable = (e.mode & 0o777) == 0o755
            let sameStat = UInt32(truncatingIfNeeded: st.st_size) == e.file_size
                && UInt32(truncatingIfNeeded: st.st_mtim.tv_sec) == UInt32(bitPattern: e.mtime.seconds)
                && UInt32(truncatingIfNeeded: st.st_mtim.tv_nsec) == e.mtime.nanoseconds
                && (isLink || executable == entryExecutable)
            let racy = st.st_mtim.tv_sec > indexTime.tv_sec
                || (st.st_mtim.tv_sec == indexTime.tv_sec && st.st_mtim.tv_nsec >= indexTime.tv_nsec)
            if sameStat && !racy { continue }
            if !isLink && executable != entryExecutable {
                out.append(TrackedChange(path: path, kind: .modified))
                continue
            }
            // Stat data differs or cannot be trusted: compare the content's blob id.
            var oid = git_oid()
            var id = e.id
            if isLink {
                var buffer = [CChar](repeating: 0, count: 4097)
                let n = readlink(full, &buffer, 4096)
                guard n >= 0 else {
                    out.append(TrackedChange(path: path, kind: .modified))
                    continue
                }
                _ = git_odb_hash(&oid, buffer, n, GIT_OBJECT_BLOB)
            } else if git_odb_hashfile(&oid, full, GIT_OBJECT_BLOB) < 0 {
                git_error_clear()
                out.append(TrackedChange(path: path, kind: .modified))
                continue
            }
            if git_oid_equal(&oid, &id) == 0 { out.append(TrackedChange(path: path, kind: .modified)) }
        }
        return out
    }

    /// Every directory that holds a tracked file (`a`, `a/b` for `a/b/c`), for telling tracked
    /// folders from stray ones without listing the work tree.
    public func trackedDirectories() -> Set<String> {
        var dirs = Set<String>()
        var last = [UInt8]()
        for i in 0..<count {
            guard let e = git_index_get_byindex(raw, i)?.pointee, let cPath = e.path else { continue }
            guard let slash = strrchr(cPath, 0x2F) else { continue }
            let dirLen = UnsafeRawPointer(slash) - UnsafeRawPointer(cPath)
            // Entries are sorted: most share the previous entry's directory.
            let same = dirLen == last.count && memcmp(cPath, last, dirLen) == 0
            if same { continue }
            last = Array(UnsafeRawBufferPointer(start: cPath, count: dirLen).bindMemory(to: UInt8.self))
            var path = String(decoding: last, as: UTF8.self)
            while dirs.insert(path).inserted, let s = path.lastIndex(of: "/") {
                path = String(path[..<s])
            }
        }
        return dirs
    }

    /// Whether `path` is a tracked file.
    public func isTracked(_ path: String) -> Bool { git_index_get_bypath(raw, path, 0) != nil }
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
