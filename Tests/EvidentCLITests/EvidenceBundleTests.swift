import Crypto
import Foundation
import Testing
import TestSupport

/// `evident export bundle NAME -o FILE.zip [--for cmmc|soc2]` and `evident verify --bundle FILE.zip`
/// from the built binary, the ZIP read back with Python's zipfile and Info-ZIP's unzip, the
/// extracted files checked with coreutils' sha256sum, and tampered bundles rewritten with Python.
///
/// The hand-built ledger (`Bundle.make`): init with the starter controls (cmmc-l2 and soc2), two
/// evidence records collected on 2026-06-01 for IAM-MFA, A with `mfa.json` ("{\"users\": 3}\n",
/// 13 bytes, classification internal, the default) and B with `scan.txt` ("scan\n", 5 bytes,
/// classification cui), then snapshot s1 (cmmc-l2-self, as of 2026-06-01). The system section is
/// not set, so SPRS (name, scope, CAGE codes, SSP version and date) and the OSCAL SSP (name,
/// description, boundary) cannot be computed: the bundle leaves sprs.* and oscal/ out. So, by hand,
/// the CMMC bundle holds 14 files:
///
///     CMMCAssessmentArtifacts.log, CMMCAssessmentLogHash.log, README.txt, SHA256SUMS,
///     documents/poam.csv, documents/poam.json, documents/ssp.html, documents/ssp.md,
///     evidence/2026/06/<A>/mfa.json, evidence/2026/06/<A>/record.yaml,
///     evidence/2026/06/<B>/record.yaml, evidence/2026/06/<B>/scan.txt,
///     manifest.json, manifest.json.sha256
///
/// and the SOC 2 bundle 9: the same without B's two files and the four documents, with
/// withheld-cui.csv. Both list their entries by the bytes of their paths (`LC_ALL=C sort`).
final class Bundle: @unchecked Sendable {
    let f: LedgerFixture
    let a: String
    let b: String
    let out = TemporaryDirectory("evident-bundle")

    init() {
        f = LedgerFixture(env: nowEnv)
        a = f.addEvidence("mfa.json", "{\"users\": 3}\n")
        let r = f.add([f.artifact("scan.txt", "scan\n")], title: "Vulnerability scan of the enclave", ["--classification", "cui"])
        precondition(r.status == 0, r.stderr)
        b = trimmed(r.stdout)
        let s = f.evident(["snapshot", "create", "s1", "--kind", "cmmc-l2-self"], env: nowEnv)
        precondition(s.status == 0, s.stderr)
        // Both bundles are written here, once: the tests that read them run in parallel.
        for audience in ["cmmc", "soc2"] {
            let r = f.evident(["export", "bundle", "s1", "-o", out.file("s1-\(audience).zip"), "--for", audience], env: nowEnv)
            precondition(r.status == 0, r.stderr)
        }
    }

    static let shared = Bundle()

    func export(_ args: [String], env: [String: String] = [:]) -> ProcessResult {
        f.evident(["export", "bundle"] + args, env: nowEnv.merging(env) { _, n in n })
    }

    /// The bundle of s1 for `audience` (cmmc or soc2).
    func zip(_ audience: String) -> String { out.file("s1-\(audience).zip") }
}

/// Python helpers: the ZIP's names, extraction, and rewriting a ZIP with one change.
enum Zip {
    static let python = "/usr/bin/python3"

    static func run(_ script: String, _ args: [String]) -> ProcessResult {
        Processes.run(python, ["-c", script] + args, cwd: "/")
    }

    static func names(_ zip: String) -> [String] {
        nonEmptyLines(run("import sys, zipfile\nfor n in zipfile.ZipFile(sys.argv[1]).namelist(): print(n)", [zip]).stdout)
    }

