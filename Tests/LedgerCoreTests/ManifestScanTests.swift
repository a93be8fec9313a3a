import Foundation
import LedgerCore
import Testing

/// The artifact list of a snapshot manifest is read by a byte scanner (100k lines on a large
/// ledger); anything it cannot read exactly goes through JSONSerialization. Both must give the
/// manifest that was written.
@Suite struct ManifestScanTests {
    static func manifest(_ paths: [String]) -> SnapshotManifest {
        let artifacts = paths.enumerated().map { i, p in
            ArtifactHash(path: p, sha256: String(repeating: String(i % 10), count: 64), bytes: 1000 + i)
        }
        return SnapshotManifest(name: "q4", kind: "soc2-type2", frameworks: ["soc2"], period: .init(from: Day("2026-01-01")!, to: Day("2026-06-30")!),
                                asOf: Day("2026-06-30")!, assessor: "Example CPA LLP", createdAt: Timestamp(canonical: "2026-07-01T09:00:00Z")!,
                                commit: String(repeating: "a", count: 40), tree: String(repeating: "b", count: 40),
                                readiness: .list([.map([("id", .string("soc2")), ("status", .string("ready"))])]),
                                catalogs: [("soc2-tsc", "2017-rev2022")], artifacts: artifacts,
                                artifactListSHA256: String(repeating: "c", count: 64), evidentVersion: "0.1.0")
    }

    @Test(arguments: [
        ["evidence/2026/05/EV-20260501-AAAAAA/okta.json", "evidence/2026/05/EV-20260501-AAAAAA/sub dir/b.csv"],
        [],
        // Escapes and non-ASCII: the scanner steps aside, JSONSerialization reads them.
        ["evidence/2026/05/EV-20260501-AAAAAA/quote\"d.txt", "evidence/2026/05/EV-20260501-AAAAAA/back\\slash.txt"],
        ["evidence/2026/05/EV-20260501-AAAAAA/r\u{e9}sum\u{e9}.pdf", "evidence/2026/05/EV-20260501-AAAAAA/tab\there.txt"],
    ])
    func parsesWhatWasWritten(paths: [String]) throws {
        let m = Self.manifest(paths)
        let parsed = try SnapshotManifest.parse(json: m.json)
        #expect(parsed == m)
        #expect(parsed.artifacts == m.artifacts)
        let light = try SnapshotManifest.parse(json: m.json, artifacts: false)
        #expect(light.artifacts.isEmpty)
        #expect(light.kind == m.kind && light.period == m.period && light.asOf == m.asOf && light.artifactListSHA256 == m.artifactListSHA256)
        #expect(light.readiness == m.readiness)
    }

    @Test func aHandEditedListStillParses() throws {
        let m = Self.manifest(["evidence/2026/05/EV-20260501-AAAAAA/a.json", "evidence/2026/05/EV-20260501-AAAAAA/b.json"])
        // Reformatted by hand (keys reordered, spaces): not the form the scanner reads.
        let sha = String(repeating: "1", count: 64)
        let line = "{\"path\":\"evidence/2026/05/EV-20260501-AAAAAA/b.json\",\"sha256\":\"\(sha)\",\"bytes\":1001}"
        #expect(m.json.contains(line))
        let edited = m.json.replacingOccurrences(of: line, with: "{ \"bytes\": 1001, \"sha256\": \"\(sha)\", \"path\": \"evidence/2026/05/EV-20260501-AAAAAA/b.json\" }")
        #expect(edited != m.json)
        let parsed = try SnapshotManifest.parse(json: edited)
        #expect(parsed.artifacts.map(\.path) == m.artifacts.map(\.path))
        #expect(parsed.artifacts.map(\.bytes) == [1000, 1001])
        // A broken list is an error, not an empty list.
        #expect(throws: LedgerError.self) { try SnapshotManifest.parse(json: m.json.replacingOccurrences(of: "\"bytes\":1000}", with: "\"bytes\":}")) }
    }

    @Test func extractFindsTheManifestBetweenItsMarkers() {
        let m = Self.manifest(["evidence/2026/05/EV-20260501-AAAAAA/a.json"])
        let message = m.tagMessage(summary: ["SOC 2: ready"], note: "Quarterly close")
        #expect(SnapshotManifest.extract(fromMessage: message) == m.json)
        #expect(SnapshotManifest.extract(fromMessage: "no manifest here") == nil)
        #expect(SnapshotManifest.extract(fromMessage: "-----BEGIN EVIDENT MANIFEST-----\n{}\n") == nil)
    }
}
