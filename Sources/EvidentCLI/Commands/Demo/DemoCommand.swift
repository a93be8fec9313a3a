import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a demo ledger for an invented defense contractor, with realistic evidence."
    )

    @Argument(help: "Where to build it (a new or empty directory).") var path: String = "evident-demo"
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let base = ledger.path
        let target = path.hasPrefix("/") ? path : base + "/" + path
        let result = try DemoService(environment: try ledger.environment()).run(path: target)
        DemoOutput.built(result)
    }
}
