import Clibgit2
import Foundation

/// One entry of a tree, copied out while the tree was alive.
public struct TreeEntry: Hashable, Sendable {
    public enum Kind: Sendable, Hashable { case blob, executable, symlink, tree, submodule }
    public let name: String
    public let id: ObjectID
    public let kind: Kind

    init(_ entry: OpaquePointer) {
        name = String(cString: git_tree_entry_name(entry))
        id = ObjectID(git_tree_entry_id(entry)!)
        switch git_tree_entry_filemode(entry) {
        case GIT_FILEMODE_TREE: kind = .tree
        case GIT_FILEMODE_BLOB_EXECUTABLE: kind = .executable
        case GIT_FILEMODE_LINK: kind = .symlink
        case GIT_FILEMODE_COMMIT: kind = .submodule
        default: kind = .blob
        }
    }

    public var isTree: Bool { kind == .tree }
}

/// A file found by walking a tree recursively.
public struct TreeFile: Hashable, Sendable {
    /// Path from the root of the walked tree, with `/` separators.
    public let path: String
    public let id: ObjectID
    public let kind: TreeEntry.Kind
}

/// A commit's header and message, as values.
public struct CommitInfo: Hashable, Sendable {
    public let id: ObjectID
    public let tree: ObjectID
    public let parents: [ObjectID]
    public let author: Signature
    public let committer: Signature
    public let message: String

    public var summary: String {
        message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
    }
}

/// A change to apply to a tree with `Repository.updateTree`.
public struct TreeUpdate: Sendable, Hashable {
    public enum Action: Sendable, Hashable { case upsert(ObjectID, executable: Bool), remove }
    public let path: String
    public let action: Action

    public static func upsert(_ path: String, blob: ObjectID, executable: Bool = false) -> TreeUpdate {
        TreeUpdate(path: path, action: .upsert(blob, executable: executable))
    }

    public static func remove(_ path: String) -> TreeUpdate {
        TreeUpdate(path: path, action: .remove)
    }
}

extension Repository {
    // MARK: Blobs

    /// Writes `data` as a blob and returns its id.
    public func writeBlob(_ data: Data) throws(GitError) -> ObjectID {
        var oid = git_oid()
        let rc = data.withUnsafeBytes { buf in
            git_blob_create_from_buffer(&oid, raw, buf.baseAddress, buf.count)
        }
        try check(rc, "git_blob_create_from_buffer")
        return ObjectID(oid)
    }

    /// The id `data` would have as a blob, without writing it.
    public static func hashBlob(_ data: Data) throws(GitError) -> ObjectID {
        Libgit2.initialize()
        var oid = git_oid()
        let rc = data.withUnsafeBytes { buf in
            git_odb_hash(&oid, buf.baseAddress, buf.count, GIT_OBJECT_BLOB)
        }
        try check(rc, "git_odb_hash")
        return ObjectID(oid)
    }

    /// The bytes of a blob.
    public func blob(_ id: ObjectID) throws(GitError) -> Data {
        var blob: OpaquePointer?
        var oid = id.raw
        try check(git_blob_lookup(&blob, raw, &oid), "git_blob_lookup")
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let content = git_blob_rawcontent(blob) else { return Data() }
        return Data(bytes: content, count: size)
    }

