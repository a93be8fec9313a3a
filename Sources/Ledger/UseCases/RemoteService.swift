import Foundation
import GitStore
import LedgerCore

/// `evident remote clear|list`: which git remotes may hold which classification (`remotes` in
/// ledger.yaml, `RemoteClearance`). Clearing is a commit of ledger.yaml, so who decided that a
/// server may hold CUI, and when, is in the history.
public struct RemoteService {
    public struct Listing: Sendable {
        /// The entries of ledger.yaml, in file order.
        public let entries: [RemoteClearance]
        /// This clone's git remotes: name, URL and what they are cleared for.
        public let remotes: [(name: String, url: String, clearedFor: Classification)]
    }

    public struct ClearResult: Sendable {
        public let entry: RemoteClearance
        /// What the URL was cleared for before (nil: no entry of its own).
        public let previous: Classification?
        /// nil when the entry was already there: nothing was written.
        public let commit: CommitID?
    }

    let ledger: LedgerRepository
    let environment: RunEnvironment

    public init(ledger: LedgerRepository, environment: RunEnvironment) {
        self.ledger = ledger
        self.environment = environment
    }

    /// Throws `LedgerError` `.notFound` when the configuration is missing, `.invalidInput` when it does not validate.
    public func list() throws -> Listing {
        let config = try ledger.resolve("HEAD").config()
        var remotes = [(name: String, url: String, clearedFor: Classification)]()
        for name in (try? ledger.repository.remoteNames()) ?? [] {
            guard let url = (try? ledger.repository.remoteURL(named: name)).flatMap({ $0 }) else { continue }
            remotes.append((name, url, RemoteClearance.clearance(of: url, in: config.remotes).classification))
        }
        return Listing(entries: config.remotes, remotes: remotes)
    }

    /// Records that remotes matching `url` (a URL or a pattern with `*`, or the name of one of this
    /// clone's remotes, which stands for its URL) may hold evidence up to `classification`: one
    /// commit of ledger.yaml, replacing the entry of the same URL. Nothing is written when the
    /// entry is already there.
    /// Throws `InputError` `.invalidInput` for an empty or multi-line URL; `LedgerError` as a write.
    public func clear(_ url: String, for classification: Classification) throws -> ClearResult {
        var target = url
        if !url.contains("/"), !url.contains(":"), !url.contains("*") {
            // Not a URL, a path or a pattern: it must be one of this clone's remotes, or a typo
            // would become a clearance nobody meant.
            guard let named = (try? ledger.repository.remoteURL(named: url)).flatMap({ $0 }) else {
                let known = (try? ledger.repository.remoteNames()) ?? []
                throw InputError.notFound("'\(url)' is neither a remote of this clone\(known.isEmpty ? "" : " (remotes: \(known.joined(separator: ", ")))") nor a URL: give the remote's name, its URL as 'git remote -v' shows it, or a pattern with *")
            }
            target = named
        }
        guard !target.isEmpty, !target.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw InputError.invalid("the URL must be one line and not empty: give the remote's URL as 'git remote -v' shows it, or a pattern with *")
        }
        let entry = RemoteClearance(url: target, clearedFor: classification)
        let author = try Identity.resolve(ledger.repository, environment: environment)
        let writer = LedgerWriter(ledger: ledger, environment: environment)
        var previous: Classification?
        do {
            let commit = try writer.commit(action: "remote-clear", author: author) { head in
                guard let head else { throw LedgerError.notFound("the ledger has no commits") }
                var config = try Revision(repository: ledger.repository, commit: head, spec: "HEAD").config()
                if let i = config.remotes.firstIndex(where: { $0.url == target }) {
                    previous = config.remotes[i].clearedFor
                    guard config.remotes[i] != entry else { throw Unchanged() }
                    config.remotes[i] = entry
                } else {
                    config.remotes.append(entry)
                }
                let text = CanonicalYAML.emit(config.recordValue)
                let (decoded, issues) = LedgerConfig.decode(try YAMLReader.parse(Data(text.utf8), file: Layout.configPath))
                guard decoded == config, issues.isEmpty else {
                    throw LedgerError.invalid("the new remotes entry does not validate:\n" + issues.map { "  \($0)" }.joined(separator: "\n"))
                }
                let verb = RemoteClearance.rank(classification) > RemoteClearance.rank(RemoteClearance.defaultClearance) ? "Clear" : "Limit"
                return CommitRequest(action: "remote-clear", summary: "\(verb) \(target) for \(classification.rawValue)",
                                     trailers: [("Remote", target), ("Cleared-For", classification.rawValue)],
                                     writes: [FileWrite(path: Layout.configPath, data: Data(text.utf8))])
            }
            return ClearResult(entry: entry, previous: previous, commit: commit.commitID)
        } catch is Unchanged {
            return ClearResult(entry: entry, previous: previous, commit: nil)
        }
    }

    private struct Unchanged: Error {}
}
