import Foundation
import GitStore
@_spi(Bench) import Ledger
import LedgerCore

/// `evident bench generate`: builds a large synthetic ledger deterministically, for benchmarks.
///
/// The ledger is what years of real use would leave: the starter control library adopted after a
/// gap assessment, evidence from many authors spread over 2022 to 2026 with 1 to 4 KB artifacts,
/// renewals, controls changing status, new controls, POA&M items opened and closed, and assessment
/// snapshots along the way whose manifests `evident snapshot verify` accepts. Every record is
/// the canonical form evident itself writes; timestamps come from the seed and the commit index,
/// never from the clock, so the same options give the same commit ids.
///
/// Objects are written through a `PackWriter` (packfiles, not a million loose files), trees are
/// updated incrementally, `refs/heads/main` and the snapshot tags are set at the end, and the
/// work tree is checked out so `git status` is clean.
public struct BenchGenerator {
    public struct Options: Sendable {
        public var path: String
        public var evidence: Int
        public var commits: Int
        public var snapshots: Int
        public var seed: UInt64

        public init(path: String, evidence: Int, commits: Int, snapshots: Int, seed: UInt64 = 1) {
            self.path = path
            self.evidence = evidence
            self.commits = commits
            self.snapshots = snapshots
            self.seed = seed
        }
    }

    public struct Result: Sendable {
        public let root: String
        public let head: ObjectID
        public let evidence: Int
        public let artifacts: Int
        public let commits: Int
        public let snapshots: [String]
        public let controls: Int
        public let poams: Int
        public let packs: Int
        /// Bytes of every blob written (artifacts and records, before compression).
        public let blobBytes: Int
        /// Seconds spent in each phase, in order.
        public let phases: [Phase]
    }

    public struct Phase: Sendable {
        public let name: String
        public let seconds: Double
    }

    /// The days the history spans.
    public static let firstDay = Day(year: 2022, month: 1, day: 3)!
    public static let lastDay = Day(year: 2026, month: 5, day: 29)!
    public static let organization = "Bench Dynamics Inc."
    /// Snapshot `i` (1-based) is `assessment/bench-NNN`.
    public static func snapshotName(_ i: Int) -> String { "bench-" + (i < 10 ? "00" : i < 100 ? "0" : "") + "\(i)" }
    /// A commit summary of at most 100 characters, as evident's own commands write them.
    static func summary(_ s: String) -> String { s.count > 100 ? String(s.prefix(97)) + "..." : s }
    /// Objects held in memory before they are written out as one pack.
    /// (The peak memory of a flush is about three times this: the objects, the packbuilder, the indexer.)
    static let flushBytes = 128 << 20

    /// Prints progress lines (stderr in the CLI); nil stays quiet.
    let progress: (@Sendable (String) -> Void)?

    public init(progress: (@Sendable (String) -> Void)? = nil) {
        self.progress = progress
    }

    struct Person {
        let name: String
        let email: String
        var collector: String { "\(name) <\(email)>" }
        func signature(_ t: Timestamp) -> Signature {
            Signature(name: name, email: email, time: Date(timeIntervalSince1970: TimeInterval(t.seconds)), offsetMinutes: 0)
        }
    }

    static let firstNames = ["Ana", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonah", "Kavya", "Liam", "Maya",
                             "Noah", "Olga", "Pedro", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Victor", "Wen", "Yara"]
    static let lastNames = ["Abbott", "Brennan", "Castillo", "Dubois", "Eriksen", "Fischer", "Gupta", "Haddad", "Ivanova", "Jensen",
                            "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quintero", "Rossi", "Schmidt", "Tanaka",
                            "Urbina", "Varga", "Walsh", "Yilmaz"]
    static let sources = ["okta", "aws-config", "azure-ad", "jamf", "crowdstrike", "tenable", "jira", "github", "splunk", "sailpoint",
                          "google-workspace", "intune", "qualys", "servicenow", "vault"]
    static let checks = ["mfa_enforced", "disk_encrypted", "patch_level", "password_policy", "session_timeout", "log_forwarding",
                         "backup_verified", "av_signature", "admin_review", "firewall_rule", "tls_version", "key_rotation"]
    static let base32 = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)
    static let hex = Array("0123456789abcdef".utf8)

