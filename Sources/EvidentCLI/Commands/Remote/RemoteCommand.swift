import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct RemoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remote",
        abstract: "Which git remotes may hold which classification (CUI never leaves for a remote nobody cleared).",
        discussion: """
        remotes in .evident/ledger.yaml lists URL patterns with the highest classification each may \
        hold (public, internal, fci, cui). A remote no entry matches is cleared for internal. \
        'evident sync' and the pre-push hook refuse to push evidence above a remote's clearance.
        """,
        subcommands: [RemoteListCommand.self, RemoteClearCommand.self]
    )
}

struct RemoteClearCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clear",
        abstract: "Record that remotes matching URL may hold evidence up to a classification (one commit).",
        discussion: """
        URL is a remote's URL as 'git remote -v' shows it, a pattern in which * stands for any run \
        of characters (git@git.example.mil:cui/*), or the name of one of this clone's remotes. \
        The decision is a commit of .evident/ledger.yaml, so the history shows who cleared what, when.
        Example: evident remote clear git@git.example.mil:northwind/ledger.git --for cui
        """
    )

    @Argument(help: ArgumentHelp("The remote's URL, a pattern, or a remote's name.", valueName: "URL")) var url: String
    @Option(name: .customLong("for"), help: ArgumentHelp("public, internal, fci or cui.", valueName: "CLASSIFICATION")) var classification: String
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        guard let c = Classification(rawValue: classification) else {
            throw LedgerError.invalid("--for '\(classification)' is not a classification: use one of \(Classification.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let result = try RemoteService(ledger: try ledger.openLedger(), environment: try ledger.environment()).clear(url, for: c)
        SyncOutput.cleared(result, format: format)
    }
}

struct RemoteListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The clearances in ledger.yaml and what each of this clone's remotes may hold.")

    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        SyncOutput.list(try RemoteService(ledger: try ledger.openLedger(), environment: try ledger.environment()).list(), format: format)
    }
}
