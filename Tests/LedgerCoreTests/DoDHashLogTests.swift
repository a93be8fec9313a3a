import Foundation
import LedgerCore
import Testing

/// The DoD hashing script's logs (ArtifactHash.ps1 v1.11), written and read.
///
/// `Tests/Fixtures/dod/CMMCAssessmentArtifacts.log` was written by hand in the script's layout
/// (PowerShell 7's table of Get-FileHash objects through `Out-File -Encoding ASCII -Width 1024`):
/// a blank line; `Algorithm` padded to 15 characters, a space, `Hash` padded to 70, a space,
/// `Path`; the dashes under each header word, padded the same; four rows of `SHA256` padded to 15,
/// the upper-case hash (64 characters) padded to 70 (six spaces), the path; a blank line; CRLF
/// after every line. Its paths are under `C:\Assessments\Northwind\` (a Windows checkout of the
/// ledger); the fourth is `Zugriffsprüfung.txt` as .NET's ASCII encoding writes it (`ü` -> `?`).
/// The hashes are `sha256sum` of four short texts (`okta mfa export\n` ...), upper-cased.
@Suite struct DoDHashLogTests {
    static let projectRoot: String = {
        var dir = (#filePath as NSString).deletingLastPathComponent
        while !FileManager.default.fileExists(atPath: dir + "/Package.swift") { dir = (dir as NSString).deletingLastPathComponent }
        return dir
    }()

    static var fixture: Data {
        FileManager.default.contents(atPath: projectRoot + "/Tests/Fixtures/dod/CMMCAssessmentArtifacts.log") ?? Data()
    }

    static var fixtureText: String { String(decoding: fixture, as: UTF8.self) }

    static let h1 = "758bc2d060da64dd5a0bb313d29f2946b12e78f55458388035e02af8a23c73ed"
    static let h2 = "c8d0b1c688632eda7b9248e8205407a238ad0af06464555deaecd3ef21f7d02a"
    static let h3 = "e95425202e5a8c85ece7cc0dc0f700efcafb18eaa5f762d7892c136aa160ab6f"
    static let h4 = "f2ffadb522cf5eb3fe326f27fec68aa2708a03a48d6d10a1aaac9cb089031b18"

    /// The snapshot the fixture was made of: four artifacts at their ledger paths.
    static let snapshot = [
        ArtifactHash(path: "evidence/2026/03/EV-20260302-7K3QX2/okta-mfa.json", sha256: h1, bytes: 16),
        ArtifactHash(path: "evidence/2026/03/EV-20260302-7K3QX2/screenshots/admin console.png", sha256: h2, bytes: 25),
        ArtifactHash(path: "evidence/2026/04/EV-20260415-B2C4D6/access-review.csv", sha256: h3, bytes: 17),
        ArtifactHash(path: "evidence/2026/04/EV-20260415-B2C4D6/Zugriffsprüfung.txt", sha256: h4, bytes: 17),
    ]

    static func entries(_ data: Data) throws -> [DoDHashLog.Entry] { try DoDHashLog.parse(data, file: "CMMCAssessmentArtifacts.log") }

    static func utf16LE(_ text: String, bom: Bool = true) -> Data {
        var bytes: [UInt8] = bom ? [0xFF, 0xFE] : []
        for u in text.utf16 { bytes += [UInt8(u & 0xFF), UInt8(u >> 8)] }
        return Data(bytes)
    }

    // MARK: Writing

    /// Two files: the bytes worked out by hand from PowerShell's FileHashInfo view (widths 15 and
    /// 70, last column unpadded): 2 + 91 + 91 + 2 rows + 2 bytes of blank line.
    @Test func theWriterLaysOutPowerShellsTable() {
        let data = DoDHashLog.table([("evidence/2026/03/EV-20260302-7K3QX2/okta-mfa.json", Self.h1), ("b.txt", Self.h2)])
        let expected = "\r\n"
            + "Algorithm       Hash                                                                   Path\r\n"
            + "---------       ----                                                                   ----\r\n"
            + "SHA256          758BC2D060DA64DD5A0BB313D29F2946B12E78F55458388035E02AF8A23C73ED       evidence/2026/03/EV-20260302-7K3QX2/okta-mfa.json\r\n"
            + "SHA256          C8D0B1C688632EDA7B9248E8205407A238AD0AF06464555DEAECD3EF21F7D02A       b.txt\r\n"
            + "\r\n"
        #expect(String(decoding: data, as: UTF8.self) == expected)
        // Header 9 + 6 + 1 + 4 + 66 + 1 + 4 = 91 characters; a row 15 + 1 + 70 + 1 + the path.
        #expect(data.count == 2 + 93 + 93 + (87 + 49 + 2) + (87 + 5 + 2) + 2)
        #expect(data.allSatisfy { $0 < 0x80 })
    }

    /// The fixture's layout is the writer's: the same four files give the same bytes.
    @Test func theWriterReproducesTheHandWrittenFixture() {
        let files = Self.snapshot.map { ("C:\\Assessments\\Northwind\\" + $0.path.replacingOccurrences(of: "/", with: "\\"), $0.sha256) }
        #expect(DoDHashLog.table(files) == Self.fixture)
    }

    @Test func aCharacterBeyondASCIIIsWrittenAsAQuestionMark() {
        #expect(DoDHashLog.ascii("Zugriffsprüfung 📄.txt") == "Zugriffspr?fung ?.txt")
        let data = DoDHashLog.table([("é.txt", Self.h1)])
        #expect(String(decoding: data, as: UTF8.self).contains("       ?.txt\r\n"))
    }

    @Test func noFilesIsAnEmptyLog() throws {
        #expect(DoDHashLog.table([]).isEmpty)
        #expect(try Self.entries(Data()).isEmpty)
        #expect(try Self.entries(Data("\r\n\r\n".utf8)).isEmpty)
    }

    // MARK: Reading

    @Test func theHandWrittenFixtureReads() throws {
        let e = try Self.entries(Self.fixture)
        #expect(e.count == 4)
        #expect(e.map(\.line) == [4, 5, 6, 7])
        #expect(e.allSatisfy { $0.algorithm == "SHA256" })
        #expect(e.map { $0.hash.lowercased() } == [Self.h1, Self.h2, Self.h3, Self.h4])
        #expect(e[1].path == "C:\\Assessments\\Northwind\\evidence\\2026\\03\\EV-20260302-7K3QX2\\screenshots\\admin console.png")
        #expect(e[3].path.hasSuffix("\\Zugriffspr?fung.txt"))
    }

    /// The same table in every form the script's log can arrive in reads the same.
    @Test func everyEncodingLineEndAndWidthReadsTheSame() throws {
        let text = Self.fixtureText
        let expected = try Self.entries(Self.fixture)
        let lf = text.replacingOccurrences(of: "\r\n", with: "\n")
        // Windows PowerShell 5.1: the last column padded to the -Width (1024) and two blank lines at the end.
        let padded = text.components(separatedBy: "\r\n").dropLast()
            .map { $0.isEmpty ? $0 : $0 + String(repeating: " ", count: 1024 - $0.count) }.joined(separator: "\r\n") + "\r\n\r\n"
        // Format-Table -AutoSize: columns as wide as their widest value.
        let autosize = text.replacingOccurrences(of: "Algorithm       Hash", with: "Algorithm Hash")
            .replacingOccurrences(of: "---------       ----", with: "--------- ----")
            .replacingOccurrences(of: "SHA256          ", with: "SHA256    ")
            .replacingOccurrences(of: "                                                                   Path", with: "                                                             Path")
            .replacingOccurrences(of: "                                                                   ----", with: "                                                             ----")
            .replacingOccurrences(of: "       C:\\", with: " C:\\")
        let forms: [(String, Data)] = [
            ("UTF-16LE with BOM", Self.utf16LE(text)),
            ("UTF-16LE without BOM", Self.utf16LE(text, bom: false)),
            ("UTF-8 with BOM", Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)),
            ("LF", Data(lf.utf8)),
            ("CR", Data(text.replacingOccurrences(of: "\r\n", with: "\r").utf8)),
            ("PowerShell 5.1 padding", Data(padded.utf8)),
            ("autosized columns", Data(autosize.utf8)),
            ("tabs", Data(text.replacingOccurrences(of: "       C:\\", with: "\tC:\\").utf8)),
            // PowerShell 7 with $PSStyle.OutputRendering = Ansi: each header cell in colour.
            ("ANSI-styled header", Data(text.replacingOccurrences(of: "Algorithm      ", with: "\u{1B}[32;1mAlgorithm      \u{1B}[0m")
                .replacingOccurrences(of: " Path\r\n", with: "\u{1B}[32;1m Path\u{1B}[0m\r\n").utf8)),
        ]
        for (name, data) in forms {
            let got = try Self.entries(data)
            #expect(got.map(\.hash) == expected.map(\.hash), "\(name)")
            #expect(got.map(\.path) == expected.map(\.path), "\(name)")
        }
        // The 5.1 padding really is there, and trailing blanks are not part of the path.
        #expect(padded.components(separatedBy: "\r\n")[3].count == 1024)
    }

