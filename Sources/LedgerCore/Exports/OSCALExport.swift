/// The five OSCAL documents `evident export oscal` writes (issue 13 §4), by `--model` name.
public enum OSCALModel: String, CaseIterable, Sendable {
    case catalog, profile, ssp
    case assessmentResults = "assessment-results"
    case poam

    /// The file the document is written to in `-o DIR`, and the relative href the others use.
    public var fileName: String { rawValue + ".json" }

    /// The document's root key (its OSCAL model name).
    var rootKey: String {
        switch self {
        case .catalog: return "catalog"
        case .profile: return "profile"
        case .ssp: return "system-security-plan"
        case .assessmentResults: return "assessment-results"
        case .poam: return "plan-of-action-and-milestones"
        }
    }
}

/// A snapshot up to the exported revision, as the assessment results need it: the manifest
/// (what was recorded) and the controls and evidence records at its commit (what it judged).
public struct OSCALSnapshot: Sendable {
    public var manifest: SnapshotManifest
    public var controls: [ControlRecord]
    public var evidence: [EvidenceRecord]

    public init(manifest: SnapshotManifest, controls: [ControlRecord], evidence: [EvidenceRecord]) {
        self.manifest = manifest
        self.controls = controls
        self.evidence = evidence
    }
}

/// Everything the OSCAL documents are built from: the records at one revision, the revision's
/// commit and time, and the snapshots up to it (oldest first).
public struct OSCALInput: Sendable {
    public var config: LedgerConfig
    public var catalogs: CatalogSet
    public var controls: [ControlRecord]
    public var poams: [PoamRecord]
    /// The exported commit (hex) and its committer time: every document's `version` and `last-modified`.
    public var commit: String
    public var commitTime: Timestamp
    public var snapshots: [OSCALSnapshot]

    public init(config: LedgerConfig, catalogs: CatalogSet, controls: [ControlRecord], poams: [PoamRecord], commit: String,
                commitTime: Timestamp, snapshots: [OSCALSnapshot]) {
        self.config = config
        self.catalogs = catalogs
        self.controls = controls
        self.poams = poams
        self.commit = commit
        self.commitTime = commitTime
        self.snapshots = snapshots
    }
}

/// Builds the OSCAL 1.2.3 documents of one revision as `RecordValue` trees (the command line
/// emits them with `JSONText`, keys in the order written here), a pure function of `OSCALInput`:
///
/// - `catalog`: every pinned catalog as a group, its families (SOC 2 categories) as groups, each
///   requirement a control with evident's own title, its ids and point values as props.
/// - `profile`: the requirements of the frameworks in scope (ledger.yaml), imported from catalog.json.
/// - `ssp`: the system section of ledger.yaml, each control of the library as a component, and
///   each requirement in scope implemented by the components of the controls that map it.
/// - `assessment-results`: one result per snapshot up to the revision, with the findings and
///   scores its manifest recorded, and one observation per evidence record at its commit.
/// - `poam`: every POA&M item with its risk, its finding and its milestones.
///
/// Every UUID is a version 5 UUID in the ledger's namespace (organization and created_at of
/// ledger.yaml) of the object's stable key (`component:control:IAM-MFA`), and every time comes
/// from the records or the revision (never the clock), so the same revision gives the same bytes
/// and a new commit changes only what it changed. A document's own UUID is derived from its
/// content without `last-modified` and `version` (which name the revision), so it changes when
/// the document does ("This UUID should be changed when this document is revised", OSCAL metadata).
public struct OSCALExport: Sendable {
    public static let oscalVersion = "1.2.3"
    /// The namespace of evident's own props (OSCAL names props outside its own namespace by `ns`).
    public static let propNamespace = "urn:evident:oscal"

    let input: OSCALInput
    let namespace: OSCALUUID
    /// Control id (`nist-800-171r2_3.5.3`) of every requirement of every pinned catalog, by qualified id.
    let controlIDs: [String: String]

    /// Throws `LedgerError` `.invalidInput` when a pinned catalog's id or a requirement id cannot
    /// be written as an OSCAL control id (a token: letters, digits, '.', '-' and '_', starting
    /// with a letter or '_'), or when two come out the same.
    public init(_ input: OSCALInput) throws {
        self.input = input
        namespace = OSCALUUID.v5(.evident, input.config.organization + "\n" + input.config.createdAt.description)
        var ids = [String: String]()
        var seen = [String: String]()
        for c in input.catalogs.catalogs {
            guard Self.isToken(c.id) else {
                throw LedgerError.invalid("the pinned catalog id '\(c.id)' (.evident/catalogs/) cannot be an OSCAL identifier: use letters, digits, '.', '-' and '_', starting with a letter")
            }
            for r in c.requirements {
                let id = c.id + "_" + r.id
                guard Self.isToken(id), !r.id.isEmpty else {
                    throw LedgerError.invalid("requirement '\(r.id)' of the pinned catalog \(c.id) cannot be part of an OSCAL control id: use letters, digits, '.', '-' and '_'")
                }
                if let other = seen[id] {
                    throw LedgerError.invalid("requirements \(other) and \(r.qualifiedID) would both be the OSCAL control \(id): rename one in the pinned catalog")
                }
                seen[id] = r.qualifiedID
                ids[r.qualifiedID] = id
            }
        }
        controlIDs = ids
    }

