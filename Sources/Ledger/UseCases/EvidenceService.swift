#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GitStore
import LedgerCore

/// `evident evidence add`: copies artifacts into `evidence/<YYYY>/<MM>/<ID>/`, writes their record,
/// validates it, and makes exactly one commit.
public struct EvidenceAddService {
    public struct Options: Sendable {
        public var files: [String]
        public var controls: [String]
        public var title: String
        public var description: String?
        /// When it was collected; nil: now.
        public var collected: Timestamp?
        /// The period the evidence speaks for.
        public var covers: EvidenceRecord.Period?
        public var validUntil: Day?
        public var source: String?
        public var method: EvidenceMethod
        public var classification: Classification
        public var message: String?
        public var recursive: Bool
        public var name: String?
        public var allowEmpty: Bool
        /// A no-occurrence record: management's statement that no event of one on_event control
        /// happened during `covers` (soc2-rules.md §3). It takes no files.
        public var noOccurrence: Bool
        /// Secret-scan rules whose findings are let through for this add (`--allow-secret RULE`):
        /// the record lists those that found something, and the commit names each in a trailer.
        public var allowedSecrets: [SecretRule]

        public init(files: [String], controls: [String], title: String, description: String? = nil, collected: Timestamp? = nil,
                    covers: EvidenceRecord.Period? = nil, validUntil: Day? = nil, source: String? = nil, method: EvidenceMethod = .manual,
                    classification: Classification = .internal, message: String? = nil, recursive: Bool = false, name: String? = nil,
                    allowEmpty: Bool = false, noOccurrence: Bool = false, allowedSecrets: [SecretRule] = []) {
            self.files = files
            self.controls = controls
            self.title = title
            self.description = description
            self.collected = collected
            self.covers = covers
            self.validUntil = validUntil
            self.source = source
            self.method = method
            self.classification = classification
            self.message = message
            self.recursive = recursive
            self.name = name
            self.allowEmpty = allowEmpty
            self.noOccurrence = noOccurrence
            self.allowedSecrets = allowedSecrets
        }
    }

    public struct Result: Sendable {
        public let record: EvidenceRecord
        public let commit: CommitID
        public let notices: [String]
        /// Findings let through by `allowedSecrets`, in file order.
        public var keptSecrets: [KeptSecret] = []
        /// Allowed rules that found nothing (not recorded).
        public var unusedAllowances: [SecretRule] = []
    }

    /// A secret-scan finding let through on purpose: where (a file, or a field such as the
    /// description) and what.
    public struct KeptSecret: Sendable {
        public let place: InputError.Message
        public let finding: SecretFinding
    }

    let ledger: LedgerRepository
    let environment: RunEnvironment
    let readStandardInput: @Sendable (Int) -> Data

    public init(ledger: LedgerRepository, environment: RunEnvironment, readStandardInput: @escaping @Sendable (Int) -> Data = EvidenceAddService.readStdin) {
        self.ledger = ledger
        self.environment = environment
        self.readStandardInput = readStandardInput
    }

    /// Reads standard input up to `limit` bytes (one more than allowed, to detect oversize input).
    public static let readStdin: @Sendable (Int) -> Data = { limit in
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while data.count < limit {
            let n = Glibc.read(0, &buffer, min(buffer.count, limit - data.count))
            if n <= 0 { break }
            data.append(buffer, count: n)
        }
        return data
    }

    struct Input {
        let name: String
        let data: Data
        let origin: String
    }

