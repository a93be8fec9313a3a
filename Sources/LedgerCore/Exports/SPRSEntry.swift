/// What a person types into SPRS for one CMMC assessment (a snapshot), exactly the fields of
/// cmmc-rules.md §12.10 (section 2; 32 CFR 170.15(a)(1)(i), 170.16(a)(1)(i); Methodology Annex B):
///
/// - Level 1 (Self): level, status date, scope, CAGE codes and the compliance result.
/// - Level 2 (Self): score out of 110, assessment date (the snapshot's as_of), scope, CAGE codes,
///   the SSP's name, version and date, the Plan of Action completion date (the latest scheduled
///   completion of the Level 2 POA&M items open at the assessment, or none) and the assessment type.
/// - Level 2 (C3PAO): the same fields, with assessment `c3pao`. The C3PAO enters its own result in
///   SPRS (through CMMC eMASS), not the organisation: evident prints them so the organisation can
///   check what is entered.
///
/// The score and result are those the snapshot recorded (what the assessment found, whatever rules
/// evident has since); the status date is the date of the status held after it (cmmc-rules.md
/// §12.1, §12.2: for a Conditional status its Conditional CMMC Status Date, for a Final one the day
/// it became Final), none when no status is held. Scope, CAGE codes and the SSP come from the
/// system section of ledger.yaml and are never invented: a missing one is `missing`.
public struct SPRSEntry: Sendable {
    public let snapshot: String
    public let kind: String
    /// The snapshot's as_of.
    public let asOf: Day
    public let level: Int
    /// self or c3pao.
    public let assessment: String
    /// Level 2: the recorded SPRS score (nil when the assessment was incomplete); Level 1: nil.
    public let score: Int?
    public let maxScore: Int?
    /// The recorded result: final, conditional, no_status or incomplete (Level 1: final or no_status).
    public let status: String?
    /// Level 2: the snapshot's as_of; Level 1: nil (not an SPRS field of Level 1).
    public let assessmentDate: Day?
    /// The status held after the assessment.
    public let held: HeldStatus
    /// The status held's date, when a status is held (conditional or final).
    public let statusDate: Day?
    public let scope: String?
    public let cageCodes: [String]
    /// Level 2: the SSP's name (the system's name), version and date.
    public let sspName: String?
    public let sspVersion: String?
    public let sspDate: Day?
    /// Level 2: the Plan of Action completion date; Level 1 allows no POA&M (32 CFR 170.21(a)(1)).
    public let planOfActionCompletion: Day?
    /// Fields of ledger.yaml SPRS needs that are not set (in file order).
    public let missing: [SystemSection.Field]
    /// Fields not set at the snapshot's commit and read from HEAD instead.
    public let fromHead: [SystemSection.Field]

    /// The system fields SPRS asks for at a level (cmmc-rules.md §12.10).
    public static func required(level: Int) -> [SystemSection.Field] {
        level == 1 ? [.scope, .cageCodes] : [.name, .scope, .cageCodes, .sspVersion, .sspDate]
    }

    /// The system section SPRS reads: `atSnapshot`'s fields, and for each required field it
    /// lacks, `atHead`'s (the team may describe the system after the assessment; what was set at
    /// the assessment wins). Returns the fields taken from HEAD.
    public static func system(atSnapshot: SystemSection, atHead: SystemSection?, level: Int) -> (SystemSection, fromHead: [SystemSection.Field]) {
        var s = atSnapshot
        var taken = [SystemSection.Field]()
        guard let head = atHead else { return (s, []) }
        for f in required(level: level) where !s.has(f) && head.has(f) {
            switch f {
            case .scope: s.scope = head.scope
            case .cageCodes: s.cageCodes = head.cageCodes
            case .sspDate: s.sspDate = head.sspDate
            default: s[text: f] = head[text: f]
            }
            taken.append(f)
        }
        return (s, taken)
    }

    /// The entry of a snapshot of `kind` (cmmc-l1-self, cmmc-l2-self or cmmc-l2-c3pao; nil for
    /// any other kind) as of `asOf`, with the result it recorded, the status held after it, the
    /// system section to read and the Plan of Action completion date at `asOf`.
    public static func make(snapshot: String, kind: String, asOf: Day, recordedScore: Int?, recordedStatus: String?, held: HeldStatus,
                            system: SystemSection, fromHead: [SystemSection.Field], planOfActionCompletion: Day?) -> SPRSEntry? {
        guard let type = StatusHeld.type(ofKind: kind), type.level == 1 || type.level == 2 else { return nil }
        let l2 = type.level == 2
        let statusDate = held.status == .conditional || held.status == .final ? held.since : nil
        return SPRSEntry(snapshot: snapshot, kind: kind, asOf: asOf, level: type.level, assessment: type.assessment,
                         score: l2 ? recordedScore : nil, maxScore: l2 ? CMMCRules.maxScore : nil, status: recordedStatus,
                         assessmentDate: l2 ? asOf : nil, held: held, statusDate: statusDate, scope: system.scope, cageCodes: system.cageCodes,
                         sspName: l2 ? system.name : nil, sspVersion: l2 ? system.sspVersion : nil, sspDate: l2 ? system.sspDate : nil,
                         planOfActionCompletion: l2 ? planOfActionCompletion : nil,
                         missing: required(level: type.level).filter { !system.has($0) }, fromHead: fromHead)
    }
}
