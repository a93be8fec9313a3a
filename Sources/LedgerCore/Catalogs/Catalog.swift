import Foundation

/// A family (NIST SP 800-171 / CMMC: `AC` "Access Control") or, for SOC 2, a category
/// (`security` "Security").
public struct CatalogFamily: Sendable, Hashable, Codable {
    public var code: String
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

/// A catalog of requirements in reference order, such as NIST SP 800-171 r2 or SOC 2 (TSC 2017).
///
/// Catalogs are values: a ledger pins the catalogs it was created under (`Codable`, snake_case
/// keys), so readiness at an old snapshot is computed with the catalog of that snapshot.
public struct Catalog: Sendable, Hashable, Codable {
    /// Stable id used in control `maps` and qualified requirement ids: `nist-800-171r2`.
    public var id: String
    /// Version of the source the catalog follows: `r2`, `2.13`, `2017-rev2022`.
    public var version: String
    public var title: String
    /// Where the content comes from, in a sentence.
    public var source: String
    /// Short names users may write before a colon instead of `id` (`soc2:CC6.1`).
    /// An alias may be shared by several catalogs (`cmmc`); a requirement id that then matches in
    /// more than one of them is ambiguous.
    public var aliases: [String]
    /// Families (or SOC 2 categories) in reference order.
    public var families: [CatalogFamily]
    /// Requirements in reference order.
    public var requirements: [Requirement]

    public init(
        id: String, version: String, title: String, source: String = "",
        aliases: [String] = [], families: [CatalogFamily]? = nil, requirements: [Requirement]
    ) {
        self.id = id
        self.version = version
        self.title = title
        self.source = source
        self.aliases = aliases
        self.requirements = requirements.map { r in
            var r = r
            if r.catalog.isEmpty { r.catalog = id }
            return r
        }
        self.families = families ?? Catalog.families(of: self.requirements)
    }

    /// The requirement with this canonical id (exact match), or `nil`.
    /// Use `RequirementResolver` for anything a user typed.
    public func requirement(_ id: String) -> Requirement? {
        requirements.first { $0.id == id }
    }

    /// Canonical ids in reference order.
    public var requirementIDs: [String] { requirements.map(\.id) }

    /// Requirements of one family code (`AC`) or SOC 2 category (`security`), in reference order.
    public func requirements(inFamily code: String) -> [Requirement] {
        requirements.filter { ($0.family ?? $0.category) == code }
    }

    /// Ordered, distinct families of the requirements (family code, else SOC 2 category).
    static func families(of requirements: [Requirement]) -> [CatalogFamily] {
        var seen = Set<String>()
        var result: [CatalogFamily] = []
        for r in requirements {
            guard let code = r.family ?? r.category, seen.insert(code).inserted else { continue }
            let name = r.family != nil ? (r.familyName ?? code) : Catalog.categoryName(code)
            result.append(CatalogFamily(code: code, name: name))
        }
        return result
    }

    /// Display name of a SOC 2 category code (`processing_integrity` -> "Processing Integrity").
    static func categoryName(_ code: String) -> String {
        code.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }

    enum CodingKeys: String, CodingKey {
        case id, version, title, source, aliases, families, requirements
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let id = try c.decode(String.self, forKey: .id)
        var requirements = try c.decode([Requirement].self, forKey: .requirements)
        var seen = Set<String>()
        for i in requirements.indices {
            if requirements[i].catalog.isEmpty { requirements[i].catalog = id }
            guard requirements[i].catalog == id else {
                throw DecodingError.dataCorruptedError(
                    forKey: .requirements, in: c,
                    debugDescription: "requirement \(requirements[i].id) names catalog '\(requirements[i].catalog)', expected '\(id)'")
            }
            guard seen.insert(requirements[i].id).inserted else {
                throw DecodingError.dataCorruptedError(
                    forKey: .requirements, in: c,
                    debugDescription: "duplicate requirement id '\(requirements[i].id)' in catalog '\(id)'")
            }
        }
        self.init(
            id: id,
            version: try c.decode(String.self, forKey: .version),
            title: try c.decode(String.self, forKey: .title),
            source: try c.decodeIfPresent(String.self, forKey: .source) ?? "",
            aliases: try c.decodeIfPresent([String].self, forKey: .aliases) ?? [],
            families: try c.decodeIfPresent([CatalogFamily].self, forKey: .families),
            requirements: requirements)
    }
}
