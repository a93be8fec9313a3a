import Foundation
import GitStore
import LedgerCore

/// `evident system show|set`: the `system` section of `.evident/ledger.yaml`, which the SSP,
/// SPRS and OSCAL exports describe the system with (`SystemSection`). A set is exactly one commit.
public struct SystemService {
    /// The system section at a revision, with what is missing.
    public struct View: Sendable {
        public let organization: String
        public let system: SystemSection
        /// The fields without a value, in file order.
        public let missing: [SystemSection.Field]
        public let commit: CommitID
    }

    public struct SetResult: Sendable {
        public let system: SystemSection
        /// The fields whose value changed, in file order.
        public let changed: [SystemSection.Field]
        public let missing: [SystemSection.Field]
        /// nil when every field already had the value given: nothing was written.
        public let commit: CommitID?
        /// Repairs the writer made (printed on stderr).
        public let notices: [String]
    }

    let ledger: LedgerRepository
    let environment: RunEnvironment

    public init(ledger: LedgerRepository, environment: RunEnvironment) {
        self.ledger = ledger
        self.environment = environment
    }

    /// The system section at HEAD (an empty one when the ledger has none yet).
    /// Throws `LedgerError` `.notFound` when the configuration is missing, `.invalidInput` when it does not validate.
    public func show() throws -> View {
        let revision = try ledger.resolve("HEAD")
        let config = try revision.config()
        let system = config.system ?? SystemSection()
        return View(organization: config.organization, system: system, missing: system.missing, commit: revision.commitID)
    }

    /// Applies `assignments` (in order; a later one of the same field wins) to the system section
    /// at HEAD and commits the new `.evident/ledger.yaml`, checked by the same decoder that reads
    /// it, before anything is written. When nothing changes, nothing is written.
    /// Throws `InputError` `.usage` without assignments, `.invalidInput` naming the field for a
    /// value it cannot hold; `LedgerError` `.invalidInput` when the configuration at HEAD does not
    /// validate, `.busy` when another writer holds the ledger, `.failure` when the commit cannot be written.
    public func set(_ assignments: [SystemSection.Assignment]) throws -> SetResult {
        guard !assignments.isEmpty else {
            throw InputError.usage("give at least one FIELD=VALUE (fields: \(SystemSection.Field.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        for a in assignments { try Self.check(a, today: environment.today) }
        let author = try Identity.resolve(ledger.repository, environment: environment)
        let writer = LedgerWriter(ledger: ledger, environment: environment)
        var result: (system: SystemSection, changed: [SystemSection.Field])?
        var commit: ObjectID?
        do {
            let (c, value) = try writer.commitReturning(action: "system-set", author: author) { headCommit -> (CommitRequest, (SystemSection, [SystemSection.Field])) in
                guard let headCommit else { throw LedgerError.notFound("the ledger has no commits") }
                let revision = try Revision(repository: ledger.repository, commit: headCommit, spec: "HEAD")
                var config = try revision.config()
                let old = config.system ?? SystemSection()
                let new = old.applying(assignments)
                let changed = SystemSection.Field.allCases.filter { Self.value(of: $0, in: old) != Self.value(of: $0, in: new) }
                guard !changed.isEmpty else { throw Unchanged(system: old) }
                config.system = new.isEmpty ? nil : new
                let text = CanonicalYAML.emit(config.recordValue)
                // The file is judged by the decoder that reads it: nothing it would refuse is written.
                let (decoded, issues) = LedgerConfig.decode(try YAMLReader.parse(Data(text.utf8), file: Layout.configPath))
                guard decoded == config, issues.isEmpty else {
                    throw LedgerError.invalid("the new system section does not validate:\n" + issues.map { "  \($0)" }.joined(separator: "\n"))
                }
                let names = changed.map(\.rawValue)
                func few(_ l: [String]) -> String { l.count <= 3 ? l.joined(separator: ", ") : "\(l.prefix(2).joined(separator: ", ")) and \(l.count - 2) more fields" }
                let set = changed.filter { new.has($0) }.map(\.rawValue), removed = changed.filter { !new.has($0) }.map(\.rawValue)
                let summary = "Describe the system: " + [set.isEmpty ? nil : "set " + few(set), removed.isEmpty ? nil : "remove " + few(removed)]
                    .compactMap { $0 }.joined(separator: "; ")
                return (CommitRequest(action: "system-set", summary: summary, trailers: [("System-Field", names.joined(separator: ", "))],
                                      writes: [FileWrite(path: Layout.configPath, data: Data(text.utf8))]), (new, changed))
            }
            commit = c
            result = value
        } catch let u as Unchanged {
            return SetResult(system: u.system, changed: [], missing: u.system.missing, commit: nil, notices: writer.notices)
        }
        guard let result else { throw LedgerError(.failure, "system set: no result") }
        return SetResult(system: result.system, changed: result.changed, missing: result.system.missing, commit: commit?.commitID, notices: writer.notices)
    }

    /// Every field already had the value given.
    private struct Unchanged: Error {
        let system: SystemSection
    }

    /// A comparable form of one field's value.
    static func value(of field: SystemSection.Field, in s: SystemSection) -> [String] {
        switch field {
        case .environments: return s.environments
        case .cageCodes: return s.cageCodes
        case .scope: return s.scope.map { [$0] } ?? []
        case .sspDate: return s.sspDate.map { [$0.description] } ?? []
        default: return s[text: field].map { [$0] } ?? []
        }
    }

    /// Refuses a value the field cannot hold, naming the field and what to write.
    /// Throws `InputError` `.invalidInput`.
    static func check(_ a: SystemSection.Assignment, today: Day) throws {
        let field = a.field
        var items: [String] = []
        switch a {
        case .text(_, let v): items = v.map { [$0] } ?? []
        case .environments(let l):
            items = l
            var seen = Set<String>()
            for e in l where !seen.insert(e).inserted {
                throw InputError.invalid("environments '\(e)' is given twice: give each environment once")
            }
        case .cageCodes(let l):
            var seen = Set<String>()
            for c in l where !seen.insert(c.code).inserted {
                throw InputError.invalid("cage_codes \(c.code) is given twice: give each CAGE code once")
            }
        case .sspDate(let d):
            // The SSP date is the day this version of the plan was issued (SPRS asks for it,
            // cmmc-rules.md §12.10): a plan is not issued on a day that has not come.
            if let d, d > today {
                throw InputError.invalid("ssp.date \(d) is after today (\(today)): give the day this SSP version was issued, for example: ssp.date=\(today)")
            }
        case .scope: break
        }
        for item in items {
            if let problem = SystemSection.problem(field, item) {
                throw InputError.invalid("\(field.rawValue) \(problem); for example: \(field.setCommand)")
            }
        }
    }
}
