import Foundation
import GitStore
import LedgerCore

/// `evident control import FILE`: loads many controls from CSV or YAML in one commit, all or
/// nothing. Every row becomes the record it would write (new controls from scratch, existing ones
/// from HEAD with the row's fields applied), each checked with `ControlRecord.decode` +
/// `check(against:)`; one bad row refuses the whole file, and every bad row is reported.
///
/// CSV: a header row naming the fields (at least `id,title,owner,frequency,maps`; optionally
/// `status`, `justification`, `description`, `evidence_valid_for`, `attributes`). `maps` holds
/// requirement ids in any form separated by `;`, `attributes` holds `key=value;key=value`. A column
/// in the header sets that field on every row: an empty cell removes an optional field (an empty
/// `status` keeps the current status, `planned` for a new control); fields without a column keep
/// their current value.
///
/// YAML: a list of mappings with the record's field names; `maps` may be a list of requirement ids
/// in any form (or the record's catalog -> ids mapping), `attributes` a mapping. Fields left out keep
/// their current value; an optional field given as null is removed.
public struct ControlImportService {
    public static let csvRequired = ["id", "title", "owner", "frequency", "maps"]
    public static let csvOptional = ["status", "justification", "description", "evidence_valid_for", "attributes"]
    public static let maxBytes = 16 << 20

    /// One problem of one row: the row number (CSV: as a spreadsheet counts, header = 1; YAML: the
    /// position in the list, from 1), the field and what is wrong.
    public struct Problem: Sendable, CustomStringConvertible {
        public let row: Int
        public let id: String?
        public let field: String
        public let problem: String

        public var description: String {
            "row \(row)\(id.map { " (\($0))" } ?? ""): \(field.isEmpty ? "" : field + ": ")\(problem)"
        }
    }

    public struct Outcome: Sendable {
        public let added: [ControlRecord]
        public let changed: [(record: ControlRecord, fields: [String])]
        public let unchanged: [ControlRecord]
        /// nil when nothing was added or changed (no commit was made).
        public let commit: CommitID?
        public let notices: [String]
    }

    /// A row as read from the file, before anything is resolved.
    struct Row {
        var number: Int
        var id: RecordValue?
        /// Scalar fields the row sets; `.null` removes an optional field.
        var fields: [String: RecordValue] = [:]
        /// Requirement ids in user form, when the row sets `maps`.
        var maps: [String]?
        /// Attributes, when the row sets them (replacing all of them).
        var attributes: [(String, RecordValue)]?
        var problems: [(field: String, problem: String)] = []
        /// The row is not a mapping of fields at all (YAML): nothing else is reported for it.
        var notAMapping = false
    }

    let ledger: LedgerRepository
    let environment: RunEnvironment

    public init(ledger: LedgerRepository, environment: RunEnvironment) {
        self.ledger = ledger
        self.environment = environment
    }

