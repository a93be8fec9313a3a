import Foundation

/// One suggested link between a NIST SP 800-171 r2 requirement and a SOC 2 criterion.
public struct CrosswalkEntry: Sendable, Hashable, Codable {
    /// Canonical id in `nist-800-171r2`, e.g. `3.5.3`.
    public var nistID: String
    /// Canonical id in `soc2-2017`, e.g. `CC6.1`.
    public var soc2ID: String
    /// Always `related` in the built-in crosswalk: the link proves no set relationship.
    public var relationship: String
    /// How the link was found (the shared Cisco CCF controls and the AICPA family check).
    public var source: String

    public init(nistID: String, soc2ID: String, relationship: String, source: String) {
        self.nistID = nistID
        self.soc2ID = soc2ID
        self.relationship = relationship
        self.source = source
    }

    /// The number of shared CCF controls named in `source` ("(3 shared: ...)"), if stated.
    /// Filter on it for tighter links.
    public var sharedControls: Int? {
        guard let range = source.range(of: " shared") else { return nil }
        let digits = source[..<range.lowerBound].reversed().prefix { $0.isNumber }
        return Int(String(digits.reversed()))
    }

    enum CodingKeys: String, CodingKey {
        case nistID = "nist_id"
        case soc2ID = "soc2_id"
        case relationship, source
    }
}

/// Suggested links between two catalogs. A crosswalk only suggests which requirements a control
/// might also serve; it never gives credit. A requirement is met only through controls mapped to
/// it explicitly, with their own evidence.
public struct Crosswalk: Sendable, Hashable, Codable {
    public var id: String
    public var version: String
    /// The catalog of `CrosswalkEntry.nistID`.
    public var fromCatalog: String
    /// The catalog of `CrosswalkEntry.soc2ID`.
    public var toCatalog: String
    /// Where the links come from and what they do and do not mean.
    public var provenance: String
    public var entries: [CrosswalkEntry]

    public init(
        id: String, version: String, fromCatalog: String, toCatalog: String,
        provenance: String, entries: [CrosswalkEntry]
    ) {
        self.id = id
        self.version = version
        self.fromCatalog = fromCatalog
        self.toCatalog = toCatalog
        self.provenance = provenance
        self.entries = entries
    }

    /// Entries that involve the requirement, looked up from either side, in reference order.
    ///
    /// `qualifiedID` is `catalog:id` (`nist-800-171r2:3.5.3`, `soc2-2017:CC6.1`); a bare canonical
    /// id is matched on both sides. Use `RequirementResolver` first for anything a user typed.
    public func related(to qualifiedID: String) -> [CrosswalkEntry] {
        let catalog: String?, id: String
        if let colon = qualifiedID.lastIndex(of: ":") {
            catalog = String(qualifiedID[..<colon])
            id = String(qualifiedID[qualifiedID.index(after: colon)...])
        } else {
            catalog = nil
            id = qualifiedID
        }
        let fromSide = catalog == nil || catalog == fromCatalog
        let toSide = catalog == nil || catalog == toCatalog
        return entries.filter { (fromSide && $0.nistID == id) || (toSide && $0.soc2ID == id) }
    }

    /// Qualified ids on the other side of `related(to:)`, in reference order, without duplicates.
    public func relatedIDs(to qualifiedID: String) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        let bare = !qualifiedID.contains(":")
        let onFromSide = qualifiedID.hasPrefix(fromCatalog + ":")
        for e in related(to: qualifiedID) {
            var others: [String] = []
            if onFromSide || (bare && e.nistID == qualifiedID) { others.append(toCatalog + ":" + e.soc2ID) }
            if !onFromSide && (!bare || e.soc2ID == qualifiedID) { others.append(fromCatalog + ":" + e.nistID) }
            for other in others where seen.insert(other).inserted { result.append(other) }
        }
        return result
    }

    enum CodingKeys: String, CodingKey {
        case id, version
        case fromCatalog = "from_catalog"
        case toCatalog = "to_catalog"
        case provenance, entries
    }
}
