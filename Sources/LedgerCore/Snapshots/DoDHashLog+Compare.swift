import Foundation

/// Holding a log the DoD hashing script wrote on the assessor's machine to a snapshot.
///
/// The script writes each file's full path there (`C:\Assessments\Northwind\evidence\2026\...`,
/// `\\server\share\...`, `/home/...`), so before anything can be compared the log's root must be
/// found: the folder its paths start with, and the ledger folder that root stands for (the
/// assessor may have hashed the whole ledger, its `evidence` folder, or a copy of one evidence
/// folder). Each path votes for every (root, ledger folder) pair under which its tail is exactly
/// one snapshot artifact's path; the pair with most votes wins (ties: the ledger folder nearest
/// the ledger root, then the deepest root). Paths are compared case-sensitively below the root
/// (Windows keeps the case git checked out), the root itself case-insensitively (drive letters).
/// A `?` in the log stands for a character beyond ASCII, which .NET's ASCII encoding writes so.
extension DoDHashLog {
    /// Where the log's paths are rooted, and what each names in the ledger.
    public struct Placement: Equatable, Sendable {
        /// The folder the log's paths start with, as the log writes it, ending in its separator
        /// (`C:\Assessments\Northwind\`); empty when the paths are relative.
        public let root: String
        /// The ledger folder the root stands for: empty for the ledger root, else ending in `/`
        /// (`evidence/` when the script hashed the evidence folder).
        public let ledgerFolder: String
        /// Per entry: its path below the root, with `/` between names; nil when not below the root.
        public let relative: [String?]
        /// Per entry: the ledger path it names (nil when not below the root).
        public let ledgerPaths: [String?]
    }

    /// The last name of a path the log writes (Windows or POSIX separators).
    public static func fileName(of path: String) -> String {
        SplitPath(path).names.last ?? ""
    }

    /// A log path cut into its names, with what comes before the first one.
    struct SplitPath {
        /// `//` for a UNC path, `/` for a rooted one, empty for a relative one or a drive (`C:` is the first name).
        let marker: String
        let names: [String]
        let separator: String

        init(_ path: String) {
            separator = path.contains("\\") ? "\\" : "/"
            if path.hasPrefix("\\\\") || path.hasPrefix("//") {
                marker = "//"
            } else if path.hasPrefix("\\") || path.hasPrefix("/") {
                marker = "/"
            } else {
                marker = ""
            }
            names = path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).map(String.init)
        }

        /// The first `count` names as a comparable key (case-insensitive: Windows roots).
        func rootKey(_ count: Int) -> String {
            marker + names.prefix(count).joined(separator: "/").lowercased()
        }

