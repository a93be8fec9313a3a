/// One due date of the compliance calendar (cmmc-rules.md §12.11, section 7).
public struct CalendarItem: Sendable, Equatable {
    /// What falls due: closeout, reassessment, self_assessment, affirmation_conditional,
    /// affirmation_final, affirmation_closeout, affirmation_annual, poam_completion,
    /// poam_milestone, deficiency_action, evidence_expires.
    public let kind: String
    /// `cmmc-l1`, `cmmc-l2`, or nil for items of no one framework (evidence).
    public let framework: String?
    public let date: Day
    /// Stays the same for the same obligation when its date moves (the annual affirmation after
    /// a new affirmation, the reassessment after a renewal), so a calendar that imports it again
    /// updates the event instead of adding one.
    public let slot: String
    public let title: String
    public let detail: String
    /// An affirmation owed that was made: listed as done, never overdue.
    public let done: Day?

    public init(kind: String, framework: String?, date: Day, slot: String, title: String, detail: String, done: Day? = nil) {
        self.kind = kind
        self.framework = framework
        self.date = date
        self.slot = slot
        self.title = title
        self.detail = detail
        self.done = done
    }

    public func daysLeft(at day: Day) -> Int { date.epochDay - day.epochDay }
    /// Past its date and not done.
    public func isOverdue(at day: Day) -> Bool { done == nil && date < day }
}

/// Every due date the status held and the records imply at a day (cmmc-rules.md §12.11): the
/// next Level 1 self-assessment and affirmation (yearly), the next Level 2 assessment (3 years),
/// the affirmations owed after reaching Conditional, after reaching Final and after a closeout,
/// and annually after a status date (32 CFR 170.22(a)), the closeout deadline (170.21(b)); and,
/// from the records, the open POA&M items' scheduled completions and coming milestones, the
/// dated actions of open temporary deficiencies, and the day each implemented control's
/// evidence stops being valid. A pure function of its arguments.
public enum ComplianceCalendar {
    public struct Input: Sendable {
        /// The CMMC levels in scope (1, 2).
        public var levels: [Int]
        public var assessments: [AssessmentSnapshot]
        public var affirmations: [AffirmationRecord]
        public var poams: [PoamRecord]
        public var exceptions: [ExceptionRecord]
        /// Each implemented control and the last day its best evidence is valid (nil: none valid).
        public var evidenceValidUntil: [(control: String, until: Day?)]

        public init(levels: [Int], assessments: [AssessmentSnapshot], affirmations: [AffirmationRecord], poams: [PoamRecord],
                    exceptions: [ExceptionRecord], evidenceValidUntil: [(control: String, until: Day?)]) {
            self.levels = levels
            self.assessments = assessments
            self.affirmations = affirmations
            self.poams = poams
            self.exceptions = exceptions
            self.evidenceValidUntil = evidenceValidUntil
        }
    }

