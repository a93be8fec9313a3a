import Foundation
import GitStore
import LedgerCore

/// Decides, commit by commit during a newest-first walk, whether a commit changed the story of
/// one requirement: it changed a control file whose maps (at that commit or its parent) include
/// the requirement, or changed evidence of a control mapping it, or a POA&M item or an exception for it.
///
/// Cost follows what changed: for each commit only the top-level `controls`, `evidence`, `poam`
/// and `exceptions` entries are compared with the parent's (unchanged subtrees share ids); only when
/// `controls/` changed is it diffed (path-filtered) and the changed control blobs read. Evidence,
/// POA&M and exception commits made by evident are judged by their trailers (`Controls`, `Requirement`);
/// only commits without them (plain git) are diffed. The set of controls mapping the requirement
/// is read once at the start of the walk and carried from each commit to its first parent.
public final class RequirementTrail {
    public let requirement: Requirement
    /// Qualified ids whose mapping counts: the requirement, and for a CMMC Level 1 requirement
    /// the NIST SP 800-171 requirements it corresponds to (readiness counts those controls too).
    public let qualified: Set<String>
    let repository: Repository
    /// Controls mapping the requirement at a commit, handed from a child to its first parent.
    private var pending = [ObjectID: Set<String>]()

    init(requirement: Requirement, repository: Repository) {
        self.requirement = requirement
        self.repository = repository
        var q: Set<String> = [requirement.qualifiedID]
        if requirement.catalog == Catalogs.cmmcL1ID {
            for r in requirement.related { q.insert("\(Catalogs.nistID):\(r)") }
        }
        qualified = q
    }

    /// Resolves a requirement as users write it, with the catalogs pinned at `revision`.
    /// Throws `LedgerError` `.notFound` when `text` names no requirement (with the closest ids),
    /// `.invalidInput` when it names several.
    public static func resolve(_ text: String, at revision: Revision) throws -> Requirement {
        switch RequirementResolver(try revision.catalogs()).resolve(text) {
        case .success(let r): return r
        case .failure(let e):
            throw e.ledgerError
        }
    }

    func matches(_ c: CommitInfo) throws -> Bool {
        do { return try match(c) } catch let e as GitError { throw translate(e, "reading commit \(c.id.short)") }
    }