    /// Throws `LedgerError` `.notFound` for a missing file, `.invalidInput` listing every bad row
    /// (nothing is written), `.busy` when another writer holds the ledger, `.failure` when the commit
    /// cannot be written.
    public func run(file: String) throws -> Outcome {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDir) else {
            throw LedgerError.notFound("\(file): no such file; check the path")
        }
        guard !isDir.boolValue else { throw LedgerError.invalid("\(file) is a directory: give a .csv or .yaml file") }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw LedgerError.notFound("\(file): cannot be read; check its permissions")
        }
        guard data.count <= Self.maxBytes else { throw LedgerError.invalid("\(file) is larger than \(Self.maxBytes) bytes: split it") }
        guard let text = String(data: data, encoding: .utf8) else { throw LedgerError.invalid("\(file) is not UTF-8 text") }
        let name = (file as NSString).lastPathComponent
        let rows = try Self.isYAML(file: file, text: text) ? Self.yamlRows(text, file: name) : Self.csvRows(text, file: name)
        guard !rows.isEmpty else { throw LedgerError.invalid("\(name) holds no controls: nothing to import") }

        let author = try Identity.resolve(ledger.repository, environment: environment)
        let writer = LedgerWriter(ledger: ledger, environment: environment)
        var added = [ControlRecord]()
        var changed = [(record: ControlRecord, fields: [String])]()
        var unchanged = [ControlRecord]()
        do {
            let commit = try writer.commit(action: "control-import", author: author) { head in
                guard let head else { throw LedgerError.notFound("the ledger has no commits: run 'evident init'") }
                let revision = try Revision(repository: ledger.repository, commit: head, spec: "HEAD")
                let catalogs = try revision.catalogs()
                let resolver = catalogs.resolver
                let existingIDs = Set(try revision.controlIDs())
                var problems = [Problem]()
                var firstRow = [String: Int]()
                var writes = [FileWrite]()
                for row in rows {
                    var rowProblems = row.problems
                    var id: String?
                    switch row.id {
                    case .string(let s)? where !s.trimmingCharacters(in: .whitespaces).isEmpty:
                        let s = s.trimmingCharacters(in: .whitespaces)
                        if !ControlIDFormat.isValid(s) {
                            let hint = ControlIDFormat.suggestion(for: s).map { " (did you mean \($0)?)" } ?? ""
                            rowProblems.append(("id", "'\(s)' is not a control id: use upper-case words joined by hyphens, like IAM-MFA\(hint)"))
                        } else if let first = firstRow[s] {
                            rowProblems.append(("id", "\(s) is already imported by row \(first): give each control once"))
                        } else {
                            firstRow[s] = row.number
                            id = s
                        }
                    case nil, .null?, .string?:
                        rowProblems.append(("id", "is required"))
                    case let v?:
                        rowProblems.append(("id", "must be a control id, found \(v.kindDescription)"))
                    }
                    var old: ControlRecord?
                    var brokenExisting = false
                    if let id, existingIDs.contains(id) {
                        do {
                            old = try revision.control(id: id)
                        } catch let e as LedgerError {
                            brokenExisting = true
                            rowProblems.append(("", "the current \(ControlRecord.folder)/\(id).yaml does not validate, fix it first: \(e.message)"))
                        }
                    }
                    var requirements = [Requirement]()
                    if let maps = row.maps {
                        let (found, failures) = Controls.resolve(maps, with: resolver)
                        requirements = found
                        rowProblems += failures.map { ("maps", $0) }
                    }
                    if row.notAMapping || brokenExisting {
                        problems += rowProblems.map { Problem(row: row.number, id: row.id?.stringValue, field: $0.field, problem: $0.problem) }
                        continue
                    }
                    // Even a row already known to be bad is checked field by field, so that every
                    // problem of the file is reported at once (a bad id is replaced by a stand-in).
                    var draft = old.map(ControlDraft.init(record:)) ?? ControlDraft(id: id ?? "ROW")
                    for (k, v) in row.fields {
                        if case .null = v, !ControlDraft.requiredKeys.contains(k) { draft.fields[k] = nil } else { draft.fields[k] = v }
                    }
                    if row.maps != nil {
                        draft.maps = []
                        draft.add(requirements)
                        draft.normalizeMaps(catalogs)
                    }
                    if let attributes = row.attributes { draft.attributes = attributes.map { ($0.0, $0.1) } }
                    let (checked, issues) = draft.validated(against: catalogs)
                    rowProblems += issues.filter { id != nil || $0.field != "id" }.map { ($0.field, $0.problem) }
                    guard id != nil, let record = checked, rowProblems.isEmpty else {
                        problems += rowProblems.map { Problem(row: row.number, id: id ?? row.id?.stringValue, field: $0.field, problem: $0.problem) }
                        continue
                    }
                    if let old {
                        let fields = Controls.changedFields(old, record)
                        if fields.isEmpty {
                            unchanged.append(record)
                        } else {
                            changed.append((record, fields))
                            writes.append(FileWrite(path: record.path, data: Controls.data(record)))
                        }
                    } else {
                        added.append(record)
                        writes.append(FileWrite(path: record.path, data: Controls.data(record)))
                    }
                }
                guard problems.isEmpty else {
                    let bad = Set(problems.map(\.row)).count
                    throw LedgerError.invalid("""
                    \(name): \(bad) bad row\(bad == 1 ? "" : "s") of \(rows.count); nothing was imported or written:
                    \(problems.map { "  \(name): \($0)" }.joined(separator: "\n"))
                    """)
                }
                guard !writes.isEmpty else { throw NothingToWrite(record: nil) }
                let ids = writes.map { String(($0.path as NSString).lastPathComponent.dropLast(5)) }
                var body = added.map { "added \($0.id): \($0.title)" }
                body += changed.map { "changed \($0.record.id): \($0.fields.joined(separator: ", "))" }
                if !unchanged.isEmpty { body.append("unchanged: \(unchanged.map(\.id).joined(separator: ", "))") }
                return CommitRequest(
                    action: "control-import",
                    summary: Controls.summary("Import controls from \(name): \(added.count) added, \(changed.count) changed"),
                    body: body.joined(separator: "\n"),
                    trailers: [("Control-Id", ids.joined(separator: ", "))],
                    writes: writes)
            }
            return Outcome(added: added, changed: changed, unchanged: unchanged, commit: commit.commitID, notices: writer.notices)
        } catch is NothingToWrite {
            return Outcome(added: [], changed: [], unchanged: unchanged, commit: nil, notices: writer.notices)
        }
    }

    // MARK: reading the file

    static func isYAML(file: String, text: String) -> Bool {
        let ext = (file as NSString).pathExtension.lowercased()
        if ext == "csv" { return false }
        if ext == "yaml" || ext == "yml" { return true }
        let first = text.split(whereSeparator: \.isNewline).first { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("#") }
        return first.map { $0.hasPrefix("-") || $0.hasPrefix("---") } ?? false
    }

    static func normalizedKey(_ s: String) -> String {
        s.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
    }

    /// `a;b; c` -> [a, b, c] (empty parts dropped).
    static func cellList(_ s: String) -> [String] {
        s.split(separator: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// `key=value;key=value` -> attributes, or the problem.
    static func attributeList(_ s: String) -> ([(String, RecordValue)], String?) {
        var out = [(String, RecordValue)]()
        for part in cellList(s) {
            guard let (k, v) = Controls.split(part), !k.isEmpty else {
                return (out, "'\(part)' is not key=value (write mfa_scope=all;encryption=fips_validated)")
            }
            let key = Controls.attributeKey(k) ?? normalizedKey(k)
            if out.contains(where: { $0.0 == key }) { return (out, "\(key) is given twice") }
            out.append((key, .string(v.trimmingCharacters(in: .whitespaces))))
        }
        return (out, nil)
    }

    static func csvRows(_ text: String, file: String) throws -> [Row] {
        let table: [[String]]
        do { table = try CSVReader.rows(text) } catch {
            throw LedgerError.invalid("\(file): \(error.description); nothing was imported or written")
        }
        guard let header = table.first else { return [] }
        let columns = header.map(normalizedKey)
        var headerProblems = [String]()
        let known = csvRequired + csvOptional
        for (i, c) in columns.enumerated() where !known.contains(c) {
            let hint = closestMatches(c, in: known, limit: 2)
            headerProblems.append("column \(i + 1) '\(header[i])' is not a control field (\(known.joined(separator: ", ")))" + (hint.isEmpty ? "" : "; did you mean \(hint.joined(separator: ", "))?"))
        }
        for c in Set(columns) where columns.filter({ $0 == c }).count > 1 { headerProblems.append("column '\(c)' appears twice") }
        for c in csvRequired where !columns.contains(c) { headerProblems.append("column '\(c)' is missing (required: \(csvRequired.joined(separator: ", ")))") }
        guard headerProblems.isEmpty else {
            throw LedgerError.invalid("\(file): the header row is not usable; nothing was imported or written:\n" + headerProblems.map { "  \(file): row 1: \($0)" }.joined(separator: "\n"))
        }
        var rows = [Row]()
        for (n, cells) in table.dropFirst().enumerated() {
            var row = Row(number: n + 2)
            guard cells.count == columns.count else {
                row.problems.append(("", "has \(cells.count) cells, the header has \(columns.count) (quote cells that contain commas)"))
                if let i = columns.firstIndex(of: "id"), i < cells.count { row.id = .string(cells[i].trimmingCharacters(in: .whitespaces)) }
                row.notAMapping = true
                rows.append(row)
                continue
            }
            for (column, raw) in zip(columns, cells) {
                let cell = raw.trimmingCharacters(in: .whitespacesAndNewlines)
                switch column {
                case "id": row.id = .string(cell)
                case "maps": row.maps = cellList(cell)
                case "attributes":
                    let (attributes, problem) = attributeList(cell)
                    if let problem { row.problems.append(("attributes", problem)) } else { row.attributes = attributes }
                case "status":
                    if !cell.isEmpty { row.fields["status"] = .string(cell) }
                case "description":
                    // Kept as written (multi-line text allowed); empty removes it.
                    row.fields["description"] = cell.isEmpty ? .null : .string(raw)
                default:
                    row.fields[column] = cell.isEmpty && !ControlDraft.requiredKeys.contains(column) ? .null : .string(cell)
                }
            }
            rows.append(row)
        }
        return rows
    }

    static func yamlRows(_ text: String, file: String) throws -> [Row] {
        let value: RecordValue
        do { value = try YAMLReader.parse(text, file: file) } catch let e as LedgerError {
            throw LedgerError.invalid(e.message + "; nothing was imported or written")
        }
        guard let items = value.listValue else {
            throw LedgerError.invalid("\(file): must be a list of controls (each item a mapping with id, title, owner, frequency, maps ...), found \(value.kindDescription)")
        }
        let known = ["schema"] + ControlDraft.scalarKeys + ["maps", "attributes"]
        var rows = [Row]()
        for (n, item) in items.enumerated() {
            var row = Row(number: n + 1)
            guard let pairs = item.mapPairs else {
                row.problems.append(("", "must be a mapping of control fields, found \(item.kindDescription)"))
                row.notAMapping = true
                rows.append(row)
                continue
            }
            for (key, v) in pairs {
                switch key {
                case "schema":
                    if v.stringValue != ControlRecord.schemaID { row.problems.append(("schema", "must be \(ControlRecord.schemaID) (or left out)")) }
                case "id": row.id = v
                case "maps":
                    switch v {
                    case .list(let list):
                        var reqs = [String]()
                        for (i, r) in list.enumerated() {
                            if let s = r.stringValue { reqs.append(s) } else { row.problems.append(("maps[\(i)]", "must be a requirement id, found \(r.kindDescription)")) }
                        }
                        row.maps = reqs
                    case .map(let byCatalog):
                        var reqs = [String]()
                        for (catalog, list) in byCatalog {
                            let entries = list.listValue ?? [list]
                            for (i, r) in entries.enumerated() {
                                if let s = r.stringValue { reqs.append(s.contains(":") ? s : "\(catalog):\(s)") } else {
                                    row.problems.append(("maps.\(catalog)[\(i)]", "must be a requirement id, found \(r.kindDescription)"))
                                }
                            }
                        }
                        row.maps = reqs
                    case .string(let s): row.maps = cellList(s)
                    case .null: row.maps = []
                    default: row.problems.append(("maps", "must be a list of requirement ids, found \(v.kindDescription)"))
                    }
                case "attributes":
                    switch v {
                    case .map(let pairs): row.attributes = pairs.map { (Controls.attributeKey($0.0) ?? $0.0, $0.1) }
                    case .string(let s):
                        let (attributes, problem) = attributeList(s)
                        if let problem { row.problems.append(("attributes", problem)) } else { row.attributes = attributes }
                    case .null: row.attributes = []
                    default: row.problems.append(("attributes", "must be a mapping such as {mfa_scope: all}, found \(v.kindDescription)"))
                    }
                default:
                    guard known.contains(key) else {
                        let hint = closestMatches(key, in: known, limit: 2)
                        row.problems.append((key, "is not a control field" + (hint.isEmpty ? "" : "; did you mean \(hint.joined(separator: ", "))?")))
                        continue
                    }
                    if case .string(let s) = v, key != "description" {
                        row.fields[key] = .string(s.trimmingCharacters(in: .whitespacesAndNewlines))
                    } else {
                        row.fields[key] = v
                    }
                }
            }
            rows.append(row)
        }
        return rows
    }
}
