import Foundation
import GitStore
import LedgerCore

/// One commit of the ledger's history, as `evident log` shows it.
public struct LogEntry: Sendable {
    public let commit: CommitID
    public let author: Person
    public let date: Timestamp
    public let summary: String
    public let action: String?
    public let trailers: [(String, String)]

    public var evidenceIDs: [String] { values(of: "Evidence-Id") }
    public var controlIDs: [String] { values(of: "Controls") + values(of: "Control-Id") }

    init(commit: ObjectID, author: Signature, date: Timestamp, summary: String, action: String?, trailers: [(String, String)]) {
        self.commit = commit.commitID
        self.author = Person(author)
        self.date = date
        self.summary = summary
        self.action = action
        self.trailers = trailers
    }

    public func values(of key: String) -> [String] {
        trailers.filter { $0.0.caseInsensitiveCompare(key) == .orderedSame }
            .flatMap { $0.1.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.isEmpty }
    }

    /// `Key: value` lines of the message's last paragraph (git's trailer convention).
    public static func trailers(of message: String) -> [(String, String)] {
        let paragraphs = message.trimmingCharacters(in: .whitespacesAndNewlines).components(separatedBy: "\n\n")
        guard paragraphs.count > 1, let last = paragraphs.last else { return [] }
        var out = [(String, String)]()
        for line in last.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { return [] }
            let key = line[..<colon]
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else { return [] }
            out.append((String(key), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return out
    }
}

/// `evident log`: commits that changed the ledger, newest first, filtered by evidence, control,
/// time or revision. Filters on ids use the paths those ids live at, so history is found even for
/// commits made with plain git, and trailers name the ids of evident's own commits.
public struct LogService {
    public struct Query: Sendable {
        public var evidence: String?
        public var control: String?
        public var since: String?
        public var limit: Int?
        /// Only commits that changed this requirement's story (see `RequirementTrail`).
        public var requirement: String?
        /// Only commits whose author's name or email contains this (case-insensitive).
        public var author: String?
        /// Only commits up to this revision (the walk starts there), or committed on or before
        /// the end of this day.
        public var until: String?

        public init(evidence: String? = nil, control: String? = nil, since: String? = nil, limit: Int? = nil,
                    requirement: String? = nil, author: String? = nil, until: String? = nil) {
            self.evidence = evidence
            self.control = control
            self.since = since
            self.limit = limit
            self.requirement = requirement
            self.author = author
            self.until = until
        }
    }

    let ledger: LedgerRepository

    public init(ledger: LedgerRepository) {
        self.ledger = ledger
    }

    /// Throws `InputError` `.notFound` for a control that is neither in the library at HEAD nor
    /// in the history, `.usage` for a negative limit (0 shows nothing),
    /// `InputError` `.invalidInput` for a malformed evidence or control id, `LedgerError`
    /// `.notFound` for an unknown revision or requirement.
    public func run(_ q: Query) throws -> [LogEntry] {
        if let limit = q.limit {
            guard limit >= 0 else { throw InputError.usage("\(field: .limit) \(limit): give the most commits to show, 0 or more") }
            if limit == 0 { return [] }
        }
        guard var head = try ledger.headCommit() else { return [] }
        var untilTime: Int?
        if let until = q.until {
            if let day = Day(until) {
                untilTime = Timestamp(day: day).seconds + 86_400
            } else if let t = Timestamp(parsing: until) {
                untilTime = t.seconds + 1
            } else {
                head = try ledger.resolve(until).commit
            }
        }
        let trail = try q.requirement.map { RequirementTrail(requirement: try RequirementTrail.resolve($0, at: try ledger.resolve("HEAD")), repository: ledger.repository) }
        let author = q.author?.lowercased()
        var hiding = [ObjectID]()
        var sinceTime: Int?
        if let since = q.since {
            if let t = Timestamp(parsing: since) {
                sinceTime = t.seconds
            } else {
                hiding.append(try ledger.resolve(since).commit)
            }
        }
        var paths = [String]()
        if let e = q.evidence {
            guard let folder = EvidenceIDFormat.folder(of: e) else {
                throw InputError.invalid("\(field: .evidence) '\(e)' is not an evidence id (EV-YYYYMMDD-XXXXXX)")
            }
            paths.append(folder)
        }
        // A control that is not in the library at HEAD may still have a history (it was
        // removed); only when it has none is it unknown.
        var unknownControl: (id: String, known: [String])?
        if let c = q.control {
            guard ControlIDFormat.isValid(c) else {
                throw InputError.invalid("\(field: .control) '\(c)' is not a control id (upper-case words joined by hyphens, like IAM-MFA)")
            }
            let known = try ledger.resolve("HEAD").controlIDs()
            if !known.contains(c) { unknownControl = (c, known) }
        }
        var out = [LogEntry]()
        let visit: (CommitInfo) throws -> Bool = { c in
            let time = Timestamp(secondsSince1970: c.committer.time.timeIntervalSince1970).seconds
            if let sinceTime, time < sinceTime { return true }
            if let untilTime, time >= untilTime { return true }
            if let trail, try !trail.matches(c) { return true }
            if let author, !c.author.name.lowercased().contains(author), !c.author.email.lowercased().contains(author) { return true }
            // Most commits of a long history do not name the control: a byte search of the
            // message rules them out before its trailers are parsed.
            let named = q.control.map { ByteSearch.contains($0, in: c.message) } ?? true
            let trailers = named ? LogEntry.trailers(of: c.message) : []
            let entry = LogEntry(commit: c.id, author: c.author, date: Timestamp(secondsSince1970: c.author.time.timeIntervalSince1970),
                                 summary: c.summary, action: trailers.first { $0.0 == "Evident-Action" }?.1, trailers: trailers)
            if let control = q.control, !named || !entry.controlIDs.contains(control) {
                // Commits made with plain git carry no trailers: fall back to the control's file.
                let changed = try self.touches(c, path: "\(Layout.controlsRoot)/\(control).yaml")
                if !changed { return true }
                if !named { out.append(LogEntry(commit: c.id, author: c.author, date: entry.date, summary: c.summary,
                                                action: LogEntry.trailers(of: c.message).first { $0.0 == "Evident-Action" }?.1,
                                                trailers: LogEntry.trailers(of: c.message)))
                    if let limit = q.limit, out.count >= limit { return false }
                    return true
                }
            }
            out.append(entry)
            if let limit = q.limit, out.count >= limit { return false }
            return true
        }
        do {
            if paths.isEmpty {
                try ledger.repository.walk(from: head, hiding: hiding, visit)
            } else {
                try ledger.repository.walk(from: head, touching: paths, hiding: hiding, visit)
            }
        } catch let e as GitError {
            throw translate(e, "walking the history")
        }
        if let unknown = unknownControl, out.isEmpty {
            let hint = closestMatches(unknown.id, in: unknown.known, limit: 3)
            throw InputError.notFound("\(field: .control) \(unknown.id): no such control in \(Layout.controlsRoot)/ and none in the history"
                + (hint.isEmpty ? "" : " (closest: \(hint.joined(separator: ", ")))") + "; 'evident control list' shows the library")
        }
        return out
    }

    /// Whether `c` changed `path` against its first parent. The trees are compared level by
    /// level and the comparison stops at the first equal subtree id (as git's pathspec-limited
    /// diff does), so an unchanged `controls/` costs one entry lookup per side.
    private func touches(_ c: CommitInfo, path: String) throws -> Bool {
        let repo = ledger.repository
        guard let parent = c.parents.first else { return try repo.entry(at: path, inTree: c.tree) != nil }
        return try !repo.sameEntry(at: path, in: c.tree, and: try repo.treeID(ofCommit: parent))
    }
}