    /// Throws `InputError` (`.usage`, `.invalidInput`, `.notFound` for an unknown control) naming the
    /// input at fault (`.invalidInput` naming file, line and rule when an artifact or a typed
    /// text carries a credential that `allowedSecrets` does not let through), `LedgerError`
    /// `.notFound` or `.invalidInput` for an unreadable or unfit artifact, `.busy` when another
    /// writer holds the ledger, `.failure` when the commit cannot be written.
    public func run(_ o: Options) throws -> Result {
        // 1. Everything the user typed, before anything is read or written.
        let title = o.title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else { throw InputError.invalid("\(field: .title) must not be empty: say what this evidence is") }
        guard title.count <= 300 else { throw InputError.invalid("\(field: .title) is longer than 300 characters") }
        guard !title.contains(where: \.isNewline) else {
            throw InputError.invalid("\(field: .title) must be one line (it becomes the commit summary); put the details in \(field: .description) or \(field: .message)")
        }
        try InputText.requireOneLine(title, field: .title, hint: "it becomes the commit summary")
        guard !o.controls.isEmpty else { throw InputError.usage("name at least one control with \(field: .control) ID") }
        var controls = [String]()
        for c in o.controls where !controls.contains(c) {
            guard ControlIDFormat.isValid(c) else {
                let hint = ControlIDFormat.suggestion(for: c).map { " (did you mean \($0)?)" } ?? ""
                throw InputError.invalid("\(field: .control) '\(c)' is not a control id: use upper-case words joined by hyphens, like IAM-MFA\(hint)")
            }
            controls.append(c)
        }
        var collectedAt = environment.now
        if let t = o.collected {
            guard t.seconds <= environment.now.seconds + 300 else {
                throw InputError.invalid("\(field: .collected) \(t) is in the future (now is \(environment.now)): evidence can only be recorded once collected")
            }
            collectedAt = t
        }
        let covers = o.covers
        if let covers, covers.to < covers.from {
            throw InputError.invalid("\(field: .covers) '\(covers)' starts after it ends: write the earlier date first")
        }
        // Evidence never speaks of the future (soc2-rules.md §3): what it stays good for afterwards
        // is valid_until, not covers.
        if let covers, covers.to > collectedAt.day {
            throw InputError.invalid("\(field: .covers) '\(covers)' ends after the evidence was collected (\(collectedAt.day)): evidence speaks for what happened up to its collection; end the period on or before \(collectedAt.day), or give the later \(field: .collected) day if it was collected then (how long it stays good afterwards is \(field: .validUntil))")
        }
        var validUntil: Day?
        if let d = o.validUntil {
            guard d >= collectedAt.day else {
                throw InputError.invalid("\(field: .validUntil) \(d) is before the collection date \(collectedAt.day)")
            }
            validUntil = d
        }
        if let s = o.source, s.trimmingCharacters(in: .whitespaces).isEmpty || s.count > 200 {
            throw InputError.invalid("\(field: .source) must be a short name of the system the evidence came from (1 to 200 characters)")
        }
        if let s = o.source { try InputText.requireOneLine(s, field: .source, hint: "the short name of the system the evidence came from") }
        if o.noOccurrence {
            // soc2-rules.md §3: a statement that no event happened, for one on_event control,
            // over a period; it has nothing to hash.
            guard o.files.isEmpty else {
                throw InputError.invalid("\(field: .noOccurrence) records management's statement that no event happened and takes no \(field: .files) (\(o.files.joined(separator: ", "))): drop the files, or drop \(field: .noOccurrence) to add them as evidence of events")
            }
            if o.name != nil || o.recursive || o.allowEmpty {
                let flag: InputField = o.name != nil ? .name : o.recursive ? .recursive : .allowEmpty
                throw InputError.invalid("\(field: flag) describes artifact files, and a \(field: .noOccurrence) record has none: leave \(field: flag) out")
            }
            // A statement speaks for its period and nothing after it: it never counts as evidence
            // valid on a later day, so a last day of validity would be a promise nothing reads.
            guard o.validUntil == nil else {
                throw InputError.invalid("\(field: .validUntil) is how long evidence stays good after its collection, and a \(field: .noOccurrence) statement speaks only for its \(field: .covers) period: leave \(field: .validUntil) out")
            }
            guard covers != nil else {
                throw InputError.invalid("\(field: .noOccurrence) needs \(field: .covers) FROM..TO: the period in which no event happened, such as the observation period")
            }
            guard controls.count == 1 else {
                throw InputError.invalid("\(field: .noOccurrence) speaks for the events of one control, and \(controls.count) were given (\(controls.joined(separator: ", "))): give one \(field: .control), and add one statement per control")
            }
        } else {
            guard !o.files.isEmpty else { throw InputError.usage("name at least one \(field: .files) (or - with \(field: .name) for standard input)") }
        }
        if o.name != nil && o.files.count != 1 {
            throw InputError.usage("\(field: .name) renames one artifact: give exactly one \(field: .files) with it")
        }

        // 2. The ledger's policy, then the artifacts (checked before any is read in full).
        let head = try ledger.resolve("HEAD")
        let config = try head.config()
        let inputs = o.noOccurrence ? [] : try collect(o, maxBytes: config.policy.maxArtifactBytes)
        let author = try Identity.resolve(ledger.repository, environment: environment)

        // Digests and the secret scan on every core: a recursive add hashes thousands of files,
        // and a few large ones are spread one per worker.
        let scanned = ConcurrentMap.map(inputs, batch: max(1, min(64, inputs.count / 8))) { input -> (EvidenceRecord.Artifact, [SecretFinding]) in
            let mediaType = MediaType.detect(name: input.name, prefix: [UInt8](input.data.prefix(16)))
            return (.init(path: input.name, sha256: Digest.sha256(input.data), bytes: input.data.count, mediaType: mediaType),
                    SecretScan.scan(input.data, mediaType: mediaType))
        }
        let artifacts = scanned.map(\.0)
        var found = [(place: InputError.Message, finding: SecretFinding)]()
        for (input, result) in zip(inputs, scanned) {
            found += result.1.map { ("\(input.origin)", $0) }
        }
        // What was typed goes into the record and the commit message, as lasting as an artifact.
        for (text, field) in [(o.title, InputField.title), (o.description, .description), (o.source, .source), (o.message, .message)] {
            guard let text else { continue }
            found += SecretScan.scan(Data(text.utf8)).map { ("\(field: field)", $0) }
        }
        let (allowedSecrets, keptSecrets, unusedAllowances) = try Self.judgeSecrets(found, allowed: o.allowedSecrets)

        // 3. Commit under the lock, with an id no other record uses.
        let writer = LedgerWriter(ledger: ledger, environment: environment)
        let (commit, record) = try writer.commitReturning(action: "evidence-add", author: author,
                                                          expectedFiles: inputs.map(\.data)) { headCommit -> (CommitRequest, EvidenceRecord) in
            let tree = try headCommit.map { c in try wrap("reading HEAD") { try ledger.repository.treeID(ofCommit: c) } }
            if let headCommit {
                // Evidence counts through controls: every id must name a control of the library.
                let known = try Revision(repository: ledger.repository, commit: headCommit, spec: "HEAD").controlIDs()
                for c in controls where !known.contains(c) {
                    let hint = closestMatches(c, in: known, limit: 3)
                    let closest = hint.isEmpty ? "" : " (closest: \(hint.joined(separator: ", ")))"
                    throw InputError.notFound("\(field: .control) \(c): no such control in \(Layout.controlsRoot)/\(closest)"
                        + "; add it with 'evident control add \(c) ...' or pick one from 'evident control list'")
                }
                // Only an on_event control's occurrences are events that may not happen; every
                // other frequency has occurrences on the calendar (soc2-rules.md §3).
                if o.noOccurrence, let id = controls.first,
                   let control = try Revision(repository: ledger.repository, commit: headCommit, spec: "HEAD").control(id: id),
                   control.frequency != ControlFrequency.onEvent.rawValue {
                    throw InputError.invalid("\(field: .control) \(id) is a \(control.frequency) control: \(field: .noOccurrence) is only for on_event controls, whose occurrences are events that may not happen; a \(control.frequency) control needs its own evidence for the period (or set its frequency with 'evident control set \(id) frequency=on_event' if it runs on events)")
                }
                // A statement that no event happened in a period cannot stand beside a record of an
                // event in it, nor beside another statement for the same days (soc2-rules.md §3:
                // the statement stands in for the events the auditor would otherwise sample).
                if o.noOccurrence, let id = controls.first, let covers {
                    let records = try Revision(repository: ledger.repository, commit: headCommit, spec: "HEAD").evidence().records
                        .filter { $0.controls.contains(id) }.sorted { $0.id < $1.id }
                    if let event = records.first(where: { !$0.noOccurrence && covers.from <= $0.collectedAt.day && $0.collectedAt.day <= covers.to }) {
                        throw InputError.invalid("\(field: .noOccurrence) states that no event of \(id) happened in \(covers), and \(event.id) records one (collected \(event.collectedAt.day)): give a \(field: .covers) period without events, or leave the statement out")
                    }
                    if let other = records.first(where: { r in r.noOccurrence && r.covers.map { $0.from <= covers.to && covers.from <= $0.to } == true }) {
                        throw InputError.invalid("\(field: .noOccurrence): \(other.id) already states that no event of \(id) happened in \(other.covers?.description ?? ""), which overlaps \(covers): give a \(field: .covers) period after it, or keep the statement already made")
                    }
                }
            } else if o.noOccurrence {
                throw InputError.invalid("\(field: .noOccurrence) needs an on_event control, and the ledger has no commit with controls yet")
            }
            var rng = environment.idGenerator(salt: headCommit?.hex ?? "")
            var id = EvidenceIDFormat.make(day: collectedAt.day, using: &rng)
            while let tree, let folder = EvidenceIDFormat.folder(of: id),
                  try wrap("reading HEAD", { try ledger.repository.entry(at: folder, inTree: tree) }) != nil {
                id = EvidenceIDFormat.make(day: collectedAt.day, using: &rng)
            }
            let r = EvidenceRecord(id: id, title: title, description: o.description, controls: controls, collectedAt: collectedAt,
                                   collectedBy: "\(author.name) <\(author.email)>", source: o.source, method: o.method.rawValue, covers: covers,
                                   validUntil: validUntil, classification: o.classification.rawValue, noOccurrence: o.noOccurrence,
                                   allowedSecrets: allowedSecrets, artifacts: artifacts)
            let (checked, issues) = EvidenceRecord.decode(r.recordValue, file: r.recordPath)
            guard checked != nil else {
                throw LedgerError.invalid(issues.map(\.description).joined(separator: "\n"))
            }
            var writes = [FileWrite(path: r.recordPath, data: Data(CanonicalYAML.emit(r.recordValue).utf8))]
            for input in inputs { writes.append(FileWrite(path: r.folder + "/" + input.name, data: input.data)) }
            let summary = o.noOccurrence ? "Add no-occurrence statement \(id): \(title)" : "Add evidence \(id): \(title)"
            return (CommitRequest(action: "evidence-add", summary: summary.count > 100 ? String(summary.prefix(97)) + "..." : summary,
                                  body: o.message, trailers: [("Evidence-Id", id), ("Controls", controls.joined(separator: ", "))]
                                      + (o.noOccurrence ? [("No-Occurrence", covers?.description ?? "")] : [])
                                      + allowedSecrets.map { ("Allowed-Secret", $0.rawValue) },
                                  writes: writes), r)
        }
        return Result(record: record, commit: commit.commitID, notices: writer.notices, keptSecrets: keptSecrets, unusedAllowances: unusedAllowances)
    }

