import ArgumentParser
import Foundation
import GitStore
import Ledger
import LedgerCore

struct ControlCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "control",
        abstract: "Keep the control library: one control per file, mapped to the requirements of every framework.",
        discussion: """
        Requirements may be written in any form: 3.5.3, IA.L2-3.5.3, CC6.1, soc2:CC6.1,
        nist-800-171r2:3.5.3. They are stored under their catalog with their canonical id.
        Every write is one commit; nothing invalid is written.
        """,
        subcommands: [
            ControlAddCommand.self, ControlSetCommand.self, ControlMapCommand.self, ControlUnmapCommand.self,
            ControlImportCommand.self, ControlListCommand.self, ControlShowCommand.self,
        ]
    )
}

struct ControlAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a control to the library (one commit).",
        discussion: """
        Statuses: \(ControlRecord.statuses.joined(separator: ", ")) (not_applicable needs --justification).
        Frequencies: \(ControlRecord.frequencies.joined(separator: ", ")).
        Attributes: mfa_scope=all|remote_and_privileged|none (needs 3.5.3 mapped),
        encryption=fips_validated|not_fips_validated|none (needs 3.13.11 mapped).
        """
    )

    @Argument(help: "The control id (upper-case words joined by hyphens, like IAM-MFA).") var id: String
    @Option(help: "What the control does, in a line.") var title: String
    @Option(help: ArgumentHelp("Who is accountable for it.", valueName: "EMAIL")) var owner: String
    @Option(help: ArgumentHelp("How often it operates and is evidenced.", valueName: "F")) var frequency: String
    @Option(help: ArgumentHelp("Implementation status.", valueName: "S")) var status: String = "planned"
    @Option(help: "Why the control does not apply (required with --status not_applicable).") var justification: String?
    @Option(help: ArgumentHelp("A requirement it serves, in any form (repeatable).", valueName: "REQ")) var maps: [String] = []
    @Option(name: .customLong("attribute"), help: ArgumentHelp("A scoring attribute (repeatable).", valueName: "KEY=VALUE"))
    var attributes: [String] = []
    @Option(help: "More words about the control.") var description: String?
    @Option(name: .customLong("evidence-valid-for"), help: ArgumentHelp("How long its evidence stays valid (P1Y, P3M, P30D).", valueName: "DURATION"))
    var evidenceValidFor: String?
    @Option(help: "Output format: text or json (the record).") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let result = try ControlService(ledger: repo, environment: try ledger.environment()).add(.init(
            id: id, title: title, owner: owner, frequency: frequency, status: status, justification: justification, maps: maps,
            attributes: attributes, description: description, evidenceValidFor: evidenceValidFor))
        ControlOutput.written(result, format: format, text: "Added control \(result.record.id): \(result.record.title)")
    }
}

struct ControlSetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change fields of a control (one commit).",
        discussion: """
        Keys: title, description, owner, status, justification, frequency, evidence_valid_for,
        mfa_scope (or attributes.mfa_scope), encryption (or attributes.encryption).
        An empty value removes an optional field: evident control set IAM-MFA description=
        """
    )

    @Argument(help: "The control id.") var id: String
    @Argument(help: ArgumentHelp("Fields to change.", valueName: "KEY=VALUE")) var assignments: [String] = []
    @Option(help: "Output format: text or json (the record).") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let result = try ControlService(ledger: repo, environment: try ledger.environment()).set(id: id, assignments: assignments)
        ControlOutput.written(result, format: format, text: result.commit == nil
            ? "Control \(id) already has these values: nothing written"
            : "Updated control \(id): \(result.changes.joined(separator: ", "))")
    }
}

struct ControlMapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "map", abstract: "Map a control to more requirements (one commit).")

    @Argument(help: "The control id.") var id: String
    @Argument(help: ArgumentHelp("Requirements in any form (3.5.3, IA.L2-3.5.3, CC6.1, soc2:CC6.1).", valueName: "REQ")) var requirements: [String] = []
    @Option(help: "Output format: text or json (the record).") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let result = try ControlService(ledger: repo, environment: try ledger.environment()).map(id: id, requirements: requirements)
        ControlOutput.written(result, format: format, text: result.commit == nil
            ? "Control \(id) already maps these requirements: nothing written"
            : "Mapped control \(id) to \(result.changes.joined(separator: ", "))")
    }
}

