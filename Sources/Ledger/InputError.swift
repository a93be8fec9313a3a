import LedgerCore

/// A caller's input value a use case refused, named by the field it fills, not by how a front
/// end spells it: the command line words `title` as `--title`, `files` as `FILE`.
public struct InputField: Hashable, Sendable, CustomStringConvertible {
    /// The field's name, snake_case as in the records (`valid_until`).
    public let name: String

    public init(_ name: String) {
        self.name = name
    }

    public var description: String { name }
}

/// Why a use case refused its input, with the fields it names kept apart from the text so a
/// front end can word them in its own terms. Services throw it where the message names an input.
public struct InputError: Error, CustomStringConvertible, Sendable {
    /// A message made of text and input fields: `"\(field: .title) must not be empty"`.
    public struct Message: ExpressibleByStringInterpolation, Sendable {
        /// One piece of a message.
        public enum Part: Sendable, Equatable {
            case text(String)
            case field(InputField)
        }

        public let parts: [Part]

        public init(stringLiteral value: String) {
            parts = [.text(value)]
        }

        public init(stringInterpolation: Interpolation) {
            parts = stringInterpolation.parts
        }

        /// Collects the pieces of an interpolated message.
        public struct Interpolation: StringInterpolationProtocol {
            var parts: [Part] = []

            public init(literalCapacity: Int, interpolationCount: Int) {}

            public mutating func appendLiteral(_ literal: String) {
                if !literal.isEmpty { parts.append(.text(literal)) }
            }

            public mutating func appendInterpolation(field: InputField) {
                parts.append(.field(field))
            }

            public mutating func appendInterpolation<T>(_ value: T) {
                parts.append(.text("\(value)"))
            }
        }

        /// The message with each field worded by `word`.
        public func text(_ word: (InputField) -> String) -> String {
            parts.map { part in
                switch part {
                case .text(let s): return s
                case .field(let f): return word(f)
                }
            }.joined()
        }
    }

    /// The exit-code class of the refusal (usage or invalid input, mostly).
    public let kind: LedgerError.Kind
    public let message: Message

    public init(_ kind: LedgerError.Kind, _ message: Message) {
        self.kind = kind
        self.message = message
    }

    /// Refused input: a bad value (exit 65 on the command line).
    public static func invalid(_ message: Message) -> InputError { InputError(.invalidInput, message) }
    /// Wrong use: a missing or contradictory input (exit 64 on the command line).
    public static func usage(_ message: Message) -> InputError { InputError(.usage, message) }
    /// Input naming something that does not exist (exit 66 on the command line).
    public static func notFound(_ message: Message) -> InputError { InputError(.notFound, message) }

    /// The message with fields named as records name them.
    public var description: String { message.text(\.name) }
}
