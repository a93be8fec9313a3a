import GitStore
import LedgerCore

/// Process-wide set-up and facts of the storage under every ledger, for the executable's entry
/// point: callers of Ledger never see the git library itself.
public enum LedgerRuntime {
    /// The libgit2 version this binary runs against, for `evident --version`.
    public static var libgit2Version: String { Libgit2.version }

    /// Reads git configuration from `directory` only: no global, XDG or system file outside the
    /// repository (tests and demos set `EVIDENT_GIT_CONFIG_SEARCH_PATH`).
    /// Throws `LedgerError` `.failure` when libgit2 refuses the search path.
    public static func isolateGitConfiguration(in directory: String) throws {
        do { try Libgit2.isolateConfiguration(in: directory) } catch { throw translate(error, "isolating git configuration in \(directory)") }
    }

    /// The ledger error an error thrown by a Ledger call stands for: a `LedgerError` as it is, an
    /// `InputError` with its fields named as records name them, a
    /// storage failure no service translated as `.failure` with the failing call and its message.
    /// nil for errors that did not come from Ledger (the caller's own, such as usage errors).
    public static func ledgerError(for error: any Error) -> LedgerError? {
        switch error {
        case let e as LedgerError: return e
        case let e as InputError: return LedgerError(e.kind, e.description)
        case let e as GitError: return LedgerError(.failure, e.description)
        default: return nil
        }
    }
}
