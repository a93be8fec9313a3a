/// The closed sets of values a record field may hold (Schemas/ lists the same values), as types:
/// a use case that takes one of these cannot be handed a value outside the set. Records keep
/// the field as text, because a record read from history may hold anything, and its decoder
/// reports a value outside the set as a finding.

/// How a piece of evidence was collected (`evidence.method`).
public enum EvidenceMethod: String, CaseIterable, Sendable {
    case automated, manual, screenshot, interview, document
}

/// Who may see a piece of evidence (`evidence.classification`): FCI and CUI as 32 CFR 170 and
/// DFARS 252.204-7012 name them.
public enum Classification: String, CaseIterable, Sendable {
    case `public`, `internal`, fci, cui
}

/// Where a control stands (`control.status`); `not_applicable` needs a justification.
public enum ControlStatus: String, CaseIterable, Sendable {
    case implemented
    case partiallyImplemented = "partially_implemented"
    case planned
    case notImplemented = "not_implemented"
    case notApplicable = "not_applicable"
}

/// How often a control operates (`control.frequency`), shortest first; SOC 2 Type 2 tests a
/// control in the calendar intervals of its frequency inside the observation period, day by day
/// for daily and continuous controls, event by event for on_event ones (soc2-rules.md §3).
public enum ControlFrequency: String, CaseIterable, Sendable {
    case continuous, daily, weekly, monthly, quarterly, semiannual, annual
    case onEvent = "on_event"
}

/// What a snapshot records (`snapshot.kind`): the assessment it stands for.
public enum SnapshotKind: String, CaseIterable, Sendable {
    case cmmcL1Self = "cmmc-l1-self"
    case cmmcL2Self = "cmmc-l2-self"
    case cmmcL2C3PAO = "cmmc-l2-c3pao"
    case cmmcL3DIBCAC = "cmmc-l3-dibcac"
    case soc2Type1 = "soc2-type1"
    case soc2Type2 = "soc2-type2"
    case `internal`
}

/// What an exception record stands for (`exception.kind`): an enduring exception described in
/// the SSP (32 CFR 170.24(b)(1)(i)) or a temporary deficiency under an operational plan of
/// action (170.24(b)(1)(ii)); cmmc-rules.md §12.7.
public enum ExceptionKind: String, CaseIterable, Sendable {
    case enduring, temporary
}
