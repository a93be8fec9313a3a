import Clibgit2
import Foundation

/// An open git repository. Owns its `git_repository` and frees it in `deinit`.
/// Not Sendable: libgit2 objects are used from one thread at a time.
public final class Repository {
    /// The files this handle flushed to disk (`storePack` under `FsyncPolicy`), for traces and tests.
    public internal(set) var synced: [String] = []
    let raw: OpaquePointer

    private init(raw: OpaquePointer) {
        self.raw = raw
    }

    /// Takes ownership of a repository libgit2 opened (`git_clone`).
    convenience init(wrapping raw: OpaquePointer) {
        self.init(raw: raw)
    }

    deinit {
        git_repository_free(raw)
    }

    /// Opens the repository at `path` exactly (no search upwards).
    public convenience init(at path: String) throws(GitError) {
        Libgit2.initialize()
        var repo: OpaquePointer?
        try check(git_repository_open_ext(&repo, path, UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue), nil), "git_repository_open_ext")
        self.init(raw: repo!)
    }

    /// Finds the repository that contains `path`, searching upwards as git does.
    public static func discover(from path: String) throws(GitError) -> Repository {
        Libgit2.initialize()
        var repo: OpaquePointer?
        try check(git_repository_open_ext(&repo, path, 0, nil), "git_repository_open_ext")
        return Repository(raw: repo!)
    }

    /// Creates a repository with a work tree at `path` whose unborn HEAD names `initialBranch`.
    public static func create(at path: String, initialBranch: String = "main") throws(GitError) -> Repository {
        Libgit2.initialize()
        var opts = git_repository_init_options()
        try check(git_repository_init_options_init(&opts, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)), "git_repository_init_options_init")
        opts.flags = UInt32(GIT_REPOSITORY_INIT_MKPATH.rawValue)
        var repo: OpaquePointer?
        let rc = initialBranch.withCString { branch -> Int32 in
            opts.initial_head = branch
            return git_repository_init_ext(&repo, path, &opts)
        }
        try check(rc, "git_repository_init_ext")
        return Repository(raw: repo!)
    }

    /// The work tree with a trailing slash, or nil for a bare repository.
    public var workdir: String? {
        git_repository_workdir(raw).map { String(cString: $0) }
    }

    /// The `.git` directory with a trailing slash.
    public var gitDirectory: String {
        String(cString: git_repository_path(raw))
    }

    public var isBare: Bool { git_repository_is_bare(raw) == 1 }

    /// The git operation under way in the repository, as `git status` reports it (read from the
    /// files git leaves in the git directory: `MERGE_HEAD`, `rebase-merge/` ...).
    public var state: RepositoryState { RepositoryState(git_repository_state(raw)) }

    /// True while HEAD names a branch with no commit yet.
    public var isHeadUnborn: Bool { git_repository_head_unborn(raw) == 1 }

    /// The commit HEAD points at, or nil while the branch is unborn.
    public func headCommit() throws(GitError) -> ObjectID? {
        if isHeadUnborn { return nil }
        var oid = git_oid()
        try check(git_reference_name_to_id(&oid, raw, "HEAD"), "git_reference_name_to_id(HEAD)")
        return ObjectID(oid)
    }

    /// The full name of the branch HEAD points at (`refs/heads/main`), born or not.
    public func headBranchReference() throws(GitError) -> String? {
        var ref: OpaquePointer?
        try check(git_reference_lookup(&ref, raw, "HEAD"), "git_reference_lookup(HEAD)")
        defer { git_reference_free(ref) }
        guard git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC, let target = git_reference_symbolic_target(ref) else { return nil }
        return String(cString: target)
    }

    /// Resolves a revision expression (`HEAD`, `main~2`, a tag, an id prefix) to an object id.
    public func revparse(_ spec: String) throws(GitError) -> ObjectID {
        var obj: OpaquePointer?
        try check(git_revparse_single(&obj, raw, spec), "git_revparse_single")
        defer { git_object_free(obj) }
        return ObjectID(git_object_id(obj)!)
    }

    /// Resolves a revision expression and peels it to a commit.
    public func revparseCommit(_ spec: String) throws(GitError) -> ObjectID {
        var obj: OpaquePointer?
        try check(git_revparse_single(&obj, raw, spec), "git_revparse_single")
        defer { git_object_free(obj) }
        var peeled: OpaquePointer?
        try check(git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT), "git_object_peel")
        defer { git_object_free(peeled) }
        return ObjectID(git_object_id(peeled)!)
    }

    /// The kind of object `id` names, from the object's header: a snapshot's tag object holds its
    /// whole manifest (19 MB on the 100k bench ledger), which a lookup would inflate just for this.
    public func objectKind(_ id: ObjectID) throws(GitError) -> ObjectKind {
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, raw), "git_repository_odb")
        defer { git_odb_free(odb) }
        var oid = id.raw
        var size = 0
        var type = GIT_OBJECT_ANY
        try check(git_odb_read_header(&size, &type, odb, &oid), "git_odb_read_header")
        return ObjectKind(type)
    }

    /// Reads a configuration value (repository, then global and system as libgit2 resolves them).
    public func configString(_ key: String) throws(GitError) -> String? {
        var config: OpaquePointer?
        try check(git_repository_config_snapshot(&config, raw), "git_repository_config_snapshot")
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        let rc = git_config_get_string(&value, config, key)
        if rc == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            return nil
        }
        try check(rc, "git_config_get_string(\(key))")
        return value.map { String(cString: $0) }
    }

    /// Sets a value in the repository's own configuration file.
    public func setConfigString(_ key: String, _ value: String) throws(GitError) {
        var config: OpaquePointer?
        try check(git_repository_config(&config, raw), "git_repository_config")
        defer { git_config_free(config) }
        var local: OpaquePointer?
        try check(git_config_open_level(&local, config, GIT_CONFIG_LEVEL_LOCAL), "git_config_open_level")
        defer { git_config_free(local) }
        try check(git_config_set_string(local, key, value), "git_config_set_string(\(key))")
    }
}

