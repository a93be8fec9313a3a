import Foundation

/// Why an operation could not proceed. Each kind has one exit code, fixed in EvidentCLI.
public struct LedgerError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Wrong use of a command (exit 64).
        case usage
        /// A bad record, bad input value or refused state (exit 65).
        case invalidInput
        /// A file, ledger, record or revision that does not exist (exit 66).
        case notFound
        /// Another writer holds the ledger (exit 75).
        case busy
        /// A gate was not met: findings, score below a minimum (exit 2).
        case gate
        /// Anything unexpected (exit 1).
        case failure
    }

    public let kind: Kind
    public let message: String
    /// The `errno` of the system call that failed, when one did.
    public let posixErrno: Int32?

    public init(_ kind: Kind, _ message: String, errno: Int32? = nil) {
        self.kind = kind
        self.message = message
        self.posixErrno = errno
    }

    /// A failed system call: `what` failed, with the system's words for `errno` (kept in the
    /// error) and, when given, what to do about it.
    public static func system(_ what: String, errno code: Int32, fix: String? = nil) -> LedgerError {
        system(.failure, what, errno: code, fix: fix)
    }

    /// `system(_:errno:fix:)` with a kind other than `.failure` (a missing input file is `.notFound`).
    public static func system(_ kind: Kind, _ what: String, errno code: Int32, fix: String? = nil) -> LedgerError {
        let reason = String(cString: strerror(code))
        return LedgerError(kind, fix.map { "\(what): \(reason); \($0)" } ?? "\(what): \(reason)", errno: code)
    }

    public var description: String { message }

    public static func invalid(_ message: String) -> LedgerError { LedgerError(.invalidInput, message) }
    public static func notFound(_ message: String) -> LedgerError { LedgerError(.notFound, message) }
    public static func usage(_ message: String) -> LedgerError { LedgerError(.usage, message) }
}

/// One problem found in a record: which file, which field, what is wrong (and how to fix it).
public struct ValidationIssue: Hashable, Sendable, CustomStringConvertible, Codable {
    public let file: String
    public let field: String
    public let problem: String

    public init(file: String, field: String, problem: String) {
        self.file = file
        self.field = field
        self.problem = problem
    }

    public var description: String {
        field.isEmpty ? "\(file): \(problem)" : "\(file): \(field): \(problem)"
    }
}
