import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct EvidenceShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one evidence record at a revision (default HEAD).")

    @Argument(help: "The evidence id (EV-YYYYMMDD-XXXXXX).") var id: String
    @Option(help: ArgumentHelp("A snapshot, tag, branch, commit or date.", valueName: "REV")) var at: String = "HEAD"
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        try EvidenceQueryService.checkID(id)
        let r = try EvidenceQueryService(ledger: try ledger.openLedger()).show(id: id, at: at)
        switch format {
        case .json:
            Output.json(EvidenceJSON.value(r, commit: nil))
        case .text:
            var lines = [
                "\(r.id)  \(r.title)",
                "  controls:       \(r.controls.joined(separator: ", "))",
                "  collected:      \(r.collectedAt) by \(r.collectedBy)",
                "  method:         \(r.method)\(r.source.map { " from \($0)" } ?? "")",
                "  classification: \(r.classification)",
            ]
            if let c = r.covers { lines.append("  covers:         \(c.from) to \(c.to)") }
            if let v = r.validUntil { lines.append("  valid until:    \(v)") }
            if let d = r.description { lines.append("  description:    \(d)") }
            lines.append("  folder:         \(r.folder)/")
            lines.append("  artifacts:")
            for a in r.artifacts {
                lines.append("    \(a.path)  \(a.bytes) bytes  \(a.mediaType)  sha256:\(a.sha256)")
            }
            Output.print(lines.joined(separator: "\n"))
        }
    }
}
