import Foundation
import LedgerCore

extension ValidateService {
    /// Which records `evident validate` checks, and so where they are read from.
    public enum Target: Sendable {
        /// The work tree; `paths` (absolute, or relative to `base`) narrow the check to those
        /// files and folders, none means the whole ledger.
        case workTree(paths: [String], base: String)
        /// What a plain `git commit` would record: records staged in the index that differ from HEAD.
        /// `indexFile` is the index git names in `GIT_INDEX_FILE` (for `git commit -a` and
        /// `git commit -- PATH`), nil for the repository's own.
        case staged(indexFile: String?)
        /// The records of a commit's tree, read from git objects (also in a bare repository).
        case commit(String)
    }

    static func isEvidencePath(_ path: String) -> Bool { path.hasPrefix(Layout.evidenceRoot + "/") }

    /// What `validate(_:ledgerPath:)` found.
    public struct Outcome: Sendable {
        /// Records checked.
        public let checked: Int
        /// Findings: the records that would not be accepted.
        public let issues: [ValidationIssue]
        /// Worth knowing, not a failure (cmmc-rules.md §12.5).
        public let warnings: [ValidationIssue]
        /// Files a sparse checkout leaves out of the work tree, checked as the index holds them.
        public let readFromIndex: Int
    }

    /// Checks the records `target` names in the ledger that contains `ledgerPath`.
    /// Throws `LedgerError` `.notFound` when there is no ledger (or no such commit), `.invalidInput`
    /// for a path outside the ledger, or a bare repository outside `.commit` (it has no work tree
    /// or index; `--at HEAD` reads its records), and when this clone's own git settings
    /// (`.git/info/attributes`, say) would change evidence bytes on checkout (work tree and
    /// staged targets). Warnings (cmmc-rules.md §12.5) do not make the result a failure.
    /// Artifacts are always scanned for credentials here (`scanSecrets`), whatever this service
    /// was made with: this is what `evident validate` and the hooks check.
    public func validate(_ target: Target, ledgerPath: String) throws -> Outcome {
        guard scanSecrets else { return try ValidateService(scanSecrets: true).validate(target, ledgerPath: ledgerPath) }
        switch target {
        case .commit(let spec):
            let repo = try LedgerRepository(path: ledgerPath, allowEmptyBare: true)
            let revision = try repo.resolve(spec)
            let source = TreeSource(revision: revision)
            var result = try validate(source)
            if try revision.file(Layout.configPath) == nil {
                result.issues.insert(ValidationIssue(file: Layout.configPath, field: "", problem: "is missing at \(spec): every commit of a ledger holds it"), at: 0)
            }
            return Outcome(checked: result.checked, issues: result.issues, warnings: try warnings(source), readFromIndex: 0)
        case .staged(let indexFile):
            let repo = try LedgerRepository(path: ledgerPath)
            try Self.refuseBare(repo, what: "no index to check staged records in")
            let source = try IndexSource(repository: repo.repository, indexFile: indexFile)
            let changed = try source.stagedChanges().filter(Layout.isLedgerPath)
            try EvidenceProtection.check(repo.repository, root: repo.root, paths: changed.filter(Self.isEvidencePath))
            guard !changed.isEmpty else { return Outcome(checked: 0, issues: [], warnings: [], readFromIndex: 0) }
            let result = try validate(source, only: changed)
            return Outcome(checked: result.checked, issues: result.issues, warnings: try warnings(source, only: changed), readFromIndex: 0)
        case .workTree(let paths, let base):
            let repo = try LedgerRepository(path: ledgerPath)
            try Self.refuseBare(repo, what: "no work tree to check")
            let relative = try paths.map { p -> String in
                let full = ((p.hasPrefix("/") ? p : base + "/" + p) as NSString).standardizingPath
                guard full == repo.root || full.hasPrefix(repo.root + "/") else {
                    throw LedgerError.invalid("\(p) is outside the ledger \(repo.root)")
                }
                return full == repo.root ? "" : String(full.dropFirst(repo.root.count + 1))
            }
            let only = relative.contains("") || relative.isEmpty ? nil : relative
            let source = try WorkTreeSource(ledger: repo)
            try EvidenceProtection.check(repo.repository, root: repo.root, paths: try source.paths().filter(Self.isEvidencePath))
            let result = try validate(source, only: only)
            return Outcome(checked: result.checked, issues: result.issues, warnings: try warnings(source, only: only), readFromIndex: source.hiddenCount)
        }
    }

    /// A bare repository has neither work tree nor index: validating one means naming a commit.
    private static func refuseBare(_ repo: LedgerRepository, what: String) throws {
        if repo.isBare {
            throw LedgerError.invalid("\(repo.root) is a bare repository, with \(what): check a commit's records with 'evident validate --at HEAD' (or any REV)")
        }
    }
}
