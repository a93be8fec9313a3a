import Foundation

/// One artifact in a snapshot's hash list.
public struct ArtifactHash: Equatable, Sendable {
    /// Path from the ledger root.
    public let path: String
    public let sha256: String
    public let bytes: Int

    public init(path: String, sha256: String, bytes: Int) {
        self.path = path
        self.sha256 = sha256
        self.bytes = bytes
    }
}

/// The artifact hash list as the DoD CMMC artifact hashing convention expects: the SHA-256 of
/// each artifact, then the SHA-256 of the list. The list is written one `<sha256>  <path>` line
/// per artifact, sorted by path, so `sha256sum -c` accepts it from the ledger root.
public enum ArtifactList {
    public static func text(_ artifacts: [ArtifactHash]) -> String {
        String(decoding: bytes(artifacts), as: UTF8.self)
    }

    /// `text` as UTF-8, written straight into one buffer (110k lines for the 100k bench ledger: a
    /// string per line, then joining them, cost more than hashing the result). A list already in
    /// path order (as manifests hold it) is not sorted again.
    public static func bytes(_ artifacts: [ArtifactHash]) -> [UInt8] {
        var inOrder = true
        for i in artifacts.indices.dropFirst() where artifacts[i].path < artifacts[i - 1].path {
            inOrder = false
            break
        }
        let list = inOrder ? artifacts : artifacts.sorted { $0.path < $1.path }
        var out = [UInt8]()
        out.reserveCapacity(list.reduce(0) { $0 + $1.sha256.utf8.count + $1.path.utf8.count + 3 })
        for a in list { appendLine(sha256: a.sha256, path: a.path, to: &out) }
        return out
    }

    /// One `<sha256>  <path>` line as `sha256sum` writes it (two spaces: text mode), the form of
    /// the manifest's list and of a bundle's SHA256SUMS.
    public static func appendLine(sha256: String, path: String, to out: inout [UInt8]) {
        out.append(contentsOf: sha256.utf8)
        out.append(32)
        out.append(32)
        out.append(contentsOf: path.utf8)
        out.append(10)
    }
}

/// The manifest a snapshot tag carries (Schemas/snapshot.schema.json).
public struct SnapshotManifest: Equatable, Sendable {
    public static let schemaID = "evident/snapshot/v1"
    public static let kinds = SnapshotKind.allCases.map(\.rawValue)
    public static let begin = "-----BEGIN EVIDENT MANIFEST-----"
    public static let end = "-----END EVIDENT MANIFEST-----"

    public var name: String
    public var kind: String
    public var frameworks: [String]
    public var period: EvidenceRecord.Period?
    public var asOf: Day
    public var assessor: String?
    public var createdAt: Timestamp
    /// The commit and tree the snapshot was taken of.
    public var commit: String
    public var tree: String
    /// Per framework: its summary and each requirement's status (a JSON object).
    public var readiness: RecordValue
    public var catalogs: [(id: String, version: String)]
    public var artifacts: [ArtifactHash]
    /// SHA-256 of `ArtifactList.text(artifacts)`.
    public var artifactListSHA256: String
    public var evidentVersion: String
    /// The `ReadinessRules.version` its readiness was judged under (1 when the manifest does not say).
    public var readinessRules: Int

    public init(name: String, kind: String, frameworks: [String], period: EvidenceRecord.Period?, asOf: Day, assessor: String?,
                createdAt: Timestamp, commit: String, tree: String, readiness: RecordValue, catalogs: [(id: String, version: String)],
                artifacts: [ArtifactHash], artifactListSHA256: String, evidentVersion: String,
                readinessRules: Int = ReadinessRules.version) {
        self.name = name
        self.kind = kind
        self.frameworks = frameworks
        self.period = period
        self.asOf = asOf
        self.assessor = assessor
        self.createdAt = createdAt
        self.commit = commit
        self.tree = tree
        self.readiness = readiness
        self.catalogs = catalogs
        self.artifacts = artifacts
        self.artifactListSHA256 = artifactListSHA256
        self.evidentVersion = evidentVersion
        self.readinessRules = readinessRules
    }

    public static func == (a: SnapshotManifest, b: SnapshotManifest) -> Bool { a.recordValue == b.recordValue }

    /// Frameworks a kind assesses by default, and the SOC 2 report type.
    public static func defaults(for kind: String) -> (frameworks: [String], soc2Type: Int) {
        switch kind {
        case "cmmc-l1-self": return (["cmmc-l1"], 1)
        case "cmmc-l2-self", "cmmc-l2-c3pao", "cmmc-l3-dibcac": return (["cmmc-l2"], 1)
        case "soc2-type1": return (["soc2"], 1)
        case "soc2-type2": return (["soc2"], 2)
        default: return ([], 1)
        }
    }

