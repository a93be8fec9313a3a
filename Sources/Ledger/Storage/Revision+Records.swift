import Foundation
import GitStore
import LedgerCore

extension Revision {
    /// `<folder>/*.yaml` files with their blob ids (one level, no subfolders).
    func recordFiles(in folder: String) throws -> [(path: String, id: ObjectID)] {
        guard let dir = try wrap("reading \(folder)", { try repository.entry(at: folder, inTree: tree) }), dir.isTree else { return [] }
        return try wrap("reading \(folder)") { try repository.tree(dir.id) }
            .filter { !$0.isTree && $0.name.hasSuffix(".yaml") }
            .map { ("\(folder)/\($0.name)", $0.id) }
    }

    /// Decodes every record of one folder; records that do not validate come back as issues.
    func records<T>(in folder: String, _ decode: (RecordValue, String) -> (T?, [ValidationIssue])) throws -> (records: [T], issues: [ValidationIssue]) {
        let files = try recordFiles(in: folder)
        let blobs = try wrap("reading \(folder)") { try repository.blobs(files.map(\.id)) }
        var records = [T]()
        var issues = [ValidationIssue]()
        for (file, data) in zip(files, blobs) {
            do {
                let (record, found) = decode(try YAMLReader.parse(data, file: file.path), file.path)
                if let record { records.append(record) }
                issues += found
            } catch let e as LedgerError {
                issues.append(ValidationIssue(file: file.path, field: "", problem: e.message.replacingOccurrences(of: file.path + ": ", with: "")))
            }
        }
        return (records, issues)
    }

    /// The record `id` of one folder (`<folder>/<ID>.yaml`, the id matched in any case), or not
    /// found (exit 66) naming the closest ids; a record that does not decode is bad input (65).
    /// `noun` and `nouns` word the messages ("POA&M item", "POA&M items"), `list` is the command
    /// that lists them.
    func record<T>(_ id: String, in folder: String, isValidID: (String) -> Bool, _ decode: (RecordValue, String) -> (T?, [ValidationIssue]),
                   noun: String, nouns: String, list: String) throws -> T {
        let files = try recordFiles(in: folder)
        let ids = files.map { String(($0.path as NSString).lastPathComponent.dropLast(5)) }.sorted()
        let wanted = id.uppercased()
        guard isValidID(wanted), let file = files.first(where: { $0.path == "\(folder)/\(wanted).yaml" }) else {
            var hint = ""
            if ids.isEmpty {
                hint = "; the ledger has no \(nouns) yet"
            } else {
                let close = closestMatches(id, in: ids, limit: 3)
                hint = close.isEmpty ? "; the \(nouns) are \(ids.suffix(5).joined(separator: ", "))" : "; closest: \(close.joined(separator: ", "))"
            }
            throw LedgerError.notFound("no \(noun) \(id) at HEAD (\(commit.short))\(hint) ('\(list)' shows them)")
        }
        let data = try wrap("reading \(file.path)") { try repository.blob(file.id) }
        let (record, issues) = decode(try YAMLReader.parse(data, file: file.path), file.path)
        guard let record else {
            throw LedgerError.invalid("\(file.path) is not a valid \(noun) record; fix it first ('evident validate'):\n"
                + issues.map(\.description).joined(separator: "\n"))
        }
        return record
    }

    /// Every POA&M item at this revision.
    /// Throws `LedgerError` `.failure` when git objects cannot be read.
    public func poams() throws -> (records: [PoamRecord], issues: [ValidationIssue]) {
        try records(in: PoamRecord.folder, PoamRecord.decode)
    }

    /// Every enduring exception and temporary deficiency at this revision (cmmc-rules.md §12.7).
    /// Throws `LedgerError` `.failure` when git objects cannot be read.
    public func exceptions() throws -> (records: [ExceptionRecord], issues: [ValidationIssue]) {
        try records(in: ExceptionRecord.folder, ExceptionRecord.decode)
    }

    /// Every affirmation at this revision, oldest first.
    /// Throws `LedgerError` `.failure` when git objects cannot be read.
    public func affirmations() throws -> (records: [AffirmationRecord], issues: [ValidationIssue]) {
        let found = try records(in: AffirmationRecord.folder, AffirmationRecord.decode)
        return (found.records.sorted { $0.date < $1.date }, found.issues)
    }
}
