import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the whole ledger: every snapshot, every record and artifact at HEAD. Exit 2 with one line per finding.",
        discussion: """
        With NAME, checks that one snapshot (as 'snapshot verify NAME' does). With --hash-log FILE, also holds the \
        CMMCAssessmentArtifacts.log that the DoD hashing script (ArtifactHash.ps1) wrote on the assessor's machine to \
        the snapshot: files the log lists that the snapshot does not hold, hashes that differ, and snapshot artifacts \
        the log does not list. The log may be ASCII, UTF-8 or UTF-16, with CRLF or LF, and hold Windows (C:\\..., \
        \\\\server\\share\\...) or POSIX paths under any folder: evident finds the folder its paths start with. With \
        --hash-value HEX (the Hash Value recorded in eMASS), also checks that the log itself hashes to it.

        With --bundle FILE.zip, checks an evidence bundle ('evident export bundle') offline, from the ZIP alone: no \
        ledger is needed or read. Every file against the manifest (a file withheld from a SOC 2 bundle must be absent \
        and listed in withheld-cui.csv with the manifest's hash), the manifest against manifest.json.sha256 and its \
        artifact list against its list_sha256, the DoD logs against the files and each other, SHA256SUMS against every \
        file, and nothing in the ZIP that no bundle holds. Entries named with '..' or an absolute path are findings \
        and are never extracted. A file that is not a ZIP, or holds no manifest.json, exits 65.
        """
    )
    @Argument(help: "A snapshot to check alone (needed with --hash-log).") var name: String?
    @Option(name: .customLong("hash-log"), help: ArgumentHelp("A CMMCAssessmentArtifacts.log the DoD hashing script wrote, to hold to snapshot NAME.", valueName: "FILE"))
    var hashLog: String?
    @Option(name: .customLong("hash-value"), help: ArgumentHelp("The log's SHA-256 as recorded in eMASS (Hash Value).", valueName: "HEX"))
    var hashValue: String?
    @Option(help: ArgumentHelp("An evidence bundle to check offline, without the ledger.", valueName: "FILE.zip")) var bundle: String?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func validate() throws {
        if bundle != nil && (name != nil || hashLog != nil) {
            throw ValidationError("--bundle checks a bundle on its own, without the ledger: leave out the snapshot name and --hash-log")
        }
        if hashLog != nil && name == nil {
            throw ValidationError("--hash-log holds a log to one snapshot: name it, as in 'evident verify NAME --hash-log FILE'")
        }
        if hashValue != nil && hashLog == nil {
            throw ValidationError("--hash-value is the Hash Value of the log given with --hash-log: add --hash-log FILE")
        }
    }

    func run() throws {
        if let bundle {
            guard !bundle.isEmpty else { throw LedgerError.usage("--bundle needs a path: name the .zip that 'evident export bundle' wrote") }
            // Relative to the directory the command runs in; no ledger is opened.
            let path = bundle.hasPrefix("/") ? bundle : ledger.path + "/" + bundle
            try BundleOutput.verified(try BundleService.verify(bundleAt: path, shownAs: bundle), file: bundle, format: format)
            return
        }
        let value = try TypedInput.sha256(hashValue, .hashValue)
        let service = SnapshotService(ledger: try ledger.openLedger(), environment: try ledger.environment())
        guard let name else {
            let (count, findings, notices) = try service.verifyAll()
            try VerifyOutput.report(findings, notices: notices, checked: "\(count) snapshot\(count == 1 ? "" : "s") and the records at HEAD", format: format)
            return
        }
        guard let hashLog else {
            let r = try service.verify(name)
            try VerifyOutput.report(r.findings, notices: r.notices, checked: "snapshot \(name)", format: format)
            return
        }
        let path = hashLog.hasPrefix("/") ? hashLog : ledger.path + "/" + hashLog
        // The log is read and parsed first: a log that is no log is refused (exit 65) before the snapshot is checked.
        let check = try service.checkHashLog(name, logPath: path, shownAs: hashLog, hashValue: value)
        let r = try service.verify(name)
        try VerifyOutput.report(r.findings + check.findings, notices: r.notices + check.notices,
                                checked: "snapshot \(name) and \(hashLog) (\(check.matched) of \(check.entries) hashes match)",
                                format: format, extra: [("hash_log", VerifyOutput.hashLogJSON(check, file: hashLog))])
    }
}