    /// The history's commits: when, and what kind.
    enum Kind { case evidence(Int), renewal, controlStatus, newControl, poamOpen, poamClose }

    public func run(_ o: Options) throws -> Result {
        guard o.evidence >= 0 else { throw LedgerError.usage("--evidence must be 0 or more") }
        guard o.commits >= 2 else { throw LedgerError.usage("--commits must be at least 2 (the init commit and the control adoption)") }
        guard o.snapshots >= 0, o.snapshots <= o.commits - 1 else {
            throw LedgerError.usage("--snapshots must be between 0 and --commits - 1 (\(o.commits - 1))")
        }
        guard o.evidence == 0 || o.commits >= 3 else { throw LedgerError.usage("evidence needs at least 3 commits") }
        let fm = FileManager.default
        let path = (o.path as NSString).standardizingPath
        if fm.fileExists(atPath: path), let contents = try? fm.contentsOfDirectory(atPath: path), !contents.isEmpty {
            throw LedgerError.invalid("\(path) already exists and is not empty: pass a new directory to 'evident bench generate', or remove it first")
        }
        var phases = [Phase]()
        var clock = Date()
        func phase(_ name: String) {
            let now = Date()
            phases.append(Phase(name: name, seconds: now.timeIntervalSince(clock)))
            clock = now
        }

        do { _ = try Repository.create(at: path, initialBranch: "main") } catch { throw translate(error, "creating \(path)") }
        // Whole objects in packs, through the staging area every evident write uses: at 100k
        // records deltas would save a third of the pack size (285 vs 413 MB) for more than twice
        // the packing time (162 vs 73 s).
        let writer: StagingArea
        do { writer = try StagingArea(gitDirectory: path) } catch { throw translate(error, "opening \(path)") }
        var state = try State(options: o, writer: writer, progress: progress)
        try state.generate()
        // Writing the history: records and trees, the snapshot manifests, and the packs.
        let total = Date().timeIntervalSince(clock)
        phases = [Phase(name: "history", seconds: total - state.snapshotSeconds - state.packSeconds),
                  Phase(name: "snapshots", seconds: state.snapshotSeconds), Phase(name: "packing", seconds: state.packSeconds)]
        clock = Date()

        // Refs, then the work tree, through a handle whose writes go to disk.
        let repo: Repository
        do { repo = try Repository(at: path) } catch { throw translate(error, "opening \(path)") }
        try wrap("moving refs/heads/main") {
            try repo.updateReference("refs/heads/main", to: state.head!, expecting: nil, logMessage: "evident bench generate")
        }
        for (name, id) in state.tags {
            try wrap("creating refs/tags/\(name)") {
                try repo.updateReference("refs/tags/" + name, to: id, expecting: nil, logMessage: "evident bench generate")
            }
        }
        progress?("checking out \(state.evidenceCount) evidence folders")
        try wrap("checking out HEAD") { try repo.forceCheckoutHead() }
        try wrap("refreshing the index") { try repo.refreshIndex() }
        phase("checkout")

        let root = (repo.workdir ?? path).hasSuffix("/") ? String((repo.workdir ?? path).dropLast()) : (repo.workdir ?? path)
        return Result(root: root, head: state.head!, evidence: state.evidenceCount, artifacts: state.artifactCount, commits: o.commits,
                      snapshots: state.tags.map { String($0.name.dropFirst(SnapshotService.tagPrefix.count)) }, controls: state.controls.count,
                      poams: state.poams.count, packs: state.packs, blobBytes: state.blobBytes, phases: phases)
    }

    /// Everything the generator keeps while it writes the history.
    struct State {
        let o: Options
        let writer: StagingArea
        /// Packs stored so far.
        var packs = 0
        let progress: (@Sendable (String) -> Void)?
        var repo: Repository { writer.repository }
        /// A handle that writes to disk, for the snapshot tags.
        let plain: Repository
        var rng: SplitMix64
        let people: [Person]
        let lead: Person
        let bot: Person