    /// Each entry's date, mode, compression, extra field length and system, one line each.
    static func infos(_ zip: String) -> [String] {
        nonEmptyLines(run("""
        import sys, zipfile
        for i in zipfile.ZipFile(sys.argv[1]).infolist():
            print(i.date_time, oct(i.external_attr >> 16), i.compress_type, len(i.extra), i.create_system, len(i.comment))
        """, [zip]).stdout)
    }

    static func extract(_ zip: String, to dir: String) -> Bool {
        run("import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nz.extractall(sys.argv[2])", [zip, dir]).status == 0
    }

    static func read(_ zip: String, _ name: String) -> Data {
        let r = run("import sys, zipfile\nsys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).hex())", [zip, name])
        return Data(hex: r.stdout)
    }

    /// Writes `dst`: `src` with one change. `op` is flip NAME (the first byte xor 1), drop NAME,
    /// add NAME, replace NAME OLD NEW (the first OLD in NAME's text), or add-raw NAME (an entry
    /// named NAME as is, such as ../evil.txt).
    static func rewrite(_ src: String, _ dst: String, _ op: [String]) -> Bool {
        run("""
        import sys, zipfile
        src, dst, op, name = sys.argv[1:5]
        zin = zipfile.ZipFile(src)
        zout = zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED)
        found = op.startswith('add')
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == name:
                found = True
                if op == 'drop': continue
                if op == 'flip': data = bytes([data[0] ^ 1]) + data[1:]
                if op == 'replace':
                    assert sys.argv[5].encode() in data
                    data = data.replace(sys.argv[5].encode(), sys.argv[6].encode(), 1)
            zout.writestr(info, data)
        if op.startswith('add'): zout.writestr(zipfile.ZipInfo(name), b'added\\n')
        zout.close()
        assert found, name
        """, [src, dst] + op).status == 0
    }
}

extension Data {
    init(hex: String) {
        var bytes = [UInt8]()
        var it = hex.utf8.makeIterator()
        while let h = it.next(), let l = it.next() {
            func v(_ c: UInt8) -> UInt8 { c >= 97 ? c - 87 : c - 48 }
            bytes.append(v(h) << 4 | v(l))
        }
        self.init(bytes)
    }
}

@Suite struct EvidenceBundleTests {
    static var bundle: Bundle { Bundle.shared }

    /// The folder of an evidence id, as it lands on 2026-06-01.
    static func folder(_ id: String) -> String { "\(fixedMonthFolder)/\(id)" }

    /// Sorted by bytes, as `LC_ALL=C sort` (and the bundle) sorts.
    static func byteSorted(_ names: [String]) -> [String] { names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }

    static func expectClean(_ f: LedgerFixture) {
        #expect(f.statusPorcelain.isEmpty, "\(f.statusPorcelain)")
        let fsck = f.git(["fsck", "--strict", "--no-progress"])
        #expect(fsck.status == 0 && (fsck.stdout + fsck.stderr).isEmpty, "\(fsck.stdout)\(fsck.stderr)")
    }

    static func verify(_ zip: String, cwd: String = "/") -> ProcessResult {
        Processes.evident(["verify", "--bundle", zip], cwd: cwd)
    }

