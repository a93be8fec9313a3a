import Foundation
import GitStore
import LedgerCore

/// Where an export is computed: the revision `--at` names (read from git objects, never the work
/// tree) and the day statuses are judged at, which comes from the revision itself, never from
/// the clock, so the same revision always gives the same export:
///
/// - `--at DATE`: the last commit on or before it, judged at that day (as `readiness --at DATE`);
/// - `--at SNAPSHOT`: the snapshot's commit, judged at its `as_of` (as the snapshot was);
/// - any other revision (HEAD, a branch, a tag, a commit id): its commit, judged at the day it was
///   committed (the committer's time, in UTC), so `--at HEAD` and `--at <its id>` agree.
public struct ExportPoint {
    public let revision: Revision
    public let asOf: Day
    /// The snapshot `--at` named, when it named one.
    public let snapshot: String?

    /// Throws `LedgerError` `.notFound` for an unknown revision, `.invalidInput` for a date that
    /// is no day of the calendar, `.failure` when git objects cannot be read.
    public static func resolve(_ at: String, in ledger: LedgerRepository, environment: RunEnvironment) throws -> ExportPoint {
        let revision = try Self.revision(at, in: ledger, environment: environment)
        if let day = Day(at) { return ExportPoint(revision: revision, asOf: day, snapshot: nil) }
        var name = at
        for prefix in ["refs/tags/" + SnapshotService.tagPrefix, SnapshotService.tagPrefix] where name.hasPrefix(prefix) {
            name = String(name.dropFirst(prefix.count))
        }
        // A snapshot only when that is what `resolve` found: a branch or tag of the same name wins there.
        if (try? SnapshotService.checkName(name)) != nil,
           let s = try? SnapshotService(ledger: ledger, environment: environment).snapshot(named: name, artifacts: false),
           s.commit == revision.commitID, let manifest = s.manifest {
            return ExportPoint(revision: revision, asOf: manifest.asOf, snapshot: name)
        }
        let info = try revision.commitInfo()
        return ExportPoint(revision: revision, asOf: Timestamp(secondsSince1970: info.committer.time.timeIntervalSince1970).day, snapshot: nil)
    }

    /// The revision an export's `--at` names. A date after today is refused: an export describes
    /// what the ledger held on a day that has come, and one dated later would judge evidence valid
    /// on a day nobody has reached (and change once records are added). `readiness --as-of` looks ahead.
    /// Throws `InputError` `.invalidInput` for such a date, and as `LedgerRepository.resolve`.
    static func revision(_ at: String, in ledger: LedgerRepository, environment: RunEnvironment) throws -> Revision {
        if let day = Day(at), day > environment.today {
            throw InputError.invalid("\(field: .at) \(day) is after today (\(environment.today)): an export describes a day that has come; give today or an earlier day ('evident readiness --as-of' looks ahead)")
        }
        return try ledger.resolve(at)
    }

    /// Readiness of the revision's records at the day, for `frameworks` (empty: every one in
    /// scope; SOC 2 as Type 1), without the status held (it would read snapshots taken later, and
    /// an export of a revision must not change when one is). Records that do not validate are
    /// left out and returned as issues.
    /// `known` is the revision's input (`ReadinessService.input(at:)`) when the caller has read it
    /// already: a bundle computes its SSP, POA&M and SPRS entry from one reading of the records.
    /// Throws `LedgerError` `.notFound` or `.invalidInput` when the configuration or a catalog is missing or does not parse.
    func readiness(frameworks: [String] = [], known: (ReadinessInput, [ValidationIssue])? = nil) throws -> (ReadinessInput, ReadinessReport, [ValidationIssue]) {
        let (input, issues) = try known ?? ReadinessService.input(at: revision)
        let report = try ReadinessReport.evaluate(input, ReadinessRequest(frameworks: frameworks, asOf: asOf), revision: revision.commitID.hex)
        return (input, report, issues)
    }
}
