import Foundation

/// `controls/<ID>.yaml`: one control of the unified library, tagged with the requirements it
/// serves in each framework's catalog.
public struct ControlRecord: Equatable, Sendable {
    public static let schemaID = "evident/control/v1"
    public static let folder = "controls"
    public static let statuses = ControlStatus.allCases.map(\.rawValue)
    public static let frequencies = StarterControl.frequencies

    /// Attributes that change scoring, the requirement each belongs to, and their values
    /// (32 CFR 170.24(c)(2)(i)(B)(4): partial credit for IA.L2-3.5.3 and SC.L2-3.13.11 only).
    public static let scoringAttributes: [(key: String, requirement: String, values: [String])] = [
        ("mfa_scope", "nist-800-171r2:3.5.3", StarterControl.mfaScopes),
        ("encryption", "nist-800-171r2:3.13.11", StarterControl.encryptionValues),
    ]

    public var id: String
    public var title: String
    public var description: String?
    public var owner: String
    public var status: String
    public var justification: String?
    public var frequency: String
    public var evidenceValidFor: ISODuration?
    /// Catalog id -> canonical requirement ids, in catalog order.
    public var maps: [(catalog: String, requirements: [String])]
    public var attributes: [(key: String, value: String)]

    public init(id: String, title: String, description: String? = nil, owner: String, status: String = "planned", justification: String? = nil,
                frequency: String, evidenceValidFor: ISODuration? = nil, maps: [(catalog: String, requirements: [String])] = [],
                attributes: [(key: String, value: String)] = []) {
        self.id = id
        self.title = title
        self.description = description
        self.owner = owner
        self.status = status
        self.justification = justification
        self.frequency = frequency
        self.evidenceValidFor = evidenceValidFor
        self.maps = maps
        self.attributes = attributes
    }

    public static func == (a: ControlRecord, b: ControlRecord) -> Bool {
        a.id == b.id && a.title == b.title && a.description == b.description && a.owner == b.owner && a.status == b.status
            && a.justification == b.justification && a.frequency == b.frequency && a.evidenceValidFor == b.evidenceValidFor
            && a.maps.map(\.catalog) == b.maps.map(\.catalog) && a.maps.map(\.requirements) == b.maps.map(\.requirements)
            && a.attributes.map(\.key) == b.attributes.map(\.key) && a.attributes.map(\.value) == b.attributes.map(\.value)
    }

    public var path: String { "\(Self.folder)/\(id).yaml" }

    /// Qualified ids (`nist-800-171r2:3.5.3`) of every mapped requirement.
    public var qualifiedRequirements: [String] {
        maps.flatMap { m in m.requirements.map { "\(m.catalog):\($0)" } }
    }

    public func attribute(_ key: String) -> String? { attributes.first { $0.key == key }?.value }

    public var recordValue: RecordValue {
        var pairs: [(String, RecordValue)] = [
            ("schema", .string(Self.schemaID)), ("id", .string(id)), ("title", .string(title)),
        ]
        if let description { pairs.append(("description", .string(description))) }
        pairs.append(("owner", .string(owner)))
        pairs.append(("status", .string(status)))
        if let justification { pairs.append(("justification", .string(justification))) }
        pairs.append(("frequency", .string(frequency)))
        if let evidenceValidFor { pairs.append(("evidence_valid_for", .string(evidenceValidFor.description))) }
        pairs.append(("maps", .map(maps.map { ($0.catalog, .strings($0.requirements)) })))
        if !attributes.isEmpty { pairs.append(("attributes", .map(attributes.map { ($0.key, .string($0.value)) }))) }
        return .map(pairs)
    }

