import Foundation
import GitStore
import LedgerCore

/// `evident sync [REMOTE]`: shares a ledger through any git server, under the ledger's write lock.
///
/// 1. Fetch the branch and the `assessment/*` tags into `refs/evident/sync/` (nothing of the
///    user's own refs moves yet).
/// 2. A snapshot tag that exists on both sides with different objects is refused: a snapshot never moves.
/// 3. Integrate: the remote's commits are taken by a fast-forward when the local branch has
///    nothing of its own, or by a merge commit when both sides have commits. Merge commits, never
///    a replay: a replay would rewrite local commits, and one of them may be tagged by a snapshot
///    not pushed yet. Files changed on one side only take that side; a record (control, POA&M
///    item, exception, ledger.yaml ...) changed on both is merged field by field (`RecordMerge`);
///    the same field changed differently, or any other file changed differently on both sides, is
///    refused with exit 65 naming the file and both values, with nothing changed locally.
/// 4. Refuse (exit 65, nothing pushed) when the commits to push carry an artifact classified above
///    what the remote is cleared for (`RemoteClearance`).
/// 5. Push the branch and the snapshot tags the remote lacks (never forced). A push the server
///    refuses because another writer got there first starts again from 1, at most `retries`
///    times, then exit 75; any other refusal (a pre-receive hook's) is exit 65 with its message.
public struct SyncService {
    public struct Options: Sendable {
        /// A remote's name (`origin`) or a URL / path; nil: the branch's upstream, else `origin`.
        public var remote: String?
        /// nil: the checked-out branch.
        public var branch: String?
        public var sshKey: String?
        public var retries: Int

        public init(remote: String? = nil, branch: String? = nil, sshKey: String? = nil, retries: Int = 5) {
            self.remote = remote
            self.branch = branch
            self.sshKey = sshKey
            self.retries = retries
        }
    }

    public enum Outcome: String, Sendable {
        case upToDate = "up_to_date", pushed, integrated, refused
    }

    public struct Result: Sendable {
        /// The remote as named (or the URL given).
        public let remote: String
        public let url: String
        public let branch: String
        /// Commits that came from the remote.
        public let fetched: Int
        /// Commits the remote did not have and now has.
        public let pushed: Int
        public let tagsPushed: [String]
        public let tagsFetched: [String]
        public let retries: Int
        public let outcome: Outcome
        /// The merge commit, when one was made.
        public let merge: CommitID?
        public let head: CommitID?
        /// What the server said on its side band (hooks), trimmed.
        public let serverMessages: String
    }

    let ledger: LedgerRepository
    let environment: RunEnvironment

    public init(ledger: LedgerRepository, environment: RunEnvironment) {
        self.ledger = ledger
        self.environment = environment
    }

    /// Where a sync fetches to: one folder of refs per remote (its name, or a digest of a URL
    /// given as such), emptied before each fetch and kept after it, so what was fetched stays
    /// referenced (a refused sync leaves no dangling objects for `git fsck` to report).
    static func namespace(for name: String, url: String, in repo: Repository) -> String {
        let key = (try? repo.remoteURL(named: name)).flatMap { $0 } == url && !name.contains("/") ? name : "url-" + String(Digest.sha256(Data(url.utf8)).prefix(16))
        return "refs/evident/sync/\(key)/"
    }

