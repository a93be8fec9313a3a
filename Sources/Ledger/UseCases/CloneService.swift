import Foundation
import GitStore
import LedgerCore

/// `evident clone URL [PATH]`: a clone of a shared ledger, ready to use: the repository (through
/// libgit2's transports, with the credentials and host-key checks of `evident sync`), its hooks
/// (pre-commit, pre-push), and `evident verify` run on what arrived, so a ledger whose records or
/// snapshots were altered on the server is reported before anyone works in it.
public struct CloneService {
    public struct Result: Sendable {
        public let path: String
        public let head: CommitID
        public let snapshots: Int
        public let hooks: [String]
        /// What `verify` found (empty: the clone verifies).
        public let findings: [String]
        public let notices: [String]
    }

    let environment: RunEnvironment

    public init(environment: RunEnvironment) {
        self.environment = environment
    }

    /// The folder `git clone URL` would make: the URL's last part without `.git`.
    public static func defaultPath(for url: String) -> String {
        var s = url
        while s.hasSuffix("/") { s.removeLast() }
        if s.hasSuffix(".git") { s.removeLast(4) }
        let last = s.split(whereSeparator: { $0 == "/" || $0 == ":" }).last.map(String.init) ?? "ledger"
        return last.isEmpty ? "ledger" : last
    }

    /// Throws `LedgerError` `.invalidInput` when `path` exists and is not an empty folder, or when
    /// the clone is no ledger (it is removed again); otherwise as `SyncService.sync` for what the
    /// server says. A failed clone leaves nothing behind.
    public func clone(url: String, into path: String, shownAs shown: String, branch: String?, sshKey: String?) throws -> Result {
        var isDir: ObjCBool = false
        let existed = FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
        if existed {
            guard isDir.boolValue, ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? ["?"]).isEmpty else {
                throw LedgerError.invalid("\(shown) exists and is not an empty folder: give another PATH")
            }
        }
        func removePartial() {
            if existed {
                for item in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] { try? FileManager.default.removeItem(atPath: path + "/" + item) }
            } else {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
        var t0 = Date()
        let credentials = RemoteCredentials(url: url, environment: environment, sshKey: sshKey, directory: (path as NSString).deletingLastPathComponent)
        let state = RemoteCredentials.HelperState()
        do {
            // A server repository made with 'git init --bare' may name an unborn branch in its
            // HEAD (master) while the ledger is on main: git_clone then checks out nothing (or, asked
            // for the branch, fails without a message in libgit2 1.5), so git's steps are taken by hand.
            // The checkout reads every tree of HEAD once: libgit2's cache would only hold them.
            try Libgit2.withSmallObjectCache {
                if let branch {
                    do {
                        _ = try Repository.clone(url: url, into: path, branch: branch, access: credentials.access(state))
                    } catch let e as GitError where e.code == .notFound {
                        removePartial()
                        _ = try Repository.clone(url: url, into: path, trackingBranch: branch, access: credentials.access(state))
                    }
                } else {
                    let repo = try Repository.clone(url: url, into: path, branch: nil, access: credentials.access(state))
                    if (try? repo.headCommit()).flatMap({ $0 }) == nil, (try? repo.referenceTarget("refs/remotes/origin/main")).flatMap({ $0 }) != nil {
                        removePartial()
                        _ = try Repository.clone(url: url, into: path, trackingBranch: "main", access: credentials.access(state))
                    }
                }
            }
            credentials.approve(state)
        } catch let e as UntrustedHostKey {
            removePartial()
            throw SyncService.untrusted(e.key, url: url, credentials: credentials, nothing: "nothing was cloned")
        } catch let e as GitError {
            removePartial()
            throw SyncService.describe(e, name: url, url: url, state: state, again: "evident clone")
        }
        trace("clone", &t0)
        let ledger: LedgerRepository
        do { ledger = try LedgerRepository(path: path) } catch {
            removePartial()
            throw LedgerError.invalid("\(url) is a git repository but not an evident ledger (no \(Layout.configPath) on its branch): nothing was kept; clone it with git if it is meant to be something else")
        }
        let hooks = try HookInstaller.install(into: ledger)
        let service = SnapshotService(ledger: ledger, environment: environment)
        let (snapshots, findings, notices) = try service.verifyAll()
        trace("verify", &t0)
        let head = try ledger.resolve("HEAD").commitID
        return Result(path: ledger.root, head: head, snapshots: snapshots, hooks: hooks, findings: findings, notices: notices)
    }
}