    public var isCMMC: Bool { kind.hasPrefix("cmmc-") }

    public var recordValue: RecordValue {
        .map([
            ("schema", .string(Self.schemaID)),
            ("name", .string(name)),
            ("kind", .string(kind)),
            ("frameworks", .strings(frameworks)),
            ("period", period.map { .map([("from", .string($0.from.description)), ("to", .string($0.to.description))]) } ?? .null),
            ("as_of", .string(asOf.description)),
            ("assessor", .optional(assessor)),
            ("created_at", .string(createdAt.description)),
            ("commit", .string(commit)),
            ("tree", .string(tree)),
            ("readiness", readiness),
            ("catalogs", .list(catalogs.map { .map([("id", .string($0.id)), ("version", .string($0.version))]) })),
            ("artifacts", .map([
                ("count", .int(artifacts.count)),
                ("list_sha256", .string(artifactListSHA256)),
                ("files", .list(artifacts.map { .map([("path", .string($0.path)), ("sha256", .string($0.sha256)), ("bytes", .int($0.bytes))]) })),
            ])),
            ("evident_version", .string(evidentVersion)),
            ("readiness_rules", .int(readinessRules)),
        ])
    }

    /// The manifest as it is written into a tag message: pretty JSON, one artifact per line.
    public var json: String {
        // Artifacts compact, one per line, so large snapshots stay readable with git cat-file.
        guard case .map(var pairs) = recordValue else { return "" }
        let files = artifacts.map { JSONText.emit(.map([("path", .string($0.path)), ("sha256", .string($0.sha256)), ("bytes", .int($0.bytes))]), pretty: false) }
        pairs = pairs.map { $0.0 == "artifacts" ? ("artifacts", .string("\u{0}ARTIFACTS\u{0}")) : $0 }
        let text = JSONText.emit(.map(pairs))
        let block = "{\n    \"count\": \(artifacts.count),\n    \"list_sha256\": \(JSONText.quote(artifactListSHA256)),\n    \"files\": ["
            + (files.isEmpty ? "]" : "\n      " + files.joined(separator: ",\n      ") + "\n    ]") + "\n  }"
        return text.replacing(JSONText.quote("\u{0}ARTIFACTS\u{0}"), with: block)
    }

    /// Reads a manifest back from the JSON in a tag message.
    ///
    /// A large snapshot lists 100k artifacts, one per line in the form `json` writes. That list
    /// is read by a plain scanner and cut out before the rest goes through JSONSerialization
    /// (which took seconds over it); any line not in that exact form sends the whole manifest
    /// through JSONSerialization instead, so hand-edited manifests still parse the same way.
    /// With `artifacts` false the list is skipped (callers that only want the kind, dates and
    /// readiness).
    public static func parse(json: String, artifacts wantArtifacts: Bool = true) throws -> SnapshotManifest {
        var text = json
        var scanned: [ArtifactHash]?
        if let (range, list) = ArtifactListScanner.scan(json, parse: wantArtifacts) {
            var bytes = Array(json.utf8)
            bytes.replaceSubrange(range, with: Array("[]".utf8))
            text = String(decoding: bytes, as: UTF8.self)
            scanned = list
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else {
            throw LedgerError.invalid("the snapshot manifest is not valid JSON")
        }
        let v = RecordValue(json: object)
        func str(_ k: String) throws -> String {
            guard let s = v[k]?.stringValue else { throw LedgerError.invalid("the snapshot manifest has no \(k)") }
            return s
        }
        guard v["schema"]?.stringValue == schemaID else { throw LedgerError.invalid("the snapshot manifest's schema is not \(schemaID)") }
        guard let asOf = Day(try str("as_of")), let created = Timestamp(canonical: try str("created_at")) else {
            throw LedgerError.invalid("the snapshot manifest has a malformed as_of or created_at")
        }
        var period: EvidenceRecord.Period?
        if let p = v["period"], case .map = p {
            guard let f = p["from"]?.stringValue.flatMap(Day.init), let t = p["to"]?.stringValue.flatMap(Day.init) else {
                throw LedgerError.invalid("the snapshot manifest has a malformed period")
            }
            period = .init(from: f, to: t)
        }
        let files = scanned == nil && wantArtifacts ? v["artifacts"]?["files"]?.listValue ?? [] : []
        let artifacts = try (scanned ?? []) + files.map { f -> ArtifactHash in
            guard let p = f["path"]?.stringValue, let s = f["sha256"]?.stringValue, let b = f["bytes"]?.intValue else {
                throw LedgerError.invalid("the snapshot manifest has a malformed artifact entry")
            }
            return ArtifactHash(path: p, sha256: s, bytes: b)
        }
        let rules = v["readiness_rules"].map { $0.intValue ?? 0 } ?? 1
        guard rules >= 1 else { throw LedgerError.invalid("the snapshot manifest's readiness_rules is not a version number (1 or more)") }
        let catalogs = (v["catalogs"]?.listValue ?? []).compactMap { c -> (id: String, version: String)? in
            guard let id = c["id"]?.stringValue, let version = c["version"]?.stringValue else { return nil }
            return (id, version)
        }
        return SnapshotManifest(
            name: try str("name"), kind: try str("kind"), frameworks: (v["frameworks"]?.listValue ?? []).compactMap(\.stringValue),
            period: period, asOf: asOf, assessor: v["assessor"]?.stringValue, createdAt: created, commit: try str("commit"), tree: try str("tree"),
            readiness: v["readiness"] ?? .null, catalogs: catalogs, artifacts: artifacts,
            artifactListSHA256: v["artifacts"]?["list_sha256"]?.stringValue ?? "", evidentVersion: try str("evident_version"),
            readinessRules: rules)
    }

    /// The tag message: a summary line, a human summary, and the manifest between markers.
    public func tagMessage(summary: [String], note: String?) -> String {
        var text = "Assessment snapshot \(name) (\(kind)) as of \(asOf)\n\n"
        if let note, !note.isEmpty { text += note.trimmingCharacters(in: .whitespacesAndNewlines) + "\n\n" }
        text += summary.joined(separator: "\n") + "\n\n"
        text += Self.begin + "\n" + json + "\n" + Self.end + "\n"
        return text
    }

    /// The manifest JSON inside a tag message, or nil when there is none.
    /// Searched as bytes: String.range(of:) over a manifest of 100k artifacts took a second.
    public static func extract(fromMessage message: String) -> String? {
        var message = message
        return message.withUTF8 { b -> String? in
            let open = Array((begin + "\n").utf8), close = Array(("\n" + end).utf8)
            guard let start = ByteSearch.firstIndex(of: open, in: b, from: 0) else { return nil }
            let from = start + open.count
            guard let stop = ByteSearch.firstIndex(of: close, in: b, from: from) else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: b[from..<stop]), as: UTF8.self)
        }
    }
}