    /// Throws `LedgerError` `.notFound` for an unknown remote, `.invalidInput` for a conflict, a
    /// snapshot that differs, an artifact the remote is not cleared for or a push a server hook
    /// refused, `.busy` when the lock is held or pushes kept being overtaken, `.failure` when the
    /// server cannot be reached (the message says what failed).
    public func sync(_ o: Options) throws -> Result {
        let repo = ledger.repository
        guard let branchRef = try? repo.headBranchReference() else {
            throw LedgerError.invalid("HEAD is detached in \(ledger.root): check out the ledger's branch first (git switch main)")
        }
        let branch = o.branch ?? String(branchRef.dropFirst("refs/heads/".count))
        guard !branch.isEmpty, !branch.contains(".."), !branch.hasPrefix("-") else {
            throw InputError.invalid("\(field: .branch) '\(branch)' is not a branch name")
        }
        guard "refs/heads/" + branch == branchRef else {
            if ((try? repo.referenceTarget("refs/heads/" + branch)) ?? nil) == nil {
                throw InputError.invalid("\(field: .branch) \(branch): there is no such branch in this clone: sync the checked-out branch (\(branchRef.dropFirst("refs/heads/".count))) without --branch, or make it with git switch -c \(branch)")
            }
            throw InputError.invalid("\(field: .branch) \(branch) is not the checked-out branch (\(branchRef.dropFirst("refs/heads/".count))): evident integrates into the branch the work tree holds; switch to it with git switch \(branch)")
        }
        let (name, url) = try Self.resolveRemote(o.remote, branch: branch, in: ledger)
        let credentials = RemoteCredentials(url: url, environment: environment, sshKey: o.sshKey, directory: ledger.root)
        let author = try Identity.resolve(repo, environment: environment)
        let writer = LedgerWriter(ledger: ledger, environment: environment)
        return try writer.withHeldLock(action: "sync") { lock, _ in
            var retries = 0
            var fetchedTotal = 0
            var mergeCommit: ObjectID?
            var tagsFetched = [String]()
            var outcome = Outcome.upToDate
            let namespace = Self.namespace(for: name, url: url, in: repo)
            var t0 = Date()
            while true {
                Self.clear(namespace, in: repo)
                let state = RemoteCredentials.HelperState()
                let access = credentials.access(state)
                try remoteCall(url: url, name: name, credentials: credentials, state: state) {
                    _ = try repo.fetch(url: url, refspecs: ["+refs/heads/\(branch):\(namespace)head", "+refs/tags/\(SnapshotService.tagPrefix)*:\(namespace)tags/*"],
                                       access: access)
                }
                trace("sync: fetch", &t0)
                let remoteHead = try wrap("reading what was fetched") { try repo.referenceTarget(namespace + "head") }
                let remoteTags = Dictionary(try wrap("reading what was fetched") { try repo.references(matching: namespace + "tags/*") }
                    .map { (String($0.name.dropFirst((namespace + "tags/").count)), $0.id) }, uniquingKeysWith: { a, _ in a })
                let localTags = Dictionary(try wrap("reading tags") { try repo.references(matching: "refs/tags/" + SnapshotService.tagPrefix + "*") }
                    .map { (String($0.name.dropFirst(("refs/tags/" + SnapshotService.tagPrefix).count)), $0.id) }, uniquingKeysWith: { a, _ in a })
                for (tag, id) in remoteTags.sorted(by: { $0.key < $1.key }) where localTags[tag] != nil && localTags[tag] != id {
                    throw LedgerError.invalid("snapshot \(tag) is not the same here (tag object \(localTags[tag]?.hex.prefix(10) ?? "")) and on \(name) (\(id.hex.prefix(10))): a snapshot never moves, so nothing was synced; find out which one was taken first ('evident snapshot show \(tag)' here and in a fresh clone of \(name)) and rename the other (take it again under a new name)")
                }

                // CUI and FCI leave only for a remote cleared for them: checked on this clone's own
                // commits before anything is integrated, so a refusal changes nothing here.
                let local = try wrap("reading HEAD") { try repo.headCommit() }
                if let local {
                    // A clearance recorded on either side counts: one made in another clone and
                    // pushed is in the history this sync is about to take in.
                    var entries = try Revision(repository: repo, commit: local, spec: "HEAD").config().remotes
                    if let remoteHead, let theirs = try? Revision(repository: repo, commit: remoteHead, spec: name).config() {
                        entries += theirs.remotes
                    }
                    let (cleared, entry) = RemoteClearance.clearance(of: url, in: entries)
                    let over = try Self.artifactsAbove(cleared, from: local, hiding: remoteHead.map { [$0] } ?? [], in: repo)
                    if !over.isEmpty {
                        throw LedgerError.invalid(Self.clearanceMessage(over, remote: name, url: url, cleared: cleared, entry: entry))
                    }
                }

                trace("sync: clearance", &t0)
                // Integrate.
                var newHead = local
                if let remoteHead {
                    let remoteIsBehind = try local.map { l in try wrap("comparing histories") { try repo.isAncestor(remoteHead, of: l) } } ?? false
                    let localIsBehind = try local.map { l in try wrap("comparing histories") { try repo.isAncestor(l, of: remoteHead) } } ?? true
                    if remoteIsBehind {
                        // The remote has nothing new.
                    } else if localIsBehind {
                        fetchedTotal += try count(from: remoteHead, hiding: local.map { [$0] } ?? [])
                        newHead = try fastForward(to: remoteHead, from: local, lock: lock, author: author, writer: writer)
                        outcome = .integrated
                    } else if let local {
                        fetchedTotal += try count(from: remoteHead, hiding: [local])
                        newHead = try merge(local: local, remote: remoteHead, remoteName: name, lock: lock, author: author, writer: writer)
                        mergeCommit = newHead
                        outcome = .integrated
                    }
                }
                // Snapshots the remote has and this clone lacks: their tag objects came with the fetch.
                for (tag, id) in remoteTags.sorted(by: { $0.key < $1.key }) where localTags[tag] == nil {
                    try wrap("creating the tag \(tag)") {
                        try repo.updateReference("refs/tags/" + SnapshotService.tagPrefix + tag, to: id, expecting: nil, logMessage: "evident: sync \(name)")
                    }
                    tagsFetched.append(tag)
                }
                let tagsToPush = localTags.keys.filter { remoteTags[$0] == nil }.sorted()
                guard let newHead else { return result(name, url, branch, fetchedTotal, 0, [], tagsFetched, retries, outcome, mergeCommit, nil, "") }
                let toPush = remoteHead == newHead ? 0 : try count(from: newHead, hiding: remoteHead.map { [$0] } ?? [])
                trace("sync: integrate", &t0)
                if toPush == 0 && tagsToPush.isEmpty {
                    if let remoteHead { Self.track(remoteHead, remote: name, branch: branch, in: repo) }
                    return result(name, url, branch, fetchedTotal, 0, [], tagsFetched, retries, outcome, mergeCommit, newHead, "")
                }
                let refspecs = ["refs/heads/\(branch):refs/heads/\(branch)"] + tagsToPush.map { "refs/tags/\(SnapshotService.tagPrefix)\($0):refs/tags/\(SnapshotService.tagPrefix)\($0)" }
                var report = PushReport()
                var overtaken = false
                do {
                    let pushState = RemoteCredentials.HelperState()
                    let pushAccess = credentials.access(pushState)
                    try remoteCall(url: url, name: name, credentials: credentials, state: pushState) {
                        report = try repo.push(url: url, refspecs: refspecs, access: pushAccess)
                    }
                } catch let e as LedgerError where e.kind == .busy {
                    overtaken = true
                }
                trace("sync: push", &t0)
                let messages = Self.serverText(report.serverMessages)
                if !overtaken, !report.rejected.isEmpty {
                    let reasons = report.rejected.map(\.reason).joined(separator: " ").lowercased()
                    if reasons.contains("non-fast-forward") || reasons.contains("fetch first") || reasons.contains("stale") || reasons.contains("failed to update ref")
                        && !reasons.contains("hook") {
                        overtaken = true
                    } else {
                        throw LedgerError.invalid("\(name) refused the push: " + report.rejected.map { "\($0.ref): \($0.reason)" }.joined(separator: "; ")
                            + (messages.isEmpty ? "" : "\nthe server said:\n" + messages.split(separator: "\n").map { "  remote: \($0)" }.joined(separator: "\n"))
                            + "\nthe local ledger keeps its commits; fix what the server names, then run evident sync again")
                    }
                }
                if overtaken {
                    retries += 1
                    if retries > o.retries {
                        throw LedgerError(.busy, "\(name) kept moving: \(retries) pushes in a row were overtaken by other writers; nothing of this clone was lost (its commits are local); run evident sync again")
                    }
                    continue
                }
                if outcome == .upToDate { outcome = .pushed }
                Self.track(newHead, remote: name, branch: branch, in: repo)
                return result(name, url, branch, fetchedTotal, toPush, tagsToPush, tagsFetched, retries, outcome, mergeCommit, newHead, messages)
            }
        }
    }

