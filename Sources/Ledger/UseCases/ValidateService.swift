import Foundation
import GitStore
import LedgerCore

/// Where `evident validate` reads files from: the work tree, the index, or a commit's tree.
public protocol LedgerFileSource {
    /// Ledger-relative paths of the files in the ledger's folders.
    func paths() throws -> [String]
    func read(_ path: String) throws -> Data?
}

/// `evident validate`: every record is decoded and checked (schema rules and the rules beyond
/// it), every evidence folder is checked against its record (each artifact present with the
/// recorded sha256 and size, nothing unlisted beside it), and stray files are reported. With
/// `scanSecrets`, every file of an evidence folder is scanned for credentials as `evidence add`
/// scans it, and each finding of a rule its record does not allow is an issue.
public struct ValidateService {
    /// Scan artifacts for credentials (`SecretScan`). `evident validate` (every form, so the
    /// pre-commit and pre-receive hooks) does; snapshot creation and verification do not: a
    /// snapshot speaks for a tree whose history cannot change, and verify asks whether it was
    /// altered, not what it holds.
    public let scanSecrets: Bool
    /// Months of evidence already checked by this service, for a command that validates many
    /// revisions of one ledger (verify of every snapshot): nil checks every month every time.
    let months: MonthMemo?

    public init(scanSecrets: Bool = false) {
        self.scanSecrets = scanSecrets
        months = nil
    }

    init(scanSecrets: Bool = false, remembering months: MonthMemo) {
        self.scanSecrets = scanSecrets
        self.months = months
    }

    /// What checking the months of evidence of the revision validated last found, per month
    /// path: the month's tree id, and per evidence folder its tree id, issues and record. A tree
    /// never changes under its id, and the only thing a folder's issues take from outside it is
    /// whether each control its record names exists; so a month (or, in a month that changed, a
    /// folder) holding the same tree as last time, whose named controls that were missing are
    /// exactly those missing now, gives the same issues and records and is not read or hashed
    /// again: consecutive snapshots share almost all of their evidence, while their control
    /// libraries grow. Only the last revision's months are kept (one revision's records, not
    /// every version of every month: on the 100k ledger that was 1 GB for 100 snapshots).
    final class MonthMemo: @unchecked Sendable {
        struct Folder {
            let tree: ObjectID
            let issues: [ValidationIssue]
            /// Where the month's `records` hold the folder's record, when its record.yaml is a file
            /// that decodes (an index, not a second copy of 100k records).
            let record: Int?
            /// The controls the decoded record names (its own list, not a copy), and those of them
            /// that were not controls.
            let named: [String]
            let missing: [String]

            /// Whether the controls the folder's record names that are missing from `controls`
            /// are those that were missing when it was checked.
            func sameMissing(_ controls: Set<String>) -> Bool { named.filter { !controls.contains($0) } == missing }
        }
        struct Month {
            let tree: ObjectID
            let checked: Int
            let issues: [ValidationIssue]
            let records: [EvidenceRecord]
            let folders: [String: Folder]
            /// Every control its folders' records name, and those that were not controls.
            let named: Set<String>
            let missing: Set<String>
        }
        private var months = [String: Month]()

        init() {}

        // Read by the workers of a map and replaced between maps (one thread), so no lock.
        func month(_ path: String) -> Month? { months[path] }

        /// Keeps exactly `months`: those of the revision just validated.
        func keep(_ months: [String: Month]) { self.months = months }
    }

