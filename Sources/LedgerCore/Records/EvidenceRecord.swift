import Foundation

/// `evidence/<YYYY>/<MM>/<ID>/record.yaml`: one piece of evidence and its artifact files.
public struct EvidenceRecord: Equatable, Sendable {
    public static let schemaID = "evident/evidence/v1"
    public static let fileName = "record.yaml"
    public static let methods = EvidenceMethod.allCases.map(\.rawValue)
    public static let classifications = Classification.allCases.map(\.rawValue)

    public struct Artifact: Equatable, Sendable, Codable {
        public var path: String
        public var sha256: String
        public var bytes: Int
        public var mediaType: String

        public init(path: String, sha256: String, bytes: Int, mediaType: String) {
            self.path = path
            self.sha256 = sha256
            self.bytes = bytes
            self.mediaType = mediaType
        }

        enum CodingKeys: String, CodingKey {
            case path, sha256, bytes
            case mediaType = "media_type"
        }
    }

    public struct Period: Equatable, Sendable, Codable, CustomStringConvertible {
        public var from: Day
        public var to: Day

        public init(from: Day, to: Day) {
            self.from = from
            self.to = to
        }

        /// Parses `FROM..TO` (two dates).
        public static func parse(_ text: String) -> Period? {
            let parts = text.components(separatedBy: "..")
            guard parts.count == 2, let a = Day(parts[0]), let b = Day(parts[1]) else { return nil }
            return Period(from: a, to: b)
        }

        public var description: String { "\(from)..\(to)" }

        /// Why this cannot be an observation period (it runs backwards, or is longer than
        /// `CalendarLimits.longestPeriod`, ten years), or nil when it can.
        public var observationProblem: String? {
            if to < from { return "the period \(self) ends before it starts" }
            let limit = CalendarLimits.longestPeriod.advanced(from)
            if !limit.clamped && to >= limit.day {
                return "the period \(self) is longer than ten years (\(CalendarLimits.longestPeriod)), the longest observation period evident computes; the last day it allows from \(from) is \(limit.day.adding(days: -1))"
            }
            return nil
        }
    }

    /// The fields live in one shared, copy-on-write box: readiness copies records into per-control
    /// lists, diff into dictionaries, and a copy of fourteen fields (ten of them strings or arrays)
    /// cost ten reference-count operations: a quarter of readiness's time on a 100k-record ledger.
    /// A copy is now one; a change to a shared record copies its box first.
    final class Storage: @unchecked Sendable {
        var id: String
        var title: String
        var description: String?
        var controls: [String]
        var collectedAt: Timestamp
        var collectedBy: String
        var source: String?
        var method: String
        var covers: Period?
        var validUntil: Day?
        var classification: String
        var noOccurrence: Bool
        var allowedSecrets: [SecretRule]
        var artifacts: [Artifact]

        init(id: String, title: String, description: String?, controls: [String], collectedAt: Timestamp, collectedBy: String, source: String?, method: String, covers: Period?, validUntil: Day?, classification: String, noOccurrence: Bool, allowedSecrets: [SecretRule], artifacts: [Artifact]) {
            self.id = id
            self.title = title
            self.description = description
            self.controls = controls
            self.collectedAt = collectedAt
            self.collectedBy = collectedBy
            self.source = source
            self.method = method
            self.covers = covers
            self.validUntil = validUntil
            self.classification = classification
            self.noOccurrence = noOccurrence
            self.allowedSecrets = allowedSecrets
            self.artifacts = artifacts
        }

        func copy() -> Storage {
            Storage(id: id, title: title, description: description, controls: controls, collectedAt: collectedAt, collectedBy: collectedBy, source: source, method: method, covers: covers, validUntil: validUntil, classification: classification, noOccurrence: noOccurrence, allowedSecrets: allowedSecrets, artifacts: artifacts)
        }
    }

    private var storage: Storage

    /// The box, unshared, before a change.
    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    public var id: String {
        get { storage.id }
        set { unique().id = newValue }
    }

