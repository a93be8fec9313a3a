import GitStore
@_spi(Bench) import Ledger

extension BenchGenerator.Result {
    /// The generated ledger's last commit, as Ledger's public API names commits.
    public var headCommit: CommitID { CommitID(head) }
}