    /// The most findings a refusal lists; the rest are counted.
    static let findingsShown = 20

    /// Refuses the findings `allowed` does not let through, naming place, line and rule (never
    /// the secret). Returns the rules that let something through, in their fixed order, what was
    /// let through, and each allowed rule that found nothing: a script may pass --allow-secret
    /// defensively, which is worth a word, not a refusal, and is not recorded.
    static func judgeSecrets(_ found: [(place: InputError.Message, finding: SecretFinding)], allowed: [SecretRule]) throws
        -> (used: [SecretRule], kept: [KeptSecret], unused: [SecretRule]) {
        let refused = found.filter { !allowed.contains($0.finding.rule) }
        if !refused.isEmpty {
            var message: InputError.Message = "found what looks like a credential in \(refused.count == 1 ? "one place" : "\(refused.count) places"), so nothing was added:"
            for f in refused.prefix(findingsShown) { message = message + "\n  " + f.place + " \(f.finding)" }
            if refused.count > findingsShown { message = message + "\n  ... and \(refused.count - findingsShown) more" }
            let rules = SecretRule.allCases.filter { r in refused.contains { $0.finding.rule == r } }
            message = message + "\nRemove the secret (and rotate it if it was ever shared), or, if the file must be kept as it is, pass"
            for rule in rules { message = message + " \(field: .allowSecret) \(rule.rawValue)" }
            message = message + "."
            throw InputError.invalid(message)
        }
        let used = SecretRule.allCases.filter { r in allowed.contains(r) && found.contains { $0.finding.rule == r } }
        let unused = SecretRule.allCases.filter { allowed.contains($0) && !used.contains($0) }
        return (used, found.map { KeptSecret(place: $0.place, finding: $0.finding) }, unused)
    }

