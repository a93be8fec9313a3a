import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a ledger in PATH (default: the current directory).",
        discussion: """
        PATH may be a new or empty directory, or an existing git repository without a ledger.
        Frameworks in scope: cmmc-l1, cmmc-l2, cmmc-l3, soc2 (SOC 2 categories beyond security
        as soc2:availability,confidentiality). Without --framework: cmmc-l2 and soc2.
        """
    )

    @Argument(help: "Where to create the ledger.") var path: String?
    @Option(help: "The organisation the ledger belongs to.") var org: String
    @Option(name: .customLong("framework"), help: "A framework in scope (repeatable).") var frameworks: [String] = []
    @Option(help: "What the assessments cover (systems, enclave, locations).") var scope: String?
    @Flag(name: .customLong("starter-controls"), help: "Also write the starter control library (planned controls covering every 800-171 requirement and the SOC 2 criteria).")
    var starterControls = false
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        var scopes = [FrameworkScope]()
        for f in frameworks.isEmpty ? ["cmmc-l2", "soc2"] : frameworks {
            let parsed = try FrameworkScope.parse(f).get()
            if let i = scopes.firstIndex(where: { $0.id == parsed.id }) { scopes[i] = parsed } else { scopes.append(parsed) }
        }
        let base = ledger.path
        let target = path.map { $0.hasPrefix("/") ? $0 : base + "/" + $0 } ?? base
        let result = try InitService(environment: try ledger.environment())
            .run(.init(path: target, organization: org, scope: scope, frameworks: scopes, starterControls: starterControls))
        result.notices.forEach(Output.notice)
        InitOutput.created(result, format: format)
    }
}
