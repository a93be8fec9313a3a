import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Fetch, integrate and push: share the ledger through any git server.",
        discussion: """
        Under the ledger's write lock: fetches the branch and the assessment/* snapshot tags from \
        REMOTE (a remote's name, or a URL or path; default: the branch's upstream, else origin), \
        integrates the remote's commits (a fast-forward, or a merge commit when both sides have \
        commits: nothing is ever rebased, so no snapshot's commit is rewritten), pushes the branch \
        and the snapshots the remote lacks (never forced), and starts again when another writer \
        pushed first (at most --retries times, then exit 75).

        A control, POA&M item, exception or ledger.yaml changed on both sides is merged field by \
        field; the same field changed differently is refused (exit 65) naming the file and both \
        values, and nothing is changed. A snapshot that differs between the two sides is refused. \
        Evidence classified above what the remote is cleared for (remotes in .evident/ledger.yaml; \
        'evident remote clear URL --for cui') is refused before anything is pushed.

        Transports: local paths, file://, git://, ssh:// and user@host:path (keys from --ssh-key, \
        ssh-agent or ~/.ssh/id_*; host keys checked against ~/.ssh/known_hosts), https:// (git's \
        credential helpers).
        """
    )

    @Argument(help: ArgumentHelp("A remote's name, or a URL or path.", valueName: "REMOTE")) var remote: String?
    @Option(help: "The branch to sync (default: the checked-out one).") var branch: String?
    @Option(name: .customLong("ssh-key"), help: ArgumentHelp("The SSH private key to offer.", valueName: "PATH")) var sshKey: String?
    @Option(help: "How many times to start again when another writer pushed first.") var retries: Int = 5
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        guard (0...100).contains(retries) else { throw LedgerError.usage("--retries \(retries): give 0 to 100") }
        let key = sshKey.map { ($0 as NSString).expandingTildeInPath }.map { $0.hasPrefix("/") ? $0 : FileManager.default.currentDirectoryPath + "/" + $0 }
        if let key, !FileManager.default.fileExists(atPath: key) {
            throw LedgerError.notFound("--ssh-key \(sshKey ?? key): no such file; give the private key's path (its .pub beside it is used when present)")
        }
        let result = try SyncService(ledger: try ledger.openLedger(), environment: try ledger.environment())
            .sync(.init(remote: remote, branch: branch, sshKey: key, retries: retries))
        SyncOutput.render(result, format: format)
    }
}
