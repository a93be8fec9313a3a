import Foundation
import GitStore
import LedgerCore

/// `evident export oscal`: the OSCAL 1.2.3 catalog, profile, SSP, assessment results and POA&M
/// of one revision (issue 13 §4), read from git objects only (never the work tree) and built by
/// `OSCALExport`. The same revision gives the same bytes: every time comes from the commit or
/// the records, every UUID from the ledger and the object.
public struct OSCALExportService {
    /// What `export` computed: the documents in model order, the ones left out and why, and
    /// notices (records that do not validate, left out as readiness leaves them out).
    public struct Export: Sendable {
        public let documents: [(model: OSCALModel, document: RecordValue)]
        public let skipped: [(model: OSCALModel, reason: String)]
        public let notices: [String]
        public let commit: CommitID
    }

    let ledger: LedgerRepository
    let environment: RunEnvironment

    public init(ledger: LedgerRepository, environment: RunEnvironment) {
        self.ledger = ledger
        self.environment = environment
    }

    /// Every document at `spec` (a revision or snapshot name; a date means the last commit on or
    /// before it). The assessment results are left out (and said why) when no snapshot comes up
    /// to the revision, the POA&M when the ledger has no item: OSCAL requires one of each, and
    /// nothing else refers to those two files.
    /// Throws `LedgerError` `.notFound` for an unknown revision or a catalog in scope that is not
    /// pinned, `.gate` when the system section lacks what the SSP needs (naming the commands that
    /// set it), `.invalidInput` when the configuration or a catalog id does not read.
    public func export(at spec: String) throws -> Export {
        // A refusal of the catalog, profile or SSP (a catalog not pinned, a system section
        // without what the SSP needs) is found from the revision alone, before every snapshot's
        // manifest and records are read for the assessment results (100 snapshots of a 100k-record
        // ledger: gigabytes, for a bundle whose OSCAL documents are then left out).
        try OSCALExport(try self.input(at: spec, snapshots: false).0).checkBeforeSnapshots()
        let (input, notices, commit) = try self.input(at: spec, snapshots: true)
        let builder = try OSCALExport(input)
        var documents = [(model: OSCALModel, document: RecordValue)]()
        var skipped = [(model: OSCALModel, reason: String)]()
        for model in OSCALModel.allCases {
            if let why = builder.absence(model) {
                skipped.append((model, why))
                continue
            }
            documents.append((model, try builder.document(model)))
        }
        return Export(documents: documents, skipped: skipped, notices: notices, commit: commit)
    }

    /// One document at `spec`. Throws as `export`, and `LedgerError` `.notFound` for assessment
    /// results without a snapshot or a POA&M without an item.
    public func document(_ model: OSCALModel, at spec: String) throws -> (document: RecordValue, notices: [String]) {
        let (input, notices, _) = try self.input(at: spec, snapshots: model == .assessmentResults)
        return (try OSCALExport(input).document(model), notices)
    }

    /// The records of the revision, and the snapshots whose commit is the revision's or one of
    /// its ancestors ("up to the revision"), oldest first, each with the controls and evidence at
    /// its own commit. A snapshot whose manifest does not read is left out with a notice.
    func input(at spec: String, snapshots wanted: Bool) throws -> (OSCALInput, [String], CommitID) {
        let revision = try ExportPoint.revision(spec, in: ledger, environment: environment)
        let config = try revision.config()
        let catalogs = try revision.catalogs()
        let controls = try revision.controls(catalogs: catalogs)
        let poams = try revision.poams()
        let time = Timestamp(secondsSince1970: try revision.commitInfo().committer.time.timeIntervalSince1970)
        var notices = (controls.issues + poams.issues).map { "warning: \($0) (left out of the export; see 'evident validate')" }
        var snapshots = [OSCALSnapshot]()
        if wanted {
            let service = SnapshotService(ledger: ledger, environment: environment)
            for s in try service.list() {
                guard try wrap("walking history", { try ledger.repository.isAncestor(s.tag.target, of: revision.commit) }) else { continue }
                guard let manifest = s.manifest else {
                    notices.append("warning: snapshot \(s.name) is left out of the assessment results: \(s.manifestProblem ?? "no manifest"); run 'evident snapshot verify \(s.name)'")
                    continue
                }
                let at = try Revision(repository: ledger.repository, commit: s.tag.target, spec: s.refName)
                let atCatalogs = try at.catalogs()
                let evidence = try at.evidence()
                snapshots.append(OSCALSnapshot(manifest: manifest, controls: try at.controls(catalogs: atCatalogs).records, evidence: evidence.records))
            }
        }
        let input = OSCALInput(config: config, catalogs: catalogs, controls: controls.records, poams: poams.records, commit: revision.commit.hex,
                               commitTime: time, snapshots: snapshots)
        return (input, notices, revision.commitID)
    }
}