    public var title: String {
        get { storage.title }
        set { unique().title = newValue }
    }

    public var description: String? {
        get { storage.description }
        set { unique().description = newValue }
    }

    public var controls: [String] {
        get { storage.controls }
        set { unique().controls = newValue }
    }

    public var collectedAt: Timestamp {
        get { storage.collectedAt }
        set { unique().collectedAt = newValue }
    }

    public var collectedBy: String {
        get { storage.collectedBy }
        set { unique().collectedBy = newValue }
    }

    public var source: String? {
        get { storage.source }
        set { unique().source = newValue }
    }

    public var method: String {
        get { storage.method }
        set { unique().method = newValue }
    }

    public var covers: Period? {
        get { storage.covers }
        set { unique().covers = newValue }
    }

    public var validUntil: Day? {
        get { storage.validUntil }
        set { unique().validUntil = newValue }
    }

    public var classification: String {
        get { storage.classification }
        set { unique().classification = newValue }
    }

    /// A no-occurrence record: management's statement that no event of its (on_event) control
    /// happened during `covers` (soc2-rules.md §3). It has no artifacts, always has `covers`, and
    /// evidences nothing but the absence of events for SOC 2 Type 2: it never counts as evidence
    /// that a control operated (CMMC MET, SOC 2 Type 1, Type 2 occurrences of other frequencies).
    public var noOccurrence: Bool {
        get { storage.noOccurrence }
        set { unique().noOccurrence = newValue }
    }

    /// Secret-scan rules whose findings in this record's artifacts were let through on purpose
    /// (`evidence add --allow-secret RULE`): validate does not report them again.
    public var allowedSecrets: [SecretRule] {
        get { storage.allowedSecrets }
        set { unique().allowedSecrets = newValue }
    }

    public var artifacts: [Artifact] {
        get { storage.artifacts }
        set { unique().artifacts = newValue }
    }

    public init(id: String, title: String, description: String? = nil, controls: [String], collectedAt: Timestamp, collectedBy: String,
                source: String? = nil, method: String, covers: Period? = nil, validUntil: Day? = nil, classification: String,
                noOccurrence: Bool = false, allowedSecrets: [SecretRule] = [], artifacts: [Artifact]) {
        storage = Storage(id: id, title: title, description: description, controls: controls, collectedAt: collectedAt, collectedBy: collectedBy, source: source, method: method, covers: covers, validUntil: validUntil, classification: classification, noOccurrence: noOccurrence, allowedSecrets: allowedSecrets, artifacts: artifacts)
    }

    public static func == (a: EvidenceRecord, b: EvidenceRecord) -> Bool {
        if a.storage === b.storage { return true }
        let x = a.storage, y = b.storage
        return x.id == y.id &&
            x.title == y.title &&
            x.description == y.description &&
            x.controls == y.controls &&
            x.collectedAt == y.collectedAt &&
            x.collectedBy == y.collectedBy &&
            x.source == y.source &&
            x.method == y.method &&
            x.covers == y.covers &&
            x.validUntil == y.validUntil &&
            x.classification == y.classification &&
            x.noOccurrence == y.noOccurrence &&
            x.allowedSecrets == y.allowedSecrets &&
            x.artifacts == y.artifacts
    }

    /// `evidence/<YYYY>/<MM>/<ID>`.
    public var folder: String { EvidenceIDFormat.folder(of: id) ?? "evidence/\(id)" }
    public var recordPath: String { folder + "/" + Self.fileName }

