import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Commits that changed the ledger, newest first, with author, date, action and ids."
    )

    @Option(help: ArgumentHelp("Only commits that touched this evidence.", valueName: "ID")) var evidence: String?
    @Option(help: ArgumentHelp("Only commits about this control.", valueName: "ID")) var control: String?
    @Option(help: ArgumentHelp("Only commits after this revision, or on or after this date.", valueName: "REV|DATE")) var since: String?
    @Option(help: ArgumentHelp("Only commits up to this revision, or on or before this date.", valueName: "REV|DATE")) var until: String?
    @Option(help: ArgumentHelp("Only commits that changed this requirement or criterion: its controls (mapped at that commit), their evidence, its POA&M items.", valueName: "REQ"))
    var requirement: String?
    @Option(help: ArgumentHelp("Only commits whose author name or email contains this (case-insensitive).", valueName: "TEXT")) var author: String?
    @Option(name: .customShort("n"), help: "At most this many commits.") var limit: Int?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let entries = try LogService(ledger: repo).run(.init(evidence: evidence, control: control, since: since, limit: limit,
                                                                   requirement: requirement, author: author, until: until))
        switch format {
        case .json:
            Output.json(.list(entries.map { e in
                .map([
                    ("commit", .string(e.commit.hex)),
                    ("date", .string(e.date.description)),
                    ("author", .map([("name", .string(e.author.name)), ("email", .string(e.author.email))])),
                    ("action", .optional(e.action)),
                    ("summary", .string(e.summary)),
                    ("evidence", .strings(e.evidenceIDs)),
                    ("controls", .strings(e.controlIDs)),
                    ("trailers", .map(e.trailers.map { ($0.0, RecordValue.string($0.1)) })),
                ])
            }))
        case .text:
            if entries.isEmpty {
                Output.print("No commits match.")
                return
            }
            for e in entries {
                var line = "\(e.commit.short)  \(e.date)  \(e.author.name) <\(e.author.email)>"
                if let a = e.action { line += "  [\(a)]" }
                Output.print(line + "\n    " + e.summary)
            }
        }
    }
}

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check ledger records: exit 2 with one line per finding (file: field: problem).",
        discussion: """
        Without PATH, checks every record in the work tree. --staged checks what a plain 'git commit' would record (the index GIT_INDEX_FILE names, when git sets it).
        --at REV checks the records of a commit's tree (read from git objects; works in a bare repository, for the pre-receive hook).
        """
    )

    @Flag(help: "Check the records staged in the index that differ from HEAD (for the pre-commit hook).") var staged = false
    @Option(help: ArgumentHelp("Check the records of this commit's tree instead of the work tree (also in a bare repository).", valueName: "REV"))
    var at: String?
    @Argument(help: "Files or folders to check (default: the whole ledger).") var paths: [String] = []
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func validate() throws {
        if at != nil, staged { throw ValidationError("--at and --staged cannot be combined") }
        if at != nil, !paths.isEmpty { throw ValidationError("--at checks a whole commit; it takes no PATH") }
    }

    func run() throws {
        let service = ValidateService()
        var result: (checked: Int, issues: [ValidationIssue])
        if let at {
            let repo = try LedgerRepository(path: ledger.directory ?? FileManager.default.currentDirectoryPath, allowBare: true)
            let revision = try repo.resolve(at)
            result = try service.validate(TreeSource(revision: revision))
            if try revision.file(Layout.configPath) == nil {
                result.issues.insert(ValidationIssue(file: Layout.configPath, field: "", problem: "is missing at \(at): every commit of a ledger holds it"), at: 0)
            }
            return try report(result)
        }
        let repo = try ledger.openLedger()
        if staged {
            let source = try IndexSource(repository: repo.repository, indexFile: ProcessInfo.processInfo.environment["GIT_INDEX_FILE"])
            let changed = try source.stagedChanges().filter(Layout.isLedgerPath)
            result = changed.isEmpty ? (0, []) : try service.validate(source, only: changed)
        } else {
            let cwd = FileManager.default.currentDirectoryPath
            let relative = try paths.map { p -> String in
                let full = ((p.hasPrefix("/") ? p : cwd + "/" + p) as NSString).standardizingPath
                guard full == repo.root || full.hasPrefix(repo.root + "/") else {
                    throw LedgerError.invalid("\(p) is outside the ledger \(repo.root)")
                }
                return full == repo.root ? "" : String(full.dropFirst(repo.root.count + 1))
            }
            let only = relative.contains("") || relative.isEmpty ? nil : relative
            result = try service.validate(WorkTreeSource(root: repo.root), only: only)
        }
        try report(result)
    }

    private func report(_ result: (checked: Int, issues: [ValidationIssue])) throws {
        switch format {
        case .json:
            Output.json(.map([
                ("checked", .int(result.checked)),
                ("ok", .bool(result.issues.isEmpty)),
                ("issues", .list(result.issues.map { .map([("file", .string($0.file)), ("field", .string($0.field)), ("problem", .string($0.problem))]) })),
            ]))
        case .text:
            result.issues.forEach { Output.print($0.description) }
            if result.issues.isEmpty {
                Output.print("ok: \(result.checked) record\(result.checked == 1 ? "" : "s") checked, no findings")
            } else {
                Output.notice("\(result.issues.count) finding\(result.issues.count == 1 ? "" : "s") in \(result.checked) record\(result.checked == 1 ? "" : "s")")
            }
        }
        if !result.issues.isEmpty { throw ExitCode(ExitStatus.gate) }
    }
}

struct HooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hooks",
        abstract: "Install the ledger's git hooks (pre-commit validation) in a clone.",
        subcommands: [HooksInstallCommand.self]
    )
}

struct HooksInstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "install", abstract: "Install the pre-commit hook into .git/hooks.")
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        try HookInstaller.install(into: repo.repository).forEach { Output.print($0) }
    }
}
