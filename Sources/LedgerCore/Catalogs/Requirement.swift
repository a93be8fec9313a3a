import Foundation

/// One requirement (or criterion) of a catalog: a NIST SP 800-171 r2 requirement, a CMMC Level 1
/// or Level 3 requirement, or a SOC 2 Trust Services Criterion.
///
/// Fields that do not apply to a catalog are `nil` (or empty). In particular `points` is `nil`
/// where a requirement has no point value: CA.L2-3.12.4 (the system security plan) has none under
/// 32 CFR 170.24(c)(2)(i)(B)(5), which is not the same as zero, and SOC 2 criteria and CMMC Level 1
/// and Level 3 requirements carry no SPRS value at all.
public struct Requirement: Sendable, Hashable, Codable {
    /// The id of the catalog this requirement belongs to, e.g. `nist-800-171r2`.
    public var catalog: String
    /// The canonical id within its catalog: `3.5.3`, `CC6.1`, `AC.L1-b.1.i`, `3.1.2e`.
    public var id: String
    /// Our own short title (never the standard's wording).
    public var title: String
    /// Family or domain code (`AC`) for NIST SP 800-171 and CMMC.
    public var family: String?
    /// Family or domain name (`Access Control`).
    public var familyName: String?
    /// SOC 2 category: `security`, `availability`, `processing_integrity`, `confidentiality`, `privacy`.
    public var category: String?
    /// SOC 2 group (the AICPA section heading, e.g. `Logical and Physical Access Controls`).
    public var group: String?
    /// NIST SP 800-171 r2 requirement type: `basic` or `derived`.
    public var kind: String?
    /// SPRS point value (32 CFR 170.24(c)(2)(i)(B)); `nil` where there is none.
    public var points: Int?
    /// The value subtracted on partial implementation (32 CFR 170.24(c)(2)(i)(B)(4)):
    /// 3 for 3.5.3 and 3.13.11, `nil` for every other requirement.
    public var partialPoints: Int?
    /// The CMMC id: `IA.L2-3.5.3` for an 800-171 requirement, the Level 1 id for a Level 1
    /// requirement, `AC.L3-3.1.2e` for a Level 3 requirement.
    public var cmmcID: String?
    /// Ids in another catalog this requirement corresponds to. For `cmmc-l1`: the NIST SP 800-171 r2
    /// ids (canonical ids of `nist-800-171r2`); for `cmmc-l3`: the NIST SP 800-172 ids.
    public var related: [String]
    /// Other names users may write for this requirement (legacy CMMC 2.0 practice ids such as
    /// `AC.L1-3.1.1`, FAR clause references). The resolver accepts them; they are never canonical.
    public var aliases: [String]

    public init(
        catalog: String, id: String, title: String,
        family: String? = nil, familyName: String? = nil,
        category: String? = nil, group: String? = nil,
        kind: String? = nil, points: Int? = nil, partialPoints: Int? = nil,
        cmmcID: String? = nil, related: [String] = [], aliases: [String] = []
    ) {
        self.catalog = catalog
        self.id = id
        self.title = title
        self.family = family
        self.familyName = familyName
        self.category = category
        self.group = group
        self.kind = kind
        self.points = points
        self.partialPoints = partialPoints
        self.cmmcID = cmmcID
        self.related = related
        self.aliases = aliases
    }

    /// `catalog:id`, e.g. `nist-800-171r2:3.5.3`. Unique across a catalog set.
    public var qualifiedID: String { catalog + ":" + id }

    enum CodingKeys: String, CodingKey {
        case catalog, id, title, family
        case familyName = "family_name"
        case category, group, kind, points
        case partialPoints = "partial_points"
        case cmmcID = "cmmc_id"
        case related, aliases
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        // `catalog` may be left out when the requirement is stored inside its catalog;
        // `Catalog.init(from:)` fills it in.
        catalog = try c.decodeIfPresent(String.self, forKey: .catalog) ?? ""
        id = try c.decode(String.self, forKey: .id)
        title = try c.decode(String.self, forKey: .title)
        family = try c.decodeIfPresent(String.self, forKey: .family)
        familyName = try c.decodeIfPresent(String.self, forKey: .familyName)
        category = try c.decodeIfPresent(String.self, forKey: .category)
        group = try c.decodeIfPresent(String.self, forKey: .group)
        kind = try c.decodeIfPresent(String.self, forKey: .kind)
        points = try c.decodeIfPresent(Int.self, forKey: .points)
        partialPoints = try c.decodeIfPresent(Int.self, forKey: .partialPoints)
        cmmcID = try c.decodeIfPresent(String.self, forKey: .cmmcID)
        related = try c.decodeIfPresent([String].self, forKey: .related) ?? []
        aliases = try c.decodeIfPresent([String].self, forKey: .aliases) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(catalog, forKey: .catalog)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encodeIfPresent(family, forKey: .family)
        try c.encodeIfPresent(familyName, forKey: .familyName)
        try c.encodeIfPresent(category, forKey: .category)
        try c.encodeIfPresent(group, forKey: .group)
        try c.encodeIfPresent(kind, forKey: .kind)
        try c.encodeIfPresent(points, forKey: .points)
        try c.encodeIfPresent(partialPoints, forKey: .partialPoints)
        try c.encodeIfPresent(cmmcID, forKey: .cmmcID)
        if !related.isEmpty { try c.encode(related, forKey: .related) }
        if !aliases.isEmpty { try c.encode(aliases, forKey: .aliases) }
    }
}
