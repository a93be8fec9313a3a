import Foundation

/// The built-in catalogs and crosswalk, parsed from the copied reference data on first use.
///
/// Nothing here reads files: the reference CSVs are compiled in (`Catalogs/Data/`).
public enum Catalogs {
    /// NIST SP 800-171 r2 (110 requirements), which is also CMMC Level 2.
    public static let nistID = "nist-800-171r2"
    /// CMMC Level 1 (15 FAR 52.204-21 requirements).
    public static let cmmcL1ID = "cmmc-l1"
    /// CMMC Level 3 (24 selected NIST SP 800-172 requirements).
    public static let cmmcL3ID = "cmmc-l3"
    /// SOC 2 Trust Services Criteria 2017 (61 criteria).
    public static let soc2ID = "soc2-2017"

    public static let nist800171r2: Catalog = BuiltInCatalogs.nist800171r2()
    public static let cmmcL1: Catalog = BuiltInCatalogs.cmmcL1(families: nist800171r2.families)
    public static let cmmcL3: Catalog = BuiltInCatalogs.cmmcL3(families: nist800171r2.families)
    public static let soc2: Catalog = BuiltInCatalogs.soc2()

    /// The four built-in catalogs, in this order: nist-800-171r2, cmmc-l1, cmmc-l3, soc2-2017.
    public static let builtIn: [Catalog] = [nist800171r2, cmmcL1, cmmcL3, soc2]

    /// The suggested NIST SP 800-171 r2 <-> SOC 2 crosswalk (703 `related` links).
    public static let crosswalk: Crosswalk = BuiltInCatalogs.crosswalk()

    /// A built-in catalog by its exact id.
    public static func catalog(_ id: String) -> Catalog? {
        builtIn.first { $0.id == id }
    }
}

/// The catalogs and crosswalk a ledger works with. A ledger pins one at init (`Codable`), so an
/// old snapshot is read with the catalogs it was taken under.
public struct CatalogSet: Sendable, Hashable, Codable {
    public var catalogs: [Catalog]
    public var crosswalk: Crosswalk?

    public init(catalogs: [Catalog], crosswalk: Crosswalk? = nil) {
        self.catalogs = catalogs
        self.crosswalk = crosswalk
    }

    /// The built-in catalogs and crosswalk.
    public static let builtIn = CatalogSet(catalogs: Catalogs.builtIn, crosswalk: Catalogs.crosswalk)

    /// A catalog by its exact id.
    public func catalog(_ id: String) -> Catalog? {
        catalogs.first { $0.id == id }
    }

    /// The requirement with this exact qualified id (`nist-800-171r2:3.5.3`), or `nil`.
    public func requirement(qualifiedID: String) -> Requirement? {
        guard let colon = qualifiedID.lastIndex(of: ":") else { return nil }
        let catalogID = String(qualifiedID[..<colon])
        let id = String(qualifiedID[qualifiedID.index(after: colon)...])
        return catalog(catalogID)?.requirement(id)
    }

    /// A resolver for requirement ids as users write them.
    public var resolver: RequirementResolver { RequirementResolver(self) }

    enum CodingKeys: String, CodingKey {
        case catalogs, crosswalk
    }
}

/// Namespace of the compiled-in reference text (see `Catalogs/Data/`).
enum BuiltInData {}

/// Builds the built-in catalogs from `BuiltInData`. A malformed built-in table is a programming
/// error (the tests parse every table), so it stops the program with the reason.
enum BuiltInCatalogs {
    static func table(_ text: String, _ name: String) -> [[String: String]] {
        do {
            return try CSVReader.records(text)
        } catch {
            fatalError("built-in table \(name) is malformed: \(error)")
        }
    }

    /// A column every row of a built-in table has (the tests parse every table).
    static func column(_ row: [String: String], _ key: String) -> String {
        guard let value = row[key] else { fatalError("built-in table row without \(key): \(row)") }
        return value
    }

    static func optionalInt(_ text: String?, _ what: String) -> Int? {
        guard let text, !text.isEmpty else { return nil }
        guard let value = Int(text) else { fatalError("built-in \(what): '\(text)' is not a number") }
        return value
    }

    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func nist800171r2() -> Catalog {
        let rows = table(BuiltInData.nist800171r2, "nist-800-171r2.csv")
        let requirements = rows.map { row in
            Requirement(
                catalog: Catalogs.nistID,
                id: column(row, "id"),
                title: column(row, "title"),
                family: row["family_code"],
                familyName: row["family_name"],
                kind: row["kind"],
                // 3.12.4 has no value (32 CFR 170.24(c)(2)(i)(B)(5)): blank stays nil, never 0.
                points: optionalInt(row["points"], "points of \(column(row, "id"))"),
                // Partial credit only for 3.5.3 and 3.13.11 (32 CFR 170.24(c)(2)(i)(B)(4)).
                partialPoints: optionalInt(row["partial_points"], "partial points of \(column(row, "id"))"),
                cmmcID: row["cmmc_id"].flatMap { $0.isEmpty ? nil : $0 })
        }
        return Catalog(
            id: Catalogs.nistID,
            version: "r2",
            title: "NIST SP 800-171 Rev. 2: Protecting CUI in nonfederal systems (CMMC Level 2)",
            source: "Requirement ids and basic/derived types from NIST SP 800-171 r2 (Feb 2020, NIST CPRT); "
                + "point values from the DoD Assessment Methodology v1.2.1 Annex A and 32 CFR 170.24(c)(2); "
                + "CMMC Level 2 ids from the CMMC Level 2 Assessment Guide v2.13; titles are our own words.",
            aliases: ["800-171", "800-171r2", "nist-800-171", "sp800-171", "cmmc-l2", "cmmc"],
            requirements: requirements)
    }

