import ArgumentParser
import Foundation
import GitStore
import Ledger
import LedgerCore

struct PoamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poam",
        abstract: "Plan of action and milestones items for NOT MET CMMC requirements (32 CFR 170.21).",
        subcommands: [PoamAddCommand.self, PoamListCommand.self, PoamCloseCommand.self]
    )
}

struct PoamAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Open a POA&M item for a CMMC Level 2 or Level 3 requirement.",
        discussion: """
        Writes poam/POAM-<YYYY>-<NNN>.yaml (the year it opens, the next free number) in one commit and \
        prints the id. CMMC Level 1 allows no POA&M (32 CFR 170.21(a)(1)) and SOC 2 has none. A \
        requirement that may not be on a POA&M under 32 CFR 170.21(a)(2) is still recorded, with a warning.
        """
    )

    @Argument(help: ArgumentHelp("The requirement: 3.1.9, AC.L2-3.1.9, nist-800-171r2:3.1.9, AC.L3-3.1.2e ...", valueName: "REQ"))
    var requirement: String
    @Option(help: ArgumentHelp("What is not met, and why.", valueName: "TEXT")) var weakness: String
    @Option(name: .customLong("scheduled-completion"), help: ArgumentHelp("The day the weakness is planned to be fixed.", valueName: "DATE"))
    var scheduledCompletion: String
    @Option(name: .customLong("milestone"), help: ArgumentHelp("A step of the plan: \"DATE TEXT\" (repeatable).", valueName: "\"DATE TEXT\""))
    var milestones: [String] = []
    @Option(help: ArgumentHelp("The day the item opens (default today).", valueName: "DATE")) var opened: String?
    @Option(help: "Output format: text (the id) or json (the record).") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let result = try PoamService(ledger: repo, environment: try ledger.environment()).add(.init(
            requirement: requirement, weakness: weakness, scheduledCompletion: scheduledCompletion, milestones: milestones, opened: opened))
        result.notices.forEach(Output.notice)
        result.warnings.forEach(Output.notice)
        switch format {
        case .text: Output.print(result.record.id)
        case .json: Output.json(PoamJSON.value(result.record, requirement: result.requirement, today: nil, commit: result.commit))
        }
    }
}

struct PoamListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List POA&M items at HEAD; open items past their scheduled completion are flagged overdue."
    )

    @Option(help: "open, closed or all.") var status: PoamStatusFilter = .all
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let today = try ledger.environment().today
        let listing = try PoamService(ledger: repo, environment: try ledger.environment()).list(status: status.rawValue)
        listing.issues.forEach { Output.notice("warning: \($0)") }
        switch format {
        case .json:
            Output.json(.map([
                ("revision", .string(listing.revision.commit.hex)),
                ("as_of", .string(today.description)),
                ("poams", .list(listing.items.map { PoamJSON.value($0.record, requirement: $0.requirement, today: today, commit: nil) })),
            ]))
        case .text:
            if listing.items.isEmpty {
                Output.print(status == .all ? "No POA&M items." : "No \(status.rawValue) POA&M items.")
                return
            }
            let rows = listing.items.map { item -> [String] in
                let r = item.record
                let requirement = item.requirement?.cmmcID.map { "\(r.requirement) (\($0))" } ?? r.requirement
                let scheduled = PoamJSON.isOverdue(r, today: today) ? "\(r.scheduledCompletion) (overdue)" : r.scheduledCompletion.description
                return [r.id, requirement, r.status, r.opened.description, scheduled, r.closed?.description ?? "-", PoamJSON.short(r.weakness)]
            }
            Output.print(Output.table(["ID", "REQUIREMENT", "STATUS", "OPENED", "SCHEDULED", "CLOSED", "WEAKNESS"], rows))
            let open = listing.items.filter { $0.record.status == "open" }.count
            let overdue = listing.items.filter { PoamJSON.isOverdue($0.record, today: today) }.count
            var summary = "\(listing.items.count) item\(listing.items.count == 1 ? "" : "s") (\(open) open"
            if overdue > 0 { summary += ", \(overdue) overdue as of \(today)" }
            Output.print(summary + ") at HEAD (\(listing.revision.commit.short))")
        }
    }
}

enum PoamStatusFilter: String, ExpressibleByArgument, CaseIterable {
    case open, closed, all
}

struct PoamCloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "close", abstract: "Close an open POA&M item once its weakness is fixed.")

    @Argument(help: "The item's id (POAM-YYYY-NNN).") var id: String
    @Option(help: ArgumentHelp("The day it was closed (default today).", valueName: "DATE")) var date: String?
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let result = try PoamService(ledger: repo, environment: try ledger.environment()).close(id: id, date: date)
        result.notices.forEach(Output.notice)
        Output.print("Closed \(result.record.id) on \(result.record.closed!)")
    }
}

enum PoamJSON {
    /// The record's own fields (same names as the YAML), plus the CMMC id, where it lives and,
    /// when `today` is given, whether it is overdue.
    static func value(_ r: PoamRecord, requirement: Requirement?, today: Day?, commit: ObjectID?) -> RecordValue {
        guard case .map(var pairs) = r.recordValue else { return r.recordValue }
        pairs.removeAll { $0.0 == "schema" }
        if let i = pairs.firstIndex(where: { $0.0 == "requirement" }) {
            pairs.insert(("cmmc_id", requirement?.cmmcID.map(RecordValue.string) ?? .null), at: i + 1)
        }
        if let today { pairs.append(("overdue", .bool(isOverdue(r, today: today)))) }
        pairs.append(("path", .string(r.path)))
        if let commit { pairs.append(("commit", .string(commit.hex))) }
        return .map(pairs)
    }

    /// Open, and its scheduled completion has passed.
    static func isOverdue(_ r: PoamRecord, today: Day) -> Bool {
        r.status == "open" && r.scheduledCompletion < today
    }

    static func short(_ s: String) -> String {
        let line = s.replacingOccurrences(of: "\n", with: " ")
        return line.count > 60 ? String(line.prefix(57)) + "..." : line
    }
}
