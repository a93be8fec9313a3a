import Foundation
import EvidentBench
import Ledger
import LedgerCore

/// What `bench` commands print.
enum BenchOutput {
    /// A generated bench ledger and how long each phase took.
    static func generated(_ r: BenchGenerator.Result, seconds: Double, format: OutputFormat) {
        switch format {
        case .json:
            Output.json(.map([
                ("root", .string(r.root)), ("head", .string(r.headCommit.hex)), ("evidence", .int(r.evidence)), ("artifacts", .int(r.artifacts)),
                ("commits", .int(r.commits)), ("snapshots", .strings(r.snapshots)), ("controls", .int(r.controls)), ("poams", .int(r.poams)),
                ("packs", .int(r.packs)), ("blob_bytes", .int(r.blobBytes)), ("seconds", .float((seconds * 100).rounded() / 100)),
                ("phases", .map(r.phases.map { ($0.name, RecordValue.float(($0.seconds * 100).rounded() / 100)) })),
            ]))
        case .text:
            Output.print("""
            Generated a bench ledger in \(r.root) in \(String(format: "%.1f", seconds)) s
              \(r.commits) commits, \(r.evidence) evidence records (\(r.artifacts) artifacts, \(r.blobBytes / 1_048_576) MiB of blobs), \
            \(r.controls) controls, \(r.poams) POA&M items, \(r.snapshots.count) snapshots\(r.snapshots.last.map { " (last: \($0))" } ?? "")
              \(r.packs) packfiles; \(r.phases.map { "\($0.name) \(String(format: "%.1f", $0.seconds)) s" }.joined(separator: ", "))
            """)
        }
    }
}
