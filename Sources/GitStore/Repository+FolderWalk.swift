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
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        // Small walks stay on this handle; large ones are split by parent folder.
        let threads = parents.count < 2 ? 1 : min(cores, parents.count)
        if threads == 1 {
            var out = [FolderFile]()
            for (path, id) in parents { try Self.collect(self, parent: path, tree: id, fileName: fileName, into: &out) }
            return out
        }
        let results = FolderWalkSlots(parents.count)
        let next = FolderWalkCounter()
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            let handle: Repository
            do { handle = try Repository(at: gitDir) } catch {
                results.fail(error)
                return
            }
            while let k = next.take(below: parents.count) {
                var out = [FolderFile]()
                do {
                    try Self.collect(handle, parent: parents[k].0, tree: parents[k].1, fileName: fileName, into: &out)
                } catch {
                    results.fail(error)
                    return
                }
                results.set(k, out)
            }
        }
        if let error = results.error {
            if let e = error as? GitError { throw e }
            throw GitError(code: .other(-1), message: "\(error)", function: "filesInFolders")
        }
        return results.slots.flatMap { $0 }
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

/// Per-parent results, written by one thread each, plus the first error.
private final class FolderWalkSlots: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var slots: [[FolderFile]]
    private(set) var error: (any Error)?

    init(_ n: Int) { slots = Array(repeating: [], count: n) }

    func set(_ k: Int, _ files: [FolderFile]) {
        lock.lock(); defer { lock.unlock() }
        slots[k] = files
    }

    func fail(_ e: any Error) {
        lock.lock(); defer { lock.unlock() }
        if error == nil { error = e }
    }
}

/// Hands out parent indexes to the threads, one at a time.
private final class FolderWalkCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    func take(below n: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < n else { return nil }
        defer { next += 1 }
        return next
    }
}
