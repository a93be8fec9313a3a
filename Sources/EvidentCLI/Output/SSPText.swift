import Foundation
import Ledger
import LedgerCore

/// Words the SSP uses in both its Markdown and its HTML form, so the two say the same.
enum SSPWords {
    static func title(_ p: SystemSecurityPlan) -> String { "System Security Plan: \(p.system.name ?? p.organization)" }

    static func partTitle(_ part: SystemSecurityPlan.Part) -> String {
        switch part.framework {
        case "cmmc-l2": return "CMMC Level 2: NIST SP 800-171 Rev. 2 requirements"
        case "cmmc-l1": return "CMMC Level 1: FAR 52.204-21 requirements"
        default: return "SOC 2: Trust Services Criteria"
        }
    }

    static func partIntro(_ part: SystemSecurityPlan.Part, _ p: SystemSecurityPlan) -> String {
        switch part.framework {
        case "cmmc-l2":
            return "Each requirement's status is judged at \(p.asOf) from the records (32 CFR 170.24(b)): MET when every control mapped to it is implemented with evidence valid that day, N/A when every one is not applicable with a justification, NOT MET otherwise. An open enduring exception described in this plan, or an open temporary deficiency under an operational plan of action, scores a NOT MET requirement MET (32 CFR 170.24(b)(1)(i)-(ii))."
        case "cmmc-l1":
            return "Each Level 1 requirement is served by the controls mapped to it and to its NIST SP 800-171 counterparts, judged at \(p.asOf). Level 1 is MET or NOT MET in its entirety, without a plan of action (32 CFR 170.24(c)(1), 170.21(a)(1))."
        default:
            let categories = p.report.soc2?.categories.joined(separator: ", ") ?? "security"
            return "The criteria of the categories in scope (\(categories)) with the controls that address them, judged as for a Type 1 report at \(p.asOf): ready when every mapped control is implemented with evidence valid that day."
        }
    }

    static func status(_ s: String) -> String {
        switch s {
        case "met": return "MET"
        case "not_met": return "NOT MET"
        case "not_applicable": return "N/A"
        case "ready": return "Ready"
        case "not_ready": return "Not ready"
        default: return s
        }
    }

    /// What the status costs and why, after the status word: "3 points deducted; worth 5 points",
    /// "worth 1 point; MET through EXC-...", empty for a SOC 2 criterion or a Level 1 requirement.
    static func statusDetail(_ e: SystemSecurityPlan.Entry, framework: String) -> String {
        var parts = [String]()
        if framework == "cmmc-l2" {
            if let d = e.deduction, d > 0 { parts.append("\(d) point\(d == 1 ? "" : "s") deducted") }
            parts.append(e.requirement.points.map { "worth \($0) point\($0 == 1 ? "" : "s")" } ?? "no point value: 32 CFR 170.24(c)(2)(i)(B)(5)")
        }
        if let x = e.creditedException { parts.append("MET through \(x)") }
        return parts.joined(separator: "; ")
    }

    /// "NOT MET (3 points deducted; worth 5 points)".
    static func statusLine(_ e: SystemSecurityPlan.Entry, framework: String) -> String {
        let detail = statusDetail(e, framework: framework)
        return status(e.status) + (detail.isEmpty ? "" : " (\(detail))")
    }

    /// One line per framework: the assessed result at the day.
    static func readiness(_ p: SystemSecurityPlan) -> [String] {
        var out = [String]()
        for id in p.report.order {
            switch id {
            case "cmmc-l2":
                guard let r = p.report.cmmcL2 else { continue }
                let notMet = r.requirements.filter { $0.base.status == .notMet }.count
                var line = "CMMC Level 2: " + (r.score.map { "SPRS score \($0) of \(CMMCRules.maxScore)" } ?? "no score (the assessment cannot be completed)")
                line += ", assessed result \(r.status) (\(notMet) NOT MET)"
                if let end = r.planOfActionCompletion { line += "; Plan of Action completion date \(end)" }
                out.append(line)
            case "cmmc-l1":
                guard let r = p.report.cmmcL1 else { continue }
                out.append("CMMC Level 1: \(r.met) of \(r.requirements.count) MET, \(r.status)")
            case "soc2":
                guard let r = p.report.soc2 else { continue }
                out.append("SOC 2 (as for Type 1): \(r.ready) of \(r.applicable) criteria ready" + (r.notApplicable > 0 ? " (\(r.notApplicable) N/A)" : "") + ", \(r.status)")
            default: break
            }
        }
        return out
    }

    /// "AC: Access Control"; a SOC 2 group is its own name.
    static func familyTitle(_ f: SystemSecurityPlan.Family) -> String { f.code == f.name ? f.name : "\(f.code): \(f.name)" }

    /// Reasons are shown where they explain something the tables do not: a requirement NOT MET
    /// (or not ready), or one no control maps.
    static func showsReasons(_ e: SystemSecurityPlan.Entry) -> Bool {
        e.status == "not_met" || e.status == "not_ready" || e.controls.isEmpty
    }

    static func attributes(_ c: ControlRecord) -> String {
        c.attributes.isEmpty ? "-" : c.attributes.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
    }