extension RecordValue {
    /// Converts JSONSerialization output (object key order is not kept: keys are sorted).
    public init(json: Any) {
        switch json {
        case let s as String: self = .string(s)
        case let d as [String: Any]: self = .map(d.sorted { $0.key < $1.key }.map { ($0.key, RecordValue(json: $0.value)) })
        case let a as [Any]: self = .list(a.map(RecordValue.init(json:)))
        case let n as NSNumber:
            // Booleans are NSNumbers whose type code is "c" (char); integers "i"/"q", doubles "d".
            if String(cString: n.objCType) == "c" {
                self = .bool(n.boolValue)
            } else if let i = Int(exactly: n.doubleValue), String(cString: n.objCType) != "d" {
                self = .int(i)
            } else {
                self = .float(n.doubleValue)
            }
        default: self = .null
        }
    }

    /// The same value with map keys sorted at every level (for comparing parsed JSON).
    public var sortedKeys: RecordValue {
        switch self {
        case .map(let pairs): return .map(pairs.sorted { $0.0 < $1.0 }.map { ($0.0, $0.1.sortedKeys) })
        case .list(let items): return .list(items.map(\.sortedKeys))
        default: return self
        }
    }
}

extension ReadinessReport {
    /// What a snapshot keeps of readiness: each framework's result and every requirement's
    /// status, enough for `evident history` and for verification to recompute and compare.
    public var snapshotSummary: RecordValue {
        var out = [RecordValue]()
        for id in order {
            if id == "cmmc-l2", let r = cmmcL2 {
                out.append(.map([("id", .string(id)), ("score", r.score.map(RecordValue.int) ?? .null), ("status", .string(r.status)),
                                 ("closeout_deadline", .optional(r.closeoutDeadline?.description)),
                                 ("requirements", .map(r.requirements.map { ($0.base.requirement.id, .string($0.base.status.rawValue)) }))]))
            } else if id == "cmmc-l1", let r = cmmcL1 {
                out.append(.map([("id", .string(id)), ("status", .string(r.status)), ("met", .int(r.met)), ("total", .int(r.requirements.count)),
                                 ("requirements", .map(r.requirements.map { ($0.requirement.id, .string($0.status.rawValue)) }))]))
            } else if id == "soc2", let r = soc2 {
                out.append(.map([("id", .string(id)), ("type", .int(r.type)), ("status", .string(r.status)), ("ready", .int(r.ready)),
                                 ("total", .int(r.criteria.count)),
                                 ("criteria", .map(r.criteria.map { ($0.requirement.id, .string($0.status.rawValue)) }))]))
            }
        }
        return .list(out)
    }