    /// Runs `body` over a blob's bytes where libgit2 holds them (no copy); the buffer is valid
    /// only during the call.
    /// Read from the object database directly: a blob lookup would also go through the
    /// repository's object cache (a lock shared by every thread) for an object read once.
    public func withBlob<T>(_ id: ObjectID, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, raw), "git_repository_odb")
        defer { git_odb_free(odb) }
        var obj: OpaquePointer?
        var oid = id.raw
        try check(git_odb_read(&obj, odb, &oid), "git_odb_read")
        defer { git_odb_object_free(obj) }
        guard git_odb_object_type(obj) == GIT_OBJECT_BLOB else {
            throw GitError(code: .notFound, message: "the requested type does not match the type in the ODB: \(id.hex) is not a blob", function: "git_odb_read")
        }
        let size = git_odb_object_size(obj)
        guard size > 0, let content = git_odb_object_data(obj) else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeRawBufferPointer(start: content, count: size))
    }

    /// Reads many blobs through one object-database handle (cheaper than one lookup each).
    public func blobs(_ ids: [ObjectID]) throws(GitError) -> [Data] {
        try rawObjects(ids).map(\.bytes)
    }

    /// Reads many objects of any type, with their types, through one object-database handle.
    func rawObjects(_ ids: [ObjectID]) throws(GitError) -> [(type: git_object_t, bytes: Data)] {
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, raw), "git_repository_odb")
        defer { git_odb_free(odb) }
        var out: [(type: git_object_t, bytes: Data)] = []
        out.reserveCapacity(ids.count)
        for id in ids {
            var obj: OpaquePointer?
            var oid = id.raw
            try check(git_odb_read(&obj, odb, &oid), "git_odb_read")
            let size = git_odb_object_size(obj)
            let bytes = size > 0 ? git_odb_object_data(obj).map { Data(bytes: $0, count: size) } ?? Data() : Data()
            out.append((git_odb_object_type(obj), bytes))
            git_odb_object_free(obj)
        }
        return out
    }

    // MARK: Trees

    /// The tree of a commit.
    public func treeID(ofCommit commit: ObjectID) throws(GitError) -> ObjectID {
        var c: OpaquePointer?
        var oid = commit.raw
        try check(git_commit_lookup(&c, raw, &oid), "git_commit_lookup")
        defer { git_commit_free(c) }
        return ObjectID(git_commit_tree_id(c)!)
    }

    /// The entries of one tree, in git's order.
    public func tree(_ id: ObjectID) throws(GitError) -> [TreeEntry] {
        var tree: OpaquePointer?
        var oid = id.raw
        try check(git_tree_lookup(&tree, raw, &oid), "git_tree_lookup")
        defer { git_tree_free(tree) }
        let count = git_tree_entrycount(tree)
        var entries = [TreeEntry]()
        entries.reserveCapacity(count)
        for i in 0..<count {
            entries.append(TreeEntry(git_tree_entry_byindex(tree, i)))
        }
        return entries
    }

    /// The entry at `path` (`a/b/c`) below the tree `root`, or nil when there is none.
    public func entry(at path: String, inTree root: ObjectID) throws(GitError) -> TreeEntry? {
        var tree: OpaquePointer?
        var oid = root.raw
        try check(git_tree_lookup(&tree, raw, &oid), "git_tree_lookup")
        defer { git_tree_free(tree) }
        var entry: OpaquePointer?
        let rc = git_tree_entry_bypath(&entry, tree, path)
        if rc == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            return nil
        }
        try check(rc, "git_tree_entry_bypath")
        defer { git_tree_entry_free(entry) }
        return TreeEntry(entry!)
    }

    /// Whether `path` names the same entry (same id, or absent in both) in the trees `a` and `b`.
    /// Walks down one level at a time and answers at the first level whose ids are equal, so an
    /// unchanged top-level folder costs one lookup per tree.
    public func sameEntry(at path: String, in a: ObjectID, and b: ObjectID) throws(GitError) -> Bool {
        var x: ObjectID? = a, y: ObjectID? = b
        for part in path.split(separator: "/") {
            guard x != y else { return true }
            if let t = x { x = try child(String(part), of: t) }
            if let t = y { y = try child(String(part), of: t) }
        }
        return x == y
    }

    /// The id of the entry `name` directly in tree `id` (nil when absent, or when `id` is not a tree).
    private func child(_ name: String, of id: ObjectID) throws(GitError) -> ObjectID? {
        var tree: OpaquePointer?
        var oid = id.raw
        let rc = git_tree_lookup(&tree, raw, &oid)
        if rc == GIT_ENOTFOUND.rawValue || rc == GIT_EINVALIDSPEC.rawValue {
            git_error_clear()
            return nil
        }
        if rc < 0 {
            // A blob where a tree was expected: the path goes through a file.
            if git_error_last()?.pointee.klass == Int32(GIT_ERROR_INVALID.rawValue) {
                git_error_clear()
                return nil
            }
            try check(rc, "git_tree_lookup")
        }
        defer { git_tree_free(tree) }
        guard let e = git_tree_entry_byname(tree, name) else { return nil }
        return ObjectID(git_tree_entry_id(e)!)
    }

    /// The bytes of the file at `path` in the tree `root`, or nil when there is none.
    public func file(at path: String, inTree root: ObjectID) throws(GitError) -> Data? {
        guard let e = try entry(at: path, inTree: root), !e.isTree, e.kind != .submodule else { return nil }
        return try blob(e.id)
    }

    /// Every file below `root`, depth first, with paths relative to it (prefixed with `prefix`).
    /// Subtrees are read by id, so a caller that wants one folder passes that folder's tree.
    public func files(inTree root: ObjectID, prefix: String = "") throws(GitError) -> [TreeFile] {
        var out = [TreeFile]()
        try collectFiles(root, prefix: prefix, into: &out)
        return out
    }

    private func collectFiles(_ id: ObjectID, prefix: String, into out: inout [TreeFile]) throws(GitError) {
        for e in try tree(id) {
            let path = prefix.isEmpty ? e.name : prefix + "/" + e.name
            if e.isTree {
                try collectFiles(e.id, prefix: path, into: &out)
            } else {
                out.append(TreeFile(path: path, id: e.id, kind: e.kind))
            }
        }
    }

    /// Applies `updates` to the tree `base` (nil for an empty tree) and writes only the trees
    /// on the changed paths: the cost follows the change, not the size of the ledger.
    public func updateTree(_ base: ObjectID?, _ updates: [TreeUpdate]) throws(GitError) -> ObjectID {
        var baseline: OpaquePointer?
        if let base {
            var oid = base.raw
            try check(git_tree_lookup(&baseline, raw, &oid), "git_tree_lookup")
        }
        // A nil baseline means the empty tree; libgit2 accepts NULL without writing one.
        defer { git_tree_free(baseline) }

        let paths = updates.map { strdup($0.path) }
        defer { paths.forEach { free($0) } }
        var raws = [git_tree_update]()
        raws.reserveCapacity(updates.count)
        for (i, u) in updates.enumerated() {
            var r = git_tree_update()
            r.path = UnsafePointer(paths[i])
            switch u.action {
            case .upsert(let id, let executable):
                r.action = GIT_TREE_UPDATE_UPSERT
                r.id = id.raw
                r.filemode = executable ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB
            case .remove:
                r.action = GIT_TREE_UPDATE_REMOVE
            }
            raws.append(r)
        }
        var out = git_oid()
        let rc = raws.withUnsafeBufferPointer { buf in
            git_tree_create_updated(&out, raw, baseline, buf.count, buf.baseAddress)
        }
        try check(rc, "git_tree_create_updated")
        return ObjectID(out)
    }

    // MARK: Commits

    public func commit(_ id: ObjectID) throws(GitError) -> CommitInfo {
        var c: OpaquePointer?
        var oid = id.raw
        try check(git_commit_lookup(&c, raw, &oid), "git_commit_lookup")
        defer { git_commit_free(c) }
        return Self.info(ofCommit: c!)
    }

    static func info(ofCommit c: OpaquePointer) -> CommitInfo {
        let count = git_commit_parentcount(c)
        var parents = [ObjectID]()
        for i in 0..<count {
            parents.append(ObjectID(git_commit_parent_id(c, i)!))
        }
        let message = git_commit_message_raw(c).map { String(cString: $0) } ?? ""
        return CommitInfo(
            id: ObjectID(git_commit_id(c)!),
            tree: ObjectID(git_commit_tree_id(c)!),
            parents: parents,
            author: Signature(git_commit_author(c)!),
            committer: Signature(git_commit_committer(c)!),
            message: message
        )
    }

    /// Writes a commit object (no ref is moved: see `updateReference`).
    public func createCommit(tree: ObjectID, parents: [ObjectID], author: Signature, committer: Signature, message: String) throws(GitError) -> ObjectID {
        var treeObj: OpaquePointer?
        var treeOid = tree.raw
        try check(git_tree_lookup(&treeObj, raw, &treeOid), "git_tree_lookup")
        defer { git_tree_free(treeObj) }
        var parentObjs = [OpaquePointer?]()
        defer { parentObjs.forEach { git_commit_free($0) } }
        for p in parents {
            var c: OpaquePointer?
            var oid = p.raw
            try check(git_commit_lookup(&c, raw, &oid), "git_commit_lookup")
            parentObjs.append(c)
        }
        var out = git_oid()
        let rc = try author.withRaw { (a) throws(GitError) -> Int32 in
            try committer.withRaw { (c) throws(GitError) -> Int32 in
                parentObjs.withUnsafeMutableBufferPointer { buf in
                    git_commit_create(&out, raw, nil, a, c, "UTF-8", message, treeObj, buf.count, buf.baseAddress)
                }
            }
        }
        try check(rc, "git_commit_create")
        return ObjectID(out)
    }
}

extension TreeEntry.Kind {
    var filemode: git_filemode_t {
        switch self {
        case .blob: return GIT_FILEMODE_BLOB
        case .executable: return GIT_FILEMODE_BLOB_EXECUTABLE
        case .symlink: return GIT_FILEMODE_LINK
        case .tree: return GIT_FILEMODE_TREE
        case .submodule: return GIT_FILEMODE_COMMIT
        }
    }
}