        var head: ObjectID?
        var tree: ObjectID?
        var pendingBytes = 0
        var packSeconds = 0.0
        var snapshotSeconds = 0.0
        var tags = [(name: String, id: ObjectID)]()

        var config: LedgerConfig!
        var controls = [ControlRecord]()
        var controlIndex = [String: Int]()
        var starterCount = 0
        var newControls = 0
        /// Every evidence record, in tree order (by id), and every artifact, by path: what a
        /// snapshot's readiness and hash list are computed from, kept sorted as records arrive.
        var evidence = [EvidenceRecord]()
        var artifactHashes = [ArtifactHash]()
        var evidenceIDs = Set<String>()
        /// The pinned catalogs and the config never change after the init commit.
        var pinned: (config: LedgerConfig, catalogs: CatalogSet)?
        var evidenceCount: Int { evidence.count }
        var artifactCount = 0
        var blobBytes = 0
        var poams = [PoamRecord]()
        var openPoams = [Int]()
        var poamSerial = [Int: Int]()
        /// Evidence folders per month (`YYYY/MM`), to estimate the size of rewritten trees.
        var monthSizes = [Int: Int]()
        /// nist-800-171r2 requirement ids the starter library maps, for POA&M items.
        let requirements: [String]

        init(options: Options, writer: StagingArea, progress: (@Sendable (String) -> Void)?) throws {
            o = options
            self.writer = writer
            self.progress = progress
            plain = try wrap("opening \(options.path)") { try Repository(at: writer.repository.gitDirectory) }
            rng = SplitMix64(seed: options.seed ^ 0x6576_6964_656E_7421)
            var people = [Person]()
            var used = Set<String>()
            while people.count < 24 {
                let first = rng.pick(BenchGenerator.firstNames), last = rng.pick(BenchGenerator.lastNames)
                guard used.insert(first + last).inserted else { continue }
                people.append(Person(name: "\(first) \(last)", email: "\(first.lowercased()).\(last.lowercased())@bench-dynamics.example"))
            }
            self.people = people
            lead = people[0]
            bot = Person(name: "Bench CI", email: "ci-bot@bench-dynamics.example")
            var reqs = Set<String>()
            for s in StarterLibrary.controls { reqs.formUnion(s.maps[Catalogs.nistID] ?? []) }
            requirements = reqs.sorted()
        }

        // MARK: Time

        /// Commits are spread evenly over the history's days (weekends included), between 07:00
        /// and 20:00 UTC; commit `i` is always later than commit `i - 1`.
        func time(ofCommit i: Int) -> Timestamp {
            let days = BenchGenerator.lastDay.epochDay - BenchGenerator.firstDay.epochDay + 1
            let scaled = i * days
            let day = BenchGenerator.firstDay.adding(days: scaled / o.commits)
            let within = (scaled % o.commits) * (13 * 3600) / o.commits
            return Timestamp(seconds: Timestamp(day: day, hour: 7).seconds + 60 + within)
        }

        // MARK: The history

