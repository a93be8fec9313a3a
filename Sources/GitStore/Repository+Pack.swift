import Clibgit2
import Foundation

/// Writes many objects as packfiles instead of one loose file each, as `git fast-import` does.
///
/// The writer opens its own handle on the repository and puts libgit2's in-memory object
/// backend (mempack) in front of it: every blob, tree, commit and tag written through
/// `repository` lands in memory, and every read sees it. `flush` stores what is reachable from
/// the new commits (plus any extra objects, such as annotated tags) as ONE pack with its index
/// in `objects/pack/`, written by libgit2's packbuilder (deltified unless told otherwise), then
/// empties memory.
///
/// Objects written but not reachable from the tips or named as extras at the next flush are
/// dropped. Refs written through `repository` go to disk at once, so point a ref only at objects
/// already flushed (or flush right after). Use `repository` for nothing but packed writing:
/// its writes never reach the object database until they are flushed.
public final class PackWriter {
    /// The handle to write through: its object database keeps new objects in memory.
    public let repository: Repository
    private let odb: OpaquePointer
    /// Owned by `odb` once added.
    private let backend: UnsafeMutablePointer<git_odb_backend>
    /// Packs written so far.
    public private(set) var packs: [PackInfo] = []
    /// The packing settings, in a configuration file only this handle reads (nil: libgit2's defaults).
    private let settingsPath: String?

    /// One pack stored by `flush`.
    public struct PackInfo: Hashable, Sendable {
        /// `pack-<hash>` (the file is `objects/pack/pack-<hash>.pack`, with its `.idx`).
        public let name: String
        public let objects: Int
    }

    /// Opens the repository at `path` exactly (no search upwards) for packed writing.
    ///
    /// With `deltas` false, objects are stored whole (zlib only), as loose objects are: the delta
    /// search is most of the cost of a flush, and pays off only for objects that repeat with small
    /// changes. The setting lives in a configuration file only this handle reads (libgit2 1.5
    /// takes the size above which nothing is deltified from `pack.deltaCacheSize`, later versions
    /// from `pack.bigFileThreshold`: both are set); the repository's own configuration is untouched.
    public init(path: String, deltas: Bool = true) throws(GitError) {
        repository = try Repository(at: path)
        settingsPath = deltas ? nil : NSTemporaryDirectory() + "evident-pack-\(getpid())-\(UUID().uuidString).config"
        if let settingsPath {
            let settings = "[pack]\n\tdeltaCacheSize = 1\n\tbigFileThreshold = 1\n"
            guard FileManager.default.createFile(atPath: settingsPath, contents: Data(settings.utf8)) else {
                throw GitError(code: .other(-1), message: "cannot write \(settingsPath)", function: "PackWriter.init")
            }
            var config: OpaquePointer?
            do {
                try check(git_repository_config(&config, repository.raw), "git_repository_config")
                defer { git_config_free(config) }
                // The application level outranks every file git itself reads.
                try check(git_config_add_file_ondisk(config, settingsPath, GIT_CONFIG_LEVEL_APP, repository.raw, 1), "git_config_add_file_ondisk")
            } catch {
                unlink(settingsPath)
                throw error
            }
        }
        var odb: OpaquePointer?
        let odbRC = git_repository_odb(&odb, repository.raw)
        if odbRC < 0 {
            settingsPath.map { _ = unlink($0) }
            throw GitError.last(odbRC, function: "git_repository_odb")
        }
        var backend: UnsafeMutablePointer<git_odb_backend>?
        do {
            try check(git_mempack_new(&backend), "git_mempack_new")
        } catch {
            git_odb_free(odb)
            settingsPath.map { _ = unlink($0) }
            throw error
        }
        // Above the loose (1) and pack (2) backends: writes go to memory, reads look there first.
        let rc = git_odb_add_backend(odb, backend, 1000)
        if rc < 0 {
            let error = GitError.last(rc, function: "git_odb_add_backend")
            backend!.pointee.free?(backend)
            git_odb_free(odb)
            settingsPath.map { _ = unlink($0) }
            throw error
        }
        self.odb = odb!
        self.backend = backend!
    }

    deinit {
        // The backend is freed with the object database, when the repository lets go of it.
        git_odb_free(odb)
        settingsPath.map { _ = unlink($0) }
    }

    /// Stores, as one pack, every object reachable from `tips` and not from `known` (commits
    /// already stored: their trees and blobs are left out), plus `extra` objects (annotated tags,
    /// or loose blobs and trees no commit reaches yet). Then forgets everything held in memory.
    /// Returns nil when there was nothing to store.
    @discardableResult
    public func flush(tips: [ObjectID], known: [ObjectID] = [], extra: [ObjectID] = []) throws(GitError) -> PackInfo? {
        var pb: OpaquePointer?
        try check(git_packbuilder_new(&pb, repository.raw), "git_packbuilder_new")
        defer { git_packbuilder_free(pb) }
        // 0: one delta-search thread per CPU.
        _ = git_packbuilder_set_threads(pb, 0)
        if !tips.isEmpty {
            var walk: OpaquePointer?
            try check(git_revwalk_new(&walk, repository.raw), "git_revwalk_new")
            defer { git_revwalk_free(walk) }
            for t in tips {
                var oid = t.raw
                try check(git_revwalk_push(walk, &oid), "git_revwalk_push")
            }
            for k in known {
                var oid = k.raw
                try check(git_revwalk_hide(walk, &oid), "git_revwalk_hide")
            }
            try check(git_packbuilder_insert_walk(pb, walk), "git_packbuilder_insert_walk")
        }
        for e in extra {
            var oid = e.raw
            try check(git_packbuilder_insert(pb, &oid, nil), "git_packbuilder_insert")
        }
        let count = Int(git_packbuilder_object_count(pb))
        var info: PackInfo?
        if count > 0 {
            // NULL path: the repository's objects/pack; the indexer writes the .idx beside it.
            try check(git_packbuilder_write(pb, nil, 0, nil, nil), "git_packbuilder_write")
            let name = git_packbuilder_name(pb).map { "pack-" + String(cString: $0) } ?? "pack"
            info = PackInfo(name: name, objects: count)
            packs.append(info!)
        }
        // The pack backend learns about the new pack before memory is emptied, so no read misses.
        try check(git_odb_refresh(odb), "git_odb_refresh")
        try check(git_mempack_reset(backend), "git_mempack_reset")
        return info
    }

    /// Forgets every object held in memory without storing it.
    public func discard() throws(GitError) {
        try check(git_mempack_reset(backend), "git_mempack_reset")
    }
}