    @Test func aFileTheScriptCouldNotReadHasNoHash() throws {
        let row = String(repeating: " ", count: 87) + "C:\\Assessments\\Northwind\\locked.xlsx\r\n"
        let e = try Self.entries(Data((Self.fixtureText.replacingOccurrences(of: "\r\n\r\n", with: "\r\n" + row + "\r\n", options: .backwards)).utf8))
        #expect(e.count == 5)
        #expect(e[4].hash.isEmpty && e[4].algorithm.isEmpty)
        #expect(e[4].path == "C:\\Assessments\\Northwind\\locked.xlsx")
        #expect(e[4].line == 8)
    }

    /// Anything but such a table is refused naming the file and the line.
    @Test func aGarbledLogIsRefusedNamingItsLine() {
        let text = Self.fixtureText
        func refusal(_ data: Data) -> String {
            do {
                _ = try Self.entries(data)
                return "(read)"
            } catch let e as LedgerError {
                #expect(e.kind == .invalidInput)
                return e.message
            } catch { return "\(error)" }
        }
        #expect(refusal(Data("hello\r\nworld\r\n".utf8)).hasPrefix("CMMCAssessmentArtifacts.log line 1: expected the header 'Algorithm Hash Path'"))
        let noDashes = text.replacingOccurrences(of: "---------       ----                                                                   ----\r\n", with: "")
        #expect(refusal(Data(noDashes.utf8)).hasPrefix("CMMCAssessmentArtifacts.log line 3: expected the dashes under the header on line 2"))
        #expect(refusal(Data(text.replacingOccurrences(of: "SHA256          C8D0", with: "MD5             C8D0").utf8))
            .hasPrefix("CMMCAssessmentArtifacts.log line 5: the algorithm is 'MD5', not SHA256"))
        #expect(refusal(Data(text.replacingOccurrences(of: "E95425202E5A8C85", with: "E95425202E5A8C8").utf8))
            .hasPrefix("CMMCAssessmentArtifacts.log line 6: 'E95425202E5A8C8"))
        let noPath = text.replacingOccurrences(of: "       C:\\Assessments\\Northwind\\evidence\\2026\\04\\EV-20260415-B2C4D6\\access-review.csv", with: "")
        #expect(refusal(Data(noPath.utf8)).hasPrefix("CMMCAssessmentArtifacts.log line 6: the row has no path"))
        var bytes = [UInt8](Self.fixture)
        bytes.insert(contentsOf: [0xC3, 0x28], at: bytes.count - 10)
        #expect(refusal(Data(bytes)).hasPrefix("CMMCAssessmentArtifacts.log line 7: bytes that are no ASCII, UTF-8 or UTF-16 text"))
        #expect(refusal(Self.utf16LE(text) + Data([0x41])).contains("odd number of bytes"))
        #expect(refusal(Data(text.replacingOccurrences(of: "okta", with: "ok\u{0}ta").utf8)).hasPrefix("CMMCAssessmentArtifacts.log line 4: control characters"))
        let headerOnly = "\r\nAlgorithm       Hash                                                                   Path\r\n"
        #expect(refusal(Data(headerOnly.utf8)).hasPrefix("CMMCAssessmentArtifacts.log line 2: the header has no dashes under it"))
        // Random bytes never crash the reader.
        var g = SplitMix64(seed: 13)
        for _ in 0..<200 {
            let junk = Data((0..<Int.random(in: 0...300, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) })
            _ = try? Self.entries(junk)
        }
    }

    // MARK: Finding the root

    /// A Windows checkout of the whole ledger: the root is `C:\Assessments\Northwind\`, the ledger root.
    @Test func aWindowsRootIsFoundAndTheQuestionMarkMatchesItsArtifact() throws {
        let e = try Self.entries(Self.fixture)
        let p = DoDHashLog.place(e, known: Self.snapshot.map(\.path))
        #expect(p.root == "C:\\Assessments\\Northwind\\")
        #expect(p.ledgerFolder == "")
        #expect(p.ledgerPaths == Self.snapshot.map(\.path))
        let c = DoDHashLog.compare(e, placement: p, artifacts: Self.snapshot, otherFiles: [:])
        #expect(c.findings.isEmpty)
        #expect(c.matched == 4)
    }

    /// The same log under a UNC share, under a POSIX home, with a lower-case drive letter on one
    /// line, and made in the evidence folder itself (the root then stands for `evidence/`).
    @Test func uncPosixAndEvidenceFolderRootsAreFound() throws {
        let text = Self.fixtureText
        let cases: [(String, String, String, String)] = [
            ("UNC", text.replacingOccurrences(of: "C:\\Assessments\\", with: "\\\\fileserver\\cmmc\\"), "\\\\fileserver\\cmmc\\Northwind\\", ""),
            ("POSIX", text.replacingOccurrences(of: "C:\\Assessments\\", with: "/home/assessor/").replacingOccurrences(of: "\\", with: "/"), "/home/assessor/Northwind/", ""),
            ("drive case", text.replacingOccurrences(of: "C:\\Assessments\\Northwind\\evidence\\2026\\04", with: "c:\\assessments\\northwind\\evidence\\2026\\04"),
             "C:\\Assessments\\Northwind\\", ""),
            ("evidence folder", text.replacingOccurrences(of: "C:\\Assessments\\Northwind\\evidence\\", with: "D:\\Hashed\\"), "D:\\Hashed\\", "evidence/"),
        ]
        for (name, log, root, folder) in cases {
            let e = try Self.entries(Data(log.utf8))
            let p = DoDHashLog.place(e, known: Self.snapshot.map(\.path))
            #expect(p.root == root, "\(name)")
            #expect(p.ledgerFolder == folder, "\(name)")
            let c = DoDHashLog.compare(e, placement: p, artifacts: Self.snapshot, otherFiles: [:])
            #expect(c.findings.isEmpty, "\(name): \(c.findings)")
        }
    }

    /// A log of one evidence folder copied to `C:\Copy\`: its root stands for that folder, and the
    /// other record's two artifacts are absent from the log.
    @Test func aLogOfOneEvidenceFolderIsPlacedInIt() throws {
        let rows = Self.fixtureText.components(separatedBy: "\r\n")
        let log = (rows[0...4] + [""]).joined(separator: "\r\n").replacingOccurrences(of: "C:\\Assessments\\Northwind\\evidence\\2026\\03\\EV-20260302-7K3QX2\\", with: "C:\\Copy\\") + "\r\n"
        let e = try Self.entries(Data(log.utf8))
        #expect(e.map(\.path) == ["C:\\Copy\\okta-mfa.json", "C:\\Copy\\screenshots\\admin console.png"])
        let p = DoDHashLog.place(e, known: Self.snapshot.map(\.path))
        #expect(p.root == "C:\\Copy\\")
        #expect(p.ledgerFolder == "evidence/2026/03/EV-20260302-7K3QX2/")
        let c = DoDHashLog.compare(e, placement: p, artifacts: Self.snapshot, otherFiles: [:])
        // By path, as the manifest sorts: "Z" (0x5A) comes before "a" (0x61).
        #expect(c.findings == [.absentFromLog(path: Self.snapshot[3].path), .absentFromLog(path: Self.snapshot[2].path)])
    }

    /// Every finding kind: a hash changed (line 4), a file the snapshot lacks (line 6 renamed), a
    /// snapshot artifact the log lacks (so access-review.csv), a file outside the root, a line
    /// listed twice; a clone's .git folder is left out, not a finding.
    @Test func aTamperedLogGivesEachFindingKind() throws {
        let text = Self.fixtureText
            .replacingOccurrences(of: "758BC2D060DA64DD", with: "000BC2D060DA64DD")
            .replacingOccurrences(of: "access-review.csv", with: "access-review-v2.csv")
        let row = { (hash: String, path: String) in "SHA256          \(hash.uppercased())       \(path)\r\n" }
        let extra = row(Self.h3, "C:\\Assessments\\Northwind\\.git\\objects\\pack\\pack-1.idx")
            + row(Self.h3, "E:\\Elsewhere\\notes.docx")
            + row(Self.h2, "C:\\Assessments\\Northwind\\evidence\\2026\\03\\EV-20260302-7K3QX2\\screenshots\\admin console.png")
            + row(Self.h4, "C:\\Assessments\\Northwind\\controls\\IAM-MFA.yaml")
        let log = text.replacingOccurrences(of: "\r\n\r\n", with: "\r\n" + extra + "\r\n", options: .backwards)
        let e = try Self.entries(Data(log.utf8))
        let p = DoDHashLog.place(e, known: Self.snapshot.map(\.path))
        #expect(p.root == "C:\\Assessments\\Northwind\\")
        let c = DoDHashLog.compare(e, placement: p, artifacts: Self.snapshot, otherFiles: ["controls/IAM-MFA.yaml": Self.h4])
        #expect(c.findings == [
            .hashDiffers(line: 4, path: Self.snapshot[0].path, logged: "000bc2d060da64dd" + Self.h1.dropFirst(16), recorded: Self.h1),
            .notInSnapshot(line: 6, path: "evidence/2026/04/EV-20260415-B2C4D6/access-review-v2.csv"),
            .outsideRoot(line: 9, path: "E:\\Elsewhere\\notes.docx"),
            .listedTwice(line: 10, path: Self.snapshot[1].path, firstLine: 5),
            .absentFromLog(path: Self.snapshot[2].path),
        ])
        #expect(c.ignored == [8])
        // okta (changed) no; admin console, Zugriffsprüfung and the control file yes.
        #expect(c.matched == 3)
    }

    /// Nothing in the log names a snapshot file (every name ends .bak): the root is the folder
    /// all its paths share, `...\evidence\2026\`, and every line and every artifact is a finding.
    @Test func aLogOfOtherFilesIsRootedAtItsCommonFolder() throws {
        var log = Self.fixtureText
        for ext in [".json", ".png", ".csv", ".txt"] { log = log.replacingOccurrences(of: ext, with: ".bak") }
        let e = try Self.entries(Data(log.utf8))
        let p = DoDHashLog.place(e, known: Self.snapshot.map(\.path))
        #expect(p.root == "C:\\Assessments\\Northwind\\evidence\\2026\\")
        #expect(p.ledgerPaths.first == "03/EV-20260302-7K3QX2/okta-mfa.bak")
        let c = DoDHashLog.compare(e, placement: p, artifacts: Self.snapshot, otherFiles: [:])
        #expect(c.findings.filter { if case .notInSnapshot = $0 { return true } else { return false } }.count == 4)
        #expect(c.findings.filter { if case .absentFromLog = $0 { return true } else { return false } }.count == 4)
    }

    @Test func sha256ValuesAreReadInEitherCase() {
        #expect(SHA256Hex(Self.h1.uppercased())?.hex == Self.h1)
        #expect(SHA256Hex(" \(Self.h1) ")?.hex == Self.h1)
        #expect(SHA256Hex(String(Self.h1.dropLast())) == nil)
        #expect(SHA256Hex(String(Self.h1.dropLast()) + "g") == nil)
    }
}
