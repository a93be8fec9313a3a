import Foundation
import Ledger
import LedgerCore

/// What `export` commands print: where the files went and how to check them.
enum ExportOutput {
    static func hashes(_ r: (list: String, hash: String, count: Int, listSHA256: String)) {
        Output.print("""
        Wrote \(r.count) artifact hashes to \(r.list)
          and the hash of the list (\(r.listSHA256)) to \(r.hash)
        Check them from the ledger root with the snapshot's commit checked out: sha256sum -c \(r.list)
        """)
    }

    /// The two DoD logs written, and the two values the assessor types into CMMC eMASS.
    static func dodLogs(_ logs: SnapshotService.DoDLogs, dir: String) {
        Output.print("""
        Wrote \(logs.count) artifact hash\(logs.count == 1 ? "" : "es") to \(dir)/\(logs.hashedDataList)
          and the hash of that log to \(dir)/CMMCAssessmentLogHash.log
        For CMMC eMASS:
          Hashed Data List: \(logs.hashedDataList)
          Hash Value: \(logs.hashValue)
        """)
    }

    /// An OSCAL document as written: pretty JSON in the document's own key order, ending in a newline.
    static func oscalJSON(_ document: RecordValue) -> Data {
        Data((JSONText.emit(document) + "\n").utf8)
    }

    /// `export oscal -o DIR`: the files written, and each one left out with why (`stale`: those
    /// left out whose file from an earlier export is still in the folder).
    static func oscal(_ r: OSCALExportService.Export, folder: String, stale: Set<String>) {
        Output.print("Wrote \(r.documents.map(\.model.fileName).joined(separator: ", ")) (OSCAL \(OSCALExport.oscalVersion), commit \(r.commit.short)) to \(folder)")
        for s in r.skipped {
            let name = s.model.fileName
            Output.notice("\(name) not written: \(s.reason)" + (stale.contains(name) ? " (the \(name) in \(folder) is from an earlier export: remove it)" : ""))
        }
    }
}