    /// The record in canonical key order.
    public var recordValue: RecordValue {
        var pairs: [(String, RecordValue)] = [
            ("schema", .string(Self.schemaID)),
            ("id", .string(id)),
            ("title", .string(title)),
        ]
        if let description { pairs.append(("description", .string(description))) }
        pairs.append(("controls", .list(controls.map { .string($0) })))
        pairs.append(("collected_at", .string(collectedAt.description)))
        pairs.append(("collected_by", .string(collectedBy)))
        if let source { pairs.append(("source", .string(source))) }
        pairs.append(("method", .string(method)))
        if let covers {
            pairs.append(("covers", .map([("from", .string(covers.from.description)), ("to", .string(covers.to.description))])))
        }
        if let validUntil { pairs.append(("valid_until", .string(validUntil.description))) }
        pairs.append(("classification", .string(classification)))
        if noOccurrence { pairs.append(("no_occurrence", .bool(true))) }
        if !allowedSecrets.isEmpty { pairs.append(("allowed_secrets", .list(allowedSecrets.map { .string($0.rawValue) }))) }
        pairs.append(("artifacts", .list(artifacts.map { a in
            .map([("path", .string(a.path)), ("sha256", .string(a.sha256)), ("bytes", .int(a.bytes)), ("media_type", .string(a.mediaType))])
        })))
        return .map(pairs)
    }

    /// Decodes and validates a record, including the rules a JSON Schema cannot state:
    /// the id's date is the collection date, `covers` runs forwards, `valid_until` is not before
    /// collection, and artifact paths are unique. A no-occurrence record (`no_occurrence: true`)
    /// needs `covers` and lists no artifacts; any other record lists at least one (the schema
    /// says the same with if/then). `file` names the record in every issue.
    public static func decode(_ value: RecordValue, file: String) -> (EvidenceRecord?, [ValidationIssue]) {
        var r = FieldReader(file: file, value: value)
        guard r.issues.isEmpty else { return (nil, r.issues) }
        let schema = r.string("schema")
        if let schema, schema != schemaID { r.report("schema", "'\(schema)' is not \(schemaID)") }
        var id = r.string("id")
        if let i = id, !EvidenceIDFormat.isValid(i) {
            r.report("id", "'\(i)' is not an evidence id (EV-YYYYMMDD-XXXXXX)")
            id = nil
        }
        let title = r.string("title", maxLength: 300)
        let description = r.string("description", required: false, allowEmpty: true)
        var controls = r.stringList("controls", minCount: 1)
        if let cs = controls {
            for (i, c) in cs.enumerated() where !ControlIDFormat.isValid(c) {
                r.report("controls[\(i)]", "'\(c)' is not a control id (upper-case words joined by hyphens, like IAM-MFA)")
                controls = nil
            }
        }
        let collectedAt = r.timestamp("collected_at")
        let collectedBy = r.string("collected_by", maxLength: 500)
        let source = r.string("source", required: false, maxLength: 200)
        let method = r.oneOf("method", methods)
        let covers: Period? = r.nested("covers", required: false) { c in
            let from = c.day("from")
            let to = c.day("to")
            guard let from, let to else { return nil }
            if to < from {
                c.report("to", "\(to) is before covers.from \(from)")
                return nil
            }
            return Period(from: from, to: to)
        }
        let validUntil = r.day("valid_until", required: false)
        let classification = r.oneOf("classification", classifications)
        var noOccurrence = false
        switch r.bool("no_occurrence", required: false) {
        case true?: noOccurrence = true
        case false?: r.report("no_occurrence", "is only written as true (a no-occurrence statement); leave it out for ordinary evidence")
        case nil: break
        }
        if noOccurrence && covers == nil && r.issues.allSatisfy({ !$0.field.hasPrefix("covers") }) {
            r.report("covers", "is required with no_occurrence: the period in which no event happened")
        }
        var allowedSecrets: [SecretRule] = []
        if let rules = r.stringList("allowed_secrets", required: false, minCount: 1) {
            for (i, rule) in rules.enumerated() {
                if let known = SecretRule(rawValue: rule) {
                    allowedSecrets.append(known)
                } else {
                    r.report("allowed_secrets[\(i)]", "'\(rule)' is not a secret-scan rule (one of \(SecretRule.list))")
                }
            }
        }
        var artifacts: [Artifact] = []
        // A set, not a scan of the list: a bulk import lists thousands of artifacts.
        var seenPaths = Set<String>()
        let list = r.list("artifacts", minCount: noOccurrence ? 0 : 1)
        if noOccurrence, let list, !list.isEmpty {
            r.report("artifacts", "must be empty with no_occurrence: a statement that no event happened has no artifact files (write artifacts: [])")
        } else if let list {
            for (i, item) in list.enumerated() {
                var a = FieldReader(file: file, path: "artifacts[\(i)]", value: item)
                if a.issues.isEmpty {
                    var path = a.string("path", maxLength: ArtifactPath.maxLength)
                    if let p = path, let problem = ArtifactPath.problem(p) {
                        a.report("path", problem)
                        path = nil
                    }
                    if let p = path, !seenPaths.insert(p).inserted {
                        a.report("path", "'\(p)' is listed twice")
                        path = nil
                    }
                    var sha = a.string("sha256")
                    if let s = sha, !(s.utf8.count == 64 && s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) {
                        a.report("sha256", "must be 64 lower-case hexadecimal characters")
                        sha = nil
                    }
                    let bytes = a.int("bytes", minimum: 0)
                    var media = a.string("media_type")
                    if let m = media, !MediaType.isWellFormed(m) {
                        a.report("media_type", "'\(m)' is not a lower-case media type like application/json")
                        media = nil
                    }
                    if let path, let sha, let bytes, let media {
                        artifacts.append(Artifact(path: path, sha256: sha, bytes: bytes, mediaType: media))
                    }
                }
                a.finish()
                r.merge(a)
            }
        }
        if let id, let collectedAt, let idDay = EvidenceIDFormat.day(of: id), idDay != collectedAt.day {
            r.report("id", "the id's date \(idDay) differs from collected_at \(collectedAt.day): the id carries the collection date")
        }
        if let validUntil, let collectedAt, validUntil < collectedAt.day {
            r.report("valid_until", "\(validUntil) is before the collection date \(collectedAt.day)")
        }
        r.finish()
        guard r.issues.isEmpty, let id, let title, let controls, let collectedAt, let collectedBy, let method, let classification else {
            return (nil, r.issues)
        }
        return (EvidenceRecord(id: id, title: title, description: description, controls: controls, collectedAt: collectedAt,
                               collectedBy: collectedBy, source: source, method: method, covers: covers, validUntil: validUntil,
                               classification: classification, noOccurrence: noOccurrence, allowedSecrets: allowedSecrets, artifacts: artifacts), [])
    }
}

