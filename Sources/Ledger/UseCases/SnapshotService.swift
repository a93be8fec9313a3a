import Foundation
import GitStore
import LedgerCore

/// A snapshot as stored: its tag, manifest and signature state.
public struct Snapshot: Sendable {
    public let name: String
    let tag: TagInfo
    public let manifest: SnapshotManifest?
    /// Why the manifest could not be read, when it could not.
    public let manifestProblem: String?
    public let signed: Bool
    public var refName: String { "refs/tags/\(SnapshotService.tagPrefix)\(name)" }
    /// The commit the tag points at.
    public var commit: CommitID { tag.target.commitID }
    /// Who made the tag, when git recorded it.
    public var tagger: Person? { tag.tagger.map(Person.init) }
}

/// `evident snapshot create|list|show|verify` and `evident export hashes`.
public struct SnapshotService {
    public static let tagPrefix = "assessment/"
    public static let signersPath = ".evident/allowed_signers"

    public struct CreateOptions: Sendable {
        public var name: String
        public var kind: SnapshotKind
        public var frameworks: [String]
        /// The observation period (required for soc2-type2).
        public var period: EvidenceRecord.Period?
        /// The day the snapshot judges; nil: today (a soc2-type2 snapshot: the period's last day).
        public var asOf: Day?
        public var assessor: String?
        public var sign: Bool
        public var key: String?
        public var message: String?

        public init(name: String, kind: SnapshotKind, frameworks: [String] = [], period: EvidenceRecord.Period? = nil, asOf: Day? = nil, assessor: String? = nil,
                    sign: Bool = false, key: String? = nil, message: String? = nil) {
            self.name = name
            self.kind = kind
            self.frameworks = frameworks
            self.period = period
            self.asOf = asOf
            self.assessor = assessor
            self.sign = sign
            self.key = key
            self.message = message
        }
    }

    let ledger: LedgerRepository
    let environment: RunEnvironment

    public init(ledger: LedgerRepository, environment: RunEnvironment) {
        self.ledger = ledger
        self.environment = environment
    }

    var repository: Repository { ledger.repository }

