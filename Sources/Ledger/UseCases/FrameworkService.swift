import LedgerCore

/// `evident framework list|show|map`: the catalogs pinned in the ledger, which controls cover
/// each requirement, and which requirements of the other frameworks relate to one.
public struct FrameworkService {
    let ledger: LedgerRepository

    public init(ledger: LedgerRepository) {
        self.ledger = ledger
    }

    /// Coverage at HEAD. Control files that do not validate are left out and returned as issues.
    /// Throws `LedgerError` `.notFound` when HEAD lacks the configuration, `.invalidInput` when a
    /// catalog or the configuration does not parse.
    public func coverage() throws -> FrameworkCoverage {
        try FrameworkCoverage(try ledger.resolve("HEAD"))
    }
}

/// Coverage of requirements by the controls at one revision.
public struct FrameworkCoverage {
    /// One catalog with how many of its requirements a control covers, and its framework when in scope.
    public struct CatalogSummary {
        public let catalog: Catalog
        public let covered: Int
        public let scope: FrameworkScope?
    }

    /// Requirements of one catalog (or one family of it).
    public struct CatalogView {
        public let catalog: Catalog
        public let requirements: [Requirement]
    }

    /// A requirement, the requirements of other catalogs related to it, and how.
    public struct RequirementMap {
        public let requirement: Requirement
        /// Each related requirement with the link that relates it ("crosswalk (equal)", "CMMC Level 1 practice").
        public let related: [(requirement: Requirement, via: String)]
    }

    public let catalogs: CatalogSet
    public let controls: [ControlRecord]
    /// Control files that did not validate (left out of coverage).
    public let issues: [ValidationIssue]
    let byRequirement: [String: [String]]
    let config: LedgerConfig

    init(_ revision: Revision) throws {
        catalogs = try revision.catalogs()
        let loaded = try revision.controls(catalogs: catalogs)
        issues = loaded.issues
        controls = loaded.records
        var map = [String: [String]]()
        for c in controls { for q in c.qualifiedRequirements { map[q, default: []].append(c.id) } }
        byRequirement = map
        config = try revision.config()
    }

    /// Ids of the controls mapping `r`, in control order.
    public func controls(for r: Requirement) -> [String] { byRequirement[r.qualifiedID] ?? [] }

    /// The framework in scope that `catalog` belongs to, if any.
    public func inScope(_ catalog: Catalog) -> FrameworkScope? {
        config.frameworks.first { $0.catalogID == catalog.id }
    }

    /// Every pinned catalog with its coverage.
    public func summaries() -> [CatalogSummary] {
        catalogs.catalogs.map { c in
            CatalogSummary(catalog: c, covered: c.requirements.filter { !controls(for: $0).isEmpty }.count, scope: inScope(c))
        }
    }

    /// A catalog named by its id, a framework id (cmmc-l2) or an alias.
    /// Throws `LedgerError` `.notFound` naming the known ids and the closest ones.
    public func catalog(named name: String) throws -> Catalog {
        let key = name.lowercased()
        if let c = catalogs.catalog(key) ?? FrameworkScope.catalogID(forFramework: key).flatMap(catalogs.catalog)
            ?? catalogs.catalogs.first(where: { $0.aliases.map { $0.lowercased() }.contains(key) }) {
            return c
        }
        // Framework names first, then catalog ids; cmmc-l1 and cmmc-l3 are both, and named once.
        let ids = FrameworkScope.ids + catalogs.catalogs.map(\.id).filter { !FrameworkScope.ids.contains($0) }
        let hint = closestMatches(name, in: ids, limit: 3)
        throw LedgerError.notFound("unknown framework or catalog '\(name)': use one of \(ids.joined(separator: ", "))\(hint.isEmpty ? "" : " (closest: \(hint.joined(separator: ", ")))")")
    }

    /// The requirements of the catalog `name` names, only those of `family` (a family code or SOC 2
    /// category, any case) when given. Throws `LedgerError` `.notFound` for an unknown catalog or
    /// a family the catalog does not have.
    public func view(_ name: String, family: String?) throws -> CatalogView {
        let catalog = try catalog(named: name)
        var reqs = catalog.requirements
        if let family {
            let f = family.lowercased()
            reqs = reqs.filter { $0.family?.lowercased() == f || $0.category?.lowercased() == f }
            if reqs.isEmpty {
                let codes = catalog.families.map(\.code)
                throw LedgerError.notFound("\(catalog.id) has no family or category '\(family)': use one of \(codes.joined(separator: ", "))")
            }
        }
        return CatalogView(catalog: catalog, requirements: reqs)
    }

    /// The requirement written as users write it (3.5.3, IA.L2-3.5.3, soc2:CC6.1) and the
    /// requirements related to it: crosswalk links, and CMMC Level 1 practices and their 800-171
    /// counterparts. Throws `LedgerError` `.invalidInput` when the text names no requirement.
    public func map(_ text: String) throws -> RequirementMap {
        let req: Requirement
        switch RequirementResolver(catalogs).resolve(text) {
        case .success(let r): req = r
        case .failure(let e): throw e.ledgerError
        }
        var related = [(requirement: Requirement, via: String)]()
        if let x = catalogs.crosswalk {
            for entry in x.related(to: req.qualifiedID) {
                let other = req.catalog == x.fromCatalog ? "\(x.toCatalog):\(entry.soc2ID)" : "\(x.fromCatalog):\(entry.nistID)"
                if let r = catalogs.requirement(qualifiedID: other) { related.append((r, "crosswalk (\(entry.relationship))")) }
            }
        }
        if let l1 = catalogs.catalog(Catalogs.cmmcL1ID) {
            if req.catalog == Catalogs.cmmcL1ID {
                for id in req.related { if let r = catalogs.requirement(qualifiedID: "\(Catalogs.nistID):\(id)") { related.append((r, "CMMC Level 1 counterpart")) } }
            } else if req.catalog == Catalogs.nistID {
                for r in l1.requirements where r.related.contains(req.id) { related.append((r, "CMMC Level 1 practice")) }
            }
        }
        return RequirementMap(requirement: req, related: related)
    }
}