        mutating func generate() throws {
            let c = o.commits
            // What each commit does: about one in ten changes something other than evidence.
            var kinds = [Kind](repeating: .evidence(0), count: c)
            var evidenceCommits = [Int]()
            if c > 2 {
                for i in 2..<c {
                    if rng.chance(10) {
                        let r = rng.below(100)
                        kinds[i] = r < 40 ? .renewal : r < 60 ? .controlStatus : r < 70 ? .newControl : r < 85 ? .poamOpen : .poamClose
                    } else {
                        evidenceCommits.append(i)
                    }
                }
                if evidenceCommits.isEmpty && o.evidence > 0 {
                    evidenceCommits = [c - 1]
                }
            }
            var counts = [Int](repeating: 0, count: c)
            for _ in 0..<o.evidence where !evidenceCommits.isEmpty { counts[evidenceCommits[rng.below(evidenceCommits.count)]] += 1 }
            for i in evidenceCommits { kinds[i] = counts[i] > 0 ? .evidence(counts[i]) : .renewal }
            // Snapshots: evenly spaced, the last one on the last commit.
            var snapshotAt = [Int: Int]()
            var previous = 0
            if o.snapshots > 0 {
                for s in 1...o.snapshots {
                    let at = max(previous + 1, s * c / o.snapshots - 1)
                    snapshotAt[at] = s
                    previous = at
                }
            }

            let started = Date()
            try initCommit()
            try adoptControls()
            if let s = snapshotAt[1] { try snapshot(s, commit: 1) }
            if c > 2 {
                for i in 2..<c {
                    switch kinds[i] {
                    case .evidence(let n): try addEvidence(n, commit: i)
                    case .renewal: try renew(commit: i)
                    case .controlStatus: try changeControl(commit: i)
                    case .newControl: try addControl(commit: i)
                    case .poamOpen: try openPoam(commit: i)
                    case .poamClose: try closePoam(commit: i)
                    }
                    if let s = snapshotAt[i] { try snapshot(s, commit: i) }
                    if pendingBytes >= BenchGenerator.flushBytes { try flush() }
                    if i % 500 == 0, let progress {
                        let rate = Double(i) / max(Date().timeIntervalSince(started), 0.001)
                        progress("commit \(i)/\(c): \(evidence.count) evidence, \(tags.count) snapshots, \(packs) packs (\(Int(rate)) commits/s)")
                    }
                }
            }
            try flush()
        }

        mutating func flush() throws {
            guard let head else { return }
            let started = Date()
            defer { packSeconds += Date().timeIntervalSince(started) }
            try wrap("writing a pack") {
                if try writer.flush(tips: [head]).pack != nil { packs += 1 }
            }
            pendingBytes = 0
        }

        mutating func blob(_ data: Data) throws -> ObjectID {
            blobBytes += data.count
            pendingBytes += data.count
            return try wrap("writing a blob") { try repo.writeBlob(data) }
        }

        /// Writes the tree and the commit for `updates` on top of HEAD.
        mutating func commit(_ i: Int, author: Person, request: CommitRequest, updates: [TreeUpdate]) throws {
            let when = time(ofCommit: i)
            let newTree = try wrap("writing a tree") { try repo.updateTree(tree, updates) }
            let sig = author.signature(when)
            let id = try wrap("writing a commit") {
                try repo.createCommit(tree: newTree, parents: head.map { [$0] } ?? [], author: sig, committer: sig, message: request.message)
            }
            pendingBytes += 1024 + request.message.utf8.count
            tree = newTree
            head = id
        }

        mutating func write(_ path: String, _ value: RecordValue) throws -> TreeUpdate {
            .upsert(path, blob: try blob(Data(CanonicalYAML.emit(value).utf8)))
        }

        // MARK: Init and controls

        mutating func initCommit() throws {
            let when = time(ofCommit: 0)
            let frameworks = [FrameworkScope(id: "cmmc-l2"), FrameworkScope(id: "soc2", categories: ["security", "availability", "confidentiality"])]
            config = LedgerConfig(organization: BenchGenerator.organization, scope: "CUI enclave and the Bench Dynamics cloud platform (synthetic benchmark ledger)",
                                  frameworks: frameworks, createdAt: when)
            var updates = [try write(Layout.configPath, config.recordValue)]
            for f in try CatalogStore.files(for: .builtIn) { updates.append(.upsert(f.path, blob: try blob(f.data))) }
            controls = StarterControls.records(owner: lead.email)
            starterCount = controls.count
            for (k, c) in controls.enumerated() {
                controlIndex[c.id] = k
                updates.append(try write(c.path, c.recordValue))
            }
            let request = CommitRequest(
                action: "init", summary: "Start the evidence ledger of \(BenchGenerator.organization)",
                body: "Frameworks in scope: \(frameworks.map(\.description).joined(separator: ", ")).\nStarter control library: \(controls.count) controls, status planned.",
                trailers: [("Frameworks", frameworks.map(\.id).joined(separator: ", ")),
                           ("Catalogs", CatalogSet.builtIn.catalogs.map { "\($0.id)@\($0.version)" }.joined(separator: ", "))],
                writes: [])
            try commit(0, author: lead, request: request, updates: updates)
        }

