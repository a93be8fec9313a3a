import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "A requirement's or criterion's status at every snapshot, the commits that changed it, and where it stands now.",
        discussion: """
        Snapshot statuses are read from each snapshot's manifest; the commits are those 'evident log \
        --requirement REQ' lists (changes to the controls mapping it, their evidence and its POA&M \
        items), oldest first; the current status is computed at HEAD as of today.
        """
    )

    @Argument(help: ArgumentHelp("The requirement: 3.5.3, IA.L2-3.5.3, CC6.1, nist-800-171r2:3.5.3 ...", valueName: "REQ")) var requirement: String
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let h = try HistoryService(ledger: repo, environment: try ledger.environment()).run(requirement)
        let req = h.requirement
        switch format {
        case .json:
            Output.json(.map([
                ("requirement", .string(req.qualifiedID)),
                ("cmmc_id", .optional(req.cmmcID)),
                ("title", .string(req.title)),
                ("framework", .optional(h.framework)),
                ("snapshots", .list(h.snapshots.map { s in
                    .map([("name", .string(s.name)), ("kind", .string(s.kind)), ("as_of", .string(s.asOf.description)), ("status", .optional(s.status))])
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
                ("current", .map([("as_of", .string(h.asOf.description)), ("status", .optional(h.status)), ("reasons", .strings(h.reasons))])),
            ]))
        case .text:
            var out = ["\(req.qualifiedID)\(req.cmmcID.map { " (\($0))" } ?? "")  \(req.title)", "", "Snapshots:"]
            if h.snapshots.isEmpty { out.append("  none yet (evident snapshot create NAME --kind ...)") }
            out += h.snapshots.map { "  \($0.asOf)  \($0.name) (\($0.kind))  \($0.status ?? "not assessed")" }
            out += ["", "Commits that changed it (oldest first):"]
            if h.commits.isEmpty { out.append("  none") }
            for c in h.commits {
                out.append("  \(c.commit.short)  \(c.date)  \(c.author.name) <\(c.author.email)>\(c.action.map { "  [\($0)]" } ?? "")")
                out.append("      \(c.summary)")
            }
            out += ["", "Now (HEAD, as of \(h.asOf)): \(h.status ?? "not computed")"]
            out += h.reasons.map { "  - \($0)" }
            Output.print(out.joined(separator: "\n"))
        }
    }
}
