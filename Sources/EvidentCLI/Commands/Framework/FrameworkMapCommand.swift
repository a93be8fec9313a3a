import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct FrameworkMapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Related requirements in the other frameworks, and the controls that already serve them.",
        discussion: "The 800-171 to SOC 2 crosswalk suggests; it never gives credit on its own."
    )
    @Argument(help: "A requirement: 3.5.3, IA.L2-3.5.3, CC6.1, soc2:CC6.1 ...") var requirement: String
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let coverage = try FrameworkService(ledger: try ledger.openLedger()).coverage()
        coverage.issues.forEach { Output.notice("warning: \($0)") }
        let map = try coverage.map(requirement)
        let req = map.requirement
        let related = map.related
        let mine = coverage.controls(for: req)
        switch format {
        case .json:
            Output.json(.map([
                ("requirement", .string(req.qualifiedID)), ("title", .string(req.title)), ("controls", .strings(mine)),
                ("related", .list(related.map { r, via in
                    .map([("id", .string(r.qualifiedID)), ("title", .string(r.title)), ("via", .string(via)), ("controls", .strings(coverage.controls(for: r)))])
                })),
            ]))
        case .text:
            Output.print("\(req.qualifiedID)\(req.cmmcID.map { " (\($0))" } ?? "")  \(req.title)")
            Output.print("  served by: \(mine.isEmpty ? "no control yet" : mine.joined(separator: ", "))\n")
            if related.isEmpty {
                Output.print("No related requirements in the other catalogs.")
            } else {
                Output.print(Output.table(["RELATED", "VIA", "CONTROLS", "TITLE"], related.map { r, via in
                    let c = coverage.controls(for: r)
                    let shown = c.count > 4 ? c.prefix(4).joined(separator: ",") + " +\(c.count - 4) more" : c.joined(separator: ",")
                    return [r.qualifiedID, via, c.isEmpty ? "(none)" : shown, r.title]
                }))
                Output.print("\nThe crosswalk suggests; it never gives credit on its own. Map a control to a requirement with 'evident control map'.")
            }
        }
    }
}
