import Crypto
import Foundation
import LedgerCore
import Testing

/// `EvidenceBundle.check`: a bundle held to itself from its entries alone, on a bundle built in
/// memory here from two artifacts whose hashes were worked out with coreutils:
///
/// - `evidence/2026/06/EV-20260601-AAAAAA/a.txt` holds "a\n": sha256 87428fc5...25c7 (`printf 'a\n' | sha256sum`);
/// - `evidence/2026/06/EV-20260601-BBBBBB/b.txt` holds "b\n": sha256 02638299...813f;
/// - their list, `<a>  <path a>\n<b>  <path b>\n`, hashes to c19438bc...79b6 (the same pipe over
///   the two lines), the manifest's list_sha256.
@Suite struct EvidenceBundleCheckTests {
    static let a = "evidence/2026/06/EV-20260601-AAAAAA/a.txt"
    static let b = "evidence/2026/06/EV-20260601-BBBBBB/b.txt"
    static let shaA = "87428fc522803d31065e7bce3cf03fe475096631e5e07bbd7a0fde60c4cf25c7"
    static let shaB = "0263829989b6fd954f72baaf2fc64bc2e2f01d692d4de72986ea808f6e99813f"
    static let listSHA = "c19438bc4e44b94cd74a592e95c6640e7af69b71ae82b2ddc2f4d81b98c579b6"

    /// The entry order is the order of the paths' UTF-8 bytes (`LC_ALL=C sort`), whether the
    /// strings hold their bytes contiguously or not (an NSString bridged from Foundation): by hand,
    /// "SHA256SUMS" (S is 0x53) sorts before "documents/" (d is 0x64), "a" before "a/" before "ab",
    /// "z" (0x7A) before "é" (0xC3 0xA9), "" before everything, and nothing before "".
    @Test func entriesSortByTheBytesOfTheirPaths() {
        let sorted = ["", "README.txt", "SHA256SUMS", "a", "a/", "ab", "documents/poam.csv", "evidence/2026/06/x", "z", "é", "é/x"]
        for (i, x) in sorted.enumerated() {
            for (j, y) in sorted.enumerated() {
                #expect(EvidenceBundle.precedes(x, y) == (i < j), "\(x) \(y)")
                let bridged = String(NSString(string: "\(x)"))
                #expect(EvidenceBundle.precedes(bridged, y) == (i < j), "bridged \(x) \(y)")
            }
        }
        #expect(["é", "SHA256SUMS", "a", "documents/x"].sorted(by: EvidenceBundle.precedes) == ["SHA256SUMS", "a", "documents/x", "é"])
    }