    @Test func theCMMCBundleHoldsTheFilesWorkedOutByHandAndChecksWithStockTools() throws {
        let s = Self.bundle
        let zip = s.zip("cmmc")
        let a = Self.folder(s.a), b = Self.folder(s.b)
        let expected = ["CMMCAssessmentArtifacts.log", "CMMCAssessmentLogHash.log", "README.txt", "SHA256SUMS",
                        "documents/poam.csv", "documents/poam.json", "documents/ssp.html", "documents/ssp.md",
                        "\(a)/mfa.json", "\(a)/record.yaml", "\(b)/record.yaml", "\(b)/scan.txt", "manifest.json", "manifest.json.sha256"]
        #expect(Zip.names(zip) == Self.byteSorted(expected))
        // Every entry: 2026-06-01 00:00 (the as-of day), a regular file 0644, deflated (8), no
        // extra field, made on Unix (3), no comment.
        #expect(Zip.infos(zip) == Array(repeating: "(2026, 6, 1, 0, 0, 0) 0o100644 8 0 3 0", count: 14))
        let t = Processes.run("/usr/bin/unzip", ["-t", zip], cwd: "/")
        #expect(t.status == 0 && t.stdout.contains("No errors detected"), "\(t.stdout)\(t.stderr)")

        let dir = s.out.file("extracted-cmmc")
        #expect(Zip.extract(zip, to: dir))
        let sums = Processes.run("/usr/bin/sha256sum", ["-c", "SHA256SUMS"], cwd: dir)
        #expect(sums.status == 0, "\(sums.stdout)\(sums.stderr)")
        // 13 lines: every file but SHA256SUMS itself.
        #expect(nonEmptyLines(sums.stdout).count == 13 && nonEmptyLines(sums.stdout).allSatisfy { $0.hasSuffix(": OK") })
        #expect(Processes.run("/usr/bin/sha256sum", ["-c", "manifest.json.sha256"], cwd: dir).status == 0)

        // The artifacts and records are the committed blobs, byte for byte.
        for path in ["\(a)/mfa.json", "\(a)/record.yaml", "\(b)/record.yaml", "\(b)/scan.txt"] {
            #expect(s.f.gitBlobID(ofFile: dir + "/" + path) == s.f.gitBlobID(at: "assessment/s1", path), "\(path)")
        }
        #expect(FileManager.default.contents(atPath: "\(dir)/\(b)/scan.txt") == Data("scan\n".utf8))
        // manifest.json is the text between the tag message's markers, with a newline after it.
        let message = s.f.git(["cat-file", "tag", "assessment/s1"]).stdout
        let begin = try #require(message.range(of: "-----BEGIN EVIDENT MANIFEST-----\n"))
        let end = try #require(message.range(of: "\n-----END EVIDENT MANIFEST-----"))
        #expect(FileManager.default.contents(atPath: dir + "/manifest.json") == Data((String(message[begin.upperBound..<end.lowerBound]) + "\n").utf8))
        // The DoD logs are export hashes --format dod's, byte for byte.
        let logs = s.out.file("dod")
        #expect(s.f.evident(["export", "hashes", "s1", "--format", "dod", "-o", logs]).status == 0)
        for log in ["CMMCAssessmentArtifacts.log", "CMMCAssessmentLogHash.log"] {
            #expect(FileManager.default.contents(atPath: dir + "/" + log) == FileManager.default.contents(atPath: logs + "/" + log), "\(log)")
        }
        // The documents are the exports' own at the snapshot.
        for (file, args) in [("documents/ssp.md", ["ssp"]), ("documents/ssp.html", ["ssp", "--format", "html"]),
                             ("documents/poam.csv", ["poam"]), ("documents/poam.json", ["poam", "--format", "json"])] {
            let r = s.f.evident(["export"] + args + ["--at", "s1"], env: nowEnv)
            #expect(FileManager.default.contents(atPath: dir + "/" + file) == Data(r.stdout.utf8), "\(file)")
        }
        let readme = String(decoding: FileManager.default.contents(atPath: dir + "/README.txt") ?? Data(), as: UTF8.self)
        #expect(readme.hasPrefix("Evidence bundle of snapshot s1 (cmmc-l2-self), Test Org, as of 2026-06-01\n"))
        for needed in ["sha256sum -c SHA256SUMS", "Get-FileHash -Algorithm SHA256 CMMCAssessmentArtifacts.log", "evident verify --bundle FILE.zip",
                       "documents/sprs.txt, documents/sprs.json\n    Not in this bundle: SPRS asks for name", "oscal/\n    Not in this bundle:"] {
            #expect(readme.contains(needed), "README.txt lacks \(needed)")
        }
        Self.expectClean(s.f)
    }

