import Foundation
import GitStore
import LedgerCore

/// The DoD CIO's artifact hashing logs, both ways: `export hashes NAME --format dod` writes them
/// for a snapshot, `verify NAME --hash-log FILE` holds a log the official script wrote to one.
extension SnapshotService {
    /// The two logs of a snapshot in the layout of `ArtifactHash.ps1` v1.11, and the two values an
    /// assessor types into CMMC eMASS.
    public struct DoDLogs: Sendable {
        /// `CMMCAssessmentArtifacts.log`: every artifact of the snapshot at its ledger path.
        public let artifactsLog: Data
        /// `CMMCAssessmentLogHash.log`: the same table for the one file CMMCAssessmentArtifacts.log.
        public let logHash: Data
        /// eMASS "Hashed Data List": the log's file name.
        public let hashedDataList: String
        /// eMASS "Hash Value": the log's SHA-256, upper case.
        public let hashValue: String
        public let count: Int
    }

    /// The DoD logs of snapshot `name`, from its manifest's artifact list (paths relative to the
    /// ledger root, sorted as the manifest sorts them). The same snapshot gives the same bytes.
    /// Throws as `hashList`.
    public func dodLogs(_ name: String) throws -> DoDLogs {
        Self.dodLogs(ofChecked: try checkedArtifacts(name))
    }

    /// The DoD logs of artifacts `checkedArtifacts` returned.
    static func dodLogs(ofChecked artifacts: [ArtifactHash]) -> DoDLogs {
        let log = DoDHashLog.table(artifacts.map { ($0.path, $0.sha256) })
        let hash = Digest.sha256(log)
        let logHash = DoDHashLog.table([(DoDHashLog.artifactsLogName, hash)])
        return DoDLogs(artifactsLog: log, logHash: logHash, hashedDataList: DoDHashLog.artifactsLogName,
                       hashValue: hash.uppercased(), count: artifacts.count)
    }

    /// The manifest's artifacts, once the list is known to hash to the manifest's list_sha256.
    func checkedArtifacts(_ name: String) throws -> [ArtifactHash] {
        let s = try snapshot(named: name)
        guard let manifest = s.manifest else { throw LedgerError.invalid("snapshot '\(name)': \(s.manifestProblem ?? "no manifest")") }
        return try Self.checkedArtifacts(of: manifest, name: name)
    }

    /// The artifacts of snapshot `name`'s `manifest`, sorted by path, once the list is known to
    /// hash to its list_sha256. Throws `LedgerError` `.gate` when it does not.
    static func checkedArtifacts(of manifest: SnapshotManifest, name: String) throws -> [ArtifactHash] {
        guard Digest.sha256(Data(ArtifactList.bytes(manifest.artifacts))) == manifest.artifactListSHA256 else {
            throw LedgerError(.gate, "snapshot '\(name)': its artifact list does not hash to the manifest's list_sha256; run 'evident snapshot verify \(name)'")
        }
        return manifest.artifacts.sorted { $0.path < $1.path }
    }

    /// What holding a hash log to a snapshot found.
    public struct HashLogCheck: Sendable {
        /// One line per finding, each starting with the snapshot's name.
        public let findings: [String]
        /// What is worth knowing and is no finding (entries left out, where the root was found).
        public let notices: [String]
        /// Files the log lists.
        public let entries: Int
        /// Entries whose hash is the snapshot's.
        public let matched: Int
        /// The folder the log's paths start with, as the log writes it (empty: relative paths).
        public let root: String
        /// The ledger folder that root stands for (empty: the ledger root).
        public let ledgerFolder: String
        /// Whether the log hashes to `--hash-value`; nil when none was given.
        public let hashValueMatches: Bool?
        /// The log's own SHA-256, upper case.
        public let logSHA256: String
    }

