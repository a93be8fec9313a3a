import Foundation
import Testing
import TestSupport

/// `export hashes NAME --format dod` and `verify NAME --hash-log FILE [--hash-value HEX]`, from the
/// built binary, cross-checked with coreutils' sha256sum and the real git.
@Suite struct DoDHashLogCLITests {
    static let now = ["EVIDENT_NOW": "2026-11-29T12:00:00Z"]

    /// A ledger with three artifacts in two evidence records (one name with a space, one beyond
    /// ASCII) and a snapshot `q4`. Returns the fixture and the snapshot's artifact paths, sorted.
    static func ledger() -> (LedgerFixture, [String]) {
        let f = LedgerFixture(env: now)
        let a = f.artifact("okta-mfa.json", "{\"mfa\": \"all\"}\n")
        let b = f.artifact("admin console.png", "not really a png\n")
        let c = f.artifact("Zugriffsprüfung.txt", "access review, Q4\n")
        for (files, control) in [([a, b], "IAM-MFA"), ([c], "IAM-ACCOUNTS")] {
            let r = f.evident(["evidence", "add"] + files + ["--control", control, "--title", "Evidence", "--collected", "2026-11-20"], env: now)
            precondition(r.status == 0, r.stderr)
        }
        let snap = f.evident(["snapshot", "create", "q4", "--kind", "cmmc-l2-self"], env: now)
        precondition(snap.status == 0, snap.stderr)
        let paths = nonEmptyLines(f.git(["ls-tree", "-r", "--name-only", "HEAD", "--", "evidence"]).stdout)
            .map { unquote($0) }.filter { !$0.hasSuffix("/record.yaml") }.sorted()
        precondition(paths.count == 3, "\(paths)")
        return (f, paths)
    }

