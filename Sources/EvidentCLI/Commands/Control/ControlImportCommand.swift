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
        ControlOutput.imported(o, file: file, format: format)
    }
}
