import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark support: build large synthetic ledgers (the runner is Benchmarks/bench.py).",
        subcommands: [BenchGenerateCommand.self]
    )
}
