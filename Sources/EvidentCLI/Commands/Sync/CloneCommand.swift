import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct CloneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clone",
        abstract: "Clone a shared ledger, install its hooks and verify it.",
        discussion: """
        Clones URL (a path, file://, git://, ssh://, user@host:path or https://, with the \
        credentials and host-key checks of 'evident sync') into PATH (default: the URL's last part \
        without .git), installs the pre-commit and pre-push hooks, and runs 'evident verify' on \
        what arrived: exit 2 with the findings when a snapshot or record does not verify (the \
        clone is kept, to be looked at). A failed clone leaves nothing behind.
        """
    )

    @Argument(help: "The ledger's URL or path.") var url: String
    @Argument(help: "Where to clone it.") var path: String?
    @Option(help: "The branch to check out (default: the remote's HEAD).") var branch: String?
    @Option(name: .customLong("ssh-key"), help: ArgumentHelp("The SSH private key to offer.", valueName: "PATH")) var sshKey: String?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let base = ledger.path
        let target = path ?? CloneService.defaultPath(for: url)
        let full = target.hasPrefix("/") ? target : base + "/" + target
        var source = url
        // A relative local path is taken from where the command runs, as git takes it.
        if !url.contains("://"), !(url.contains(":") && !url.hasPrefix("/") && !url.hasPrefix(".")), !url.hasPrefix("/") { source = base + "/" + url }
        let key = sshKey.map { ($0 as NSString).expandingTildeInPath }.map { $0.hasPrefix("/") ? $0 : base + "/" + $0 }
        if let key, !FileManager.default.fileExists(atPath: key) {
            throw LedgerError.notFound("--ssh-key \(sshKey ?? key): no such file; give the private key's path")
        }
        let r = try CloneService(environment: try ledger.environment()).clone(url: source, into: full, shownAs: target, branch: branch, sshKey: key)
        SyncOutput.cloned(r, shown: target, format: format)
        if !r.findings.isEmpty { throw GateNotMet() }
    }
}