    private func match(_ c: CommitInfo) throws -> Bool {
        let parentTree = try c.parents.first.map { try repository.treeID(ofCommit: $0) }
        func changed(_ root: String) throws -> Bool {
            let mine = try repository.entry(at: root, inTree: c.tree)?.id
            guard let parentTree else { return mine != nil }
            return mine != (try repository.entry(at: root, inTree: parentTree)?.id)
        }
        let mine = try pending.removeValue(forKey: c.id) ?? mapping(atTree: c.tree)
        var theirs = mine
        var matched = false
        if try changed(Layout.controlsRoot) {
            for ch in try repository.changedFiles(from: parentTree, to: c.tree, under: [Layout.controlsRoot]) {
                let parts = ch.path.split(separator: "/")
                guard parts.count == 2, ch.path.hasSuffix(".yaml") else { continue }
                let id = String(parts[1].dropLast(5))
                let before = try mapsRequirement(ch.oldID), after = try mapsRequirement(ch.newID)
                if before || after { matched = true }
                if before { theirs.insert(id) } else { theirs.remove(id) }
            }
        }
        if let p = c.parents.first, pending[p] == nil { pending[p] = theirs }
        if matched { return true }
        let relevant = mine.union(theirs)
        let trailers = LogEntry.trailers(of: c.message)
        func values(_ key: String) -> [String]? {
            let found = trailers.filter { LogEntry.sameKey($0.0, key) }
            guard !found.isEmpty else { return nil }
            return found.flatMap { $0.1.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        }
        if !relevant.isEmpty, try changed(Layout.evidenceRoot) {
            if let controls = values("Controls") {
                if controls.contains(where: relevant.contains) { return true }
            } else if try evidenceControls(c, parentTree).contains(where: relevant.contains) {
                return true
            }
        }
        // POA&M items and exceptions (cmmc-rules.md §12.7) name their requirement.
        let recordRoots = try [Layout.poamRoot, Layout.exceptionsRoot].filter(changed)
        if !recordRoots.isEmpty {
            if let requirements = values("Requirement") {
                if requirements.contains(where: qualified.contains) { return true }
            } else {
                for ch in try repository.changedFiles(from: parentTree, to: c.tree, under: recordRoots) {
                    for id in [ch.oldID, ch.newID] {
                        if let r = try record(id)?["requirement"]?.stringValue, qualified.contains(r) { return true }
                    }
                }
            }
        }
        return false
    }

    /// The controls mapping the requirement in a tree (read in full: once per walk, and for
    /// commits reached only through a merge's second parent).
    private func mapping(atTree tree: ObjectID) throws -> Set<String> {
        guard let dir = try repository.entry(at: Layout.controlsRoot, inTree: tree), dir.isTree else { return [] }
        let files = try repository.tree(dir.id).filter { !$0.isTree && $0.name.hasSuffix(".yaml") }
        let blobs = try repository.blobs(files.map(\.id))
        var out = Set<String>()
        for (f, data) in zip(files, blobs) where maps(data) { out.insert(String(f.name.dropLast(5))) }
        return out
    }

    /// The controls of the evidence records a commit changed (for commits without trailers).
    private func evidenceControls(_ c: CommitInfo, _ parentTree: ObjectID?) throws -> Set<String> {
        var out = Set<String>()
        var folders = Set<String>()
        for ch in try repository.changedFiles(from: parentTree, to: c.tree, under: [Layout.evidenceRoot]) {
            let parts = ch.path.split(separator: "/").map(String.init)
            guard parts.count >= 5 else { continue }
            if parts.count == 5, parts[4] == EvidenceRecord.fileName {
                for id in [ch.oldID, ch.newID] { controls(of: try record(id), into: &out) }
            } else {
                folders.insert(parts[0..<4].joined(separator: "/"))
            }
        }
        for folder in folders {
            for tree in [c.tree, parentTree].compactMap({ $0 }) {
                controls(of: try record(try repository.entry(at: folder + "/" + EvidenceRecord.fileName, inTree: tree)?.id), into: &out)
            }
        }
        return out
    }

    private func controls(of value: RecordValue?, into out: inout Set<String>) {
        for v in value?["controls"]?.listValue ?? [] { if let s = v.stringValue { out.insert(s) } }
    }

    private func record(_ id: ObjectID?) throws -> RecordValue? {
        guard let id else { return nil }
        return try? YAMLReader.parse(try repository.blob(id), file: "record")
    }

    private func mapsRequirement(_ id: ObjectID?) throws -> Bool {
        guard let id else { return false }
        return maps(try repository.blob(id))
    }

    /// Reads `maps` straight from the YAML (a record that does not validate still counts).
    private func maps(_ data: Data) -> Bool {
        guard let value = try? YAMLReader.parse(data, file: "control"), let pairs = value["maps"]?.mapPairs else { return false }
        for (catalog, list) in pairs {
            for item in list.listValue ?? [] {
                if let r = item.stringValue, qualified.contains("\(catalog):\(r)") { return true }
            }
        }
        return false
    }
}

/// `evident history REQ`: a requirement's status at every snapshot, the commits that changed it,
/// and where it stands now, so an assessor sees how it got where it is.
public struct HistoryService {
    public struct SnapshotStatus: Sendable {
        public let name: String
        public let kind: String
        public let asOf: Day
        /// nil when the snapshot did not assess the requirement's framework.
        public let status: String?
        /// For a CMMC requirement: the status held on the snapshot's day (cmmc-rules.md §12.1).
        public var held: HeldStatus? = nil
    }

    public struct Result: Sendable {
        public let requirement: Requirement
        /// `cmmc-l2`, `cmmc-l1` or `soc2`; nil for a catalog readiness does not compute.
        public let framework: String?
        public let snapshots: [SnapshotStatus]
        /// Oldest first.
        public let commits: [LogEntry]
        public let asOf: Day
        public let status: String?
        public let reasons: [String]
        /// For a CMMC requirement: the status held today.
        public var held: HeldStatus? = nil
    }

    let ledger: LedgerRepository
    let environment: RunEnvironment

    public init(ledger: LedgerRepository, environment: RunEnvironment) {
        self.ledger = ledger
        self.environment = environment
    }

    /// The framework whose readiness covers a catalog, and the manifest key of its statuses.
    static func framework(of catalog: String) -> (id: String, key: String)? {
        switch catalog {
        case Catalogs.nistID: return ("cmmc-l2", "requirements")
        case Catalogs.cmmcL1ID: return ("cmmc-l1", "requirements")
        case Catalogs.soc2ID: return ("soc2", "criteria")
        default: return nil
        }
    }

