import ArgumentParser
import Foundation
import Ledger
import LedgerCore

/// The root command: lists the subcommands. `evident -C PATH ...` works as in git.
public struct EvidentCommand: ParsableCommand {
    public static let version = EvidentVersion.current

    public static let configuration = CommandConfiguration(
        commandName: "evident",
        abstract: "A git-backed evidence ledger for CMMC (NIST SP 800-171) and SOC 2.",
        discussion: """
        Exit codes: 0 ok, 1 unexpected failure, 2 a gate not met (validation findings), 64 usage,
        65 bad record or input, 66 not found, 75 ledger busy.
        """,
        version: "evident \(version) (libgit2 \(LedgerRuntime.libgit2Version))",
        subcommands: [
            InitCommand.self, EvidenceCommand.self, ReadinessCommand.self, SnapshotCommand.self, VerifyCommand.self, ExportCommand.self, LogCommand.self, ValidateCommand.self,
            FrameworkCommand.self, ControlCommand.self, HooksCommand.self, DemoCommand.self,
            PoamCommand.self, ExceptionCommand.self, AffirmCommand.self, CalendarCommand.self, ReportCommand.self, SystemCommand.self, SignersCommand.self,
            DiffCommand.self, HistoryCommand.self, SyncCommand.self, CloneCommand.self, RemoteCommand.self, BenchCommand.self,
        ]
    )

    public init() {}

    /// Parses and runs, then exits with the code `ExitStatus` gives the outcome.
    public static func main() {
        // One command, then exit: large values are returned to the system by the exit.
        LedgerRuntime.keepsFinishedValuesUntilExit = true
        LedgerRuntime.returnLargeBuffersWhenFreed()
        if let dir = ProcessInfo.processInfo.environment["EVIDENT_GIT_CONFIG_SEARCH_PATH"], !dir.isEmpty {
            try? LedgerRuntime.isolateGitConfiguration(in: dir)
        }
        do {
            let args = try RunDirectory.enterLeading(Array(CommandLine.arguments.dropFirst()))
            var command = try parseAsRoot(args)
            try command.run()
        } catch {
            ExitStatus.exit(for: error)
        }
    }
}
