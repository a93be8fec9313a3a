import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct ExportBundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "One ZIP of everything an assessor receives of a snapshot, that checks itself offline.",
        discussion: """
        The ZIP holds the snapshot's artifacts and evidence records at their ledger paths (read from the snapshot's \
        commit, never the work tree), its manifest as the tag records it (manifest.json, with its hash in \
        manifest.json.sha256), both DoD logs (CMMCAssessmentArtifacts.log and CMMCAssessmentLogHash.log, as 'export \
        hashes NAME --format dod' writes them), the SSP (documents/ssp.md, ssp.html), the POA&M (poam.csv, poam.json), \
        the SPRS entry (sprs.txt, sprs.json) and the OSCAL documents (oscal/*.json) computed at the snapshot, \
        SHA256SUMS over every file ('sha256sum -c SHA256SUMS' checks an extracted bundle), and a README.txt saying what \
        each file is and how to check it. When ledger.yaml lacks what SPRS or the OSCAL SSP needs, those files are left \
        out, and README.txt and a notice say why.

        --for soc2 makes the bundle for a SOC 2 CPA firm, which is not the assessor of CUI: every artifact classified \
        cui is left out with its record and listed in withheld-cui.csv (evidence id, path, SHA-256, bytes), and so are \
        the CMMC documents (SSP, POA&M, SPRS, OSCAL), which describe the CUI environment and are no part of a SOC 2 \
        examination. The manifest and DoD logs stay as recorded: they name paths and hashes only. --for cmmc (the \
        default) holds everything.

        Deterministic: entries sorted by path, each dated the snapshot's as-of day at 00:00, mode 0644, deflated, so the \
        same snapshot gives the same bytes. 'evident verify --bundle FILE.zip' checks it without the ledger. Never \
        writes over a file without --force.
        """
    )

    @Argument(help: "Snapshot name.") var name: String
    @Option(name: .customLong("for"), help: ArgumentHelp("Who receives it: cmmc (an assessor: everything) or soc2 (a CPA firm: no CUI, no CMMC documents).", valueName: "AUDIENCE"))
    var audience: EvidenceBundle.Audience = .cmmc
    @OptionGroup var export: ExportOptions
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        guard let output = export.output, !output.isEmpty else {
            throw LedgerError.usage("the bundle is a ZIP file: pass -o FILE.zip to name it (-o - writes it to standard output)")
        }
        // Refused before anything is computed: a large snapshot takes a while to gather.
        try export.refuseExisting(ledger: ledger)
        let service = BundleService(ledger: try ledger.openLedger(), environment: try ledger.environment())
        var contents = try service.contents(name, for: audience)
        var files = try BundleOutput.files(contents)
        let count = files.count + contents.evidence.count + 1
        let absences = BundleOutput.absences(contents)
        // The documents are held once from here, by `files`, which `zip` takes over and lets go
        // as it writes them (the manifest text and the DoD logs are 36 MB on a 100k-record ledger).
        contents = contents.withoutDocuments()
        var bytes = 0
        try export.write(ledger: ledger) { sink in
            let documents = files
            files = []
            bytes = try service.zip(contents, documents: consume documents, to: sink)
        }
        contents.notices.forEach(Output.notice)
        absences.forEach(Output.notice)
        let summary = BundleOutput.written(contents, files: count, bytes: bytes, path: output)
        // With -o -, standard output is the ZIP itself.
        if export.path(in: ledger) == nil { Output.notice(summary) } else { Output.print(summary) }
    }
}
