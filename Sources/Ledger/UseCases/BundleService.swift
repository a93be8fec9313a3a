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
        /// The snapshot's manifest without its artifact list (`manifestFile` holds it whole;
        /// `evidence` and `withheld` are the artifacts it lists), and how many artifacts it lists.
        public let manifest: SnapshotManifest
        public let manifestArtifacts: Int
        /// `manifest.json`'s bytes (`EvidenceBundle.manifestFile`) and their SHA-256.
        public let manifestFile: Data
        public let manifestSHA256: String
        /// The snapshot's DoD logs, as `export hashes NAME --format dod` writes them.
        public let dodLogs: SnapshotService.DoDLogs
        /// Records and artifacts at their ledger paths in the snapshot's tree (without the
        /// withheld ones), by path; `zip` reads and hashes each as it writes it, so they are
        /// read once and never all in memory.
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

        /// The contents without what the documents are rendered from (the manifest text, the DoD
        /// logs' tables, the SSP, POA&M, SPRS entry and OSCAL documents), every count, hash and
        /// notice kept: what `zip` needs beside the rendered documents, so that those are held
        /// once, by the documents `zip` takes over and lets go as it writes them.
        public func withoutDocuments() -> Contents {
            let logs = SnapshotService.DoDLogs(artifactsLog: Data(), logHash: Data(), hashedDataList: dodLogs.hashedDataList,
                                               hashValue: dodLogs.hashValue, count: dodLogs.count)
            return Contents(snapshot: snapshot, organization: organization, audience: audience, manifest: manifest, manifestArtifacts: manifestArtifacts,
                            manifestFile: Data(), manifestSHA256: manifestSHA256, dodLogs: logs, evidence: evidence, records: records,
                            artifacts: artifacts, withheld: withheld, withheldRecords: withheldRecords, ssp: nil, poam: nil, sprs: sprs,
                            sprsAbsence: sprsAbsence, oscal: nil, oscalAbsence: oscalAbsence, notices: notices)
        }
    }

    /// A record or artifact of the snapshot: its path, the blob it is read from and, for an
    /// artifact, the SHA-256 its manifest records (which the blob must hash to).
    public struct EvidenceFile: Sendable {
        public let path: String
        let expectedSHA256: String?
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
    /// list_sha256 or lists a file the tree lacks (`zip` finds an artifact in the tree that is
    /// not the one the manifest records).
    public func contents(_ name: String, for audience: EvidenceBundle.Audience) throws -> Contents {
        // Every tree below evidence/ is read once: libgit2's cache would only hold them.
        try Libgit2.withSmallObjectCache { try gather(name, for: audience) }
    }

    private func gather(_ name: String, for audience: EvidenceBundle.Audience) throws -> Contents {
        var t0 = Date()
        let snapshots = SnapshotService(ledger: ledger, environment: environment)
        // The records first, and let go before the manifest's list and the tree are read, so the
        // two do not add up: the folders a SOC 2 bundle withholds, and a CMMC bundle's documents.
        // (The commit and kind come from the tag without its artifact list.)
        let brief = try snapshots.snapshot(named: name, artifacts: false)
        guard let kind = brief.manifest?.kind, let asOf = brief.manifest?.asOf else {
            throw LedgerError.invalid("snapshot '\(name)': \(brief.manifestProblem ?? "no manifest"); run 'evident snapshot verify \(name)'")
        }
        guard brief.tag.targetKind == .commit else {
            throw LedgerError.invalid("snapshot '\(name)': its tag points at a \(brief.tag.targetKind), not a commit; run 'evident snapshot verify \(name)'")
        }
        let revision = try Revision(repository: ledger.repository, commit: brief.tag.target, spec: brief.refName)
        let at = brief.refName
        trace("bundle-snapshot", &t0)
        let (withheldFolders, documents) = try self.documents(at: revision, snapshot: name, kind: kind, asOf: asOf, for: audience, t0: &t0)
        Libgit2.releaseFreedMemory()

        // The manifest in full: its artifact list (checked against list_sha256, for the DoD logs
        // and the walk below) and the text manifest.json ships, from one read of the tag.
        let (s, recorded) = try snapshots.snapshotAndManifestText(named: name)
        guard var manifest = s.manifest, let recorded else {
            throw LedgerError.invalid("snapshot '\(name)': \(s.manifestProblem ?? "no manifest"); run 'evident snapshot verify \(name)'")
        }
        guard s.tag.id == brief.tag.id else {
            throw LedgerError(.failure, "snapshot '\(name)': its tag changed while the bundle was being made; run the export again")
        }
        var artifacts = try SnapshotService.checkedArtifacts(of: manifest, name: name)
        let logs = SnapshotService.dodLogs(ofChecked: artifacts)
        let manifestFile = EvidenceBundle.manifestFile(recorded)
        // The list is held once, here, in byte order for the walk; the manifest keeps the rest.
        let listed = manifest.artifacts.count
        manifest.artifacts = []
        artifacts.sort { EvidenceBundle.precedes($0.path, $1.path) }
        trace("bundle-manifest", &t0)
        let notices = documents.notices
        func isWithheld(_ folder: String) -> Bool { withheldFolders.contains(folder) }
        func folder(of path: String) -> String {
            path.split(separator: "/", maxSplits: 4, omittingEmptySubsequences: false).prefix(4).joined(separator: "/")
        }

        // Every file below evidence/ at the snapshot, in one walk of its trees, in path order:
        // the records (evidence/YYYY/MM/ID/record.yaml) and the manifest's artifacts, found by
        // walking the manifest's sorted list beside it (other files are not the snapshot's evidence).
        let repository = ledger.repository
        var files = [TreeFile]()
        if let root = try wrap("reading \(Layout.evidenceRoot)/ at \(at)", { try repository.entry(at: Layout.evidenceRoot, inTree: revision.tree) }), root.isTree {
            files = try wrap("reading \(Layout.evidenceRoot)/ at \(at)") { try repository.files(inTree: root.id, prefix: Layout.evidenceRoot) }
            files.removeAll { $0.kind == .submodule }
            files.sort { EvidenceBundle.precedes($0.path, $1.path) }
        }
        trace("bundle-tree", &t0)
        let recordSuffix = "/" + EvidenceRecord.fileName
        var evidence = [EvidenceFile]()
        evidence.reserveCapacity(files.count)
        var withheld = [EvidenceBundle.WithheldArtifact]()
        var records = 0, withheldRecords = 0
        var next = 0
        func missing(_ a: ArtifactHash) -> LedgerError {
            LedgerError(.gate, "snapshot '\(name)': its manifest lists \(a.path), which is not in the snapshot's tree; run 'evident snapshot verify \(name)'")
        }
        for f in files {
            while next < artifacts.count, EvidenceBundle.precedes(artifacts[next].path, f.path) {
                // Not in the tree, unless withheld (its file is not wanted).
                let a = artifacts[next]
                guard isWithheld(folder(of: a.path)) else { throw missing(a) }
                withheld.append(EvidenceBundle.WithheldArtifact(evidenceID: (folder(of: a.path) as NSString).lastPathComponent, path: a.path, sha256: a.sha256, bytes: a.bytes))
                next += 1
            }
            let owner = folder(of: f.path)
            if next < artifacts.count, artifacts[next].path == f.path {
                let a = artifacts[next]
                next += 1
                if isWithheld(owner) {
                    withheld.append(EvidenceBundle.WithheldArtifact(evidenceID: (owner as NSString).lastPathComponent, path: a.path, sha256: a.sha256, bytes: a.bytes))
                } else {
                    evidence.append(EvidenceFile(path: f.path, expectedSHA256: a.sha256, blob: f.id))
                }
            } else if f.path.hasSuffix(recordSuffix), f.path.utf8.count == owner.utf8.count + recordSuffix.utf8.count {
                records += 1
                if isWithheld(owner) { withheldRecords += 1 } else { evidence.append(EvidenceFile(path: f.path, expectedSHA256: nil, blob: f.id)) }
            }
        }
        for a in artifacts[next...] {
            guard isWithheld(folder(of: a.path)) else { throw missing(a) }
            withheld.append(EvidenceBundle.WithheldArtifact(evidenceID: (folder(of: a.path) as NSString).lastPathComponent, path: a.path, sha256: a.sha256, bytes: a.bytes))
        }
        files = []
        artifacts = []
        trace("bundle-list", &t0)

        return Contents(snapshot: name, organization: try revision.config().organization, audience: audience, manifest: manifest, manifestArtifacts: listed, manifestFile: manifestFile,
                        manifestSHA256: Digest.sha256(manifestFile), dodLogs: logs, evidence: evidence,
                        records: records - withheldRecords, artifacts: evidence.count - (records - withheldRecords),
                        withheld: withheld, withheldRecords: withheldRecords, ssp: documents.ssp, poam: documents.poam,
                        sprs: documents.sprs, sprsAbsence: documents.sprsAbsence, oscal: documents.oscal, oscalAbsence: documents.oscalAbsence,
                        notices: notices)
    }

    /// A CMMC bundle's documents, computed at the snapshot as their own exports compute them,
    /// and notices about the records.
    struct Documents {
        var ssp: SystemSecurityPlan?
        var poam: PoamExport?
        var sprs: SPRSEntry?
        var sprsAbsence: String?
        var oscal: OSCALExportService.Export?
        var oscalAbsence: String?
        var notices = [String]()
    }

    /// What the records at `revision` (snapshot `name`'s commit) give a bundle for `audience`:
    /// the evidence folders it withholds (a SOC 2 bundle: those classified cui, and those whose
    /// record no longer decodes, as if it were CUI: what it holds cannot be told) and the
    /// documents (a CMMC bundle: the SSP, POA&M and SPRS entry from one readiness input, the
    /// records read here). What the records took is freed when this returns.
    func documents(at revision: Revision, snapshot name: String, kind: String, asOf: Day, for audience: EvidenceBundle.Audience, t0: inout Date) throws -> (withheld: Set<String>, documents: Documents) {
        let (decoded, issues) = try revision.evidence()
        trace("bundle-records", &t0)
        var withheld = Set<String>()
        var out = Documents()
        if audience == .soc2 {
            for r in decoded where r.classification == Classification.cui.rawValue { withheld.insert(r.folder) }
        }
        for i in issues {
            if audience == .soc2 { withheld.insert((i.file as NSString).deletingLastPathComponent) }
            out.notices.append("warning: \(i) (\(audience == .soc2 ? "withheld as if it were CUI: its classification cannot be read" : "its files are bundled as the snapshot holds them"); see 'evident snapshot verify \(name)')")
        }
        guard audience == .cmmc else { return (withheld, out) }
        let at = revision.spec
        let known = try ReadinessService.input(at: revision, evidence: (decoded, issues))
        // The snapshot's commit, judged at its as-of day: what `ExportPoint.resolve` finds for it.
        let point = ExportPoint(revision: revision, asOf: asOf, snapshot: name)
        let (plan, planIssues) = try SSPExportService(ledger: ledger, environment: environment).plan(at: point, known: known)
        out.ssp = plan
        trace("bundle-ssp", &t0)
        let (items, poamIssues) = try PoamExportService(ledger: ledger, environment: environment).items(at: point, known: known)
        out.poam = items
        trace("bundle-poam", &t0)
        for i in Set(planIssues + poamIssues).sorted(by: { $0.description < $1.description }) {
            out.notices.append("warning: \(i) (left out of the SSP and POA&M; see 'evident validate')")
        }
        if !plan.missing.isEmpty {
            out.notices.append("note: the system section lacks \(plan.missing.map(\.rawValue).joined(separator: ", ")), so the SSP says so; 'evident system show' lists the commands that set them")
        }
        (out.sprs, out.sprsAbsence) = try sprsEntry(name, kind: kind, known: known.0)
        trace("bundle-sprs", &t0)
        do {
            let export = try OSCALExportService(ledger: ledger, environment: environment).export(at: at)
            out.oscal = export
            out.notices += export.notices
        } catch let e as LedgerError where e.kind == .gate {
            out.oscalAbsence = e.message
        }
        trace("bundle-oscal", &t0)
        return (withheld, out)
    }

    /// The SPRS entry of snapshot `name`, or why the bundle has none: a kind SPRS does not take
    /// (cmmc-rules.md §12.10: CMMC Level 1 and Level 2 assessments), or a field ledger.yaml lacks.
    func sprsEntry(_ name: String, kind: String, known: ReadinessInput) throws -> (SPRSEntry?, String?) {
        guard SPRSExportService.kinds.map(\.rawValue).contains(kind) else {
            return (nil, "a \(kind) snapshot has no SPRS entry: SPRS takes CMMC Level 1 and Level 2 assessments (cmmc-l1-self, cmmc-l2-self, cmmc-l2-c3pao)")
        }
        let entry = try SPRSExportService(ledger: ledger, environment: environment).entry(snapshot: name, known: known).entry
        guard entry.missing.isEmpty else {
            return (nil, "SPRS asks for " + entry.missing.map { "\($0.rawValue) (\($0.setCommand))" }.joined(separator: ", ") + ", not set in .evident/ledger.yaml")
        }
        return (entry, nil)
    }

    /// Writes the ZIP of a bundle through `sink`: its `documents` (every file but the evidence
    /// and `SHA256SUMS`, which is computed here over all of them) and the evidence of `contents`,
    /// in path order, each modified at the snapshot's as-of day 00:00 UTC, so `unzip -l` shows the
    /// day the snapshot judges and the same snapshot gives the same bytes. The evidence is read,
    /// hashed and deflated a thousand files at a time on every core and written in order, so
    /// each blob is read once and the memory it takes does not grow with the snapshot.
    /// SHA256SUMS, which needs every hash, is listed in path order by the central directory
    /// (what unzip and every reader list) and its bytes written after the last file.
    /// Returns the bytes written.
    /// Throws `LedgerError` `.gate` when an artifact in the tree is not the file its manifest
    /// records (what `sink` was given is then no bundle: the caller discards it), `.failure`
    /// when two files share a path, a blob cannot be read or the ZIP cannot be built, and
    /// whatever `sink` throws.
    public func zip(_ contents: Contents, documents: consuming [(path: String, data: Data)], to sink: @escaping (Data) throws -> Void) throws -> Int {
        var t0 = Date()
        // The documents (a few) and the evidence (in path order already, from the tree walk) are
        // merged as they are written, not copied into one list; a document's bytes are let go
        // once written (the caller hands them over: they are held nowhere else).
        var docs = documents
        documents = []
        docs.sort { EvidenceBundle.precedes($0.path, $1.path) }
        let evidence = contents.evidence
        func inEvidence(_ path: String) -> Bool {
            var lo = 0, hi = evidence.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if EvidenceBundle.precedes(evidence[mid].path, path) { lo = mid + 1 } else { hi = mid }
            }
            return lo < evidence.count && evidence[lo].path == path
        }
        for (i, d) in docs.enumerated() where d.path == EvidenceBundle.sums || (i > 0 && docs[i - 1].path == d.path) || inEvidence(d.path) {
            throw LedgerError(.failure, "the bundle would hold \(d.path) twice")
        }
        for i in evidence.indices.dropFirst() where !EvidenceBundle.precedes(evidence[i - 1].path, evidence[i].path) {
            throw LedgerError(.failure, "the bundle's evidence is not in path order at \(evidence[i].path)")
        }

        // What gathering the contents freed goes back to the system before the evidence is read.
        Libgit2.releaseFreedMemory()
        var writer = ZipArchive.Writer(day: contents.manifest.asOf, sink: sink)
        let names = docs.reduce(0) { $0 + $1.path.utf8.count } + evidence.reduce(EvidenceBundle.sums.utf8.count) { $0 + $1.path.utf8.count }
        writer.reserve(entries: docs.count + evidence.count + 1, nameBytes: names)
        // SHA256SUMS (`EvidenceBundle.sumsText`), a line per file deflated as the file is
        // written (the files go in ZIP order, which is its order): only its deflated bytes are held.
        let sums = Deflater.zip()
        sums.start()
        var lines = [UInt8]()
        let gitDirectory = ledger.repository.gitDirectory
        let name = contents.snapshot
        let at = "refs/tags/" + SnapshotService.tagPrefix + name
        enum Item { case document(Int), evidence(Int) }
        var nextDoc = 0, nextEvidence = 0
        var sumsHeld = false
        while nextDoc < docs.count || nextEvidence < evidence.count {
            // The next thousand files in ZIP order; SHA256SUMS takes its place in the directory
            // where it sorts (after the files before it), so a chunk stops there.
            var chunk = [(path: String, item: Item)]()
            chunk.reserveCapacity(1024)
            while chunk.count < 1024, nextDoc < docs.count || nextEvidence < evidence.count {
                let doc = nextDoc < docs.count && (nextEvidence == evidence.count || EvidenceBundle.precedes(docs[nextDoc].path, evidence[nextEvidence].path))
                let path = doc ? docs[nextDoc].path : evidence[nextEvidence].path
                if !sumsHeld && !EvidenceBundle.precedes(path, EvidenceBundle.sums) {
                    if !chunk.isEmpty { break }
                    writer.holdPlace()
                    sumsHeld = true
                }
                if doc { chunk.append((path, .document(nextDoc))); nextDoc += 1 } else { chunk.append((path, .evidence(nextEvidence))); nextEvidence += 1 }
            }
            let held = docs
            let done = try ConcurrentMap.map(chunk, batch: 16, worker: { (try Repository(at: gitDirectory), Deflater.zip()) }) { w, i -> (ZipArchive.Deflated, String) in
                switch i.item {
                case .document(let k):
                    return try held[k].data.withUnsafeBytes { (try ZipArchive.deflate($0, path: i.path, with: w.1), Digest.sha256($0)) }
                case .evidence(let k):
                    let e = evidence[k]
                    let (deflated, sha) = try wrap("reading \(i.path) at \(at)") {
                        try w.0.withBlob(e.blob) { bytes in (try ZipArchive.deflate(bytes, path: i.path, with: w.1), Digest.sha256(bytes)) }
                    }
                    if let expected = e.expectedSHA256, sha != expected {
                        throw LedgerError(.gate, "snapshot '\(name)': \(i.path) in the snapshot's tree is not the file its manifest records (sha256 \(expected.prefix(16))); run 'evident snapshot verify \(name)'")
                    }
                    return (deflated, sha)
                }
            }
            lines.removeAll(keepingCapacity: true)
            for (i, d) in Swift.zip(chunk, done) {
                try writer.add(i.path, d.0)
                ArtifactList.appendLine(sha256: d.1, path: i.path, to: &lines)
                if case .document(let k) = i.item { docs[k].data = Data() }
            }
            guard lines.withUnsafeBytes({ sums.feed($0) }) else { throw LedgerError(.failure, "compressing \(EvidenceBundle.sums) for the ZIP: zlib refused it") }
        }
        if !sumsHeld { writer.holdPlace() }
        try writer.add(EvidenceBundle.sums, try ZipArchive.finish(sums, path: EvidenceBundle.sums), inHeldPlace: true)
        try writer.finish()
        trace("bundle-zip", &t0)
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
