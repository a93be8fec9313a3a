import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "A static readiness site for people: overview, trend across snapshots, changes, expiring evidence, calendar, evidence index.",
        discussion: """
        Computed from git objects at --at (default HEAD), never the work tree, and judged at that revision's own day: a \
        snapshot's as-of day, a date's day, or the day the commit was made. The trend draws every snapshot up to the \
        revision (its commit or an ancestor) as each recorded its result; the changes are those since the latest of them \
        that is not of the revision's own commit. Writes index.html, one page per framework in scope (cmmc-l2.html, \
        cmmc-l1.html, soc2.html), diff.html, evidence.html and style.css into -o DIR (never over a file without --force). \
        The pages open from the file system, need no network and no script, and print cleanly.
        """
    )

    @Option(help: ArgumentHelp("A revision, snapshot or date (YYYY-MM-DD).", valueName: "REV")) var at: String = "HEAD"
    @OptionGroup var export: ExportOptions
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let what = "the report's pages"
        // -o is checked before anything is computed; the folder is made once there is something to write.
        _ = try export.directoryPath(ledger: ledger, what: what)
        let repo = try ledger.openLedger()
        let report = try ReportService(ledger: repo, environment: try ledger.environment()).report(at: at)
        report.issues.forEach { Output.notice("warning: \($0) (left out of the report; see 'evident validate')") }
        report.notices.forEach { Output.notice("note: \($0)") }
        let files = try ReportHTML.files(report)
        let dir = try export.directory(ledger: ledger, what: what)
        try export.write(files: files, into: dir)
        let shown = export.output ?? dir
        var lines = ["Readiness report of \(report.organization) as of \(report.asOf) (revision \(report.revision.short)) written to \(shown):"]
        lines += files.map { "  " + $0.name }
        lines += report.readiness.summaryLines
        let snapshots = "\(report.trend.count) snapshot\(report.trend.count == 1 ? "" : "s") in the trend"
        lines.append(snapshots + (report.previous.map { "; changes since \($0.name)" } ?? ""))
        lines.append("Open \(shown.hasSuffix("/") ? shown : shown + "/")index.html in a browser.")
        Output.print(lines.joined(separator: "\n"))
    }
}
