import Foundation
import GitStore
import LedgerCore

/// A control as it is being written: every field kept as a record value, so that whatever the
/// user typed reaches `ControlRecord.decode` and `check(against:)` unchanged, and the command line
/// refuses exactly what `evident validate` would find.
public struct ControlDraft: Sendable {
    /// The scalar fields in canonical order (`schema` first, `maps` and `attributes` after them).
    public static let scalarKeys = ["id", "title", "description", "owner", "status", "justification", "frequency", "evidence_valid_for"]
    /// The fields a user may change (`id` is the file name and never changes).
    public static let settableKeys = scalarKeys.filter { $0 != "id" }
    public static let requiredKeys: Set<String> = ["id", "title", "owner", "status", "frequency"]

    public var fields: [String: RecordValue]
    public var maps: [(catalog: String, requirements: [String])]
    public var attributes: [(key: String, value: RecordValue)]

    /// A new control: only its id, status planned.
    public init(id: String) {
        fields = ["id": .string(id), "status": .string("planned")]
        maps = []
        attributes = []
    }

    /// The draft of an existing record (every field as stored).
    public init(record: ControlRecord) {
        fields = [:]
        if case .map(let pairs) = record.recordValue {
            for (k, v) in pairs where Self.scalarKeys.contains(k) { fields[k] = v }
        }
        maps = record.maps
        attributes = record.attributes.map { ($0.key, .string($0.value)) }
    }

    public var id: String { fields["id"]?.stringValue ?? "" }
    public var path: String { "\(ControlRecord.folder)/\(id).yaml" }

    /// Sets an attribute (replacing its value), or removes it when `value` is nil.
    public mutating func setAttribute(_ key: String, _ value: RecordValue?) {
        if let value {
            if let i = attributes.firstIndex(where: { $0.key == key }) { attributes[i].value = value } else { attributes.append((key, value)) }
        } else {
            attributes.removeAll { $0.key == key }
        }
    }

    /// The record value in canonical key order; attributes in the order of
    /// `ControlRecord.scoringAttributes` (as Schemas/control.schema.json lists them), others after.
    public var value: RecordValue {
        var pairs: [(String, RecordValue)] = [("schema", .string(ControlRecord.schemaID))]
        for key in Self.scalarKeys { if let v = fields[key] { pairs.append((key, v)) } }
        pairs.append(("maps", .map(maps.map { ($0.catalog, .strings($0.requirements)) })))
        if !attributes.isEmpty {
            let order = ControlRecord.scoringAttributes.map(\.key)
            let sorted = attributes.enumerated().sorted {
                (order.firstIndex(of: $0.element.key) ?? order.count, $0.offset) < (order.firstIndex(of: $1.element.key) ?? order.count, $1.offset)
            }.map(\.element)
            pairs.append(("attributes", .map(sorted.map { ($0.key, $0.value) })))
        }
        return .map(pairs)
    }

    /// Maps with catalogs in the catalog set's order and requirements in each catalog's order
    /// (anything unknown after, as given: `check` reports it).
    public mutating func normalizeMaps(_ catalogs: CatalogSet) {
        let catalogOrder = catalogs.catalogs.map(\.id)
        var merged = [(catalog: String, requirements: [String])]()
        for m in maps {
            if let i = merged.firstIndex(where: { $0.catalog == m.catalog }) {
                for r in m.requirements where !merged[i].requirements.contains(r) { merged[i].requirements.append(r) }
            } else {
                merged.append(m)
            }
        }
        merged.removeAll { $0.requirements.isEmpty }
        maps = merged.enumerated().sorted {
            (catalogOrder.firstIndex(of: $0.element.catalog) ?? Int.max, $0.offset) < (catalogOrder.firstIndex(of: $1.element.catalog) ?? Int.max, $1.offset)
        }.map { entry in
            guard let catalog = catalogs.catalog(entry.element.catalog) else { return entry.element }
            let order = catalog.requirementIDs
            let reqs = entry.element.requirements.enumerated().sorted {
                (order.firstIndex(of: $0.element) ?? Int.max, $0.offset) < (order.firstIndex(of: $1.element) ?? Int.max, $1.offset)
            }.map(\.element)
            return (entry.element.catalog, reqs)
        }
    }