    /// One line per framework for the tag message and `snapshot list`.
    public var summaryLines: [String] {
        var lines = [String]()
        for id in order {
            if id == "cmmc-l2", let r = cmmcL2 {
                lines.append("CMMC Level 2: " + (r.score.map { "SPRS \($0)/110" } ?? "no score") + ", \(r.status)"
                             + " (\(r.requirements.filter { $0.base.status == .notMet }.count) NOT MET)")
            } else if id == "cmmc-l1", let r = cmmcL1 {
                lines.append("CMMC Level 1: \(r.met)/\(r.requirements.count) MET, \(r.status)")
            } else if id == "soc2", let r = soc2 {
                lines.append("SOC 2 Type \(r.type): \(r.ready)/\(r.applicable) criteria ready" + (r.notApplicable > 0 ? " (\(r.notApplicable) N/A)" : "") + ", \(r.status)")
            }
        }
        return lines
    }
}

/// Reads the artifact list of a manifest as `SnapshotManifest.json` writes it:
/// `"files": [` then one `{"path":"…","sha256":"<64 hex>","bytes":N}` per line, then `]`.
enum ArtifactListScanner {
    /// The byte range of the list (from `[` to `]`) and, when `parse` is set, its entries; nil
    /// when the list is not in exactly that form (the caller then parses the JSON as a whole).
    static func scan(_ json: String, parse: Bool) -> (Range<Int>, [ArtifactHash]?)? {
        let b = Array(json.utf8)
        let filesKey = b.withUnsafeBufferPointer { p in
            ByteSearch.firstIndex(of: Array("\"artifacts\": {".utf8), in: p, from: 0).flatMap {
                ByteSearch.firstIndex(of: Array("\"files\": [".utf8), in: p, from: $0)
            }
        }
        guard let filesKey else { return nil }
        let open = filesKey + "\"files\": ".utf8.count
        var i = open + 1
        var out = [ArtifactHash]()
        if parse { out.reserveCapacity(b.count / 150) }
        let pathKey = Array("{\"path\":\"".utf8), shaKey = Array("\",\"sha256\":\"".utf8), bytesKey = Array("\",\"bytes\":".utf8)
        func skipSpace() { while i < b.count, b[i] == 32 || b[i] == 10 { i += 1 } }
        func expect(_ k: [UInt8]) -> Bool {
            guard i + k.count <= b.count, b[i..<(i + k.count)].elementsEqual(k) else { return false }
            i += k.count
            return true
        }
        skipSpace()
        if i < b.count, b[i] == 93 { return (open..<(i + 1), parse ? [] : nil) }
        while true {
            skipSpace()
            guard expect(pathKey) else { return nil }
            let ps = i
            // Plain characters only: a quote or an escape sends the manifest to JSONSerialization.
            while i < b.count, b[i] != 34, b[i] != 92, b[i] >= 32 { i += 1 }
            guard i < b.count, b[i] == 34 else { return nil }
            let pe = i
            guard expect(shaKey) else { return nil }
            let ss = i
            while i < b.count, (b[i] >= 48 && b[i] <= 57) || (b[i] >= 97 && b[i] <= 102) { i += 1 }
            guard i - ss == 64 else { return nil }
            guard expect(bytesKey) else { return nil }
            var n = 0, digits = 0
            while i < b.count, b[i] >= 48, b[i] <= 57, digits < 18 { n = n * 10 + Int(b[i] - 48); i += 1; digits += 1 }
            guard digits > 0, i < b.count, b[i] == 125 else { return nil }
            i += 1
            if parse {
                out.append(ArtifactHash(path: String(decoding: b[ps..<pe], as: UTF8.self), sha256: String(decoding: b[ss..<(ss + 64)], as: UTF8.self), bytes: n))
            }
            skipSpace()
            guard i < b.count else { return nil }
            if b[i] == 44 { i += 1; continue }
            if b[i] == 93 { return (open..<(i + 1), parse ? out : nil) }
            return nil
        }
    }
}

/// Plain byte search, for the megabyte-sized texts of large snapshots (String.range(of:) over
/// an 11 MB tag message took about a second).
public enum ByteSearch {
    /// The offset of the first `needle` in `haystack` at or after `from`.
    public static func firstIndex(of needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let first = needle.first else { return from }
        var i = from
        while i + needle.count <= haystack.count {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// Whether `text` contains `needle`.
    public static func contains(_ needle: String, in text: String) -> Bool {
        var text = text
        return text.withUTF8 { firstIndex(of: Array(needle.utf8), in: $0, from: 0) != nil }
    }
}
