import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct FrameworkShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Requirements of a catalog with points and the controls that cover each.")
    @Argument(help: "A catalog (nist-800-171r2, cmmc-l1, cmmc-l3, soc2-2017) or framework (cmmc-l2, soc2).") var id: String
    @Option(help: ArgumentHelp("Only this family (AC, IA ...) or SOC 2 category (availability ...).", valueName: "CODE")) var family: String?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let coverage = try FrameworkService(ledger: try ledger.openLedger()).coverage()
        coverage.issues.forEach { Output.notice("warning: \($0)") }
        let view = try coverage.view(id, family: family)
        let catalog = view.catalog
        let reqs = view.requirements
        switch format {
        case .json:
            Output.json(.map([
                ("id", .string(catalog.id)), ("version", .string(catalog.version)),
                ("requirements", .list(reqs.map { r in
                    var pairs: [(String, RecordValue)] = [("id", .string(r.id)), ("title", .string(r.title))]
                    if let c = r.category { pairs.append(("category", .string(c))) } else { pairs.append(("family", .optional(r.family))) }
                    pairs += [("points", r.points.map(RecordValue.int) ?? .null), ("partial_points", r.partialPoints.map(RecordValue.int) ?? .null),
                              ("cmmc_id", .optional(r.cmmcID)), ("controls", .strings(coverage.controls(for: r)))]
                    return .map(pairs)
                })),
            ]))
        case .text:
            let covered = reqs.filter { !coverage.controls(for: $0).isEmpty }.count
            Output.print("\(catalog.title) (\(catalog.id) \(catalog.version)): \(covered) of \(reqs.count) requirements covered by controls\n")
            let rows = reqs.map { r -> [String] in
                let points = r.points.map { p in r.partialPoints.map { "\(p) (partial \($0))" } ?? String(p) } ?? (catalog.id == Catalogs.nistID ? "none" : "-")
                let controls = coverage.controls(for: r)
                return [r.id, r.cmmcID ?? r.category ?? "-", points, controls.isEmpty ? "(none)" : controls.joined(separator: ","), r.title]
            }
            Output.print(Output.table(["ID", catalog.id == Catalogs.soc2ID ? "CATEGORY" : "CMMC ID", "POINTS", "CONTROLS", "TITLE"], rows))
        }
    }
}