    static func familyName(_ code: String, in families: [CatalogFamily]) -> String? {
        families.first { $0.code == code }?.name
    }

    static func cmmcL1(families: [CatalogFamily]) -> Catalog {
        let rows = table(BuiltInData.cmmcL1, "cmmc-l1.csv")
        let requirements = rows.map { row in
            let id = column(row, "cmmc_id")
            let domain = column(row, "domain")
            var aliases = list(row["legacy_cmmc_v2_ids"])
            if let far = row["far_clause"], !far.isEmpty { aliases.append(far) }
            return Requirement(
                catalog: Catalogs.cmmcL1ID,
                id: id,
                title: column(row, "title"),
                family: domain,
                familyName: familyName(domain, in: families),
                cmmcID: id,
                related: list(row["nist_ids"]),
                aliases: aliases)
        }
        return Catalog(
            id: Catalogs.cmmcL1ID,
            version: "2.13",
            title: "CMMC Level 1: basic safeguarding of FCI (FAR 52.204-21(b)(1))",
            source: "The 15 Level 1 requirements of 32 CFR 170.14(c)(2) with ids and their 17 NIST SP 800-171 r2 "
                + "counterparts from the CMMC Model Overview v2.13 and Level 1 Assessment Guide v2.13; "
                + "scored MET / NOT MET only (32 CFR 170.24(c)(1)); titles are our own words.",
            aliases: ["cmmc"],
            requirements: requirements)
    }

    static func cmmcL3(families: [CatalogFamily]) -> Catalog {
        let rows = table(BuiltInData.cmmcL3, "cmmc-rules.md section 8")
        let requirements = rows.map { row in
            let cmmcID = column(row, "cmmc_id")
            // AC.L3-3.1.2e: domain before the dot, the NIST SP 800-172 id after the dash.
            let domain = String(cmmcID.prefix { $0 != "." })
            guard let dash = cmmcID.firstIndex(of: "-") else { fatalError("built-in CMMC Level 3 id without a dash: \(cmmcID)") }
            let id = String(cmmcID[cmmcID.index(after: dash)...])
            let description = column(row, "title")
            return Requirement(
                catalog: Catalogs.cmmcL3ID,
                id: id,
                // The reference gives short lower-case descriptions; only the first letter is raised.
                title: description.prefix(1).uppercased() + description.dropFirst(),
                family: domain,
                familyName: familyName(domain, in: families),
                cmmcID: cmmcID,
                related: [id])
        }
        return Catalog(
            id: Catalogs.cmmcL3ID,
            version: "2.13",
            title: "CMMC Level 3: 24 selected NIST SP 800-172 requirements",
            source: "The 24 Level 3 requirement ids of 32 CFR 170.14(c)(4), table 1, as checked against the CMMC "
                + "Model Overview v2.13 and Level 3 Assessment Guide v2.13; each worth 1 point "
                + "(32 CFR 170.24(c)(3)); the titles are the short descriptions in our reference, in our own words.",
            aliases: ["cmmc"],
            requirements: requirements)
    }

    static func soc2() -> Catalog {
        let rows = table(BuiltInData.soc2TSC2017, "soc2-tsc.csv")
        let requirements = rows.map { row in
            Requirement(
                catalog: Catalogs.soc2ID,
                id: column(row, "id"),
                title: column(row, "title"),
                category: row["category"],
                group: row["group"])
        }
        return Catalog(
            id: Catalogs.soc2ID,
            version: "2017-rev2022",
            title: "SOC 2 Trust Services Criteria (2017, points of focus revised 2022)",
            source: "The 61 AICPA Trust Services Criteria (TSP section 100, 2017; the 2022 revision changed only "
                + "the points of focus) with AICPA category and section headings; titles are our own words.",
            aliases: ["soc2", "soc-2", "tsc", "tsc-2017"],
            requirements: requirements)
    }

    static func crosswalk() -> Crosswalk {
        let rows = table(BuiltInData.crosswalk800171SOC2, "mapping-800-171-soc2.csv")
        return Crosswalk(
            id: "nist-800-171r2-to-soc2-2017",
            version: "ccf-3.0",
            fromCatalog: Catalogs.nistID,
            toCatalog: Catalogs.soc2ID,
            provenance: Crosswalk.builtInProvenance,
            entries: rows.map {
                CrosswalkEntry(nistID: column($0, "nist_id"), soc2ID: column($0, "soc2_id"),
                               relationship: column($0, "relationship"), source: column($0, "source"))
            })
    }
}

extension Crosswalk {
    /// Where the built-in NIST SP 800-171 r2 <-> SOC 2 crosswalk comes from, in our own words.
    public static let builtInProvenance = """
        Suggested links between NIST SP 800-171 r2 requirements and SOC 2 criteria (TSC 2017, points \
        of focus revised 2022). No direct, authoritative mapping between the two exists, so the links \
        were derived through the Cisco Cloud Controls Framework (CCF) v3.0 mappings published in the \
        ciso-assistant community library: a requirement and a criterion are linked when at least one \
        CCF control maps to both. Chaining two 'intersect' mappings proves no set relationship, so \
        every link is only 'related'; the source column names the shared CCF controls (filter on their \
        number for tighter links) and whether the AICPA's own TSC-to-SP 800-53 r5 mapping agrees at \
        family level. The crosswalk is single-source and partial (92 of 110 requirements, 38 of 61 \
        criteria, no processing integrity or privacy criteria). It only suggests which requirements a \
        control might also serve when writing a control's maps; it never gives credit: a requirement \
        or criterion counts as met only through controls mapped to it explicitly, with their own evidence.
        """
}
