import Clibgit2
import Foundation

/// One file that differs between two trees.
public struct PathChange: Hashable, Sendable {
    public enum Kind: String, Sendable, Hashable { case added, deleted, modified, typeChanged }
    public let path: String
    public let kind: Kind
    /// The blob before (nil when added).
    public let oldID: ObjectID?
    /// The blob after (nil when deleted).
    public let newID: ObjectID?
}

extension Repository {
    /// Files that differ between two trees (nil stands for the empty tree). Renames are not
    /// detected: a moved record is a deletion and an addition, which is what an auditor should see.
    /// libgit2 skips subtrees whose ids are equal, so the cost follows what changed.
    public func diff(from old: ObjectID?, to new: ObjectID?, paths: [String] = []) throws(GitError) -> [PathChange] {
        var oldTree: OpaquePointer?
        var newTree: OpaquePointer?
        defer {
            git_tree_free(oldTree)
            git_tree_free(newTree)
        }
        if let old {
            var oid = old.raw
            try check(git_tree_lookup(&oldTree, raw, &oid), "git_tree_lookup")
        }
        if let new {
            var oid = new.raw
            try check(git_tree_lookup(&newTree, raw, &oid), "git_tree_lookup")
        }
        var opts = git_diff_options()
        try check(git_diff_options_init(&opts, UInt32(GIT_DIFF_OPTIONS_VERSION)), "git_diff_options_init")
        let cPaths = paths.map { strdup($0) }
        defer { cPaths.forEach { free($0) } }
        var diff: OpaquePointer?
        var pointers: [UnsafeMutablePointer<CChar>?] = cPaths
        let rc = pointers.withUnsafeMutableBufferPointer { buf -> Int32 in
            opts.pathspec = git_strarray(strings: buf.baseAddress, count: buf.count)
            return git_diff_tree_to_tree(&diff, raw, oldTree, newTree, &opts)
        }
        try check(rc, "git_diff_tree_to_tree")
        defer { git_diff_free(diff) }
        var out = [PathChange]()
        let n = git_diff_num_deltas(diff)
        out.reserveCapacity(n)
        for i in 0..<n {
            guard let d = git_diff_get_delta(diff, i)?.pointee else { continue }
            let kind: PathChange.Kind
            switch d.status {
            case GIT_DELTA_ADDED: kind = .added
            case GIT_DELTA_DELETED: kind = .deleted
            case GIT_DELTA_TYPECHANGE: kind = .typeChanged
            default: kind = .modified
            }
            let path = String(cString: (kind == .deleted ? d.old_file.path : d.new_file.path)!)
            out.append(PathChange(
                path: path,
                kind: kind,
                oldID: kind == .added ? nil : ObjectID(d.old_file.id),
                newID: kind == .deleted ? nil : ObjectID(d.new_file.id)
            ))
        }
        return out
    }
}
