import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct ExportOSCALCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oscal",
        abstract: "The catalog, profile, SSP, assessment results and POA&M as NIST OSCAL 1.2.3 JSON.",
        discussion: """
        With -o DIR, writes catalog.json (the pinned catalogs), profile.json (the requirements in scope), ssp.json \
        (the system security plan: the system section of ledger.yaml, the controls as components), \
        assessment-results.json (one result per snapshot up to the revision) and poam.json (the POA&M items) into DIR; \
        the documents refer to each other by relative href. With --model, prints that one document (or writes it to \
        -o FILE). Everything is read from git objects at --at (default HEAD): the same revision gives the same bytes, \
        and UUIDs are derived from the ledger and the object, so a re-export changes only what changed. Existing \
        files are refused without --force.
        """
    )
    @Option(help: ArgumentHelp("A snapshot, tag, commit, branch or date (the last commit on or before it).", valueName: "REV")) var at: String = "HEAD"
    @Option(help: ArgumentHelp("Print one document: \(OSCALModel.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "MODEL"))
    var model: String?
    @OptionGroup var export: ExportOptions
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let model: OSCALModel? = try TypedInput.choice(model, .model)
        let service = OSCALExportService(ledger: try ledger.openLedger(), environment: try ledger.environment())
        if let model {
            let (document, notices) = try service.document(model, at: at)
            notices.forEach(Output.notice)
            try export.write(ExportOutput.oscalJSON(document), ledger: ledger)
            return
        }
        guard export.output != nil else {
            throw LedgerError.usage("the OSCAL export is \(OSCALModel.allCases.count) files: pass -o DIR to name the folder to write them to, or --model MODEL to print one")
        }
        let result = try service.export(at: at)
        let dir = try export.directory(ledger: ledger, what: "the OSCAL documents")
        try export.write(files: result.documents.map { ($0.model.fileName, ExportOutput.oscalJSON($0.document)) }, into: dir)
        result.notices.forEach(Output.notice)
        let stale = Set(result.skipped.map(\.model.fileName).filter { FileManager.default.fileExists(atPath: dir + "/" + $0) })
        ExportOutput.oscal(result, folder: export.output ?? dir, stale: stale)
    }
}
