import ArgumentParser
import Foundation
import GitStore
import Ledger
import LedgerCore

struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Add evidence and read it back at any revision.",
        subcommands: [EvidenceAddCommand.self, EvidenceListCommand.self, EvidenceShowCommand.self]
    )
}

struct EvidenceAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Commit artifact files as one piece of evidence for one or more controls.",
        discussion: """
        The files are copied to evidence/<YYYY>/<MM>/<ID>/ beside a record.yaml holding their
        SHA-256, size and media type, and committed as exactly one commit. Prints the new id.
        Read an artifact from standard input with '-' and --name NAME.
        """
    )

    @Argument(help: ArgumentHelp("Artifact files (a directory with --recursive; - for standard input).", valueName: "FILE"))
    var files: [String] = []
    @Option(name: .customLong("control"), help: ArgumentHelp("A control this evidence serves (repeatable).", valueName: "ID"))
    var controls: [String] = []
    @Option(help: "What this evidence is, in a line.") var title: String
    @Option(help: "More words about the evidence, kept in the record.") var description: String?
    @Option(help: ArgumentHelp("When it was collected (YYYY-MM-DD or a timestamp; default now).", valueName: "DATE")) var collected: String?
    @Option(help: ArgumentHelp("The period the evidence speaks for.", valueName: "FROM..TO")) var covers: String?
    @Option(name: .customLong("valid-until"), help: ArgumentHelp("Last day the evidence counts.", valueName: "DATE")) var validUntil: String?
    @Option(help: ArgumentHelp("The system it came from (okta, github, aws ...).", valueName: "NAME")) var source: String?
    @Option(help: "automated, manual, screenshot, interview or document.") var method: String = "manual"
    @Option(help: "public, internal, fci or cui.") var classification: String = "internal"
    @Option(name: .customShort("m"), help: ArgumentHelp("Commit message body.", valueName: "MESSAGE")) var message: String?
    @Flag(help: "Add the files of directories, keeping their relative paths.") var recursive = false
    @Option(help: ArgumentHelp("Artifact name (required with - for standard input).", valueName: "NAME")) var name: String?
    @Flag(name: .customLong("allow-empty"), help: "Accept empty artifact files.") var allowEmpty = false
    @Option(help: "Output format: text (the id) or json (the record).") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let result = try EvidenceAddService(ledger: repo, environment: try ledger.environment()).run(.init(
            files: files, controls: controls, title: title, description: description, collected: collected, covers: covers,
            validUntil: validUntil, source: source, method: method, classification: classification, message: message,
            recursive: recursive, name: name, allowEmpty: allowEmpty))
        result.notices.forEach(Output.notice)
        switch format {
        case .text: Output.print(result.record.id)
        case .json: Output.json(EvidenceJSON.value(result.record, commit: result.commit))
        }
    }
}

struct EvidenceListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List evidence at a revision (default HEAD).")

    @Option(name: .customLong("control"), help: ArgumentHelp("Only evidence for this control.", valueName: "ID")) var control: String?
    @Option(help: ArgumentHelp("A snapshot, tag, branch, commit or date.", valueName: "REV")) var at: String = "HEAD"
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let revision = try repo.resolve(at)
        var (records, issues) = try revision.evidence()
        issues.forEach { Output.notice("warning: \($0)") }
        if let control { records = records.filter { $0.controls.contains(control) } }
        records.sort { ($0.collectedAt, $0.id) > ($1.collectedAt, $1.id) }
        let today = try ledger.environment().today
        switch format {
        case .json:
            Output.json(.map([
                ("revision", .string(revision.commit.hex)),
                ("evidence", .list(records.map { EvidenceJSON.value($0, commit: nil) })),
            ]))
        case .text:
            if records.isEmpty {
                Output.print(control.map { "No evidence for \($0) at \(at)." } ?? "No evidence at \(at).")
                return
            }
            let rows = records.map { r -> [String] in
                [r.id, r.collectedAt.day.description, r.validUntil.map { $0 < today ? "\($0) (expired)" : $0.description } ?? "-",
                 r.controls.joined(separator: ","), r.title]
            }
            Output.print(Output.table(["ID", "COLLECTED", "VALID UNTIL", "CONTROLS", "TITLE"], rows))
            Output.print("\(records.count) evidence record\(records.count == 1 ? "" : "s") at \(at) (\(revision.commit.short))")
        }
    }
}

struct EvidenceShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one evidence record at a revision (default HEAD).")

    @Argument(help: "The evidence id (EV-YYYYMMDD-XXXXXX).") var id: String
    @Option(help: ArgumentHelp("A snapshot, tag, branch, commit or date.", valueName: "REV")) var at: String = "HEAD"
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        guard EvidenceIDFormat.isValid(id) else {
            throw LedgerError.invalid("'\(id)' is not an evidence id (EV-YYYYMMDD-XXXXXX); 'evident evidence list' shows them")
        }
        let repo = try ledger.openLedger()
        let revision = try repo.resolve(at)
        guard let r = try revision.evidence(id: id) else {
            throw LedgerError.notFound("no evidence \(id) at \(at) (\(revision.commit.short)); 'evident evidence list --at \(at)' shows what is there")
        }
        switch format {
        case .json:
            Output.json(EvidenceJSON.value(r, commit: nil))
        case .text:
            var lines = [
                "\(r.id)  \(r.title)",
                "  controls:       \(r.controls.joined(separator: ", "))",
                "  collected:      \(r.collectedAt) by \(r.collectedBy)",
                "  method:         \(r.method)\(r.source.map { " from \($0)" } ?? "")",
                "  classification: \(r.classification)",
            ]
            if let c = r.covers { lines.append("  covers:         \(c.from) to \(c.to)") }
            if let v = r.validUntil { lines.append("  valid until:    \(v)") }
            if let d = r.description { lines.append("  description:    \(d)") }
            lines.append("  folder:         \(r.folder)/")
            lines.append("  artifacts:")
            for a in r.artifacts {
                lines.append("    \(a.path)  \(a.bytes) bytes  \(a.mediaType)  sha256:\(a.sha256)")
            }
            Output.print(lines.joined(separator: "\n"))
        }
    }
}

enum EvidenceJSON {
    /// The record's own fields (same names as record.yaml), plus where it lives.
    static func value(_ r: EvidenceRecord, commit: ObjectID?) -> RecordValue {
        guard case .map(var pairs) = r.recordValue else { return r.recordValue }
        pairs.removeAll { $0.0 == "schema" }
        pairs.append(("path", .string(r.recordPath)))
        if let commit { pairs.append(("commit", .string(commit.hex))) }
        return .map(pairs)
    }
}
