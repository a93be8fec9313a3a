import Foundation
import Ledger
import LedgerCore

/// `evident export sprs`: the SPRS fields as a person types them (text) or as JSON with exactly
/// the keys level, assessment, score, max_score, status, assessment_date, status_date, scope,
/// cage_codes, ssp and plan_of_action_completion (null where a field is not set or does not
/// apply to the level).
enum SPRSOutput {
    static func json(_ e: SPRSEntry) -> String {
        JSONText.emit(.map([
            ("level", .int(e.level)),
            ("assessment", .string(e.assessment)),
            ("score", e.score.map(RecordValue.int) ?? .null),
            ("max_score", e.maxScore.map(RecordValue.int) ?? .null),
            ("status", .optional(e.status)),
            ("assessment_date", .optional(e.assessmentDate?.description)),
            ("status_date", .optional(e.statusDate?.description)),
            ("scope", .optional(e.scope)),
            ("cage_codes", .strings(e.cageCodes)),
            ("ssp", e.level == 2 ? .map([("name", .optional(e.sspName)), ("version", .optional(e.sspVersion)), ("date", .optional(e.sspDate?.description))]) : .null),
            ("plan_of_action_completion", .optional(e.planOfActionCompletion?.description)),
        ])) + "\n"
    }

    static func label(_ e: SPRSEntry) -> String { "Level \(e.level) (\(e.assessment == "c3pao" ? "C3PAO" : "Self"))" }

    /// The recorded result in SPRS's words.
    static func status(_ e: SPRSEntry) -> String {
        let l = label(e)
        if e.level == 1 {
            return e.status == "final" ? "MET (Final \(l))" : "NOT MET (no Level 1 status: every Level 1 requirement must be MET, 32 CFR 170.15(a)(1))"
        }
        switch e.status {
        case "final": return "Final \(l)"
        case "conditional": return "Conditional \(l)"
        case "incomplete": return "assessment incomplete: no current SSP (32 CFR 170.24(c)(2)(i)(B)(5))"
        case "no_status": return "no CMMC status (the result does not meet 32 CFR 170.21(a)(2))"
        default: return e.status ?? "(not recorded)"
        }
    }

    static func text(_ e: SPRSEntry, latest: Bool) -> String {
        func missing(_ f: SystemSection.Field) -> String { "MISSING: set it with '\(f.setCommand)'" }
        func value(_ v: String?, _ f: SystemSection.Field) -> String { v ?? missing(f) }
        var rows: [(String, String)] = [("CMMC level", label(e))]
        let statusDate = e.statusDate.map { "\($0), when the \(e.held.status == .final ? "Final" : "Conditional") \(e.held.label) status held began" }
            ?? "none (no CMMC status is held after this assessment)"
        let cage = e.cageCodes.isEmpty ? missing(.cageCodes) : e.cageCodes.joined(separator: ", ")
        if e.level == 1 {
            rows += [("CMMC status date", statusDate), ("Assessment scope", value(e.scope, .scope)), ("CAGE codes", cage), ("Compliance result", status(e))]
        } else {
            rows += [
                ("Score", e.score.map { "\($0) out of \(e.maxScore ?? CMMCRules.maxScore)" } ?? "no score (the assessment cannot be completed)"),
                ("Assessment date", e.assessmentDate?.description ?? "-"),
                ("CMMC status", status(e)),
                ("CMMC status date", statusDate),
                ("Assessment scope", value(e.scope, .scope)),
                ("CAGE codes", cage),
                ("SSP name", value(e.sspName, .name)),
                ("SSP version", value(e.sspVersion, .sspVersion)),
                ("SSP date", value(e.sspDate?.description, .sspDate)),
                ("Plan of Action completion", e.planOfActionCompletion?.description ?? "none (no POA&M item open)"),
                ("Assessment type", e.assessment == "c3pao" ? "C3PAO" : "Self"),
            ]
        }
        let width = rows.map(\.0.count).max() ?? 0
        var out = ["SPRS entry for CMMC \(label(e)), from snapshot \(e.snapshot) (\(e.kind), as of \(e.asOf)\(latest ? "; the latest CMMC snapshot" : ""))", ""]
        out += rows.map { "  " + ($0.0 + ":").padding(toLength: width + 1, withPad: " ", startingAt: 0) + "  " + $0.1 }
        out += notes(e).map { "\n" + $0 }
        return out.joined(separator: "\n") + "\n"
    }

    /// What a person should know before typing the fields in.
    static func notes(_ e: SPRSEntry) -> [String] {
        var out = [String]()
        if e.assessment == "c3pao" {
            out.append("Note: a Level 2 (C3PAO) result is entered in SPRS by the C3PAO (through CMMC eMASS), not by the organisation; these are the fields to check against what it enters.")
        }
        if !e.fromHead.isEmpty {
            out.append("Note: \(e.fromHead.map(\.rawValue).joined(separator: ", ")) \(e.fromHead.count == 1 ? "was" : "were") not set at the snapshot's commit and \(e.fromHead.count == 1 ? "is" : "are") taken from HEAD's .evident/ledger.yaml.")
        }
        return out
    }
}