    /// Adds requirements (qualified by their catalog); returns the qualified ids that were new.
    @discardableResult
    public mutating func add(_ requirements: [Requirement]) -> [String] {
        var added = [String]()
        for r in requirements {
            if let i = maps.firstIndex(where: { $0.catalog == r.catalog }) {
                guard !maps[i].requirements.contains(r.id) else { continue }
                maps[i].requirements.append(r.id)
            } else {
                maps.append((r.catalog, [r.id]))
            }
            added.append(r.qualifiedID)
        }
        return added
    }

    /// Whether the draft maps this requirement.
    public func maps(_ r: Requirement) -> Bool {
        maps.contains { $0.catalog == r.catalog && $0.requirements.contains(r.id) }
    }

    /// Decodes and checks the record this draft would write: the only gate to a control file.
    public func validated(against catalogs: CatalogSet) -> (record: ControlRecord?, issues: [ValidationIssue]) {
        let (record, issues) = ControlRecord.decode(value, file: path)
        guard let record else { return (nil, issues) }
        // The SSP is never N/A (cmmc-rules.md §12.4): refused like any other invalid field.
        let problems = record.check(against: catalogs, file: path) + [CMMCRules.sspIssue(record, file: path)].compactMap { $0 }
        return problems.isEmpty ? (record, []) : (nil, problems)
    }
}

/// Shared pieces of the control commands: id checks, requirement resolution, framework names.
public enum Controls {
    /// Refuses a malformed control id (exit 65), suggesting a well-formed one.
    /// Throws `LedgerError` `.invalidInput`.
    public static func checkID(_ id: String, what: String = "control id") throws {
        guard ControlIDFormat.isValid(id) else {
            let hint = ControlIDFormat.suggestion(for: id).map { " (did you mean \($0)?)" } ?? ""
            throw LedgerError.invalid("'\(id)' is not a \(what): use upper-case words joined by hyphens, like IAM-MFA, at most \(ControlIDFormat.maxLength) characters\(hint)")
        }
    }

    /// The control `id` at `revision`, or exit 66 naming the closest ids.
    /// Throws `LedgerError` `.invalidInput` for a malformed id or a file that does not validate, `.notFound` when there is no such control.
    public static func existing(_ id: String, at revision: Revision) throws -> ControlRecord {
        try checkID(id)
        if let record = try revision.control(id: id) { return record }
        let ids = try revision.controlIDs()
        let close = closestMatches(id, in: ids, limit: 3)
        let hint = close.isEmpty ? "" : "; did you mean \(close.joined(separator: ", "))?"
        throw LedgerError.notFound("no control \(id) at \(revision.spec) (\(revision.commit.short))\(hint) ('evident control list' shows the controls; 'evident control add' creates one)")
    }

    /// Resolves requirement ids in any form the resolver accepts; every failure is reported.
    public static func resolve(_ texts: [String], with resolver: RequirementResolver) -> (requirements: [Requirement], problems: [String]) {
        var found = [Requirement]()
        var problems = [String]()
        for text in texts {
            switch resolver.resolve(text) {
            case .success(let r):
                if !found.contains(where: { $0.qualifiedID == r.qualifiedID }) { found.append(r) }
            case .failure(let e):
                problems.append(e.description)
            }
        }
        return (found, problems)
    }

    /// Resolves or throws (exit 65) naming every unknown requirement and its closest matches.
    /// Throws `LedgerError` `.invalidInput`.
    public static func requireAll(_ texts: [String], with resolver: RequirementResolver) throws -> [Requirement] {
        let (found, problems) = resolve(texts, with: resolver)
        guard problems.isEmpty else {
            throw LedgerError.invalid(problems.joined(separator: "\n") + "\n(nothing was written; 'evident framework show' lists the requirements of a catalog)")
        }
        return found
    }

