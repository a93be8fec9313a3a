import Foundation
import Ledger
import LedgerCore

/// What `readiness` and `diff` print.
enum ReadinessOutput {
    /// The readiness report in the chosen format.
    static func report(_ report: ReadinessReport, format: ReportFormat) {
        switch format {
        case .json: Output.json(report.jsonValue)
        case .markdown: Output.print(report.render(markdown: true))
        case .text: Output.print(report.render(markdown: false, paint: Paint.current))
        }
    }

    /// A readiness diff in the chosen format.
    static func diff(_ diff: ReadinessDiff, format: ReportFormat) {
        switch format {
        case .json: Output.json(diff.jsonValue)
        case .markdown: Output.print(diff.render(markdown: true))
        case .text: Output.print(diff.render(markdown: false))
        }
    }
}
