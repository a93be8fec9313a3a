import Foundation
import GitStore
import LedgerCore

/// `evident init`: makes a directory (empty, or an existing git repository without a ledger)
/// into a ledger with one commit holding `.evident/ledger.yaml`, and installs the hooks.
public struct InitService {
    public struct Options: Sendable {
        public var path: String
        public var organization: String
        public var scope: String?
        public var frameworks: [FrameworkScope]
        /// Also write the starter control library (status planned, owned by the author).
        public var starterControls: Bool

        public init(path: String, organization: String, scope: String? = nil, frameworks: [FrameworkScope], starterControls: Bool = false) {
            self.path = path
            self.organization = organization
            self.scope = scope
            self.frameworks = frameworks
            self.starterControls = starterControls
        }
    }

    public struct Result: Sendable {
        public let root: String
        public let commit: CommitID
        public let config: LedgerConfig
        public let createdRepository: Bool
        public let hooks: [String]
        public let notices: [String]
        public let controls: Int
    }

    let environment: RunEnvironment

    public init(environment: RunEnvironment) {
        self.environment = environment
    }

    /// Throws `InputError` `.usage` for a missing or overlong organisation, `LedgerError`
    /// `.invalidInput` when `path` is a file, a non-empty directory that is not a repository, a bare
    /// repository or already a ledger, an organisation name that is not one line, or no author is
    /// known, `.failure` when a write fails.
    public func run(_ options: Options) throws -> Result {
        let organization = options.organization.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !organization.isEmpty else { throw InputError.usage("\(field: .organization) must name the organisation the ledger belongs to") }
        guard organization.count <= 200 else { throw InputError.usage("\(field: .organization) is longer than 200 characters") }
        try InputText.requireOneLine(organization, field: .organization, hint: "the organisation's name, as it appears in reports")
        let path = (options.path as NSString).standardizingPath
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue {
            throw LedgerError.invalid("\(path) is a file, not a directory: name a new or empty directory, or an existing git repository")
        }

        var created = false
        let repository: Repository
        if let existing = try? Repository(at: path) {
            repository = existing
            guard !existing.isBare, existing.workdir != nil else {
                throw LedgerError.invalid("\(path) is a bare git repository: a ledger needs a work tree; clone it and run 'evident init' in the clone")
            }
            if FileManager.default.fileExists(atPath: path + "/" + Layout.configPath) ||
                ((try? existing.headCommit()).flatMap { $0 }.flatMap { c in try? existing.treeID(ofCommit: c) }.flatMap { t in try? existing.entry(at: Layout.configPath, inTree: t) }) != nil {
                throw LedgerError.invalid("\(path) already holds a ledger (\(Layout.configPath) exists): use it with 'evident -C \(path) ...', or pick another directory")
            }
        } else {
            if FileManager.default.fileExists(atPath: path),
               let contents = try? FileManager.default.contentsOfDirectory(atPath: path), !contents.isEmpty {
                // Its files would be untracked in the new ledger, and every write refuses an
                // unclean ledger: say so now rather than after the first commit.
                throw LedgerError.invalid("\(path) is a directory with files in it (\(contents.sorted().prefix(3).joined(separator: ", "))\(contents.count > 3 ? ", ..." : "")) that is not a git repository: name a new or empty directory, or an existing git repository")
            }
            do {
                repository = try Repository.create(at: path, initialBranch: "main")
            } catch {
                throw LedgerError.invalid("cannot create a git repository in \(path): \(error.message)")
            }
            created = true
        }
        let root: String = {
            let w = repository.workdir ?? path
            return w.hasSuffix("/") && w.count > 1 ? String(w.dropLast()) : w
        }()

        let config = LedgerConfig(organization: organization, scope: options.scope, frameworks: options.frameworks,
                                  createdAt: environment.now)
        let author: Signature
        do {
            author = try Identity.resolve(repository, environment: environment)
        } catch {
            if created { try? FileManager.default.removeItem(atPath: repository.gitDirectory) }
            throw error
        }
        let writer = LedgerWriter(repository: repository, root: root, environment: environment)
        let frameworks = options.frameworks.map(\.description).joined(separator: ", ")
        let commit: ObjectID
        do {
            commit = try writer.commit(action: "init", author: author) { _ in
                CommitRequest(
                    action: "init",
                    summary: "Start the evidence ledger of \(organization)",
                    body: "Frameworks in scope: \(frameworks.isEmpty ? "none yet" : frameworks)."
                        + (options.starterControls ? "\nStarter control library: \(StarterLibrary.controls.count) controls, status planned." : ""),
                    trailers: [("Frameworks", options.frameworks.map(\.id).joined(separator: ", ")),
                               ("Catalogs", CatalogSet.builtIn.catalogs.map { "\($0.id)@\($0.version)" }.joined(separator: ", "))],
                    writes: [FileWrite(path: Layout.configPath, data: Data(CanonicalYAML.emit(config.recordValue).utf8))]
                        + (try CatalogStore.files(for: .builtIn))
                        + (options.starterControls ? StarterControls.records(owner: author.email).map {
                            FileWrite(path: $0.path, data: Data(CanonicalYAML.emit($0.recordValue).utf8))
                        } : [])
                )
            }
        } catch {
            if created { try? FileManager.default.removeItem(atPath: repository.gitDirectory) }
            throw error
        }
        let hooks = try HookInstaller.install(into: repository)
        return Result(root: root, commit: commit.commitID, config: config, createdRepository: created, hooks: hooks, notices: writer.notices,
                      controls: options.starterControls ? StarterLibrary.controls.count : 0)
    }
}