    /// The catalog a framework name means: `cmmc-l1`, `cmmc-l2` (NIST SP 800-171 r2), `cmmc-l3`,
    /// `soc2`, or a catalog id or alias naming exactly one catalog of the set.
    public static func catalogID(forFramework name: String, in set: CatalogSet) -> String? {
        let key = name.lowercased()
        if let id = FrameworkScope.catalogID(forFramework: key), set.catalog(id) != nil { return id }
        if let c = set.catalogs.first(where: { $0.id.lowercased() == key }) { return c.id }
        let named = set.catalogs.filter { $0.aliases.contains { $0.lowercased() == key } }
        return named.count == 1 ? named[0].id : nil
    }

    /// Parses `KEY=VALUE`.
    public static func split(_ assignment: String) -> (key: String, value: String)? {
        guard let eq = assignment.firstIndex(of: "=") else { return nil }
        return (String(assignment[..<eq]).trimmingCharacters(in: .whitespaces), String(assignment[assignment.index(after: eq)...]))
    }

    /// The attribute a user key names (`mfa_scope`, `attributes.mfa_scope`, `attributes.x`), or nil.
    public static func attributeKey(_ key: String) -> String? {
        let k = key.replacingOccurrences(of: "-", with: "_")
        if k.hasPrefix("attributes.") { return String(k.dropFirst("attributes.".count)) }
        if ControlRecord.scoringAttributes.contains(where: { $0.key == k }) { return k }
        return nil
    }

    /// Turns validation issues into one refusal (exit 65).
    static func refusal(_ what: String, _ issues: [ValidationIssue]) -> LedgerError {
        LedgerError.invalid("\(what): nothing was written\n" + issues.map { "  \($0)" }.joined(separator: "\n"))
    }

    /// Names of the top-level fields that differ between two records.
    public static func changedFields(_ old: ControlRecord, _ new: ControlRecord) -> [String] {
        guard case .map(let a) = old.recordValue, case .map(let b) = new.recordValue else { return [] }
        var keys = [String]()
        for (k, _) in a + b where !keys.contains(k) { keys.append(k) }
        return keys.filter { k in a.first { $0.0 == k }?.1 != b.first { $0.0 == k }?.1 }
    }

    static func summary(_ s: String) -> String { s.count > 100 ? String(s.prefix(97)) + "..." : s }

    static func data(_ record: ControlRecord) -> Data { Data(CanonicalYAML.emit(record.recordValue).utf8) }
}

/// Thrown inside a commit closure when the write would change nothing; no commit is made.
struct NothingToWrite: Error {
    let record: ControlRecord?
}

/// `evident control add|set|map|unmap`: each builds the record it would write from HEAD (under the
/// writer lock), validates it with `ControlRecord.decode` + `check(against:)` and the catalogs
/// pinned at HEAD, and makes one commit (or none, when nothing changes).
public struct ControlService {
    public struct AddOptions: Sendable {
        public var id: String
        public var title: String
        public var owner: String
        public var frequency: ControlFrequency
        public var status: ControlStatus
        public var justification: String?
        public var maps: [String]
        public var attributes: [String]
        public var description: String?
        public var evidenceValidFor: ISODuration?

        public init(id: String, title: String, owner: String, frequency: ControlFrequency, status: ControlStatus = .planned, justification: String? = nil,
                    maps: [String] = [], attributes: [String] = [], description: String? = nil, evidenceValidFor: ISODuration? = nil) {
            self.id = id
            self.title = title
            self.owner = owner
            self.frequency = frequency
            self.status = status
            self.justification = justification
            self.maps = maps
            self.attributes = attributes
            self.description = description
            self.evidenceValidFor = evidenceValidFor
        }
    }

