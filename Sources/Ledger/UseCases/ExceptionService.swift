import Foundation
import GitStore
import LedgerCore

/// `evident exception add|list|show|review|close`: enduring exceptions and temporary deficiencies
/// at `exceptions/<ID>.yaml` (32 CFR 170.24(b)(1)(i)-(ii); cmmc-rules.md §12.7). Each write is
/// exactly one commit. Readiness scores a NOT MET Level 2 requirement MET while an open, complete
/// exception covers it (`ExceptionRules`).
public struct ExceptionService {
    public struct AddOptions: Sendable {
        /// The requirement as the user wrote it (3.13.11, SC.L2-3.13.11, nist-800-171r2:3.13.11).
        public var requirement: String
        public var kind: ExceptionKind
        public var description: String
        public var mitigations: [String]
        /// Where the SSP describes an enduring exception (required for one, refused for a temporary deficiency).
        public var sspSection: String?
        /// The plan's dated steps (at least one for a temporary deficiency, refused for an enduring exception).
        public var actions: [ExceptionRecord.Action]
        /// The day it opens; nil: today.
        public var opened: Day?
        /// The commit message body.
        public var message: String?

        public init(requirement: String, kind: ExceptionKind, description: String, mitigations: [String] = [], sspSection: String? = nil,
                    actions: [ExceptionRecord.Action] = [], opened: Day? = nil, message: String? = nil) {
            self.requirement = requirement
            self.kind = kind
            self.description = description
            self.mitigations = mitigations
            self.sspSection = sspSection
            self.actions = actions
            self.opened = opened
            self.message = message
        }
    }

    public struct WriteResult: Sendable {
        public let record: ExceptionRecord
        public let requirement: Requirement?
        public let commit: CommitID
        /// Things the user should know that do not stop the write (printed on stderr).
        public let warnings: [String]
        public let notices: [String]
    }

    public struct Listing {
        public let revision: Revision
        public let items: [(record: ExceptionRecord, requirement: Requirement?)]
        public let issues: [ValidationIssue]
    }

    /// Which exceptions a listing shows.
    public enum StatusFilter: String, Sendable, CaseIterable {
        case open, closed, all
    }

    let ledger: LedgerRepository
    let environment: RunEnvironment

    public init(ledger: LedgerRepository, environment: RunEnvironment) {
        self.ledger = ledger
        self.environment = environment
    }

    // MARK: add

