import Ledger

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
}