public enum ObjectKind: Sendable, Equatable {
    case commit, tree, blob, tag, other

    init(_ type: git_object_t) {
        switch type {
        case GIT_OBJECT_COMMIT: self = .commit
        case GIT_OBJECT_TREE: self = .tree
        case GIT_OBJECT_BLOB: self = .blob
        case GIT_OBJECT_TAG: self = .tag
        default: self = .other
        }
    }
}

/// A git operation left under way in a repository (libgit2's `git_repository_state`).
public enum RepositoryState: Sendable, Equatable {
    case none
    case merge
    case revert
    case cherryPick
    case bisect
    case rebase
    case applyMailbox
    /// `git am` or `git rebase` with the apply backend (`rebase-apply/` alone cannot tell).
    case applyMailboxOrRebase

    init(_ raw: Int32) {
        switch UInt32(bitPattern: raw) {
        case GIT_REPOSITORY_STATE_MERGE.rawValue: self = .merge
        case GIT_REPOSITORY_STATE_REVERT.rawValue, GIT_REPOSITORY_STATE_REVERT_SEQUENCE.rawValue: self = .revert
        case GIT_REPOSITORY_STATE_CHERRYPICK.rawValue, GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE.rawValue: self = .cherryPick
        case GIT_REPOSITORY_STATE_BISECT.rawValue: self = .bisect
        case GIT_REPOSITORY_STATE_REBASE.rawValue, GIT_REPOSITORY_STATE_REBASE_INTERACTIVE.rawValue,
             GIT_REPOSITORY_STATE_REBASE_MERGE.rawValue: self = .rebase
        case GIT_REPOSITORY_STATE_APPLY_MAILBOX.rawValue: self = .applyMailbox
        case GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE.rawValue: self = .applyMailboxOrRebase
        default: self = .none
        }
    }
}
