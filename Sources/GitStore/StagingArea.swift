import Clibgit2
import Foundation

/// The one way evident writes git objects: through a handle whose object database keeps new
/// objects in memory (libgit2's mempack in front of the repository's own backends), then
/// `flush` stores what the new commits and tags reach, in one go.
///
/// Blobs, trees (`Repository.updateTree`, libgit2's `git_tree_create_updated`: only the trees
/// on changed paths are written), commits and tags are written through `repository` as usual,
/// and every read through it sees them. `flush` finds the objects that exist only in memory
/// (walking from the tips and stopping at every object already stored) and stores them:
/// - as loose objects when there are few, as `git commit` does;
/// - otherwise as ONE pack, through the one pack writer (`PackBuilder`, `Repository.storePack`).
///
/// The bench generator writes its whole history this way. A ledger commit stores its blobs and
/// trees straight into a `PackBuilder` instead (they are encoded while the files are written).
///
/// A refusal before `flush` leaves nothing on disk. Objects written but not reached from the
/// tips (or named as extras) are dropped at the next flush.
public final class StagingArea {
    /// The handle to write through: its new objects stay in memory until `flush`.
    public let repository: Repository
    /// A plain handle on the same repository: what `flush` stores goes through it.
    private let target: Repository
    private let odb: OpaquePointer
    /// Owned by `odb` once added.
    private let backend: UnsafeMutablePointer<git_odb_backend>

    /// With at least this many new objects, `flush` writes one pack instead of loose objects.
    public static let packThreshold = 32

    /// Opens a staging handle on the repository at `gitDirectory`.
    public init(gitDirectory: String) throws(GitError) {
        repository = try Repository(at: gitDirectory)
        target = try Repository(at: gitDirectory)
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, repository.raw), "git_repository_odb")
        var backend: UnsafeMutablePointer<git_odb_backend>?
        do {
            try check(git_mempack_new(&backend), "git_mempack_new")
        } catch {
            git_odb_free(odb)
            throw error
        }
        // Above the loose (1) and pack (2) backends: writes go to memory, reads look there first.
        let rc = git_odb_add_backend(odb, backend, 1000)
        if rc < 0 {
            let error = GitError.last(rc, function: "git_odb_add_backend")
            backend?.pointee.free?(backend)
            git_odb_free(odb)
            throw error
        }
        self.odb = odb!
        self.backend = backend!
    }

    deinit {
        // The backend is freed with the object database, when the repository lets go of it.
        git_odb_free(odb)
    }

    /// What one flush stored.
    public struct Flush: Sendable, Hashable {
        /// The number of objects stored.
        public let objects: Int
        /// `pack-<hash>` when they went into a pack; nil when loose (or nothing was stored).
        public let pack: String?
    }

    /// Stores every object reachable from `tips` (commits, tags or trees) that exists only in
    /// memory, plus `extra` objects held in memory (an annotated tag, say), then empties memory.
    @discardableResult
    public func flush(tips: [ObjectID], extra: [ObjectID] = []) throws(GitError) -> Flush {
        let ids = try newObjects(from: tips + extra)
        defer { _ = git_mempack_reset(backend) }
        guard !ids.isEmpty else { return Flush(objects: 0, pack: nil) }
        var objects = [OpaquePointer]()
        objects.reserveCapacity(ids.count)
        defer { objects.forEach { git_odb_object_free($0) } }
        for id in ids {
            var obj: OpaquePointer?
            var oid = id.raw
            try check(git_odb_read(&obj, odb, &oid), "git_odb_read")
            objects.append(obj!)
        }
        var name: String?
        if objects.count < Self.packThreshold {
            var targetODB: OpaquePointer?
            try check(git_repository_odb(&targetODB, target.raw), "git_repository_odb")
            defer { git_odb_free(targetODB) }
            for obj in objects {
                var oid = git_oid()
                try check(git_odb_write(&oid, targetODB, git_odb_object_data(obj), git_odb_object_size(obj), git_odb_object_type(obj)), "git_odb_write")
            }
        } else {
            // Encoded on every core, stored by the one pack writer.
            let pack = try PackBuilder.objects(objects.map { obj in { body in
                body(git_odb_object_type(obj), UnsafeRawBufferPointer(start: git_odb_object_data(obj), count: git_odb_object_size(obj)))
            } })
            name = try target.storePack(pack)
        }
        // The plain handle learns about the new pack before memory is emptied, so no read misses.
        try check(git_odb_refresh(odb), "git_odb_refresh")
        return Flush(objects: objects.count, pack: name)
    }

    /// Forgets every object held in memory without storing it.
    public func discard() {
        _ = git_mempack_reset(backend)
    }

    /// Whether `id` is held in memory (written through `repository` and not yet flushed).
    private func inMemory(_ id: ObjectID) -> Bool {
        var oid = id.raw
        return backend.pointee.exists?(backend, &oid) == 1
    }

    /// The objects held in memory that `tips` reach, parents and children first found first;
    /// the walk stops at every object already stored on disk (nothing below it is new).
    private func newObjects(from tips: [ObjectID]) throws(GitError) -> [ObjectID] {
        var seen = Set<ObjectID>()
        var out = [ObjectID]()
        var stack = tips.filter { inMemory($0) }
        while let id = stack.popLast() {
            guard seen.insert(id).inserted else { continue }
            out.append(id)
            var obj: OpaquePointer?
            var oid = id.raw
            try check(git_object_lookup(&obj, repository.raw, &oid, GIT_OBJECT_ANY), "git_object_lookup")
            defer { git_object_free(obj) }
            var children = [ObjectID]()
            switch git_object_type(obj) {
            case GIT_OBJECT_COMMIT:
                if let tree = git_commit_tree_id(obj) { children.append(ObjectID(tree)) }
                for i in 0..<git_commit_parentcount(obj) {
                    if let parent = git_commit_parent_id(obj, i) { children.append(ObjectID(parent)) }
                }
            case GIT_OBJECT_TREE:
                for i in 0..<git_tree_entrycount(obj) {
                    guard let e = git_tree_entry_byindex(obj, i), let entryID = git_tree_entry_id(e) else { continue }
                    switch git_tree_entry_type(e) {
                    case GIT_OBJECT_TREE:
                        children.append(ObjectID(entryID))
                    case GIT_OBJECT_BLOB:
                        // A blob has no children: taken without looking it up.
                        let blob = ObjectID(entryID)
                        if inMemory(blob), seen.insert(blob).inserted { out.append(blob) }
                    default:
                        // Submodule entries (commits of other repositories) are never stored here.
                        break
                    }
                }
            case GIT_OBJECT_TAG:
                if let target = git_tag_target_id(obj) { children.append(ObjectID(target)) }
            default:
                break
            }
            for c in children where !seen.contains(c) && inMemory(c) { stack.append(c) }
        }
        return out
    }
}
