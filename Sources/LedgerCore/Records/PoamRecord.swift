import Foundation

/// `poam/<ID>.yaml`: one plan of action and milestones item for a NOT MET requirement
/// (32 CFR 170.21; every NOT MET requirement needs one, 170.24(c)(2)(i)(B)(6)).
public struct PoamRecord: Equatable, Sendable {
    public static let schemaID = "evident/poam/v1"
    public static let folder = "poam"
    public static let statuses = ["open", "closed"]

    public struct Milestone: Equatable, Sendable {
        public var date: Day
        public var description: String

        public init(date: Day, description: String) {
            self.date = date
            self.description = description
        }
    }

    /// `POAM-<YYYYMMDD>-<random>` (`makeID`), or `POAM-<YYYY>-<NNN>` in ledgers written before.
    public var id: String
    /// Qualified requirement id, `nist-800-171r2:3.1.9`.
    public var requirement: String
    public var weakness: String
    public var opened: Day
    public var scheduledCompletion: Day
    public var milestones: [Milestone]
    public var status: String
    public var closed: Day?

    public init(id: String, requirement: String, weakness: String, opened: Day, scheduledCompletion: Day, milestones: [Milestone] = [],
                status: String = "open", closed: Day? = nil) {
        self.id = id
        self.requirement = requirement
        self.weakness = weakness
        self.opened = opened
        self.scheduledCompletion = scheduledCompletion
        self.milestones = milestones
        self.status = status
        self.closed = closed
    }

    public var path: String { "\(Self.folder)/\(id).yaml" }

    /// Open at `day`: opened on or before it and not closed by then.
    public func isOpen(at day: Day) -> Bool {
        opened <= day && (closed.map { $0 > day } ?? true)
    }

    /// `POAM-<opened YYYYMMDD>-<6 random Crockford base32 characters>`, like evidence ids: two
    /// clones opening items on the same day never pick the same id, so their merge cannot
    /// conflict. Ids of the first form, `POAM-<YYYY>-<NNN>` (a number per year), stay valid.
    public static func makeID<R: RandomNumberGenerator>(opened day: Day, using rng: inout R) -> String {
        let stamp = day.description.replacingOccurrences(of: "-", with: "")
        var suffix = ""
        for _ in 0..<6 { suffix.append(EvidenceIDFormat.alphabet[Int(rng.next() % 32)]) }
        return "POAM-\(stamp)-\(suffix)"
    }

    /// `POAM-YYYYMMDD-XXXXXX`, or the first form `POAM-YYYY-NNN` (three or more digits).
    public static func isValidID(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard s.hasPrefix("POAM-") else { return false }
        func digits(_ r: Range<Int>) -> Bool { u[r].allSatisfy { $0 >= 48 && $0 <= 57 } }
        if u.count == 20, u[13] == 45, digits(5..<13) {
            return u[14...].allSatisfy { EvidenceIDFormat.alphabet.contains(Character(Unicode.Scalar($0))) }
        }
        guard u.count >= 13, u[9] == 45 else { return false }
        return digits(5..<9) && digits(10..<u.count)
    }

    public var recordValue: RecordValue {
        var pairs: [(String, RecordValue)] = [
            ("schema", .string(Self.schemaID)), ("id", .string(id)), ("requirement", .string(requirement)),
            ("weakness", .string(weakness)), ("opened", .string(opened.description)),
            ("scheduled_completion", .string(scheduledCompletion.description)),
            ("milestones", .list(milestones.map { .map([("date", .string($0.date.description)), ("description", .string($0.description))]) })),
            ("status", .string(status)),
        ]
        if let closed { pairs.append(("closed", .string(closed.description))) }
        return .map(pairs)
    }

    public static func decode(_ value: RecordValue, file: String) -> (PoamRecord?, [ValidationIssue]) {
        var r = FieldReader(file: file, value: value)
        guard r.issues.isEmpty else { return (nil, r.issues) }
        let schema = r.string("schema")
        if let schema, schema != schemaID { r.report("schema", "'\(schema)' is not \(schemaID)") }
        var id = r.string("id")
        if let i = id, !isValidID(i) {
            r.report("id", "'\(i)' is not a POA&M id (POAM-YYYYMMDD-XXXXXX, or POAM-YYYY-NNN)")
            id = nil
        }
        let requirement = r.qualifiedRequirement("requirement", example: "nist-800-171r2:3.1.9")
        let weakness = r.string("weakness", maxLength: 2000)
        let opened = r.day("opened")
        let scheduled = r.day("scheduled_completion")
        var milestones = [Milestone]()
        if let list = r.list("milestones") {
            for (i, item) in list.enumerated() {
                var m = FieldReader(file: file, path: "milestones[\(i)]", value: item)
                if m.issues.isEmpty, let d = m.day("date"), let text = m.string("description", maxLength: 500) {
                    milestones.append(Milestone(date: d, description: text))
                }
                m.finish()
                r.merge(m)
            }
        }
        let status = r.oneOf("status", statuses)
        let closed = r.day("closed", required: false)
        if status == "closed" && closed == nil { r.report("closed", "is required when status is closed (the day the item was closed)") }
        if status == "open" && closed != nil { r.report("closed", "must be left out while the item is open") }
        if let opened, let scheduled, scheduled < opened { r.report("scheduled_completion", "\(scheduled) is before opened \(opened)") }
        if let opened, let closed, closed < opened { r.report("closed", "\(closed) is before opened \(opened)") }
        r.finish()
        guard r.issues.isEmpty, let id, let requirement, let weakness, let opened, let scheduled, let status else { return (nil, r.issues) }
        if file.hasPrefix(folder + "/"), file != "\(folder)/\(id).yaml" {
            return (nil, [ValidationIssue(file: file, field: "id", problem: "'\(id)' must live in \(folder)/\(id).yaml")])
        }
        return (PoamRecord(id: id, requirement: requirement, weakness: weakness, opened: opened, scheduledCompletion: scheduled,
                           milestones: milestones, status: status, closed: closed), [])
    }
}