    static func sha256(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    static var manifest: SnapshotManifest {
        SnapshotManifest(name: "s1", kind: "cmmc-l2-self", frameworks: ["cmmc-l2"], period: nil, asOf: Day("2026-06-01")!, assessor: nil,
                         createdAt: Timestamp(canonical: "2026-06-01T12:00:00Z")!, commit: String(repeating: "1", count: 40),
                         tree: String(repeating: "2", count: 40), readiness: .list([]), catalogs: [],
                         artifacts: [ArtifactHash(path: a, sha256: shaA, bytes: 2), ArtifactHash(path: b, sha256: shaB, bytes: 2)],
                         artifactListSHA256: listSHA, evidentVersion: "0.1.0")
    }

    /// The files of an intact bundle (SHA256SUMS computed over them, as `BundleService.zip` does);
    /// `withholding` b, as a SOC 2 bundle of a CUI b would.
    static func files(withholding: Bool = false, edit: (inout [String: Data]) -> Void = { _ in }) -> [String: Data] {
        let manifestFile = EvidenceBundle.manifestFile(manifest.json)
        let log = DoDHashLog.table([(a, shaA), (b, shaB)])
        var files: [String: Data] = [
            EvidenceBundle.manifest: manifestFile,
            EvidenceBundle.manifestHash: Data(EvidenceBundle.manifestHashText(sha256(manifestFile)).utf8),
            DoDHashLog.artifactsLogName: log,
            DoDHashLog.logHashName: DoDHashLog.table([(DoDHashLog.artifactsLogName, sha256(log))]),
            "evidence/2026/06/EV-20260601-AAAAAA/record.yaml": Data("schema: evident/evidence/v1\n".utf8),
            a: Data("a\n".utf8),
            EvidenceBundle.readme: Data("read me\n".utf8),
            EvidenceBundle.Document.sspMarkdown.path: Data("# SSP\n".utf8),
        ]
        if withholding {
            // RFC 4180 with a byte order mark, as CSVText writes it.
            files[EvidenceBundle.withheld] = Data("\u{FEFF}evidence_id,path,sha256,bytes\r\nEV-20260601-BBBBBB,\(b),\(shaB),2\r\n".utf8)
        } else {
            files[b] = Data("b\n".utf8)
            files["evidence/2026/06/EV-20260601-BBBBBB/record.yaml"] = Data("schema: evident/evidence/v1\nclassification: cui\n".utf8)
        }
        edit(&files)
        if files[EvidenceBundle.sums] == nil {
            files[EvidenceBundle.sums] = Data(EvidenceBundle.sumsText(files.map { ($0.key, sha256($0.value)) }).utf8)
        }
        return files
    }

    static func check(_ files: [String: Data], extra: [EvidenceBundle.Entry] = []) throws -> [String] {
        let entries = files.sorted { $0.key < $1.key }.map { path, data in
            EvidenceBundle.Entry(path: path, sha256: sha256(data), data: EvidenceBundle.textFiles.contains(path) ? data : nil)
        }
        return try EvidenceBundle.check(entries + extra, sha256: sha256).findings.map(\.description)
    }

    @Test func anIntactBundleAndAnIntactSOC2BundleHaveNoFindings() throws {
        #expect(try Self.check(Self.files()) == [])
        #expect(try Self.check(Self.files(withholding: true)) == [])
        let r = try EvidenceBundle.check(Self.files(withholding: true).map { EvidenceBundle.Entry(path: $0.key, sha256: Self.sha256($0.value), data: $0.value) },
                                         sha256: Self.sha256)
        // Ten files: manifest.json and its hash, the two DoD logs, a's record and a, the README,
        // ssp.md, withheld-cui.csv and SHA256SUMS.
        #expect(r.withheld == 1 && r.manifest?.name == "s1" && r.files == 10)
    }

    /// "a\n" becomes "A\n" after the bundle was made (SHA256SUMS still records a's hash):
    /// sha256 of "A\n" is 06f961b8...8ec4 (`printf 'A\n' | sha256sum`). The manifest, the DoD log
    /// (row 1 of the table is its line 4: blank, header, dashes) and SHA256SUMS each say so.
    @Test func aChangedArtifactIsHeldToTheManifestTheDoDLogAndSHA256SUMS() throws {
        var files = Self.files()
        files[Self.a] = Data("A\n".utf8)
        let changed = "06f961b802bc46ee168555f066d28f4f0e9afdf3f88174c1ee6f9de004fc30a0"
        let sumsLine = EvidenceBundle.sumsText(files.map { ($0.key, "") }).split(separator: "\n").firstIndex { $0.hasSuffix(Self.a) }.map { $0 + 1 } ?? 0
        #expect(try Self.check(files) == [
            "\(Self.a) hashes to \(changed), but the manifest records \(Self.shaA)",
            "CMMCAssessmentArtifacts.log line 4: \(Self.a): the log has SHA256 \(Self.shaA.uppercased()), the file in the bundle hashes to \(changed.uppercased())",
            "\(Self.a) hashes to \(changed), but SHA256SUMS line \(sumsLine) records \(Self.shaA)",
        ])
    }

    @Test func aMissingArtifactIsAFindingUnlessWithheldWithTheManifestsHash() throws {
        let dropped = Self.files { $0[Self.b] = nil }
        #expect(try Self.check(dropped).first == "\(Self.b) is missing: an artifact of the manifest that the bundle neither holds nor lists in withheld-cui.csv")
        // Withheld, but listed with a's hash: the list is held to the manifest.
        let wrong = Self.files(withholding: true) {
            $0[EvidenceBundle.withheld] = Data("evidence_id,path,sha256,bytes\nEV-20260601-BBBBBB,\(Self.b),\(Self.shaA),2\n".utf8)
        }
        #expect(try Self.check(wrong) == [
            "withheld-cui.csv line 2: \(Self.b) is listed with sha256 \(Self.shaA) (2 bytes), the manifest records \(Self.shaB) (2 bytes)",
            "CMMCAssessmentArtifacts.log line 5: \(Self.b): the log has SHA256 \(Self.shaB.uppercased()), the withheld file is listed with \(Self.shaA.uppercased())",
        ])
        // Listed as withheld and yet in the bundle.
        let both = Self.files(withholding: true) { $0[Self.b] = Data("b\n".utf8) }
        #expect(try Self.check(both) == ["\(Self.b) is in the bundle, but withheld-cui.csv line 2 lists it as withheld (CUI)"])
    }

    /// The manifest's bytes change (its kind, say) while manifest.json.sha256 stays.
    @Test func anEditedManifestNoLongerHashesToItsRecordedHash() throws {
        let original = Self.files()
        let edited = Self.files {
            let text = String(decoding: $0[EvidenceBundle.manifest] ?? Data(), as: UTF8.self).replacingOccurrences(of: "cmmc-l2-self", with: "cmmc-l2-c3pao")
            $0[EvidenceBundle.manifest] = Data(text.utf8)
            $0[EvidenceBundle.sums] = original[EvidenceBundle.sums]
        }
        let findings = try Self.check(edited)
        let recorded = Self.sha256(original[EvidenceBundle.manifest] ?? Data())
        let now = Self.sha256(edited[EvidenceBundle.manifest] ?? Data())
        #expect(findings.first == "manifest.json hashes to \(now), but manifest.json.sha256 records \(recorded): the manifest was edited")
        #expect(findings.count == 2 && findings[1].hasPrefix("manifest.json hashes to \(now), but SHA256SUMS line "))
        // An artifact's hash edited inside the list: the list no longer hashes to list_sha256 (and a's record no longer matches).
        var m = Self.manifest
        m.artifacts[0] = ArtifactHash(path: Self.a, sha256: Self.shaB, bytes: 2)
        let listEdited = Self.files { files in
            let file = EvidenceBundle.manifestFile(m.json)
            files[EvidenceBundle.manifest] = file
            files[EvidenceBundle.manifestHash] = Data(EvidenceBundle.manifestHashText(Self.sha256(file)).utf8)
        }
        let list = Self.sha256(Data(ArtifactList.text(m.artifacts).utf8))
        #expect(try Self.check(listEdited).prefix(2) == [
            "manifest.json has an artifact list that hashes to \(list), not to its list_sha256 \(Self.listSHA): the manifest was edited",
            "\(Self.a) hashes to \(Self.shaA), but the manifest records \(Self.shaB)",
        ])
    }

    @Test func extraFilesUnsafeNamesAndDuplicatesAreFindings() throws {
        let extra = Self.files { $0["evidence/2026/06/EV-20260601-AAAAAA/more.txt"] = Data("x".utf8); $0["notes.txt"] = Data("y".utf8) }
        #expect(try Self.check(extra) == [
            "evidence/2026/06/EV-20260601-AAAAAA/more.txt is not an artifact of the manifest: it was added to the bundle",
            "notes.txt is no file an evidence bundle holds: it was added to the bundle",
        ])
        let unsafe = ["../evil.txt", "/etc/passwd", "evidence/../../x", "C:/x", "a\\..\\b"].map { EvidenceBundle.Entry(path: $0, sha256: nil, data: nil) }
        let twice = EvidenceBundle.Entry(path: Self.a, sha256: Self.shaA, data: nil)
        let found = try Self.check(Self.files(), extra: unsafe + [twice])
        #expect(found.count == 6)
        #expect(found[0] == "../evil.txt has a name that is absolute or leaves the bundle's folder ('..', a backslash or a drive letter): it was not read, and must never be extracted")
        #expect(found[5] == "\(Self.a) is in the ZIP twice: which copy an unzip tool keeps is not defined")
    }

    @Test func anEditedDoDLogRowAndItsHashAreFindings() throws {
        let original = Self.files()
        let edited = Self.files {
            let text = String(decoding: $0[DoDHashLog.artifactsLogName] ?? Data(), as: UTF8.self)
                .replacingOccurrences(of: Self.shaB.uppercased(), with: Self.shaA.uppercased())
            $0[DoDHashLog.artifactsLogName] = Data(text.utf8)
            $0[EvidenceBundle.sums] = original[EvidenceBundle.sums]
        }
        let now = Self.sha256(edited[DoDHashLog.artifactsLogName] ?? Data())
        let was = Self.sha256(original[DoDHashLog.artifactsLogName] ?? Data())
        let found = try Self.check(edited)
        #expect(found.prefix(2) == [
            "CMMCAssessmentArtifacts.log line 5: \(Self.b): the log has SHA256 \(Self.shaA.uppercased()), the file in the bundle hashes to \(Self.shaB.uppercased())",
            "CMMCAssessmentLogHash.log line 4: records SHA256 \(was.uppercased()) for CMMCAssessmentArtifacts.log, which hashes to \(now.uppercased()): the log was edited",
        ])
        let notATable = Self.files { $0[DoDHashLog.artifactsLogName] = Data("hello\n".utf8) }
        #expect(try Self.check(notATable).contains { $0.hasPrefix("CMMCAssessmentArtifacts.log line 1: expected the header 'Algorithm Hash Path'") })
    }

    @Test func sha256sumsLinesAreHeldToEveryFile() throws {
        let files = Self.files { $0[EvidenceBundle.sums] = Data("not a line\n\(Self.shaA)  \(Self.a)\n\(Self.shaA)  gone.txt\n".utf8) }
        let found = try Self.check(files)
        #expect(found.prefix(2) == ["SHA256SUMS line 1 is not '<sha256>  <path>'", "SHA256SUMS line 3: gone.txt is not in the bundle"])
        // Every other file is then unlisted: the eleven (manifest.json and its hash, two DoD logs,
        // a, b and their records, the README, ssp.md, SHA256SUMS) less a.txt and SHA256SUMS itself.
        #expect(found.dropFirst(2).count == 9 && found.dropFirst(2).allSatisfy { $0.hasSuffix(" is not listed in SHA256SUMS") })
    }

    @Test func aZipWithoutAManifestIsNoBundle() {
        #expect(throws: LedgerError.self) { try Self.check(Self.files { $0[EvidenceBundle.manifest] = nil }) }
    }

    /// `LC_ALL=C sort` order: upper case before lower case, "/" (0x2F) before letters.
    @Test func sumsAreSortedByBytesAndNamesAreJudgedSafe() {
        #expect(EvidenceBundle.sumsText([("b", "2"), ("B", "1"), ("a/b", "3"), ("SHA256SUMS", "0")]) == "1  B\n3  a/b\n2  b\n")
        for safe in ["README.txt", "evidence/2026/06/EV-1/a b.txt", "oscal/", "x..y"] { #expect(EvidenceBundle.isSafe(safe), "\(safe)") }
        for unsafe in ["", "/abs", "../x", "a/../b", "a//b", "./a", "C:x", "a\\b", "a\u{0}b"] { #expect(!EvidenceBundle.isSafe(unsafe), "\(unsafe)") }
    }
}