    @Test func theSameSnapshotGivesTheSameBytesAndAnExistingFileIsKept() throws {
        let s = Self.bundle
        let first = s.zip("cmmc")
        let again = s.out.file("again.zip")
        // Another time zone and another clock: neither reaches the bytes.
        let r = s.export(["s1", "-o", again], env: ["TZ": "Pacific/Kiritimati", "EVIDENT_NOW": "2027-03-01T23:59:00Z"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Processes.run("/usr/bin/cmp", [first, again], cwd: "/").status == 0)
        // Standard output takes the same bytes with -o -.
        let piped = s.out.file("piped.zip")
        let sh = Processes.run("/bin/sh", ["-c", "\"$0\" export bundle s1 -o - > \"$1\"", Processes.evidentPath, piped], cwd: s.f.root,
                               environment: Isolation.environment(nowEnv))
        #expect(sh.status == 0 && sh.stderr.contains("Wrote standard output: snapshot s1"), "\(sh.stderr)")
        #expect(sh.stderr.contains("once saved as FILE.zip, with 'evident verify --bundle FILE.zip'"), "\(sh.stderr)")
        #expect(Processes.run("/usr/bin/cmp", [first, piped], cwd: "/").status == 0)

        let before = try #require(FileManager.default.contents(atPath: again))
        let refused = s.export(["s1", "-o", again])
        #expect(refused.status == 65 && refused.stderr.contains("-o \(again) exists: pass --force"), "\(refused.stderr)")
        #expect(FileManager.default.contents(atPath: again) == before)
        #expect(s.export(["s1", "-o", again, "--force"]).status == 0)
        Self.expectClean(s.f)
    }

    /// B is cui: its artifact and record stay out; withheld-cui.csv names the artifact with the
    /// manifest's hash of "scan\n" (sha256sum) and its 5 bytes; the documents stay out too.
    @Test func theSOC2BundleLeavesOutTheCUIAndListsIt() throws {
        let s = Self.bundle
        let zip = s.zip("soc2")
        let a = Self.folder(s.a), b = Self.folder(s.b)
        #expect(Zip.names(zip) == Self.byteSorted(["CMMCAssessmentArtifacts.log", "CMMCAssessmentLogHash.log", "README.txt", "SHA256SUMS",
                                                   "\(a)/mfa.json", "\(a)/record.yaml", "manifest.json", "manifest.json.sha256", "withheld-cui.csv"]))
        let scanSHA = coreutilsSHA256(s.f.root + "/\(b)/scan.txt")
        #expect(String(decoding: Zip.read(zip, "withheld-cui.csv"), as: UTF8.self)
                == "\u{FEFF}evidence_id,path,sha256,bytes\r\n\(s.b),\(b)/scan.txt,\(scanSHA),5\r\n")
        // The fingerprint stays as recorded: the same manifest and DoD logs as the CMMC bundle's.
        let cmmc = s.zip("cmmc")
        for file in ["manifest.json", "CMMCAssessmentArtifacts.log", "CMMCAssessmentLogHash.log"] {
            #expect(Zip.read(zip, file) == Zip.read(cmmc, file), "\(file)")
        }
        let dir = s.out.file("extracted-soc2")
        #expect(Zip.extract(zip, to: dir))
        #expect(Processes.run("/usr/bin/sha256sum", ["-c", "SHA256SUMS"], cwd: dir).status == 0)
        let cui = Processes.run("/bin/grep", ["-rl", "classification: cui", "."], cwd: dir)
        #expect(cui.status == 1 && cui.stdout.isEmpty, "\(cui.stdout)")
        let readme = String(decoding: Zip.read(zip, "README.txt"), as: UTF8.self)
        #expect(readme.contains("For a SOC 2 CPA firm, which is not the assessor of CUI: the artifacts classified cui (1\nartifact of 1 evidence record)"))
        let v = Self.verify(zip)
        #expect(v.status == 0 && v.stdout == "ok: bundle \(zip) (snapshot s1, 9 files, 1 CUI artifact withheld) verified, no findings\n", "\(v.stdout)\(v.stderr)")
    }

    /// verify --bundle runs in / (no ledger there) without -C: the ZIP alone is checked.
    @Test func verifyNeedsNoLedgerAndFindsEachTampering() throws {
        let s = Self.bundle
        let zip = s.zip("cmmc")
        let clean = Self.verify(zip)
        #expect(clean.status == 0 && clean.stdout == "ok: bundle \(zip) (snapshot s1, 14 files) verified, no findings\n", "\(clean.stdout)\(clean.stderr)")
        let a = Self.folder(s.a)
        let mfa = "\(a)/mfa.json"
        let mfaSHA = coreutilsSHA256(s.f.root + "/" + mfa)
        // The DoD log's rows start on its line 4 (a blank line, the header, its dashes), by path:
        // MFA's row is line 4 or 5 as A's random id sorts before or after B's.
        let mfaLine = 4 + (Self.byteSorted([mfa, "\(Self.folder(s.b))/scan.txt"]).firstIndex(of: mfa) ?? 0)
        // "{" is 0x7B; xor 1 makes it "z": the file is "z\"users\": 3}\n".
        let flipped = s.f.files.write("flipped.json", "z\"users\": 3}\n")
        let flippedSHA = coreutilsSHA256(flipped)
        let cases: [(op: [String], line: String)] = [
            (["flip", mfa], "\(mfa) hashes to \(flippedSHA), but the manifest records \(mfaSHA)"),
            (["drop", mfa], "\(mfa) is missing: an artifact of the manifest that the bundle neither holds nor lists in withheld-cui.csv"),
            (["add", "\(a)/extra.txt"], "\(a)/extra.txt is not an artifact of the manifest: it was added to the bundle"),
            (["add", "notes.txt"], "notes.txt is no file an evidence bundle holds: it was added to the bundle"),
            (["replace", "manifest.json", "\"kind\": \"cmmc-l2-self\"", "\"kind\": \"cmmc-l2-c3pao\""], "manifest.json hashes to "),
            (["replace", "CMMCAssessmentArtifacts.log", mfaSHA.uppercased(), flippedSHA.uppercased()],
             "CMMCAssessmentArtifacts.log line \(mfaLine): \(mfa): the log has SHA256 \(flippedSHA.uppercased()), the file in the bundle hashes to \(mfaSHA.uppercased())"),
            (["drop", "SHA256SUMS"], "SHA256SUMS is missing: it lists the SHA-256 of every file in the bundle"),
        ]
        for (i, c) in cases.enumerated() {
            let bad = s.out.file("tampered-\(i).zip")
            #expect(Zip.rewrite(zip, bad, c.op), "\(c.op)")
            let r = Self.verify(bad)
            #expect(r.status == 2, "\(c.op): \(r.status) \(r.stdout)\(r.stderr)")
            #expect(nonEmptyLines(r.stdout).contains { $0.hasPrefix(c.line) }, "\(c.op): \(r.stdout)")
        }
        // An edited DoD row also breaks the hash CMMCAssessmentLogHash.log records (its one row is its line 4).
        let row = Self.verify(s.out.file("tampered-5.zip")).stdout
        #expect(row.contains("CMMCAssessmentLogHash.log line 4: records SHA256 "), "\(row)")
        // Entries that climb out of the folder are findings, and nothing is written anywhere.
        let evil = s.out.file("evil.zip")
        #expect(Zip.rewrite(zip, evil, ["add-raw", "../../evil.txt"]))
        let e = Self.verify(evil, cwd: s.out.path)
        #expect(e.status == 2 && e.stdout.hasPrefix("../../evil.txt has a name that is absolute or leaves the bundle's folder"), "\(e.stdout)")
        #expect(!FileManager.default.fileExists(atPath: (s.out.path as NSString).deletingLastPathComponent + "/evil.txt"))
        #expect(!FileManager.default.fileExists(atPath: "/evil.txt"))
        Self.expectClean(s.f)
    }

    @Test func badInputIsRefusedWithItsExitCode() throws {
        let s = Self.bundle
        let dir = s.out.path
        FileManager.default.createFile(atPath: dir + "/notzip.zip", contents: Data("this is no zip\n".utf8))
        FileManager.default.createFile(atPath: dir + "/empty.zip", contents: Data())
        let zip = try #require(FileManager.default.contents(atPath: s.zip("cmmc")))
        FileManager.default.createFile(atPath: dir + "/cut.zip", contents: zip.prefix(zip.count / 2))
        for name in ["notzip.zip", "empty.zip", "cut.zip"] {
            let r = Self.verify(name, cwd: dir)
            #expect(r.status == 65 && r.stderr.contains("--bundle \(name) is not a ZIP file"), "\(name): \(r.stderr)")
        }
        // A ZIP without manifest.json is no bundle.
        #expect(Zip.rewrite(s.zip("cmmc"), dir + "/nomanifest.zip", ["drop", "manifest.json"]))
        let nm = Self.verify("nomanifest.zip", cwd: dir)
        #expect(nm.status == 65 && nm.stderr.contains("has no manifest.json"), "\(nm.stderr)")
        #expect(Self.verify("absent.zip", cwd: dir).status == 66)
        #expect(Self.verify(dir, cwd: dir).status == 65)
        #expect(Processes.evident(["verify", "s1", "--bundle", "x.zip"], cwd: dir).status == 64)

        let unknown = s.export(["s2", "-o", dir + "/x.zip"])
        #expect(unknown.status == 66 && unknown.stderr.contains("no snapshot 's2' (closest: s1)"), "\(unknown.stderr)")
        let noOutput = s.export(["s1"])
        #expect(noOutput.status == 64 && noOutput.stderr.contains("pass -o FILE.zip"), "\(noOutput.stderr)")
        #expect(s.export(["s1", "-o", ""]).status == 64)
        let audience = s.export(["s1", "-o", dir + "/x.zip", "--for", "hipaa"])
        #expect(audience.status == 64 && audience.stderr.contains("--for"), "\(audience.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/x.zip"))
        Self.expectClean(s.f)
    }

    /// A tag named like a snapshot whose message carries no manifest is refused (65), as
    /// export hashes refuses it; one whose manifest's artifact list was edited (so it no longer
    /// hashes to its list_sha256) fails the gate (2).
    @Test func aSnapshotWhoseManifestIsBrokenGivesNoBundle() throws {
        let f = LedgerFixture(env: nowEnv)
        f.addEvidence()
        #expect(f.evident(["snapshot", "create", "good", "--kind", "cmmc-l2-self"], env: nowEnv).status == 0)
        #expect(f.git(["tag", "-a", "assessment/plain", "-m", "Assessment snapshot plain (cmmc-l2-self) as of 2026-06-01"]).status == 0)
        let out = TemporaryDirectory("evident-bundle-bad")
        let plain = f.evident(["export", "bundle", "plain", "-o", out.file("p.zip")], env: nowEnv)
        #expect(plain.status == 65 && plain.stderr.contains("carries no evident manifest"), "\(plain.stderr)")
        let message = f.git(["tag", "-l", "--format=%(contents)", "assessment/good"]).stdout
        // The artifact entries are compact JSON, one per line: {"path":...,"sha256":"<hex>","bytes":N}.
        let sha = try #require(message.range(of: #"\"sha256\":\"[0-9a-f]{64}\""#, options: .regularExpression))
        var edited = message
        edited.replaceSubrange(sha, with: "\"sha256\":\"\(String(repeating: "0", count: 64))\"")
        let file = out.write("message.txt", edited)
        #expect(f.git(["tag", "-a", "assessment/edited", "-F", file, "--cleanup=verbatim"]).status == 0)
        let gate = f.evident(["export", "bundle", "edited", "-o", out.file("e.zip")], env: nowEnv)
        #expect(gate.status == 2 && gate.stderr.contains("does not hash to the manifest's list_sha256"), "\(gate.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.file("e.zip")) && !FileManager.default.fileExists(atPath: out.file("p.zip")))
        // The same edit with list_sha256 recomputed over the edited list (its '<sha256>  <path>'
        // lines in path order, as sha256sum would hash them): the manifest holds together, but
        // the artifact in the tree is not the file it records, which the bundle finds as it
        // reads that file (2), and no ZIP is left at -o.
        let entry = try Regex(#"\{"path":"([^"]+)","sha256":"([0-9a-f]{64})","bytes":[0-9]+\}"#)
        let list = edited.matches(of: entry).map { (String($0.output[1].substring ?? ""), String($0.output[2].substring ?? "")) }
            .sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }.map { "\($0.1)  \($0.0)\n" }.joined()
        #expect(!list.isEmpty)
        let listSHA = SHA256.hash(data: Data(list.utf8)).map { String(format: "%02x", $0) }.joined()
        let recorded = try #require(edited.range(of: #"\"list_sha256\": \"[0-9a-f]{64}\""#, options: .regularExpression))
        var consistent = edited
        consistent.replaceSubrange(recorded, with: "\"list_sha256\": \"\(listSHA)\"")
        #expect(f.git(["tag", "-a", "assessment/lying", "-F", out.write("lying.txt", consistent), "--cleanup=verbatim"]).status == 0)
        let lying = f.evident(["export", "bundle", "lying", "-o", out.file("l.zip")], env: nowEnv)
        #expect(lying.status == 2 && lying.stderr.contains("in the snapshot's tree is not the file its manifest records"), "\(lying.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.file("l.zip")))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: out.path))?.filter { $0.hasSuffix(".tmp") } ?? ["?"] == [], "a temporary file was left")
        // A SOC 2 snapshot has no SPRS entry (cmmc-rules.md §12.10): its CMMC bundle says so and is made.
        #expect(f.evident(["snapshot", "create", "t1", "--kind", "soc2-type1"], env: nowEnv).status == 0)
        let t1 = f.evident(["export", "bundle", "t1", "-o", out.file("t1.zip")], env: nowEnv)
        #expect(t1.status == 0 && t1.stderr.contains("note: documents/sprs.txt and sprs.json are left out of the bundle: a soc2-type1 snapshot has no SPRS entry"), "\(t1.stderr)")
        #expect(String(decoding: Zip.read(out.file("t1.zip"), "README.txt"), as: UTF8.self).contains("Not in this bundle: a soc2-type1 snapshot has no SPRS entry"))
        #expect(EvidenceBundleTests.verify(out.file("t1.zip")).status == 0)
        Self.expectClean(f)
    }
}