    /// git quotes names beyond ASCII ("evidence/.../Zugriffspr\303\274fung.txt"): the name itself.
    static func unquote(_ s: String) -> String {
        guard s.hasPrefix("\""), s.hasSuffix("\"") else { return s }
        var bytes = [UInt8]()
        var chars = Array(s.dropFirst().dropLast().utf8)[...]
        while let c = chars.popFirst() {
            if c == UInt8(ascii: "\\"), chars.count >= 3, let v = UInt8(String(decoding: chars.prefix(3), as: UTF8.self), radix: 8) {
                bytes.append(v)
                chars = chars.dropFirst(3)
            } else if c == UInt8(ascii: "\\"), let n = chars.popFirst() {
                bytes.append(n)
            } else {
                bytes.append(c)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A log in the official script's layout, written here by hand: a blank line, the header
    /// (Algorithm padded to 15, a space, Hash padded to 70, a space, Path), its dashes, one row per
    /// file (SHA256 padded to 15, the upper-case hash padded to 70, the path as `root` + the
    /// ledger path with `separator`, beyond ASCII as `?`), a blank line, CRLF line ends.
    static func officialLog(_ rows: [(path: String, sha256: String)], root: String, separator: String = "\\") -> String {
        var text = "\r\n"
        text += "Algorithm       Hash                                                                   Path\r\n"
        text += "---------       ----                                                                   ----\r\n"
        for r in rows {
            let path = String(String.UnicodeScalarView((root + r.path.replacingOccurrences(of: "/", with: separator)).unicodeScalars.map { $0.isASCII ? $0 : "?" }))
            text += "SHA256          " + r.sha256.uppercased() + "       " + path + "\r\n"
        }
        return text + "\r\n"
    }

    /// Each artifact with its SHA-256 by coreutils from the work tree (the snapshot is HEAD).
    static func hashes(_ f: LedgerFixture, _ paths: [String]) -> [(path: String, sha256: String)] {
        paths.map { ($0, coreutilsSHA256(f.root + "/" + $0)) }
    }

    static func utf16LE(_ text: String) -> Data {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for u in text.utf16 { bytes += [UInt8(u & 0xFF), UInt8(u >> 8)] }
        return Data(bytes)
    }

    // MARK: export hashes --format dod

    @Test func dodLogsFromTheBinaryAgreeWithSha256sumAndAreCRLF() throws {
        let (f, paths) = Self.ledger()
        let out = f.files.path + "/dod"
        let r = f.evident(["export", "hashes", "q4", "--format", "dod", "-o", out], env: Self.now)
        #expect(r.status == 0, "\(r.stderr)")
        let logPath = out + "/CMMCAssessmentArtifacts.log"
        let log = try #require(FileManager.default.contents(atPath: logPath))
        let logHash = try #require(FileManager.default.contents(atPath: out + "/CMMCAssessmentLogHash.log"))
        // The eMASS values: the log's name and its SHA-256 (by coreutils), upper case.
        let sha = coreutilsSHA256(logPath)
        #expect(r.stdout.contains("Hashed Data List: CMMCAssessmentArtifacts.log"), "\(r.stdout)")
        #expect(r.stdout.contains("Hash Value: \(sha.uppercased())"), "\(r.stdout)")
        // ASCII, CRLF only, a blank line first, a blank line last.
        #expect(log.allSatisfy { $0 < 0x80 })
        let bytes = [UInt8](log)
        for (i, b) in bytes.enumerated() where b == 0x0A { #expect(i > 0 && bytes[i - 1] == 0x0D) }
        #expect(!bytes.enumerated().contains { $0.element == 0x0D && ($0.offset + 1 == bytes.count || bytes[$0.offset + 1] != 0x0A) })
        let text = String(decoding: log, as: UTF8.self)
        #expect(text.hasPrefix("\r\nAlgorithm       Hash" + String(repeating: " ", count: 67) + "Path\r\n---------       ----"))
        #expect(text.hasSuffix("\r\n\r\n"))
        // Parsed back here, the way assessors' own tools read the log: a row is SHA256, the hash, the path.
        let rows = text.components(separatedBy: "\r\n").compactMap { line -> (String, String)? in
            guard let m = line.range(of: #"^SHA256 +([0-9A-F]{64}) +(.+)$"#, options: .regularExpression) else { return nil }
            let row = String(line[m])
            return (String(row.dropFirst(16).prefix(64)), String(row.dropFirst(87)))
        }
        let expected = Self.hashes(f, paths)
        #expect(rows.map(\.1) == expected.map { String(String.UnicodeScalarView($0.path.unicodeScalars.map { $0.isASCII ? $0 : "?" })) })
        #expect(rows.map { $0.0.lowercased() } == expected.map(\.sha256))
        // The second log holds the first's hash, at its name.
        #expect(String(decoding: logHash, as: UTF8.self) == "\r\nAlgorithm       Hash" + String(repeating: " ", count: 67) + "Path\r\n"
            + "---------       ----" + String(repeating: " ", count: 67) + "----\r\n"
            + "SHA256          \(sha.uppercased())       CMMCAssessmentArtifacts.log\r\n\r\n")
        // The same snapshot gives the same bytes; the default format is still sha256sum.
        let again = f.files.path + "/dod2"
        #expect(f.evident(["export", "hashes", "q4", "--format", "dod", "-o", again], env: Self.now).status == 0)
        #expect(FileManager.default.contents(atPath: again + "/CMMCAssessmentArtifacts.log") == log)
        let plain = f.evident(["export", "hashes", "q4"], env: Self.now)
        #expect(plain.stdout == expected.map { "\($0.sha256)  \($0.path)\n" }.joined())
        #expect(f.statusPorcelain.isEmpty)
        #expect(f.fsckOutput.isEmpty)
    }

    /// The logs are several files: -o DIR is needed; files in DIR are kept without --force.
    @Test func dodExportRefusesWithoutAFolderAndKeepsFilesWithoutForce() throws {
        let (f, _) = Self.ledger()
        let before = f.state()
        let noDir = f.evident(["export", "hashes", "q4", "--format", "dod"], env: Self.now)
        #expect(noDir.status == 64)
        #expect(noDir.stderr.contains("pass -o DIR"), "\(noDir.stderr)")
        let out = f.files.path + "/dod"
        #expect(f.evident(["export", "hashes", "q4", "--format", "dod", "-o", out], env: Self.now).status == 0)
        f.files.write("dod/CMMCAssessmentLogHash.log", "kept\n")
        let refused = f.evident(["export", "hashes", "q4", "--format", "dod", "-o", out], env: Self.now)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("--force"), "\(refused.stderr)")
        #expect(FileManager.default.contents(atPath: out + "/CMMCAssessmentLogHash.log") == Data("kept\n".utf8))
        #expect(f.evident(["export", "hashes", "q4", "--format", "dod", "-o", out, "--force"], env: Self.now).status == 0)
        #expect(FileManager.default.contents(atPath: out + "/CMMCAssessmentLogHash.log") != Data("kept\n".utf8))
        let unknown = f.evident(["export", "hashes", "q4", "--format", "md5", "-o", out], env: Self.now)
        #expect(unknown.status == 64)
        let missing = f.evident(["export", "hashes", "nope", "--format", "dod", "-o", f.files.path + "/none"], env: Self.now)
        #expect(missing.status == 66)
        #expect(!FileManager.default.fileExists(atPath: f.files.path + "/none"))
        #expect(f.state() == before)
    }

    // MARK: verify --hash-log

    /// A log the script wrote on a Windows checkout, in every form it can arrive in, verifies clean;
    /// so does the log evident exported itself, with its Hash Value.
    @Test func aMatchingLogVerifiesInEveryForm() throws {
        let (f, paths) = Self.ledger()
        let rows = Self.hashes(f, paths)
        let windows = Self.officialLog(rows, root: "C:\\Assessments\\Northwind\\")
        let forms: [(String, Data)] = [
            ("ascii-crlf.log", Data(windows.utf8)),
            ("utf16.log", Self.utf16LE(windows)),
            ("lf.log", Data(windows.replacingOccurrences(of: "\r\n", with: "\n").utf8)),
            ("bom.log", Data([0xEF, 0xBB, 0xBF]) + Data(windows.utf8)),
            ("unc.log", Data(Self.officialLog(rows, root: "\\\\fileserver\\cmmc\\Northwind\\").utf8)),
            ("posix.log", Data(Self.officialLog(rows, root: "/home/assessor/northwind/", separator: "/").utf8)),
            ("evidence-folder.log", Data(Self.officialLog(rows.map { (String($0.path.dropFirst("evidence/".count)), $0.sha256) }, root: "C:\\Hashed\\").utf8)),
        ]
        let before = f.state()
        for (name, data) in forms {
            let file = f.files.path + "/" + name
            #expect(FileManager.default.createFile(atPath: file, contents: data))
            let r = f.evident(["verify", "q4", "--hash-log", file], env: Self.now)
            #expect(r.status == 0, "\(name): \(r.stdout)\(r.stderr)")
            #expect(r.stdout.contains("(3 of 3 hashes match) verified, no findings"), "\(name): \(r.stdout)")
        }
        let json = f.evident(["verify", "q4", "--hash-log", f.files.path + "/unc.log", "--format", "json"], env: Self.now)
        let object = try #require(jsonObject(json.stdout))
        let log = try #require(object["hash_log"] as? [String: Any])
        #expect(log["root"] as? String == "\\\\fileserver\\cmmc\\Northwind\\")
        #expect(log["ledger_folder"] as? String == "")
        #expect(log["matched"] as? Int == 3)
        #expect(log["hash_value_matches"] is NSNull)
        let folder = f.evident(["verify", "q4", "--hash-log", f.files.path + "/evidence-folder.log", "--format", "json"], env: Self.now)
        #expect(((jsonObject(folder.stdout)?["hash_log"]) as? [String: Any])?["ledger_folder"] as? String == "evidence/")
        // evident's own export, with the Hash Value it printed (any case).
        let out = f.files.path + "/dod"
        let export = f.evident(["export", "hashes", "q4", "--format", "dod", "-o", out], env: Self.now)
        let value = coreutilsSHA256(out + "/CMMCAssessmentArtifacts.log")
        #expect(export.stdout.contains(value.uppercased()))
        let own = f.evident(["verify", "q4", "--hash-log", out + "/CMMCAssessmentArtifacts.log", "--hash-value", value.uppercased()], env: Self.now)
        #expect(own.status == 0, "\(own.stdout)\(own.stderr)")
        #expect(f.evident(["verify", "q4", "--hash-log", out + "/CMMCAssessmentArtifacts.log", "--hash-value", value], env: Self.now).status == 0)
        #expect(f.state() == before)
        #expect(f.statusPorcelain.isEmpty)
        #expect(f.fsckOutput.isEmpty)
    }

    /// A tampered log: one hash changed, one file the snapshot lacks, one artifact left out, and a
    /// Hash Value that is not the log's. One line per finding, exit 2.
    @Test func eachFindingKindIsOneLineAndExitTwo() throws {
        let (f, paths) = Self.ledger()
        var rows = Self.hashes(f, paths)
        let changed = rows[0].path
        rows[0].sha256 = String(repeating: "0", count: 64)
        let left = rows.remove(at: 1).path
        rows.append(("evidence/2026/11/EV-20261120-ZZZZZZ/extra.pdf", String(repeating: "a", count: 64)))
        let file = f.files.path + "/tampered.log"
        #expect(FileManager.default.createFile(atPath: file, contents: Data(Self.officialLog(rows, root: "C:\\Assessments\\Northwind\\").utf8)))
        let before = f.state()
        let r = f.evident(["verify", "q4", "--hash-log", file], env: Self.now)
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        let lines = nonEmptyLines(r.stdout)
        #expect(lines.count == 3, "\(r.stdout)")
        #expect(lines.contains { $0.hasPrefix("q4: \(file) line 4: \(changed): the log has SHA256 \(String(repeating: "0", count: 64))") }, "\(lines)")
        #expect(lines.contains { $0 == "q4: \(file) line 6: evidence/2026/11/EV-20261120-ZZZZZZ/extra.pdf is not in the snapshot" }, "\(lines)")
        #expect(lines.contains { $0 == "q4: \(left): a snapshot artifact the log does not list" }, "\(lines)")
        // The right log with a wrong Hash Value: one finding.
        let good = f.files.path + "/good.log"
        let goodText = Self.officialLog(Self.hashes(f, paths), root: "C:\\Assessments\\Northwind\\")
        #expect(FileManager.default.createFile(atPath: good, contents: Data(goodText.utf8)))
        let wrong = f.evident(["verify", "q4", "--hash-log", good, "--hash-value", String(repeating: "AB", count: 32)], env: Self.now)
        #expect(wrong.status == 2)
        #expect(nonEmptyLines(wrong.stdout).count == 1)
        #expect(wrong.stdout.contains("not to the Hash Value given (\(String(repeating: "AB", count: 32)))"), "\(wrong.stdout)")
        let right = f.evident(["verify", "q4", "--hash-log", good, "--hash-value", coreutilsSHA256(good)], env: Self.now)
        #expect(right.status == 0, "\(right.stdout)")
        #expect(f.state() == before)
    }

    /// Bad input: exit 65 naming the file and line, or the flag; 64 for a wrong combination; 66
    /// for a missing log. Nothing is written.
    @Test func badLogsAndValuesAreRefused() throws {
        let (f, paths) = Self.ledger()
        let before = f.state()
        let garbled = f.files.write("garbled.log", "\r\nAlgorithm Hash Path\r\n--------- ---- ----\r\nSHA256 1234 C:\\x\r\n")
        let g = f.evident(["verify", "q4", "--hash-log", garbled], env: Self.now)
        #expect(g.status == 65)
        #expect(g.stderr.contains("\(garbled) line 4: '1234' is not a SHA-256 hash"), "\(g.stderr)")
        let binary = f.files.path + "/binary.log"
        #expect(FileManager.default.createFile(atPath: binary, contents: pngLikeBytes))
        let b = f.evident(["verify", "q4", "--hash-log", binary], env: Self.now)
        #expect(b.status == 65)
        #expect(b.stderr.contains("\(binary) line 1"), "\(b.stderr)")
        let good = f.files.write("good.log", Self.officialLog(Self.hashes(f, paths), root: "C:\\A\\"))
        let v = f.evident(["verify", "q4", "--hash-log", good, "--hash-value", "12ab"], env: Self.now)
        #expect(v.status == 65)
        #expect(v.stderr.contains("--hash-value '12ab' is not a SHA-256 hash"), "\(v.stderr)")
        #expect(f.evident(["verify", "--hash-log", good], env: Self.now).status == 64)
        #expect(f.evident(["verify", "q4", "--hash-value", coreutilsSHA256(good)], env: Self.now).status == 64)
        let missing = f.evident(["verify", "q4", "--hash-log", f.files.path + "/none.log"], env: Self.now)
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("--hash-log \(f.files.path)/none.log: no such file"), "\(missing.stderr)")
        #expect(f.evident(["verify", "nope", "--hash-log", good], env: Self.now).status == 66)
        // The hash of the log given in place of the log: named, with what to do.
        let out = f.files.path + "/dod"
        #expect(f.evident(["export", "hashes", "q4", "--format", "dod", "-o", out], env: Self.now).status == 0)
        let swapped = f.evident(["verify", "q4", "--hash-log", out + "/CMMCAssessmentLogHash.log"], env: Self.now)
        #expect(swapped.status == 65)
        #expect(swapped.stderr.contains("give CMMCAssessmentArtifacts.log to --hash-log"), "\(swapped.stderr)")
        #expect(f.state() == before)
        #expect(f.statusPorcelain.isEmpty)
    }
}

/// The exports on the demo ledger: evident's own DoD log of its newest snapshot agrees with
/// Python's hashlib over the checked-out files and verifies, as does a Windows log of the same
/// files; the evidence index lists every artifact git holds.
@Suite struct DemoLedgerExportTests {
    @Test func demoSnapshotLogsAndIndexAgreeWithTheFiles() throws {
        let work = TemporaryDirectory("evident-demo")
        let root = work.path + "/demo"
        let demo = Processes.evident(["demo", root], cwd: work.path)
        #expect(demo.status == 0, "\(demo.stderr)")
        let list = try #require((try? JSONSerialization.jsonObject(with: Data(Processes.evident(["snapshot", "list", "--format", "json"], cwd: root).stdout.utf8))) as? [[String: Any]])
        let newest = try #require(list.last?["name"] as? String)
        let out = work.path + "/dod"
        let export = Processes.evident(["export", "hashes", newest, "--format", "dod", "-o", out], cwd: root)
        #expect(export.status == 0, "\(export.stderr)")
        let log = String(decoding: FileManager.default.contents(atPath: out + "/CMMCAssessmentArtifacts.log") ?? Data(), as: UTF8.self)
        let rows = log.components(separatedBy: "\r\n").filter { $0.hasPrefix("SHA256 ") }.map { (hash: String($0.dropFirst(16).prefix(64)), path: String($0.dropFirst(87))) }
        #expect(rows.count > 100)
        // Python's hashlib over the files as checked out (artifacts are never rewritten).
        let script = "import hashlib, sys\nfor p in sys.argv[1:]:\n    print(hashlib.sha256(open(p, 'rb').read()).hexdigest())\n"
        let py = Processes.run("/usr/bin/env", ["python3", "-c", script] + rows.map(\.path), cwd: root)
        #expect(nonEmptyLines(py.stdout) == rows.map { $0.hash.lowercased() })
        #expect(Processes.evident(["verify", newest, "--hash-log", out + "/CMMCAssessmentArtifacts.log"], cwd: root).status == 0)
        let windows = DoDHashLogCLITests.officialLog(rows.map { ($0.path, $0.hash) }, root: "C:\\Assessments\\Demo\\")
        let file = work.write("windows.log", windows)
        let v = Processes.evident(["verify", newest, "--hash-log", file], cwd: root)
        #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
        #expect(v.stdout.contains("(\(rows.count) of \(rows.count) hashes match)"), "\(v.stdout)")
        // The index: one row per artifact at HEAD (paths as git lists them), plus one per no-occurrence record.
        let csv = work.path + "/index.csv"
        #expect(Processes.evident(["export", "evidence", "-o", csv], cwd: root).status == 0)
        let reader = "import csv, sys\nrows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8-sig')))\nfor r in rows:\n    print(r['path'] if r['no_occurrence'] == 'false' else '-')\n"
        let paths = nonEmptyLines(Processes.run("/usr/bin/env", ["python3", "-c", reader, csv], cwd: "/").stdout)
        let tracked = nonEmptyLines(Processes.git(["ls-files", "evidence"], cwd: root).stdout).filter { !$0.hasSuffix("/record.yaml") }
        #expect(paths.filter { $0 != "-" }.sorted() == tracked.sorted())
        #expect(Processes.git(["status", "--porcelain"], cwd: root).stdout.isEmpty)
    }
}