    /// Validates the files of `source`; `only` restricts the check to those paths (and the
    /// evidence folders they fall in).
    /// Problems in records are issues, not errors. Throws `LedgerError` `.failure` when the source
    /// cannot be read.
    public func validate(_ source: LedgerFileSource, only: [String]? = nil) throws -> (checked: Int, issues: [ValidationIssue]) {
        // A whole tree: the evidence folders are walked, read and checked on every core straight
        // from their trees; only the few other files go through the path list.
        if only == nil, let tree = source as? TreeSource, tree.includesEvidence {
            let r = try validate(revision: tree.revision)
            return (r.checked, r.issues)
        }
        var all = try source.paths().filter(Layout.isLedgerPath)
        if let only {
            let folders = Set(only.compactMap(evidenceFolder))
            all = all.filter { p in
                only.contains { p == $0 || p.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") } || evidenceFolder(p).map(folders.contains) == true
            }
        }
        var issues = [ValidationIssue]()
        var checked = 0
        var folders = [String: [String]]()
        let catalogs: CatalogSet
        do { catalogs = try CatalogStore.read(source) } catch let e as LedgerError {
            issues.append(ValidationIssue(file: CatalogStore.folder, field: "", problem: e.message))
            catalogs = .builtIn
        }
        // Control ids come from the file names of the whole source, not only the checked paths.
        let controlIDs = try Self.controlIDs(source)
        for path in all.sorted() {
            if path == Layout.configPath {
                checked += 1
                guard let data = try source.read(path) else { continue }
                do {
                    issues += LedgerConfig.decode(try YAMLReader.parse(data, file: path), file: path).1
                } catch let e as LedgerError {
                    issues.append(issue(path, e))
                }
            } else if path.hasPrefix(Layout.controlsRoot + "/") {
                checked += 1
                guard path.hasSuffix(".yaml"), !path.dropFirst(Layout.controlsRoot.count + 1).contains("/") else {
                    issues.append(ValidationIssue(file: path, field: "", problem: "is not a control record (controls/<ID>.yaml)"))
                    continue
                }
                guard let data = try source.read(path) else { continue }
                do {
                    let (record, found) = ControlRecord.decode(try YAMLReader.parse(data, file: path), file: path)
                    issues += found
                    if let record {
                        issues += record.check(against: catalogs, file: path)
                        // Kept out of check(against:), which readiness also applies: a record in history
                        // that breaks it is scored NOT MET there instead of dropped (cmmc-rules.md §12.4).
                        if let ssp = CMMCRules.sspIssue(record, file: path) { issues.append(ssp) }
                    }
                } catch let e as LedgerError {
                    issues.append(issue(path, e))
                }
            } else if path.hasPrefix(PoamRecord.folder + "/") || path.hasPrefix(AffirmationRecord.folder + "/") || path.hasPrefix(ExceptionRecord.folder + "/") {
                checked += 1
                guard path.hasSuffix(".yaml"), path.split(separator: "/").count == 2, let data = try source.read(path) else {
                    issues.append(ValidationIssue(file: path, field: "", problem: "is not a record file (\(path.split(separator: "/")[0])/<name>.yaml)"))
                    continue
                }
                do {
                    let value = try YAMLReader.parse(data, file: path)
                    if path.hasPrefix(PoamRecord.folder + "/") {
                        let (record, found) = PoamRecord.decode(value, file: path)
                        issues += found
                        if let record {
                            let parts = record.requirement.split(separator: ":").map(String.init)
                            if catalogs.catalog(parts[0])?.requirement(parts[1]) == nil {
                                issues.append(ValidationIssue(file: path, field: "requirement", problem: "'\(record.requirement)' is not a requirement of this ledger's catalogs"))
                            }
                        }
                    } else if path.hasPrefix(ExceptionRecord.folder + "/") {
                        let (record, found) = ExceptionRecord.decode(value, file: path)
                        issues += found
                        if let record {
                            let parts = record.requirement.split(separator: ":").map(String.init)
                            if catalogs.catalog(parts[0])?.requirement(parts[1]) == nil {
                                issues.append(ValidationIssue(file: path, field: "requirement", problem: "'\(record.requirement)' is not a requirement of this ledger's catalogs"))
                            } else if let rule = ExceptionRules.inapplicability(record.requirement) {
                                // evident exception add refuses these; one in history is read and not scored (cmmc-rules.md §12.7).
                                issues.append(ValidationIssue(file: path, field: "requirement", problem: rule))
                            }
                        }
                    } else {
                        let (record, found) = AffirmationRecord.decode(value, file: path)
                        issues += found
                        if let record, !record.belongs(at: path) {
                            issues.append(ValidationIssue(file: path, field: "date", problem: "an affirmation of \(record.frameworkTag) on \(record.date) belongs in \(AffirmationRecord.folder)/\(record.date)-\(record.frameworkTag)-XXXXXX.yaml (six base32 characters, as 'evident affirm' names it)"))
                        }
                    }
                } catch let e as LedgerError {
                    issues.append(issue(path, e))
                }
            } else if path.hasPrefix(CatalogStore.folder + "/") {
                continue
            } else if path.hasPrefix(Layout.evidenceRoot + "/") {
                guard let folder = evidenceFolder(path) else {
                    issues.append(ValidationIssue(file: path, field: "", problem: "is not inside an evidence folder (evidence/YYYY/MM/EV-.../): evidence is added with 'evident evidence add'"))
                    continue
                }
                folders[folder, default: []].append(String(path.dropFirst(folder.count + 1)))
            }
        }
        let sortedFolders = folders.sorted { $0.key < $1.key }
        // Git sources: every core reads and checks folders, each through its own handle.
        if let objects = source as? ObjectFileSource {
            let ids = try objects.blobIDs()
            let gitDirectory = objects.gitDirectory
            // Records already decoded once (by blob id) skip the YAML parse: the cache only holds
            // records that validated, and the same blob always decodes the same way.
            let cache = EvidenceCache(gitDirectory: gitDirectory)
            let work = sortedFolders.map { folder, files in (folder: folder, files: files, ids: files.map { ids[folder + "/" + $0] }) }
            let found = try ConcurrentMap.map(work, batch: 32, worker: { try Repository(at: gitDirectory) }) { repository, item -> [ValidationIssue] in
                var contents = [String: Data]()
                var known: EvidenceRecord?
                for (f, id) in zip(item.files, item.ids) {
                    guard let id else { continue }
                    if f == EvidenceRecord.fileName, let hit = cache.sharedRecord(id) {
                        known = hit
                        contents[f] = Data()
                        continue
                    }
                    contents[f] = try wrap("reading \(item.folder)/\(f)") { try repository.blob(id) }
                }
                return Self.validateEvidenceFolder(FolderContent(folder: item.folder, files: item.files, contents: contents), controls: controlIDs, decoded: known,
                                                   scanSecrets: scanSecrets)
            }
            return (checked + work.count, issues + found.flatMap { $0 })
        }
        // Evidence folders in chunks: the files of a chunk are read in one sequential pass
        // (libgit2 objects stay on this thread), then records are decoded and artifacts hashed
        // on every core. Memory stays bounded by the chunk.
        var start = 0
        while start < sortedFolders.count {
            let chunk = sortedFolders[start..<min(start + 512, sortedFolders.count)]
            start += chunk.count
            var loaded = [FolderContent]()
            loaded.reserveCapacity(chunk.count)
            for (folder, files) in chunk {
                var contents = [String: Data]()
                for f in files {
                    if let data = try source.read(folder + "/" + f) { contents[f] = data }
                }
                loaded.append(FolderContent(folder: folder, files: files, contents: contents))
            }
            checked += loaded.count
            let scanSecrets = self.scanSecrets
            let found = ConcurrentMap.map(loaded, batch: 16) { content in
                Self.validateEvidenceFolder(content, controls: controlIDs, scanSecrets: scanSecrets)
            }
            issues += found.flatMap { $0 }
        }
        return (checked, issues)
    }

    /// Validates a whole revision, and returns its evidence records as `Revision.evidence()`
    /// lists them (every record that decodes, in tree order), read in the same pass.
    /// Problems in records are issues, not errors. Throws `LedgerError` `.failure` when git objects cannot be read.
    public func validate(revision: Revision) throws -> (checked: Int, issues: [ValidationIssue], evidence: [EvidenceRecord]) {
        let rest = TreeSource(revision: revision, includesEvidence: false)
        let (checked, issues) = try validate(rest)
        let evidence = try validateEvidenceTree(revision, controls: try Self.controlIDs(rest))
        return (checked + evidence.checked, issues + evidence.issues, evidence.records)
    }

    /// Warnings, not findings: controls mapping 3.5.3 or 3.13.11 without the scoring attribute,
    /// which readiness reads as full implementation (cmmc-rules.md §12.5). `only` narrows the
    /// check as in `validate`. Files that do not decode are left to `validate`.
    /// Throws `LedgerError` `.failure` when the source cannot be read.
    public func warnings(_ source: LedgerFileSource, only: [String]? = nil) throws -> [ValidationIssue] {
        var out = [ValidationIssue]()
        let paths = try source.paths().filter { p in
            guard p.hasPrefix(Layout.controlsRoot + "/"), p.hasSuffix(".yaml"), !p.dropFirst(Layout.controlsRoot.count + 1).contains("/") else { return false }
            guard let only else { return true }
            return only.contains { p == $0 || p.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
        }
        for path in paths.sorted() {
            guard let data = try source.read(path), let value = try? YAMLReader.parse(data, file: path),
                  let record = ControlRecord.decode(value, file: path).0 else { continue }
            for u in PartialCredit.unrecorded([record]) {
                out.append(ValidationIssue(file: path, field: "attributes.\(u.key)",
                                           problem: PartialCredit.warning(control: u.control, key: u.key, requirement: u.requirement, readAs: u.readAs)))
            }
        }
        return out
    }

    static func controlIDs(_ source: LedgerFileSource) throws -> Set<String> {
        Set(try source.paths().compactMap { p -> String? in
            guard p.hasPrefix(Layout.controlsRoot + "/"), p.hasSuffix(".yaml") else { return nil }
            let name = p.dropFirst(Layout.controlsRoot.count + 1).dropLast(5)
            return name.contains("/") ? nil : String(name)
        })
    }

    /// The evidence folders of a revision, checked month by month on every core: each worker
    /// reads a month's tree, each folder's files (through its own repository handle) and checks
    /// the folder against its record. Records already decoded once come from the cache. Files
    /// outside the `YYYY/MM/ID/` layout are reported as the path-based check reports them.
    func validateEvidenceTree(_ revision: Revision, controls: Set<String>) throws -> (checked: Int, issues: [ValidationIssue], records: [EvidenceRecord]) {
        let repository = revision.repository
        guard let root = try wrap("reading \(Layout.evidenceRoot)/", { try repository.entry(at: Layout.evidenceRoot, inTree: revision.tree) }) else { return (0, [], []) }
        let top = Layout.evidenceRoot
        guard root.isTree else {
            return (0, [ValidationIssue(file: top, field: "", problem: "is not inside an evidence folder (evidence/YYYY/MM/EV-.../): evidence is added with 'evident evidence add'")], [])
        }
        var issues = [ValidationIssue]()
        var months = [(path: String, id: ObjectID)]()
        func stray(_ path: String) {
            issues.append(ValidationIssue(file: path, field: "", problem: "is not inside an evidence folder (evidence/YYYY/MM/EV-.../): evidence is added with 'evident evidence add'"))
        }
        for year in try wrap("reading \(top)/", { try repository.tree(root.id) }) {
            let yearPath = top + "/" + year.name
            guard year.isTree else { stray(yearPath); continue }
            for month in try wrap("reading \(yearPath)/", { try repository.tree(year.id) }) {
                let monthPath = yearPath + "/" + month.name
                guard month.isTree else { stray(monthPath); continue }
                months.append((monthPath, month.id))
            }
        }
        let memo = self.months
        let remembered = months.map { m in
            memo?.month(m.path).flatMap { $0.tree == m.id && $0.named.subtracting(controls) == $0.missing ? $0 : nil }
        }
        let unknown = zip(months, remembered).filter { $0.1 == nil }.map(\.0)
        traceNote("validate: \(months.count) months, \(unknown.count) to read")
        let cache = EvidenceCache(gitDirectory: repository.gitDirectory)
        let scanSecrets = self.scanSecrets
        let checkedNow = try ConcurrentMap.map(unknown, batch: 1, worker: { try Repository(at: repository.gitDirectory) }) { repo, month -> MonthMemo.Month in
            var found = [ValidationIssue]()
            var records = [EvidenceRecord]()
            var folders = [String: MonthMemo.Folder]()
            var interned = [String: String]()
            var checked = 0
            // This month as the last revision held it: its unchanged folders are taken from there.
            let previous = memo?.month(month.path)
            let before = previous?.folders ?? [:]
            var named = Set<String>()
            for entry in try wrap("reading \(month.path)/", { try repo.tree(month.id) }) {
                let folder = month.path + "/" + entry.name
                checked += 1
                guard entry.isTree else {
                    // A file where a folder belongs: a folder without its record.
                    found.append(ValidationIssue(file: folder, field: "", problem: "has no \(EvidenceRecord.fileName): every evidence folder needs its record"))
                    continue
                }
                if let same = before[entry.name], same.tree == entry.id, same.sameMissing(controls) {
                    found += same.issues
                    var at: Int?
                    if let i = same.record, let kept = previous?.records, i < kept.count {
                        let r = kept[i]
                        at = records.count
                        records.append(r)
                    }
                    folders[entry.name] = MonthMemo.Folder(tree: same.tree, issues: same.issues, record: at, named: same.named, missing: same.missing)
                    named.formUnion(same.named)
                    continue
                }
                let files = try wrap("reading \(folder)/") { try repo.files(inTree: entry.id) }
                var contents = [String: Data]()
                var digests = [String: (Int, String)]()
                var secrets = [String: [SecretFinding]]()
                var known: EvidenceRecord?
                for f in files where f.kind != .submodule {
                    if f.path == EvidenceRecord.fileName {
                        if let hit = cache.sharedRecord(f.id, interning: &interned) {
                            known = hit
                            contents[f.path] = Data()
                        } else {
                            contents[f.path] = try wrap("reading \(folder)/\(f.path)") { try repo.blob(f.id) }
                        }
                        continue
                    }
                    // Artifacts are hashed (and scanned) where libgit2 inflated them: no copy of 100k files.
                    let (size, sha, found) = try wrap("reading \(folder)/\(f.path)") {
                        try repo.withBlob(f.id) { bytes in (bytes.count, Digest.sha256(bytes), scanSecrets ? SecretScan.scan(bytes, name: f.path) : []) }
                    }
                    digests[f.path] = (size, sha)
                    if !found.isEmpty { secrets[f.path] = found }
                }
                var content = FolderContent(folder: folder, files: files.map(\.path), contents: contents)
                content.digests = digests
                content.secrets = secrets
                let checkedFolder = Self.checkEvidenceFolder(content, controls: controls, decoded: known, scanSecrets: scanSecrets)
                found += checkedFolder.issues
                // As Revision.evidence() lists them: folders whose record.yaml is a file.
                var listed: Int?
                if let r = checkedFolder.record, files.contains(where: { $0.path == EvidenceRecord.fileName && ($0.kind == .blob || $0.kind == .executable) }) {
                    listed = records.count
                    records.append(r)
                }
                if memo != nil {
                    let names = checkedFolder.record?.controls ?? []
                    named.formUnion(names)
                    folders[entry.name] = MonthMemo.Folder(tree: entry.id, issues: checkedFolder.issues, record: listed,
                                                           named: names, missing: names.filter { !controls.contains($0) })
                }
            }
            return MonthMemo.Month(tree: month.id, checked: checked, issues: found, records: records, folders: folders,
                                   named: named, missing: named.subtracting(controls))
        }
        // Months in tree order, each from the memo or from this pass.
        var fresh = checkedNow.makeIterator()
        var results = [MonthMemo.Month]()
        results.reserveCapacity(months.count)
        var kept = [String: MonthMemo.Month]()
        for (month, known) in zip(months, remembered) {
            guard let m = known ?? fresh.next() else { continue }
            results.append(m)
            kept[month.path] = m
        }
        memo?.keep(kept)
        return (results.reduce(0) { $0 + $1.checked }, issues + results.flatMap(\.issues), results.flatMap(\.records))
    }

    /// `evidence/YYYY/MM/ID` for a path at or below an evidence folder.
    func evidenceFolder(_ path: String) -> String? {
        // Bytes, not split/joined strings: a large ledger has 200k paths to group.
        let u = path.utf8
        guard path.hasPrefix(Layout.evidenceRoot + "/") else { return nil }
        var slashes = 0
        var end = u.endIndex
        for i in u.indices where u[i] == 47 {
            slashes += 1
            if slashes == 4 { end = i; break }
        }
        guard slashes >= 3 else { return nil }
        return String(path[..<end])
    }

    private func issue(_ path: String, _ e: LedgerError) -> ValidationIssue {
        let prefix = path + ": "
        return ValidationIssue(file: path, field: "", problem: e.message.hasPrefix(prefix) ? String(e.message.dropFirst(prefix.count)) : e.message)
    }

    struct FolderContent: Sendable {
        let folder: String
        let files: [String]
        let contents: [String: Data]
        /// Size and SHA-256 of files hashed where they were read (not kept in `contents`).
        var digests: [String: (Int, String)] = [:]
        /// Secret-scan findings of files scanned where they were read (those in `digests`).
        var secrets: [String: [SecretFinding]] = [:]
    }

    /// Checks one evidence folder against its record: pure, so it runs on any core.
    /// `decoded` is the record when it is already known to decode without issues (the cache).
    static func validateEvidenceFolder(_ content: FolderContent, controls: Set<String>, decoded known: EvidenceRecord? = nil, scanSecrets: Bool = false) -> [ValidationIssue] {
        checkEvidenceFolder(content, controls: controls, decoded: known, scanSecrets: scanSecrets).issues
    }

    /// The issues of one evidence folder, and its record when the record itself decoded
    /// (whatever else is wrong with the folder), as `Revision.evidence()` would list it.
    static func checkEvidenceFolder(_ content: FolderContent, controls: Set<String>, decoded known: EvidenceRecord? = nil,
                                    scanSecrets: Bool = false) -> (issues: [ValidationIssue], record: EvidenceRecord?) {
        let checked = checkRecordAndArtifacts(content, controls: controls, decoded: known)
        guard scanSecrets else { return checked }
        let allowed = checked.record?.allowedSecrets ?? []
        let inRecord = checked.record.map { recordSecretIssues($0, folder: content.folder, allowed: allowed) } ?? []
        return (checked.issues + secretIssues(content, allowed: allowed) + inRecord, checked.record)
    }

    /// The record's own text (title, description, source) scanned as `evidence add` scans it:
    /// a record edited with plain git cannot carry what the command would have refused.
    static func recordSecretIssues(_ record: EvidenceRecord, folder: String, allowed: [SecretRule]) -> [ValidationIssue] {
        var issues = [ValidationIssue]()
        for (field, text) in [("title", record.title), ("description", record.description), ("source", record.source)] {
            guard let text, !text.isEmpty else { continue }
            for finding in SecretScan.scan(Data(text.utf8), name: field) where !allowed.contains(finding.rule) {
                issues.append(ValidationIssue(file: folder + "/" + EvidenceRecord.fileName, field: field,
                                              problem: "\(finding.rule.rawValue) (\(finding.rule.looksLike): \(finding.shape)): everyone who clones the ledger can read it; remove it from the record (and rotate it if it was ever pushed)"))
            }
        }
        return issues
    }

    /// Each secret-scan finding in the folder's files (all but the record itself) whose rule the
    /// record does not allow, as `evidence add` would have refused it: file, line and rule.
    static func secretIssues(_ content: FolderContent, allowed: [SecretRule]) -> [ValidationIssue] {
        var issues = [ValidationIssue]()
        for f in content.files.sorted() where f != EvidenceRecord.fileName {
            let found = content.secrets[f] ?? content.contents[f].map { SecretScan.scan($0, name: f) } ?? []
            for finding in found where !allowed.contains(finding.rule) {
                issues.append(ValidationIssue(file: content.folder + "/" + f, field: "line \(finding.line)",
                                              problem: "\(finding.rule.rawValue) (\(finding.rule.looksLike): \(finding.shape)): everyone who clones the ledger can read it; remove it from the file (and rotate it if it was ever pushed), or, if the file must be kept as it is, add it with 'evident evidence add --allow-secret \(finding.rule.rawValue)'"))
            }
        }
        return issues
    }

    static func checkRecordAndArtifacts(_ content: FolderContent, controls: Set<String>, decoded known: EvidenceRecord?) -> (issues: [ValidationIssue], record: EvidenceRecord?) {
        let folder = content.folder
        let files = content.files
        let recordPath = folder + "/" + EvidenceRecord.fileName
        guard files.contains(EvidenceRecord.fileName), let data = content.contents[EvidenceRecord.fileName] else {
            return ([ValidationIssue(file: folder, field: "", problem: "has no \(EvidenceRecord.fileName): every evidence folder needs its record")], nil)
        }
        let record: EvidenceRecord
        if let known {
            record = known
        } else { do {
            let (decoded, issues) = EvidenceRecord.decode(try YAMLReader.parse(data, file: recordPath), file: recordPath)
            guard let decoded else { return (issues, nil) }
            record = decoded
        } catch let e as LedgerError {
            let prefix = recordPath + ": "
            return ([ValidationIssue(file: recordPath, field: "", problem: e.message.hasPrefix(prefix) ? String(e.message.dropFirst(prefix.count)) : e.message)], nil)
        } catch {
            return ([ValidationIssue(file: recordPath, field: "", problem: "\(error)")], nil)
        } }
        var issues = [ValidationIssue]()
        if let expected = EvidenceIDFormat.folder(of: record.id), expected != folder {
            issues.append(ValidationIssue(file: recordPath, field: "id", problem: "'\(record.id)' belongs in \(expected)/, not \(folder)/"))
        }
        for (i, c) in record.controls.enumerated() where !controls.contains(c) {
            issues.append(ValidationIssue(file: recordPath, field: "controls[\(i)]", problem: "'\(c)' is not a control in \(Layout.controlsRoot)/"))
        }
        for (i, a) in record.artifacts.enumerated() {
            let field = "artifacts[\(i)]"
            // The record reads (the schema allows the name), but some clones cannot check it out.
            if let problem = ArtifactName.problem(a.path) {
                issues.append(ValidationIssue(file: recordPath, field: field + ".path", problem: problem + "; such names are refused by 'evident evidence add' (re-add the artifact under another name with --name)"))
            }
            let size: Int, sha: String
            if let d = content.digests[a.path] {
                (size, sha) = d
            } else if let bytes = content.contents[a.path] {
                (size, sha) = (bytes.count, Digest.sha256(bytes))
            } else {
                issues.append(ValidationIssue(file: recordPath, field: field + ".path", problem: "\(a.path) is listed but missing from \(folder)/"))
                continue
            }
            if size != a.bytes {
                issues.append(ValidationIssue(file: recordPath, field: field + ".bytes", problem: "\(a.path) has \(size) bytes, the record says \(a.bytes)"))
            }
            if sha != a.sha256 {
                issues.append(ValidationIssue(file: recordPath, field: field + ".sha256", problem: "\(a.path) hashes to \(sha), the record says \(a.sha256): the artifact was changed after it was recorded"))
            }
        }
        let listed = Set(record.artifacts.map(\.path))
        for f in files.sorted() where f != EvidenceRecord.fileName && !listed.contains(f) {
            issues.append(ValidationIssue(file: folder + "/" + f, field: "", problem: "is not listed in \(recordPath): add evidence with 'evident evidence add', or remove the file"))
        }
        return (issues, record)
    }
}

/// The work tree of a ledger.
public struct WorkTreeSource: LedgerFileSource {
    let root: String
    /// Files outside a sparse checkout (skip-worktree entries missing from the work tree), read
    /// from the index instead, so that validate sees every record git would commit.
    let hidden: [String: ObjectID]
    let repository: Repository?

    public init(root: String) {
        self.root = root
        self.hidden = [:]
        self.repository = nil
    }

    init(ledger: LedgerRepository) throws {
        root = ledger.root
        repository = ledger.repository
        var hidden = [String: ObjectID]()
        let index = try wrap("reading the index") { try ledger.repository.index() }
        for e in index.skipWorktreeEntries() where Layout.isLedgerPath(e.path) {
            var st = stat()
            if lstat(ledger.root + "/" + e.path, &st) != 0 { hidden[e.path] = e.id }
        }
        self.hidden = hidden
    }

    /// Files read from the index because the sparse checkout leaves them out of the work tree.
    public var hiddenCount: Int { hidden.count }

    public func paths() throws -> [String] {
        var out = Array(hidden.keys)
        for top in Layout.ledgerRoots {
            let base = root + "/" + top
            guard let walker = FileManager.default.enumerator(atPath: base) else { continue }
            while let rel = walker.nextObject() as? String {
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: base + "/" + rel, isDirectory: &isDir), !isDir.boolValue {
                    out.append(top + "/" + rel)
                }
            }
        }
        return out
    }

    public func read(_ path: String) throws -> Data? {
        if let id = hidden[path], let repository {
            return try wrap("reading \(path) from the index") { try repository.blob(id) }
        }
        return FileManager.default.contents(atPath: root + "/" + path)
    }
}

/// What is staged in the index (what `git commit` would record).
public struct IndexSource: ObjectFileSource {
    let repository: Repository
    let entries: [String: ObjectID]

