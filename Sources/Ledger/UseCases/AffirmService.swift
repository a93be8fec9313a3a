import Foundation
import GitStore
import LedgerCore

/// `evident affirm`: a senior official's affirmation of continuing CMMC compliance (32 CFR 170.22)
/// or a SOC 2 management assertion, written to `affirmations/<YYYY-MM-DD>-<framework>-<random>.yaml`
/// in exactly one commit.
public struct AffirmService {
    public struct Options: Sendable {
        public var framework: String
        public var level: Int?
        public var official: String
        public var officialTitle: String
        /// The day it is signed; nil: today.
        public var date: Day?
        public var statement: String?

        public init(framework: String, level: Int? = nil, official: String, officialTitle: String, date: Day? = nil, statement: String? = nil) {
            self.framework = framework
            self.level = level
            self.official = official
            self.officialTitle = officialTitle
            self.date = date
            self.statement = statement
        }
    }

    public struct Result: Sendable {
        public let record: AffirmationRecord
        /// The file it was written to.
        public let path: String
        public let commit: CommitID
        public let warnings: [String]
        public let notices: [String]
    }

    let ledger: LedgerRepository
    let environment: RunEnvironment

    public init(ledger: LedgerRepository, environment: RunEnvironment) {
        self.ledger = ledger
        self.environment = environment
    }

    /// Throws `InputError` (`.usage`, `.invalidInput`) for a bad framework, level, date or text;
    /// `LedgerError` `.invalidInput` with no author identity, `.busy` when another writer holds the
    /// ledger, `.failure` when the commit cannot be written.
    public func run(_ o: Options) throws -> Result {
        // 1. Everything the user typed.
        let framework = o.framework.trimmingCharacters(in: .whitespaces).lowercased()
        guard AffirmationRecord.frameworks.contains(framework) else {
            throw InputError.usage("\(field: .framework) '\(o.framework)' is not one of \(AffirmationRecord.frameworks.joined(separator: ", ")) (give the CMMC level with \(field: .level))")
        }
        var level: Int?
        if framework == "cmmc" {
            guard let l = o.level else { throw InputError.usage("\(field: .framework) cmmc needs \(field: .level) 1, 2 or 3: an affirmation is for one CMMC level") }
            guard (1...3).contains(l) else { throw InputError.invalid("\(field: .level) \(l) is out of range: CMMC has levels 1, 2 and 3") }
            level = l
        } else if let l = o.level {
            throw InputError.usage("\(field: .level) \(l) does not apply to \(field: .framework) soc2: SOC 2 has no levels")
        }
        let official = try Self.text(o.official, option: .official, maxLength: 200)
        let title = try Self.text(o.officialTitle, option: .officialTitle, maxLength: 200)
        let today = environment.today
        var date = today
        if let d = o.date {
            guard d <= today else {
                throw InputError.invalid("\(field: .date) \(d) is in the future (today is \(today)): an affirmation is made on the day it is signed, not ahead of it")
            }
            date = d
        }
        var statement: String?
        if let s = o.statement { statement = try Self.text(s, option: .statement, maxLength: 5000) }

        // 2. The ledger: who it belongs to, what is in scope.
        let head = try ledger.resolve("HEAD")
        let config = try head.config()
        let author = try Identity.resolve(ledger.repository, environment: environment)
        let tag = level.map { "\(framework)-l\($0)" } ?? framework
        var warnings = [String]()
        if !config.frameworks.contains(where: { $0.id == tag }) {
            let inScope = config.frameworks.map(\.id).joined(separator: ", ")
            warnings.append("warning: \(tag) is not among the ledger's frameworks in scope (\(inScope.isEmpty ? "none" : inScope)); the affirmation is recorded anyway")
        }
        let record = AffirmationRecord(framework: framework, level: level, official: official, officialTitle: title, date: date,
                                       statement: statement ?? Self.defaultStatement(framework: framework, level: level, organization: config.organization,
                                                                                   official: official, title: title, date: date))
        let (checked, issues) = AffirmationRecord.decode(record.recordValue, file: AffirmationRecord.folder)
        guard checked != nil else { throw LedgerError.invalid(issues.map(\.description).joined(separator: "\n")) }

        // 3. Commit under the lock, in a file of its own: an affirmation is never rewritten, and
        // two made the same day (in two clones) never collide.
        let writer = LedgerWriter(ledger: ledger, environment: environment)
        var path = ""
        let commit = try writer.commit(action: "affirm", author: author) { headCommit in
            guard let headCommit else { throw LedgerError.notFound("the ledger has no commits") }
            let revision = try Revision(repository: ledger.repository, commit: headCommit, spec: "HEAD")
            var rng = environment.idGenerator(salt: headCommit.hex)
            path = record.path(using: &rng)
            while try revision.file(path) != nil { path = record.path(using: &rng) }
            if try revision.affirmations().records.contains(where: { $0.framework == record.framework && $0.level == record.level && $0.date == record.date }) {
                warnings.append("warning: \(Self.label(record)) was already recorded on \(date); this one is recorded beside it (\(path)), and both stay in the history")
            }
            return CommitRequest(action: "affirm", summary: Self.summary("\(Self.label(record)) by \(official), \(title), on \(date)"),
                                 trailers: [("Framework", tag), ("Official", official)],
                                 writes: [FileWrite(path: path, data: Data(CanonicalYAML.emit(record.recordValue).utf8))])
        }
        return Result(record: record, path: path, commit: commit.commitID, warnings: warnings, notices: writer.notices)
    }

    /// Our own words; the regulation asks for an affirmation of continuing compliance, not a text.
    public static func defaultStatement(framework: String, level: Int?, organization: String, official: String, title: String, date: Day) -> String {
        if framework == "cmmc", let level {
            return "I, \(official), \(title) of \(organization), affirm that \(organization) has implemented, and continues to maintain, "
                + "the security requirements of CMMC Level \(level) for every information system within the scope of its assessment, "
                + "and that this is true as of \(date). This is the affirmation of continuing compliance required by 32 CFR 170.22."
        }
        return "Management of \(organization), through \(official), \(title), asserts that the controls recorded in this ledger were "
            + "suitably designed and operated effectively to provide reasonable assurance that the applicable SOC 2 Trust Services "
            + "Criteria were met, as of \(date)."
    }

    static func label(_ r: AffirmationRecord) -> String {
        r.level.map { "CMMC Level \($0) affirmation" } ?? "SOC 2 management assertion"
    }

    static func text(_ s: String, option: InputField, maxLength: Int) throws -> String {
        let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty else { throw InputError.invalid("\(field: option) must not be empty") }
        guard t.count <= maxLength else { throw InputError.invalid("\(field: option) is longer than \(maxLength) characters") }
        return t
    }

    static func summary(_ s: String) -> String {
        let line = s.replacingOccurrences(of: "\n", with: " ")
        return line.count > 100 ? String(line.prefix(97)) + "..." : line
    }
}
