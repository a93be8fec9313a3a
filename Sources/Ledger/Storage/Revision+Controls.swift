import Foundation
import GitStore
import LedgerCore

extension Revision {
    /// Every `controls/<ID>.yaml` with its blob id.
    func controlFiles() throws -> [(path: String, id: ObjectID)] {
        guard let dir = try wrap("reading controls", { try repository.entry(at: Layout.controlsRoot, inTree: tree) }), dir.isTree else { return [] }
        return try wrap("reading controls") { try repository.tree(dir.id) }
            .filter { !$0.isTree && $0.name.hasSuffix(".yaml") }
            .map { ("\(Layout.controlsRoot)/\($0.name)", $0.id) }
    }

    /// Every control at this revision, checked against the revision's catalogs. Records that do
    /// not validate are returned as issues, not as controls.
    /// Throws `LedgerError` `.failure` when git objects cannot be read.
    public func controls(catalogs: CatalogSet? = nil) throws -> (records: [ControlRecord], issues: [ValidationIssue]) {
        let set = try catalogs ?? self.catalogs()
        let files = try controlFiles()
        let blobs = try wrap("reading controls") { try repository.blobs(files.map(\.id)) }
        var records = [ControlRecord]()
        var issues = [ValidationIssue]()
        for (file, data) in zip(files, blobs) {
            do {
                let (record, found) = ControlRecord.decode(try YAMLReader.parse(data, file: file.path), file: file.path)
                if let record {
                    let problems = record.check(against: set, file: file.path)
                    if problems.isEmpty { records.append(record) }
                    issues += problems
                }
                issues += found
            } catch let e as LedgerError {
                issues.append(ValidationIssue(file: file.path, field: "", problem: e.message.replacingOccurrences(of: file.path + ": ", with: "")))
            }
        }
        return (records, issues)
    }

    /// One control by id, or nil when there is no such file.
    /// Throws `LedgerError` `.invalidInput` when the file does not validate.
    public func control(id: String) throws -> ControlRecord? {
        guard ControlIDFormat.isValid(id) else { return nil }
        let path = "\(Layout.controlsRoot)/\(id).yaml"
        guard let data = try file(path) else { return nil }
        let (record, issues) = ControlRecord.decode(try YAMLReader.parse(data, file: path), file: path)
        guard let record else { throw LedgerError.invalid(issues.map(\.description).joined(separator: "\n")) }
        return record
    }

    /// The ids of the controls at this revision (from file names only: no record is parsed).
    /// Throws `LedgerError` `.failure` when git objects cannot be read.
    public func controlIDs() throws -> [String] {
        try controlFiles().map { String(($0.path as NSString).lastPathComponent.dropLast(5)) }
    }
}
