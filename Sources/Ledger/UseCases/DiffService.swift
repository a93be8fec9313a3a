import Foundation
import GitStore
import LedgerCore

/// `evident diff A [B]`: readiness and record changes between two snapshots, tags, commits or dates.
///
/// Cost (DESIGN.md "Scale"): the two readiness computations load every record of their side
/// once (`ReadinessService.input(at:)`); everything else comes from one tree-to-tree diff
/// (`Repository.diff`, which skips equal subtrees) and reads only the blobs that changed. This
/// code path never enumerates evidence (`Revision.evidence()`) beyond those two inputs; the
/// expired list reuses the inputs' evidence lists.
public struct DiffService {
    public struct Options: Sendable {
        public var from: String
        /// nil: HEAD, judged today.
        public var to: String?
        public var frameworks: [String]

        public init(from: String, to: String? = nil, frameworks: [String] = []) {
            self.from = from
            self.to = to
            self.frameworks = frameworks
        }
    }

    /// One side as the user named it, before readiness is computed.
    struct Side {
        let spec: String
        let revision: Revision
        let asOf: Day
        /// What the manifest records when the side is a snapshot.
        let snapshot: StatusCache.Entry?
    }

    let ledger: LedgerRepository
    let environment: RunEnvironment

    public init(ledger: LedgerRepository, environment: RunEnvironment) {
        self.ledger = ledger
        self.environment = environment
    }

    var repository: Repository { ledger.repository }

    /// Throws `LedgerError` `.notFound` for an unknown revision, `InputError` `.usage` for an unknown
    /// framework.
    public func run(_ o: Options) throws -> (ReadinessDiff, [ValidationIssue]) {
        var wanted = [String]()
        for f in o.frameworks where f != "all" {
            guard ReadinessReport.supported.contains(f) else {
                throw InputError.usage("\(field: .framework) '\(f)': use \(ReadinessReport.supported.joined(separator: ", ")) or all")
            }
            if !wanted.contains(f) { wanted.append(f) }
        }
        let a = try side(o.from, defaultHead: false)
        let b = try side(o.to ?? "HEAD", defaultHead: o.to == nil || o.to == "HEAD")
        return try compare(a, b, frameworks: wanted, assessments: try SnapshotService(ledger: ledger, environment: environment).assessments())
    }

    /// The diff between two resolved sides, the status held on each worked out from
    /// `assessments` (`evident report` passes the snapshots up to its revision only, so a
    /// snapshot taken later of another branch never changes the report of this one).
    /// `frameworks` empty: the union of both sides' frameworks in scope.
    /// Throws as `run`.
    /// `knownTo`: side B's input as the caller already read it (`evident report`, whose revision
    /// is side B): side A is then derived from it, and no side is read in full.
    func compare(_ a: Side, _ b: Side, frameworks: [String], assessments: [AssessmentSnapshot],
                 knownTo: (input: ReadinessInput, issues: [ValidationIssue])? = nil) throws -> (ReadinessDiff, [ValidationIssue]) {
        var wanted = frameworks
        var t0 = Date()
        // One side is read in full; the other is its evidence with the records that changed
        // between the trees swapped in (one tree-to-tree diff, which skips equal subtrees), so
        // the second side costs what changed, not the size of the ledger.
        Libgit2.releaseFreedMemory()
        trace("sides", &t0)
        let inputA: ReadinessInput, issuesA: [ValidationIssue], inputB: ReadinessInput, issuesB: [ValidationIssue], changes: RecordChanges, issues: [ValidationIssue]
        if let knownTo {
            (changes, issues) = try recordChanges(from: a.revision, to: b.revision)
            trace("changes", &t0)
            // Backwards: B's records without the new versions, with the old ones put back (a
            // record of A that does not validate is reported by recordChanges, at A).
            let reversed = changes.evidence.map { RecordChanges.Evidence(before: $0.after, after: $0.before, artifactsChanged: $0.artifactsChanged) }
            (inputA, issuesA) = try ReadinessService.input(at: a.revision, evidence: (Self.apply(reversed, to: knownTo.input.evidence), []))
            (inputB, issuesB) = knownTo
            trace("inputA", &t0)
        } else {
            (inputA, issuesA) = try ReadinessService.input(at: a.revision)
            Libgit2.releaseFreedMemory()
            trace("inputA", &t0)
            (changes, issues) = try recordChanges(from: a.revision, to: b.revision)
            trace("changes", &t0)
            let applied = Self.apply(changes.evidence, to: inputA.evidence)
            trace("apply", &t0)
            (inputB, issuesB) = try ReadinessService.input(at: b.revision, evidence: (applied, []))
        }
        LedgerRuntime.release(inputA)
        LedgerRuntime.release(inputB)
        // The same framework set on both sides: --framework, else the union of both ledgers'
        // in-scope frameworks that readiness computes.
        if wanted.isEmpty {
            for id in inputA.config.frameworks.map(\.id) + inputB.config.frameworks.map(\.id)
            where ReadinessReport.supported.contains(id) && !wanted.contains(id) {
                wanted.append(id)
            }
        }
        // SOC 2 is compared as Type 2 only when both sides are soc2-type2 snapshots.
        let type2 = [a, b].allSatisfy { $0.snapshot?.kind == "soc2-type2" && $0.snapshot?.period != nil }
        func report(_ s: Side, _ input: ReadinessInput) throws -> ReadinessReport {
            // As `evident readiness`: the status held at the side's as-of day, from the snapshots
            // dated on or before it (cmmc-rules.md §12.1).
            let request = ReadinessRequest(frameworks: wanted, asOf: s.asOf, soc2Type: type2 ? 2 : 1, period: type2 ? s.snapshot?.period : nil,
                                           assessments: assessments)
            return try ReadinessReport.evaluate(input, request, revision: s.revision.commit.hex)
        }
        trace("inputB", &t0)
        let from = DiffSide(spec: a.spec, revision: a.revision.commit.hex, asOf: a.asOf, report: try report(a, inputA), input: inputA)
        let to = DiffSide(spec: b.spec, revision: b.revision.commit.hex, asOf: b.asOf, report: try report(b, inputB), input: inputB)
        trace("reports", &t0)
        defer { trace("diff", &t0) }
        return (ReadinessDiff(from: from, to: to, changes: changes, frameworks: wanted), Self.unique(issuesA + issuesB + issues))
    }

