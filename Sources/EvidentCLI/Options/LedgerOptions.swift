import ArgumentParser
import Foundation
import Ledger
import LedgerCore

/// Options every ledger command takes.
struct LedgerOptions: ParsableArguments {
    @Option(name: .customShort("C"), help: ArgumentHelp("Run in PATH, as if evident was started there.", valueName: "PATH"))
    var directory: String?

    func environment() throws -> RunEnvironment { try RunEnvironment.current() }

    /// The directory the command works in: `-C PATH` after the command, else the current one.
    var path: String { RunDirectory.path(directory) }

    /// The ledger at `path` (with a work tree or bare); `allowEmptyBare` also accepts a bare repository whose HEAD is no ledger yet.
    func openLedger(allowEmptyBare: Bool = false) throws -> LedgerRepository {
        try LedgerRepository(path: path, allowEmptyBare: allowEmptyBare)
    }
}

/// Where a command runs, decided here only. `-C PATH` before the command (git's form, repeatable,
/// each relative to the last) makes PATH the process's directory; `-C PATH` after the command
/// names the directory the command works in.
enum RunDirectory {
    /// Enters the directories of the leading `-C PATH` pairs and returns the arguments after them.
    /// Throws `LedgerError` `.notFound` for a directory that does not exist.
    static func enterLeading(_ arguments: [String]) throws -> [String] {
        var args = arguments
        while args.count >= 2, args[0] == "-C" {
            let dir = args[1]
            guard FileManager.default.changeCurrentDirectoryPath(dir) else {
                throw LedgerError.notFound("-C \(dir): no such directory")
            }
            args.removeFirst(2)
        }
        return args
    }

    /// The directory a command works in: the one `-C` named after the command, else the current one.
    static func path(_ option: String?) -> String {
        option ?? FileManager.default.currentDirectoryPath
    }
}
