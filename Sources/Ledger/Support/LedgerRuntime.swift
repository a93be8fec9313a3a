import Foundation
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

    /// Whether large values a use case has finished with (the 100k records of a readiness input)
    /// are kept until the process exits instead of freed one allocation at a time (about 0.1 s of
    /// a 0.5 s readiness on the 100k bench ledger; the exit returns the memory at once, as
    /// `clang -disable-free` does). The executable's entry point turns it on, since it runs one
    /// command and exits; a library caller (the tests, running many commands in one process)
    /// leaves it off and frees as usual.
    public static var keepsFinishedValuesUntilExit: Bool {
        get { finished.withLock { $0.enabled } }
        set { finished.withLock { $0.enabled = newValue } }
    }

    /// Has every buffer of 256 KiB or more handed back to the system as soon as it is freed
    /// (`Libgit2.returnLargeBuffersWhenFreed`), so a command's phases do not add up to its peak.
    /// The executable's entry point turns it on; it changes no result.
    public static func returnLargeBuffersWhenFreed() {
        Libgit2.returnLargeBuffersWhenFreed()
    }

    private static let finished = LockedBox<(enabled: Bool, values: [Any])>((false, []))

    /// Hands `value` over to be freed at exit when `keepsFinishedValuesUntilExit` is on; else
    /// does nothing (the caller's last reference goes away and frees it).
    static func release(_ value: Any) {
        finished.withLock { state in
            if state.enabled { state.values.append(value) }
        }
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

/// A value behind a lock, for the few process-wide settings.
final class LockedBox<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
