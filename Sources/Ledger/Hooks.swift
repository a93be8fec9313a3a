import Foundation
import GitStore
import LedgerCore

/// The git hooks a ledger gets. The same text lives in the project's `hooks/` folder, and a test
/// keeps the two equal. libgit2 runs no hooks, so they only guard commits made with plain git.
public enum HookScripts {
    public static let preCommit = """
    #!/bin/sh
    # evident pre-commit hook: validate the ledger records being committed with plain git.
    # evident validates in-process before its own commits; this guards commits made with git.
    # Installed by 'evident init' and 'evident hooks install'. Bypass once with 'git commit --no-verify'.
    EVIDENT="${EVIDENT:-evident}"
    if ! command -v "$EVIDENT" >/dev/null 2>&1; then
        echo "pre-commit: '$EVIDENT' is not on PATH, so the ledger records cannot be validated." >&2
        echo "pre-commit: install evident (make install), or set EVIDENT=/path/to/evident." >&2
        exit 1
    fi
    exec "$EVIDENT" validate --staged

    """

    /// Hook name -> script.
    public static let all: [(String, String)] = [("pre-commit", preCommit)]
}

public enum HookInstaller {
    /// Writes the hooks into `.git/hooks`. An existing hook that is not evident's is kept and
    /// reported instead of being overwritten. Returns what was installed or kept.
    public static func install(into repository: Repository) throws -> [String] {
        let dir = repository.gitDirectory + "hooks"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var report = [String]()
        for (name, script) in HookScripts.all {
            let path = dir + "/" + name
            if let existing = FileManager.default.contents(atPath: path), existing.utf8String != script,
               !existing.utf8String.contains("evident ") {
                report.append("kept the existing \(path) (not evident's); add 'evident validate --staged' to it by hand")
                continue
            }
            guard FileManager.default.createFile(atPath: path, contents: Data(script.utf8), attributes: [.posixPermissions: 0o755]) else {
                throw LedgerError(.failure, "cannot write \(path)")
            }
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
            report.append("installed \(path)")
        }
        return report
    }
}
