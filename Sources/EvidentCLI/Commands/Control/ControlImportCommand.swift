import ArgumentParser
import Foundation
import Ledger
import LedgerCore

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
