import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export what an assessor receives.",
        subcommands: [ExportHashesCommand.self, ExportEvidenceCommand.self, ExportSSPCommand.self, ExportPoamCommand.self, ExportSPRSCommand.self,
                      ExportOSCALCommand.self, ExportBundleCommand.self, ExportWorkpapersCommand.self]
    )
}