    /// Throws `InputError` `.invalidInput` for a bad date, text, action, or options that do not
    /// fit the kind; `LedgerError` `.notFound` for an unknown requirement, `.invalidInput` for a
    /// requirement no exception applies to (3.12.4, outside CMMC Level 2) or one that already has
    /// an open exception of the same kind, `.busy` when another writer holds the ledger,
    /// `.failure` when the commit cannot be written.
    public func add(_ o: AddOptions) throws -> WriteResult {
        // 1. Everything the user typed, before the ledger is read.
        let description = try Self.text(o.description, .description, max: ExceptionRecord.maxDescription,
                                         what: "say what cannot be met, where, and why")
        var mitigations = [String]()
        for given in o.mitigations {
            let m = try Self.text(given, .mitigation, max: ExceptionRecord.maxMitigation, what: "say what reduces the risk")
            guard !mitigations.contains(m) else { throw InputError.invalid("\(field: .mitigation) '\(m)' is given twice: give each mitigation once") }
            mitigations.append(m)
        }
        let message = try Self.message(o.message)
        let today = environment.today
        var opened = today
        if let day = o.opened {
            opened = day
            // cmmc-rules.md §12.8: a record of what is known never dates from the future.
            guard opened <= today else {
                throw InputError.invalid("\(field: .opened) \(opened) is in the future (today is \(today)): an exception is opened once the deficiency is known")
            }
        }
        var sspSection: String?
        var actions = [ExceptionRecord.Action]()
        switch o.kind {
        case .enduring:
            // An enduring exception counts only once the SSP describes it (cmmc-rules.md §12.7): one
            // without its section would earn nothing, so it is surely a mistake.
            guard let given = o.sspSection else {
                throw InputError.invalid("an enduring exception needs \(field: .sspSection) TEXT, the section of the system security plan that describes it with its mitigations (32 CFR 170.24(b)(1)(i); cmmc-rules.md §12.7)")
            }
            guard o.actions.isEmpty else {
                throw InputError.invalid("\(field: .action) is for a temporary deficiency's plan of action; an enduring exception is described in the SSP (\(field: .sspSection)): leave \(field: .action) out, or use \(field: .kind) temporary")
            }
            sspSection = try Self.text(given, .sspSection, max: ExceptionRecord.maxSSPSection, what: "name the SSP section, like '4.3 Medical devices'")
        case .temporary:
            guard o.sspSection == nil else {
                throw InputError.invalid("\(field: .sspSection) is for an enduring exception; a temporary deficiency is handled in a plan of action with dated steps (\(field: .action)): leave \(field: .sspSection) out, or use \(field: .kind) enduring")
            }
            // A temporary deficiency counts only under a plan of action with a dated action (§12.7).
            guard !o.actions.isEmpty else {
                throw InputError.invalid("a temporary deficiency needs at least one \(field: .action) \"DATE TEXT\", a dated step of the plan of action that fixes it (32 CFR 170.24(b)(1)(ii); cmmc-rules.md §12.7)")
            }
            for given in o.actions {
                let a = try Self.action(given)
                guard !actions.contains(a) else { throw InputError.invalid("\(field: .action) '\(a.date) \(a.text)' is given twice: give each step once") }
                guard a.date >= opened else {
                    throw InputError.invalid("\(field: .action) '\(a.date) \(a.text)': \(a.date) is before the opening date \(opened): a step of the plan comes on or after the day the deficiency is opened")
                }
                actions.append(a)
            }
            // Date order; steps of the same day keep the order given.
            actions = actions.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
        }

        // 2. The requirement, resolved against the catalogs pinned at HEAD.
        let head = try ledger.resolve("HEAD")
        let catalogs = try head.catalogs()
        let requirement = try Self.resolve(o.requirement, catalogs: catalogs)
        let author = try Identity.resolve(ledger.repository, environment: environment)

        // 3. Under the lock: the open-exception check, a fresh id and the warnings all read HEAD.
        let writer = LedgerWriter(ledger: ledger, environment: environment)
        let (commit, (record, warnings)) = try writer.commitReturning(action: "exception-add", author: author) { headCommit -> (CommitRequest, (ExceptionRecord, [String])) in
            guard let headCommit else { throw LedgerError.notFound("the ledger has no commits") }
            let revision = try Revision(repository: ledger.repository, commit: headCommit, spec: "HEAD")
            let existing = try revision.exceptions().records
            let name = Self.cmmcName(requirement)
            if let open = existing.first(where: { $0.requirement == requirement.qualifiedID && $0.kind == o.kind.rawValue && $0.closed == nil }) {
                throw LedgerError.invalid("""
                \(name) already has an open \(open.kindName), \(open.id) (opened \(open.opened)): describe the further case in it, \
                or close it first with 'evident exception close \(open.id)'
                """)
            }
            let taken = Set(try revision.recordFiles(in: ExceptionRecord.folder).map { String(($0.path as NSString).lastPathComponent.dropLast(5)) })
            var rng = environment.idGenerator(salt: headCommit.hex)
            var id = ExceptionIDFormat.make(day: opened, using: &rng)
            while taken.contains(id) { id = ExceptionIDFormat.make(day: opened, using: &rng) }
            let r = ExceptionRecord(id: id, requirement: requirement.qualifiedID, kind: o.kind.rawValue, description: description,
                                    mitigations: mitigations, sspSection: sspSection, actions: actions, opened: opened)
            try Self.check(r)
            let warnings = try Self.warnings(for: r, requirement: requirement, revision: revision, catalogs: catalogs, today: today)
            let what = o.kind == .enduring ? "enduring exception" : "temporary deficiency"
            let line = "Record \(what) \(id) for \(name): \(description)"
            let summary = Self.summary(line)
            var body = [String]()
            if let message { body.append(message) }
            // The whole description when the summary had to cut it.
            if summary != line { body.append(description) }
            return (CommitRequest(action: "exception-add", summary: summary,
                                  body: body.isEmpty ? nil : body.joined(separator: "\n\n"),
                                  trailers: [("Exception-Id", id), ("Requirement", requirement.qualifiedID)],
                                  writes: [FileWrite(path: r.path, data: Data(CanonicalYAML.emit(r.recordValue).utf8))]), (r, warnings))
        }
        return WriteResult(record: record, requirement: requirement, commit: commit.commitID, warnings: warnings, notices: writer.notices)
    }