    /// Items sorted by date, then kind and slot.
    public static func items(_ input: Input, at day: Day) -> [CalendarItem] {
        var out = [CalendarItem]()
        for level in input.levels.sorted() {
            let framework = "cmmc-l\(level)"
            let mine = input.affirmations.filter { $0.framework == "cmmc" && $0.level == level && $0.date <= day }.map(\.date).sorted()
            /// The first affirmation on or after `trigger`, if any.
            func affirmed(since trigger: Day) -> Day? { mine.first { $0 >= trigger } }
            var annualAnchor: Day?
            for h in StatusHeld.all(level: level, snapshots: input.assessments, at: day) {
                let type = h.assessment
                let label = h.label
                switch h.status {
                case .conditional:
                    guard let since = h.since, let due = h.closeoutDue else { continue }
                    // 32 CFR 170.21(b): closeout within 180 days of the Conditional status date.
                    out.append(CalendarItem(kind: "closeout", framework: framework, date: due, slot: "closeout-l\(level)-\(type)-\(since)",
                                            title: "POA&M closeout assessment for Conditional \(label) of \(since)",
                                            detail: "Close every open POA&M item and take the closeout snapshot (kind \(StatusHeld.kind(level: level, assessment: type))) by this day; without it the status expires (32 CFR 170.21(b); cmmc-rules.md §12.2)."))
                    // 32 CFR 170.22(a): an affirmation on reaching a Conditional status.
                    out.append(CalendarItem(kind: "affirmation_conditional", framework: framework, date: since, slot: "affirmation-conditional-l\(level)-\(type)-\(since)",
                                            title: "Affirmation after reaching Conditional \(label)",
                                            detail: "A senior official affirms continuing compliance in SPRS on reaching the Conditional status (32 CFR 170.22(a)): evident affirm --framework cmmc --level \(level) ...",
                                            done: affirmed(since: since)))
                    // The three years run from the Conditional status date ([S] section 7).
                    out.append(reassessment(level: level, type: type, label: label, date: since.adding(months: StatusHeld.validity(level: level)), framework: framework))
                case .final:
                    guard let since = h.since, let until = h.validUntil else { continue }
                    let closeout = h.conditionalSince != nil
                    out.append(CalendarItem(kind: closeout ? "affirmation_closeout" : "affirmation_final", framework: framework, date: since,
                                            slot: "affirmation-\(closeout ? "closeout" : "final")-l\(level)-\(type)-\(since)",
                                            title: closeout ? "Affirmation after the POA&M closeout (Final \(label))" : "Affirmation after reaching Final \(label)",
                                            detail: "A senior official affirms continuing compliance in SPRS after \(closeout ? "the closeout assessment" : "the assessment") (32 CFR 170.22(a)): evident affirm --framework cmmc --level \(level) ...",
                                            done: affirmed(since: since)))
                    out.append(reassessment(level: level, type: type, label: label, date: until, framework: framework))
                    annualAnchor = max(annualAnchor ?? since, since)
                case .expired:
                    guard let since = h.since else { continue }
                    out.append(reassessment(level: level, type: type, label: label, date: since, framework: framework,
                                            detail: h.expired == .conditional
                                                ? "The Conditional \(label) status expired without a closeout: only a new full assessment gives a status again (32 CFR 170.21(b); cmmc-rules.md §12.2)."
                                                : "The Final \(label) status ended: assess again (cmmc-rules.md section 7)."))
                case .none:
                    continue
                }
            }
            // Annually after the status date (32 CFR 170.22(a)(3)): a year after the latest
            // affirmation made since the status date, else a year after the status date.
            if let anchor = annualAnchor {
                let last = mine.last { $0 >= anchor }
                out.append(CalendarItem(kind: "affirmation_annual", framework: framework, date: (last ?? anchor).adding(months: 12), slot: "affirmation-annual-l\(level)",
                                        title: "Annual CMMC Level \(level) affirmation",
                                        detail: "Affirm continuing compliance in SPRS every year after the status date (32 CFR 170.22(a)); "
                                            + (last.map { "the latest since the status date \(anchor) was on \($0)." } ?? "none since the status date \(anchor).")))
            }
        }
        if input.levels.contains(2) {
            for p in input.poams where p.isOpen(at: day) && p.requirement.hasPrefix(Catalogs.nistID + ":") {
                let req = String(p.requirement.dropFirst(Catalogs.nistID.count + 1))
                out.append(CalendarItem(kind: "poam_completion", framework: "cmmc-l2", date: p.scheduledCompletion, slot: "poam-\(p.id)",
                                        title: "\(p.id) scheduled completion (\(req))", detail: p.weakness))
                for (i, m) in p.milestones.enumerated() where m.date >= day {
                    out.append(CalendarItem(kind: "poam_milestone", framework: "cmmc-l2", date: m.date, slot: "poam-\(p.id)-milestone-\(i + 1)",
                                            title: "\(p.id) milestone: \(m.description)", detail: "\(req): \(p.weakness)"))
                }
            }
            for e in input.exceptions where e.isTemporary && e.isOpen(at: day) {
                let req = e.requirement.split(separator: ":").last.map(String.init) ?? e.requirement
                for (i, a) in e.actions.enumerated() where a.date >= day {
                    out.append(CalendarItem(kind: "deficiency_action", framework: "cmmc-l2", date: a.date, slot: "exception-\(e.id)-action-\(i + 1)",
                                            title: "\(e.id) action (\(req)): \(a.text)", detail: "Temporary deficiency: \(e.description) (32 CFR 170.24(b)(1)(ii))"))
                }
            }
        }
        for (control, until) in input.evidenceValidUntil {
            guard let until else { continue }
            out.append(CalendarItem(kind: "evidence_expires", framework: nil, date: until, slot: "evidence-\(control)",
                                    title: "\(control): evidence valid until this day", detail: "Collect new evidence for \(control) by this day (evident evidence add FILE --control \(control))."))
        }
        return out.sorted { ($0.date, $0.kind, $0.slot) < ($1.date, $1.kind, $1.slot) }
    }

    static func reassessment(level: Int, type: String, label: String, date: Day, framework: String, detail: String? = nil) -> CalendarItem {
        let what = level == 1 ? "Annual Level 1 self-assessment" : "Next \(label) assessment"
        return CalendarItem(kind: level == 1 ? "self_assessment" : "reassessment", framework: framework, date: date, slot: "assessment-l\(level)-\(type)",
                            title: what,
                            detail: detail ?? (level == 1 ? "Level 1 is self-assessed every year (32 CFR 170.15(a)(1)); the status held ends after this day."
                                                          : "A Level \(level) status lasts 3 years (cmmc-rules.md section 7); the status held ends after this day."))
    }
}