    /// Resolves one side and the day it is judged at: a snapshot's manifest `as_of`, a date
    /// itself, B left out (HEAD) today, any other revision its commit's committer day.
    func side(_ spec: String, defaultHead: Bool) throws -> Side {
        if defaultHead {
            return Side(spec: "HEAD", revision: try ledger.resolve("HEAD"), asOf: environment.today, snapshot: nil)
        }
        if let day = Day(spec) {
            return Side(spec: spec, revision: try ledger.resolve(spec), asOf: day, snapshot: nil)
        }
        var name = spec
        for prefix in ["refs/tags/" + SnapshotService.tagPrefix, SnapshotService.tagPrefix] where name.hasPrefix(prefix) {
            name = String(name.dropFirst(prefix.count))
        }
        let tagRef = "refs/tags/" + SnapshotService.tagPrefix + name
        if (try? repository.referenceTarget(tagRef)).flatMap({ $0 }) != nil {
            // A snapshot's tag object carries its whole manifest (19 MB on the 100k bench ledger):
            // what the diff needs of it, and the commit it names, come from caches keyed by the
            // tag object's id once it has been read.
            let recorded = try SnapshotService(ledger: ledger, environment: environment).recordedStatus(named: name)
            return Side(spec: spec, revision: try ledger.resolve(tagRef), asOf: recorded.asOf, snapshot: recorded)
        }
        let revision = try ledger.resolve(spec)
        let committed = try revision.commitInfo().committer.time
        return Side(spec: spec, revision: revision, asOf: Timestamp(secondsSince1970: committed.timeIntervalSince1970).day, snapshot: nil)
    }

    // MARK: Record changes from the tree-to-tree diff

