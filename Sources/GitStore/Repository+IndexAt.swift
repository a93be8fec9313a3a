import Clibgit2
import Foundation

extension Repository {
    /// Every stage-0 entry (path and blob id, in index order) of the index file at `path`, which
    /// need not be the repository's own `.git/index`.
    ///
    /// Why: git runs the pre-commit hook of `git commit -a` and `git commit -- PATH` against a
    /// temporary index that it names in `GIT_INDEX_FILE`; the repository's index does not hold
    /// what is being committed yet. A missing file reads as an empty index, as git treats it.
    /// The blobs the entries name are read from this repository.
    public func indexEntries(atPath path: String) throws(GitError) -> [(path: String, id: ObjectID)] {
        var index: OpaquePointer?
        _ = try check(git_index_open(&index, path), "git_index_open(\(path))")
        defer { git_index_free(index) }
        let count = git_index_entrycount(index)
        var out = [(path: String, id: ObjectID)]()
        out.reserveCapacity(count)
        for i in 0..<count {
            guard let e = git_index_get_byindex(index, i)?.pointee, let p = e.path else { continue }
            // Stage bits live in flags (GIT_INDEX_ENTRY_STAGEMASK = 0x3000).
            if (e.flags & 0x3000) != 0 { continue }
            out.append((String(cString: p), ObjectID(e.id)))
        }
        return out
    }
}
