import Foundation

/// The evidence bundle of a snapshot (issue 13 §6): one ZIP file an assessor or auditor
/// receives, that checks itself offline with stock tools (`sha256sum -c SHA256SUMS`, the DoD
/// hashing script's logs, PowerShell's Get-FileHash) and with `evident verify --bundle`.
///
/// Its layout, in the order the ZIP holds it (by path, byte order):
///
/// - `CMMCAssessmentArtifacts.log`, `CMMCAssessmentLogHash.log`: the DoD logs of the snapshot,
///   byte for byte as `export hashes NAME --format dod` writes them;
/// - `README.txt`: what each file is and how to check it;
/// - `SHA256SUMS`: the SHA-256 of every other file, as `sha256sum` writes and `sha256sum -c` reads;
/// - `documents/`: the SSP (`ssp.md`, `ssp.html`), the POA&M (`poam.csv`, `poam.json`), the SPRS
///   entry (`sprs.txt`, `sprs.json`) at the snapshot;
/// - `evidence/YYYY/MM/ID/record.yaml` and the artifacts beside it, at their ledger paths;
/// - `manifest.json`, `manifest.json.sha256`: the manifest as the tag records it, and its hash;
/// - `oscal/`: the OSCAL documents at the snapshot;
/// - `withheld-cui.csv` (a bundle for a SOC 2 CPA firm only): the CUI artifacts left out.
///
/// The manifest and both DoD logs are the snapshot's fingerprint and stay as recorded in every
/// bundle: they name paths and hashes only, so a bundle without CUI can still be held to the
/// snapshot the assessor was given.
public enum EvidenceBundle {
    /// Who the bundle is for: a CMMC assessor gets everything; a SOC 2 CPA firm is not the
    /// assessor of CUI, so its bundle leaves out every artifact classified cui (with its record),
    /// and the CMMC documents (SSP, POA&M, SPRS entry, OSCAL), which describe the CUI environment
    /// and its open weaknesses and are no part of a SOC 2 examination.
    public enum Audience: String, CaseIterable, Sendable {
        case cmmc, soc2
    }

    public static let readme = "README.txt"
    public static let sums = "SHA256SUMS"
    public static let manifest = "manifest.json"
    public static let manifestHash = "manifest.json.sha256"
    public static let withheld = "withheld-cui.csv"
    public static let documentsFolder = "documents/"
    public static let oscalFolder = "oscal/"

    /// The documents computed at the snapshot, by file name below `documents/`.
    public enum Document: String, CaseIterable, Sendable {
        case sspMarkdown = "ssp.md"
        case sspHTML = "ssp.html"
        case poamCSV = "poam.csv"
        case poamJSON = "poam.json"
        case sprsText = "sprs.txt"
        case sprsJSON = "sprs.json"

        public var path: String { EvidenceBundle.documentsFolder + rawValue }
    }

    /// Where an OSCAL document goes.
    public static func oscalPath(_ model: OSCALModel) -> String { oscalFolder + model.fileName }

    /// Files whose bytes the check reads (the others it only hashes).
    public static let textFiles: Set<String> = [manifest, manifestHash, sums, withheld, DoDHashLog.artifactsLogName, DoDHashLog.logHashName]