    public struct Result: Sendable {
        public let record: ControlRecord
        /// nil when nothing changed (no commit was made).
        public let commit: CommitID?
        /// What changed: field names (set), qualified requirement ids (map, unmap).
        public let changes: [String]
        public let notices: [String]
    }

    let ledger: LedgerRepository
    let environment: RunEnvironment

    public init(ledger: LedgerRepository, environment: RunEnvironment) {
        self.ledger = ledger
        self.environment = environment
    }

    /// Runs one write; `prepare` gets the revision at HEAD and returns the request (or throws NothingToWrite).
    private func write(_ action: String, _ prepare: (Revision) throws -> (CommitRequest, ControlRecord, [String])) throws -> Result {
        let author = try Identity.resolve(ledger.repository, environment: environment)
        let writer = LedgerWriter(ledger: ledger, environment: environment)
        do {
            let (commit, outcome) = try writer.commitReturning(action: action, author: author) { head -> (CommitRequest, (ControlRecord, [String])) in
                guard let head else { throw LedgerError.notFound("the ledger has no commits: run 'evident init'") }
                let revision = try Revision(repository: ledger.repository, commit: head, spec: "HEAD")
                let (request, record, changes) = try prepare(revision)
                return (request, (record, changes))
            }
            return Result(record: outcome.0, commit: commit.commitID, changes: outcome.1, notices: writer.notices)
        } catch let nothing as NothingToWrite {
            guard let record = nothing.record else { throw LedgerError(.failure, "\(action): nothing to write and no record to show") }
            return Result(record: record, commit: nil, changes: [], notices: writer.notices)
        }
    }

    private static let trimSet = CharacterSet.whitespacesAndNewlines

    /// Parses `--attribute KEY=VALUE` options (exit 64 on bad syntax, 65 on a repeated key).
    static func parseAttributes(_ list: [String], option: InputField) throws -> [(String, String)] {
        var out = [(String, String)]()
        for a in list {
            guard let (k, v) = Controls.split(a), !k.isEmpty else {
                throw InputError.usage("\(field: option) '\(a)' must be KEY=VALUE (mfa_scope=all, encryption=fips_validated)")
            }
            let key = Controls.attributeKey(k) ?? k.replacingOccurrences(of: "-", with: "_")
            guard !out.contains(where: { $0.0 == key }) else { throw InputError.invalid("\(field: option) \(key) is given twice: give each attribute once") }
            out.append((key, v.trimmingCharacters(in: trimSet)))
        }
        return out
    }

    // MARK: add

    /// Throws `LedgerError` `.invalidInput` for a bad id or field or an existing control, `InputError`
    /// for a bad `attribute`, `.busy` when another writer holds the ledger, `.failure` when the commit
    /// cannot be written.
    public func add(_ o: AddOptions) throws -> Result {
        try Controls.checkID(o.id)
        let attributes = try Self.parseAttributes(o.attributes, option: .attribute)
        return try write("control-add") { revision in
            let path = "\(ControlRecord.folder)/\(o.id).yaml"
            if try revision.file(path) != nil {
                throw LedgerError.invalid("control \(o.id) already exists (\(path)): change it with 'evident control set \(o.id) KEY=VALUE' or 'evident control map \(o.id) REQ'; nothing was written")
            }
            let catalogs = try revision.catalogs()
            let requirements = try Controls.requireAll(o.maps, with: catalogs.resolver)
            var draft = ControlDraft(id: o.id)
            try InputText.requireOneLine(o.title.trimmingCharacters(in: Self.trimSet), field: .title, hint: "it becomes the commit summary and the control's name in every list")
            draft.fields["title"] = .string(o.title.trimmingCharacters(in: Self.trimSet))
            draft.fields["owner"] = .string(o.owner.trimmingCharacters(in: Self.trimSet))
            draft.fields["status"] = .string(o.status.rawValue)
            draft.fields["frequency"] = .string(o.frequency.rawValue)
            if let d = o.description { draft.fields["description"] = .string(d) }
            if let j = o.justification { draft.fields["justification"] = .string(j.trimmingCharacters(in: Self.trimSet)) }
            if let e = o.evidenceValidFor { draft.fields["evidence_valid_for"] = .string(e.description) }
            draft.add(requirements)
            draft.normalizeMaps(catalogs)
            for (k, v) in attributes { draft.setAttribute(k, .string(v)) }
            let (record, issues) = draft.validated(against: catalogs)
            guard let record else { throw Controls.refusal("cannot add control \(o.id)", issues) }
            let mapped = record.qualifiedRequirements
            var trailers = [("Control-Id", record.id)]
            if !mapped.isEmpty { trailers.append(("Requirements", mapped.joined(separator: ", "))) }
            let request = CommitRequest(action: "control-add", summary: Controls.summary("Add control \(record.id): \(record.title)"),
                                        body: mapped.isEmpty ? nil : "Maps \(mapped.joined(separator: ", ")).",
                                        trailers: trailers, writes: [FileWrite(path: record.path, data: Controls.data(record))])
            return (request, record, mapped)
        }
    }

