import Foundation
import Ledger
import LedgerCore

/// One line per framework of a snapshot manifest's readiness (SPRS score, SOC 2 coverage).
enum ReadinessSummary {
    static func lines(_ m: SnapshotManifest) -> [String] {
        (m.readiness.listValue ?? []).map { f in
            let id = f["id"]?.stringValue ?? "?"
            let status = f["status"]?.stringValue ?? "?"
            switch id {
            case "cmmc-l2": return "CMMC Level 2: " + (f["score"]?.intValue.map { "SPRS \($0)/110" } ?? "no score") + ", \(status)"
            case "cmmc-l1": return "CMMC Level 1: \(f["met"]?.intValue ?? 0)/\(f["total"]?.intValue ?? 15) MET, \(status)"
            case "soc2": return "SOC 2 Type \(f["type"]?.intValue ?? 1): \(f["ready"]?.intValue ?? 0)/\(f["total"]?.intValue ?? 0) ready, \(status)"
            default: return "\(id): \(status)"
            }
        }
    }
}
