import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct EvidenceAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Commit artifact files as one piece of evidence for one or more controls.",
        discussion: """
        The files are copied to evidence/<YYYY>/<MM>/<ID>/ beside a record.yaml holding their
        SHA-256, size and media type, and committed as exactly one commit. Prints the new id.
        Read an artifact from standard input with '-' and --name NAME.

        With --no-occurrence and no FILE, records management's statement that no event of one
        on_event control happened during --covers FROM..TO (for SOC 2 Type 2, which would
        otherwise find no event record for the period). Such a record never counts as evidence
        that a control operates (CMMC, SOC 2 Type 1).

        Every artifact (and the title, description, source and message) is scanned for
        credentials first: private keys, AWS key pairs, GitHub, GitLab and Slack tokens, JWTs,
        passwords in URLs and assignments, random-looking values assigned to key or token names.
        A finding refuses the add (exit 65) naming file, line and rule. --allow-secret RULE keeps
        a file that must stay as it is; the record lists the rule (allowed_secrets) and the
        commit carries an Allowed-Secret trailer.
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
    @Flag(name: .customLong("no-occurrence"), help: "State that no event of an on_event control happened during --covers (no FILE).")
    var noOccurrence = false
    @Option(name: .customLong("allow-secret"), help: ArgumentHelp("Let this add keep findings of a secret-scan rule (repeatable): \(SecretRule.list).", valueName: "RULE"))
    var allowSecret: [String] = []
    @Option(help: "Output format: text (the id) or json (the record).") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let result = try EvidenceAddService(ledger: repo, environment: try ledger.environment()).run(.init(
            files: files, controls: controls, title: title, description: description,
            collected: try TypedInput.timestamp(collected, .collected), covers: try TypedInput.period(covers, .covers),
            validUntil: try TypedInput.day(validUntil, .validUntil), source: source,
            method: try TypedInput.choice(method, .method), classification: try TypedInput.choice(classification, .classification), message: message,
            recursive: recursive, name: name, allowEmpty: allowEmpty, noOccurrence: noOccurrence,
            allowedSecrets: try allowSecret.map { try TypedInput.choice($0, .allowSecret) as SecretRule }))
        result.notices.forEach(Output.notice)
        EvidenceOutput.secretsKept(result)
        EvidenceOutput.added(result, format: format)
    }
}
