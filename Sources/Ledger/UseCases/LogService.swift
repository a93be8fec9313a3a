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
        trailers.filter { Self.sameKey($0.0, key) }
            .flatMap { $0.1.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.isEmpty }
    }

    /// Whether two trailer keys are the same, ignoring case: ASCII keys (all that evident writes)
    /// are compared byte by byte, others as Foundation compares them.
    static func sameKey(_ a: String, _ b: String) -> Bool {
        let x = a.utf8, y = b.utf8
        guard x.allSatisfy({ $0 < 0x80 }), y.allSatisfy({ $0 < 0x80 }) else { return a.caseInsensitiveCompare(b) == .orderedSame }
        guard x.count == y.count else { return false }
        func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c + 0x20 : c }
        return zip(x, y).allSatisfy { lower($0) == lower($1) }
    }

    /// `Key: value` lines of the message's last paragraph (git's trailer convention).
    public static func trailers(of message: String) -> [(String, String)] {
        if let fast = asciiTrailers(of: message) { return fast }
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

    /// `trailers(of:)` over bytes, for a message of ASCII without carriage returns (every commit
    /// evident writes): there each character is one byte, so the same steps give the same
    /// answer, without Foundation's Unicode-aware trimming and splitting, which cost most of
    /// a requirement's history walk over 10,000 commits. nil for any other message.
    static func asciiTrailers(of message: String) -> [(String, String)]? {
        var message = message
        return message.withUTF8 { b -> [(String, String)]? in
            for byte in b where byte >= 0x80 || byte == 0x0D { return nil }
            // Whitespace and newlines, as CharacterSet.whitespacesAndNewlines has them in ASCII.
            func space(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }
            var start = 0, end = b.count
            while start < end, space(b[start]) { start += 1 }
            while end > start, space(b[end - 1]) { end -= 1 }
            // The last paragraph: what follows the last "\n\n" found scanning left to right.
            var last = -1, i = start
            while i + 1 < end {
                if b[i] == 0x0A, b[i + 1] == 0x0A {
                    last = i + 2
                    i += 2
                } else {
                    i += 1
                }
            }
            guard last >= 0 else { return [] }
            var out = [(String, String)]()
            var lineStart = last
            while lineStart < end {
                var lineEnd = lineStart
                while lineEnd < end, b[lineEnd] != 0x0A { lineEnd += 1 }
                defer { lineStart = lineEnd + 1 }
                if lineEnd == lineStart { continue }
                guard let colon = (lineStart..<lineEnd).first(where: { b[$0] == UInt8(ascii: ":") }) else { return [] }
                guard colon > lineStart, (lineStart..<colon).allSatisfy({ k in
                    let c = b[k]
                    return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: "-")
                }) else { return [] }
                var vStart = colon + 1, vEnd = lineEnd
                while vStart < vEnd, b[vStart] == 0x20 || b[vStart] == 0x09 { vStart += 1 }
                while vEnd > vStart, b[vEnd - 1] == 0x20 || b[vEnd - 1] == 0x09 { vEnd -= 1 }
                out.append((String(decoding: UnsafeBufferPointer(rebasing: b[lineStart..<colon]), as: UTF8.self),
                            String(decoding: UnsafeBufferPointer(rebasing: b[vStart..<vEnd]), as: UTF8.self)))
            }
            return out
        }
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

