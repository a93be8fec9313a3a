import Foundation
import GitStore
import LedgerCore

/// `evident export bundle NAME` and `evident verify --bundle FILE` (issue 13 §6): everything an
/// assessor or auditor receives of one snapshot, gathered from git objects at the snapshot (the
/// artifacts and records from its commit's tree, the manifest as its tag records it, the
/// documents from the export services at the snapshot), and checked offline from the ZIP alone.
public struct BundleService {
    /// What a bundle holds, before the documents are rendered.
    public struct Contents: Sendable {
        public let snapshot: String
        /// The organisation, as ledger.yaml names it at the snapshot.
        public let organization: String
        public let audience: EvidenceBundle.Audience
        public let manifest: SnapshotManifest
        /// `manifest.json`'s bytes (`EvidenceBundle.manifestFile`) and their SHA-256.
        public let manifestFile: Data
        public let manifestSHA256: String
        /// The snapshot's DoD logs, as `export hashes NAME --format dod` writes them.
        public let dodLogs: SnapshotService.DoDLogs
        /// Records and artifacts at their ledger paths in the snapshot's tree (without the
        /// withheld ones), by path, each already read and hashed once; `zip` reads them again
        /// as it writes them, so they are never all in memory.
        public let evidence: [EvidenceFile]
        public let records: Int
        public let artifacts: Int
        /// Artifacts left out of a SOC 2 bundle (classified cui), and how many records with them.
        public let withheld: [EvidenceBundle.WithheldArtifact]
        public let withheldRecords: Int
        /// The CMMC documents at the snapshot (a CMMC bundle only).
        public let ssp: SystemSecurityPlan?
        public let poam: PoamExport?
        /// The SPRS entry, or why there is none (a snapshot of another kind, a field not set).
        public let sprs: SPRSEntry?
        public let sprsAbsence: String?
        /// The OSCAL documents, or why there are none (the system section lacks what the SSP needs).
        public let oscal: OSCALExportService.Export?
        public let oscalAbsence: String?
        /// What is worth saying and fails nothing (records left out of a document, documents left out).
        public let notices: [String]
    }

    /// A record or artifact of the snapshot: its path and SHA-256, and the blob it is read from.
    public struct EvidenceFile: Sendable {
        public let path: String
        public let sha256: String
        let blob: ObjectID
    }

    let ledger: LedgerRepository
    let environment: RunEnvironment

    public init(ledger: LedgerRepository, environment: RunEnvironment) {
        self.ledger = ledger
        self.environment = environment
    }