struct ControlUnmapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unmap", abstract: "Remove requirements from a control (one commit).")

    @Argument(help: "The control id.") var id: String
    @Argument(help: ArgumentHelp("Requirements in any form.", valueName: "REQ")) var requirements: [String] = []
    @Option(help: "Output format: text or json (the record).") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let result = try ControlService(ledger: repo, environment: try ledger.environment()).unmap(id: id, requirements: requirements)
        ControlOutput.written(result, format: format, text: "Unmapped control \(id) from \(result.changes.joined(separator: ", "))")
    }
}

struct ControlImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add or update many controls from a CSV or YAML file, all or nothing, in one commit.",
        discussion: """
        CSV: a header row naming the fields, at least id,title,owner,frequency,maps; optional columns
        status, justification, description, evidence_valid_for, attributes. Several requirements in one
        cell are separated by ';', attributes written as mfa_scope=all;encryption=none.
        YAML: a list of controls with the record's field names; maps may list requirements in any form.
        Controls already in the ledger are updated, new ones added. If any row is bad, every bad row is
        reported and nothing is written.
        """
    )

    @Argument(help: "The file to import (.csv, .yaml or .yml).") var file: String
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let path = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
        let o = try ControlImportService(ledger: repo, environment: try ledger.environment()).run(file: path)
        o.notices.forEach(Output.notice)
        switch format {
        case .json:
            Output.json(.map([
                ("commit", .optional(o.commit?.hex)),
                ("added", .strings(o.added.map(\.id))),
                ("changed", .list(o.changed.map { .map([("id", .string($0.record.id)), ("fields", .strings($0.fields))]) })),
                ("unchanged", .strings(o.unchanged.map(\.id))),
            ]))
        case .text:
            var lines = [String]()
            lines += o.added.map { "added      \($0.id)  \($0.title)" }
            lines += o.changed.map { "changed    \($0.record.id)  (\($0.fields.joined(separator: ", ")))" }
            lines += o.unchanged.map { "unchanged  \($0.id)" }
            let tally = "\(o.added.count) added, \(o.changed.count) changed, \(o.unchanged.count) unchanged"
            lines.append(o.commit.map { "Imported \(file): \(tally) in commit \($0.short)" } ?? "Nothing to import from \(file): \(tally); no commit")
            Output.print(lines.joined(separator: "\n"))
        }
    }
}

struct ControlListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the controls at HEAD.")

    @Option(help: ArgumentHelp("Only controls serving this framework (cmmc-l1, cmmc-l2, cmmc-l3, soc2 or a catalog id).", valueName: "F"))
    var framework: String?
    @Option(help: ArgumentHelp("Only controls with this status.", valueName: "S")) var status: String?
    @Flag(help: "Only controls that map nothing (with --framework: nothing in that framework).") var unmapped = false
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let l = try ControlService(ledger: repo, environment: try ledger.environment()).list(framework: framework, status: status, unmapped: unmapped)
        l.issues.forEach { Output.notice("warning: \($0)") }
        switch format {
        case .json:
            Output.json(.map([
                ("revision", .string(l.revision.commit.hex)),
                ("controls", .list(l.records.map { ControlOutput.value($0) })),
            ]))
        case .text:
            if l.records.isEmpty {
                Output.print("No controls match at HEAD (\(l.revision.commit.short)).")
                return
            }
            let resolver = l.catalogs.resolver
            let rows = l.records.map { r -> [String] in
                let reqs = l.catalog.map { c in r.maps.first { $0.catalog == c }?.requirements ?? [] }
                    ?? r.maps.flatMap { m in m.requirements.map { ControlOutput.short(m.catalog, $0, resolver) } }
                return [r.id, r.status, r.frequency, r.owner, reqs.isEmpty ? "-" : reqs.joined(separator: ", "), r.title]
            }
            Output.print(Output.table(["ID", "STATUS", "FREQUENCY", "OWNER", l.catalog.map { "MAPS (\($0))" } ?? "MAPS", "TITLE"], rows))
            Output.print("\(l.records.count) control\(l.records.count == 1 ? "" : "s") at HEAD (\(l.revision.commit.short))")
        }
    }
}

