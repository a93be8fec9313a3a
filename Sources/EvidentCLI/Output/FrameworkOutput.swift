import Foundation
import Ledger
import LedgerCore

/// What `framework` commands print.
enum FrameworkOutput {
    /// The requirements of one catalog and the controls covering each.
    static func show(catalog: Catalog, requirements reqs: [Requirement], coverage: FrameworkCoverage, format: OutputFormat) {
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

    /// A requirement, the controls serving it, and its related requirements.
    static func map(_ map: FrameworkCoverage.RequirementMap, coverage: FrameworkCoverage, format: OutputFormat) {
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

    /// The pinned catalogs with their coverage.
    static func list(_ coverage: FrameworkCoverage, format: OutputFormat) {
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