    /// Snapshot names become tag names: letters, digits, dot, dash and underscore.
    /// Throws `LedgerError` `.invalidInput`.
    public static func checkName(_ name: String) throws {
        let ok = !name.isEmpty && name.count <= 100 && name.utf8.allSatisfy { c in
            (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 45 || c == 46 || c == 95
        } && !name.hasPrefix(".") && !name.hasPrefix("-") && !name.contains("..") && !name.hasSuffix(".lock") && !name.hasSuffix(".")
        guard ok else {
            throw LedgerError.invalid("'\(name)' is not a snapshot name: use letters, digits, '.', '-' and '_' (like soc2-type2-2026 or cmmc-l2-self-2026)")
        }
    }

    // MARK: Create

    /// Throws `InputError` (`.usage`, `.invalidInput`) for a bad kind, period, date or signing option,
    /// `LedgerError` `.invalidInput` for a bad or taken name, `.busy` when another writer holds the
    /// ledger, `.failure` when the commit cannot be written.
    public func create(_ o: CreateOptions) throws -> Snapshot {
        try Self.checkName(o.name)
        if let note = o.message {
            // The note goes into the tag message before the summary and the manifest: plain text,
            // lines and tabs only, and never the manifest's own marker.
            if note.unicodeScalars.contains(where: { ($0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t") || ($0.value >= 0x202A && $0.value <= 0x202E) || ($0.value >= 0x2066 && $0.value <= 0x2069) }) {
                throw InputError.invalid("\(field: .message) holds a control character: write the note as plain text (lines and tabs are fine)")
            }
            if note.contains(SnapshotManifest.begin) || note.contains(SnapshotManifest.end) {
                throw InputError.invalid("\(field: .message) contains the manifest's marker line, which only evident writes: leave it out of the note")
            }
        }
        if let assessor = o.assessor {
            // The assessor goes into the manifest and the summary lines: one line of plain text.
            guard !assessor.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw InputError.invalid("\(field: .assessor) must not be empty: name who assessed, or leave it out")
            }
            try InputText.requireOneLine(assessor, field: .assessor, hint: "who assessed, as the summary and the manifest record it")
            guard assessor.count <= 200 else { throw InputError.invalid("\(field: .assessor) is longer than 200 characters: name the assessor briefly") }
        }
        let kind = o.kind.rawValue
        let defaults = SnapshotManifest.defaults(for: kind)
        let period = o.period
        try period?.requireObservation()
        if o.kind == .soc2Type2 && period == nil {
            throw InputError.usage("a soc2-type2 snapshot needs its observation period: \(field: .period) FROM..TO")
        }
        var asOf = environment.today
        if let d = o.asOf {
            // A snapshot records what an assessment found on a day that has come: evidence that
            // is valid today but expires before a later day would be judged on records not yet made.
            guard d <= environment.today else {
                throw InputError.invalid("\(field: .asOf) \(d) is after today (\(environment.today)): a snapshot records a day that has come; give today or an earlier day, or take the snapshot on \(d)")
            }
            // A Type 2 report speaks for its whole period: it cannot be judged before the period ends.
            if let period, o.kind == .soc2Type2, d < period.to {
                throw InputError.usage("\(field: .asOf) \(d) is before the end of the observation period \(period): a soc2-type2 snapshot is judged once its period is over; leave \(field: .asOf) out (it is then \(period.to)) or give a day on or after \(period.to)")
            }
            asOf = d
        } else if let period, o.kind == .soc2Type2 {
            // A Type 2 snapshot is judged at the period's last day, which must have come too
            // (cmmc-rules.md §12.8 for as_of; soc2-rules.md §3: evidence never speaks of the future).
            guard period.to <= environment.today else {
                throw InputError.invalid("\(field: .period) \(period) ends after today (\(environment.today)): a Type 2 snapshot is taken once its observation period is over; end the period on or before today, or take the snapshot on \(period.to)")
            }
            asOf = period.to
        }
        let head = try ledger.resolve("HEAD")
        let config = try head.config()
        // A Level 3 assessment is of an organisation with CMMC Level 3 in scope (32 CFR 170.18):
        // a cmmc-l3-dibcac snapshot of a ledger without it would record an assessment that cannot happen.
        if o.kind == .cmmcL3DIBCAC, !config.frameworks.contains(where: { $0.id == Catalogs.cmmcL3ID }) {
            throw InputError.usage("a cmmc-l3-dibcac snapshot records a Level 3 assessment, and cmmc-l3 is not in the ledger's scope (frameworks in \(Layout.configPath)): add cmmc-l3 to its frameworks there, or pick the kind of the assessment that took place")
        }
        let wantsSignature = o.sign || o.key != nil
        if config.policy.requireSignedSnapshots && !wantsSignature {
            throw InputError.invalid("the ledger's policy requires signed snapshots (policy.require_signed_snapshots in \(Layout.configPath)): pass \(field: .sign) (with \(field: .key) PATH or git config user.signingkey)")
        }
        var keyPath: String?
        if wantsSignature {
            keyPath = o.key ?? (try? repository.configString("user.signingkey")).flatMap { $0 }
            guard let k = keyPath, !k.isEmpty else {
                throw InputError.usage("\(field: .sign) needs a key: pass \(field: .key) PATH, or set git config user.signingkey")
            }
            keyPath = (k as NSString).expandingTildeInPath
        }
        var frameworks = o.frameworks.isEmpty ? defaults.frameworks : o.frameworks
        for f in frameworks where !ReadinessReport.supported.contains(f) {
            throw InputError.usage("\(field: .framework) '\(f)': use \(ReadinessReport.supported.joined(separator: ", "))")
        }
        if frameworks.isEmpty { frameworks = config.frameworks.map(\.id).filter(ReadinessReport.supported.contains) }
        // A snapshot of an assessment kind records that assessment's result: the status held is
        // read from it (cmmc-rules.md §12.1), so the kind's own framework cannot be left out.
        if let own = defaults.frameworks.first, !frameworks.contains(own) {
            throw InputError.usage("a \(kind) snapshot records a \(own) result, so \(field: .framework) must include \(own) (given: \(frameworks.joined(separator: ", "))); "
                                   + "add \(field: .framework) \(own), or use \(field: .kind) internal for a snapshot of other frameworks")
        }
        if period != nil, o.kind != .soc2Type2, o.kind != .internal {
            throw InputError.usage("\(field: .period) is the observation period of a soc2-type2 (or internal) snapshot; a \(kind) snapshot is judged at \(field: .asOf): leave \(field: .period) out")
        }
        let author = try Identity.resolve(repository, environment: environment)
        let writer = LedgerWriter(ledger: ledger, environment: environment)
        let tagName = Self.tagPrefix + o.name
        return try writer.withLock(action: "snapshot-create") { headCommit in
            guard let headCommit else { throw LedgerError.notFound("the ledger has no commits") }
            if (try? repository.referenceTarget("refs/tags/" + tagName)).flatMap({ $0 }) != nil {
                throw LedgerError.invalid("snapshot '\(o.name)' already exists (tag \(tagName)): a snapshot never moves; pick a new name")
            }
            let revision = try Revision(repository: repository, commit: headCommit, spec: "HEAD")
            // A signature is judged by the allowed signers of the tagged commit: a key not listed
            // there makes a snapshot that can never verify.
            if let keyPath { try Self.checkSigningKey(keyPath, shownAs: o.key ?? keyPath, at: revision, principal: author.email) }
            // Nothing invalid gets snapshotted: every record must validate (artifacts re-hashed).
            let (_, issues) = try ValidateService().validate(TreeSource(revision: revision))
            if !issues.isEmpty {
                throw LedgerError.invalid("the ledger has invalid records; fix them before taking a snapshot:\n"
                                          + issues.prefix(20).map { "  \($0)" }.joined(separator: "\n") + (issues.count > 20 ? "\n  ... and \(issues.count - 20) more" : ""))
            }
            let manifest = try self.manifest(of: revision, name: o.name, kind: kind, frameworks: frameworks,
                                             period: period, asOf: asOf, assessor: o.assessor, createdAt: environment.now)
            let report = try readiness(of: revision, manifest: manifest)
            let summary = report.summaryLines + Self.artifactLines(manifest)
            let message = manifest.tagMessage(summary: summary, note: o.message)
            let tagID: ObjectID
            if let keyPath {
                let payload = Self.tagPayload(target: headCommit, name: tagName, tagger: author, message: message)
                let signature = try SSHSignature.sign(Data(payload.utf8), keyPath: keyPath)
                tagID = try wrap("writing the signed tag") { try repository.createTag(fromBuffer: payload + signature) }
            } else {
                tagID = try wrap("writing the tag") { try repository.createTag(tagName, target: headCommit, tagger: author, message: message) }
            }
            let info = try wrap("reading the tag") { try repository.tag(id: tagID, name: tagName) }
            return Snapshot(name: o.name, tag: info, manifest: manifest, manifestProblem: nil, signed: keyPath != nil)
        }
    }

    /// Refuses a signing key whose public half is not in the allowed signers of `revision` (for
    /// namespace "git"), naming the fix: `evident signers add`.
    static func checkSigningKey(_ keyPath: String, shownAs shown: String, at revision: Revision, principal: String) throws {
        let pub = keyPath.hasSuffix(".pub") ? keyPath : keyPath + ".pub"
        let key: (key: String, fingerprint: String)
        do { key = try SSHSignature.publicKey(of: keyPath) } catch let e as LedgerError where e.kind == .invalidInput {
            // An encrypted private key: its public half is in the .pub beside it.
            guard FileManager.default.fileExists(atPath: pub) else { throw e }
            key = try SSHSignature.publicKey(of: pub)
        }
        guard let line = PublicKeyLine(key.key) else {
            throw LedgerError.invalid("\(shown) is not an SSH key evident can sign with")
        }
        let listed = AllowedSigner.parse(try revision.file(signersPath) ?? Data()).signers
            .filter { $0.key.type == line.type && $0.key.base64 == line.base64 }
        let shownPub = shown.hasSuffix(".pub") ? shown : shown + ".pub"
        guard !listed.isEmpty else {
            throw LedgerError.invalid("""
            signing key \(shown) (\(line.type) \(key.fingerprint)) is not in \(signersPath) at the commit being tagged \
            (\(revision.commit.short)), so the snapshot could never verify: add it first with \
            'evident signers add \(principal) \(shownPub)', then create the snapshot
            """)
        }
        guard listed.contains(where: { $0.namespaces.map { $0.contains(SSHSignature.namespace) } ?? true }) else {
            throw LedgerError.invalid("""
            signing key \(shown) (\(key.fingerprint)) is in \(signersPath) (line \(listed[0].line)) but not for namespace \
            "\(SSHSignature.namespace)", so the snapshot could never verify: add namespaces="git" to that line, commit it, then create the snapshot
            """)
        }
    }

    /// The text git signs for a tag: object, type, tag and tagger lines, a blank line, the message.
    @_spi(Bench) public static func tagPayload(target: ObjectID, name: String, tagger: Signature, message: String) -> String {
        let seconds = Timestamp(secondsSince1970: tagger.time.timeIntervalSince1970).seconds
        let offset = tagger.offsetMinutes
        let sign = offset < 0 ? "-" : "+"
        let tz = String(format: "%@%02d%02d", sign, abs(offset) / 60, abs(offset) % 60)
        return "object \(target.hex)\ntype commit\ntag \(name)\ntagger \(tagger.name) <\(tagger.email)> \(seconds) \(tz)\n\n\(message)"
    }

    /// Builds the manifest of a revision: readiness and the artifact hash list from its records.
    func manifest(of revision: Revision, name: String, kind: String, frameworks: [String], period: EvidenceRecord.Period?,
                  asOf: Day, assessor: String?, createdAt: Timestamp, evidence: [EvidenceRecord]? = nil) throws -> SnapshotManifest {
        try manifestAndSummary(of: revision, name: name, kind: kind, frameworks: frameworks, period: period, asOf: asOf,
                               assessor: assessor, createdAt: createdAt, evidence: evidence).manifest
    }

    /// `manifest(of:...)` with the summary lines a tag message of it carries (`tagMessage`).
    func manifestAndSummary(of revision: Revision, name: String, kind: String, frameworks: [String], period: EvidenceRecord.Period?,
                            asOf: Day, assessor: String?, createdAt: Timestamp, evidence: [EvidenceRecord]? = nil) throws -> (manifest: SnapshotManifest, summary: [String]) {
        // (Not left to the exit: `verify` of every snapshot, as `clone` runs it, computes one per snapshot.)
        let (input, _) = try ReadinessService.input(at: revision, evidence: evidence.map { ($0, []) })
        // Readiness and the artifact list (110k paths to build, sort and hash on the 100k bench
        // ledger) do not depend on each other: one core each.
        enum Part {
            case report(ReadinessReport)
            case list([ArtifactHash], sha256: String)
        }
        let parts = try ConcurrentMap.map([0, 1], batch: 1) { task -> Part in
            if task == 0 {
                return .report(try ReadinessReport.evaluate(input, ReadinessRequest(frameworks: frameworks, asOf: asOf, soc2Type: Self.soc2Type(kind: kind, period: period),
                                                                                    period: period, statusDate: nil), revision: revision.commit.hex))
            }
            var artifacts = [ArtifactHash]()
            artifacts.reserveCapacity(input.evidence.reduce(0) { $0 + $1.artifacts.count })
            for e in input.evidence {
                let folder = e.folder + "/"
                for a in e.artifacts { artifacts.append(ArtifactHash(path: folder + a.path, sha256: a.sha256, bytes: a.bytes)) }
            }
            artifacts.sort { $0.path < $1.path }
            return .list(artifacts, sha256: Digest.sha256(Data(ArtifactList.bytes(artifacts))))
        }
        guard case .report(let report)? = parts.first, case .list(let artifacts, let listSHA256)? = parts.last else {
            throw LedgerError(.failure, "computing the manifest of \(revision.spec): a part is missing")
        }
        let manifest = SnapshotManifest(name: name, kind: kind, frameworks: report.order, period: period, asOf: asOf, assessor: assessor,
                                        createdAt: createdAt, commit: revision.commit.hex, tree: revision.tree.hex, readiness: report.snapshotSummary,
                                        catalogs: input.catalogs.catalogs.map { ($0.id, $0.version) }, artifacts: artifacts,
                                        artifactListSHA256: listSHA256, evidentVersion: EvidentVersion.current)
        return (manifest, report.summaryLines + Self.artifactLines(manifest))
    }

    /// The summary lines after the readiness lines: the artifact count and list hash, the assessor.
    static func artifactLines(_ manifest: SnapshotManifest) -> [String] {
        ["Artifacts: \(manifest.artifacts.count), list sha256 \(manifest.artifactListSHA256)"] + (manifest.assessor.map { ["Assessor: \($0)"] } ?? [])
    }

    /// Readiness of a revision as the manifest says it was computed.
    func readiness(of revision: Revision, manifest: SnapshotManifest) throws -> ReadinessReport {
        let (input, _) = try ReadinessService.input(at: revision)
        return try ReadinessReport.evaluate(input, ReadinessRequest(frameworks: manifest.frameworks, asOf: manifest.asOf,
                                                                    soc2Type: Self.soc2Type(kind: manifest.kind, period: manifest.period),
                                                                    period: manifest.period, statusDate: nil), revision: revision.commit.hex)
    }

    /// SOC 2 is judged over the period for a soc2-type2 snapshot (or an internal one with a
    /// period), and at the as-of day otherwise.
    @_spi(Bench) public static func soc2Type(kind: String, period: EvidenceRecord.Period?) -> Int {
        guard period != nil else { return 1 }
        return kind == "soc2-type2" || kind == "internal" ? 2 : 1
    }

    // MARK: Read

    /// What readiness needs of a snapshot without reading its manifest.
    public struct Headline: Sendable {
        public let name: String
        public let kind: String
        public let asOf: Day
        /// The tagger's time, seconds since 1970.
        public let createdAt: Int
        /// The recorded CMMC Level 1 and Level 2 results, when the snapshot recorded them.
        public let level1: String?
        public let level2: String?
    }

    /// Kind, as-of day, creation time and recorded CMMC results of every snapshot, read from the
    /// start of each tag object: the header, the first line of the message and the summary lines
    /// just before the manifest (so no manifest is parsed, and this stays cheap with large artifact
    /// lists). A snapshot whose note pushes the summary out of that start has its manifest read.
    /// `verify` holds the summary lines to the manifest, so what is read here is what was recorded.
    /// Throws `LedgerError` `.failure` when the tags cannot be read.
    public func headlines() throws -> [Headline] {
        let names = try wrap("listing tags") { try repository.tagNames(matching: Self.tagPrefix + "*") }
        var cache = HeadlineCache(gitDirectory: repository.gitDirectory)
        var out = [Headline]()
        for tagName in names {
            guard let id = try? repository.referenceTarget("refs/tags/" + tagName) else { continue }
            let name = String(tagName.dropFirst(Self.tagPrefix.count))
            let headline: HeadlineCache.Headline?
            if let known = cache.entries[id] {
                headline = known
            } else {
                // Only the start of the tag object: the manifest after the summary can be megabytes.
                guard let prefix = try? repository.objectPrefix(id, limit: Self.headlinePrefix) else { continue }
                switch Self.headline(ofTagObject: prefix) {
                case .notSnapshot: headline = nil
                case .complete(let h): headline = h
                case .summaryBeyondPrefix(let kind, let asOf, let createdAt, let target):
                    let manifest = (try? snapshot(named: name, artifacts: false, tagObject: id))?.manifest
                    func result(_ framework: String) -> String? {
                        manifest?.readiness.listValue?.first { $0["id"]?.stringValue == framework }?["status"]?.stringValue
                    }
                    headline = HeadlineCache.Headline(kind: kind, asOf: asOf, createdAt: createdAt, level1: result("cmmc-l1"), level2: result("cmmc-l2"), target: target)
                }
                cache.insert(id, headline)
            }
            if let h = headline {
                out.append(Headline(name: name, kind: h.kind, asOf: h.asOf, createdAt: h.createdAt, level1: h.level1, level2: h.level2))
            }
        }
        cache.save()
        return out
    }

    /// The CMMC assessments among the snapshots, each with the result recorded for its own level
    /// (cmmc-rules.md §12.1): soc2-* and internal snapshots are left out, and a Level 1 snapshot
    /// carries its Level 1 result only (§12.9). Level 3 results are not computed by evident, so a
    /// cmmc-l3-dibcac snapshot carries none.
    /// Throws `LedgerError` `.failure` when the tags cannot be read.
    public func assessments() throws -> [AssessmentSnapshot] {
        try headlines().compactMap { h in
            guard let type = StatusHeld.type(ofKind: h.kind) else { return nil }
            let result = type.level == 1 ? h.level1 : type.level == 2 ? h.level2 : nil
            return AssessmentSnapshot(name: h.name, kind: h.kind, asOf: h.asOf, result: result, createdAt: h.createdAt)
        }
    }

    static let headlinePrefix = 16384

    enum TagHeadline: Equatable {
        case notSnapshot
        case complete(HeadlineCache.Headline)
        /// A snapshot whose summary lines lie past the prefix read (a long note).
        case summaryBeyondPrefix(kind: String, asOf: Day, createdAt: Int, target: ObjectID?)
    }

    /// What the start of a snapshot's tag object says: kind and as-of day from the first line of
    /// the message, "Assessment snapshot NAME (KIND) as of YYYY-MM-DD", the tagger's time from the
    /// header, and the recorded CMMC results from the summary lines that `tagMessage` writes just
    /// before the manifest ("CMMC Level 2: SPRS 102/110, conditional (6 NOT MET)", "CMMC Level 1:
    /// 15/15 MET, final"). Any other tag object is `.notSnapshot`.
    static func headline(ofTagObject data: Data) -> TagHeadline {
        let bytes = [UInt8](data)
        let truncated = bytes.count >= headlinePrefix
        // The header ends at the first blank line; a tag object always has one.
        guard bytes.starts(with: Array("object ".utf8)) else { return .notSnapshot }
        var start = -1
        for i in 1..<max(bytes.count, 1) where bytes[i] == 10 && bytes[i - 1] == 10 {
            start = i + 1
            break
        }
        guard start > 0 else { return .notSnapshot }
        let header = String(decoding: bytes[0..<start], as: UTF8.self)
        var createdAt = 0
        let headerLines = header.split(separator: "\n")
        if let tagger = headerLines.first(where: { $0.hasPrefix("tagger ") }) {
            let words = tagger.split(separator: " ")
            if words.count >= 2, let seconds = Int(words[words.count - 2]) { createdAt = seconds }
        }
        // The commit the tag names ("object HEX" with "type commit"), so resolving the snapshot
        // later needs no second read of the object.
        var target: ObjectID?
        if headerLines.count >= 2, headerLines[0].hasPrefix("object "), headerLines[1] == "type commit" {
            target = ObjectID(hex: String(headerLines[0].dropFirst("object ".count)))
        }
        let end = bytes[start...].firstIndex(of: 10) ?? bytes.count
        guard end < bytes.count || !truncated, let first = String(bytes: bytes[start..<end], encoding: .utf8),
              first.hasPrefix("Assessment snapshot "),
              let open = first.lastIndex(of: "("), let close = first.lastIndex(of: ")"), open < close,
              let day = Day(String(first.suffix(10))) else { return .notSnapshot }
        let kind = String(first[first.index(after: open)..<close])
        // The summary: the lines between the last blank line and the first manifest marker (the
        // one the manifest is read from, `SnapshotManifest.extract`).
        guard let block = summaryBlock(bytes, from: start) else {
            return truncated ? .summaryBeyondPrefix(kind: kind, asOf: day, createdAt: createdAt, target: target)
                : .complete(HeadlineCache.Headline(kind: kind, asOf: day, createdAt: createdAt, level1: nil, level2: nil, target: target))
        }
        let results = summaryResults(block)
        return .complete(HeadlineCache.Headline(kind: kind, asOf: day, createdAt: createdAt, level1: results.level1, level2: results.level2, target: target))
    }

    /// The summary lines of a tag object (`tagMessage`): the paragraph just before the first
    /// manifest marker (the one the manifest is read from, `SnapshotManifest.extract`), its
    /// message starting at `start`; nil when no marker is within `bytes`.
    static func summaryBlock(_ bytes: [UInt8], from start: Int) -> [String]? {
        let marker = Array(("\n\n" + SnapshotManifest.begin + "\n").utf8)
        guard let at = bytes.withUnsafeBufferPointer({ ByteSearch.firstIndex(of: marker, in: $0, from: start) }) else { return nil }
        let text = String(decoding: bytes[start..<at], as: UTF8.self)
        return (text.components(separatedBy: "\n\n").last ?? "").components(separatedBy: "\n")
    }

    /// The recorded CMMC results in a snapshot's summary lines (`ReadinessReport.summaryLines`).
    static func summaryResults(_ lines: [String]) -> (level1: String?, level2: String?) {
        func status(_ prefix: String) -> String? {
            guard let line = lines.first(where: { $0.hasPrefix(prefix) }) else { return nil }
            // "SPRS 102/110, conditional (6 NOT MET)" or "15/15 MET, final"
            guard let comma = line.range(of: ", ", options: .backwards) else { return nil }
            let rest = line[comma.upperBound...]
            let word = rest.split(separator: " ").first.map(String.init) ?? ""
            return ["final", "conditional", "no_status", "incomplete"].contains(word) ? word : nil
        }
        return (status("CMMC Level 1: "), status("CMMC Level 2: "))
    }

    /// A snapshot as `history` reads it: its name and what its manifest records.
    struct RecordedStatuses {
        let name: String
        let entry: StatusCache.Entry
    }

    /// What every snapshot with a readable manifest records (the snapshots `list` returns with a
    /// manifest), through the status cache: a tag object is read, and its manifest parsed as
    /// `list` parses it, only the first time it is seen. In tag-name order.
    /// Throws as `list` does.
    func recordedStatuses() throws -> [RecordedStatuses] {
        let names = try wrap("listing tags") { try repository.tagNames(matching: Self.tagPrefix + "*") }
        var cache = StatusCache(gitDirectory: repository.gitDirectory)
        defer { cache.save() }
        var out = [RecordedStatuses]()
        for tagName in names {
            let name = String(tagName.dropFirst(Self.tagPrefix.count))
            if let id = try? repository.referenceTarget("refs/tags/" + tagName), let known = cache.entries[id] {
                if let known { out.append(RecordedStatuses(name: name, entry: known)) }
                continue
            }
            // Keyed by the tag object actually read, so a tag moved meanwhile cannot mislabel an entry.
            // The artifact list is not needed here (100k entries on a large ledger). A lightweight
            // tag under assessment/ is no snapshot and records nothing: left out, as the report's
            // trend leaves it out (`snapshot list` and `verify` name it).
            let s: Snapshot
            do { s = try snapshot(named: name, artifacts: false) } catch let e as LedgerError where e.kind == .invalidInput { continue }
            let entry = s.manifest.map(StatusCache.Entry.init)
            cache.insert(s.tag.id, entry)
            if let entry { out.append(RecordedStatuses(name: name, entry: entry)) }
        }
        return out
    }

    /// What snapshot `name`'s manifest records, through the status cache as `recordedStatuses`
    /// reads it: the tag object is read and its manifest parsed only the first time.
    /// Throws `LedgerError` `.notFound` when there is no snapshot `name`, `.invalidInput` when its
    /// tag carries no readable manifest (the problem named, and `snapshot verify` suggested).
    func recordedStatus(named name: String) throws -> StatusCache.Entry {
        var cache = StatusCache(gitDirectory: repository.gitDirectory)
        defer { cache.save() }
        if let id = try? repository.referenceTarget("refs/tags/" + Self.tagPrefix + name), let known = cache.entries[id], let known {
            return known
        }
        let s = try snapshot(named: name, artifacts: false)
        let entry = s.manifest.map(StatusCache.Entry.init)
        cache.insert(s.tag.id, entry)
        guard let entry else {
            throw LedgerError.invalid("snapshot '\(name)': \(s.manifestProblem ?? "no manifest"); run 'evident snapshot verify \(name)'")
        }
        return entry
    }

    /// Throws `LedgerError` `.failure` when the tags cannot be read.
    public func list() throws -> [Snapshot] {
        let names = try wrap("listing tags") { try repository.tagNames(matching: Self.tagPrefix + "*") }
        return try names.map { try snapshot(named: String($0.dropFirst(Self.tagPrefix.count))) }
            .sorted { ($0.manifest?.createdAt.seconds ?? 0, $0.name) < ($1.manifest?.createdAt.seconds ?? 0, $1.name) }
    }

    /// The snapshot `name`. With `artifacts` false, the manifest's artifact list is left empty
    /// (it is skipped, not parsed: 100k entries on a large ledger).
    /// Throws `LedgerError` `.notFound` when there is no snapshot `name`.
    public func snapshot(named name: String, artifacts: Bool = true) throws -> Snapshot {
        try snapshot(named: name, artifacts: artifacts, tagObject: nil)
    }

    /// `snapshot(named:artifacts:)`; with `tagObject`, the snapshot is that tag object as if
    /// `assessment/NAME` named it (the pre-receive hook checks a pushed tag before any ref points at it).
    func snapshot(named name: String, artifacts: Bool, tagObject: ObjectID?) throws -> Snapshot {
        try snapshotAndManifestText(named: name, artifacts: artifacts, tagObject: tagObject).snapshot
    }

    /// `snapshot(named:artifacts:tagObject:)` and the manifest text exactly as its tag message
    /// records it (between the markers; nil when there is none), from one read of the tag: what
    /// a bundle ships as manifest.json (19 MB on the 100k bench ledger, so read once, not again).
    func snapshotAndManifestText(named name: String, artifacts: Bool = true, tagObject: ObjectID? = nil) throws -> (snapshot: Snapshot, manifestText: String?) {
        let tagName = Self.tagPrefix + name
        let info: TagInfo?
        do throws(GitError) {
            if let tagObject {
                if try repository.objectKind(tagObject) != .tag {
                    throw GitError(code: .invalid, message: "\(tagObject.hex) is not a tag object", function: "git_tag_lookup")
                }
                info = try repository.tag(id: tagObject, name: tagName)
            } else {
                info = try repository.tag(named: tagName)
            }
        } catch {
            if error.code == .invalid, let tagObject {
                throw LedgerError.invalid("\(tagObject.hex) is not an annotated tag object (a lightweight tag names a commit), so \(tagName) would not be a snapshot: snapshots are annotated tags made by 'evident snapshot create'")
            }
            if error.code == .invalid {
                throw LedgerError.invalid("\(tagName) is a lightweight tag, not a snapshot: snapshots are annotated tags made by 'evident snapshot create'; delete it with 'git tag -d \(tagName)' (or keep it under another name than \(Self.tagPrefix)*)")
            }
            throw translate(error, "reading \(tagName)")
        }
        guard let info else {
            let names = (try? repository.tagNames(matching: Self.tagPrefix + "*"))?.map { String($0.dropFirst(Self.tagPrefix.count)) } ?? []
            let hint = closestMatches(name, in: names, limit: 3)
            throw LedgerError.notFound("no snapshot '\(name)'\(hint.isEmpty ? "" : " (closest: \(hint.joined(separator: ", ")))"); 'evident snapshot list' shows them")
        }
        let (message, signed) = try self.message(of: info, tagName: tagName)
        guard let json = SnapshotManifest.extract(fromMessage: message) else {
            return (Snapshot(name: name, tag: info, manifest: nil, manifestProblem: "the tag message carries no evident manifest", signed: signed), nil)
        }
        do {
            let manifest = try SnapshotManifest.parse(json: json, artifacts: artifacts)
            return (Snapshot(name: name, tag: info.withoutMessage, manifest: manifest, manifestProblem: nil, signed: signed), json)
        } catch let e as LedgerError {
            return (Snapshot(name: name, tag: info, manifest: nil, manifestProblem: e.message, signed: signed), json)
        }
    }

    /// The message of a snapshot's tag without its signature, and whether it carries one.
    /// A tag's signature ends its message: the raw object (megabytes for a large snapshot) is read
    /// a second time only when the message carries a signature block.
    func message(of info: TagInfo, tagName: String) throws -> (message: String, signed: Bool) {
        var message = info.message
        // (The block is at the very end: only the last 16 KiB are searched.)
        let tail = String(decoding: message.utf8.suffix(16384), as: UTF8.self)
        guard SSHSignature.allBeginMarkers.contains(where: { ByteSearch.contains($0, in: tail) }) else { return (message, false) }
        let raw = try wrap("reading \(tagName)") { try repository.rawTag(info.id) }
        guard let split = SSHSignature.split(tagObject: raw) else { return (message, false) }
        if let text = String(data: split.payload, encoding: .utf8), let blank = text.range(of: "\n\n") {
            message = String(text[blank.upperBound...])
        }
        return (message, true)
    }

    /// The principal that signed a snapshot, judged by the allowed signers of the snapshot's own
    /// commit: who could sign when it was taken. (A signer removed later does not undo a snapshot;
    /// `verify` reports that as a notice.) Throws `LedgerError` `.failure` when the tag cannot be
    /// read or ssh-keygen cannot run.
    public func signer(of snapshot: Snapshot) throws -> SSHSignature.Verdict? {
        guard snapshot.signed else { return nil }
        let raw = try wrap("reading the tag") { try repository.rawTag(snapshot.tag.id) }
        guard let split = SSHSignature.split(tagObject: raw) else { return nil }
        var signers = Data()
        if snapshot.tag.targetKind == .commit {
            signers = try Revision(repository: repository, commit: snapshot.tag.target, spec: snapshot.refName).file(Self.signersPath) ?? Data()
        }
        return try SSHSignature.verify(payload: split.payload, signature: split.signature, allowedSigners: signers)
    }

    /// A notice when the key that made a good signature is no longer an allowed signer at HEAD
    /// (nil when it still is, or when there is no HEAD, as in the pre-receive hook's view).
    func signerNotice(_ verdict: SSHSignature.Verdict, snapshot s: Snapshot) -> String? {
        guard case .good(let principal, let fingerprint) = verdict, !fingerprint.isEmpty,
              let head = try? ledger.resolve("HEAD"), head.commit != s.tag.target else { return nil }
        let signers = AllowedSigner.parse((try? head.file(Self.signersPath)).flatMap { $0 } ?? Data()).signers
        if signers.contains(where: { $0.fingerprint == fingerprint }) { return nil }
        return "\(s.name): signed by \(principal) (\(fingerprint)), who was an allowed signer at the snapshot's commit \(s.tag.target.short) "
            + "but is no longer in \(Self.signersPath) at HEAD; the signature still verifies (add the key back with 'evident signers add' if it was removed by mistake)"
    }

    // MARK: Verify

    /// Every check of a snapshot; one finding per problem, empty when it is intact. Notices say
    /// what is worth knowing but does not make the snapshot fail. With `tagObject`, that tag
    /// object is checked as `assessment/NAME` (see `snapshot(named:artifacts:tagObject:)`).
    /// Problems found are findings, not errors. Throws `LedgerError` `.notFound` when there is no
    /// snapshot `name`.
    public func verify(_ name: String, tagObject: String? = nil) throws -> (findings: [String], notices: [String]) {
        try verify(name, tagObject: tagObject, validator: ValidateService())
    }

    /// `verify` with `validator`, which may remember the months of evidence it checked for the
    /// next snapshot (`verifyAll`).
    func verify(_ name: String, tagObject: String?, validator: ValidateService) throws -> (findings: [String], notices: [String]) {
        // Every tree of the snapshot is read once: libgit2's cache would only hold them.
        try Libgit2.withSmallObjectCache { try check(name, tagObject: tagObject, validator: validator) }
    }

    private func check(_ name: String, tagObject: String?, validator: ValidateService) throws -> (findings: [String], notices: [String]) {
        let s: Snapshot
        var t0 = Date()
        defer { trace("verify-end", &t0) }
        var object: ObjectID?
        if let tagObject {
            guard let id = ObjectID(hex: tagObject) else { throw LedgerError.usage("--tag-object '\(tagObject)' is not an object id: give the tag object's full hex id") }
            object = id
        }
        do { s = try snapshot(named: name, artifacts: true, tagObject: object) } catch let e as LedgerError where e.kind == .invalidInput {
            return (["\(name): \(e.message)"], [])
        }
        var findings = [String]()
        var notices = [String]()
        func finding(_ text: String) { findings.append("\(name): \(text)") }
        guard s.tag.targetKind == .commit else {
            finding("the tag points at a \(s.tag.targetKind), not a commit")
            return (findings, notices)
        }
        let commit = s.tag.target
        // The snapshot's commit must stay in the main branch's history (nothing rewritten).
        let branch = try ledger.branch()
        if let tip = try wrap("reading \(branch)", { try repository.referenceTarget(branch) }) {
            if try !wrap("walking history", { try repository.isAncestor(commit, of: tip) }) {
                finding("its commit \(commit.short) is not in the history of \(branch): the branch was rewritten or the tag was moved")
            }
        }
        guard let manifest = s.manifest else {
            finding(s.manifestProblem ?? "no manifest")
            return (findings, notices)
        }
        if manifest.commit != commit.hex {
            finding("the tag points at \(commit.short), but its manifest was made for \(manifest.commit.prefix(10)): the tag was deleted and recreated elsewhere")
        }
        if manifest.name != name { finding("the manifest names snapshot '\(manifest.name)', not '\(name)'") }
        let revision = try Revision(repository: repository, commit: commit, spec: s.refName)
        if manifest.tree != revision.tree.hex {
            finding("the tagged tree \(revision.tree.short) differs from the manifest's \(manifest.tree.prefix(10))")
        }
        // Records and artifacts at the tagged tree: every record validates, every artifact re-hashes to its record.
        Libgit2.releaseFreedMemory()
        trace("snapshot", &t0)
        let (_, issues, evidence) = try validator.validate(revision: revision)
        Libgit2.releaseFreedMemory()
        trace("validate", &t0)
        for i in issues { finding("record: \(i)") }
        // The manifest recomputed from the tagged tree must equal the stored one (from the
        // records just validated: the tree is not read twice).
        let (recomputed, summary) = try self.manifestAndSummary(of: revision, name: manifest.name, kind: manifest.kind, frameworks: manifest.frameworks,
                                                                period: manifest.period, asOf: manifest.asOf, assessor: manifest.assessor,
                                                                createdAt: manifest.createdAt, evidence: evidence)
        trace("recompute", &t0)
        // The stored list hashes as the recomputed one when the two lists are the same (one
        // text of 110k lines built, not two).
        let storedListSHA256 = recomputed.artifacts == manifest.artifacts ? recomputed.artifactListSHA256
            : Digest.sha256(Data(ArtifactList.bytes(manifest.artifacts)))
        if storedListSHA256 != manifest.artifactListSHA256 {
            finding("the manifest's artifact list does not hash to its list_sha256 \(manifest.artifactListSHA256.prefix(16)): the manifest was edited")
        }
        if recomputed.artifactListSHA256 != manifest.artifactListSHA256 || recomputed.artifacts != manifest.artifacts {
            let stored = Dictionary(manifest.artifacts.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
            let now = Dictionary(recomputed.artifacts.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
            for path in now.keys.sorted() where stored[path] == nil { finding("artifact \(path) is in the tagged tree but not in the manifest") }
            for path in stored.keys.sorted() where now[path] == nil { finding("artifact \(path) is in the manifest but not in the tagged tree") }
            for (path, a) in now.sorted(by: { $0.key < $1.key }) { if let b = stored[path], a != b { finding("artifact \(path): the manifest says sha256 \(b.sha256.prefix(16)), the record says \(a.sha256.prefix(16))") } }
            if findings.isEmpty || recomputed.artifactListSHA256 != manifest.artifactListSHA256 {
                finding("the artifact list hash is \(recomputed.artifactListSHA256.prefix(16)) recomputed, \(manifest.artifactListSHA256.prefix(16)) in the manifest")
            }
        }
        // Readiness must equal its recomputation under the rules it was judged by. A snapshot
        // from an earlier evident, judged under rules since corrected, keeps its recorded result
        // (that is what was assessed) and the difference is a notice; a tag being pushed
        // (`tagObject`) must be judged under today's rules (ReadinessRules).
        let sameRules = manifest.readinessRules == ReadinessRules.version
        if recomputed.readiness.sortedKeys != manifest.readiness.sortedKeys {
            if sameRules {
                finding("readiness recomputed from the tagged tree differs from the manifest's: the manifest was edited (recomputed: \(ReadinessBrief.describe(recomputed.readiness)); stored: \(ReadinessBrief.describe(manifest.readiness)))")
            } else if manifest.readinessRules < ReadinessRules.version {
                notices.append("\(name): judged under evident's readiness rules version \(manifest.readinessRules) (evident \(manifest.evidentVersion)); today's rules (version \(ReadinessRules.version)) judge the same tree as \(ReadinessBrief.describe(recomputed.readiness)); the snapshot keeps what it recorded: \(ReadinessBrief.describe(manifest.readiness))")
            } else {
                notices.append("\(name): judged under readiness rules version \(manifest.readinessRules), newer than this evident's (\(ReadinessRules.version)): upgrade evident (the snapshot was taken with \(manifest.evidentVersion)) to check its readiness")
            }
        }
        // What readiness reads of a snapshot without its manifest (`headlines`: the first line
        // and the summary lines) must be what the manifest records: the status held is worked out
        // from it (cmmc-rules.md §12.1).
        if let prefix = try? repository.objectPrefix(s.tag.id, limit: Self.headlinePrefix) {
            func recorded(_ framework: String) -> String? {
                manifest.readiness.listValue?.first { $0["id"]?.stringValue == framework }?["status"]?.stringValue
            }
            switch Self.headline(ofTagObject: prefix) {
            case .notSnapshot:
                finding("its message does not begin 'Assessment snapshot \(name) (KIND) as of DATE', so readiness cannot read it as an assessment")
            case .complete(let h):
                if h.kind != manifest.kind || h.asOf != manifest.asOf {
                    finding("its first line says \(h.kind) as of \(h.asOf), the manifest \(manifest.kind) as of \(manifest.asOf): the message was edited")
                }
                for (label, line, framework) in [("CMMC Level 1", h.level1, "cmmc-l1"), ("CMMC Level 2", h.level2, "cmmc-l2")] where line != recorded(framework) {
                    finding("its summary line says \(label) \(line ?? "(none)"), the manifest records \(recorded(framework) ?? "(none)"): the message was edited")
                }
            case .summaryBeyondPrefix(let kind, let asOf, _, _):
                if kind != manifest.kind || asOf != manifest.asOf {
                    finding("its first line says \(kind) as of \(asOf), the manifest \(manifest.kind) as of \(manifest.asOf): the message was edited")
                }
            }
            // Every summary line, as `git tag -n` and `git show` print it: the readiness lines as
            // the tagged tree gives them (under the rules the snapshot was judged by), the
            // artifact and assessor lines as the manifest records them.
            func summaryLines(_ bytes: [UInt8]) -> [String]? {
                // The message starts after the header's blank line.
                for i in 1..<max(bytes.count, 1) where bytes[i] == 10 && bytes[i - 1] == 10 { return Self.summaryBlock(bytes, from: i + 1) }
                return nil
            }
            // The summary is read from the start of the tag object unless a long note pushed it further.
            var found = summaryLines([UInt8](prefix))
            if found == nil, prefix.count >= Self.headlinePrefix, let whole = try? repository.rawTag(s.tag.id) { found = summaryLines([UInt8](whole)) }
            if let lines = found {
                let tail = Self.artifactLines(manifest)
                if Array(lines.suffix(tail.count)) != tail {
                    finding("its summary ends '\(lines.suffix(tail.count).joined(separator: "; "))', the manifest gives '\(tail.joined(separator: "; "))': the message was edited")
                }
                let readinessLines = Array(summary.dropLast(Self.artifactLines(recomputed).count))
                if sameRules, Array(lines.dropLast(tail.count)) != readinessLines {
                    finding("its summary says '\(lines.dropLast(tail.count).joined(separator: "; "))', readiness recomputed from the tagged tree gives '\(readinessLines.joined(separator: "; "))': the message was edited")
                }
            }
        }
        if tagObject != nil && !sameRules {
            finding("its manifest was judged under readiness rules version \(manifest.readinessRules), and this ledger's server checks new snapshots under version \(ReadinessRules.version): take the snapshot again with the same evident version as the server (evident \(EvidentVersion.current))")
        }
        // The signature: required by policy, valid for an allowed signer when present.
        let config = try revision.config()
        if s.signed {
            switch try signer(of: s) {
            case let verdict?:
                if case .bad(let reason) = verdict { finding("signature (judged by \(Self.signersPath) at the snapshot's commit \(commit.short)): \(reason)") }
                if let notice = signerNotice(verdict, snapshot: s) { notices.append(notice) }
            case nil: break
            }
        } else if config.policy.requireSignedSnapshots {
            finding("the ledger's policy requires signed snapshots, and this one is not signed")
        }
        return (findings, notices)
    }

    /// `evident verify`: every snapshot, and every record and artifact at HEAD.
    /// Problems found are findings, not errors. Throws `LedgerError` `.failure` when the ledger cannot
    /// be read, `.invalidInput` when this clone's own git settings would change evidence bytes on checkout.
    public func verifyAll() throws -> (snapshots: Int, findings: [String], notices: [String]) {
        try Libgit2.withSmallObjectCache { try checkAll() }
    }

    private func checkAll() throws -> (snapshots: Int, findings: [String], notices: [String]) {
        var findings = [String]()
        var notices = [String]()
        let names = try wrap("listing tags") { try repository.tagNames(matching: Self.tagPrefix + "*") }
        // Snapshots share most of their months of evidence: each month tree is checked once.
        let validator = ValidateService(remembering: ValidateService.MonthMemo())
        for n in names {
            let r = try verify(String(n.dropFirst(Self.tagPrefix.count)), tagObject: nil, validator: validator)
            findings += r.findings
            notices += r.notices
        }
        let head = try ledger.resolve("HEAD")
        let (_, issues, evidence) = try validator.validate(revision: head)
        // The objects are checked; so is what a checkout of them in this clone would hold.
        try EvidenceProtection.check(repository, root: ledger.root,
                                     paths: evidence.flatMap { r in r.artifacts.map { r.folder + "/" + $0.path } + [r.recordPath] })
        findings += issues.map { "HEAD: \($0)" }
        return (names.count, findings, notices)
    }

    // MARK: Export

    /// The snapshot's artifact hash list in `sha256sum` format, the SHA-256 of that list and
    /// the number of artifacts. Throws `LedgerError` `.notFound` for an unknown snapshot,
    /// `.invalidInput` for one without a manifest, `.gate` when the list does not hash to the
    /// manifest's `list_sha256`.
    public func hashList(_ name: String) throws -> (text: String, hash: String, count: Int) {
        let s = try snapshot(named: name)
        guard let manifest = s.manifest else { throw LedgerError.invalid("snapshot '\(name)': \(s.manifestProblem ?? "no manifest")") }
        let text = ArtifactList.text(manifest.artifacts)
        let hash = Digest.sha256(Data(text.utf8))
        guard hash == manifest.artifactListSHA256 else {
            throw LedgerError(.gate, "snapshot '\(name)': its artifact list does not hash to the manifest's list_sha256; run 'evident snapshot verify \(name)'")
        }
        return (text, hash, manifest.artifacts.count)
    }
}

/// A one-line description of a snapshot's readiness summary.
enum ReadinessBrief {
    static func describe(_ value: RecordValue) -> String {
        (value.listValue ?? []).map { f in
            let id = f["id"]?.stringValue ?? "?"
            let status = f["status"]?.stringValue ?? "?"
            if let score = f["score"]?.intValue { return "\(id) \(score) \(status)" }
            return "\(id) \(status)"
        }.joined(separator: ", ")
    }
}

public enum EvidentVersion {
    public static let current = "0.1.0"
}
