import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct ControlShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a control, the requirements it serves and its evidence at HEAD.")

    @Argument(help: "The control id.") var id: String
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let d = try ControlService(ledger: repo, environment: try ledger.environment()).show(id: id)
        let r = d.record
        switch format {
        case .json:
            guard case .map(var pairs) = ControlOutput.value(r) else { return }
            pairs.append(("requirements", .list(d.requirements.map { q in
                var p: [(String, RecordValue)] = [("catalog", .string(q.catalog)), ("id", .string(q.id)), ("qualified_id", .string(q.qualifiedID))]
                if let c = q.cmmcID { p.append(("cmmc_id", .string(c))) }
                p.append(("title", .string(q.title)))
                p.append(("catalog_title", .optional(d.catalogs.catalog(q.catalog)?.title)))
                return .map(p)
            })))
            pairs.append(("evidence", .list(d.evidence.map { e in
                .map([
                    ("id", .string(e.id)), ("title", .string(e.title)), ("collected_at", .string(e.collectedAt.description)),
                    ("valid_until", .optional(e.validUntil?.description)), ("path", .string(e.recordPath)),
                ])
            })))
            pairs.append(("revision", .string(d.revision.commitID.hex)))
            Output.json(.map(pairs))
        case .text:
            var lines = [
                "\(r.id)  \(r.title)",
                "  owner:              \(r.owner)",
                "  status:             \(r.status)",
            ]
            if let j = r.justification { lines.append("  justification:      \(j)") }
            lines.append("  frequency:          \(r.frequency)")
            if let v = r.evidenceValidFor { lines.append("  evidence valid for: \(v)") }
            if !r.attributes.isEmpty { lines.append("  attributes:         " + r.attributes.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")) }
            if let desc = r.description, !desc.isEmpty { lines.append("  description:        \(desc)") }
            lines.append("  file:               \(r.path)")
            if r.maps.isEmpty {
                lines.append("  requirements:       none (map some with 'evident control map \(r.id) REQ...')")
            } else {
                lines.append("  requirements:")
                for m in r.maps {
                    let catalog = d.catalogs.catalog(m.catalog)
                    lines.append("    \(m.catalog)\(catalog.map { " (\($0.title))" } ?? "")")
                    for id in m.requirements {
                        let q = catalog?.requirement(id)
                        let label = q?.cmmcID.flatMap { $0 == id ? nil : $0 }.map { "\(id) (\($0))" } ?? id
                        lines.append("      \(label)  \(q?.title ?? "(not in the pinned catalog)")")
                    }
                }
            }
            if d.evidence.isEmpty {
                lines.append("  evidence:           none at HEAD")
            } else {
                lines.append("  evidence (\(d.evidence.count)):")
                for e in d.evidence {
                    lines.append("    \(e.id)  \(e.collectedAt.day)  \(e.validUntil.map { "valid until \($0)" } ?? "-")  \(e.title)")
                }
            }
            Output.print(lines.joined(separator: "\n"))
        }
    }
}
