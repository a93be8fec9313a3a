import Foundation

/// A ledger made by the real `evident init` in a temporary directory, with helpers that check
/// it the way an auditor would: with the stock git CLI.
public final class LedgerFixture: @unchecked Sendable {
    public let dir: TemporaryDirectory
    /// The ledger's root.
    public let root: String
    /// A scratch folder outside the ledger for artifact files.
    public let files: TemporaryDirectory

    /// A ledger with the starter control library unless `starterControls` is false.
    public init(frameworks: [String] = ["cmmc-l2", "soc2"], starterControls: Bool = true, env: [String: String] = [:]) {
        dir = TemporaryDirectory("evident-ledger")
        files = TemporaryDirectory("evident-files")
        root = dir.path
        var args = ["init", root, "--org", "Test Org"]
        for f in frameworks { args += ["--framework", f] }
        if starterControls { args.append("--starter-controls") }
        let r = Processes.evident(args, cwd: root, env: env)
        precondition(r.status == 0, "evident init failed: \(r.stderr)")
    }

    @discardableResult
    public func evident(_ arguments: [String], env: [String: String] = [:], stdin: Data? = nil) -> ProcessResult {
        Processes.evident(arguments, cwd: root, env: env, stdin: stdin)
    }

    @discardableResult
    public func git(_ arguments: [String]) -> ProcessResult {
        Processes.git(arguments, cwd: root)
    }

    /// Writes an artifact file outside the ledger and returns its path.
    @discardableResult
    public func artifact(_ name: String, _ contents: String) -> String {
        files.write(name, contents)
    }

    public var head: String { git(["rev-parse", "HEAD"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
    public var commitCount: Int { Int(git(["rev-list", "--count", "HEAD"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1 }
    public var statusPorcelain: String { git(["status", "--porcelain", "--untracked-files=all"]).stdout }
    public var fsckOutput: String {
        let r = git(["fsck", "--no-progress"])
        return r.stdout + r.stderr
    }

    /// HEAD, the index file's bytes and every work-tree file with its content, for
    /// "nothing was written" checks.
    public struct State: Equatable {
        public let head: String
        public let index: Data
        public let files: [String: Data]
    }

    public func state() -> State {
        var files = [String: Data]()
        if let walker = FileManager.default.enumerator(atPath: root) {
            while let rel = walker.nextObject() as? String {
                if rel == ".git" || rel.hasPrefix(".git/") {
                    if rel == ".git" { walker.skipDescendants() }
                    continue
                }
                var isDir: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: root + "/" + rel, isDirectory: &isDir)
                files[rel] = isDir.boolValue ? Data("<dir>".utf8) : FileManager.default.contents(atPath: root + "/" + rel)
            }
        }
        return State(head: head, index: FileManager.default.contents(atPath: root + "/.git/index") ?? Data(), files: files)
    }
}
