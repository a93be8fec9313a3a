/// `exceptions/<ID>.yaml`: an enduring exception or a temporary deficiency for one CMMC Level 2
/// requirement (32 CFR 170.24(b)(1)(i)-(ii); DoD Assessment Methodology §5(h), §5(i)(iii);
/// cmmc-rules.md §12.7).
///
/// - enduring: the requirement cannot be fully met for a lasting reason (equipment that cannot be
///   patched, say), described with its mitigations in the SSP; `ssp_section` names where.
/// - temporary: a deficiency of an implemented control being fixed under an operational plan of
///   action; `actions` are its dated steps. Not an assessment POA&M item (cmmc-rules.md section 4).
///
/// A record may be incomplete (an enduring exception without `ssp_section`, a temporary
/// deficiency without an action): it is read, and readiness does not credit it (`isComplete`).
/// `exception add` refuses to write one.
public struct ExceptionRecord: Equatable, Sendable {
    public static let schemaID = "evident/exception/v1"
    public static let folder = "exceptions"
    public static let kinds = ExceptionKind.allCases.map(\.rawValue)

    /// Longest texts, as Schemas/exception.schema.json says.
    public static let maxDescription = 2000
    public static let maxMitigation = 500
    public static let maxSSPSection = 200
    public static let maxActionText = 500
    public static let maxNote = 2000

    /// A dated step of a temporary deficiency's plan of action.
    public struct Action: Equatable, Sendable {
        public var date: Day
        public var text: String

        public init(date: Day, text: String) {
            self.date = date
            self.text = text
        }
    }

    /// A dated review of the exception (a deficiency review, §170.24(b)(1)(ii)).
    public struct Review: Equatable, Sendable {
        public var date: Day
        public var note: String

        public init(date: Day, note: String) {
            self.date = date
            self.note = note
        }
    }

    /// `EXC-<YYYYMMDD>-<6 base32>`.
    public var id: String
    /// Qualified requirement id, `nist-800-171r2:3.13.11`.
    public var requirement: String
    /// `enduring` or `temporary` (kept as text: a record read from history may hold anything).
    public var kind: String
    public var description: String
    public var mitigations: [String]
    /// Where the SSP describes it (enduring only).
    public var sspSection: String?
    /// The plan's dated steps (temporary only).
    public var actions: [Action]
    public var reviews: [Review]
    public var opened: Day
    public var closed: Day?

    public init(id: String, requirement: String, kind: String, description: String, mitigations: [String] = [], sspSection: String? = nil,
                actions: [Action] = [], reviews: [Review] = [], opened: Day, closed: Day? = nil) {
        self.id = id
        self.requirement = requirement
        self.kind = kind
        self.description = description
        self.mitigations = mitigations
        self.sspSection = sspSection
        self.actions = actions
        self.reviews = reviews
        self.opened = opened
        self.closed = closed
    }

    public var path: String { "\(Self.folder)/\(id).yaml" }

    public var isEnduring: Bool { kind == ExceptionKind.enduring.rawValue }
    public var isTemporary: Bool { kind == ExceptionKind.temporary.rawValue }

    /// Open at `day`: opened on or before it and not closed by then (closed on `day` is closed).
    public func isOpen(at day: Day) -> Bool {
        opened <= day && (closed.map { $0 > day } ?? true)
    }

    /// What the rule needs before it credits the requirement (cmmc-rules.md §12.7): an enduring
    /// exception names its SSP section, a temporary deficiency has at least one dated action.
    public var isComplete: Bool {
        isEnduring ? sspSection.map { !$0.isBlank } ?? false : !actions.isEmpty
    }

    /// Why the record earns nothing although open, or nil when it is complete.
    public var incompleteness: String? {
        guard !isComplete else { return nil }
        return isEnduring
            ? "names no SSP section (ssp_section): an enduring exception counts only once the SSP describes it"
            : "has no dated action: a temporary deficiency counts only under a plan of action with dated steps"
    }

    /// "enduring exception" or "temporary deficiency".
    public var kindName: String { isEnduring ? "enduring exception" : "temporary deficiency" }

    public static func isValidID(_ s: String) -> Bool { ExceptionIDFormat.isValid(s) }

