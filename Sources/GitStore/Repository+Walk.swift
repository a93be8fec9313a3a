import Clibgit2
import Foundation

extension Repository {
    /// Walks commits reachable from `start`, newest first (topological, then by time),
    /// stopping before commits reachable from `hiding`. `body` returns false to stop.
    public func walk(from start: ObjectID, hiding: [ObjectID] = [], firstParentOnly: Bool = false, _ body: (CommitInfo) throws -> Bool) throws {
        var walker: OpaquePointer?
        try check(git_revwalk_new(&walker, raw), "git_revwalk_new")
        defer { git_revwalk_free(walker) }
        try check(git_revwalk_sorting(walker, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue), "git_revwalk_sorting")
        if firstParentOnly { try check(git_revwalk_simplify_first_parent(walker), "git_revwalk_simplify_first_parent") }
        var s = start.raw
        try check(git_revwalk_push(walker, &s), "git_revwalk_push")
        for h in hiding {
            var oid = h.raw
            try check(git_revwalk_hide(walker, &oid), "git_revwalk_hide")
        }
        var oid = git_oid()
        while true {
            let rc = git_revwalk_next(&oid, walker)
            if rc == GIT_ITEROVER.rawValue {
                git_error_clear()
                break
            }
            try check(rc, "git_revwalk_next")
            var c: OpaquePointer?
            try check(git_commit_lookup(&c, raw, &oid), "git_commit_lookup")
            let info = Self.info(ofCommit: c!)
            git_commit_free(c)
            if try !body(info) { break }
        }
    }

    /// Commits reachable from `start` that changed anything under one of `paths` compared with
    /// their first parent (or, for a root commit, that contain it). libgit2's revwalk has no path
    /// filter, so this compares the entry id at each path in the commit's tree with the parent's;
    /// unchanged subtrees share ids, so each comparison is a few tree lookups.
    public func walk(from start: ObjectID, touching paths: [String], hiding: [ObjectID] = [], _ body: (CommitInfo) throws -> Bool) throws {
        // Path -> entry id in a tree; an absent path has no key.
        var cache = [ObjectID: [String: ObjectID]]()
        func ids(_ tree: ObjectID) throws -> [String: ObjectID] {
            if let hit = cache[tree] { return hit }
            var out = [String: ObjectID]()
            for p in paths { out[p] = try entry(at: p, inTree: tree)?.id }
            cache[tree] = out
            return out
        }
        try walk(from: start, hiding: hiding) { commit in
            let mine = try ids(commit.tree)
            let touched: Bool
            if let parent = commit.parents.first {
                let theirs = try ids(try treeID(ofCommit: parent))
                touched = paths.contains { mine[$0] != theirs[$0] }
            } else {
                touched = paths.contains { mine[$0] != nil }
            }
            if cache.count > 4096 { cache.removeAll(keepingCapacity: true) }
            return touched ? try body(commit) : true
        }
    }
}