        /// The gap assessment: most controls implemented, some partially, a few still planned.
        mutating func adoptControls() throws {
            var updates = [TreeUpdate]()
            for k in controls.indices {
                let r = rng.below(100)
                controls[k].status = r < 80 ? "implemented" : r < 90 ? "partially_implemented" : "planned"
                // Never the lead, who owned the starter records: every control file changes.
                controls[k].owner = people[1 + rng.below(people.count - 1)].email
                updates.append(try write(controls[k].path, controls[k].recordValue))
            }
            let request = CommitRequest(action: "control-import", summary: "Adopt the control library after the gap assessment",
                                        body: "Statuses and owners as agreed in the gap assessment workshop.",
                                        trailers: [("Control-Id", controls.map(\.id).joined(separator: ", "))], writes: [])
            try commit(1, author: lead, request: request, updates: updates)
        }

        mutating func changeControl(commit i: Int) throws {
            let k = rng.below(controls.count)
            let old = controls[k].status
            controls[k].status = old == "implemented" ? (rng.chance(50) ? "partially_implemented" : "planned") : "implemented"
            let update = try write(controls[k].path, controls[k].recordValue)
            let id = controls[k].id
            let request = CommitRequest(action: "control-set", summary: BenchGenerator.summary("Update control \(id): status \(old) -> \(controls[k].status)"),
                                        trailers: [("Control-Id", id)], writes: [])
            try commit(i, author: rng.pick(people), request: request, updates: [update])
        }

        mutating func addControl(commit i: Int) throws {
            newControls += 1
            let template = controls[rng.below(starterCount)]
            let n = newControls < 10 ? "00\(newControls)" : newControls < 100 ? "0\(newControls)" : "\(newControls)"
            let record = ControlRecord(id: "BX-CUSTOM-\(n)", title: "Custom control \(n): \(template.title)",
                                       description: "Added during operations to cover a new system, modelled on \(template.id).",
                                       owner: rng.pick(people).email, status: rng.chance(70) ? "implemented" : "planned",
                                       frequency: template.frequency, maps: template.maps)
            controlIndex[record.id] = controls.count
            controls.append(record)
            let update = try write(record.path, record.recordValue)
            let mapped = record.qualifiedRequirements
            var trailers = [("Control-Id", record.id)]
            if !mapped.isEmpty { trailers.append(("Requirements", mapped.joined(separator: ", "))) }
            let request = CommitRequest(action: "control-add", summary: BenchGenerator.summary("Add control \(record.id): \(record.title)"),
                                        body: mapped.isEmpty ? nil : "Maps \(mapped.joined(separator: ", ")).", trailers: trailers, writes: [])
            try commit(i, author: lead, request: request, updates: [update])
        }

        // MARK: POA&M

        mutating func openPoam(commit i: Int) throws {
            let day = time(ofCommit: i).day
            let serial = (poamSerial[day.year] ?? 0) + 1
            poamSerial[day.year] = serial
            let id = "POAM-\(day.year)-" + (serial < 10 ? "00" : serial < 100 ? "0" : "") + "\(serial)"
            let requirement = "\(Catalogs.nistID):\(rng.pick(requirements))"
            let months = 1 + rng.below(5)
            let record = PoamRecord(id: id, requirement: requirement,
                                    weakness: "Gap found in the quarterly internal review: \(rng.pick(BenchGenerator.checks).replacingOccurrences(of: "_", with: " ")) is not enforced everywhere",
                                    opened: day, scheduledCompletion: day.adding(months: months),
                                    milestones: [.init(date: day.adding(days: 14), description: "Remediation plan approved"),
                                                 .init(date: day.adding(months: months).adding(days: -7), description: "Fix deployed and verified")])
            openPoams.append(poams.count)
            poams.append(record)
            let update = try write(record.path, record.recordValue)
            let request = CommitRequest(action: "poam-add", summary: BenchGenerator.summary("Open \(id) for \(requirement): \(record.weakness)"),
                                        body: record.weakness.count > 80 ? record.weakness : nil,
                                        trailers: [("Poam-Id", id), ("Requirement", requirement)], writes: [])
            try commit(i, author: lead, request: request, updates: [update])
        }