    // MARK: set

    /// `KEY=VALUE` assignments: an empty value removes an optional field or attribute.
    /// Throws `LedgerError` `.notFound` for an unknown control, `.usage` or `.invalidInput` for a bad
    /// assignment, `.busy` when another writer holds the ledger, `.failure` when the commit cannot be
    /// written.
    public func set(id: String, assignments: [String]) throws -> Result {
        try Controls.checkID(id)
        guard !assignments.isEmpty else {
            throw LedgerError.usage("give at least one KEY=VALUE (keys: \(ControlDraft.settableKeys.joined(separator: ", ")), mfa_scope, encryption)")
        }
        enum Change { case field(String, String), attribute(String, String) }
        var changes = [Change]()
        var seen = Set<String>()
        for a in assignments {
            guard let (rawKey, rawValue) = Controls.split(a), !rawKey.isEmpty else {
                throw LedgerError.usage("'\(a)' is not KEY=VALUE (for example status=implemented, or description= to remove the description)")
            }
            let value = rawValue.trimmingCharacters(in: Self.trimSet)
            let key = rawKey.lowercased().replacingOccurrences(of: "-", with: "_")
            let change: Change
            if let attribute = Controls.attributeKey(key) {
                change = .attribute(attribute, value)
            } else if ControlDraft.settableKeys.contains(key) {
                change = .field(key, value)
            } else if key == "id" {
                throw LedgerError.usage("the id of a control is its file name and cannot be changed: add a new control and move the evidence instead")
            } else if key == "maps" {
                throw LedgerError.usage("change the requirements with 'evident control map \(id) REQ...' and 'evident control unmap \(id) REQ...'")
            } else {
                let hint = closestMatches(key, in: ControlDraft.settableKeys + ControlRecord.scoringAttributes.map(\.key), limit: 2)
                throw LedgerError.usage("'\(rawKey)' is not a field of a control (\(ControlDraft.settableKeys.joined(separator: ", ")), mfa_scope, encryption)"
                    + (hint.isEmpty ? "" : "; did you mean \(hint.joined(separator: ", "))?"))
            }
            let name: String
            switch change { case .field(let k, _): name = k; case .attribute(let k, _): name = "attributes." + k }
            guard seen.insert(name).inserted else { throw LedgerError.usage("\(name) is given twice: give each key once") }
            changes.append(change)
        }
        return try write("control-set") { revision in
            let old = try Controls.existing(id, at: revision)
            let catalogs = try revision.catalogs()
            var draft = ControlDraft(record: old)
            for c in changes {
                switch c {
                case let .field(k, v):
                    // An empty value removes an optional field; a required one stays empty and is refused.
                    draft.fields[k] = v.isEmpty && !ControlDraft.requiredKeys.contains(k) ? nil : .string(v)
                case let .attribute(k, v):
                    draft.setAttribute(k, v.isEmpty ? nil : .string(v))
                }
            }
            let (record, issues) = draft.validated(against: catalogs)
            guard let record else { throw Controls.refusal("cannot change control \(id)", issues) }
            let changed = Controls.changedFields(old, record)
            guard !changed.isEmpty else { throw NothingToWrite(record: record) }
            let request = CommitRequest(action: "control-set", summary: Controls.summary("Update control \(id): \(changed.joined(separator: ", "))"),
                                        trailers: [("Control-Id", id)], writes: [FileWrite(path: record.path, data: Controls.data(record))])
            return (request, record, changed)
        }
    }

