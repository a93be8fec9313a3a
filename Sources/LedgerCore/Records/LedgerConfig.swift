import Foundation

/// `.evident/ledger.yaml`: who the ledger belongs to, what is in scope, and its policy.
public struct LedgerConfig: Equatable, Sendable {
    public static let schemaID = "evident/ledger/v1"
    public static let path = ".evident/ledger.yaml"

    public var organization: String
    public var scope: String?
    public var frameworks: [FrameworkScope]
    public var policy: Policy
    public var createdAt: Timestamp
    /// The information system the SSP, SPRS and OSCAL exports describe; nil until a field of it
    /// is set (`evident system set`), so ledgers written before it read and write unchanged.
    public var system: SystemSection?
    /// Which git remotes are cleared for which classification (`evident remote clear`); a remote
    /// no entry matches is cleared for `internal` (`RemoteClearance`). Empty in most ledgers.
    public var remotes: [RemoteClearance]

    public init(organization: String, scope: String? = nil, frameworks: [FrameworkScope], policy: Policy = Policy(), createdAt: Timestamp,
                system: SystemSection? = nil, remotes: [RemoteClearance] = []) {
        self.organization = organization
        self.scope = scope
        self.frameworks = frameworks
        self.policy = policy
        self.createdAt = createdAt
        self.system = system
        self.remotes = remotes
    }

    public struct Policy: Equatable, Sendable {
        public static let defaultMaxArtifactBytes = 50 * 1024 * 1024
        public var maxArtifactBytes: Int
        public var defaultEvidenceValidity: ISODuration
        public var grace: ISODuration
        public var requireSignedSnapshots: Bool
        /// `policy.sample_sizes`: the ledger's own SOC 2 Type 2 sample sizes per frequency,
        /// overriding the defaults of soc2-rules.md §5 (`SampleSizes`); empty when not given.
        public var sampleSizes: [ControlFrequency: Int]

        public init(maxArtifactBytes: Int = Policy.defaultMaxArtifactBytes, defaultEvidenceValidity: ISODuration = ISODuration(years: 1),
                    grace: ISODuration = ISODuration(days: 14), requireSignedSnapshots: Bool = false, sampleSizes: [ControlFrequency: Int] = [:]) {
            self.maxArtifactBytes = maxArtifactBytes
            self.defaultEvidenceValidity = defaultEvidenceValidity
            self.grace = grace
            self.requireSignedSnapshots = requireSignedSnapshots
            self.sampleSizes = sampleSizes
        }
    }

    public var recordValue: RecordValue {
        var pairs: [(String, RecordValue)] = [("schema", .string(Self.schemaID)), ("organization", .string(organization))]
        if let scope { pairs.append(("scope", .string(scope))) }
        pairs.append(("frameworks", .list(frameworks.map(\.recordValue))))
        var policyPairs: [(String, RecordValue)] = [
            ("max_artifact_bytes", .int(policy.maxArtifactBytes)),
            ("default_evidence_validity", .string(policy.defaultEvidenceValidity.description)),
            ("grace", .string(policy.grace.description)),
            ("require_signed_snapshots", .bool(policy.requireSignedSnapshots)),
        ]
        if !policy.sampleSizes.isEmpty {
            // In the order of ControlFrequency (the schema's order).
            policyPairs.append(("sample_sizes", .map(ControlFrequency.allCases.compactMap { f in
                policy.sampleSizes[f].map { (f.rawValue, RecordValue.int($0)) }
            })))
        }
        pairs.append(("policy", .map(policyPairs)))
        pairs.append(("created_at", .string(createdAt.description)))
        // Last, and only when it holds a field: a ledger without one keeps its bytes.
        if let system, !system.isEmpty { pairs.append(("system", system.recordValue)) }
        if !remotes.isEmpty { pairs.append(("remotes", .list(remotes.map(\.recordValue)))) }
        return .map(pairs)
    }