        mutating func closePoam(commit i: Int) throws {
            guard !openPoams.isEmpty else { return try openPoam(commit: i) }
            let k = openPoams.remove(at: rng.below(openPoams.count))
            let day = time(ofCommit: i).day
            poams[k].status = "closed"
            poams[k].closed = max(day, poams[k].opened)
            let update = try write(poams[k].path, poams[k].recordValue)
            let request = CommitRequest(action: "poam-close", summary: BenchGenerator.summary("Close \(poams[k].id) for \(poams[k].requirement) on \(poams[k].closed!)"),
                                        trailers: [("Poam-Id", poams[k].id), ("Requirement", poams[k].requirement)], writes: [])
            try commit(i, author: lead, request: request, updates: [update])
        }

        // MARK: Evidence

        mutating func addEvidence(_ n: Int, commit i: Int) throws {
            let when = time(ofCommit: i)
            let day = when.day
            let author = rng.chance(40) ? bot : rng.pick(people)
            let source = rng.pick(BenchGenerator.sources)
            var updates = [TreeUpdate]()
            var ids = [String]()
            var added = [EvidenceRecord]()
            var controlIDs = [String]()
            for _ in 0..<n {
                var id = EvidenceIDFormat.make(day: day, using: &rng)
                while !evidenceIDs.insert(id).inserted { id = EvidenceIDFormat.make(day: day, using: &rng) }
                var cs = [controls[rng.below(controls.count)].id]
                if rng.chance(15) {
                    let other = controls[rng.below(controls.count)].id
                    if other != cs[0] { cs.append(other) }
                }
                let collected = Timestamp(seconds: when.seconds - rng.below(3000))
                let method = rng.below(100)
                var artifacts = [EvidenceRecord.Artifact]()
                var files = [(String, Data)]()
                for a in 0..<(rng.chance(10) ? 2 : 1) {
                    let json = rng.chance(40)
                    let name = "\(source)-\(rng.pick(BenchGenerator.checks).replacingOccurrences(of: "_", with: "-"))-\(a + 1).\(json ? "json" : "csv")"
                    let data = artifactData(json: json, source: source, when: collected, size: 1024 + rng.below(3073))
                    artifacts.append(.init(path: name, sha256: Digest.sha256(data), bytes: data.count, mediaType: json ? "application/json" : "text/csv"))
                    files.append((name, data))
                }
                let control = controls[controlIndex[cs[0]]!]
                let record = EvidenceRecord(
                    id: id, title: "\(control.title): \(source) export", controls: cs, collectedAt: collected, collectedBy: author.collector,
                    source: source, method: method < 60 ? "automated" : method < 75 ? "manual" : method < 85 ? "document" : method < 95 ? "screenshot" : "interview",
                    covers: rng.chance(50) ? .init(from: day.adding(days: -30), to: day.adding(days: -1)) : nil,
                    validUntil: rng.chance(85) ? day.adding(days: [30, 90, 180, 365, 400][rng.below(5)]) : nil,
                    classification: ["internal", "internal", "internal", "cui", "cui", "fci", "public"][rng.below(7)], artifacts: artifacts)
                let folder = record.folder
                updates.append(try write(folder + "/" + EvidenceRecord.fileName, record.recordValue))
                for (name, data) in files { updates.append(.upsert(folder + "/" + name, blob: try blob(data))) }
                artifactCount += artifacts.count
                insert(record)
                added.append(record)
                ids.append(id)
                for c in cs where !controlIDs.contains(c) { controlIDs.append(c) }
                let month = day.year * 100 + day.month
                monthSizes[month, default: 0] += 1
                pendingBytes += 200
            }
            // The month's tree is rewritten: about 46 bytes per folder in it.
            pendingBytes += (monthSizes[day.year * 100 + day.month] ?? 0) * 46 + 2048
            let first = added[0]
            let summary = n == 1 ? "Add evidence \(first.id): \(first.title)" : "Import \(n) evidence records from \(source)"
            let request = CommitRequest(action: "evidence-add", summary: summary.count > 100 ? String(summary.prefix(97)) + "..." : summary,
                                        trailers: [("Evidence-Id", ids.joined(separator: ", ")), ("Controls", controlIDs.joined(separator: ", "))],
                                        writes: [])
            try commit(i, author: author, request: request, updates: updates)
        }

