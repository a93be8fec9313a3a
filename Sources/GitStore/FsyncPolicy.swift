#if canImport(Glibc)
import Glibc
#endif
import Clibgit2Shims
import Foundation

/// What git flushes to disk before it moves a ref (`core.fsync`, git 2.36 and later), so that
/// evident's own pack and index writers are exactly as durable as git in the same repository.
///
/// git's default flushes packs, their indexes and the commit-graph, not loose objects, the
/// index or refs (`FSYNC_COMPONENTS_DEFAULT` in git's write-or-die.h: objects and derived
/// metadata, less loose objects). `core.fsyncObjectFiles=true` (the older setting) adds loose
/// objects. Loose objects and refs are written by libgit2, whose only switch flushes every
/// file it writes in the git folder: it is turned on when either is asked for.
public struct FsyncPolicy: Sendable, Hashable {
    public struct Components: OptionSet, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        public static let looseObject = Components(rawValue: 1 << 0)
        public static let pack = Components(rawValue: 1 << 1)
        public static let packMetadata = Components(rawValue: 1 << 2)
        public static let commitGraph = Components(rawValue: 1 << 3)
        public static let index = Components(rawValue: 1 << 4)
        public static let reference = Components(rawValue: 1 << 5)

        public static let objects: Components = [.looseObject, .pack]
        public static let derivedMetadata: Components = [.packMetadata, .commitGraph]
        public static let committed: Components = [.objects, .reference]
        public static let added: Components = [.committed, .index]
        public static let all: Components = [.added, .derivedMetadata]
        /// git's default.
        public static let gitDefault: Components = Components.objects.union(.derivedMetadata).subtracting(.looseObject)

        /// The words of `core.fsync`.
        static let words: [String: Components] = [
            "none": [], "loose-object": .looseObject, "pack": .pack, "pack-metadata": .packMetadata,
            "commit-graph": .commitGraph, "index": .index, "reference": .reference, "objects": .objects,
            "derived-metadata": .derivedMetadata, "committed": .committed, "added": .added, "all": .all,
        ]
    }

    public var components: Components

    public init(components: Components = .gitDefault) {
        self.components = components
    }

    /// Reads `core.fsync` as git does: comma-separated words from git's default set, each adding
    /// its components, `-word` removing them, `none` clearing the set; unknown words are ignored
    /// (git warns and goes on). `core.fsyncObjectFiles=true` adds loose objects.
    public static func parse(fsync: String?, objectFiles: String?) -> FsyncPolicy {
        var set = Components.gitDefault
        if let fsync {
            for raw in fsync.split(separator: ",") {
                var word = raw.trimmingCharacters(in: .whitespaces).lowercased()
                if word.isEmpty { continue }
                let remove = word.hasPrefix("-")
                if remove { word.removeFirst() }
                guard let c = Components.words[word] else { continue }
                if word == "none" {
                    if !remove { set = [] }
                } else if remove {
                    set.subtract(c)
                } else {
                    set.formUnion(c)
                }
            }
        }
        if let o = objectFiles?.lowercased(), ["true", "yes", "on", "1"].contains(o) { set.insert(.looseObject) }
        return FsyncPolicy(components: set)
    }

    /// Whether files libgit2 writes (loose objects, refs) are flushed.
    public var libgit2Files: Bool { !components.isDisjoint(with: [.looseObject, .reference]) }
}

extension Repository {
    /// The flushes git makes in this repository (`core.fsync`, `core.fsyncObjectFiles`).
    public func fsyncPolicy() -> FsyncPolicy {
        FsyncPolicy.parse(fsync: try? configString("core.fsync"), objectFiles: try? configString("core.fsyncobjectfiles"))
    }

    /// Reads this repository's policy and makes libgit2's own writes (loose objects, refs, tags)
    /// follow it; libgit2's switch is process-wide, and a process writes to one ledger.
    @discardableResult
    public func applyFsyncPolicy() -> FsyncPolicy {
        let policy = fsyncPolicy()
        _ = evident_git_enable_fsync(policy.libgit2Files ? 1 : 0)
        return policy
    }
}
