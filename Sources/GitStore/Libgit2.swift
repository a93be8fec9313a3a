import Clibgit2
import Clibgit2Shims
import Foundation

/// Process-wide libgit2 set-up. libgit2 is initialised once and never shut down
/// (as git2-rs does): shutting down while another thread still holds objects is unsafe.
public enum Libgit2 {
    private static let initialized: Void = {
        _ = git_libgit2_init()
        // No fsync per object, as git's own default: a killed process can never leave a partial
        // ref or index because both are written to a lock file and renamed into place; fsyncing
        // every loose object would make bulk ingest many times slower than git.
        _ = evident_git_enable_fsync(0)
        _ = evident_git_enable_strict_object_creation(1)
        // Bounded memory on large ledgers. libgit2's 64-bit defaults map packfiles in 1 GiB windows
        // up to 8 GiB and cache 256 MiB of parsed objects: reading every tree of a 100k-record
        // ledger (a 400 MB pack) then kept most of the pack resident. evident reads each object
        // once per command, so a small cache loses nothing; 16 MiB windows up to 32 MiB keep the
        // mapped part of the packs bounded (least recently used windows are unmapped first).
        _ = evident_git_set_memory_limits(16 << 20, 32 << 20, objectCache)
        // Like git, objects are not re-hashed on every read (libgit2 does by default): reading a
        // snapshot's 100k artifacts paid a SHA-1 over every byte on top of the SHA-256 that
        // verification itself computes. `git fsck` checks object integrity; evident's own
        // checks hash artifact content with SHA-256 against the records and manifests.
        _ = evident_git_enable_strict_hash_verification(0)
    }()

    /// libgit2's object cache, in bytes of the objects it holds (their parsed form takes several
    /// times that): 8 MiB, and 1 MiB inside `withSmallObjectCache`.
    static let objectCache = 8 << 20
    static let smallObjectCache = 1 << 20
    private static let cacheUsers = NSLock()
    nonisolated(unsafe) private static var smallCacheDepth = 0

    /// Runs `body` with libgit2's object cache at 1 MiB: for a phase that reads every tree of a
    /// large revision once (verifying a snapshot, a bundle, a clone's checkout and verify), where
    /// the cache is never hit again and only holds memory. At 8 MiB it held about 64 MB of the
    /// 100k bench ledger's folder trees; a walk of history, which looks each tree up as a child
    /// and again as a parent, keeps the larger cache (1 MiB made `history REQ` 40% slower).
    /// Process-wide (libgit2 has one cache limit); nested and concurrent calls keep it small
    /// until the last one returns.
    public static func withSmallObjectCache<T>(_ body: () throws -> T) rethrows -> T {
        initialize()
        cacheUsers.lock()
        smallCacheDepth += 1
        if smallCacheDepth == 1 { _ = evident_git_set_cache_max(smallObjectCache) }
        cacheUsers.unlock()
        defer {
            cacheUsers.lock()
            smallCacheDepth -= 1
            if smallCacheDepth == 0 { _ = evident_git_set_cache_max(objectCache) }
            cacheUsers.unlock()
        }
        return try body()
    }

    /// How many `withSmallObjectCache` calls are running and the object cache's limit (bytes),
    /// read together.
    static var objectCacheState: (users: Int, limit: Int) {
        initialize()
        cacheUsers.lock()
        defer { cacheUsers.unlock() }
        return (smallCacheDepth, evident_git_cache_max())
    }

    /// Touched by every entry point of GitStore.
    public static func initialize() {
        _ = initialized
    }

    /// Points libgit2's global, XDG, system and programdata configuration search paths at
    /// `directory`, so no configuration outside the repository is read. Process-global: tests
    /// call it once; the CLI calls it when `EVIDENT_GIT_CONFIG_NOSYSTEM` asks for isolation.
    public static func isolateConfiguration(in directory: String) throws(GitError) {
        initialize()
        for level in [GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL, GIT_CONFIG_LEVEL_PROGRAMDATA] {
            try check(evident_git_set_search_path(level, directory), "git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH)")
        }
    }

    /// Hands memory freed by a finished phase back to the system: glibc keeps freed chunks, in
    /// every thread's arena, for reuse. Called between the phases of commands that read a whole
    /// large ledger, so the peak of one phase does not add to the next.
    public static func releaseFreedMemory() {
        evident_release_freed_memory()
    }

    /// Has every buffer of 256 KiB or more mapped on its own and handed back to the system when
    /// it is freed. glibc's default threshold rises to the largest buffer freed (up to 32 MiB),
    /// after which a large buffer read and dropped (the 19 MB manifest text of a big snapshot)
    /// leaves a hole in the heap that later, smaller allocations do not fill, and the peak of a
    /// command adds up phase by phase. Process-wide; the executable turns it on at start.
    public static func returnLargeBuffersWhenFreed() {
        _ = evident_map_buffers_from(256 << 10)
    }

    /// The libgit2 version this binary runs against, for `evident --version` and manifests.
    public static var version: String {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        _ = git_libgit2_version(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }
}
