import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Assessment snapshots: annotated tags assessment/NAME carrying readiness and the artifact hash list.",
        subcommands: [SnapshotCreateCommand.self, SnapshotListCommand.self, SnapshotShowCommand.self, SnapshotVerifyCommand.self]
    )
}