        /// Adds a record and its artifacts at their places in tree order. New records carry the
        /// latest day, so they land at (or near) the end.
        mutating func insert(_ record: EvidenceRecord) {
            func precedes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
            var at = evidence.count
            while at > 0 && precedes(record.id, evidence[at - 1].id) { at -= 1 }
            evidence.insert(record, at: at)
            let folder = record.folder
            for a in record.artifacts.sorted(by: { precedes($0.path, $1.path) }) {
                let hash = ArtifactHash(path: folder + "/" + a.path, sha256: a.sha256, bytes: a.bytes)
                var k = artifactHashes.count
                while k > 0 && precedes(hash.path, artifactHashes[k - 1].path) { k -= 1 }
                artifactHashes.insert(hash, at: k)
            }
        }

        /// Extends the validity of one record (its artifact stays as collected).
        mutating func renew(commit i: Int) throws {
            guard !evidence.isEmpty else { return try changeControl(commit: i) }
            let day = time(ofCommit: i).day
            let k = rng.below(evidence.count)
            let base = max(evidence[k].validUntil ?? day, day)
            evidence[k].validUntil = base.adding(days: 365)
            let update = try write(evidence[k].recordPath, evidence[k].recordValue)
            pendingBytes += (monthSizes[evidence[k].collectedAt.day.year * 100 + evidence[k].collectedAt.day.month] ?? 0) * 46
            let request = CommitRequest(action: "evidence-update",
                                        summary: "Extend the validity of \(evidence[k].id) to \(evidence[k].validUntil!)",
                                        body: "Reviewed again: the export still reflects the configuration in force.",
                                        trailers: [("Evidence-Id", evidence[k].id), ("Controls", evidence[k].controls.joined(separator: ", "))], writes: [])
            try commit(i, author: rng.pick(people), request: request, updates: [update])
        }

        /// CSV or JSON text of about `size` bytes, from the generator.
        mutating func artifactData(json: Bool, source: String, when: Timestamp, size: Int) -> Data {
            var out = [UInt8]()
            out.reserveCapacity(size + 160)
            let stamp = Array(when.description.utf8)
            func random(_ n: Int, _ alphabet: [UInt8]) {
                var bits = rng.next()
                for j in 0..<n {
                    if j % 12 == 11 { bits = rng.next() }
                    out.append(alphabet[Int(bits & 0x1F) % alphabet.count])
                    bits >>= 5
                }
            }
            if json {
                out.append(contentsOf: "{\"source\": \"\(source)\", \"exported_at\": \"\(when)\", \"items\": [\n".utf8)
                var first = true
                while out.count < size - 60 {
                    if !first { out.append(contentsOf: ",\n".utf8) }
                    first = false
                    out.append(contentsOf: "  {\"id\": \"".utf8)
                    random(10, BenchGenerator.base32)
                    out.append(contentsOf: "\", \"check\": \"\(rng.pick(BenchGenerator.checks))\", \"ok\": \(rng.chance(93)), \"value\": \(rng.below(100_000))}".utf8)
                }
                out.append(contentsOf: "\n]}\n".utf8)
            } else {
                out.append(contentsOf: "host,check,result,observed_at,detail\n".utf8)
                while out.count < size - 80 {
                    out.append(contentsOf: "host-".utf8)
                    random(5, BenchGenerator.hex)
                    out.append(contentsOf: ",\(rng.pick(BenchGenerator.checks)),\(rng.chance(93) ? "pass" : "fail"),".utf8)
                    out.append(contentsOf: stamp)
                    out.append(44)
                    random(20, BenchGenerator.base32)
                    out.append(10)
                }
            }
            return Data(out)
        }