    /// Decodes and checks the record's own rules (catalog references are checked by `check(against:)`).
    public static func decode(_ value: RecordValue, file: String) -> (ControlRecord?, [ValidationIssue]) {
        var r = FieldReader(file: file, value: value)
        guard r.issues.isEmpty else { return (nil, r.issues) }
        let schema = r.string("schema")
        if let schema, schema != schemaID { r.report("schema", "'\(schema)' is not \(schemaID)") }
        var id = r.string("id")
        if let i = id, !ControlIDFormat.isValid(i) {
            r.report("id", "'\(i)' is not a control id (upper-case words joined by hyphens, like IAM-MFA)")
            id = nil
        }
        let title = r.string("title", maxLength: 300)
        let description = r.string("description", required: false, allowEmpty: true)
        var owner = r.string("owner", maxLength: 320)
        if let o = owner, !o.contains("@") || o.contains(where: \.isNewline) {
            r.report("owner", "'\(o)' is not an email address (the person or team accountable, like it-security@example.com)")
            owner = nil
        }
        let status = r.oneOf("status", statuses)
        let justification = r.string("justification", required: false, maxLength: 2000)
        if status == "not_applicable" && justification == nil {
            r.report("justification", "is required when status is not_applicable: say why the requirement does not apply (32 CFR 170.24(b)(3))")
        }
        let frequency = r.oneOf("frequency", frequencies)
        let validFor = r.duration("evidence_valid_for", required: false)
        var maps = [(catalog: String, requirements: [String])]()
        if let raw = r.raw("maps") {
            if let pairs = raw.mapPairs {
                for (catalog, list) in pairs {
                    guard let items = list.listValue, !items.isEmpty else {
                        r.report("maps.\(catalog)", "must be a non-empty list of requirement ids")
                        continue
                    }
                    var reqs = [String]()
                    for (i, item) in items.enumerated() {
                        guard let s = item.stringValue, !s.isEmpty else {
                            r.report("maps.\(catalog)[\(i)]", "must be a requirement id, found \(item.kindDescription)")
                            continue
                        }
                        if reqs.contains(s) { r.report("maps.\(catalog)[\(i)]", "'\(s)' is listed twice") } else { reqs.append(s) }
                    }
                    maps.append((catalog, reqs))
                }
            } else {
                r.report("maps", "must be a mapping of catalog id to requirement ids, found \(raw.kindDescription)")
            }
        } else {
            r.report("maps", "is required (use {} for a control that maps nothing yet)")
        }
        var attributes = [(key: String, value: String)]()
        if let raw = r.raw("attributes") {
            if let pairs = raw.mapPairs {
                for (key, v) in pairs {
                    guard let s = v.stringValue else {
                        r.report("attributes.\(key)", "must be a string, found \(v.kindDescription)")
                        continue
                    }
                    attributes.append((key, s))
                }
            } else {
                r.report("attributes", "must be a mapping, found \(raw.kindDescription)")
            }
        }
        r.finish()
        guard r.issues.isEmpty, let id, let title, let owner, let status, let frequency else { return (nil, r.issues) }
        let record = ControlRecord(id: id, title: title, description: description, owner: owner, status: status, justification: justification,
                                   frequency: frequency, evidenceValidFor: validFor, maps: maps, attributes: attributes)
        if file.hasSuffix(".yaml"), file.hasPrefix(folder + "/") || file.contains("/" + folder + "/"), !file.hasSuffix("/\(id).yaml") {
            return (nil, [ValidationIssue(file: file, field: "id", problem: "'\(id)' must live in \(record.path)")])
        }
        return (record, [])
    }

    /// Checks every mapped requirement against the ledger's catalogs and the scoring attributes
    /// against the requirements they belong to.
    public func check(against catalogs: CatalogSet, file: String? = nil) -> [ValidationIssue] {
        let file = file ?? path
        var issues = [ValidationIssue]()
        for m in maps {
            guard let catalog = catalogs.catalog(m.catalog) else {
                let known = catalogs.catalogs.map(\.id)
                let hint = closestMatches(m.catalog, in: known, limit: 3)
                issues.append(ValidationIssue(file: file, field: "maps.\(m.catalog)", problem: "'\(m.catalog)' is not a catalog of this ledger (\(known.joined(separator: ", ")))\(hint.isEmpty ? "" : "; did you mean \(hint.joined(separator: ", "))?")"))
                continue
            }
            for (i, req) in m.requirements.enumerated() where catalog.requirement(req) == nil {
                let hint = closestMatches(req, in: catalog.requirementIDs, limit: 3)
                issues.append(ValidationIssue(file: file, field: "maps.\(m.catalog)[\(i)]", problem: "'\(req)' is not a requirement of \(m.catalog)\(hint.isEmpty ? "" : "; did you mean \(hint.joined(separator: ", "))?")"))
            }
        }
        let mapped = Set(qualifiedRequirements)
        for (key, value) in attributes {
            guard let rule = Self.scoringAttributes.first(where: { $0.key == key }) else {
                issues.append(ValidationIssue(file: file, field: "attributes.\(key)", problem: "is not a known attribute (\(Self.scoringAttributes.map(\.key).joined(separator: ", ")))"))
                continue
            }
            if !mapped.contains(rule.requirement) {
                issues.append(ValidationIssue(file: file, field: "attributes.\(key)", problem: "belongs to \(rule.requirement), which this control does not map: map it, or drop the attribute"))
            }
            if !rule.values.contains(value) {
                issues.append(ValidationIssue(file: file, field: "attributes.\(key)", problem: "'\(value)' is not one of \(rule.values.joined(separator: ", "))"))
            }
        }
        return issues
    }
}
