import ArgumentParser
import Ledger
import LedgerCore

/// `--format` of commands that also write Markdown (readiness, diff).
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}

/// `--format` of every other read command.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `poam list --status`.
extension PoamService.StatusFilter: ExpressibleByArgument {}

/// `exception list --status`.
extension ExceptionService.StatusFilter: ExpressibleByArgument {}

/// `export bundle --for`: who the bundle is for.
extension EvidenceBundle.Audience: ExpressibleByArgument {}