    /// Resolves FILE arguments into named artifacts, refusing anything unsafe or too large.
    func collect(_ o: Options, maxBytes: Int) throws -> [Input] {
        // Names are checked in order as they are found; the files are read afterwards, on every
        // core (a recursive add reads thousands of small files).
        var inputs = [Input]()
        var unread = [(index: Int, path: String, size: Int)]()
        // Name -> index into inputs: a recursive add checks thousands of names.
        var byName = [String: Int]()
        // `renamable`: the name came from the command line or a file's own name, so --name can
        // replace it; names found inside a directory cannot be renamed that way.
        func check(name: String, origin: String, renamable: Bool = true) throws {
            if let problem = ArtifactPath.problem(name) ?? ArtifactName.problem(name) {
                if renamable {
                    throw InputError.invalid("artifact name \(problem) (from \(origin)); pick a plain name every clone can check out with \(field: .name) NAME")
                }
                throw InputError.invalid("artifact name \(problem) (from \(origin)); rename that file or leave it out, or add it on its own with \(field: .name) NAME")
            }
            // Keyed without case: macOS and Windows clones cannot hold names that differ only in case.
            let key = name.lowercased()
            if let other = byName[key] {
                throw InputError.invalid("two artifacts would both be named '\(name)' on a clone that ignores case (\(inputs[other].origin) and \(origin)): rename one with \(field: .name) or add them separately")
            }
            byName[key] = inputs.count
        }
        func tooLarge(_ origin: String, _ size: Int) -> LedgerError {
            LedgerError.invalid("\(origin) is \(size) bytes, over the ledger's limit of \(maxBytes) bytes (policy.max_artifact_bytes in \(Layout.configPath)): split or compress it, or raise the limit in a reviewed commit")
        }
        func checkEmpty(_ origin: String, _ size: Int) throws {
            if size == 0 && !o.allowEmpty {
                throw InputError.invalid("\(origin) is empty: an empty artifact proves nothing; pass \(field: .allowEmpty) if that is intended")
            }
        }
        for file in o.files {
            if file == "-" {
                guard let name = o.name else { throw InputError.usage("reading an artifact from standard input (-) needs \(field: .name) NAME") }
                try check(name: name, origin: "standard input")
                let data = readStandardInput(maxBytes + 1)
                if data.count > maxBytes { throw tooLarge("standard input", data.count) }
                try checkEmpty("standard input", data.count)
                inputs.append(Input(name: name, data: data, origin: "standard input"))
                continue
            }
            // The system gave bytes that are not UTF-8: they were replaced by U+FFFD on the way
            // in, so the name cannot be stored, and the path no longer names the file.
            if file.unicodeScalars.contains("\u{FFFD}") {
                throw InputError.invalid("\(file) is not a valid UTF-8 file name (shown with U+FFFD where its bytes are not): git would store a name other clones cannot read; rename the file, or give its contents on standard input with - and \(field: .name) NAME")
            }
            var st = stat()
            guard lstat(file, &st) == 0 else {
                throw LedgerError.system(.notFound, file, errno: errno, fix: "check the path")
            }
            let type = st.st_mode & S_IFMT
            if type == S_IFLNK {
                throw LedgerError.invalid("\(file) is a symbolic link: evident stores real files only; pass the file it points to")
            }
            if type == S_IFDIR {
                guard o.recursive else { throw InputError.invalid("\(file) is a directory: pass \(field: .recursive) to add the files in it") }
                guard o.name == nil else { throw InputError.usage("\(field: .name) cannot rename a directory") }
                let base = ((file as NSString).standardizingPath as NSString).lastPathComponent
                for (relative, full, size) in try walk(directory: file) {
                    let name = base == "/" || base == "." || base.isEmpty ? relative : base + "/" + relative
                    try check(name: name, origin: full, renamable: false)
                    if size > maxBytes { throw tooLarge(full, size) }
                    try checkEmpty(full, size)
                    unread.append((inputs.count, full, size))
                    inputs.append(Input(name: name, data: Data(), origin: full))
                }
                continue
            }
            guard type == S_IFREG else { throw LedgerError.invalid("\(file) is not a regular file (a device, socket or pipe)") }
            let name = o.name ?? (file as NSString).lastPathComponent
            try check(name: name, origin: file)
            let size = Int(st.st_size)
            if size > maxBytes { throw tooLarge(file, size) }
            try checkEmpty(file, size)
            unread.append((inputs.count, file, size))
            inputs.append(Input(name: name, data: Data(), origin: file))
        }
        guard !inputs.isEmpty else { throw LedgerError.invalid("no files to add: the directories given are empty") }
        let contents = ConcurrentMap.map(unread.map { ($0.path, $0.size) }, batch: 64) { (path, size) -> Swift.Result<Data, LedgerError> in
            do { return .success(try Self.read(path, size: size)) } catch let e as LedgerError { return .failure(e) } catch {
                return .failure(LedgerError.notFound("\(path): \(error)"))
            }
        }
        for (k, u) in unread.enumerated() {
            inputs[u.index] = Input(name: inputs[u.index].name, data: try contents[k].get(), origin: inputs[u.index].origin)
        }
        return inputs
    }

