import Foundation
import GitStore

/// Keeps every test away from the developer's own git configuration and home.
public enum Isolation {
    /// An empty folder used as HOME, XDG_CONFIG_HOME and libgit2's config search path.
    public static let emptyHome: String = {
        let dir = NSTemporaryDirectory() + "evident-test-home-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }()

    /// Points libgit2's global, XDG and system configuration at the empty folder (process-wide, once).
    public static let libgit2: Void = {
        setenv("HOME", emptyHome, 1)
        setenv("XDG_CONFIG_HOME", emptyHome, 1)
        try! Libgit2.isolateConfiguration(in: emptyHome)
    }()

    /// The environment for child processes (evident and git): isolated config, a fixed identity.
    public static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var env: [String: String] = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "HOME": emptyHome,
            "XDG_CONFIG_HOME": emptyHome,
            "GIT_CONFIG_NOSYSTEM": "1",
            "EVIDENT_GIT_CONFIG_SEARCH_PATH": emptyHome,
            "EVIDENT_AUTHOR_NAME": "Test Author",
            "EVIDENT_AUTHOR_EMAIL": "author@example.test",
            "GIT_AUTHOR_NAME": "Test Author",
            "GIT_AUTHOR_EMAIL": "author@example.test",
            "GIT_COMMITTER_NAME": "Test Author",
            "GIT_COMMITTER_EMAIL": "author@example.test",
            "NO_COLOR": "1",
            "LANG": "C.UTF-8",
        ]
        for (k, v) in extra { env[k] = v }
        return env
    }
}