/// Media types of artifacts, from the name and the first bytes.
public enum MediaType {
    public static func isWellFormed(_ s: String) -> Bool {
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        let lowerOK = parts[0].utf8.allSatisfy { $0 >= 97 && $0 <= 122 }
        let subOK = parts[1].utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 43 || $0 == 45 }
        return lowerOK && subOK
    }

    private static let byExtension: [String: String] = [
        "json": "application/json", "csv": "text/csv", "tsv": "text/tab-separated-values", "txt": "text/plain",
        "log": "text/plain", "md": "text/markdown", "yaml": "application/yaml", "yml": "application/yaml",
        "xml": "application/xml", "html": "text/html", "htm": "text/html", "pdf": "application/pdf",
        "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "svg": "image/svg+xml",
        "webp": "image/webp", "zip": "application/zip", "gz": "application/gzip", "tar": "application/x-tar",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "eml": "message/rfc822", "har": "application/json", "sarif": "application/sarif+json",
    ]

    /// The media type for a file: its leading bytes where they are unmistakable, else its extension.
    public static func detect(name: String, prefix: [UInt8]) -> String {
        if prefix.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if prefix.starts(with: Array("%PDF-".utf8)) { return "application/pdf" }
        if prefix.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if prefix.starts(with: Array("GIF8".utf8)) { return "image/gif" }
        let ext = name.split(separator: "/").last.flatMap { n -> String? in
            guard let dot = n.lastIndex(of: "."), dot != n.startIndex else { return nil }
            return n[n.index(after: dot)...].lowercased()
        }
        if let ext, let type = byExtension[ext] { return type }
        return "application/octet-stream"
    }
}