        /// The first `count` names as the log writes them, ending in the separator.
        func rootText(_ count: Int) -> String {
            let lead = marker == "//" ? separator + separator : marker == "/" ? separator : ""
            return lead + names.prefix(count).joined(separator: separator) + (count > 0 ? separator : "")
        }
    }

    /// Finds the log's root among `known` ledger paths (the snapshot's artifacts) and names what
    /// each entry is in the ledger.
    public static func place(_ entries: [Entry], known: [String]) -> Placement {
        // Every tail of every known path (by whole names), folded to ASCII as the log writes it,
        // with the ledger folder before it; a tail two folders share decides nothing.
        enum Slot { case one(String), many }
        var tails = [String: Slot]()
        var folded = [String: Slot]()
        for path in known {
            let names = path.split(separator: "/")
            for k in 0..<names.count {
                let key = ascii(names[k...].joined(separator: "/"))
                let folder = k == 0 ? "" : names[..<k].joined(separator: "/") + "/"
                switch tails[key] {
                case nil: tails[key] = .one(folder)
                case .one(let f) where f != folder: tails[key] = .many
                default: break
                }
            }
            let whole = ascii(path)
            switch folded[whole] {
            case nil: folded[whole] = .one(path)
            case .one(let p) where p != path: folded[whole] = .many
            default: break
            }
        }
        struct Candidate: Hashable {
            let rootKey: String
            let folder: String
        }
        let split = entries.map { SplitPath($0.path) }
        var votes = [Candidate: Int]()
        var depth = [String: Int]()
        var text = [String: String]()
        for s in split {
            var seen = Set<Candidate>()
            for j in 0..<s.names.count {
                guard case .one(let folder)? = tails[ascii(s.names[j...].joined(separator: "/"))] else { continue }
                let c = Candidate(rootKey: s.rootKey(j), folder: folder)
                guard seen.insert(c).inserted else { continue }
                votes[c, default: 0] += 1
                if depth[c.rootKey] == nil {
                    depth[c.rootKey] = j
                    text[c.rootKey] = s.rootText(j)
                }
            }
        }
        func folderDepth(_ f: String) -> Int { f.split(separator: "/").count }
        let best = votes.max { a, b in
            if a.value != b.value { return a.value < b.value }
            if folderDepth(a.key.folder) != folderDepth(b.key.folder) { return folderDepth(a.key.folder) > folderDepth(b.key.folder) }
            if (depth[a.key.rootKey] ?? 0) != (depth[b.key.rootKey] ?? 0) { return (depth[a.key.rootKey] ?? 0) < (depth[b.key.rootKey] ?? 0) }
            return (a.key.rootKey, a.key.folder) > (b.key.rootKey, b.key.folder)
        }?.key
        // No path names a known file: the root is the folder all of them share.
        var rootKey: String
        var rootDepth: Int
        var rootText: String
        let folder: String
        if let best, let j = depth[best.rootKey], let t = text[best.rootKey] {
            (rootKey, rootDepth, rootText, folder) = (best.rootKey, j, t, best.folder)
        } else {
            folder = ""
            if let first = split.first {
                var common = max(0, first.names.count - 1)
                for s in split.dropFirst() {
                    common = min(common, max(0, s.names.count - 1))
                    while common > 0, s.rootKey(common) != first.rootKey(common) { common -= 1 }
                }
                if split.contains(where: { $0.marker != first.marker }) { common = 0 }
                (rootKey, rootDepth, rootText) = (first.rootKey(common), common, first.rootText(common))
            } else {
                (rootKey, rootDepth, rootText) = ("", 0, "")
            }
        }
        let knownSet = Set(known)
        var relative = [String?]()
        var ledger = [String?]()
        for s in split {
            guard s.names.count > rootDepth, s.rootKey(rootDepth) == rootKey else {
                relative.append(nil)
                ledger.append(nil)
                continue
            }
            let rel = s.names[rootDepth...].joined(separator: "/")
            relative.append(rel)
            var path = folder + rel
            // `?` for a character beyond ASCII: the one known path it can be.
            if !knownSet.contains(path), path.contains("?"), path.unicodeScalars.allSatisfy(\.isASCII), case .one(let p)? = folded[path] {
                path = p
            }
            ledger.append(path)
        }
        return Placement(root: rootText, ledgerFolder: folder, relative: relative, ledgerPaths: ledger)
    }

    /// One difference between a log and a snapshot.
    public enum Finding: Equatable, Sendable {
        /// The log lists a file (below its root) that the snapshot does not hold.
        case notInSnapshot(line: Int, path: String)
        /// The log lists a file outside the root its other files share.
        case outsideRoot(line: Int, path: String)
        /// The log's hash of a file is not the snapshot's (lower-case hex both).
        case hashDiffers(line: Int, path: String, logged: String, recorded: String)
        /// The log lists a file without a hash (the script could not read it).
        case noHash(line: Int, path: String)
        /// A second line for a file already listed.
        case listedTwice(line: Int, path: String, firstLine: Int)
        /// A snapshot artifact the log does not list.
        case absentFromLog(path: String)
    }

    /// What comparing a log with a snapshot found.
    public struct Comparison: Equatable, Sendable {
        /// In the log's order, then the artifacts the log lacks by path.
        public let findings: [Finding]
        /// Entries that are no part of any snapshot and were left out: a clone's `.git` folder
        /// and the script's own two logs at the root (from an earlier run). Their lines.
        public let ignored: [Int]
        /// Entries whose hash equals the snapshot's.
        public let matched: Int
    }

    /// Compares the log with the snapshot: `artifacts` (what the snapshot's manifest lists, every
    /// one of which the log must hold) and `otherFiles` (other files of the snapshot's tree the
    /// log names: record.yaml, controls, with their SHA-256).
    public static func compare(_ entries: [Entry], placement: Placement, artifacts: [ArtifactHash], otherFiles: [String: String]) -> Comparison {
        let recorded = Dictionary(artifacts.map { ($0.path, $0.sha256.lowercased()) }, uniquingKeysWith: { a, _ in a })
        var findings = [Finding]()
        var ignored = [Int]()
        var matched = 0
        var firstLine = [String: Int]()
        for (i, e) in entries.enumerated() {
            guard let rel = placement.relative[i], let path = placement.ledgerPaths[i] else {
                findings.append(.outsideRoot(line: e.line, path: e.path))
                continue
            }
            if rel == ".git" || rel.hasPrefix(".git/") || rel == artifactsLogName || rel == logHashName {
                ignored.append(e.line)
                continue
            }
            if let first = firstLine[path] {
                findings.append(.listedTwice(line: e.line, path: path, firstLine: first))
                continue
            }
            firstLine[path] = e.line
            guard let sha = recorded[path] ?? otherFiles[path] else {
                findings.append(.notInSnapshot(line: e.line, path: path))
                continue
            }
            if e.hash.isEmpty {
                findings.append(.noHash(line: e.line, path: path))
            } else if e.hash.lowercased() != sha {
                findings.append(.hashDiffers(line: e.line, path: path, logged: e.hash.lowercased(), recorded: sha))
            } else {
                matched += 1
            }
        }
        for a in artifacts.map(\.path).sorted() where firstLine[a] == nil {
            findings.append(.absentFromLog(path: a))
        }
        return Comparison(findings: findings, ignored: ignored, matched: matched)
    }
}