    // MARK: map, unmap

    /// Throws `LedgerError` `.notFound` for an unknown control, `.invalidInput` for an unknown
    /// requirement, `.busy` when another writer holds the ledger, `.failure` when the commit cannot be
    /// written.
    public func map(id: String, requirements texts: [String]) throws -> Result {
        try Controls.checkID(id)
        guard !texts.isEmpty else { throw LedgerError.usage("name at least one requirement to map (3.5.3, IA.L2-3.5.3, CC6.1, soc2:CC6.1)") }
        return try write("control-map") { revision in
            let old = try Controls.existing(id, at: revision)
            let catalogs = try revision.catalogs()
            let requirements = try Controls.requireAll(texts, with: catalogs.resolver)
            var draft = ControlDraft(record: old)
            let added = draft.add(requirements)
            draft.normalizeMaps(catalogs)
            let (record, issues) = draft.validated(against: catalogs)
            guard let record else { throw Controls.refusal("cannot map control \(id)", issues) }
            guard !added.isEmpty else { throw NothingToWrite(record: record) }
            let request = CommitRequest(action: "control-map", summary: Controls.summary("Map control \(id) to \(added.joined(separator: ", "))"),
                                        trailers: [("Control-Id", id), ("Requirements", added.joined(separator: ", "))],
                                        writes: [FileWrite(path: record.path, data: Controls.data(record))])
            return (request, record, added)
        }
    }

    /// Throws `LedgerError` `.notFound` for an unknown control, `.invalidInput` for a requirement it
    /// does not map, `.busy` when another writer holds the ledger, `.failure` when the commit cannot be
    /// written.
    public func unmap(id: String, requirements texts: [String]) throws -> Result {
        try Controls.checkID(id)
        guard !texts.isEmpty else { throw LedgerError.usage("name at least one requirement to unmap") }
        return try write("control-unmap") { revision in
            let old = try Controls.existing(id, at: revision)
            let catalogs = try revision.catalogs()
            let requirements = try Controls.requireAll(texts, with: catalogs.resolver)
            var draft = ControlDraft(record: old)
            let notMapped = requirements.filter { !draft.maps($0) }
            guard notMapped.isEmpty else {
                let maps = old.qualifiedRequirements
                throw LedgerError.invalid("control \(id) does not map \(notMapped.map(\.qualifiedID).joined(separator: ", ")) (it maps \(maps.isEmpty ? "nothing" : maps.joined(separator: ", "))); nothing was written")
            }
            for r in requirements {
                if let i = draft.maps.firstIndex(where: { $0.catalog == r.catalog }) { draft.maps[i].requirements.removeAll { $0 == r.id } }
            }
            draft.normalizeMaps(catalogs)
            // An attribute whose requirement goes away would be orphaned: say which, and how to proceed.
            let remaining = Set(draft.maps.flatMap { m in m.requirements.map { "\(m.catalog):\($0)" } })
            let orphaned = ControlRecord.scoringAttributes.filter { rule in
                old.attribute(rule.key) != nil && !remaining.contains(rule.requirement)
            }
            if !orphaned.isEmpty {
                let lines = orphaned.map { "attribute \($0.key)=\(old.attribute($0.key) ?? "") belongs to \($0.requirement) and would be left without it" }
                let fix = orphaned.map { "\($0.key)=" }.joined(separator: " ")
                throw LedgerError.invalid("cannot unmap from control \(id): \(lines.joined(separator: "; ")); remove it first with 'evident control set \(id) \(fix)'; nothing was written")
            }
            let (record, issues) = draft.validated(against: catalogs)
            guard let record else { throw Controls.refusal("cannot unmap from control \(id)", issues) }
            let removed = requirements.map(\.qualifiedID)
            let request = CommitRequest(action: "control-unmap", summary: Controls.summary("Unmap control \(id) from \(removed.joined(separator: ", "))"),
                                        trailers: [("Control-Id", id), ("Requirements", removed.joined(separator: ", "))],
                                        writes: [FileWrite(path: record.path, data: Controls.data(record))])
            return (request, record, removed)
        }
    }