    /// Classifies the paths that differ between the two trees by the ledger layout and reads
    /// only their blobs (and, for an evidence folder whose artifacts alone changed, its record).
    func recordChanges(from a: Revision, to b: Revision) throws -> (RecordChanges, [ValidationIssue]) {
        let roots = [Layout.evidenceRoot, Layout.controlsRoot, Layout.poamRoot, Layout.affirmationsRoot, Layout.exceptionsRoot]
        let paths = try wrap("comparing \(a.spec) with \(b.spec)") { try repository.changedFiles(from: a.tree, to: b.tree, under: roots) }
        var evidenceRecords = [String: PathChange]()   // evidence folder -> record.yaml change
        var artifactFolders = Set<String>()
        var controls = [PathChange](), poams = [PathChange](), affirmations = [PathChange](), exceptions = [PathChange]()
        for change in paths {
            let parts = change.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            switch parts.first {
            case Layout.evidenceRoot?:
                // evidence/YYYY/MM/ID/record.yaml, or an artifact beside it (any depth).
                guard parts.count >= 5 else { continue }
                let folder = parts[0..<4].joined(separator: "/")
                if parts.count == 5, parts[4] == EvidenceRecord.fileName { evidenceRecords[folder] = change } else { artifactFolders.insert(folder) }
            case Layout.controlsRoot? where parts.count == 2 && change.path.hasSuffix(".yaml"): controls.append(change)
            case Layout.poamRoot? where parts.count == 2 && change.path.hasSuffix(".yaml"): poams.append(change)
            case Layout.affirmationsRoot? where parts.count == 2 && change.path.hasSuffix(".yaml"): affirmations.append(change)
            case Layout.exceptionsRoot? where parts.count == 2 && change.path.hasSuffix(".yaml"): exceptions.append(change)
            default: continue
            }
        }
        // Every blob to read, once, in one batch.
        var wantedIDs = [ObjectID]()
        func want(_ id: ObjectID?) { if let id { wantedIDs.append(id) } }
        for c in evidenceRecords.values { want(c.oldID); want(c.newID) }
        var artifactOnly = [(folder: String, old: ObjectID?, new: ObjectID?)]()
        for folder in artifactFolders.sorted() where evidenceRecords[folder] == nil {
            let path = folder + "/" + EvidenceRecord.fileName
            let old = try wrap("reading \(path)") { try repository.entry(at: path, inTree: a.tree) }.flatMap { $0.isTree ? nil : $0.id }
            let new = try wrap("reading \(path)") { try repository.entry(at: path, inTree: b.tree) }.flatMap { $0.isTree ? nil : $0.id }
            artifactOnly.append((folder, old, new))
            want(old)
            want(new)
        }
        for c in controls + poams + exceptions { want(c.oldID); want(c.newID) }
        for c in affirmations where c.kind == .added { want(c.newID) }
        let unique = Array(Set(wantedIDs))
        let data = try wrap("reading changed records") { try repository.blobs(unique) }
        let blobs = Dictionary(uniqueKeysWithValues: zip(unique, data))

        var issues = [ValidationIssue]()
        func decode<T>(_ id: ObjectID?, _ path: String, _ spec: String, _ decoder: (RecordValue, String) -> (T?, [ValidationIssue])) -> T? {
            guard let id, let bytes = blobs[id] else { return nil }
            do {
                let (record, found) = decoder(try YAMLReader.parse(bytes, file: path), path)
                issues += found.map { ValidationIssue(file: "\($0.file) at \(spec)", field: $0.field, problem: $0.problem) }
                return record
            } catch let e as LedgerError {
                issues.append(ValidationIssue(file: "\(path) at \(spec)", field: "", problem: e.message.replacingOccurrences(of: path + ": ", with: "")))
                return nil
            } catch {
                return nil
            }
        }
        var out = RecordChanges()
        for (folder, c) in evidenceRecords.sorted(by: { $0.key < $1.key }) {
            out.evidence.append(.init(before: decode(c.oldID, c.path, a.spec, EvidenceRecord.decode), after: decode(c.newID, c.path, b.spec, EvidenceRecord.decode),
                                      artifactsChanged: artifactFolders.contains(folder)))
        }
        for x in artifactOnly {
            let path = x.folder + "/" + EvidenceRecord.fileName
            out.evidence.append(.init(before: decode(x.old, path, a.spec, EvidenceRecord.decode), after: decode(x.new, path, b.spec, EvidenceRecord.decode),
                                      artifactsChanged: true))
        }
        for c in controls {
            out.controls.append(.init(before: decode(c.oldID, c.path, a.spec, ControlRecord.decode), after: decode(c.newID, c.path, b.spec, ControlRecord.decode)))
        }
        for c in poams {
            out.poams.append(.init(before: decode(c.oldID, c.path, a.spec, PoamRecord.decode), after: decode(c.newID, c.path, b.spec, PoamRecord.decode)))
        }
        for c in exceptions {
            out.exceptions.append(.init(before: decode(c.oldID, c.path, a.spec, ExceptionRecord.decode), after: decode(c.newID, c.path, b.spec, ExceptionRecord.decode)))
        }
        for c in affirmations where c.kind == .added {
            if let r = decode(c.newID, c.path, b.spec, AffirmationRecord.decode) { out.affirmations.append(r) }
        }
        return (out, issues)
    }

    /// The evidence list of the other side: `records` (in tree order) without the records that
    /// changed, with their new versions merged in at their folders' places. Records that did not
    /// validate on the new side are left out (recordChanges reports them as issues).
    static func apply(_ changes: [RecordChanges.Evidence], to records: [EvidenceRecord]) -> [EvidenceRecord] {
        guard !changes.isEmpty else { return records }
        let removed = Set(changes.compactMap { $0.before?.id })
        // Folders are evidence/YYYY/MM/ID and an id starts with its date, so id order is tree order.
        let added = changes.compactMap(\.after).sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
        var out = [EvidenceRecord]()
        out.reserveCapacity(records.count + added.count)
        var k = 0
        for r in records where !removed.contains(r.id) {
            while k < added.count && added[k].id.utf8.lexicographicallyPrecedes(r.id.utf8) {
                out.append(added[k])
                k += 1
            }
            out.append(r)
        }
        out.append(contentsOf: added[k...])
        return out
    }

    static func unique(_ issues: [ValidationIssue]) -> [ValidationIssue] {
        var seen = Set<String>()
        return issues.filter { seen.insert($0.description).inserted }
    }
}