    private static func read(_ path: String, size: Int) throws -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw LedgerError.system(.notFound, "\(path): cannot be read", errno: errno, fix: "check its permissions")
        }
        defer { close(fd) }
        var data = Data(count: size)
        var total = 0
        let failed = data.withUnsafeMutableBytes { buffer -> Bool in
            while total < size {
                let n = Glibc.read(fd, buffer.baseAddress! + total, size - total)
                if n < 0 { if errno == EINTR { continue }; return true }
                if n == 0 { break }
                total += n
            }
            return false
        }
        guard !failed else { throw LedgerError.system(.notFound, "\(path): cannot be read", errno: errno) }
        // A file that shrank while being read is taken as it is now.
        if total < size { data.removeSubrange(total..<size) }
        return data
    }

    /// Files below `directory` (relative path, full path, size), sorted; symlinks and special files are refused.
    private func walk(directory: String) throws -> [(String, String, Int)] {
        var out = [(String, String, Int)]()
        var pending = [""]
        while let rel = pending.popLast() {
            let dir = rel.isEmpty ? directory : directory + "/" + rel
            let names: [String]
            do { names = try FileManager.default.contentsOfDirectory(atPath: dir) } catch {
                throw LedgerError.notFound("\(dir): cannot be listed (\(error.localizedDescription))")
            }
            for name in names.sorted() {
                let relative = rel.isEmpty ? name : rel + "/" + name
                let full = directory + "/" + relative
                if name.unicodeScalars.contains("\u{FFFD}") {
                    throw LedgerError.invalid("\(full) is not a valid UTF-8 file name (shown with U+FFFD where its bytes are not): git would store a name other clones cannot read; rename the file, or add it on its own from standard input with - and --name NAME")
                }
                var st = stat()
                guard lstat(full, &st) == 0 else { throw LedgerError.system(.notFound, full, errno: errno) }
                switch st.st_mode & S_IFMT {
                case S_IFLNK:
                    throw LedgerError.invalid("\(full) is a symbolic link: evident stores real files only; replace it with the file or leave it out")
                case S_IFDIR:
                    pending.append(relative)
                case S_IFREG:
                    out.append((relative, full, Int(st.st_size)))
                default:
                    throw LedgerError.invalid("\(full) is not a regular file (a device, socket or pipe)")
                }
            }
        }
        return out.sorted { $0.0 < $1.0 }
    }
}
