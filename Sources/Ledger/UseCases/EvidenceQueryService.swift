import LedgerCore

/// `evident evidence list|show` and `export evidence`: evidence records at a revision, read from git objects.
public struct EvidenceQueryService {
    /// Evidence at one revision, newest collection first.
    public struct Listing {
        public let revision: Revision
        public let records: [EvidenceRecord]
        /// Records that do not validate (left out).
        public let issues: [ValidationIssue]
        /// The last day each record counts as evidence, by id: its `valid_until`, else what its
        /// controls give it (`EvidenceValidity.end`; the latest of them when they differ). No
        /// entry when none of its controls is in the library.
        public let validUntil: [String: Day]
    }

    let ledger: LedgerRepository

    public init(ledger: LedgerRepository) {
        self.ledger = ledger
    }

    /// Evidence at `revision` (a snapshot, tag, branch, commit or date), only that serving
    /// `control` when given, newest collection first.
    /// Throws `LedgerError` `.notFound` for an unknown revision.
    public func list(at revision: String, control: String?) throws -> Listing {
        let rev = try ledger.resolve(revision)
        var (records, issues) = try rev.evidence()
        if let control { records = records.filter { $0.controls.contains(control) } }
        records.sort { ($0.collectedAt, $0.id) > ($1.collectedAt, $1.id) }
        let policy = try rev.config().policy
        let validUntil = Self.validUntil(records, controls: try rev.controls().records, policy: policy)
        return Listing(revision: rev, records: records, issues: issues, validUntil: validUntil)
    }

    /// The last day each record counts as evidence, by id: its `valid_until`, else what its
    /// controls give it (`EvidenceValidity.end`; the latest of them when they differ). No entry
    /// when none of its controls is in the library, nor for a no-occurrence record.
    static func validUntil(_ records: [EvidenceRecord], controls list: [ControlRecord], policy: LedgerConfig.Policy) -> [String: Day] {
        let controls = Dictionary(list.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var validUntil = [String: Day]()
        // A no-occurrence record is never valid evidence (EvidenceValidity.isValid): no date.
        for r in records where !r.noOccurrence {
            if let v = r.validUntil {
                validUntil[r.id] = v
            } else if let end = r.controls.compactMap({ controls[$0] }).map({ EvidenceValidity.end(of: r, for: $0, policy: policy) }).max() {
                validUntil[r.id] = end
            }
        }
        return validUntil
    }

    /// The evidence index at one revision.
    public struct IndexExport {
        public let revision: Revision
        public let rows: [ArtifactIndexRow]
        /// Records that do not validate (left out).
        public let issues: [ValidationIssue]
    }

    /// `evident export evidence`: one row per artifact at `revision` (a snapshot, tag, branch,
    /// commit or date), with the requirements and criteria each supports (`ArtifactIndex.rows`),
    /// computed from git objects only, so the same revision gives the same rows.
    /// Throws `LedgerError` `.notFound` for an unknown revision, `.invalidInput` when the
    /// configuration or a catalog does not read, `InputError` `.invalidInput` for a date after
    /// `environment`'s today (an export describes a day that has come).
    public func index(at revision: String, environment: RunEnvironment) throws -> IndexExport {
        let rev = try ExportPoint.revision(revision, in: ledger, environment: environment)
        let catalogs = try rev.catalogs()
        let controls = try rev.controls(catalogs: catalogs)
        let evidence = try rev.evidence()
        let policy = try rev.config().policy
        let rows = ArtifactIndex.rows(evidence: evidence.records, controls: controls.records, catalogs: catalogs,
                                      validUntil: Self.validUntil(evidence.records, controls: controls.records, policy: policy))
        return IndexExport(revision: rev, rows: rows, issues: controls.issues + evidence.issues)
    }

    /// Refuses text that is not an evidence id, before any ledger is opened.
    /// Throws `LedgerError` `.invalidInput`.
    public static func checkID(_ id: String) throws {
        guard EvidenceIDFormat.isValid(id) else {
            throw LedgerError.invalid("'\(id)' is not an evidence id (EV-YYYYMMDD-XXXXXX); 'evident evidence list' shows them")
        }
    }

    /// One record by id at `revision`.
    /// Throws `LedgerError` `.invalidInput` when `id` is not an evidence id or the record does not
    /// validate, `.notFound` for an unknown revision or no such record there.
    public func show(id: String, at revision: String) throws -> EvidenceRecord {
        try Self.checkID(id)
        let rev = try ledger.resolve(revision)
        guard let r = try rev.evidence(id: id) else {
            throw LedgerError.notFound("no evidence \(id) at \(revision) (\(rev.commitID.short)); 'evident evidence list --at \(revision)' shows what is there")
        }
        return r
    }
}
