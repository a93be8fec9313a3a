import Foundation
import Ledger
import LedgerCore

/// What `evident sync` and `evident remote` print.
enum SyncOutput {
    static func render(_ r: SyncService.Result, format: OutputFormat) {
        switch format {
        case .json:
            Output.json(.map([
                ("remote", .string(r.remote)), ("url", .string(r.url)), ("branch", .string(r.branch)),
                ("fetched", .int(r.fetched)), ("pushed", .int(r.pushed)),
                ("tags_pushed", .strings(r.tagsPushed)), ("tags_fetched", .strings(r.tagsFetched)),
                ("retries", .int(r.retries)), ("result", .string(r.outcome.rawValue)),
                ("merge", r.merge.map { .string($0.hex) } ?? .null), ("head", r.head.map { .string($0.hex) } ?? .null),
            ]))
        case .text:
            var lines = [String]()
            switch r.outcome {
            case .upToDate: lines.append("\(r.branch) is up to date with \(r.remote).")
            case .pushed: lines.append("Pushed \(count(r.pushed, "commit")) to \(r.remote) (\(r.branch)).")
            case .integrated:
                lines.append("Took \(count(r.fetched, "commit")) from \(r.remote)" + (r.merge.map { " (merge \($0.hex.prefix(10)))" } ?? " (fast-forward)")
                             + (r.pushed > 0 ? ", then pushed \(count(r.pushed, "commit"))." : "."))
            case .refused: lines.append("Nothing was synced with \(r.remote).")
            }
            if !r.tagsFetched.isEmpty { lines.append("Snapshots from \(r.remote): \(r.tagsFetched.joined(separator: ", "))") }
            if !r.tagsPushed.isEmpty { lines.append("Snapshots pushed: \(r.tagsPushed.joined(separator: ", "))") }
            if r.retries > 0 { lines.append("Started again \(r.retries == 1 ? "once" : "\(r.retries) times"): another writer pushed first.") }
            if !r.serverMessages.isEmpty { lines += r.serverMessages.split(separator: "\n").map { "remote: \($0)" } }
            Output.print(lines.joined(separator: "\n"))
        }
    }

    static func cleared(_ r: RemoteService.ClearResult, format: OutputFormat) {
        switch format {
        case .json:
            Output.json(.map([("url", .string(r.entry.url)), ("cleared_for", .string(r.entry.clearedFor.rawValue)),
                              ("previous", r.previous.map { .string($0.rawValue) } ?? .null), ("commit", r.commit.map { .string($0.hex) } ?? .null)]))
        case .text:
            if let c = r.commit {
                Output.print("\(r.entry.url) is cleared for \(r.entry.clearedFor.rawValue)" + (r.previous.map { " (was \($0.rawValue))" } ?? "") + " in commit \(c.hex.prefix(10)).")
            } else {
                Output.print("\(r.entry.url) was already cleared for \(r.entry.clearedFor.rawValue): nothing was written.")
            }
        }
    }

    static func list(_ l: RemoteService.Listing, format: OutputFormat) {
        switch format {
        case .json:
            Output.json(.map([
                ("remotes", .list(l.entries.map { .map([("url", .string($0.url)), ("cleared_for", .string($0.clearedFor.rawValue))]) })),
                ("git_remotes", .list(l.remotes.map { .map([("name", .string($0.name)), ("url", .string($0.url)), ("cleared_for", .string($0.clearedFor.rawValue))]) })),
                ("default", .string(RemoteClearance.defaultClearance.rawValue)),
            ]))
        case .text:
            var out = [String]()
            if l.entries.isEmpty {
                out.append("No remote is cleared above \(RemoteClearance.defaultClearance.rawValue): CUI and FCI stay in this clone ('evident remote clear URL --for cui').")
            } else {
                out.append(Output.table(["CLEARED FOR", "URL"], l.entries.map { [$0.clearedFor.rawValue, $0.url] }))
            }
            if !l.remotes.isEmpty {
                out.append("")
                out.append(Output.table(["REMOTE", "MAY HOLD", "URL"], l.remotes.map { [$0.name, $0.clearedFor.rawValue, $0.url] }))
            }
            Output.print(out.joined(separator: "\n"))
        }
    }

    static func cloned(_ r: CloneService.Result, shown: String, format: OutputFormat) {
        switch format {
        case .json:
            Output.json(.map([("path", .string(r.path)), ("head", .string(r.head.hex)), ("snapshots", .int(r.snapshots)),
                              ("hooks", .strings(r.hooks)), ("verified", .bool(r.findings.isEmpty)), ("findings", .strings(r.findings))]))
        case .text:
            r.notices.forEach(Output.notice)
            var lines = ["Cloned the ledger into \(shown) (HEAD \(r.head.hex.prefix(10)), \(count(r.snapshots, "snapshot")))."]
            lines += r.hooks.map { "Hooks: \($0)" }
            if r.findings.isEmpty {
                lines.append("verify: no findings.")
            } else {
                lines.append("verify found \(count(r.findings.count, "problem")) (the clone is kept, to be looked at):")
                lines += r.findings.map { "  \($0)" }
            }
            Output.print(lines.joined(separator: "\n"))
        }
    }

    static func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
}
