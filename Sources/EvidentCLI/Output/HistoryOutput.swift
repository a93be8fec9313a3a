import Foundation
import Ledger
import LedgerCore

/// What `history` commands print.
enum HistoryOutput {
    /// A requirement across snapshots and commits, and where it stands now.
    static func history(_ h: HistoryService.Result, format: OutputFormat) {
        let req = h.requirement
        switch format {
        case .json:
            Output.json(.map([
                ("requirement", .string(req.qualifiedID)),
                ("cmmc_id", .optional(req.cmmcID)),
                ("title", .string(req.title)),
                ("framework", .optional(h.framework)),
                ("snapshots", .list(h.snapshots.map { s in
                    .map([("name", .string(s.name)), ("kind", .string(s.kind)), ("as_of", .string(s.asOf.description)), ("status", .optional(s.status)),
                          ("held", s.held.map(\.jsonValue) ?? .null)])
                })),
                ("commits", .list(h.commits.map { c in
                    .map([
                        ("commit", .string(c.commit.hex)),
                        ("date", .string(c.date.description)),
                        ("author", .map([("name", .string(c.author.name)), ("email", .string(c.author.email))])),
                        ("summary", .string(c.summary)),
                        ("action", .optional(c.action)),
                    ])
                })),
                ("current", .map([("as_of", .string(h.asOf.description)), ("status", .optional(h.status)), ("reasons", .strings(h.reasons)),
                                  ("held", h.held.map(\.jsonValue) ?? .null)])),
            ]))
        case .text:
            var out = ["\(req.qualifiedID)\(req.cmmcID.map { " (\($0))" } ?? "")  \(req.title)", "", "Snapshots:"]
            if h.snapshots.isEmpty { out.append("  none yet (evident snapshot create NAME --kind ...)") }
            for s in h.snapshots {
                out.append("  \(s.asOf)  \(s.name) (\(s.kind))  \(s.status ?? "not assessed")")
                if let held = s.held { out.append("      status held then: " + held.sentence(at: s.asOf)) }
            }
            out += ["", "Commits that changed it (oldest first):"]
            if h.commits.isEmpty { out.append("  none") }
            for c in h.commits {
                out.append("  \(c.commit.short)  \(c.date)  \(c.author.name) <\(c.author.email)>\(c.action.map { "  [\($0)]" } ?? "")")
                out.append("      \(c.summary)")
            }
            out += ["", "Now (HEAD, as of \(h.asOf)): \(h.status ?? "not computed")"]
            if let held = h.held { out.append("  status held: " + held.sentence(at: h.asOf)) }
            out += h.reasons.map { "  - \($0)" }
            Output.print(out.joined(separator: "\n"))
        }
    }
}
