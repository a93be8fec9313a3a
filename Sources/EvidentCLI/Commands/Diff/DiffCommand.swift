import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "How readiness changed between two snapshots, tags, commits or dates, and why.",
        discussion: """
        Per framework: score and status before and after, every requirement or criterion whose status \
        changed with the reasons on both sides; then evidence added, removed, modified and expired, \
        controls added, removed and modified field by field, POA&M items opened and closed, and \
        affirmations made. B defaults to HEAD, judged today. A snapshot is judged at its manifest's \
        as-of day, a date at that day, any other revision at its commit's day. SOC 2 is compared as \
        Type 1 unless both sides are soc2-type2 snapshots. --exit-code exits 2 when readiness got \
        worse in any framework (a CI gate).
        """
    )

    @Argument(help: ArgumentHelp("The earlier side: a snapshot, tag, commit, branch or date.", valueName: "A")) var from: String
    @Argument(help: ArgumentHelp("The later side (default: HEAD, as of today).", valueName: "B")) var to: String?
    @Option(name: .customLong("framework"), help: "cmmc-l1, cmmc-l2, soc2 or all (repeatable; default: every framework in scope on either side).")
    var frameworks: [String] = []
    @Option(help: "Output format: text, json or markdown.") var format: ReportFormat = .text
    @Flag(name: .customLong("exit-code"), help: "Exit 2 when readiness got worse in any framework.") var exitCode = false
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let (diff, issues) = try DiffService(ledger: repo, environment: try ledger.environment())
            .run(.init(from: from, to: to, frameworks: frameworks))
        issues.forEach { Output.notice("warning: \($0) (left out; see 'evident validate')") }
        ReadinessOutput.diff(diff, format: format)
        if exitCode, diff.isWorse {
            Output.notice("gate: readiness got worse in \(diff.frameworks.filter(\.worse).map(\.name).joined(separator: ", "))")
            throw GateNotMet()
        }
    }
}