    /// The document of `model`. Throws `LedgerError` `.gate` for an SSP whose system section
    /// lacks a name, description or boundary (naming the command that sets each),
    /// `.notFound` for assessment results without a snapshot up to the revision or a POA&M
    /// without an item (OSCAL requires at least one of each), or when a catalog of a framework in
    /// scope is not pinned.
    public func document(_ model: OSCALModel) throws -> RecordValue {
        switch model {
        case .catalog: return catalog()
        case .profile: return try profile()
        case .ssp: return try ssp()
        case .assessmentResults: return try assessmentResults()
        case .poam: return try poam()
        }
    }

    /// Throws what `document` throws for the catalog, profile and SSP, the documents built
    /// before the assessment results: none of their refusals depends on the snapshots.
    public func checkBeforeSnapshots() throws {
        _ = try profile()
        if !missingSystemFields.isEmpty { _ = try ssp() }
    }

    /// Why `model` cannot be written at this revision though the ledger is fine (no snapshot, no
    /// POA&M item: OSCAL requires one), or nil; `-o DIR` leaves such a document out and says why.
    public func absence(_ model: OSCALModel) -> String? {
        switch model {
        case .assessmentResults where input.snapshots.isEmpty:
            return "no snapshot up to \(input.commit.prefix(10)), and OSCAL assessment results hold at least one result: take one with 'evident snapshot create NAME --kind KIND'"
        case .poam where input.poams.isEmpty:
            return "no POA&M item at \(input.commit.prefix(10)), and an OSCAL plan of action and milestones holds at least one: 'evident poam add' records one"
        default:
            return nil
        }
    }

    // MARK: Identity

    /// The version 5 UUID of `key` in the ledger's namespace.
    func uuid(_ key: String) -> String { OSCALUUID.v5(namespace, key).description }

    /// The system's own UUID (SSP `system-ids`, POA&M `system-id`).
    var systemUUID: String { uuid("system") }
    var thisSystemComponent: String { uuid("component:this-system") }
    func componentUUID(control id: String) -> String { uuid("component:control:" + id) }
    func implementedRequirementUUID(_ qualifiedID: String) -> String { uuid("implemented-requirement:" + qualifiedID) }

    /// The OSCAL control id of a requirement (`nist-800-171r2_3.5.3`), also for a requirement the
    /// pinned catalogs no longer hold (an old snapshot's), when it can be written as one.
    func controlID(_ qualifiedID: String) -> String? {
        if let id = controlIDs[qualifiedID] { return id }
        guard let colon = qualifiedID.lastIndex(of: ":") else { return nil }
        let id = qualifiedID[..<colon] + "_" + qualifiedID[qualifiedID.index(after: colon)...]
        return Self.isToken(String(id)) ? String(id) : nil
    }

    /// The id of a control's statement part, the target of findings.
    static func statementID(_ controlID: String) -> String { controlID + "_smt" }