    /// Everything the bundle of snapshot `name` holds for `audience`. The same snapshot gives the
    /// same contents (the SPRS entry reads HEAD's system section for a field the snapshot's commit
    /// lacks, as `export sprs` does).
    /// Throws `LedgerError` `.notFound` for an unknown snapshot (naming the closest), `.invalidInput`
    /// for one whose manifest does not read, whose tag names no commit, or whose records do not
    /// validate any more, `.gate` when the manifest's artifact list does not hash to its
    /// list_sha256 or an artifact in the tree is not the one the manifest records.
    public func contents(_ name: String, for audience: EvidenceBundle.Audience) throws -> Contents {
        let snapshots = SnapshotService(ledger: ledger, environment: environment)
        let s = try snapshots.snapshot(named: name)
        guard let manifest = s.manifest else { throw LedgerError.invalid("snapshot '\(name)': \(s.manifestProblem ?? "no manifest"); run 'evident snapshot verify \(name)'") }
        guard s.tag.targetKind == .commit else {
            throw LedgerError.invalid("snapshot '\(name)': its tag points at a \(s.tag.targetKind), not a commit; run 'evident snapshot verify \(name)'")
        }
        let logs = try snapshots.dodLogs(name)
        guard let recorded = try snapshots.recordedManifest(of: s) else {
            throw LedgerError.invalid("snapshot '\(name)': the tag message carries no evident manifest")
        }
        let manifestFile = EvidenceBundle.manifestFile(recorded)
        let revision = try Revision(repository: ledger.repository, commit: s.tag.target, spec: s.refName)
        let at = s.refName
        var notices = [String]()

        // Each evidence folder's classification; a record that no longer decodes has none, and a
        // bundle for a SOC 2 firm withholds it as if it were CUI: what it holds cannot be told.
        let (decoded, issues) = try revision.evidence()
        var classification = [String: String?]()
        for r in decoded { classification[r.folder] = r.classification }
        for i in issues {
            let folder = (i.file as NSString).deletingLastPathComponent
            classification[folder] = .some(nil)
            notices.append("warning: \(i) (\(audience == .soc2 ? "withheld as if it were CUI: its classification cannot be read" : "its files are bundled as the snapshot holds them"); see 'evident snapshot verify \(name)')")
        }
        func isWithheld(_ folder: String) -> Bool {
            guard audience == .soc2 else { return false }
            guard let known = classification[folder] else { return false }
            return known == nil || known == Classification.cui.rawValue
        }
        func folder(of path: String) -> String {
            path.split(separator: "/", maxSplits: 4, omittingEmptySubsequences: false).prefix(4).joined(separator: "/")
        }

        // Every file below evidence/ at the snapshot, in one walk of its trees.
        var blobs = [String: ObjectID]()
        let repository = ledger.repository
        if let root = try wrap("reading \(Layout.evidenceRoot)/ at \(at)", { try repository.entry(at: Layout.evidenceRoot, inTree: revision.tree) }), root.isTree {
            for f in try wrap("reading \(Layout.evidenceRoot)/ at \(at)", { try repository.files(inTree: root.id, prefix: Layout.evidenceRoot) }) where f.kind != .submodule {
                blobs[f.path] = f.id
            }
        }
        var wanted = [(path: String, blob: ObjectID, sha256: String?)]()
        var withheld = [EvidenceBundle.WithheldArtifact]()
        for a in manifest.artifacts.sorted(by: { EvidenceBundle.precedes($0.path, $1.path) }) {
            let f = folder(of: a.path)
            if isWithheld(f) {
                withheld.append(EvidenceBundle.WithheldArtifact(evidenceID: (f as NSString).lastPathComponent, path: a.path, sha256: a.sha256, bytes: a.bytes))
                continue
            }
            guard let id = blobs[a.path] else {
                throw LedgerError(.gate, "snapshot '\(name)': its manifest lists \(a.path), which is not in the snapshot's tree; run 'evident snapshot verify \(name)'")
            }
            wanted.append((a.path, id, a.sha256))
        }
        let recordFiles = try revision.evidenceRecordFiles()
        var withheldRecords = 0
        for r in recordFiles {
            if isWithheld(folder(of: r.path)) { withheldRecords += 1 } else { wanted.append((r.path, r.id, nil)) }
        }
        // Each file read and hashed on every core, nothing kept but its hash: an artifact must be
        // the file its manifest records, and SHA256SUMS (written before the evidence) lists them all.
        let gitDirectory = repository.gitDirectory
        let hashes = try ConcurrentMap.map(wanted, batch: 256, worker: { try Repository(at: gitDirectory) }) { repo, w -> String in
            try wrap("reading \(w.path) at \(at)") { try repo.withBlob(w.blob) { Digest.sha256($0) } }
        }
        var evidence = [EvidenceFile]()
        evidence.reserveCapacity(wanted.count)
        for (w, sha) in Swift.zip(wanted, hashes) {
            if let expected = w.sha256, sha != expected {
                throw LedgerError(.gate, "snapshot '\(name)': \(w.path) in the snapshot's tree is not the file its manifest records (sha256 \(expected.prefix(16))); run 'evident snapshot verify \(name)'")
            }
            evidence.append(EvidenceFile(path: w.path, sha256: sha, blob: w.blob))
        }
        evidence.sort { EvidenceBundle.precedes($0.path, $1.path) }

        // The CMMC documents, computed at the snapshot as their own exports compute them.
        var ssp: SystemSecurityPlan?
        var poam: PoamExport?
        var sprs: SPRSEntry?
        var sprsAbsence: String?
        var oscal: OSCALExportService.Export?
        var oscalAbsence: String?
        if audience == .cmmc {
            let (plan, planIssues) = try SSPExportService(ledger: ledger, environment: environment).plan(at: at)
            ssp = plan
            let (items, poamIssues) = try PoamExportService(ledger: ledger, environment: environment).items(at: at)
            poam = items
            for i in Set(planIssues + poamIssues).sorted(by: { $0.description < $1.description }) {
                notices.append("warning: \(i) (left out of the SSP and POA&M; see 'evident validate')")
            }
            if !plan.missing.isEmpty {
                notices.append("note: the system section lacks \(plan.missing.map(\.rawValue).joined(separator: ", ")), so the SSP says so; 'evident system show' lists the commands that set them")
            }
            (sprs, sprsAbsence) = try sprsEntry(name, kind: manifest.kind)
            do {
                let export = try OSCALExportService(ledger: ledger, environment: environment).export(at: at)
                oscal = export
                notices += export.notices
            } catch let e as LedgerError where e.kind == .gate {
                oscalAbsence = e.message
            }
        }
        return Contents(snapshot: name, organization: try revision.config().organization, audience: audience, manifest: manifest, manifestFile: manifestFile,
                        manifestSHA256: Digest.sha256(manifestFile), dodLogs: logs, evidence: evidence,
                        records: recordFiles.count - withheldRecords, artifacts: evidence.count - (recordFiles.count - withheldRecords),
                        withheld: withheld, withheldRecords: withheldRecords, ssp: ssp, poam: poam, sprs: sprs, sprsAbsence: sprsAbsence,
                        oscal: oscal, oscalAbsence: oscalAbsence, notices: notices)
    }

