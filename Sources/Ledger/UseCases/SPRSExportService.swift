import Foundation
import LedgerCore

/// `evident export sprs`: the SPRS entry of a CMMC snapshot (`SPRSEntry`).
public struct SPRSExportService {
    /// The entry, and how its snapshot was chosen.
    public struct Result: Sendable {
        public let entry: SPRSEntry
        /// True when no snapshot was named and the latest CMMC snapshot was taken.
        public let latest: Bool
    }

    let ledger: LedgerRepository
    let environment: RunEnvironment

    public init(ledger: LedgerRepository, environment: RunEnvironment) {
        self.ledger = ledger
        self.environment = environment
    }

    /// The snapshot kinds evident makes an SPRS entry of (cmmc-rules.md §12.10).
    public static let kinds: [SnapshotKind] = [.cmmcL1Self, .cmmcL2Self, .cmmcL2C3PAO]

    /// The SPRS entry of snapshot `name`, or of the latest CMMC Level 1 or Level 2 snapshot (by
    /// as_of, then creation) when `name` is nil.
    /// Throws `LedgerError` `.notFound` for an unknown snapshot or when there is no CMMC snapshot,
    /// `.invalidInput` for a snapshot of another kind (SOC 2, internal, Level 3) or one whose
    /// manifest does not read.
    public func entry(snapshot name: String?) throws -> Result {
        try entry(snapshot: name, known: nil)
    }

    /// `entry(snapshot:)` from `known`, the readiness input of the snapshot's commit, when the caller has it.
    func entry(snapshot name: String?, known: ReadinessInput?) throws -> Result {
        let snapshots = SnapshotService(ledger: ledger, environment: environment)
        let assessments = try snapshots.assessments()
        let kinds = Set(Self.kinds.map(\.rawValue))
        let chosen: String
        if let name {
            chosen = name
        } else {
            guard let latest = assessments.filter({ kinds.contains($0.kind) })
                .max(by: { ($0.asOf, $0.createdAt, $0.name) < ($1.asOf, $1.createdAt, $1.name) }) else {
                throw LedgerError.notFound("no CMMC snapshot to enter in SPRS: take one with 'evident snapshot create NAME --kind cmmc-l2-self' (or cmmc-l1-self), then export it")
            }
            chosen = latest.name
        }
        let s = try snapshots.snapshot(named: chosen, artifacts: false)
        guard let manifest = s.manifest else {
            throw LedgerError.invalid("snapshot '\(chosen)': \(s.manifestProblem ?? "no manifest"); run 'evident snapshot verify \(chosen)'")
        }
        guard kinds.contains(manifest.kind), let type = StatusHeld.type(ofKind: manifest.kind) else {
            let why = manifest.kind == SnapshotKind.cmmcL3DIBCAC.rawValue
                ? "Level 3 results are entered by DCMA DIBCAC, and evident does not compute Level 3 (cmmc-rules.md §12.9)"
                : "SPRS takes CMMC assessments only"
            throw LedgerError.invalid("snapshot '\(chosen)' is a \(manifest.kind) snapshot: \(why); name a cmmc-l1-self, cmmc-l2-self or cmmc-l2-c3pao snapshot ('evident snapshot list' shows them)")
        }
        let framework = type.level == 1 ? "cmmc-l1" : "cmmc-l2"
        let recorded = manifest.readiness.listValue?.first { $0["id"]?.stringValue == framework }
        guard s.tag.targetKind == .commit else {
            throw LedgerError.invalid("snapshot '\(chosen)': its tag points at a \(s.tag.targetKind), not a commit; run 'evident snapshot verify \(chosen)'")
        }
        let revision = try Revision(repository: ledger.repository, commit: s.tag.target, spec: s.refName)
        let input = try known ?? ReadinessService.input(at: revision).0
        // The Plan of Action completion date at the assessment: readiness's own, at the snapshot's day (§12.10).
        let report = try ReadinessReport.evaluate(input, ReadinessRequest(frameworks: ["cmmc-l2"], asOf: manifest.asOf), revision: revision.commitID.hex)
        let held = StatusHeld.held(level: type.level, assessment: type.assessment, snapshots: assessments, at: manifest.asOf)
        let head = try? ledger.resolve("HEAD").config().system
        let (system, fromHead) = SPRSEntry.system(atSnapshot: input.config.system ?? SystemSection(), atHead: head, level: type.level)
        guard let entry = SPRSEntry.make(snapshot: chosen, kind: manifest.kind, asOf: manifest.asOf, recordedScore: recorded?["score"]?.intValue,
                                         recordedStatus: recorded?["status"]?.stringValue, held: held, system: system, fromHead: fromHead,
                                         planOfActionCompletion: report.cmmcL2?.planOfActionCompletion) else {
            throw LedgerError.invalid("snapshot '\(chosen)' is a \(manifest.kind) snapshot, which has no SPRS entry")
        }
        return Result(entry: entry, latest: name == nil)
    }
}
