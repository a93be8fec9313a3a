import Foundation
import Ledger
import LedgerCore

/// What `evident calendar` prints: a table for people, JSON for scripts, iCalendar (RFC 5545)
/// for a calendar application.
enum CalendarOutput {
    static func left(_ item: CalendarItem, at day: Day) -> String {
        if let done = item.done { return "done \(done)" }
        let n = item.daysLeft(at: day)
        if n < 0 { return "overdue \(-n) d" }
        return n == 0 ? "today" : n == 1 ? "1 day" : "\(n) days"
    }

    static func text(_ r: CalendarService.Result) -> String {
        var out = ["Compliance calendar of \(r.organization) as of \(r.asOf) (revision \(r.revision.hex.prefix(10)))", ""]
        if r.levels.isEmpty {
            out.append("No CMMC level is in scope (.evident/ledger.yaml); only evidence renewals are listed.")
        } else if r.held.isEmpty {
            out.append("Status held: none yet (no CMMC snapshot: evident snapshot create NAME --kind cmmc-l\(r.levels.last ?? 2)-self)")
        } else {
            out.append("Status held:")
            for h in r.held { out.append("  " + h.sentence(at: r.asOf)) }
        }
        out.append("")
        if r.items.isEmpty {
            out.append("Nothing falls due.")
        } else {
            // Grouped so the assessment dates are not lost among the renewals.
            let groups: [(String, (CalendarItem) -> Bool)] = [
                ("Assessments, closeout and affirmations (32 CFR 170.21, 170.22)", { !$0.kind.hasPrefix("poam") && $0.kind != "deficiency_action" && $0.kind != "evidence_expires" }),
                ("POA&M items and temporary deficiencies", { $0.kind.hasPrefix("poam") || $0.kind == "deficiency_action" }),
                ("Evidence renewals (the last day each implemented control's evidence is valid)", { $0.kind == "evidence_expires" }),
            ]
            for (heading, member) in groups {
                let items = r.items.filter(member)
                if items.isEmpty { continue }
                out.append(heading + ":")
                out.append(Output.table(["DUE", "LEFT", "WHAT"], items.map { [$0.date.description, left($0, at: r.asOf), $0.title] })
                    .split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
                out.append("")
            }
            let overdue = r.items.filter { $0.isOverdue(at: r.asOf) }
            out.append("\(r.items.count) date\(r.items.count == 1 ? "" : "s"), \(overdue.count) overdue" + (overdue.isEmpty ? "" : ": " + overdue.map(\.title).joined(separator: "; ")))
            out.append("Import them into a calendar: evident calendar --format ics -o ~/compliance.ics")
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func json(_ r: CalendarService.Result) -> RecordValue {
        .map([
            ("revision", .string(r.revision.hex)),
            ("as_of", .string(r.asOf.description)),
            ("organization", .string(r.organization)),
            ("held", .list(r.held.map(\.jsonValue))),
            ("items", .list(r.items.map { i in
                .map([
                    ("uid", .string(uid(i, r))),
                    ("kind", .string(i.kind)),
                    ("framework", .optional(i.framework)),
                    ("date", .string(i.date.description)),
                    ("days_left", .int(i.daysLeft(at: r.asOf))),
                    ("overdue", .bool(i.isOverdue(at: r.asOf))),
                    ("done", .optional(i.done?.description)),
                    ("title", .string(i.title)),
                    ("detail", .string(i.detail)),
                ])
            })),
        ])
    }

    /// The event id: the obligation's slot and the ledger's key, the same in every export of
    /// this ledger from any clone.
    static func uid(_ i: CalendarItem, _ r: CalendarService.Result) -> String { "\(i.slot)@\(r.ledgerKey).evident" }

    /// An iCalendar file (RFC 5545): one all-day event per pending due date (affirmations already
    /// made are left out), CRLF line ends, lines folded at 75 octets, text escaped. DTSTAMP is the
    /// revision's commit time, so the same revision gives the same bytes and a later export
    /// supersedes an earlier one event by event.
    static func ics(_ r: CalendarService.Result) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//evident//compliance calendar \(EvidentVersion.current)//EN", "CALSCALE:GREGORIAN",
                     "METHOD:PUBLISH", "X-WR-CALNAME:" + escape("\(r.organization): compliance")]
        let stamp = basic(r.stamp)
        for i in r.items where i.done == nil {
            lines += [
                "BEGIN:VEVENT",
                "UID:" + escape(uid(i, r)),
                "DTSTAMP:" + stamp,
                "DTSTART;VALUE=DATE:" + basic(i.date),
                "DTEND;VALUE=DATE:" + basic(i.date.adding(days: 1)),
                "SUMMARY:" + escape(i.title),
                "DESCRIPTION:" + escape(i.detail),
                "CATEGORIES:" + escape(i.framework.map { $0.uppercased() } ?? "EVIDENCE"),
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    static func basic(_ d: Day) -> String { d.description.replacingOccurrences(of: "-", with: "") }

    static func basic(_ t: Timestamp) -> String {
        // 2026-12-02T08:15:00Z -> 20261202T081500Z
        t.description.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
    }

    /// RFC 5545 §3.3.11: backslash, semicolon, comma and newline escaped.
    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n": out += "\\n"
            case "\r": continue
            default: out.append(c)
            }
        }
        return out
    }

    /// RFC 5545 §3.1: lines longer than 75 octets continue on the next line after one space,
    /// never inside a UTF-8 sequence.
    static func fold(_ line: String) -> String {
        var parts = [String]()
        var current = ""
        var octets = 0
        for scalar in line.unicodeScalars {
            let n = String(scalar).utf8.count
            let limit = parts.isEmpty ? 75 : 74
            if octets + n > limit {
                parts.append(current)
                current = ""
                octets = 0
            }
            current.unicodeScalars.append(scalar)
            octets += n
        }
        parts.append(current)
        return parts.joined(separator: "\r\n ")
    }
}