/// The bundle of the demo's latest snapshot, 2026-11-self (DemoLedger, clock 2026-11-29). By hand
/// from DemoService: the system section is set, so SPRS and the OSCAL documents are computed (all
/// five: there are snapshots up to the commit and POA&M items); two artifacts are cui, the Q3
/// access review (sailpoint, access-review-q3.csv) and the vulnerability scan summary (tenable,
/// vuln-scan-summary.csv), which the SOC 2 bundle withholds.
@Suite struct EvidenceBundleDemoTests {
    static var d: DemoLedger { DemoLedger.shared }

    @Test func theDemoBundleHoldsEveryDocumentAsItsExportWritesIt() throws {
        let d = Self.d
        let out = TemporaryDirectory("evident-bundle-demo")
        let zip = out.file("demo.zip")
        let r = d.run(["export", "bundle", "2026-11-self", "-o", zip])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("Wrote \(zip): snapshot 2026-11-self for a CMMC assessor, "), "\(r.stdout)")
        let names = Zip.names(zip)
        #expect(names == EvidenceBundleTests.byteSorted(names))
        for doc in ["documents/ssp.md", "documents/ssp.html", "documents/poam.csv", "documents/poam.json", "documents/sprs.txt",
                    "documents/sprs.json", "oscal/catalog.json", "oscal/profile.json", "oscal/ssp.json", "oscal/assessment-results.json", "oscal/poam.json"] {
            #expect(names.contains(doc), "\(doc)")
        }
        let dir = out.file("x")
        #expect(Zip.extract(zip, to: dir))
        #expect(Processes.run("/usr/bin/sha256sum", ["-c", "--quiet", "SHA256SUMS"], cwd: dir).status == 0)
        #expect(Processes.run("/usr/bin/unzip", ["-tq", zip], cwd: "/").status == 0)
        for (file, args) in [("documents/sprs.txt", ["sprs", "2026-11-self"]), ("documents/sprs.json", ["sprs", "2026-11-self", "--format", "json"]),
                             ("documents/ssp.md", ["ssp", "--at", "2026-11-self"]), ("documents/poam.csv", ["poam", "--at", "2026-11-self"])] {
            #expect(FileManager.default.contents(atPath: dir + "/" + file) == Data(d.run(["export"] + args).stdout.utf8), "\(file)")
        }
        let oscal = out.file("oscal")
        #expect(d.run(["export", "oscal", "--at", "2026-11-self", "-o", oscal]).status == 0)
        for model in ["catalog", "profile", "ssp", "assessment-results", "poam"] {
            #expect(FileManager.default.contents(atPath: "\(dir)/oscal/\(model).json") == FileManager.default.contents(atPath: "\(oscal)/\(model).json"), "\(model)")
        }
        let again = out.file("again.zip")
        #expect(d.run(["export", "bundle", "2026-11-self", "-o", again]).status == 0)
        #expect(Processes.run("/usr/bin/cmp", [zip, again], cwd: "/").status == 0)
        #expect(EvidenceBundleTests.verify(zip).status == 0)
        #expect(d.git(["status", "--porcelain", "--untracked-files=all"]).stdout.isEmpty)
        let fsck = d.git(["fsck", "--strict", "--no-progress"])
        #expect(fsck.status == 0 && (fsck.stdout + fsck.stderr).isEmpty)
    }

    @Test func theDemoSOC2BundleWithholdsTheTwoCUIArtifacts() throws {
        let d = Self.d
        let out = TemporaryDirectory("evident-bundle-demo-soc2")
        let zip = out.file("soc2.zip")
        let r = d.run(["export", "bundle", "2026-11-self", "-o", zip, "--for", "soc2"])
        #expect(r.status == 0, "\(r.stderr)")
        let withheld = nonEmptyLines(String(decoding: Zip.read(zip, "withheld-cui.csv"), as: UTF8.self).replacingOccurrences(of: "\r", with: ""))
        #expect(withheld.count == 3, "\(withheld)")
        #expect(withheld.dropFirst().map { $0.split(separator: ",")[1].split(separator: "/").last.map(String.init) ?? "" }
                == ["access-review-q3.csv", "vuln-scan-summary.csv"])
        let names = Zip.names(zip)
        #expect(!names.contains { $0.hasPrefix("documents/") || $0.hasPrefix("oscal/") })
        for row in withheld.dropFirst() {
            let path = String(row.split(separator: ",")[1])
            #expect(!names.contains(path), "\(path)")
            // The row's hash and size are the committed file's.
            #expect(row.hasSuffix(",\(coreutilsSHA256(d.root + "/" + path)),\(FileManager.default.contents(atPath: d.root + "/" + path)?.count ?? -1)"), "\(row)")
        }
        let v = EvidenceBundleTests.verify(zip)
        #expect(v.status == 0 && v.stdout.contains("2 CUI artifacts withheld"), "\(v.stdout)\(v.stderr)")
    }
}
