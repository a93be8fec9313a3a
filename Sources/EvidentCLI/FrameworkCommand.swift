import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct FrameworkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "framework",
        abstract: "The catalogs pinned in the ledger, their requirements and the controls that cover them.",
        subcommands: [FrameworkListCommand.self, FrameworkShowCommand.self, FrameworkMapCommand.self]
    )
}

/// Coverage of requirements by the controls at one revision.
struct Coverage {
    let catalogs: CatalogSet
    let controls: [ControlRecord]
    let byRequirement: [String: [String]]
    let config: LedgerConfig

    init(_ revision: Revision) throws {
        catalogs = try revision.catalogs()
        let loaded = try revision.controls(catalogs: catalogs)
        loaded.issues.forEach { Output.notice("warning: \($0)") }
        controls = loaded.records
        var map = [String: [String]]()
        for c in controls { for q in c.qualifiedRequirements { map[q, default: []].append(c.id) } }
        byRequirement = map
        config = try revision.config()
    }

    func controls(for r: Requirement) -> [String] { byRequirement[r.qualifiedID] ?? [] }

    /// A catalog named by its id, a framework id (cmmc-l2) or an alias.
    func catalog(named name: String) throws -> Catalog {
        let key = name.lowercased()
        if let c = catalogs.catalog(key) ?? FrameworkScope.catalogID(forFramework: key).flatMap(catalogs.catalog)
            ?? catalogs.catalogs.first(where: { $0.aliases.map { $0.lowercased() }.contains(key) }) {
            return c
        }
        let ids = catalogs.catalogs.map(\.id) + FrameworkScope.ids
        let hint = closestMatches(name, in: ids, limit: 3)
        throw LedgerError.notFound("unknown framework or catalog '\(name)': use one of \(ids.joined(separator: ", "))\(hint.isEmpty ? "" : " (closest: \(hint.joined(separator: ", ")))")")
    }

    func inScope(_ catalog: Catalog) -> FrameworkScope? {
        config.frameworks.first { $0.catalogID == catalog.id }
    }
}

struct FrameworkListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Catalogs, versions, counts, and which are in scope.")
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let coverage = try Coverage(try ledger.openLedger().resolve("HEAD"))
        let rows = coverage.catalogs.catalogs.map { c -> (Catalog, Int, FrameworkScope?) in
            (c, c.requirements.filter { !coverage.controls(for: $0).isEmpty }.count, coverage.inScope(c))
        }
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

struct FrameworkShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Requirements of a catalog with points and the controls that cover each.")
    @Argument(help: "A catalog (nist-800-171r2, cmmc-l1, cmmc-l3, soc2-2017) or framework (cmmc-l2, soc2).") var id: String
    @Option(help: ArgumentHelp("Only this family (AC, IA ...) or SOC 2 category (availability ...).", valueName: "CODE")) var family: String?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let coverage = try Coverage(try ledger.openLedger().resolve("HEAD"))
        let catalog = try coverage.catalog(named: id)
        var reqs = catalog.requirements
        if let family {
            let f = family.lowercased()
            reqs = reqs.filter { $0.family?.lowercased() == f || $0.category?.lowercased() == f }
            if reqs.isEmpty {
                let codes = catalog.families.map(\.code)
                throw LedgerError.notFound("\(catalog.id) has no family or category '\(family)': use one of \(codes.joined(separator: ", "))")
            }
        }
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
        let coverage = try Coverage(try ledger.openLedger().resolve("HEAD"))
        let req: Requirement
        switch RequirementResolver(coverage.catalogs).resolve(requirement) {
        case .success(let r): req = r
        case .failure(let e): throw LedgerError.invalid(e.description)
        }
        var related = [(Requirement, String)]()
        if let x = coverage.catalogs.crosswalk {
            for entry in x.related(to: req.qualifiedID) {
                let other = req.catalog == x.fromCatalog ? "\(x.toCatalog):\(entry.soc2ID)" : "\(x.fromCatalog):\(entry.nistID)"
                if let r = coverage.catalogs.requirement(qualifiedID: other) { related.append((r, "crosswalk (\(entry.relationship))")) }
            }
        }
        // CMMC Level 1 practices and their 800-171 counterparts.
        if let l1 = coverage.catalogs.catalog(Catalogs.cmmcL1ID) {
            if req.catalog == Catalogs.cmmcL1ID {
                for id in req.related { if let r = coverage.catalogs.requirement(qualifiedID: "\(Catalogs.nistID):\(id)") { related.append((r, "CMMC Level 1 counterpart")) } }
            } else if req.catalog == Catalogs.nistID {
                for r in l1.requirements where r.related.contains(req.id) { related.append((r, "CMMC Level 1 practice")) }
            }
        }
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