    /// Points `refs/remotes/REMOTE/BRANCH` at what the remote's branch now holds, as `git fetch`
    /// and `git push` do, so `git status` in the clone says it is up to date with the remote
    /// (and the pre-push hook knows those commits are there). Only for a configured remote; a
    /// tracking ref that cannot be written costs only git's account of the remote, so it is not
    /// an error after a sync that succeeded.
    static func track(_ id: ObjectID, remote name: String, branch: String, in repo: Repository) {
        guard (try? repo.remoteURL(named: name)) != nil else { return }
        let ref = "refs/remotes/\(name)/\(branch)"
        let current = (try? repo.referenceTarget(ref)) ?? nil
        guard current != id else { return }
        try? repo.updateReference(ref, to: id, expecting: current, logMessage: "evident: sync \(name)")
    }

    private func result(_ name: String, _ url: String, _ branch: String, _ fetched: Int, _ pushed: Int, _ tagsPushed: [String], _ tagsFetched: [String],
                        _ retries: Int, _ outcome: Outcome, _ merge: ObjectID?, _ head: ObjectID?, _ messages: String) -> Result {
        Result(remote: name, url: url, branch: branch, fetched: fetched, pushed: pushed, tagsPushed: tagsPushed, tagsFetched: tagsFetched,
               retries: retries, outcome: outcome, merge: merge?.commitID, head: head?.commitID, serverMessages: messages)
    }

