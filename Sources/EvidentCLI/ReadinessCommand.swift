#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import Ledger
import LedgerCore

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}

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
    @Option(name: .customLong("status-date"), help: ArgumentHelp("CMMC conditional status date (starts the 180-day closeout).", valueName: "DATE"))
    var statusDate: String?
    @Option(help: "Output format: text, json or markdown.") var format: ReportFormat = .text
    @Option(name: .customLong("min-score"), help: ArgumentHelp("Exit 2 when the CMMC Level 2 score is below N or incomplete.", valueName: "N"))
    var minScore: Int?
    @Option(help: ArgumentHelp("The whole reason chain of one requirement or criterion.", valueName: "REQ")) var explain: String?
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        var wanted = frameworks
        if minScore != nil, !wanted.isEmpty, !wanted.contains("cmmc-l2"), !wanted.contains("all") { wanted.append("cmmc-l2") }
        let (report, issues) = try ReadinessService(ledger: repo, environment: try ledger.environment())
            .run(.init(at: at, asOf: asOf, frameworks: wanted, soc2Type: type, period: period, statusDate: statusDate))
        issues.forEach { Output.notice("warning: \($0) (left out of readiness; see 'evident validate')") }
        if let explain {
            Output.print(try Explain.render(report, requirement: explain, catalogs: try repo.resolve(at).catalogs(), json: format == .json))
        } else {
            switch format {
            case .json: Output.json(report.jsonValue)
            case .markdown: Output.print(report.render(markdown: true))
            case .text: Output.print(report.render(markdown: false, paint: Paint.current))
            }
        }
        if let minScore {
            guard let l2 = report.cmmcL2 else {
                throw LedgerError.usage("--min-score needs CMMC Level 2 in scope (--framework cmmc-l2)")
            }
            guard let score = l2.score, score >= minScore else {
                Output.notice("gate: CMMC Level 2 score \(l2.score.map(String.init) ?? "incomplete") is below the minimum \(minScore)")
                throw ExitCode(ExitStatus.gate)
            }
        }
    }
}

/// Colour for status words, only on a terminal and never with NO_COLOR (no-color.org).
enum Paint {
    static let enabled = isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) != false

    static func current(_ text: String, _ good: Bool) -> String {
        enabled ? (good ? "\u{1B}[32m" : "\u{1B}[31m") + text + "\u{1B}[0m" : text
    }
}

enum Explain {
    static func render(_ report: ReadinessReport, requirement text: String, catalogs: CatalogSet, json: Bool) throws -> String {
        let req: Requirement
        switch RequirementResolver(catalogs).resolve(text) {
        case .success(let r): req = r
        case .failure(let e): throw LedgerError.invalid(e.description)
        }
        var lines = ["\(req.qualifiedID)\(req.cmmcID.map { " (\($0))" } ?? "")  \(req.title)"]
        var value: RecordValue = .null
        if let q = report.cmmcL2?.requirements.first(where: { $0.base.requirement.qualifiedID == req.qualifiedID }) {
            lines.append("  status: \(q.base.status.rawValue)  points: \(req.points.map(String.init) ?? "none")  deduction: \(q.deduction.map(String.init) ?? "-")")
            lines.append("  POA&M: \(q.poam ?? "none")  (\(q.poamEligible ? "eligible" : "not eligible") under 32 CFR 170.21(a)(2))")
            lines.append("  controls: \(q.base.controls.isEmpty ? "none" : q.base.controls.joined(separator: ", "))")
            lines.append("  evidence valid on \(report.asOf): \(q.base.evidence.isEmpty ? "none" : q.base.evidence.joined(separator: ", "))")
            lines += q.base.reasons.map { "    - \($0)" }
            value = report.jsonValue["frameworks"]?.listValue?.first { $0["id"]?.stringValue == "cmmc-l2" }?["requirements"]?.listValue?
                .first { $0["id"]?.stringValue == req.id } ?? .null
        } else if let q = report.cmmcL1?.requirements.first(where: { $0.requirement.qualifiedID == req.qualifiedID }) {
            lines.append("  status: \(q.status.rawValue)")
            lines.append("  controls: \(q.controls.isEmpty ? "none" : q.controls.joined(separator: ", "))")
            lines += q.reasons.map { "    - \($0)" }
            value = report.jsonValue["frameworks"]?.listValue?.first { $0["id"]?.stringValue == "cmmc-l1" }?["requirements"]?.listValue?
                .first { $0["id"]?.stringValue == req.id } ?? .null
        } else if let c = report.soc2?.criteria.first(where: { $0.requirement.qualifiedID == req.qualifiedID }) {
            lines.append("  status: \(c.isReady ? "ready" : "not ready")")
            lines.append("  controls: \(c.controls.isEmpty ? "none" : c.controls.joined(separator: ", "))")
            lines += c.gaps.map { "    - \($0.reason)" }
            value = report.jsonValue["frameworks"]?.listValue?.first { $0["id"]?.stringValue == "soc2" }?["criteria"]?.listValue?
                .first { $0["id"]?.stringValue == req.id } ?? .null
        } else {
            throw LedgerError.notFound("\(req.qualifiedID) is not part of the frameworks computed here (in scope: \(report.order.joined(separator: ", ")))")
        }
        return json ? JSONText.emit(value) : lines.joined(separator: "\n")
    }
}