struct ControlShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a control, the requirements it serves and its evidence at HEAD.")

    @Argument(help: "The control id.") var id: String
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let d = try ControlService(ledger: repo, environment: try ledger.environment()).show(id: id)
        let r = d.record
        switch format {
        case .json:
            guard case .map(var pairs) = ControlOutput.value(r) else { return }
            pairs.append(("requirements", .list(d.requirements.map { q in
                var p: [(String, RecordValue)] = [("catalog", .string(q.catalog)), ("id", .string(q.id)), ("qualified_id", .string(q.qualifiedID))]
                if let c = q.cmmcID { p.append(("cmmc_id", .string(c))) }
                p.append(("title", .string(q.title)))
                p.append(("catalog_title", .optional(d.catalogs.catalog(q.catalog)?.title)))
                return .map(p)
            })))
            pairs.append(("evidence", .list(d.evidence.map { e in
                .map([
                    ("id", .string(e.id)), ("title", .string(e.title)), ("collected_at", .string(e.collectedAt.description)),
                    ("valid_until", .optional(e.validUntil?.description)), ("path", .string(e.recordPath)),
                ])
            })))
            pairs.append(("revision", .string(d.revision.commit.hex)))
            Output.json(.map(pairs))
        case .text:
            var lines = [
                "\(r.id)  \(r.title)",
                "  owner:              \(r.owner)",
                "  status:             \(r.status)",
            ]
            if let j = r.justification { lines.append("  justification:      \(j)") }
            lines.append("  frequency:          \(r.frequency)")
            if let v = r.evidenceValidFor { lines.append("  evidence valid for: \(v)") }
            if !r.attributes.isEmpty { lines.append("  attributes:         " + r.attributes.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")) }
            if let desc = r.description, !desc.isEmpty { lines.append("  description:        \(desc)") }
            lines.append("  file:               \(r.path)")
            if r.maps.isEmpty {
                lines.append("  requirements:       none (map some with 'evident control map \(r.id) REQ...')")
            } else {
                lines.append("  requirements:")
                for m in r.maps {
                    let catalog = d.catalogs.catalog(m.catalog)
                    lines.append("    \(m.catalog)\(catalog.map { " (\($0.title))" } ?? "")")
                    for id in m.requirements {
                        let q = catalog?.requirement(id)
                        let label = q?.cmmcID.flatMap { $0 == id ? nil : $0 }.map { "\(id) (\($0))" } ?? id
                        lines.append("      \(label)  \(q?.title ?? "(not in the pinned catalog)")")
                    }
                }
            }
            if d.evidence.isEmpty {
                lines.append("  evidence:           none at HEAD")
            } else {
                lines.append("  evidence (\(d.evidence.count)):")
                for e in d.evidence {
                    lines.append("    \(e.id)  \(e.collectedAt.day)  \(e.validUntil.map { "valid until \($0)" } ?? "-")  \(e.title)")
                }
            }
            Output.print(lines.joined(separator: "\n"))
        }
    }
}

enum ControlOutput {
    /// The record's own fields (same names as the YAML), plus where it lives.
    static func value(_ r: ControlRecord, commit: ObjectID? = nil) -> RecordValue {
        guard case .map(var pairs) = r.recordValue else { return r.recordValue }
        pairs.removeAll { $0.0 == "schema" }
        pairs.append(("path", .string(r.path)))
        if let commit { pairs.append(("commit", .string(commit.hex))) }
        return .map(pairs)
    }

    /// A requirement as users read it: the bare id when it is unambiguous, else catalog:id.
    static func short(_ catalog: String, _ id: String, _ resolver: RequirementResolver) -> String {
        if case .success(let r) = resolver.resolve(id), r.catalog == catalog { return id }
        return "\(catalog):\(id)"
    }

    static func written(_ result: ControlService.Result, format: OutputFormat, text: String) {
        result.notices.forEach(Output.notice)
        switch format {
        case .json: Output.json(value(result.record, commit: result.commit))
        case .text: Output.print(result.commit.map { "\(text) (commit \($0.short))" } ?? text)
        }
    }
}