    /// What the user should know about a new exception (on stderr; nothing is refused):
    /// the requirement is MET at HEAD without it, or a temporary deficiency has no implemented
    /// control to be a deficiency of (cmmc-rules.md §12.7).
    static func warnings(for r: ExceptionRecord, requirement: Requirement, revision: Revision, catalogs: CatalogSet, today: Day) throws -> [String] {
        let controls = try revision.controls(catalogs: catalogs).records
        let mapped = controls.filter { $0.qualifiedRequirements.contains(requirement.qualifiedID) }
        let working = mapped.filter { ["implemented", "partially_implemented"].contains($0.status) }
        // Evidence counts only for an implemented or partially implemented mapped control; without
        // one, the ledger's evidence is not read at all.
        let evaluator = RequirementEvaluator(controls: controls, evidence: working.isEmpty ? [] : try revision.evidence().records,
                                             policy: try revision.config().policy, day: today)
        let name = cmmcName(requirement)
        var out = [String]()
        if CMMCReadiness.assess(requirement, evaluator: evaluator).base.status != .notMet {
            out.append("warning: \(name) is MET at HEAD today (\(today)) without an exception: \(r.id) changes nothing in readiness while it stays MET; "
                + "close it with 'evident exception close \(r.id)' if it was recorded by mistake")
        }
        if r.isTemporary, working.isEmpty {
            out.append("warning: no control mapped to \(name) is implemented or partially implemented, and a temporary deficiency is a deficiency "
                + "of an implemented control being fixed (cmmc-rules.md §12.7): check that this is not an enduring exception or a POA&M item (evident poam add)")
        }
        return out
    }

    // MARK: list and show

    /// Exceptions at HEAD, by id, with their requirement from the catalogs pinned there.
    /// Throws `LedgerError` `.notFound` when HEAD lacks the configuration, `.invalidInput` when a
    /// catalog does not parse.
    public func list(status: StatusFilter = .all) throws -> Listing {
        let revision = try ledger.resolve("HEAD")
        let catalogs = try revision.catalogs()
        let (records, issues) = try revision.exceptions()
        let items = records.filter { status == .all || (status == .open) == ($0.closed == nil) }
            .sorted { $0.id < $1.id }
            .map { ($0, catalogs.requirement(qualifiedID: $0.requirement)) }
        return Listing(revision: revision, items: items, issues: issues)
    }

    /// One exception at HEAD with its requirement. Throws `LedgerError` `.notFound` for an unknown
    /// id, `.invalidInput` for a record that does not validate.
    public func show(id text: String) throws -> (record: ExceptionRecord, requirement: Requirement?, revision: Revision) {
        let revision = try ledger.resolve("HEAD")
        let record = try Self.existing(text.trimmingCharacters(in: .whitespaces), at: revision)
        return (record, try revision.catalogs().requirement(qualifiedID: record.requirement), revision)
    }

