/// When evidence counts for a control (issue "Readiness" section 1, DESIGN.md "Readiness").
public enum EvidenceValidity {
    /// One interval of a control's frequency; nil for continuous and on_event controls.
    public static func interval(of frequency: String) -> ISODuration? {
        switch frequency {
        case "daily": return ISODuration(days: 1)
        case "weekly": return ISODuration(weeks: 1)
        case "monthly": return ISODuration(months: 1)
        case "quarterly": return ISODuration(months: 3)
        case "semiannual": return ISODuration(months: 6)
        case "annual": return ISODuration(years: 1)
        default: return nil
        }
    }

    /// The last day `evidence` counts for `control`: the record's `valid_until`, else collection +
    /// the control's `evidence_valid_for`, else collection + one interval of its frequency + the
    /// ledger's grace, else collection + the ledger's default validity.
    public static func end(of evidence: EvidenceRecord, for control: ControlRecord, policy: LedgerConfig.Policy) -> Day {
        let collected = evidence.collectedAt.day
        if let v = evidence.validUntil { return v }
        if let d = control.evidenceValidFor { return d.added(to: collected) }
        if let i = interval(of: control.frequency) { return policy.grace.added(to: i.added(to: collected)) }
        return policy.defaultEvidenceValidity.added(to: collected)
    }

    /// Valid at `day`: collected on or before it, and `day` not after the validity end. A
    /// no-occurrence record is never valid evidence: it says that no event happened, not that the
    /// control operated, so it counts neither for a CMMC requirement's MET nor for SOC 2 Type 1;
    /// only SOC 2 Type 2 reads it, for on_event controls (soc2-rules.md §3).
    public static func isValid(_ evidence: EvidenceRecord, for control: ControlRecord, at day: Day, policy: LedgerConfig.Policy) -> Bool {
        !evidence.noOccurrence && evidence.collectedAt.day <= day && day <= end(of: evidence, for: control, policy: policy)
    }
}

/// Evidence grouped by the controls it serves, newest first.
public struct EvidenceIndex: Sendable {
    public let byControl: [String: [EvidenceRecord]]

    /// Newest first (collection time, then id). Positions are sorted, not the records: moving
    /// 100k records (a dozen fields each) through a sort cost more than the rest of readiness.
    public init(_ evidence: [EvidenceRecord]) {
        var positions = [String: [Int]]()
        for (i, e) in evidence.enumerated() { for c in e.controls { positions[c, default: []].append(i) } }
        var map = [String: [EvidenceRecord]](minimumCapacity: positions.count)
        for (c, list) in positions {
            let sorted = list.sorted { a, b in
                let x = evidence[a], y = evidence[b]
                if x.collectedAt != y.collectedAt { return x.collectedAt > y.collectedAt }
                return x.id > y.id
            }
            map[c] = sorted.map { evidence[$0] }
        }
        byControl = map
    }

    public func evidence(for control: String) -> [EvidenceRecord] { byControl[control] ?? [] }
}
