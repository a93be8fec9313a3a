import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct ReadinessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "readiness",
        abstract: "Where each framework stands: SPRS score and CMMC status, SOC 2 Type 1 or Type 2 coverage, and why.",
        discussion: """
        Computed from git objects at a revision (default HEAD) as of a day (default today), without
        touching the work tree. --at takes a snapshot, tag, commit, branch, or a date (the last
        commit on or before it; the as-of day then defaults to that date).
        """
    )

    @Option(name: .customLong("framework"), help: "cmmc-l1, cmmc-l2, soc2 or all (repeatable; default: every framework in scope).")
    var frameworks: [String] = []
    @Option(help: ArgumentHelp("A snapshot, tag, commit, branch or date.", valueName: "REV")) var at: String = "HEAD"
    @Option(name: .customLong("as-of"), help: ArgumentHelp("The day readiness is judged at.", valueName: "DATE")) var asOf: String?
    @Option(help: "SOC 2 report type: 1 (at the as-of day) or 2 (over --period).") var type: Int = 1
    @Option(help: ArgumentHelp("SOC 2 Type 2 observation period.", valueName: "FROM..TO")) var period: String?
    @Option(name: .customLong("status-date"), help: ArgumentHelp("The Level 2 Conditional status date as SPRS shows it, when it differs from the snapshot's as-of day (starts the 180-day closeout).", valueName: "DATE"))
    var statusDate: String?
    @Option(help: "Output format: text, json or markdown.") var format: ReportFormat = .text
    // SPRS scores go down to -203: the value may begin with a dash.
    @Option(name: .customLong("min-score"), parsing: .unconditional,
            help: ArgumentHelp("Exit 2 when the CMMC Level 2 score is below N (which may be negative) or incomplete.", valueName: "N"))
    var minScore: Int?
    @Option(help: ArgumentHelp("The whole reason chain of one requirement or criterion.", valueName: "REQ")) var explain: String?
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        var wanted = frameworks
        if minScore != nil, !wanted.isEmpty, !wanted.contains("cmmc-l2"), !wanted.contains("all") { wanted.append("cmmc-l2") }
        let service = ReadinessService(ledger: repo, environment: try ledger.environment())
        let (report, issues) = try service.run(.init(at: at, asOf: try TypedInput.day(asOf, .asOf), frameworks: wanted, soc2Type: type,
                                                     period: try TypedInput.observationPeriod(period, .period),
                                                     statusDate: try TypedInput.day(statusDate, .statusDate)))
        issues.forEach { Output.notice("warning: \($0) (left out of readiness; see 'evident validate')") }
        if let explain {
            let (requirement, result) = try service.explain(explain, in: report, at: at)
            Output.print(Explain.render(report, requirement: requirement, result: result, json: format == .json))
        } else {
            ReadinessOutput.report(report, format: format)
        }
        if let minScore {
            guard let l2 = report.cmmcL2 else {
                throw LedgerError.usage("--min-score needs CMMC Level 2 in scope (--framework cmmc-l2)")
            }
            guard let score = l2.score, score >= minScore else {
                Output.notice(l2.score.map { "gate: CMMC Level 2 score \($0) is below the minimum \(minScore)" }
                    ?? "gate: CMMC Level 2 has no score (the assessment is incomplete), so it does not reach the minimum \(minScore)")
                throw GateNotMet()
            }
        }
    }
}