    /// The ZIP entries' order: by the bytes of their UTF-8 paths (`LC_ALL=C sort`).
    /// (Compared as two byte buffers where the strings hold their UTF-8 contiguously, as native
    /// strings do: a bundle sorts 210k paths more than once, and going byte by byte through the
    /// UTF-8 views cost seconds.)
    public static func precedes(_ a: String, _ b: String) -> Bool {
        let fast = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y -> Bool in
                let n = min(x.count, y.count)
                if n > 0, let p = x.baseAddress, let q = y.baseAddress {
                    let c = memcmp(p, q, n)
                    if c != 0 { return c < 0 }
                }
                return x.count < y.count
            }
        }
        if let fast = fast, let result = fast { return result }
        return a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// Whether a ZIP entry's name stays inside the folder it is extracted to on every system:
    /// relative, no `.` or `..` component, no empty component (a trailing `/` marks a folder),
    /// no backslash (a separator on Windows), no drive letter, no control character.
    public static func isSafe(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/") else { return false }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" }) { return false }
        var parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if path.hasSuffix("/") { parts.removeLast() }
        if let first = parts.first, first.count >= 2, first.dropFirst().first == ":" { return false }
        return parts.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }

    /// An evidence record's path: `evidence/YYYY/MM/ID/record.yaml`.
    static func isRecordPath(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 5 && parts[0] == "evidence" && parts[4] == Substring(EvidenceRecord.fileName)
    }

    // MARK: SHA256SUMS and the manifest's hash

    /// `SHA256SUMS`: one `<sha256>  <path>` line per file, sorted as the ZIP is, as `sha256sum`
    /// writes (and `sha256sum -c` reads) it. Paths hold no backslash or line break
    /// (`ArtifactPath`), so none needs sha256sum's escaping.
    public static func sumsText(_ files: [(path: String, sha256: String)]) -> String {
        String(decoding: sumsBytes(files), as: UTF8.self)
    }

    /// `sumsText` as UTF-8, written straight into one buffer. A list already in ZIP order is not
    /// sorted again. (`BundleService.zip`, which hashes the files in ZIP order, writes the same
    /// lines one `ArtifactList.appendLine` at a time as it goes.)
    public static func sumsBytes(_ files: [(path: String, sha256: String)]) -> [UInt8] {
        var inOrder = true
        for i in files.indices.dropFirst() where !precedes(files[i - 1].path, files[i].path) {
            inOrder = false
            break
        }
        let list = inOrder ? files : files.sorted { precedes($0.path, $1.path) }
        var out = [UInt8]()
        out.reserveCapacity(list.reduce(0) { $0 + $1.sha256.utf8.count + $1.path.utf8.count + 3 })
        for f in list where f.path != sums { ArtifactList.appendLine(sha256: f.sha256, path: f.path, to: &out) }
        return out
    }

    /// `manifest.json.sha256`, in the same form: `sha256sum -c manifest.json.sha256` checks it.
    public static func manifestHashText(_ sha256: String) -> String { "\(sha256)  \(manifest)\n" }

    /// The bytes of `manifest.json`: the manifest text between the tag message's markers, with a
    /// newline after it, so `git cat-file tag assessment/NAME | sed -n '/^-----BEGIN EVIDENT
    /// MANIFEST-----$/,/^-----END EVIDENT MANIFEST-----$/p' | sed '1d;$d' | sha256sum` gives its hash.
    public static func manifestFile(_ recorded: String) -> Data { Data((recorded + "\n").utf8) }

    /// Lines of a `sha256sum` file: `(line, hash, path)`, or the lines that are not such a line.
    static func parseSums(_ text: String) -> (entries: [(line: Int, sha256: String, path: String)], bad: [Int]) {
        var entries = [(line: Int, sha256: String, path: String)]()
        var bad = [Int]()
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.isEmpty { continue }
            // `<64 hex>  <path>` (text mode) or `<64 hex> *<path>` (binary mode).
            let chars = Array(line.utf8)
            guard chars.count > 66, let hex = SHA256Hex(String(decoding: chars[0..<64], as: UTF8.self)), chars[64] == 32,
                  chars[65] == 32 || chars[65] == 42 else {
                bad.append(i + 1)
                continue
            }
            entries.append((i + 1, hex.hex, String(decoding: chars[66...], as: UTF8.self)))
        }
        return (entries, bad)
    }

    // MARK: The withheld list

    /// An artifact a SOC 2 bundle leaves out, by what identifies it.
    public struct WithheldArtifact: Equatable, Sendable {
        public let evidenceID: String
        /// Its ledger path (the manifest's).
        public let path: String
        public let sha256: String
        public let bytes: Int

        public init(evidenceID: String, path: String, sha256: String, bytes: Int) {
            self.evidenceID = evidenceID
            self.path = path
            self.sha256 = sha256
            self.bytes = bytes
        }
    }

    /// The columns of `withheld-cui.csv`.
    public static let withheldColumns = ["evidence_id", "path", "sha256", "bytes"]

    /// Its rows (without the header), by path.
    public static func withheldRows(_ list: [WithheldArtifact]) -> [[String]] {
        list.sorted { precedes($0.path, $1.path) }.map { [$0.evidenceID, $0.path, $0.sha256, String($0.bytes)] }
    }

    /// Reads `withheld-cui.csv` (RFC 4180, UTF-8 with or without a byte order mark). Throws a
    /// description of the first problem, naming the line.
    static func parseWithheld(_ data: Data) throws(CSVReadError) -> [(line: Int, artifact: WithheldArtifact)] {
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let rows = try CSVReader.numberedRows(text)
        guard let header = rows.first, header.fields == withheldColumns else {
            throw CSVReadError(line: 1, message: "the header is not \(withheldColumns.joined(separator: ","))")
        }
        return try rows.dropFirst().map { r throws(CSVReadError) in
            guard r.fields.count == withheldColumns.count, let bytes = Int(r.fields[3]), bytes >= 0, let sha = SHA256Hex(r.fields[2]) else {
                throw CSVReadError(line: r.line, message: "expected an evidence id, a path, a SHA-256 and a byte count")
            }
            return (r.line, WithheldArtifact(evidenceID: r.fields[0], path: r.fields[1], sha256: sha.hex, bytes: bytes))
        }
    }

    // MARK: Checking a bundle

    /// One ZIP entry as the check sees it.
    public struct Entry: Sendable {
        public let path: String
        /// Its SHA-256; nil when it was not read (an unsafe name, not a regular file, or damaged).
        public let sha256: String?
        /// Its bytes, for the files the check reads (`textFiles`).
        public let data: Data?
        /// Why it could not be read, when it could not.
        public let unreadable: String?

        public init(path: String, sha256: String?, data: Data?, unreadable: String? = nil) {
            self.path = path
            self.sha256 = sha256
            self.data = data
            self.unreadable = unreadable
        }
    }

    /// One problem found in a bundle, naming the file.
    public struct Finding: Equatable, Sendable, CustomStringConvertible {
        public let file: String
        public let problem: String

        public init(_ file: String, _ problem: String) {
            self.file = file
            self.problem = problem
        }

        /// `file` then `problem`, which reads on from it: "manifest.json hashes to ...", "SHA256SUMS line 3: ...".
        public var description: String { "\(file) \(problem)" }
    }

    /// What checking a bundle found.
    public struct CheckResult: Sendable {
        /// In the order the checks run; empty when the bundle is intact.
        public let findings: [Finding]
        /// The bundle's manifest, when it reads.
        public let manifest: SnapshotManifest?
        /// Files in the bundle (folders and unread entries left out).
        public let files: Int
        /// Artifacts `withheld-cui.csv` lists.
        public let withheld: Int
    }

    /// Checks a bundle from its entries alone (no ledger): every file against the manifest (a
    /// withheld one must be absent and listed with the manifest's hash), the manifest against its
    /// recorded hash and its artifact list against `list_sha256`, the DoD logs against the files
    /// and each other, `SHA256SUMS` against every file, and nothing in the bundle that no bundle
    /// holds. `sha256` hashes bytes (lower-case hex). Findings come in that order.
    /// Throws `LedgerError` `.invalidInput` when the bundle has no `manifest.json`: it is not an
    /// evidence bundle, and nothing can be held to anything.
    public static func check(_ entries: [Entry], sha256: (Data) -> String) throws -> CheckResult {
        var findings = [Finding]()
        func finding(_ file: String, _ problem: String) { findings.append(Finding(file, problem)) }

        // Names first: an entry that would land outside the folder it is extracted to was not read.
        var files = [String: Entry]()
        for e in entries {
            if !isSafe(e.path) {
                finding(shown(e.path), "has a name that is absolute or leaves the bundle's folder ('..', a backslash or a drive letter): it was not read, and must never be extracted")
                continue
            }
            if e.path.hasSuffix("/") { continue }
            if files[e.path] != nil {
                finding(e.path, "is in the ZIP twice: which copy an unzip tool keeps is not defined")
                continue
            }
            if let why = e.unreadable { finding(e.path, why) }
            files[e.path] = e
        }
        func hash(_ path: String) -> String? { files[path]?.sha256 }

        guard let manifestEntry = files[manifest] else {
            throw LedgerError.invalid("the ZIP has no \(manifest), so it is not an evidence bundle evident wrote: make one with 'evident export bundle NAME -o FILE.zip'")
        }
        let manifestData = manifestEntry.data ?? Data()
        var parsed: SnapshotManifest?
        do {
            parsed = try SnapshotManifest.parse(json: String(decoding: manifestData, as: UTF8.self))
        } catch let e as LedgerError {
            finding(manifest, "does not read (\(e.message)): the manifest was edited or damaged, so the artifacts cannot be held to it")
        } catch {
            finding(manifest, "does not read as a snapshot manifest (\(error))")
        }

        // The manifest against the hash recorded beside it.
        if let text = files[manifestHash]?.data {
            let recorded = parseSums(String(decoding: text, as: UTF8.self)).entries.first { $0.path == manifest }
            if let recorded {
                if let actual = hash(manifest), actual != recorded.sha256 {
                    finding(manifest, "hashes to \(actual), but \(manifestHash) records \(recorded.sha256): the manifest was edited")
                }
            } else {
                finding(manifestHash, "is not a line '<sha256>  \(manifest)'")
            }
        } else if files[manifestHash] == nil {
            finding(manifestHash, "is missing: the manifest's own hash is recorded there")
        }

        let recorded = parsed?.artifacts ?? []
        let byPath = Dictionary(recorded.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        if let m = parsed {
            let listHash = sha256(Data(ArtifactList.bytes(m.artifacts)))
            if listHash != m.artifactListSHA256 {
                finding(manifest, "has an artifact list that hashes to \(listHash), not to its list_sha256 \(m.artifactListSHA256): the manifest was edited")
            }
        }

        // The withheld list: each one in the manifest with the same hash, and absent.
        var withheldHash = [String: String]()
        if let w = files[withheld] {
            do {
                for (line, a) in try parseWithheld(w.data ?? Data()) {
                    withheldHash[a.path] = a.sha256
                    guard let m = byPath[a.path] else {
                        if parsed != nil { finding(withheld, "line \(line): \(a.path) is not an artifact of the manifest") }
                        continue
                    }
                    if m.sha256 != a.sha256 || m.bytes != a.bytes {
                        finding(withheld, "line \(line): \(a.path) is listed with sha256 \(a.sha256) (\(a.bytes) bytes), the manifest records \(m.sha256) (\(m.bytes) bytes)")
                    }
                    if files[a.path] != nil {
                        finding(a.path, "is in the bundle, but \(withheld) line \(line) lists it as withheld (CUI)")
                    }
                }
            } catch {
                finding(withheld, error.description.replacingOccurrences(of: "csv line", with: "line"))
            }
        }

        // Every artifact of the manifest: present with its hash, or withheld.
        for a in recorded {
            if let actual = hash(a.path) {
                if actual != a.sha256 { finding(a.path, "hashes to \(actual), but the manifest records \(a.sha256)") }
            } else if files[a.path] == nil && withheldHash[a.path] == nil {
                finding(a.path, "is missing: an artifact of the manifest that the bundle neither holds nor lists in \(withheld)")
            }
        }

        // Nothing a bundle does not hold.
        let known = Set([readme, sums, manifest, manifestHash, withheld, DoDHashLog.artifactsLogName, DoDHashLog.logHashName]
                        + Document.allCases.map(\.path) + OSCALModel.allCases.map(oscalPath))
        for path in files.keys.sorted(by: precedes) where !known.contains(path) && byPath[path] == nil && !isRecordPath(path) {
            if path.hasPrefix("evidence/") {
                finding(path, "is not an artifact of the manifest: it was added to the bundle")
            } else {
                finding(path, "is no file an evidence bundle holds: it was added to the bundle")
            }
        }

        // The DoD logs against the files (or, for one withheld, the hash it is listed with).
        if let log = files[DoDHashLog.artifactsLogName] {
            let name = DoDHashLog.artifactsLogName
            do {
                let rows = try DoDHashLog.parse(log.data ?? Data(), file: name)
                let placement = DoDHashLog.place(rows, known: recorded.map(\.path))
                var listed = Set<String>()
                for (i, row) in rows.enumerated() {
                    let path = placement.ledgerPaths[i] ?? row.path
                    listed.insert(path)
                    let actual = hash(path) ?? (files[path] == nil ? withheldHash[path] : nil)
                    guard let actual else {
                        if files[path] == nil { finding(name, "line \(row.line): \(row.path) is not in the bundle") }
                        continue
                    }
                    if row.hash.lowercased() != actual {
                        let what = files[path] == nil ? "the withheld file is listed with" : "the file in the bundle hashes to"
                        finding(name, "line \(row.line): \(path): the log has SHA256 \(row.hash.isEmpty ? "(none)" : row.hash), \(what) \(actual.uppercased())")
                    }
                    if parsed != nil && byPath[path] == nil { finding(name, "line \(row.line): \(path) is not an artifact of the manifest") }
                }
                for a in recorded where !listed.contains(a.path) {
                    finding(name, "does not list \(a.path), an artifact of the manifest")
                }
            } catch {
                finding(name, tableProblem(error, file: name))
            }
        } else {
            finding(DoDHashLog.artifactsLogName, "is missing: the DoD hash log of the snapshot's artifacts")
        }
        if let logHash = files[DoDHashLog.logHashName] {
            let name = DoDHashLog.logHashName
            do {
                let rows = try DoDHashLog.parse(logHash.data ?? Data(), file: name)
                let actual = hash(DoDHashLog.artifactsLogName)
                if rows.count != 1 || DoDHashLog.fileName(of: rows[0].path) != DoDHashLog.artifactsLogName {
                    finding(name, "does not list the one file \(DoDHashLog.artifactsLogName), as the DoD hashing script writes it")
                } else if let actual, rows[0].hash.lowercased() != actual {
                    finding(name, "line \(rows[0].line): records SHA256 \(rows[0].hash) for \(DoDHashLog.artifactsLogName), which hashes to \(actual.uppercased()): the log was edited")
                }
            } catch {
                finding(name, tableProblem(error, file: name))
            }
        } else {
            finding(DoDHashLog.logHashName, "is missing: the hash of \(DoDHashLog.artifactsLogName) is recorded there")
        }

        // SHA256SUMS against every file but itself.
        if let s = files[sums] {
            let (lines, bad) = parseSums(String(decoding: s.data ?? Data(), as: UTF8.self))
            for n in bad { finding(sums, "line \(n) is not '<sha256>  <path>'") }
            var listed = Set<String>()
            for l in lines {
                listed.insert(l.path)
                guard files[l.path] != nil else {
                    finding(sums, "line \(l.line): \(l.path) is not in the bundle")
                    continue
                }
                if let actual = hash(l.path), actual != l.sha256 {
                    finding(l.path, "hashes to \(actual), but \(sums) line \(l.line) records \(l.sha256)")
                }
            }
            for path in files.keys.sorted(by: precedes) where path != sums && !listed.contains(path) {
                finding(path, "is not listed in \(sums)")
            }
        } else {
            finding(sums, "is missing: it lists the SHA-256 of every file in the bundle")
        }
        return CheckResult(findings: findings, manifest: parsed, files: files.count, withheld: withheldHash.count)
    }

    /// What reading a DoD log found wrong, to follow the log's name: "line 3: ..." or "does not read ...".
    static func tableProblem(_ error: any Error, file: String) -> String {
        guard let e = error as? LedgerError else { return "does not read as the DoD hashing script's table (\(error))" }
        var text = e.message
        if text.hasPrefix(file) { text = String(text.dropFirst(file.count)).trimmingCharacters(in: CharacterSet(charactersIn: ": ")) }
        return text.hasPrefix("line ") ? text : "does not read as the DoD hashing script's table: \(text)"
    }

    /// A name as a message shows it: control characters written as `\u{..}`.
    static func shown(_ path: String) -> String {
        var out = ""
        for s in path.unicodeScalars {
            if s.value < 0x20 || s.value == 0x7F { out += "\\u{\(String(s.value, radix: 16))}" } else { out.unicodeScalars.append(s) }
        }
        return out.isEmpty ? "(an entry without a name)" : out
    }
}
