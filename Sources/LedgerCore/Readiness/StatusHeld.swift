/// A CMMC assessment as a snapshot records it: what readiness needs to know of a snapshot to
/// work out the status an organisation holds (cmmc-rules.md §12.1).
public struct AssessmentSnapshot: Sendable, Equatable {
    public let name: String
    /// The snapshot kind (`cmmc-l2-self`, ...).
    public let kind: String
    public let asOf: Day
    /// The assessed result it recorded for its level: final, conditional, no_status or
    /// incomplete; nil when it recorded none (its frameworks left the level out).
    public let result: String?
    /// When the tag was made (seconds), to order snapshots of one day.
    public let createdAt: Int

    public init(name: String, kind: String, asOf: Day, result: String?, createdAt: Int = 0) {
        self.name = name
        self.kind = kind
        self.asOf = asOf
        self.result = result
        self.createdAt = createdAt
    }

    /// The snapshot's name, nil for the assumed assessment of `--status-date`.
    var snapshotName: String? { name.isEmpty ? nil : name }
}

/// The status an organisation holds at a day for one CMMC level and assessment type, from its
/// snapshots (cmmc-rules.md §12.1, §12.2; 32 CFR 170.21(b)).
public struct HeldStatus: Sendable, Equatable {
    public enum Status: String, Sendable { case none, conditional, final, expired }

    public let level: Int
    /// self, c3pao or dibcac.
    public let assessment: String
    public let status: Status
    /// The day the status held began: the Conditional CMMC Status Date, the Final status date
    /// (for a closeout, the closeout's as-of day); for an expired status, the day it expired.
    public let since: Day?
    /// The last day a closeout assessment may be dated: Conditional status date + 180 days,
    /// for a Conditional status and for an expired one (the day that was missed).
    public let closeoutDue: Day?
    /// The last day a Final status is held (3 years; Level 1, 1 year).
    public let validUntil: Day?
    /// The snapshot that started the status held (for a closeout, the closeout snapshot).
    public let snapshot: String?
    /// The Conditional CMMC Status Date the status held goes back to, when it came through a
    /// Conditional status (for a Final, the one it closed out).
    public let conditionalSince: Day?
    /// For an expired status: what expired ("conditional" or "final").
    public let expired: Status?

    public init(level: Int, assessment: String, status: Status, since: Day? = nil, closeoutDue: Day? = nil, validUntil: Day? = nil,
                snapshot: String? = nil, conditionalSince: Day? = nil, expired: Status? = nil) {
        self.level = level
        self.assessment = assessment
        self.status = status
        self.since = since
        self.closeoutDue = closeoutDue
        self.validUntil = validUntil
        self.snapshot = snapshot
        self.conditionalSince = conditionalSince
        self.expired = expired
    }

    /// "Level 2 (Self)", as 32 CFR 170 names the statuses.
    public var label: String { "Level \(level) (\(StatusHeld.assessmentLabel(assessment)))" }
}

public enum StatusHeld {
    /// The assessment types of a level: Level 2 Self and Level 2 C3PAO are separate statuses
    /// (cmmc-rules.md §12.1).
    public static func assessments(level: Int) -> [String] {
        switch level {
        case 1: return ["self"]
        case 2: return ["self", "c3pao"]
        default: return ["dibcac"]
        }
    }

    /// The snapshot kind that records an assessment of this level and type (cmmc-rules.md §12.1).
    public static func kind(level: Int, assessment: String) -> String { "cmmc-l\(level)-\(assessment)" }

    /// The level and assessment type a snapshot kind stands for; nil for soc2-* and internal
    /// snapshots, which never affect a CMMC status (cmmc-rules.md §12.1).
    public static func type(ofKind kind: String) -> (level: Int, assessment: String)? {
        switch kind {
        case SnapshotKind.cmmcL1Self.rawValue: return (1, "self")
        case SnapshotKind.cmmcL2Self.rawValue: return (2, "self")
        case SnapshotKind.cmmcL2C3PAO.rawValue: return (2, "c3pao")
        case SnapshotKind.cmmcL3DIBCAC.rawValue: return (3, "dibcac")
        default: return nil
        }
    }

    static func assessmentLabel(_ a: String) -> String {
        switch a {
        case "c3pao": return "C3PAO"
        case "dibcac": return "DIBCAC"
        default: return "Self"
        }
    }

    /// How long a Final status lasts: Level 1 is self-assessed every year, Levels 2 and 3 every
    /// three years (cmmc-rules.md section 7; 32 CFR 170.15(a)(1), 170.16(a)(1), 170.17, 170.18).
    public static func validity(level: Int) -> Int { level == 1 ? 12 : 36 }