        // MARK: Snapshots

        /// Tags the current commit as `assessment/bench-NNN` with the manifest `evident snapshot
        /// create` would write: readiness and the artifact hash list computed exactly as
        /// `SnapshotService.manifest(of:)` does, from the commit's own control, POA&M and
        /// affirmation records and the evidence records just written (in tree order).
        mutating func snapshot(_ s: Int, commit i: Int) throws {
            guard let head else { return }
            let started = Date()
            defer { snapshotSeconds += Date().timeIntervalSince(started) }
            let name = BenchGenerator.snapshotName(s)
            let tagName = SnapshotService.tagPrefix + name
            let when = time(ofCommit: i)
            let asOf = when.day
            let kinds = ["cmmc-l2-self", "soc2-type1", "internal", "soc2-type2"]
            let kind = kinds[s % kinds.count]
            let period: EvidenceRecord.Period? = kind == "soc2-type2" ? .init(from: asOf.adding(months: -6), to: asOf) : nil
            var frameworks = SnapshotManifest.defaults(for: kind).frameworks
            if frameworks.isEmpty { frameworks = config.frameworks.map(\.id).filter(ReadinessReport.supported.contains) }

            let revision = try Revision(repository: repo, commit: head, spec: tagName)
            if pinned == nil { pinned = (try revision.config(), try revision.catalogs()) }
            let (pinnedConfig, catalogs) = pinned!
            let input = ReadinessInput(config: pinnedConfig, catalogs: catalogs, controls: try revision.controls(catalogs: catalogs).records,
                                       evidence: evidence, poams: try revision.poams().records, affirmations: try revision.affirmations().records,
                                       exceptions: try revision.exceptions().records)
            let soc2Type = SnapshotService.soc2Type(kind: kind, period: period)
            let report = try ReadinessReport.evaluate(input, ReadinessRequest(frameworks: frameworks, asOf: asOf, soc2Type: soc2Type, period: period, statusDate: nil),
                                                      revision: head.hex)
            let artifacts = artifactHashes
            let createdAt = Timestamp(seconds: when.seconds + 1800)
            let manifest = SnapshotManifest(name: name, kind: kind, frameworks: report.order, period: period, asOf: asOf, assessor: nil,
                                            createdAt: createdAt, commit: head.hex, tree: revision.tree.hex, readiness: report.snapshotSummary,
                                            catalogs: input.catalogs.catalogs.map { ($0.id, $0.version) }, artifacts: artifacts,
                                            artifactListSHA256: Digest.sha256(Data(ArtifactList.bytes(artifacts))), evidentVersion: EvidentVersion.current)
            // `snapshot create` words the summary from readiness recomputed with the manifest's frameworks.
            let summaryReport = report.order == frameworks ? report : try ReadinessReport.evaluate(
                input, ReadinessRequest(frameworks: manifest.frameworks, asOf: asOf, soc2Type: soc2Type, period: period, statusDate: nil), revision: head.hex)
            var summary = summaryReport.summaryLines
            summary.append("Artifacts: \(manifest.artifacts.count), list sha256 \(manifest.artifactListSHA256)")
            let message = manifest.tagMessage(summary: summary, note: nil)
            // The tag object goes straight to disk as a loose object, as `snapshot create` leaves it
            // (its commit is still in memory: the ref is only created once everything is stored).
            let payload = SnapshotService.tagPayload(target: head, name: tagName, tagger: lead.signature(createdAt), message: message)
            let id = try wrap("writing tag \(tagName)") { try plain.writeObject(Data(payload.utf8), kind: .tag) }
            tags.append((tagName, id))
        }
    }
}