    /// The SPRS entry of snapshot `name`, or why the bundle has none: a kind SPRS does not take
    /// (cmmc-rules.md §12.10: CMMC Level 1 and Level 2 assessments), or a field ledger.yaml lacks.
    func sprsEntry(_ name: String, kind: String) throws -> (SPRSEntry?, String?) {
        guard SPRSExportService.kinds.map(\.rawValue).contains(kind) else {
            return (nil, "a \(kind) snapshot has no SPRS entry: SPRS takes CMMC Level 1 and Level 2 assessments (cmmc-l1-self, cmmc-l2-self, cmmc-l2-c3pao)")
        }
        let entry = try SPRSExportService(ledger: ledger, environment: environment).entry(snapshot: name).entry
        guard entry.missing.isEmpty else {
            return (nil, "SPRS asks for " + entry.missing.map { "\($0.rawValue) (\($0.setCommand))" }.joined(separator: ", ") + ", not set in .evident/ledger.yaml")
        }
        return (entry, nil)
    }

    /// Writes the ZIP of a bundle through `sink`: its `documents` (every file but the evidence
    /// and `SHA256SUMS`, which is computed here over all of them) and the evidence of `contents`,
    /// in path order, each modified at the snapshot's as-of day 00:00 UTC, so `unzip -l` shows the
    /// day the snapshot judges and the same snapshot gives the same bytes. The evidence is read
    /// and deflated a few thousand files at a time on every core and written in order, so the
    /// memory it takes does not grow with the snapshot. Returns the bytes written.
    /// Throws `LedgerError` `.failure` when two files share a path, a blob cannot be read or the
    /// ZIP cannot be built, and whatever `sink` throws.
    public func zip(_ contents: Contents, documents: [(path: String, data: Data)], to sink: @escaping (Data) throws -> Void) throws -> Int {
        enum Item { case document(Data), evidence(ObjectID) }
        var items = [(path: String, item: Item)]()
        var sums = [(path: String, sha256: String)]()
        var seen = Set<String>()
        for d in documents {
            items.append((d.path, .document(d.data)))
            sums.append((d.path, Digest.sha256(d.data)))
        }
        for e in contents.evidence {
            items.append((e.path, .evidence(e.blob)))
            sums.append((e.path, e.sha256))
        }
        for i in items where !seen.insert(i.path).inserted || i.path == EvidenceBundle.sums {
            throw LedgerError(.failure, "the bundle would hold \(i.path) twice")
        }
        items.append((EvidenceBundle.sums, .document(Data(EvidenceBundle.sumsText(sums).utf8))))
        items.sort { EvidenceBundle.precedes($0.path, $1.path) }

        var writer = ZipArchive.Writer(day: contents.manifest.asOf, sink: sink)
        let gitDirectory = ledger.repository.gitDirectory
        let at = "refs/tags/" + SnapshotService.tagPrefix + contents.snapshot
        var start = 0
        while start < items.count {
            let chunk = Array(items[start..<min(start + 4096, items.count)])
            let deflated = try ConcurrentMap.map(chunk, batch: 16, worker: { try Repository(at: gitDirectory) }) { repo, i -> ZipArchive.Deflated in
                switch i.item {
                case .document(let data):
                    return try ZipArchive.deflate(data, path: i.path)
                case .evidence(let id):
                    let data = try wrap("reading \(i.path) at \(at)") { try repo.withBlob(id) { Data($0) } }
                    return try ZipArchive.deflate(data, path: i.path)
                }
            }
            for (i, d) in Swift.zip(chunk, deflated) { try writer.add(i.path, d) }
            start += chunk.count
        }
        try writer.finish()
        return writer.offset
    }

    /// Checks the bundle at `path` (shown as `shown`) from the ZIP alone: no ledger is opened.
    /// Problems found are findings. Throws `LedgerError` `.notFound` when there is no such file,
    /// `.invalidInput` when it is not a ZIP or holds no manifest.json.
    public static func verify(bundleAt path: String, shownAs shown: String) throws -> EvidenceBundle.CheckResult {
        let entries = try ZipArchive.read(path, shownAs: shown)
        do {
            return try EvidenceBundle.check(entries, sha256: Digest.sha256)
        } catch let e as LedgerError where e.kind == .invalidInput {
            throw LedgerError.invalid("--bundle \(shown): \(e.message)")
        }
    }
}
