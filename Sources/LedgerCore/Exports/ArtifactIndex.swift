import Foundation

/// One row of the evidence index (`evident export evidence`): one artifact of one evidence
/// record, with what the record says and the requirements and criteria it supports.
public struct ArtifactIndexRow: Equatable, Sendable {
    public let evidenceID: String
    public let title: String
    public let controls: [String]
    /// CMMC Level 2 requirements (NIST SP 800-171 r2), by their CMMC ids (`IA.L2-3.5.3`).
    public let cmmcL2: [String]
    /// CMMC Level 1 requirements (`IA.L1-b.1.vi`).
    public let cmmcL1: [String]
    /// SOC 2 Trust Services Criteria (`CC6.1`).
    public let soc2: [String]
    public let collectedAt: Timestamp
    /// The last day the record counts as evidence (see `ArtifactIndex.rows`); nil when nothing says.
    public let validUntil: Day?
    public let covers: EvidenceRecord.Period?
    public let classification: String
    /// A no-occurrence record: one row, with no artifact (path, bytes, sha256 and media type nil).
    public let noOccurrence: Bool
    /// The artifact's path from the ledger root.
    public let path: String?
    public let bytes: Int?
    public let sha256: String?
    public let mediaType: String?
}

/// The evidence index: every artifact at a revision with the requirements it supports.
public enum ArtifactIndex {
    /// One row per artifact (one row for a no-occurrence record, which has none), sorted by
    /// evidence id (so by collection day) and then artifact path.
    ///
    /// What a record supports is what readiness counts it for, from the maps of its controls at
    /// the revision (controls not in the library add nothing): a Level 2 requirement when a control
    /// maps its NIST SP 800-171 r2 id; a Level 1 requirement when a control maps it or one of the
    /// NIST requirements it corresponds to (`CMMCReadiness.level1`); a SOC 2 criterion when a
    /// control maps it. A no-occurrence record supports no CMMC requirement (it shows that no event
    /// happened, not that a control operates: `RequirementEvaluator.state`), only the SOC 2 criteria
    /// of its controls (soc2-rules.md §3). Lists keep catalog order.
    /// `validUntil` is each record's last valid day by id (`EvidenceQueryService` works it out).
    public static func rows(evidence: [EvidenceRecord], controls: [ControlRecord], catalogs: CatalogSet, validUntil: [String: Day]) -> [ArtifactIndexRow] {
        // Each requirement's column and place in its catalog.
        enum Column { case l2, l1, soc2 }
        var places = [String: [(Column, Int)]]()
        var names: [Column: [String]] = [.l2: [], .l1: [], .soc2: []]
        if let nist = catalogs.catalog(Catalogs.nistID) {
            for (i, r) in nist.requirements.enumerated() { places[r.qualifiedID, default: []].append((.l2, i)); names[.l2]?.append(r.cmmcID ?? r.id) }
        }
        if let l1 = catalogs.catalog(Catalogs.cmmcL1ID) {
            for (i, r) in l1.requirements.enumerated() {
                names[.l1]?.append(r.id)
                places[r.qualifiedID, default: []].append((.l1, i))
                for related in r.related { places["\(Catalogs.nistID):\(related)", default: []].append((.l1, i)) }
            }
        }
        if let soc2 = catalogs.catalog(Catalogs.soc2ID) {
            for (i, r) in soc2.requirements.enumerated() { places[r.qualifiedID, default: []].append((.soc2, i)); names[.soc2]?.append(r.id) }
        }
        let byID = Dictionary(controls.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var rows = [ArtifactIndexRow]()
        rows.reserveCapacity(evidence.count)
        // The requirement columns depend only on the record's controls (and whether it is a
        // no-occurrence record): worked out once per such pair, not once per record.
        struct Key: Hashable { let controls: [String]; let noOccurrence: Bool }
        var columns = [Key: (l2: [String], l1: [String], soc2: [String])]()
        for e in evidence.sorted(by: { $0.id < $1.id }) {
            let key = Key(controls: e.controls, noOccurrence: e.noOccurrence)
            let (l2, l1, soc2): ([String], [String], [String])
            if let known = columns[key] {
                (l2, l1, soc2) = known
            } else {
                var found: [Column: Set<Int>] = [.l2: [], .l1: [], .soc2: []]
                for c in e.controls.compactMap({ byID[$0] }) {
                    for q in c.qualifiedRequirements {
                        for (column, i) in places[q] ?? [] where !(e.noOccurrence && column != .soc2) { found[column]?.insert(i) }
                    }
                }
                func list(_ column: Column) -> [String] { (found[column] ?? []).sorted().compactMap { names[column]?[$0] } }
                (l2, l1, soc2) = (list(.l2), list(.l1), list(.soc2))
                columns[key] = (l2, l1, soc2)
            }
            func row(_ a: EvidenceRecord.Artifact?) -> ArtifactIndexRow {
                ArtifactIndexRow(evidenceID: e.id, title: e.title, controls: e.controls, cmmcL2: l2, cmmcL1: l1, soc2: soc2,
                                 collectedAt: e.collectedAt, validUntil: e.noOccurrence ? nil : validUntil[e.id], covers: e.covers,
                                 classification: e.classification, noOccurrence: e.noOccurrence,
                                 path: a.map { e.folder + "/" + $0.path }, bytes: a?.bytes, sha256: a?.sha256, mediaType: a?.mediaType)
            }
            if e.artifacts.isEmpty {
                rows.append(row(nil))
            } else {
                for a in e.artifacts.sorted(by: { $0.path < $1.path }) { rows.append(row(a)) }
            }
        }
        return rows
    }
}