    /// The remote's name and URL: a configured remote by name, else `text` itself as a URL or path
    /// (a relative path from the ledger root); nil: the branch's upstream remote, else `origin`.
    static func resolveRemote(_ text: String?, branch: String, in ledger: LedgerRepository) throws -> (name: String, url: String) {
        let repo = ledger.repository
        let name = text ?? (try? repo.configString("branch.\(branch).remote")).flatMap { $0 } ?? "origin"
        if let url = try wrap("reading the remotes", { try repo.remoteURL(named: name) }) { return (name, url) }
        if text != nil, name.contains("/") || name.contains(":") || FileManager.default.fileExists(atPath: name) {
            if name.contains("://") || (!name.hasPrefix("/") && !name.hasPrefix(".") && name.contains(":")) { return (name, name) }
            let path = name.hasPrefix("/") ? name : ledger.root + "/" + name
            return (name, (path as NSString).standardizingPath)
        }
        let known = (try? repo.remoteNames()) ?? []
        throw LedgerError.notFound("no remote '\(name)' in this clone\(known.isEmpty ? "" : " (remotes: \(known.joined(separator: ", ")))"): add it with 'git remote add \(name) URL', or give the URL: evident sync URL")
    }

    /// Runs a fetch or push, turning what libgit2 says into evident's words.
    private func remoteCall(url: String, name: String, credentials: RemoteCredentials, state: RemoteCredentials.HelperState, _ body: () throws -> Void) throws {
        do {
            try body()
            credentials.approve(state)
        } catch let e as UntrustedHostKey {
            throw Self.untrusted(e.key, url: url, credentials: credentials, nothing: "nothing was synced")
        } catch let e as GitError {
            throw Self.describe(e, name: name, url: url, state: state)
        }
    }

    /// An SSH host key `~/.ssh/known_hosts` does not hold (or holds another key for): its
    /// fingerprint, as `ssh-keygen -l` prints it, and the command that adds it once checked.
    static func untrusted(_ key: RemoteAccess.HostKey, url: String, credentials: RemoteCredentials, nothing: String) -> LedgerError {
        let port = RemoteCredentials.sshHost(of: url)?.port ?? 22
        let scan = port == 22 ? "ssh-keyscan \(key.host)" : "ssh-keyscan -p \(port) \(key.host)"
        if credentials.knownHostsVerdict(key) == .changed {
            return LedgerError.invalid("the SSH host key of \(key.host) (\(key.type) SHA256:\(key.fingerprint)) is not the one ~/.ssh/known_hosts holds for it: the server changed its key, or somebody is in between; \(nothing). Check the fingerprint with the server's administrator before replacing the old line")
        }
        return LedgerError.invalid("the SSH host key of \(key.host) is unknown (\(key.type) SHA256:\(key.fingerprint)): \(nothing). Check that fingerprint with the server's administrator, then add the key: \(scan) >> ~/.ssh/known_hosts")
    }

