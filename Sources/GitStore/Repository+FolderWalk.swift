import Clibgit2
import Foundation

/// A file found in a folder at a fixed depth of a tree (see `Repository.filesInFolders`).
public struct FolderFile: Hashable, Sendable {
    /// The folder's path below the walked tree (`2026/05/EV-20260530-39KT2P`).
    public let folder: String
    public let id: ObjectID
}

extension Repository {
    /// For every folder exactly `depth` levels below the tree `root` (`YYYY/MM/ID` is depth 3),
    /// the blob named `fileName` in it, in git's tree order. Folders without such a blob are
    /// skipped; files met above that depth are ignored.
    ///
    /// This is how evident finds 100k evidence records: one tree read per folder, and only the
    /// one entry looked up by name (no entry list is built). The second level (months) is split
    /// across threads, each with its own repository handle (libgit2 handles are not shared
    /// between threads), so the tree reads run on every core.
    public func filesInFolders(of root: ObjectID, depth: Int, named fileName: String) throws(GitError) -> [FolderFile] {
        precondition(depth >= 1)
        // The upper levels, serially: (path, tree id) of every tree at depth - 1.
        var level: [(String, ObjectID)] = [("", root)]
        for _ in 0..<(depth - 1) {
            var next = [(String, ObjectID)]()
            for (path, id) in level {
                for e in try tree(id) where e.isTree {
                    next.append((path.isEmpty ? e.name : path + "/" + e.name, e.id))
                }
            }
            level = next
        }
        let parents = level
        let gitDir = gitDirectory
        // Small walks stay on this handle; large ones are split by parent folder.
        if parents.count < 2 {
            var out = [FolderFile]()
            for (path, id) in parents { try Self.collect(self, parent: path, tree: id, fileName: fileName, into: &out) }
            return out
        }
        do {
            let perParent = try ConcurrentMap.map(parents, batch: 1, worker: { try Repository(at: gitDir) }) { handle, parent -> [FolderFile] in
                var out = [FolderFile]()
                try Self.collect(handle, parent: parent.0, tree: parent.1, fileName: fileName, into: &out)
                return out
            }
            return perParent.flatMap { $0 }
        } catch let e as GitError {
            throw e
        } catch {
            throw GitError(code: .other(-1), message: "\(error)", function: "filesInFolders")
        }
    }

    private static func collect(_ repo: Repository, parent: String, tree id: ObjectID, fileName: String, into out: inout [FolderFile]) throws(GitError) {
        var t: OpaquePointer?
        var oid = id.raw
        try check(git_tree_lookup(&t, repo.raw, &oid), "git_tree_lookup")
        defer { git_tree_free(t) }
        let count = git_tree_entrycount(t)
        for i in 0..<count {
            guard let e = git_tree_entry_byindex(t, i), git_tree_entry_filemode(e) == GIT_FILEMODE_TREE else { continue }
            var sub: OpaquePointer?
            try check(git_tree_lookup(&sub, repo.raw, git_tree_entry_id(e)), "git_tree_lookup")
            defer { git_tree_free(sub) }
            guard let f = git_tree_entry_byname(sub, fileName) else { continue }
            let mode = git_tree_entry_filemode(f)
            guard mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE else { continue }
            let name = String(cString: git_tree_entry_name(e))
            out.append(FolderFile(folder: parent.isEmpty ? name : parent + "/" + name, id: ObjectID(git_tree_entry_id(f)!)))
        }
    }
}