/// `affirmations/<YYYY-MM-DD>-<framework>-<random>.yaml`: a senior official's affirmation of continuing
/// compliance (32 CFR 170.22), or a SOC 2 management assertion.
public struct AffirmationRecord: Equatable, Sendable {
    public static let schemaID = "evident/affirmation/v1"
    public static let folder = "affirmations"
    public static let frameworks = ["cmmc", "soc2"]

    public var framework: String
    public var level: Int?
    public var official: String
    public var officialTitle: String
    public var date: Day
    public var statement: String

    public init(framework: String, level: Int?, official: String, officialTitle: String, date: Day, statement: String) {
        self.framework = framework
        self.level = level
        self.official = official
        self.officialTitle = officialTitle
        self.date = date
        self.statement = statement
    }

    /// `cmmc-l2`, or `soc2`.
    public var frameworkTag: String { level.map { "\(framework)-l\($0)" } ?? framework }
    /// `affirmations/<YYYY-MM-DD>-<framework>-<random>.yaml`: the random part (six Crockford base32
    /// characters, as ids have) keeps two affirmations of one day and framework, made in two
    /// clones, from ever colliding. Files named `<YYYY-MM-DD>-<framework>.yaml`, written before,
    /// stay valid: the file name carries no meaning, the record's fields do.
    public func path<R: RandomNumberGenerator>(using rng: inout R) -> String {
        var suffix = ""
        for _ in 0..<6 { suffix.append(EvidenceIDFormat.alphabet[Int(rng.next() % 32)]) }
        return "\(Self.folder)/\(date)-\(frameworkTag)-\(suffix).yaml"
    }

    /// Whether `path` is a file name this record may have: `<date>-<framework>-<random>.yaml`, or
    /// the first form `<date>-<framework>.yaml`.
    public func belongs(at path: String) -> Bool {
        let stem = "\(Self.folder)/\(date)-\(frameworkTag)"
        if path == stem + ".yaml" { return true }
        guard path.hasPrefix(stem + "-"), path.hasSuffix(".yaml") else { return false }
        let suffix = path.dropFirst(stem.count + 1).dropLast(5)
        return suffix.count == 6 && suffix.allSatisfy { EvidenceIDFormat.alphabet.contains($0) }
    }

    public var recordValue: RecordValue {
        var pairs: [(String, RecordValue)] = [("schema", .string(Self.schemaID)), ("framework", .string(framework))]
        if let level { pairs.append(("level", .int(level))) }
        pairs += [("official", .string(official)), ("official_title", .string(officialTitle)), ("date", .string(date.description)),
                  ("statement", .string(statement))]
        return .map(pairs)
    }

    public static func decode(_ value: RecordValue, file: String) -> (AffirmationRecord?, [ValidationIssue]) {
        var r = FieldReader(file: file, value: value)
        guard r.issues.isEmpty else { return (nil, r.issues) }
        let schema = r.string("schema")
        if let schema, schema != schemaID { r.report("schema", "'\(schema)' is not \(schemaID)") }
        let framework = r.oneOf("framework", frameworks)
        var level = r.int("level", required: framework == "cmmc", minimum: 1)
        if framework == "soc2", level != nil {
            r.report("level", "SOC 2 has no levels: leave the field out")
            level = nil
        }
        if let l = level, l > 3 {
            r.report("level", "must be 1, 2 or 3")
            level = nil
        }
        let official = r.string("official", maxLength: 200)
        let title = r.string("official_title", maxLength: 200)
        let date = r.day("date")
        let statement = r.string("statement", maxLength: 5000)
        r.finish()
        guard r.issues.isEmpty, let framework, let official, let title, let date, let statement else { return (nil, r.issues) }
        return (AffirmationRecord(framework: framework, level: level, official: official, officialTitle: title, date: date, statement: statement), [])
    }
}