    /// The status held at `day` for one level and assessment type, from the snapshots of that
    /// type dated on or before `day` (others are ignored: cmmc-rules.md §12.2, "snapshots of
    /// another type never start, move or end it"; §12.9).
    ///
    /// The snapshots are taken in date order (then creation order). Only a recorded result of
    /// final or conditional gives a status; no_status and incomplete never start, move or end one.
    /// - No status held, or an expired one, or a Final one: a Conditional result starts a
    ///   Conditional status on its as-of day (the Conditional CMMC Status Date), a Final result a
    ///   Final one. (A new full assessment is the status of record. Uncertain: the rules say how a
    ///   status ends but not whether a later Conditional assessment replaces a Final still held;
    ///   we read the latest status-giving assessment as the one DoD sees in SPRS.)
    /// - Conditional: a later Conditional result does not move the status date (§12.2). A Final
    ///   result dated on or before the closeout deadline is the closeout: Final from its as-of day,
    ///   for three years from the Conditional status date (§12.2; [S] section 7). For Level 2
    ///   (C3PAO) the closeout must be a `cmmc-l2-c3pao` snapshot, which holds since only
    ///   snapshots of the same type are read (§170.21(b)(1)-(3)).
    /// - Without a closeout, the Conditional status is expired after the deadline, status date +
    ///   180 days (§170.21(b)). §12.2 says it "becomes expired on that day"; a closeout dated that
    ///   day is still "by" the deadline, so we read it as the end of that day: on the deadline
    ///   the status is Conditional with 0 days left, and expired from the next day. Closing POA&M
    ///   items after it is not a closeout; only a new full assessment gives a status again.
    /// - A Final status is held through `validUntil` and expired from the next day.
    public static func held(level: Int, assessment: String, snapshots: [AssessmentSnapshot], at day: Day) -> HeldStatus {
        let kind = kind(level: level, assessment: assessment)
        let mine = snapshots.filter { $0.kind == kind && $0.asOf <= day }
            .sorted { ($0.asOf, $0.createdAt, $0.name) < ($1.asOf, $1.createdAt, $1.name) }
        var state = HeldStatus(level: level, assessment: assessment, status: .none)

        /// The state once `d` has come: a Conditional past its deadline, or a Final past its
        /// validity, is expired from the day after.
        func settle(_ s: HeldStatus, at d: Day) -> HeldStatus {
            switch s.status {
            case .conditional:
                if let due = s.closeoutDue, d > due {
                    return HeldStatus(level: level, assessment: assessment, status: .expired, since: due.adding(days: 1), closeoutDue: due,
                                      snapshot: s.snapshot, conditionalSince: s.since, expired: .conditional)
                }
            case .final:
                if let until = s.validUntil, d > until {
                    return HeldStatus(level: level, assessment: assessment, status: .expired, since: until.adding(days: 1), validUntil: until,
                                      snapshot: s.snapshot, conditionalSince: s.conditionalSince, expired: .final)
                }
            case .none, .expired: break
            }
            return s
        }

        for s in mine {
            state = settle(state, at: s.asOf)
            switch s.result {
            case "conditional":
                if state.status == .conditional { continue }
                // Conditional CMMC Status Date, closeout due 180 days later (32 CFR 170.21(b)).
                state = HeldStatus(level: level, assessment: assessment, status: .conditional, since: s.asOf,
                                   closeoutDue: s.asOf.adding(days: CMMCRules.closeoutDays), snapshot: s.snapshotName, conditionalSince: s.asOf)
            case "final":
                if state.status == .conditional, let conditional = state.since {
                    // The closeout: Final for three years from the Conditional status date (§12.2).
                    state = HeldStatus(level: level, assessment: assessment, status: .final, since: s.asOf,
                                       validUntil: conditional.adding(months: validity(level: level)), snapshot: s.snapshotName, conditionalSince: conditional)
                } else {
                    state = HeldStatus(level: level, assessment: assessment, status: .final, since: s.asOf,
                                       validUntil: s.asOf.adding(months: validity(level: level)), snapshot: s.snapshotName)
                }
            default:
                continue
            }
        }
        return settle(state, at: day)
    }

    /// The status held of every assessment type of a level that has a snapshot on or before `day`.
    public static func all(level: Int, snapshots: [AssessmentSnapshot], at day: Day) -> [HeldStatus] {
        assessments(level: level).compactMap { a in
            snapshots.contains { $0.kind == kind(level: level, assessment: a) && $0.asOf <= day }
                ? held(level: level, assessment: a, snapshots: snapshots, at: day) : nil
        }
    }

    /// The one status held to show for a level: among the assessment types that have snapshots,
    /// a status in force (final or conditional, the latest begun first), else an expired one
    /// (the latest), else none for the level's first assessment type.
    public static func primary(level: Int, snapshots: [AssessmentSnapshot], at day: Day) -> HeldStatus {
        let every = all(level: level, snapshots: snapshots, at: day)
        let rank: (HeldStatus) -> Int = { $0.status == .final || $0.status == .conditional ? 2 : $0.status == .expired ? 1 : 0 }
        let best = every.max { a, b in
            (rank(a), a.since?.epochDay ?? Int.min, a.assessment == "c3pao" ? 1 : 0) < (rank(b), b.since?.epochDay ?? Int.min, b.assessment == "c3pao" ? 1 : 0)
        }
        return best ?? HeldStatus(level: level, assessment: assessments(level: level)[0], status: .none)
    }

    /// The as-of day of the latest assessment of a level (any of its types) on or before `day`:
    /// affirmations are owed after every assessment (32 CFR 170.22).
    public static func latestAssessment(level: Int, snapshots: [AssessmentSnapshot], at day: Day) -> Day? {
        let kinds = Set(assessments(level: level).map { kind(level: level, assessment: $0) })
        return snapshots.filter { kinds.contains($0.kind) && $0.asOf <= day }.map(\.asOf).max()
    }

    /// `--status-date`: the Conditional CMMC Status Date as SPRS shows it, when it differs from
    /// the snapshot's as-of day (§12.2 notes the uncertainty). The snapshots of that type dated on
    /// or before it are replaced by one Conditional assessment on that day; later ones still
    /// close it out.
    public static func assumingConditional(since date: Day, level: Int, assessment: String, snapshots: [AssessmentSnapshot]) -> [AssessmentSnapshot] {
        let kind = kind(level: level, assessment: assessment)
        return snapshots.filter { $0.kind != kind || $0.asOf > date }
            + [AssessmentSnapshot(name: "", kind: kind, asOf: date, result: "conditional", createdAt: Int.min)]
    }
}