    /// Canonical form: the keys in Schemas/exception.schema.json's order; `ssp_section` only on an
    /// enduring exception that has one, `actions` on every temporary deficiency (empty or not).
    public var recordValue: RecordValue {
        var pairs: [(String, RecordValue)] = [
            ("schema", .string(Self.schemaID)), ("id", .string(id)), ("requirement", .string(requirement)), ("kind", .string(kind)),
            ("description", .string(description)), ("mitigations", .strings(mitigations)),
        ]
        if let sspSection { pairs.append(("ssp_section", .string(sspSection))) }
        if !isEnduring { pairs.append(("actions", .list(actions.map { .map([("date", .string($0.date.description)), ("text", .string($0.text))]) }))) }
        pairs.append(("reviews", .list(reviews.map { .map([("date", .string($0.date.description)), ("note", .string($0.note))]) })))
        pairs.append(("opened", .string(opened.description)))
        if let closed { pairs.append(("closed", .string(closed.description))) }
        return .map(pairs)
    }

    /// Decodes and checks one record; every problem is an issue naming the file and the field.
    public static func decode(_ value: RecordValue, file: String) -> (ExceptionRecord?, [ValidationIssue]) {
        var r = FieldReader(file: file, value: value)
        guard r.issues.isEmpty else { return (nil, r.issues) }
        let schema = r.string("schema")
        if let schema, schema != schemaID { r.report("schema", "'\(schema)' is not \(schemaID)") }
        var id = r.string("id")
        if let i = id, !isValidID(i) {
            r.report("id", "'\(i)' is not an exception id (EXC-YYYYMMDD- and 6 characters of 0-9 A-Z without I, L, O, U)")
            id = nil
        }
        let requirement = r.qualifiedRequirement("requirement", example: "nist-800-171r2:3.13.11")
        let kind = r.oneOf("kind", kinds)
        let description = r.string("description", maxLength: maxDescription)
        var mitigations: [String]?
        if let list = r.stringList("mitigations") {
            mitigations = list
            for (i, m) in list.enumerated() {
                if m.isBlank { r.report("mitigations[\(i)]", "must not be empty"); mitigations = nil }
                else if m.count > maxMitigation { r.report("mitigations[\(i)]", "is longer than \(maxMitigation) characters"); mitigations = nil }
            }
        }
        // ssp_section belongs to an enduring exception, actions to a temporary deficiency.
        let sspSection = r.string("ssp_section", required: false, maxLength: maxSSPSection)
        if kind == ExceptionKind.temporary.rawValue, sspSection != nil {
            r.report("ssp_section", "belongs to an enduring exception: leave it out of a temporary deficiency (its plan is in actions)")
        }
        var actions = [Action]()
        if let list = r.list("actions", required: kind == ExceptionKind.temporary.rawValue) {
            if kind == ExceptionKind.enduring.rawValue {
                r.report("actions", "belongs to a temporary deficiency: leave it out of an enduring exception (describe it in the SSP, ssp_section)")
            }
            for (i, item) in list.enumerated() {
                var a = FieldReader(file: file, path: "actions[\(i)]", value: item)
                if a.issues.isEmpty, let d = a.day("date"), let text = a.string("text", maxLength: maxActionText) {
                    actions.append(Action(date: d, text: text))
                }
                a.finish()
                r.merge(a)
            }
        }
        var reviews = [Review]()
        if let list = r.list("reviews") {
            for (i, item) in list.enumerated() {
                var v = FieldReader(file: file, path: "reviews[\(i)]", value: item)
                if v.issues.isEmpty, let d = v.day("date"), let note = v.string("note", maxLength: maxNote) {
                    reviews.append(Review(date: d, note: note))
                }
                v.finish()
                r.merge(v)
            }
        }
        let opened = r.day("opened")
        let closed = r.day("closed", required: false)
        if let opened, let closed, closed < opened { r.report("closed", "\(closed) is before opened \(opened)") }
        for (i, review) in reviews.enumerated() {
            if let opened, review.date < opened { r.report("reviews[\(i)].date", "\(review.date) is before opened \(opened): an exception is reviewed once it is open") }
            if let closed, review.date > closed { r.report("reviews[\(i)].date", "\(review.date) is after closed \(closed): a closed exception takes no reviews") }
        }
        r.finish()
        guard r.issues.isEmpty, let id, let requirement, let kind, let description, let mitigations, let opened else { return (nil, r.issues) }
        if file.hasPrefix(folder + "/"), file != "\(folder)/\(id).yaml" {
            return (nil, [ValidationIssue(file: file, field: "id", problem: "'\(id)' must live in \(folder)/\(id).yaml")])
        }
        return (ExceptionRecord(id: id, requirement: requirement, kind: kind, description: description, mitigations: mitigations,
                                sspSection: sspSection, actions: actions, reviews: reviews, opened: opened, closed: closed), [])
    }
}
