import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct FrameworkListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Catalogs, versions, counts, and which are in scope.")
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let coverage = try FrameworkService(ledger: try ledger.openLedger()).coverage()
        coverage.issues.forEach { Output.notice("warning: \($0)") }
        let rows = coverage.summaries().map { ($0.catalog, $0.covered, $0.scope) }
        switch format {
        case .json:
            Output.json(.map([
                ("catalogs", .list(rows.map { c, covered, scope in
                    .map([("id", .string(c.id)), ("version", .string(c.version)), ("title", .string(c.title)),
                          ("requirements", .int(c.requirements.count)), ("covered", .int(covered)),
                          ("in_scope", .bool(scope != nil)), ("framework", .optional(scope?.id)),
                          ("categories", scope?.categories.map(RecordValue.strings) ?? .null)])
                })),
                ("crosswalk", coverage.catalogs.crosswalk.map { .map([("id", .string($0.id)), ("version", .string($0.version)), ("links", .int($0.entries.count))]) } ?? .null),
            ]))
        case .text:
            Output.print(Output.table(["CATALOG", "VERSION", "REQUIREMENTS", "COVERED", "IN SCOPE", "TITLE"], rows.map { c, covered, scope in
                [c.id, c.version, String(c.requirements.count), String(covered), scope.map { "yes (\($0))" } ?? "no", c.title]
            }))
            if let x = coverage.catalogs.crosswalk {
                Output.print("\nCrosswalk \(x.id) (\(x.version)): \(x.entries.count) suggested links; it suggests, it never gives credit.")
            }
        }
    }
}