    /// Decodes and validates; returns the config only when there are no issues.
    public static func decode(_ value: RecordValue, file: String = LedgerConfig.path) -> (LedgerConfig?, [ValidationIssue]) {
        var r = FieldReader(file: file, value: value)
        guard r.issues.isEmpty else { return (nil, r.issues) }
        let schema = r.string("schema")
        if let schema, schema != schemaID { r.report("schema", "'\(schema)' is not \(schemaID)") }
        let organization = r.string("organization", maxLength: 200)
        let scope = r.string("scope", required: false, allowEmpty: true)
        var frameworks: [FrameworkScope] = []
        if let list = r.list("frameworks") {
            for (i, item) in list.enumerated() {
                var fr = FieldReader(file: file, path: "frameworks[\(i)]", value: item)
                if fr.issues.isEmpty, let f = FrameworkScope.read(&fr) {
                    if frameworks.contains(where: { $0.id == f.id }) {
                        fr.report("id", "'\(f.id)' is listed twice")
                    } else {
                        frameworks.append(f)
                    }
                }
                fr.finish()
                r.merge(fr)
            }
        }
        let policy: Policy? = r.nested("policy") { p in
            let maxBytes = p.int("max_artifact_bytes", minimum: 1)
            let validity = p.duration("default_evidence_validity")
            let grace = p.duration("grace")
            let signed = p.bool("require_signed_snapshots")
            // soc2-rules.md §5: "Ledgers may override them in ledger.yaml".
            let sizes: [ControlFrequency: Int]? = p.nested("sample_sizes", required: false) { s in
                var out = [ControlFrequency: Int]()
                for f in ControlFrequency.allCases {
                    if let n = s.int(f.rawValue, required: false, minimum: 1) { out[f] = n }
                }
                return out
            }
            guard let maxBytes, let validity, let grace, let signed else { return nil }
            return Policy(maxArtifactBytes: maxBytes, defaultEvidenceValidity: validity, grace: grace, requireSignedSnapshots: signed,
                          sampleSizes: sizes ?? [:])
        }
        let createdAt = r.timestamp("created_at")
        let system: SystemSection? = r.nested("system", required: false) { SystemSection.read(&$0) }
        var remotes = [RemoteClearance]()
        if let list = r.list("remotes", required: false) {
            for (i, item) in list.enumerated() {
                var rr = FieldReader(file: file, path: "remotes[\(i)]", value: item)
                // The same URL twice is no error (the schema cannot say otherwise): the highest
                // clearance of the entries that match a remote is what it may hold.
                if rr.issues.isEmpty, let c = RemoteClearance.read(&rr) { remotes.append(c) }
                rr.finish()
                r.merge(rr)
            }
        }
        r.finish()
        guard r.issues.isEmpty, let organization, let policy, let createdAt else { return (nil, r.issues) }
        return (LedgerConfig(organization: organization, scope: scope, frameworks: frameworks, policy: policy, createdAt: createdAt, system: system,
                             remotes: remotes), [])
    }
}

/// One framework in scope: `cmmc-l1`, `cmmc-l2`, `cmmc-l3`, or `soc2` with its categories.
public struct FrameworkScope: Equatable, Sendable, CustomStringConvertible {
    public static let ids = ["cmmc-l1", "cmmc-l2", "cmmc-l3", "soc2"]
    public static let soc2Categories = ["security", "availability", "processing_integrity", "confidentiality", "privacy"]

    public let id: String
    /// SOC 2 only: the Trust Services categories in scope (security always first).
    public let categories: [String]?

    public init(id: String, categories: [String]? = nil) {
        self.id = id
        self.categories = categories
    }

    /// Parses the command-line form: `cmmc-l2`, `soc2`, `soc2:availability,confidentiality`.
    public static func parse(_ text: String) -> Result<FrameworkScope, LedgerError> {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let id = parts.first?.lowercased() ?? ""
        guard ids.contains(id) else {
            return .failure(.usage("unknown framework '\(text)': use one of \(ids.joined(separator: ", ")) (SOC 2 categories as soc2:availability,confidentiality)"))
        }
        guard parts.count == 2 else { return .success(FrameworkScope(id: id, categories: id == "soc2" ? ["security"] : nil)) }
        guard id == "soc2" else {
            return .failure(.usage("'\(text)': only soc2 takes categories (soc2:availability,confidentiality)"))
        }
        var cats = ["security"]
        for c in parts[1].split(separator: ",").map({ $0.trimmingSpaces.lowercased().replacingOccurrences(of: "-", with: "_") }) {
            guard soc2Categories.contains(c) else {
                return .failure(.usage("unknown SOC 2 category '\(c)' in '\(text)': use \(soc2Categories.joined(separator: ", "))"))
            }
            if !cats.contains(c) { cats.append(c) }
        }
        return .success(FrameworkScope(id: id, categories: cats))
    }

    /// The catalog a framework is assessed against (CMMC Level 2 is NIST SP 800-171 r2).
    public static func catalogID(forFramework id: String) -> String? {
        switch id {
        case "cmmc-l1": return "cmmc-l1"
        case "cmmc-l2": return "nist-800-171r2"
        case "cmmc-l3": return "cmmc-l3"
        case "soc2": return "soc2-2017"
        default: return nil
        }
    }

    public var catalogID: String { Self.catalogID(forFramework: id) ?? id }

    public var description: String {
        guard let categories, id == "soc2", categories != ["security"] else { return id }
        return "soc2 (" + categories.joined(separator: ", ") + ")"
    }

    var recordValue: RecordValue {
        var pairs: [(String, RecordValue)] = [("id", .string(id))]
        if let categories { pairs.append(("categories", .list(categories.map { .string($0) }))) }
        return .map(pairs)
    }

    static func read(_ r: inout FieldReader) -> FrameworkScope? {
        guard let id = r.oneOf("id", ids) else {
            _ = r.raw("categories")
            return nil
        }
        guard let raw = r.raw("categories") else { return FrameworkScope(id: id) }
        guard id == "soc2" else {
            r.report("categories", "only soc2 has categories")
            return nil
        }
        guard let list = raw.listValue else {
            r.report("categories", "must be a list, found \(raw.kindDescription)")
            return nil
        }
        var cats = [String]()
        for (i, item) in list.enumerated() {
            guard let s = item.stringValue, soc2Categories.contains(s) else {
                r.report("categories[\(i)]", "must be one of \(soc2Categories.joined(separator: ", "))")
                return nil
            }
            guard !cats.contains(s) else {
                r.report("categories[\(i)]", "'\(s)' is listed twice")
                return nil
            }
            cats.append(s)
        }
        guard cats.contains("security") else {
            r.report("categories", "must include security (the common criteria are always in scope)")
            return nil
        }
        return FrameworkScope(id: id, categories: cats)
    }
}