    /// An OSCAL token: `^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$`.
    static func isToken(_ s: String) -> Bool {
        func isLetter(_ c: Unicode.Scalar) -> Bool {
            switch c.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
            default: return false
            }
        }
        func isNumber(_ c: Unicode.Scalar) -> Bool {
            switch c.properties.generalCategory {
            case .decimalNumber, .letterNumber, .otherNumber: return true
            default: return false
            }
        }
        guard let first = s.unicodeScalars.first, first == "_" || isLetter(first) else { return false }
        return s.unicodeScalars.allSatisfy { isLetter($0) || isNumber($0) || $0 == "." || $0 == "-" || $0 == "_" }
    }

    // MARK: Values

    /// A requirement as people name it: the CMMC id where there is one (`IA.L2-3.5.3`), else its id.
    static func label(_ r: Requirement) -> String { r.cmmcID ?? r.id }

    /// The requirements a framework in scope brings (SOC 2: the criteria of its categories,
    /// soc2-rules.md §1), in the order ledger.yaml lists the frameworks.
    /// Throws `LedgerError` `.notFound` when the framework's catalog is not pinned.
    func inScope() throws -> [(framework: String, requirements: [Requirement])] {
        var out = [(framework: String, requirements: [Requirement])]()
        for f in input.config.frameworks {
            guard let catalogID = FrameworkScope.catalogID(forFramework: f.id) else { continue }
            guard let catalog = input.catalogs.catalog(catalogID) else {
                throw LedgerError.notFound("the catalog \(catalogID) of \(f.id) is not pinned in this ledger (.evident/catalogs/)")
            }
            let requirements = f.id == "soc2" ? SOC2Readiness.criteria(catalog, categories: f.categories ?? ["security"]) : catalog.requirements
            out.append((f.id, requirements))
        }
        return out
    }

    /// The controls that serve a requirement: those that map it and, for a CMMC Level 1
    /// requirement, those that map its NIST SP 800-171 r2 counterparts, as readiness counts them
    /// (`CMMCReadiness.level1`; cmmc-rules.md §2: the 15 Level 1 requirements map to NIST SP 800-171 r2 ones).
    static func controls(serving qualifiedID: String, in byRequirement: [String: [ControlRecord]], catalogs: CatalogSet) -> [ControlRecord] {
        var mapped = byRequirement[qualifiedID] ?? []
        if qualifiedID.hasPrefix(Catalogs.cmmcL1ID + ":"), let r = catalogs.requirement(qualifiedID: qualifiedID) {
            for related in r.related {
                for c in byRequirement[Catalogs.nistID + ":" + related] ?? [] where !mapped.contains(where: { $0.id == c.id }) {
                    mapped.append(c)
                }
            }
        }
        return mapped
    }

    /// The controls mapping each qualified requirement id, in library order.
    static func byRequirement(_ controls: [ControlRecord]) -> [String: [ControlRecord]] {
        var out = [String: [ControlRecord]]()
        for c in controls { for q in c.qualifiedRequirements { out[q, default: []].append(c) } }
        return out
    }

    /// A prop; evident's own (`ns`) unless it is one OSCAL defines (`label`).
    static func prop(_ name: String, _ value: String, own: Bool = true, class cls: String? = nil) -> RecordValue? {
        guard let v = string(value) else { return nil }
        var pairs: [(String, RecordValue)] = [("name", .string(name))]
        if own { pairs.append(("ns", .string(propNamespace))) }
        pairs.append(("value", .string(v)))
        if let cls { pairs.append(("class", .string(cls))) }
        return .map(pairs)
    }

    /// Text for an OSCAL string or markup-line: one line, no space at either end (`^\S(.*\S)?$`);
    /// nil when nothing is left.
    static func string(_ s: String) -> String? {
        let words = s.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
        return words.isEmpty ? nil : words
    }

    /// `string` with a fallback for the required fields.
    static func line(_ s: String?, or fallback: String) -> String {
        s.flatMap(string) ?? fallback
    }

    /// Text for markup-multiline: as written, without space at the ends.
    static func prose(_ s: String) -> String {
        let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        return t.isEmpty ? "-" : t
    }

    /// A day as an OSCAL date-time: midnight UTC.
    static func time(_ d: Day) -> String { Timestamp(day: d).description }

    /// A list key, left out when empty (OSCAL arrays hold at least one item).
    static func list(_ key: String, _ items: [RecordValue]) -> [(String, RecordValue)] {
        items.isEmpty ? [] : [(key, .list(items))]
    }

    // MARK: Documents

    /// What every document's metadata holds besides its stamp (last-modified and version).
    struct Metadata {
        var title: String
        var published: String?
        /// nil: the revision's commit.
        var version: String?
        var props: [RecordValue] = []
        var roles: [RecordValue] = []
        var parties: [RecordValue] = []
        var responsibleParties: [RecordValue] = []
        var remarks: String?
    }

    /// The document: `{root: {uuid, metadata, body...}}`, its UUID derived from everything but
    /// the stamp, which is the revision's commit time and commit (or the SSP's own version, when
    /// the system section gives one; the commit is then a `revision` prop).
    func document(_ model: OSCALModel, _ m: Metadata, _ body: [(String, RecordValue)]) -> RecordValue {
        func metadata(stamped: Bool) -> RecordValue {
            var pairs: [(String, RecordValue)] = [("title", .string(m.title))]
            if let p = m.published { pairs.append(("published", .string(p))) }
            if stamped {
                pairs.append(("last-modified", .string(input.commitTime.description)))
                pairs.append(("version", .string(m.version ?? input.commit)))
            }
            pairs.append(("oscal-version", .string(Self.oscalVersion)))
            var props = m.props
            if stamped, m.version != nil, let revision = Self.prop("revision", input.commit) { props.insert(revision, at: 0) }
            pairs += Self.list("props", props) + Self.list("roles", m.roles) + Self.list("parties", m.parties)
                + Self.list("responsible-parties", m.responsibleParties)
            if let r = m.remarks { pairs.append(("remarks", .string(r))) }
            return .map(pairs)
        }
        let content = JSONText.emit(.map([("metadata", metadata(stamped: false))] + body), pretty: false)
        let id = uuid("document:" + model.rawValue + ":" + content)
        return .map([(model.rootKey, .map([("uuid", .string(id)), ("metadata", metadata(stamped: true))] + body))])
    }
}
