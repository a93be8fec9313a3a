import LedgerCore

/// The readiness report as text or Markdown for people.
extension ReadinessReport {
    /// Human-readable report. `markdown` gives headings and tables for an assessment package;
    /// `paint` colours status words (the CLI passes one only on a terminal without NO_COLOR).
    func render(markdown: Bool, paint: (String, Bool) -> String = { s, _ in s }) -> String {
        var out = [String]()
        func h(_ level: Int, _ text: String) { out.append(markdown ? String(repeating: "#", count: level) + " " + text + "\n" : text) }
        func table(_ header: [String], _ rows: [[String]]) {
            if markdown {
                out.append("| " + header.joined(separator: " | ") + " |")
                out.append("|" + header.map { _ in "---|" }.joined())
                for r in rows { out.append("| " + r.map { $0.replacing("|", with: "\\|") }.joined(separator: " | ") + " |") }
                out.append("")
            } else {
                var widths = header.map(\.count)
                for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
                func line(_ cells: [String]) -> String {
                    "  " + cells.enumerated().map { i, c in i == cells.count - 1 ? c : c + String(repeating: " ", count: widths[i] - c.count) }.joined(separator: "  ")
                }
                out.append(line(header))
                rows.forEach { out.append(line($0)) }
            }
        }
        func bullet(_ text: String, indent: Int = 0) { out.append(String(repeating: "  ", count: markdown ? indent : indent + 1) + "- " + text) }

        h(1, "Readiness as of \(asOf) at \(revision.prefix(10))")
        for note in notes { bullet("note: \(note)") }
        if let r = cmmcL2 {
            out.append("")
            h(2, "CMMC Level 2 (NIST SP 800-171 r2)")
            let score = r.score.map { "SPRS score \($0) / \(CMMCRules.maxScore)" } ?? "no score (assessment incomplete)"
            out.append((markdown ? "" : "  ") + "\(score), assessed result: " + paint(r.status, r.status == "final" || r.status == "conditional"))
            for held in r.heldByAssessment.isEmpty ? (r.held.map { [$0] } ?? []) : r.heldByAssessment {
                out.append((markdown ? "" : "  ") + "Status held: " + held.sentence(at: asOf, paint: paint))
            }
            if let end = r.planOfActionCompletion {
                out.append((markdown ? "" : "  ") + "Plan of action completion (for SPRS): \(end), the latest scheduled completion of the open POA&M items")
            }
            r.statusReasons.forEach { bullet($0) }
            r.warnings.forEach { bullet("warning: \($0)") }
            out.append("")
            var families = [(String, [CMMCRequirementResult])]()
            for q in r.requirements {
                let f = q.base.requirement.family ?? "-"
                if let i = families.firstIndex(where: { $0.0 == f }) { families[i].1.append(q) } else { families.append((f, [q])) }
            }
            table(["FAMILY", "MET", "NOT MET", "N/A", "DEDUCTED"], families.map { f, qs in
                [f, String(qs.filter { $0.base.status == .met }.count), String(qs.filter { $0.base.status == .notMet }.count),
                 String(qs.filter { $0.base.status == .notApplicable }.count), String(CMMCRules.total(qs.compactMap(\.deduction)))]
            })
            // Scored MET only because an open exception covers them (cmmc-rules.md §12.7).
            let excepted = r.requirements.filter { $0.exception != nil }
            if !excepted.isEmpty {
                out.append("")
                h(3, "MET through an exception (\(excepted.count))")
                for q in excepted {
                    let req = q.base.requirement
                    bullet("\(req.id) \(req.cmmcID.map { "(\($0)) " } ?? "")MET (exception \(q.exception ?? "")): \(req.title)")
                    q.base.reasons.forEach { bullet($0, indent: 1) }
                }
            }
            let notMet = r.requirements.filter { $0.base.status == .notMet }
            if !notMet.isEmpty {
                out.append("")
                h(3, "NOT MET (\(notMet.count))")
                for q in notMet {
                    let req = q.base.requirement
                    let points = q.deduction.map { "-\($0)" } ?? "no value"
                    let poam = q.poam.map { "POA&M \($0)" } ?? (q.poamEligible ? "no POA&M yet" : "not POA&M-eligible")
                    bullet("\(req.id) \(req.cmmcID.map { "(\($0)) " } ?? "")\(points), \(poam): \(req.title)")
                    q.base.reasons.forEach { bullet($0, indent: 1) }
                }
                out.append("")
                h(3, "Fixes that raise the score most")
                for q in fixes.prefix(10) {
                    bullet("\(q.deduction.map { "+\($0)" } ?? "completes the assessment")  \(q.base.requirement.id) \(q.base.requirement.title)\(q.base.controls.isEmpty ? " (map a control to it)" : " (\(q.base.controls.joined(separator: ", ")))")")
                }
            }
        }
        if let r = cmmcL1 {
            out.append("")
            h(2, "CMMC Level 1 (FAR 52.204-21)")
            out.append((markdown ? "" : "  ") + "\(r.met) of \(r.requirements.count) requirements MET, assessed result: " + paint(r.status, r.status == "final"))
            if let held = r.held { out.append((markdown ? "" : "  ") + "Status held: " + held.sentence(at: asOf, paint: paint)) }
            r.statusReasons.forEach { bullet($0) }
            r.warnings.forEach { bullet("warning: \($0)") }
            for q in r.requirements where !q.isMetOrNA {
                bullet("\(q.requirement.id) \(q.requirement.title)")
                q.reasons.forEach { bullet($0, indent: 1) }
            }
        }
        if let r = soc2 {
            out.append("")
            let kind = r.type == 2 ? "Type 2, period \(r.period.map(\.description) ?? "")" : "Type 1 at \(asOf)"
            h(2, "SOC 2 \(kind) (\(r.categories.joined(separator: ", ")))")
            let naNote = r.notApplicable > 0 ? " (\(r.notApplicable) not applicable)" : ""
            out.append((markdown ? "" : "  ") + "\(r.ready) of \(r.applicable) criteria ready\(naNote), status: " + paint(r.status, r.status == "ready"))
            out.append("")
            var cats = [(String, [SOC2CriterionResult])]()
            for c in r.criteria {
                let k = c.requirement.category ?? "security"
                if let i = cats.firstIndex(where: { $0.0 == k }) { cats[i].1.append(c) } else { cats.append((k, [c])) }
            }
            table(["CATEGORY", "READY", "N/A", "TOTAL"], cats.map { [$0.0, String($0.1.filter(\.isReady).count),
                                                               String($0.1.filter { $0.status == .notApplicable }.count), String($0.1.count)] })
            // Not ready with the reason of each gap that fails it, then N/A with each justification.
            for (status, heading) in [(SOC2CriterionResult.Status.notReady, "Not ready"), (.notApplicable, "Not applicable")] {
                let listed = r.criteria.filter { $0.status == status }
                if listed.isEmpty { continue }
                out.append("")
                h(3, "\(heading) (\(listed.count))")
                for c in listed {
                    bullet("\(c.requirement.id) \(c.requirement.title)")
                    (status == .notReady ? c.failures.map(\.reason) : c.justifications).forEach { bullet($0, indent: 1) }
                }
            }
            // Type 2: every tested control, its occurrences and sample, and each gap in plain words.
            if r.type == 2, !r.controls.isEmpty {
                out.append("")
                h(3, "Controls over the period (\(r.controls.count))")
                for c in r.controls {
                    bullet("\(c.control) (\(c.frequency.replacing("_", with: " "))): \(ReadinessText.tally(c))")
                    for g in c.gaps {
                        let span = g.from.flatMap { a in g.to.map { "\(a)..\($0) " } } ?? ""
                        bullet(g.kind.map { span + ReadinessText.words($0, frequency: c.frequency) } ?? g.reason, indent: 1)
                    }
                }
            }
        }
        if !expiring.isEmpty {
            out.append("")
            h(2, "Evidence expiring")
            for (limit, label) in [(30, "within 30 days"), (60, "within 60 days"), (90, "within 90 days")] {
                let lower = limit == 30 ? Int.min : limit - 30
                let items = expiring.filter { $0.days <= limit && $0.days > lower }
                if items.isEmpty { continue }
                bullet("\(label) (\(items.count)):")
                for e in items.prefix(12) { bullet("\(e.validUntil)  \(e.control)  \(e.evidence)", indent: 1) }
                if items.count > 12 { bullet("... and \(items.count - 12) more (--format json lists all)", indent: 1) }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}

extension HeldStatus {
    /// "Conditional Level 2 (Self) since 2026-10-02 (snapshot 2026-q4-self), closeout due
    /// 2027-03-31, 120 days left" (cmmc-rules.md §12.1, §12.2).
    func sentence(at day: Day, paint: (String, Bool) -> String = { s, _ in s }) -> String {
        func left(_ d: Day) -> String {
            let n = d.epochDay - day.epochDay
            return n == 1 ? "1 day left" : "\(n) days left"
        }
        let from = snapshot.map { " (snapshot \($0))" } ?? (since != nil ? " (--status-date)" : "")
        switch status {
        case .none:
            let kinds = StatusHeld.assessments(level: level).map { StatusHeld.kind(level: level, assessment: $0) }
            return paint("none", false) + " (no \(kinds.joined(separator: " or ")) snapshot with a Final or Conditional result yet)"
        case .conditional:
            return paint("Conditional", true) + " \(label) since \(since.map(\.description) ?? "?")\(from)"
                + (closeoutDue.map { ", closeout due \($0), \(left($0))" } ?? "")
        case .final:
            let through = conditionalSince.map { ", closed out from Conditional of \($0)" } ?? ""
            return paint("Final", true) + " \(label) since \(since.map(\.description) ?? "?")\(from)\(through)"
                + (validUntil.map { ", valid until \($0), \(left($0))" } ?? "")
        case .expired:
            if expired == .conditional {
                return paint("expired", false) + ": the Conditional \(label) status of \(conditionalSince.map(\.description) ?? "?")\(from) "
                    + "was not closed out by \(closeoutDue.map(\.description) ?? "?"); a new full assessment is needed"
            }
            return paint("expired", false) + ": the Final \(label) status\(from) ended after \(validUntil.map(\.description) ?? "?"); a new assessment is needed"
        }
    }
}

/// The words the Type 2 text uses for occurrences and gaps (soc2-rules.md §3, §5).
enum ReadinessText {
    /// "2 of 3 occurrences evidenced (auditor's likely sample: 2)", by frequency.
    static func tally(_ c: SOC2ControlResult) -> String {
        let sample = "(auditor's likely sample: \(c.sampleSize))"
        switch c.frequency {
        case "daily", "continuous":
            return "\(c.evidenced) of \(c.occurrences) days covered \(sample)"
        case "on_event":
            if c.occurrences == 0 && !c.evidence.isEmpty {
                return "no events; no-occurrence statement \(c.evidence.joined(separator: ", ")) covers the period"
            }
            return "\(c.occurrences) event record\(c.occurrences == 1 ? "" : "s") in the period \(sample)"
        default:
            return "\(c.evidenced) of \(c.occurrences) occurrence\(c.occurrences == 1 ? "" : "s") evidenced \(sample)"
        }
    }

    /// A gap's kind in plain words: "missing", "partial month, not tested" ...
    static func words(_ kind: CoverageGap.Kind, frequency: String? = nil) -> String {
        switch kind {
        case .missing: return "missing"
        case .partialNotTested:
            let unit = ["weekly": "week", "monthly": "month", "quarterly": "quarter", "semiannual": "half-year", "annual": "year"][frequency ?? ""] ?? "interval"
            return "partial \(unit), not tested"
        case .uncoveredDays: return "uncovered days"
        case .noEventRecord: return "no event record and no no-occurrence statement"
        }
    }
}
