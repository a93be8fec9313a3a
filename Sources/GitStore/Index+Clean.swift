#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Clibgit2
import Foundation

/// A tracked file whose work-tree copy differs from the index.
public struct TrackedChange: Hashable, Sendable {
    public enum Kind: String, Sendable { case modified, deleted, typeChanged = "type changed" }
    public let path: String
    public let kind: Kind
}

/// How the clean check compares stat data, as git's `core.trustctime`, `core.checkStat` and
/// `core.fileMode` say (git's defaults: all true).
public struct StatPolicy: Sendable, Hashable {
    /// Compare the change time (`core.trustctime`).
    public var trustCtime = true
    /// Compare inode, owner and change time too (`core.checkStat` other than `minimal`).
    public var fullStat = true
    /// Compare the executable bit (`core.fileMode`).
    public var fileMode = true

    public init(trustCtime: Bool = true, fullStat: Bool = true, fileMode: Bool = true) {
        self.trustCtime = trustCtime
        self.fullStat = fullStat
        self.fileMode = fileMode
    }
}

extension Repository {
    /// The stat comparison git applies in this repository.
    public func statPolicy() -> StatPolicy {
        func bool(_ key: String, _ fallback: Bool) -> Bool {
            guard let v = try? configString(key)?.lowercased() else { return fallback }
            return !["false", "no", "off", "0"].contains(v)
        }
        return StatPolicy(trustCtime: bool("core.trustctime", true),
                          fullStat: ((try? configString("core.checkstat"))?.lowercased() ?? "default") != "minimal",
                          fileMode: bool("core.filemode", true))
    }
}

extension Repository {
    /// Whether git would ignore `path` (.gitignore, info/exclude, core.excludesFile).
    public func isIgnored(_ path: String) -> Bool {
        var ignored: Int32 = 0
        guard git_ignore_path_is_ignored(&ignored, raw, path) >= 0 else {
            git_error_clear()
            return false
        }
        return ignored == 1
    }
}