    static func person(_ p: SystemSection.Person) -> [String] {
        [p.name ?? "(not set)", p.title ?? "(not set)", p.email ?? "(not set)"]
    }

    static func revisionLine(_ p: SystemSecurityPlan) -> String {
        "Computed by evident from commit \(p.commit)" + (p.snapshot.map { " (snapshot \($0))" } ?? "") + ", statuses as of \(p.asOf)."
    }

    static func exceptionHeading(_ e: ExceptionRecord) -> String {
        (e.isEnduring ? "Enduring exception " : "Temporary deficiency ") + e.id
    }

    /// What the exception does to the requirement (cmmc-rules.md §12.7).
    static func exceptionEffect(_ e: ExceptionRecord, entry: SystemSecurityPlan.Entry) -> String {
        if entry.creditedException == e.id {
            return e.isEnduring ? "Scores the requirement MET (32 CFR 170.24(b)(1)(i))." : "Scores the requirement MET (32 CFR 170.24(b)(1)(ii))."
        }
        if let rule = ExceptionRules.inapplicability(e.requirement) { return "Not scored: \(rule)." }
        if let missing = e.incompleteness { return "Earns nothing: it \(missing) (cmmc-rules.md §12.7)." }
        return "Open; the requirement's status does not depend on it."
    }

    static func rolesRows(_ s: SystemSection) -> [(String, SystemSection.Person)] {
        [("System owner", s.roles.systemOwner), ("Affirming official", s.roles.affirmingOfficial), ("Security contact", s.roles.securityContact)]
    }

    static func frameworks(_ p: SystemSecurityPlan) -> String {
        p.frameworks.isEmpty ? "(none)" : p.frameworks.map(\.description).joined(separator: ", ")
    }
}

/// `evident export ssp --format markdown`: headings and tables that read well as text and render
/// on any Markdown viewer. Text from records is escaped, so a `|` or `*` in a title cannot break
/// a table or start emphasis.
enum SSPMarkdown {
    static func render(_ p: SystemSecurityPlan) -> String {
        // One text appended line by line (an SSP of a 100k-record ledger is 10 MB: a string per
        // line, their join, the trimmed copy and the final one took four times that at once).
        var out = ""
        func line(_ s: String = "") { out += s; out += "\n" }
        func table(_ header: [String], _ rows: [[String]]) {
            line("| " + header.joined(separator: " | ") + " |")
            line("|" + header.map { _ in "---|" }.joined())
            for r in rows { line("| " + r.map(cell).joined(separator: " | ") + " |") }
            line()
        }
        let unset = "(not set)"
        let s = p.system

        line("# " + escape(SSPWords.title(p)))
        line()
        line(escape(p.organization) + (s.sspVersion.map { " · SSP version " + escape($0) } ?? "") + (s.sspDate.map { " · dated \($0)" } ?? ""))
        line()
        line(SSPWords.revisionLine(p))
        line()

        line("## 1. The system")
        line()
        table(["Field", "Value"], [
            ["Organization", p.organization],
            ["System name", s.name ?? unset],
            ["Scope", s.scope ?? unset],
            ["CAGE codes", s.cageCodes.isEmpty ? unset : s.cageCodes.joined(separator: ", ")],
            ["SSP version", s.sspVersion ?? unset],
            ["SSP date", s.sspDate?.description ?? unset],
            ["Environments", s.environments.isEmpty ? unset : s.environments.joined(separator: "; ")],
            ["Frameworks in scope", SSPWords.frameworks(p)],
        ])
        line("### Description")
        line()
        line(paragraph(s.description ?? unset))
        line()
        line("### Authorization boundary")
        line()
        line(paragraph(s.boundary ?? unset))
        line()
        line("### Roles")
        line()
        table(["Role", "Name", "Title", "Email"], SSPWords.rolesRows(s).map { [$0.0] + SSPWords.person($0.1) })
        if !p.missing.isEmpty {
            line("Not set in .evident/ledger.yaml yet:")
            line()
            for f in p.missing { line("- `\(f.rawValue)`: `\(f.setCommand)`") }
            line()
        }

        line("## 2. Readiness as of \(p.asOf)")
        line()
        for r in SSPWords.readiness(p) { line("- " + escape(r)) }
        for n in p.report.notes { line("- Note: " + escape(n)) }
        line()

        for (n, part) in p.parts.enumerated() {
            line("## \(n + 3). " + SSPWords.partTitle(part))
            line()
            line(escape(SSPWords.partIntro(part, p)))
            line()
            for family in part.families {
                line("### " + escape(SSPWords.familyTitle(family)))
                line()
                for e in family.entries { entry(e, part: part, into: &out) }
            }
        }
        // Ends in exactly one newline.
        while let last = out.unicodeScalars.last, CharacterSet.newlines.contains(last) { out.unicodeScalars.removeLast() }
        out += "\n"
        return out
    }