    // MARK: review

    /// Records a dated review of an open exception, kept in date order. The day is not after
    /// today nor before the exception opened.
    /// Throws `LedgerError` `.notFound` for an unknown exception, `.invalidInput` for a closed one
    /// or a review it already has, `InputError` `.invalidInput` for a bad date or note, `.busy`
    /// when another writer holds the ledger, `.failure` when the commit cannot be written.
    public func review(id text: String, date: Day?, note given: String, message: String? = nil) throws -> WriteResult {
        let note = try Self.text(given, .note, max: ExceptionRecord.maxNote, what: "say what the review found")
        let message = try Self.message(message)
        let today = environment.today
        let day = date ?? today
        guard day <= today else {
            throw InputError.invalid("\(field: .date) \(day) is in the future (today is \(today)): record a review once it has taken place")
        }
        let review = ExceptionRecord.Review(date: day, note: note)
        return try updateOpen(text, action: "exception-review", message: message, closed: "is closed",
                              fix: "a closed exception takes no reviews; record a new one if the deficiency is back") { r, name in
            guard day >= r.opened else {
                throw InputError.invalid("\(field: .date) \(day) is before \(r.id) was opened (\(r.opened)): an exception is reviewed once it is open")
            }
            guard !r.reviews.contains(review) else {
                throw LedgerError.invalid("\(r.id) already has the review of \(day) '\(note)': nothing to do")
            }
            r.reviews.append(review)
            r.reviews = r.reviews.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
            return "Review \(r.id) for \(name) on \(day): \(note)"
        }
    }

    // MARK: close

    /// Closes an open exception: from that day it no longer scores its requirement MET.
    /// Throws `LedgerError` `.notFound` for an unknown exception, `.invalidInput` for one already
    /// closed, `InputError` `.invalidInput` for a bad date, `.busy` when another writer holds the
    /// ledger, `.failure` when the commit cannot be written.
    public func close(id text: String, date: Day?, message: String? = nil) throws -> WriteResult {
        let message = try Self.message(message)
        let today = environment.today
        let day = date ?? today
        guard day <= today else {
            throw InputError.invalid("\(field: .date) \(day) is in the future (today is \(today)): close an exception on the day it ends")
        }
        return try updateOpen(text, action: "exception-close", message: message, closed: "is already closed", fix: "nothing to do") { r, name in
            guard day >= r.opened else {
                throw InputError.invalid("\(field: .date) \(day) is before \(r.id) was opened (\(r.opened)): an exception closes on or after the day it opens")
            }
            if let last = r.reviews.map(\.date).max(), day < last {
                throw InputError.invalid("\(field: .date) \(day) is before \(r.id)'s latest review (\(last)): close it on or after that day")
            }
            r.closed = day
            return "Close \(r.kindName) \(r.id) for \(name) on \(day)"
        }
    }

    /// One commit changing the open exception `id` at HEAD: `change` edits the record (given the
    /// requirement's name) and returns the commit summary; the result is validated as `validate`
    /// reads it. A closed exception is refused with `closed` and `fix`.
    private func updateOpen(_ text: String, action: String, message: String?, closed: String, fix: String,
                            _ change: (inout ExceptionRecord, String) throws -> String) throws -> WriteResult {
        let id = text.trimmingCharacters(in: .whitespaces)
        let author = try Identity.resolve(ledger.repository, environment: environment)
        let writer = LedgerWriter(ledger: ledger, environment: environment)
        let (commit, (record, requirement)) = try writer.commitReturning(action: action, author: author) { headCommit -> (CommitRequest, (ExceptionRecord, Requirement?)) in
            guard let headCommit else { throw LedgerError.notFound("the ledger has no commits") }
            let revision = try Revision(repository: ledger.repository, commit: headCommit, spec: "HEAD")
            var r = try Self.existing(id, at: revision)
            if let day = r.closed {
                throw LedgerError.invalid("\(r.id) \(closed) (on \(day)): \(fix)")
            }
            let requirement = try revision.catalogs().requirement(qualifiedID: r.requirement)
            let summary = try change(&r, requirement.map(Self.cmmcName) ?? r.requirement)
            try Self.check(r)
            return (CommitRequest(action: action, summary: Self.summary(summary), body: message,
                                  trailers: [("Exception-Id", r.id), ("Requirement", r.requirement)],
                                  writes: [FileWrite(path: r.path, data: Data(CanonicalYAML.emit(r.recordValue).utf8))]), (r, requirement))
        }
        return WriteResult(record: record, requirement: requirement, commit: commit.commitID, warnings: [], notices: writer.notices)
    }