    static func describe(_ e: GitError, name: String, url: String, state: RemoteCredentials.HelperState, again: String = "evident sync") -> LedgerError {
        let m = e.message.lowercased()
        // A clone has no remote yet to list.
        let listed = again == "evident sync" ? " ('git remote -v')" : ""
        // A local path that is not there: libgit2 says "unsupported URL protocol".
        let local = url.hasPrefix("/") || url.hasPrefix("file://") || url.hasPrefix(".")
        if local, !FileManager.default.fileExists(atPath: url.hasPrefix("file://") ? String(url.dropFirst(7)) : url) {
            return LedgerError.notFound("\(name): no repository at \(url): check the path\(listed); a new ledger's server repository is made with 'git init --bare'")
        }
        switch e.code {
        case .nonFastForward:
            return LedgerError(.busy, "\(name) moved while evident was pushing")
        case .auth:
            return LedgerError.invalid("\(name) refused the credentials (\(url)): nothing was synced; "
                + (state.refused ? "git's credential helper gave a user name and password the server does not accept; fix them with your git credential helper" : "give a key the server knows with --ssh-key PATH, load one in ssh-agent, or set up git's credential helper for HTTPS"))
        case .certificate:
            return LedgerError.invalid("\(name): the server's certificate or host key is not trusted (\(e.message)): nothing was synced")
        default:
            if m.contains("non-bare") {
                return LedgerError.invalid("\(name) (\(url)) is a repository with a work tree, and git pushes only to bare ones: make the team's server repository with 'git init --bare -b main', or sync from that clone instead")
            }
            if m.contains("authentication") || m.contains("credentials") || m.contains("permission denied") {
                return LedgerError.invalid("\(name) refused the credentials (\(url)): nothing was synced; give a key the server knows with --ssh-key PATH, or load one in ssh-agent")
            }
            if m.contains("not found") || m.contains("does not appear to be a git repository") || m.contains("not a git repository") || m.contains("repository not exported") || m.contains("could not find repository") {
                return LedgerError.notFound("\(name): no repository at \(url) (\(e.message)): check the URL\(listed); a new ledger's server repository is made with 'git init --bare' on the server")
            }
            // Checked before "cannot be reached": a reset during the transfer also says "connection".
            if m.contains("broken pipe") || m.contains("connection reset") || m.contains("error sending data") || m.contains("error receiving data") {
                return LedgerError(.failure, "the connection to \(name) was lost in the middle of the transfer (\(url): \(e.message)): nothing was changed here, and a server keeps no half-received push; check the network and the server, then run \(again) again")
            }
            if m.contains("connect") || m.contains("resolve") || m.contains("timed out") || m.contains("unreachable") || m.contains("connection") || m.contains("early eof") || m.contains("socket") || m.contains("failed to send") || m.contains("failed to receive") {
                return LedgerError(.failure, "\(name) cannot be reached (\(url): \(e.message)): nothing was changed here; check the network and the server, then run \(again) again")
            }
            return LedgerError(.failure, "\(name) (\(url)): \(e.message): nothing was changed here; run \(again) again")
        }
    }

