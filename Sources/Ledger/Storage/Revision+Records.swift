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