    /// Holds the hash log at `logPath` (shown as `shown`), which the DoD script wrote on the
    /// assessor's machine, to snapshot `name`: files the log lists that the snapshot does not
    /// hold, hashes that differ, snapshot artifacts the log does not list, and with `hashValue`
    /// (the "Hash Value" recorded in eMASS) whether the log itself hashes to it. Problems found are
    /// findings. Throws `InputError` `.notFound` naming `hash_log` when the file does not exist,
    /// `.invalidInput` when it cannot be read or is not such a log (naming the line), and as
    /// `hashList` for the snapshot.
    public func checkHashLog(_ name: String, logPath: String, shownAs shown: String, hashValue: SHA256Hex?) throws -> HashLogCheck {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: logPath, isDirectory: &isDir) else {
            throw InputError.notFound("\(field: .hashLog) \(shown): no such file; give the CMMCAssessmentArtifacts.log the DoD hashing script wrote")
        }
        guard !isDir.boolValue else {
            throw InputError.invalid("\(field: .hashLog) \(shown) is a folder: give the file \(DoDHashLog.artifactsLogName) in it")
        }
        guard let data = FileManager.default.contents(atPath: logPath) else {
            throw InputError.invalid("\(field: .hashLog) \(shown) cannot be read (permission denied?): make it readable, or copy it somewhere that is")
        }
        let entries = try DoDHashLog.parse(data, file: shown)
        let logSHA = Digest.sha256(data)
        // CMMCAssessmentLogHash.log lists the one file CMMCAssessmentArtifacts.log: the other log is meant.
        if entries.count == 1, let only = entries.first,
           DoDHashLog.fileName(of: only.path).lowercased() == DoDHashLog.artifactsLogName.lowercased() {
            throw InputError.invalid("""
            \(field: .hashLog) \(shown) is the script's \(DoDHashLog.logHashName) (the hash of the artifact list): give \
            \(DoDHashLog.artifactsLogName) to \(field: .hashLog), and the hash this file records (\(only.hash)) to \(field: .hashValue)
            """)
        }
        let artifacts = try checkedArtifacts(name)
        let placement = DoDHashLog.place(entries, known: artifacts.map(\.path))
        // Files of the snapshot's tree that are not artifacts (records, controls), when the log names them.
        let s = try snapshot(named: name, artifacts: false)
        let revision = try Revision(repository: repository, commit: s.tag.target, spec: s.refName)
        let artifactPaths = Set(artifacts.map(\.path))
        var others = [String: String]()
        for (i, path) in placement.ledgerPaths.enumerated() {
            guard let path, let rel = placement.relative[i], !artifactPaths.contains(path), others[path] == nil,
                  !(rel == ".git" || rel.hasPrefix(".git/")) else { continue }
            if let blob = try? revision.file(path) { others[path] = Digest.sha256(blob) }
        }
        let comparison = DoDHashLog.compare(entries, placement: placement, artifacts: artifacts, otherFiles: others)
        var findings = comparison.findings.map { "\(name): \(Self.describe($0, log: shown, root: placement.root))" }
        var hashMatches: Bool?
        if let hashValue {
            hashMatches = hashValue.hex == logSHA
            if hashMatches == false {
                findings.append("\(name): \(shown) hashes to \(logSHA.uppercased()), not to the Hash Value given (\(hashValue.uppercased)): it is not the log recorded in eMASS")
            }
        }
        var notices = [String]()
        let where_ = placement.root.isEmpty ? "paths relative to" : "root \(placement.root) as"
        notices.append("\(name): \(shown): \(entries.count) file\(entries.count == 1 ? "" : "s") listed, \(where_) \(placement.ledgerFolder.isEmpty ? "the ledger root" : "the ledger folder \(placement.ledgerFolder)")")
        if !comparison.ignored.isEmpty {
            notices.append("\(name): \(shown): \(comparison.ignored.count) line\(comparison.ignored.count == 1 ? "" : "s") left out (a clone's .git folder, or the script's own logs from an earlier run), from line \(comparison.ignored[0])")
        }
        return HashLogCheck(findings: findings, notices: notices, entries: entries.count, matched: comparison.matched, root: placement.root,
                            ledgerFolder: placement.ledgerFolder, hashValueMatches: hashMatches, logSHA256: logSHA.uppercased())
    }

    static func describe(_ f: DoDHashLog.Finding, log: String, root: String) -> String {
        switch f {
        case .notInSnapshot(let line, let path):
            return "\(log) line \(line): \(path) is not in the snapshot"
        case .outsideRoot(let line, let path):
            return "\(log) line \(line): \(path) is not below the root \(root) of the log's other files, and not in the snapshot"
        case .hashDiffers(let line, let path, let logged, let recorded):
            return "\(log) line \(line): \(path): the log has SHA256 \(logged.uppercased()), the snapshot \(recorded.uppercased())"
        case .noHash(let line, let path):
            return "\(log) line \(line): \(path) has no hash in the log (the script could not read the file)"
        case .listedTwice(let line, let path, let first):
            return "\(log) line \(line): \(path) is listed again (first on line \(first))"
        case .absentFromLog(let path):
            return "\(path): a snapshot artifact the log does not list"
        }
    }
}
