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

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
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
