import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct HooksPrePushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pre-push",
        abstract: "What the pre-push hook runs: refuse to push evidence above the remote's clearance.",
        discussion: """
        Reads git's pre-push lines ('<local ref> <local sha> <remote ref> <remote sha>') on standard \
        input and exits 65, naming each record, when the commits to push carry evidence classified \
        above what REMOTE (at URL) is cleared for (remotes in .evident/ledger.yaml).
        """
    )

    @Argument(help: "The remote's name, as git passes it.") var remote: String
    @Argument(help: "The remote's URL, as git passes it.") var url: String
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let input = FileHandle.standardInput.readDataToEndOfFile()
        var refs = [SyncService.PushedRef]()
        for line in String(decoding: input, as: UTF8.self).split(whereSeparator: \.isNewline) where !line.isEmpty {
            guard let r = SyncService.PushedRef(line: String(line)) else {
                throw LedgerError.usage("pre-push: '\(line)' is not '<local ref> <local sha> <remote ref> <remote sha>', which git gives the hook")
            }
            refs.append(r)
        }
        try SyncService(ledger: try ledger.openLedger(), environment: try ledger.environment()).checkPush(remote: remote, url: url, refs: refs)
    }
}
