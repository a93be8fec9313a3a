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
        """
    )
    @Argument(help: "A snapshot to check alone (needed with --hash-log).") var name: String?
    @Option(name: .customLong("hash-log"), help: ArgumentHelp("A CMMCAssessmentArtifacts.log the DoD hashing script wrote, to hold to snapshot NAME.", valueName: "FILE"))
    var hashLog: String?
    @Option(name: .customLong("hash-value"), help: ArgumentHelp("The log's SHA-256 as recorded in eMASS (Hash Value).", valueName: "HEX"))
    var hashValue: String?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func validate() throws {
        if hashLog != nil && name == nil {
            throw ValidationError("--hash-log holds a log to one snapshot: name it, as in 'evident verify NAME --hash-log FILE'")
        }
        if hashValue != nil && hashLog == nil {
            throw ValidationError("--hash-value is the Hash Value of the log given with --hash-log: add --hash-log FILE")
        }
    }

    func run() throws {
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
