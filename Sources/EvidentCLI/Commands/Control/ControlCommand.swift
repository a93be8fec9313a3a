import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct ControlCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "control",
        abstract: "Keep the control library: one control per file, mapped to the requirements of every framework.",
        discussion: """
        Requirements may be written in any form: 3.5.3, IA.L2-3.5.3, CC6.1, soc2:CC6.1,
        nist-800-171r2:3.5.3. They are stored under their catalog with their canonical id.
        Every write is one commit; nothing invalid is written.
        """,
        subcommands: [
            ControlAddCommand.self, ControlSetCommand.self, ControlMapCommand.self, ControlUnmapCommand.self,
            ControlImportCommand.self, ControlListCommand.self, ControlShowCommand.self,
        ]
    )
}
