import LedgerCore

/// A caller's input value a use case refused, named by the field it fills, not by how a front
/// end spells it: the command line words `title` as `--title`, `files` as `FILE`.
public struct InputField: Hashable, Sendable {
    /// The field's name, snake_case as in the records (`valid_until`).
    public let name: String

    public init(_ name: String) {
        self.name = name
    }
}

/// The inputs services name in their errors.
extension InputField {
    /// A dated step of a temporary deficiency's plan of action.
    public static let action = InputField("action")
    public static let allowEmpty = InputField("allow_empty")
    /// A secret-scan rule whose findings one `evidence add` lets through.
    public static let allowSecret = InputField("allow_secret")
    public static let asOf = InputField("as_of")
    /// The revision (or date) an export or a reading is computed at.
    public static let at = InputField("at")
    public static let attribute = InputField("attribute")
    public static let branch = InputField("branch")
    public static let classification = InputField("classification")
    public static let collected = InputField("collected")
    public static let control = InputField("control")
    public static let covers = InputField("covers")
    public static let date = InputField("date")
    public static let description = InputField("description")
    public static let evidence = InputField("evidence")
    public static let evidenceValidFor = InputField("evidence_valid_for")
    /// The artifact files of new evidence.
    public static let files = InputField("files")
    public static let framework = InputField("framework")
    public static let frequency = InputField("frequency")
    /// A hash log the DoD hashing script wrote (`verify --hash-log`).
    public static let hashLog = InputField("hash_log")
    /// The SHA-256 of a hash log, as recorded in eMASS (`verify --hash-value`).
    public static let hashValue = InputField("hash_value")
    public static let key = InputField("key")
    public static let kind = InputField("kind")
    public static let assessor = InputField("assessor")
    public static let level = InputField("level")
    /// The most commits a log shows.
    public static let limit = InputField("limit")
    /// The commit message body.
    public static let message = InputField("message")
    public static let method = InputField("method")
    public static let milestone = InputField("milestone")
    public static let mitigation = InputField("mitigation")
    /// The OSCAL model `export oscal` prints.
    public static let model = InputField("model")
    public static let name = InputField("name")
    /// A no-occurrence statement instead of artifacts (`evidence add`).
    public static let noOccurrence = InputField("no_occurrence")
    /// What an exception review found.
    public static let note = InputField("note")
    public static let official = InputField("official")
    public static let officialTitle = InputField("official_title")
    public static let opened = InputField("opened")
    public static let organization = InputField("organization")
    /// Where an export is written.
    public static let output = InputField("output")
    public static let period = InputField("period")
    public static let recursive = InputField("recursive")
    public static let scheduledCompletion = InputField("scheduled_completion")
    public static let sign = InputField("sign")
    public static let sspSection = InputField("ssp_section")
    public static let source = InputField("source")
    public static let statement = InputField("statement")
    public static let status = InputField("status")
    public static let statusDate = InputField("status_date")
    public static let title = InputField("title")
    /// The SOC 2 report type (1 or 2).
    public static let type = InputField("type")
    public static let validUntil = InputField("valid_until")
    public static let weakness = InputField("weakness")
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

        /// Two messages one after the other, for messages built over several lines.
        public static func + (lhs: Message, rhs: Message) -> Message {
            Message(parts: lhs.parts + rhs.parts)
        }

        init(parts: [Part]) {
            self.parts = parts
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

extension EvidenceRecord.Period {
    /// Throws `InputError` naming the `period` field unless this can be an observation period:
    /// forwards, and within `CalendarLimits.longestPeriod` (ten years).
    func requireObservation() throws {
        if let problem = observationProblem {
            let fix = to < from ? "write the earlier date first" : "give a period of at most ten years, like 2026-01-01..2026-12-31"
            throw InputError.invalid("\(field: .period) '\(self)': \(problem); \(fix)")
        }
    }
}

/// One-line text inputs (titles, sources, the organisation's name): they become commit
/// summaries, table cells and YAML scalars, so no line breaks and no control characters.
enum InputText {
    /// Throws `InputError` `.invalidInput` naming `field` when `text` holds a line break or a
    /// control character; `hint` says where longer text belongs.
    static func requireOneLine(_ text: String, field: InputField, hint: String) throws {
        if text.contains(where: \.isNewline) {
            throw InputError.invalid("\(field: field) must be one line (\(hint))")
        }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format && $0.value >= 0x202A && $0.value <= 0x202E }) {
            throw InputError.invalid("\(field: field) holds a control character: write it as plain text")
        }
    }
}

extension ResolutionError {
    /// As the command line reports it: an unknown requirement is not found (exit 66, with the
    /// closest ids), an ambiguous or malformed one is bad input (exit 65).
    var ledgerError: LedgerError {
        if case .unknown = self { return LedgerError.notFound(description) }
        return LedgerError.invalid(description)
    }
}