    /// Throws `LedgerError` `.invalidInput` when `text` names no requirement of the pinned catalogs.
    public func run(_ text: String) throws -> Result {
        var t0 = Date()
        let head = try ledger.resolve("HEAD")
        let requirement = try RequirementTrail.resolve(text, at: head)
        let fw = Self.framework(of: requirement.catalog)
        // Statuses straight from each manifest's readiness summary: nothing is recomputed, and
        // a snapshot's tag (its manifest lists every artifact) is read once, then cached.
        let snapshots = try SnapshotService(ledger: ledger, environment: environment).recordedStatuses()
            .map { s -> (SnapshotStatus, Int) in
                let e = s.entry
                let status = fw.flatMap { e.status(framework: $0.id, requirement: requirement.id) }
                return (SnapshotStatus(name: s.name, kind: e.kind, asOf: e.asOf, status: status), e.createdAt)
            }
            .sorted { ($0.0.asOf, $0.1, $0.0.name) < ($1.0.asOf, $1.1, $1.0.name) }
            .map(\.0)
        trace("history: snapshot statuses", &t0)
        // The status held at each snapshot and today, for the requirement's CMMC level.
        let level = fw?.id == "cmmc-l2" ? 2 : fw?.id == "cmmc-l1" ? 1 : nil
        let assessments = level == nil ? [] : try SnapshotService(ledger: ledger, environment: environment).assessments()
        let withHeld = snapshots.map { s -> SnapshotStatus in
            var s = s
            if let level { s.held = StatusHeld.primary(level: level, snapshots: assessments, at: s.asOf) }
            return s
        }
        trace("history: status held", &t0)
        // Reading the snapshots (their tags, when the status cache is cold) leaves freed memory
        // that the two readers below would otherwise stack their working sets on.
        Libgit2.releaseFreedMemory()
        // The commit walk and readiness at HEAD read different things and take about as long
        // on a large ledger: they run side by side, each with its own repository handle
        // (libgit2 objects are never shared between threads). Errors are thrown in the order
        // the two would have met them one after the other.
        enum Part {
            case commits(Swift.Result<[LogEntry], any Error>)
            case current(Swift.Result<(status: String?, reasons: [String]), any Error>)
        }
        let environment = environment
        let parts = try ConcurrentMap.map([0, 1], batch: 1, worker: { try LedgerRepository(path: ledger.root, allowEmptyBare: true) }) { repo, k -> Part in
            var t = Date()
            if k == 0 {
                let r = Swift.Result { try LogService(ledger: repo).run(.init(requirement: requirement.qualifiedID)) }
                trace("history: commits", &t)
                return .commits(r)
            }
            let r = Swift.Result { try Self.current(of: requirement, framework: fw?.id, ledger: repo, environment: environment) }
            trace("history: readiness at HEAD", &t)
            return .current(r)
        }
        var commits = [LogEntry](), status: String?, reasons = [String]()
        for part in parts {
            switch part {
            case .commits(let r): commits = try r.get().reversed()
            case .current(let r): (status, reasons) = try r.get()
            }
        }
        return Result(requirement: requirement, framework: fw?.id, snapshots: withHeld, commits: Array(commits), asOf: environment.today,
                      status: status, reasons: reasons, held: level.map { StatusHeld.primary(level: $0, snapshots: assessments, at: environment.today) })
    }

    /// The requirement's status and reasons at HEAD as of today, computed by readiness.
    static func current(of requirement: Requirement, framework: String?, ledger: LedgerRepository,
                        environment: RunEnvironment) throws -> (status: String?, reasons: [String]) {
        guard let framework else {
            return (nil, ["readiness is computed for CMMC Levels 1 and 2 and SOC 2; \(requirement.catalog) is not scored by evident"])
        }
        let (report, _) = try ReadinessService(ledger: ledger, environment: environment).run(.init(at: "HEAD", frameworks: [framework]))
        if let q = report.cmmcL2?.requirements.first(where: { $0.base.requirement.id == requirement.id }) {
            return (q.base.status.rawValue, q.base.reasons)
        } else if let q = report.cmmcL1?.requirements.first(where: { $0.requirement.id == requirement.id }) {
            return (q.status.rawValue, q.reasons)
        } else if let c = report.soc2?.criteria.first(where: { $0.requirement.id == requirement.id }) {
            return (c.status.rawValue, c.failures.map(\.reason) + c.justifications)
        }
        return (nil, [])
    }
}
