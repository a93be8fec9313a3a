import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct HooksInstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "install", abstract: "Install the pre-commit and pre-push hooks into .git/hooks.")
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        try HookInstaller.install(into: repo).forEach { Output.print($0) }
    }
}