    // MARK: reading

    /// One control at HEAD with the requirements it serves and the evidence naming it.
    public struct Detail {
        public let record: ControlRecord
        public let requirements: [Requirement]
        /// Mapped ids that the catalogs do not know (the record does not validate).
        public let unknownRequirements: [String]
        public let catalogs: CatalogSet
        public let evidence: [EvidenceRecord]
        public let revision: Revision
    }

    /// Throws `LedgerError` `.notFound` for an unknown control, `.invalidInput` when its file does not
    /// validate.
    public func show(id: String) throws -> Detail {
        try Controls.checkID(id)
        let revision = try ledger.resolve("HEAD")
        let record = try Controls.existing(id, at: revision)
        let catalogs = try revision.catalogs()
        var requirements = [Requirement]()
        var unknown = [String]()
        for q in record.qualifiedRequirements {
            if let r = catalogs.requirement(qualifiedID: q) { requirements.append(r) } else { unknown.append(q) }
        }
        let evidence = try revision.evidence().records.filter { $0.controls.contains(id) }
            .sorted { ($0.collectedAt, $0.id) > ($1.collectedAt, $1.id) }
        return Detail(record: record, requirements: requirements, unknownRequirements: unknown, catalogs: catalogs, evidence: evidence, revision: revision)
    }

    public struct Listing {
        public let records: [ControlRecord]
        public let issues: [ValidationIssue]
        public let catalogs: CatalogSet
        /// The catalog `--framework` named.
        public let catalog: String?
        public let revision: Revision
    }

    /// Controls at HEAD, filtered: `framework` keeps controls mapping a requirement of that
    /// framework (with `unmapped`: those mapping none of it); `unmapped` alone keeps controls mapping nothing.
    /// Throws `LedgerError` `.notFound` for an unknown
    /// framework.
    public func list(framework: String?, status: ControlStatus?, unmapped: Bool) throws -> Listing {
        let revision = try ledger.resolve("HEAD")
        let catalogs = try revision.catalogs()
        var catalog: String?
        if let framework {
            guard let c = Controls.catalogID(forFramework: framework, in: catalogs) else {
                let names = FrameworkScope.ids + catalogs.catalogs.map(\.id).filter { !FrameworkScope.ids.contains($0) }
                let hint = closestMatches(framework, in: names, limit: 3)
                throw LedgerError.notFound("unknown framework or catalog '\(framework)': use one of \(names.joined(separator: ", "))"
                    + (hint.isEmpty ? "" : " (closest: \(hint.joined(separator: ", ")))"))
            }
            catalog = c
        }
        var (records, issues) = try revision.controls(catalogs: catalogs)
        if let status { records = records.filter { $0.status == status.rawValue } }
        if let catalog {
            records = records.filter { r in
                let serves = r.maps.contains { $0.catalog == catalog && !$0.requirements.isEmpty }
                return unmapped ? !serves : serves
            }
        } else if unmapped {
            records = records.filter { $0.qualifiedRequirements.isEmpty }
        }
        records.sort { $0.id < $1.id }
        return Listing(records: records, issues: issues, catalogs: catalogs, catalog: catalog, revision: revision)
    }
}
