import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct SnapshotCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Tag HEAD as an assessment snapshot (never moved, optionally SSH-signed as git signs tags).",
        discussion: "KIND: \(SnapshotManifest.kinds.joined(separator: ", ")). A snapshot records the state as it is: low readiness never blocks it."
    )
    @Argument(help: "Snapshot name (the tag is assessment/NAME).") var name: String
    @Option(help: "What kind of assessment this closes.") var kind: String
    @Option(name: .customLong("framework"), help: "Frameworks to record (default: those of the kind).") var frameworks: [String] = []
    @Option(help: ArgumentHelp("Observation period (SOC 2 Type 2).", valueName: "FROM..TO")) var period: String?
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Assessment day (default today; end of --period for Type 2).", valueName: "DATE")) var asOf: String?
    @Option(help: "Who assessed (C3PAO, CPA firm, internal team).") var assessor: String?
    @Flag(help: "Sign the tag with an SSH key, as git does with gpg.format=ssh.") var sign = false
    @Option(help: ArgumentHelp("SSH key to sign with (default: git config user.signingkey).", valueName: "PATH")) var key: String?
    @Option(name: .customShort("m"), help: ArgumentHelp("A note for the tag message.", valueName: "MESSAGE")) var message: String?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let s = try SnapshotService(ledger: repo, environment: try ledger.environment()).create(.init(
            name: name, kind: try TypedInput.choice(kind, .kind), frameworks: frameworks,
            period: try TypedInput.observationPeriod(period, .period), asOf: try TypedInput.day(asOf, .asOf),
            assessor: assessor, sign: sign, key: key, message: message))
        SnapshotOutput.created(s, format: format)
    }
}
