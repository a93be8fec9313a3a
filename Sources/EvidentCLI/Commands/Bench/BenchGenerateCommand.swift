import ArgumentParser
import Foundation
import EvidentBench
import Ledger
import LedgerCore

struct BenchGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Build a large synthetic ledger deterministically (same seed, same ledger).",
        discussion: """
        The starter control library adopted after a gap assessment; evidence from 2022 to 2026 by \
        about 25 authors with 1 to 4 KB CSV and JSON artifacts; renewals, control status changes, new \
        controls and POA&M items between the snapshots; and snapshots assessment/bench-001 ... along \
        the way, the last on the last commit. Objects are written as packfiles; the work tree is \
        checked out at the end, so 'git status' is clean.
        """
    )

    @Argument(help: "Where to build it (a new or empty directory).") var path: String
    @Option(help: "Evidence records to create.") var evidence: Int
    @Option(help: "Commits in the history (at least 2).") var commits: Int
    @Option(help: "Snapshots to tag along the way.") var snapshots: Int = 0
    @Option(help: "Seed of the generator.") var seed: UInt64 = 1
    @Flag(name: .shortAndLong, help: "Print progress on standard error.") var verbose = false
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        let target = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let started = Date()
        var progress: (@Sendable (String) -> Void)?
        if verbose { progress = { line in Output.notice("bench: " + line) } }
        let generator = BenchGenerator(progress: progress)
        let r = try generator.run(BenchGenerator.Options(path: target, evidence: evidence, commits: commits, snapshots: snapshots, seed: seed))
        let seconds = Date().timeIntervalSince(started)
        BenchOutput.generated(r, seconds: seconds, format: format)
    }
}