    static func entry(_ e: SystemSecurityPlan.Entry, part: SystemSecurityPlan.Part, into out: inout String) {
        func line(_ s: String = "") { out += s; out += "\n" }
        func table(_ header: [String], _ rows: [[String]]) {
            line("| " + header.joined(separator: " | ") + " |")
            line("|" + header.map { _ in "---|" }.joined())
            for r in rows { line("| " + r.map(cell).joined(separator: " | ") + " |") }
            line()
        }
        let r = e.requirement
        let name = r.cmmcID.map { "\($0) (\(r.id))" } ?? r.id
        line("#### \(escape(name)): \(escape(r.title))")
        line()
        let status = "**Status:** " + escape(SSPWords.statusLine(e, framework: part.framework))
        if e.counterparts.isEmpty {
            line(status)
        } else {
            // Two lines of one paragraph (a Markdown hard break).
            line(status + "  ")
            line("**NIST SP 800-171 counterparts:** " + e.counterparts.map(escape).joined(separator: ", "))
        }
        line()
        if SSPWords.showsReasons(e) {
            for reason in e.reasons { line("- " + escape(reason)) }
            if !e.reasons.isEmpty { line() }
        }
        if let poam = e.poam {
            line("**POA&M \(escape(poam.id))** (opened \(poam.opened), scheduled completion \(poam.scheduledCompletion)): " + escape(poam.weakness))
            line()
        }
        if e.controls.isEmpty {
            line("No control implements it.")
            line()
        } else {
            let soc2 = part.framework == "soc2"
            table(["Control", "Title", "Status", "Owner", "Frequency", "Attributes"] + (soc2 ? ["Valid evidence"] : []), e.controls.map { c in
                [c.control.id, c.control.title, c.control.status.replacingOccurrences(of: "_", with: " "), c.control.owner,
                 c.control.frequency.replacingOccurrences(of: "_", with: " "), SSPWords.attributes(c.control)] + (soc2 ? [String(c.evidence.count)] : [])
            })
            for c in e.controls {
                if let d = c.control.description, !d.isBlankText { line("**\(escape(c.control.id))**: " + paragraph(d)); line() }
                // A NOT MET requirement's reasons are its controls' problems, listed above.
                if let problem = c.problem, !SSPWords.showsReasons(e) { line("*\(escape(problem))*"); line() }
            }
            for j in e.justifications {
                line("**Not applicable (\(escape(j.control))):** " + paragraph(j.justification))
                line()
            }
            if !soc2 {
                let rows = e.controls.flatMap { c in
                    c.evidence.flatMap { ev in
                        ev.record.artifacts.map { a in
                            [c.control.id, ev.record.id, ev.record.title, ev.record.collectedAt.day.description, ev.validUntil.description, a.path, a.sha256]
                        }
                    }
                }
                if rows.isEmpty {
                    if e.status != "not_applicable" {
                        line("No evidence valid on this day.")
                        line()
                    }
                } else {
                    table(["Control", "Evidence", "Title", "Collected", "Valid until", "Artifact", "SHA-256"], rows)
                }
            }
        }
        for x in e.exceptions {
            line("**\(SSPWords.exceptionHeading(x))** (opened \(x.opened)" + (x.sspSection.map { "; SSP section " + escape($0) } ?? "") + "): " + paragraph(x.description))
            line()
            if !x.mitigations.isEmpty { line("- Mitigations: " + x.mitigations.map(escape).joined(separator: "; ")) }
            if !x.actions.isEmpty { line("- Plan of action: " + x.actions.map { "\($0.date) " + escape($0.text) }.joined(separator: "; ")) }
            if !x.reviews.isEmpty { line("- Reviews: " + x.reviews.map { "\($0.date) " + escape($0.note) }.joined(separator: "; ")) }
            line("- " + escape(SSPWords.exceptionEffect(x, entry: e)))
            line()
        }
    }

    /// Text with Markdown's active characters escaped (one line).
    /// An underscore inside a word (`not_fips_validated`) starts no emphasis (CommonMark) and is
    /// left as it is, so the text stays readable; one at a word's edge is escaped. `#` and `>`
    /// matter only at the start of a line, where each fragment may land.
    static func escape(_ s: String) -> String {
        var out = ""
        let chars = Array(s)
        for (i, ch) in chars.enumerated() {
            switch ch {
            case "\\", "`", "*", "[", "]", "<", "|": out += "\\" + String(ch)
            // A heading or a quote only where a line starts.
            case "#", ">": out += i == 0 ? "\\" + String(ch) : String(ch)
            case "_":
                let inWord = i > 0 && i + 1 < chars.count && (chars[i - 1].isLetter || chars[i - 1].isNumber) && (chars[i + 1].isLetter || chars[i + 1].isNumber)
                out += inWord ? "_" : "\\_"
            case "\n", "\r", "\r\n": out += " "
            default: out.append(ch)
            }
        }
        return out
    }

    /// A table cell: escaped, one line.
    static func cell(_ s: String) -> String { escape(s).trimmingCharacters(in: .whitespaces) }

    /// Prose that may span lines: escaped, each line break kept as a Markdown hard break.
    static func paragraph(_ s: String) -> String {
        s.components(separatedBy: "\n").map { escape($0) }.joined(separator: "  \n")
    }
}

extension String {
    var isBlankText: Bool { trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
}