    // MARK: Helpers

    /// Resolves what the user typed to a requirement an exception may be recorded for, or refuses
    /// with the rule. Throws `LedgerError` `.notFound` (unknown) or `.invalidInput`.
    public static func resolve(_ text: String, catalogs: CatalogSet) throws -> Requirement {
        let requirement: Requirement
        switch catalogs.resolver.resolve(text) {
        case .success(let r): requirement = r
        case .failure(let e):
            let error = e.ledgerError
            throw LedgerError(error.kind, "\(error.message) ('evident framework show cmmc-l2' lists the requirements)")
        }
        if let rule = ExceptionRules.inapplicability(requirement.qualifiedID, name: name(requirement)) {
            throw LedgerError.invalid("\(rule). Nothing was written")
        }
        return requirement
    }

    /// One line of text as typed, trimmed and checked: 1 to `max` characters, no line break or
    /// control character (it becomes a commit summary, a table cell, a line of the SSP export).
    static func text(_ given: String, _ field: InputField, max: Int, what: String) throws -> String {
        let text = given.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw InputError.invalid("\(field: field) must not be empty: \(what)") }
        guard text.count <= max else { throw InputError.invalid("\(field: field) is longer than \(max) characters: shorten it") }
        try InputText.requireOneLine(text, field: field, hint: "one line of plain text")
        return text
    }

    /// A step as typed, its text checked. Throws `InputError` naming `action`.
    static func action(_ given: ExceptionRecord.Action) throws -> ExceptionRecord.Action {
        let text = given.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= ExceptionRecord.maxActionText else {
            throw InputError.invalid("\(field: .action) '\(given.date) \(given.text)': the text after the date must be 1 to \(ExceptionRecord.maxActionText) characters")
        }
        try InputText.requireOneLine(text, field: .action, hint: "one step of the plan")
        return ExceptionRecord.Action(date: given.date, text: text)
    }

    /// The commit message body: several lines are fine, control characters are not.
    static func message(_ given: String?) throws -> String? {
        guard let given else { return nil }
        let text = given.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" }) {
            throw InputError.invalid("\(field: .message) holds a control character: write it as plain text")
        }
        return text.isEmpty ? nil : text
    }

    /// The exception `id` at `revision`, or not found (exit 66) naming the closest ids.
    static func existing(_ id: String, at revision: Revision) throws -> ExceptionRecord {
        try revision.record(id, in: ExceptionRecord.folder, isValidID: ExceptionRecord.isValidID, ExceptionRecord.decode,
                            noun: "exception", nouns: "exceptions", list: "evident exception list")
    }

    /// Validates a record exactly as `evident validate` will read it back.
    static func check(_ r: ExceptionRecord) throws {
        let (checked, issues) = ExceptionRecord.decode(r.recordValue, file: r.path)
        guard checked != nil else { throw LedgerError.invalid(issues.map(\.description).joined(separator: "\n")) }
    }

    static func name(_ r: Requirement) -> String { PoamService.name(r) }

    static func cmmcName(_ r: Requirement) -> String { PoamService.cmmcName(r) }

    static func summary(_ s: String) -> String { PoamService.summary(s) }
}
