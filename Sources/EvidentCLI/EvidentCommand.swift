import ArgumentParser
import Foundation
import GitStore
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
        version: "evident \(version) (libgit2 \(Libgit2.version))",
        subcommands: [
            InitCommand.self, EvidenceCommand.self, ReadinessCommand.self, SnapshotCommand.self, VerifyCommand.self, ExportCommand.self, LogCommand.self, ValidateCommand.self,
            FrameworkCommand.self, ControlCommand.self, HooksCommand.self, DemoCommand.self,
            PoamCommand.self, AffirmCommand.self, SignersCommand.self, DiffCommand.self, HistoryCommand.self, BenchCommand.self,
        ]
    )

    public init() {}

    /// Parses and runs, mapping every error to the documented exit code.
    public static func main() {
        var args = Array(CommandLine.arguments.dropFirst())
        if let dir = ProcessInfo.processInfo.environment["EVIDENT_GIT_CONFIG_SEARCH_PATH"], !dir.isEmpty {
            try? Libgit2.isolateConfiguration(in: dir)
        }
        // `evident -C PATH command ...`: run as if started in PATH (git's -C).
        while args.count >= 2, args[0] == "-C" {
            let dir = args[1]
            guard FileManager.default.changeCurrentDirectoryPath(dir) else {
                Output.error("-C \(dir): no such directory")
                Foundation.exit(ExitStatus.notFound)
            }
            args.removeFirst(2)
        }
        do {
            var command = try parseAsRoot(args)
            try command.run()
        } catch let error as LedgerError {
            Output.error(error.message)
            Foundation.exit(ExitStatus.code(for: error.kind))
        } catch let error as GitError {
            Output.error(error.description)
            Foundation.exit(ExitStatus.failure)
        } catch {
            exit(withError: error)
        }
    }
}

/// Exit codes, fixed here and never renumbered: scripts depend on them.
public enum ExitStatus {
    public static let ok: Int32 = 0
    public static let failure: Int32 = 1
    public static let gate: Int32 = 2
    public static let usage: Int32 = 64
    public static let invalidInput: Int32 = 65
    public static let notFound: Int32 = 66
    public static let busy: Int32 = 75

    public static func code(for kind: LedgerError.Kind) -> Int32 {
        switch kind {
        case .usage: return usage
        case .invalidInput: return invalidInput
        case .notFound: return notFound
        case .busy: return busy
        case .gate: return gate
        case .failure: return failure
        }
    }
}

/// Options every ledger command takes.
struct LedgerOptions: ParsableArguments {
    @Option(name: .customShort("C"), help: ArgumentHelp("Run in PATH, as if evident was started there.", valueName: "PATH"))
    var directory: String?

    func environment() throws -> RunEnvironment { try RunEnvironment.current() }

    func openLedger() throws -> LedgerRepository {
        try LedgerRepository(path: directory ?? FileManager.default.currentDirectoryPath)
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

enum Output {
    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data("error: \(text)\n".utf8))
    }

    static func notice(_ text: String) {
        FileHandle.standardError.write(Data("\(text)\n".utf8))
    }

    static func json(_ value: RecordValue) {
        print(JSONText.emit(value))
    }

    /// A plain table with a header row, columns padded to their widest cell.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in i == cells.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}