    /// The repository's own index, or the index file `indexFile` when one is named: git runs the
    /// pre-commit hook of `git commit -a` and `git commit -- PATH` on a temporary index that it
    /// names in `GIT_INDEX_FILE` (a relative path is taken from the current folder, as git does).
    init(repository: Repository, indexFile: String? = nil) throws {
        self.repository = repository
        var map = [String: ObjectID]()
        if let indexFile, !indexFile.isEmpty {
            let path = indexFile.hasPrefix("/") ? indexFile : FileManager.default.currentDirectoryPath + "/" + indexFile
            for e in try wrap("reading the index \(path) (GIT_INDEX_FILE)", { try repository.indexEntries(atPath: path) }) { map[e.path] = e.id }
        } else {
            let index = try wrap("reading the index") { try repository.index() }
            for e in index.entries() { map[e.path] = e.id }
        }
        entries = map
    }

    public func paths() throws -> [String] { Array(entries.keys) }

    var gitDirectory: String { repository.gitDirectory }

    func blobIDs() throws -> [String: ObjectID] { entries }

    public func read(_ path: String) throws -> Data? {
        guard let id = entries[path] else { return nil }
        return try wrap("reading \(path) from the index") { try repository.blob(id) }
    }

    /// Paths whose staged content differs from HEAD's (added, changed or deleted).
    public func stagedChanges() throws -> [String] {
        var head = [String: ObjectID]()
        if let commit = try wrap("reading HEAD", { try repository.headCommit() }) {
            let tree = try wrap("reading HEAD") { try repository.treeID(ofCommit: commit) }
            for f in try wrap("reading HEAD", { try repository.files(inTree: tree) }) { head[f.path] = f.id }
        }
        var changed = [String]()
        for (p, id) in entries where head[p] != id { changed.append(p) }
        for p in head.keys where entries[p] == nil { changed.append(p) }
        return changed.sorted()
    }
}

/// A source whose files are git blobs: validation reads them on every core, each worker
/// through its own repository handle.
protocol ObjectFileSource: LedgerFileSource {
    var gitDirectory: String { get }
    /// Path -> blob id of every file.
    func blobIDs() throws -> [String: ObjectID]
}

/// A commit's tree.
public final class TreeSource: ObjectFileSource {
    let revision: Revision
    /// False: the files below `evidence/` are left out.
    let includesEvidence: Bool
    private var ids: [String: ObjectID]?

    public init(revision: Revision, includesEvidence: Bool = true) {
        self.revision = revision
        self.includesEvidence = includesEvidence
    }

    /// Path -> blob id of every file in the ledger's folders, from one walk of their trees.
    private func index() throws -> [String: ObjectID] {
        if let ids { return ids }
        var map = [String: ObjectID]()
        for top in Layout.ledgerRoots where includesEvidence || top != Layout.evidenceRoot {
            guard let e = try wrap("reading \(top)", { try revision.repository.entry(at: top, inTree: revision.tree) }), e.isTree else { continue }
            for f in try wrap("reading \(top)", { try revision.repository.files(inTree: e.id, prefix: top) }) { map[f.path] = f.id }
        }
        ids = map
        return map
    }

    public func paths() throws -> [String] { Array(try index().keys) }

    var gitDirectory: String { revision.repository.gitDirectory }

    func blobIDs() throws -> [String: ObjectID] { try index() }

    public func read(_ path: String) throws -> Data? {
        guard let id = try index()[path] else { return nil }
        return try wrap("reading \(path) at \(revision.spec)") { try revision.repository.blob(id) }
    }
}