    static func serverText(_ raw: String) -> String {
        raw.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    static func clear(_ namespace: String, in repo: Repository) {
        for r in (try? repo.references(matching: namespace + "*")) ?? [] { try? repo.deleteReference(r.name) }
    }

    private func count(from tip: ObjectID, hiding: [ObjectID]) throws -> Int {
        var n = 0
        try wrap("walking history") { try ledger.repository.walk(from: tip, hiding: hiding) { _ in n += 1; return true } }
        return n
    }

    // MARK: Integration

    /// The work tree and index brought to `remote`'s tree and the branch moved to it, through
    /// the one write path (journal, index, compare-and-swap of the branch).
    private func fastForward(to remote: ObjectID, from local: ObjectID?, lock: WriteLock, author: Signature, writer: LedgerWriter) throws -> ObjectID {
        let repo = ledger.repository
        let fromTree = try local.map { l in try wrap("reading HEAD") { try repo.treeID(ofCommit: l) } }
        let toTree = try wrap("reading what was fetched") { try repo.treeID(ofCommit: remote) }
        let changes = try wrap("comparing trees") { try repo.changedFiles(from: fromTree, to: toTree) }
        var request = try writeRequest(changes.map { ($0.path, $0.newID) }, summary: "Fast-forward to \(remote.hex.prefix(10))")
        request.adopt = remote
        return try writer.commitReturning(action: "sync", author: author, heldLock: lock) { _ in (request, ()) }.commit
    }

    /// A merge commit of `local` and `remote`, or a refusal naming every conflict.
    private func merge(local: ObjectID, remote: ObjectID, remoteName: String, lock: WriteLock, author: Signature, writer: LedgerWriter) throws -> ObjectID {
        let repo = ledger.repository
        guard let base = try wrap("finding the common history", { try repo.mergeBase(local, remote) }) else {
            throw LedgerError.invalid("\(remoteName) holds a history that shares no commit with this ledger's, so nothing was synced: it is another repository, or another ledger; check the URL ('git remote -v'). A new ledger's server repository is an empty one: git init --bare -b main")
        }
        let baseTree = try wrap("reading history") { try repo.treeID(ofCommit: base) }
        let localTree = try wrap("reading HEAD") { try repo.treeID(ofCommit: local) }
        let remoteTree = try wrap("reading what was fetched") { try repo.treeID(ofCommit: remote) }
        let ours = Dictionary(try wrap("comparing trees") { try repo.changedFiles(from: baseTree, to: localTree) }.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        let theirs = try wrap("comparing trees") { try repo.changedFiles(from: baseTree, to: remoteTree) }
        var updates = [(path: String, id: ObjectID?)]()
        var mergedRecords = [(path: String, data: Data)]()
        var conflicts = [String]()
        for change in theirs {
            guard let mine = ours[change.path] else {
                updates.append((change.path, change.newID))
                continue
            }
            if mine.newID == change.newID { continue }
            guard let o = mine.newID, let t = change.newID, Self.isRecord(change.path) else {
                let what = mine.newID == nil ? "deleted here and changed on \(remoteName)" : change.newID == nil ? "changed here and deleted on \(remoteName)" : "changed on both sides"
                conflicts.append("\(change.path): \(what); git cannot merge it field by field")
                continue
            }
            do {
                let value = { (id: ObjectID) throws -> RecordValue in try YAMLReader.parse(try wrap("reading \(change.path)") { try repo.blob(id) }, file: change.path) }
                let b = try mine.oldID.map(value)
                switch RecordMerge.merge(base: b, ours: try value(o), theirs: try value(t)) {
                case .merged(let merged):
                    mergedRecords.append((change.path, Data(CanonicalYAML.emit(merged).utf8)))
                case .conflicts(let fields):
                    for f in fields {
                        conflicts.append("\(change.path): \(f.field.isEmpty ? "the record" : f.field) is \(Self.show(f.ours)) here and \(Self.show(f.theirs)) on \(remoteName)")
                    }
                }
            } catch {
                conflicts.append("\(change.path): one side does not read as a record (\(error)); fix it with 'evident validate' on that side")
            }
        }
        if !conflicts.isEmpty {
            throw LedgerError.invalid("this clone and \(remoteName) changed the same thing differently, so nothing was synced:\n"
                + conflicts.prefix(20).map { "  \($0)" }.joined(separator: "\n")
                + "\nagree on one value: to keep \(remoteName)'s, set it here (evident control set ...) and run evident sync again; to keep this clone's, set it in a clone that has \(remoteName)'s value and sync there first")
        }
        // Nothing merged field by field may fail to validate.
        if !mergedRecords.isEmpty {
            let source = OverlaySource(base: TreeSource(revision: try Revision(repository: repo, commit: local, spec: "HEAD")),
                                       overlay: Dictionary(mergedRecords.map { ($0.path, $0.data) }, uniquingKeysWith: { a, _ in a }))
            let (_, issues) = try ValidateService().validate(source, only: mergedRecords.map(\.path))
            if !issues.isEmpty {
                throw LedgerError.invalid("merging the records changed on both sides gives records that do not validate, so nothing was synced:\n"
                    + issues.prefix(20).map { "  \($0)" }.joined(separator: "\n") + "\nagree on the record on one side, then run evident sync again")
            }
        }
        var request = try writeRequest(updates, summary: "Sync with \(remoteName): merge \(remote.hex.prefix(10))")
        request.writes += mergedRecords.map { FileWrite(path: $0.path, data: $0.data) }
        request.otherParents = [remote]
        request.body = mergedRecords.isEmpty ? nil : "Merged field by field: " + mergedRecords.map(\.path).joined(separator: ", ") + "."
        return try writer.commitReturning(action: "sync", author: author, heldLock: lock) { _ in (request, ()) }.commit
    }

    private func writeRequest(_ updates: [(path: String, id: ObjectID?)], summary: String) throws -> CommitRequest {
        let repo = ledger.repository
        var writes = [FileWrite]()
        var removals = [String]()
        for u in updates {
            if let id = u.id {
                writes.append(FileWrite(path: u.path, data: try wrap("reading \(u.path)") { try repo.blob(id) }))
            } else {
                removals.append(u.path)
            }
        }
        return CommitRequest(action: "sync", summary: summary, writes: writes, removals: removals)
    }

    /// Records evident writes in canonical YAML, which merge field by field; evidence records
    /// never change after they are written, and artifacts are bytes.
    static func isRecord(_ path: String) -> Bool {
        guard path.hasSuffix(".yaml") else { return false }
        if path == Layout.configPath { return true }
        return ["controls/", "poam/", "exceptions/", "affirmations/"].contains { path.hasPrefix($0) && !path.dropFirst($0.count).contains("/") }
    }

    static func show(_ v: RecordValue?) -> String {
        guard let v else { return "absent" }
        switch v {
        case .string(let s): return "'\(s.count > 80 ? String(s.prefix(77)) + "..." : s)'"
        case .int(let i): return String(i)
        case .float(let d): return String(d)
        case .bool(let b): return String(b)
        case .null: return "null"
        case .list(let l): return "[" + l.map { show($0) }.joined(separator: ", ") + "]"
        case .map(let m): return "{" + m.map { "\($0.0): \(show($0.1))" }.joined(separator: ", ") + "}"
        }
    }

    // MARK: Clearance

    /// One artifact the commits to push carry above the remote's clearance.
    public struct Uncleared: Sendable, Equatable {
        public let evidence: String
        public let path: String
        public let classification: Classification
    }

    /// The evidence records added or changed by the commits reachable from `tip` and not from
    /// `hiding` whose classification ranks above `cleared` (each commit against its first
    /// parent, so a file added and removed again is still found: it is in the history pushed).
    static func artifactsAbove(_ cleared: Classification, from tip: ObjectID, hiding: [ObjectID], in repo: Repository) throws -> [Uncleared] {
        guard cleared != .cui else { return [] }
        var seen = Set<ObjectID>()
        var out = [Uncleared]()
        try wrap("walking the commits to push") {
            try repo.walk(from: tip, hiding: hiding) { commit in
                let parentTree = try commit.parents.first.map { try repo.treeID(ofCommit: $0) }
                for c in try repo.changedFiles(from: parentTree, to: commit.tree, under: [Layout.evidenceRoot])
                where c.path.hasSuffix("/" + EvidenceRecord.fileName) {
                    guard let id = c.newID, seen.insert(id).inserted else { continue }
                    guard let value = try? YAMLReader.parse(try repo.blob(id), file: c.path),
                          let record = EvidenceRecord.decode(value, file: c.path).0,
                          let classification = Classification(rawValue: record.classification),
                          RemoteClearance.rank(classification) > RemoteClearance.rank(cleared) else { continue }
                    out.append(Uncleared(evidence: record.id, path: c.path, classification: classification))
                }
                return true
            }
        }
        return out.sorted { ($0.evidence, $0.path) < ($1.evidence, $1.path) }
    }

    static func clearanceMessage(_ over: [Uncleared], remote: String, url: String, cleared: Classification, entry: RemoteClearance?) -> String {
        let top = over.map(\.classification).max { RemoteClearance.rank($0) < RemoteClearance.rank($1) } ?? .cui
        let why = entry.map { "cleared for \($0.clearedFor.rawValue) by '\($0.url)' in \(Layout.configPath)" } ?? "cleared for \(cleared.rawValue): no entry of remotes in \(Layout.configPath) clears it for more"
        return "\(remote) (\(url)) is \(why), and the commits to push carry evidence classified above it, so nothing was pushed:\n"
            + over.prefix(20).map { "  \($0.evidence) (\($0.classification.rawValue)): \($0.path)" }.joined(separator: "\n")
            + (over.count > 20 ? "\n  ... and \(over.count - 20) more" : "")
            + "\nif this remote may hold \(top.rawValue), record that decision: evident remote clear \(url) --for \(top.rawValue); otherwise sync with a remote cleared for it"
    }
}

/// A tree with some files replaced, for validating a merge before it is written.
struct OverlaySource: LedgerFileSource {
    let base: TreeSource
    let overlay: [String: Data]

    func paths() throws -> [String] { Array(Set(try base.paths()).union(overlay.keys)) }

    func read(_ path: String) throws -> Data? {
        if let d = overlay[path] { return d }
        return try base.read(path)
    }
}

extension SyncService {
    /// One line git gives a pre-push hook: `<local ref> <local sha> <remote ref> <remote sha>`.
    public struct PushedRef: Sendable {
        public let localRef: String
        public let local: String
        public let remoteRef: String
        public let remote: String

        /// Parses a line; nil when it is not four fields.
        public init?(line: String) {
            let f = line.split(separator: " ").map(String.init)
            guard f.count == 4 else { return nil }
            (localRef, local, remoteRef, remote) = (f[0], f[1], f[2], f[3])
        }
    }

    /// `evident hooks pre-push REMOTE URL`: the clearance rule of `sync` for plain `git push`.
    /// For each ref pushed (deletions aside), the commits the remote does not have (hiding the
    /// remote's old value and this clone's `refs/remotes/REMOTE/*`) are searched for evidence
    /// classified above the remote's clearance, read from the pushed commit's ledger.yaml.
    /// Throws `LedgerError` `.invalidInput` naming each record and the fix when any is found.
    public func checkPush(remote name: String, url: String, refs: [PushedRef]) throws {
        let repo = ledger.repository
        let tracking = ((try? repo.references(matching: "refs/remotes/\(name)/*")) ?? []).map(\.id)
        var over = [Uncleared]()
        var clearance = (classification: RemoteClearance.defaultClearance, entry: RemoteClearance?.none)
        for r in refs {
            guard let tip = ObjectID(hex: r.local), r.local.contains(where: { $0 != "0" }) else { continue }
            let commit = (try? repo.peelToCommit(tip)) ?? tip
            var hiding = tracking
            if let old = ObjectID(hex: r.remote), r.remote.contains(where: { $0 != "0" }), (try? repo.objectKind(old)) != nil {
                hiding.append((try? repo.peelToCommit(old)) ?? old)
            }
            // A pushed commit whose ledger.yaml does not read clears nothing: every remote is then
            // held to the default (the server's pre-receive refuses such a commit anyway).
            let entries = (try? Revision(repository: repo, commit: commit, spec: r.localRef).config())?.remotes ?? []
            let c = RemoteClearance.clearance(of: url, in: entries)
            clearance = c
            over += try Self.artifactsAbove(c.classification, from: commit, hiding: hiding, in: repo)
        }
        let unique = over.reduce(into: [Uncleared]()) { acc, u in if !acc.contains(u) { acc.append(u) } }
        guard unique.isEmpty else {
            throw LedgerError.invalid(Self.clearanceMessage(unique, remote: name, url: url, cleared: clearance.classification, entry: clearance.entry))
        }
    }
}
