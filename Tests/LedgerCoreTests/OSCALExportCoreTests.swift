import Foundation
@testable import LedgerCore
import Testing

/// The pure side of the OSCAL export: SHA-1 and version 5 UUIDs against published vectors, the
/// OSCAL token rule for control ids, and what a document's UUID and stamp follow.
@Suite struct OSCALExportCoreTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// FIPS 180-4 / NIST CSRC example values for SHA-1: "abc" (one block), the empty message, and
    /// the 56-byte "abcdbcdecdef..." message, whose padding spills into a second block.
    @Test func sha1MatchesThePublishedExamples() {
        #expect(Self.hex(SHA1.hash(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(Self.hex(SHA1.hash([])) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(Self.hex(SHA1.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
                == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    }

    /// RFC 9562 Appendix A.4: the version 5 UUID of "www.example.com" in the DNS namespace is
    /// 2ed6657d-e927-568b-95e1-2665a8aea6a2 (version nibble 5, variant bits 10: the 9 of "95e1").
    @Test func uuidV5MatchesRFC9562() {
        #expect(OSCALUUID.dnsNamespace.description == "6ba7b810-9dad-11d1-80b4-00c04fd430c8")
        #expect(OSCALUUID.v5(.dnsNamespace, "www.example.com").description == "2ed6657d-e927-568b-95e1-2665a8aea6a2")
    }

    /// The schema's TokenDatatype: `^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$`. A NIST id alone starts with a
    /// digit, so control ids carry their catalog's id in front.
    @Test func controlIDsAreOSCALTokens() {
        #expect(OSCALExport.isToken("nist-800-171r2_3.5.3"))
        #expect(OSCALExport.isToken("cmmc-l1_AC.L1-b.1.i"))
        #expect(OSCALExport.isToken("_x"))
        #expect(OSCALExport.isToken("Ärzte-1"))
        #expect(!OSCALExport.isToken("3.5.3"))
        #expect(!OSCALExport.isToken("a b"))
        #expect(!OSCALExport.isToken("a/b"))
        #expect(!OSCALExport.isToken(""))
    }

    static func input(organization: String = "Test Org", commit: String = String(repeating: "a", count: 40), seconds: Int = 1_780_000_000,
                      catalogs: CatalogSet = CatalogSet(catalogs: [Catalogs.nist800171r2])) -> OSCALInput {
        let config = LedgerConfig(organization: organization, frameworks: [FrameworkScope(id: "cmmc-l2")],
                                  createdAt: Timestamp(day: Day(year: 2026, month: 1, day: 5)!, hour: 9),
                                  system: SystemSection(name: "Enclave", description: "CUI enclave", boundary: "VLAN 210"))
        let control = ControlRecord(id: "IAM-MFA", title: "MFA", owner: "it@example.test", status: "implemented", frequency: "quarterly",
                                    maps: [(catalog: Catalogs.nistID, requirements: ["3.5.3"])])
        return OSCALInput(config: config, catalogs: catalogs, controls: [control], poams: [], commit: commit,
                          commitTime: Timestamp(seconds: seconds), snapshots: [])
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require((try JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any])
    }

    /// The same records at another commit: the stamp (last-modified, version) follows the commit,
    /// the UUIDs do not. 1_780_000_000 s after 1970 is 2026-05-28T20:26:40Z: 20601 days (to
    /// 2026-05-28: 56 years of 365 days plus 14 leap days, 20454, plus 147 days into 2026) and 73600 s.
    @Test func theStampFollowsTheCommitAndTheUUIDsTheContent() throws {
        let a = try OSCALExport(Self.input())
        let b = try OSCALExport(Self.input(commit: String(repeating: "b", count: 40), seconds: 1_780_000_100))
        for model in [OSCALModel.catalog, .profile, .ssp] {
            let da = try Self.object(JSONText.emit(try a.document(model))), db = try Self.object(JSONText.emit(try b.document(model)))
            let ra = try #require(da[model.rootKey] as? [String: Any]), rb = try #require(db[model.rootKey] as? [String: Any])
            #expect(ra["uuid"] as? String == rb["uuid"] as? String, "\(model)")
            let ma = try #require(ra["metadata"] as? [String: Any]), mb = try #require(rb["metadata"] as? [String: Any])
            #expect(ma["last-modified"] as? String == "2026-05-28T20:26:40Z")
            #expect(mb["last-modified"] as? String == "2026-05-28T20:28:20Z")
            #expect(ma["version"] as? String == String(repeating: "a", count: 40))
        }
        // Another organization is another ledger: every UUID changes.
        let c = try OSCALExport(Self.input(organization: "Other Org"))
        #expect(a.componentUUID(control: "IAM-MFA") != c.componentUUID(control: "IAM-MFA"))
        #expect(a.componentUUID(control: "IAM-MFA") == b.componentUUID(control: "IAM-MFA"))
    }

    /// A pinned catalog whose requirement id cannot be part of a token is refused, naming it.
    @Test func aRequirementIDThatIsNoTokenIsRefused() {
        let odd = Catalog(id: "custom", version: "1", title: "Custom", requirements: [Requirement(catalog: "custom", id: "A 1", title: "Odd")])
        #expect(throws: LedgerError.invalid("requirement 'A 1' of the pinned catalog custom cannot be part of an OSCAL control id: use letters, digits, '.', '-' and '_'")) {
            _ = try OSCALExport(Self.input(catalogs: CatalogSet(catalogs: [odd])))
        }
    }

    /// Without a system name, description and boundary there is no SSP, and the refusal names
    /// the command that sets each (exit 2, like the SPRS export).
    @Test func anSSPWithoutTheSystemIsAGateNamingTheCommands() throws {
        var input = Self.input()
        input.config.system = SystemSection(name: "Enclave")
        let export = try OSCALExport(input)
        do {
            _ = try export.document(.ssp)
            Issue.record("the SSP was written without a description and boundary")
        } catch let e as LedgerError {
            #expect(e.kind == .gate)
            #expect(e.message.contains("system.description, system.boundary"))
            #expect(e.message.hasSuffix("set them with 'evident system set description=\"What the system does and for whom\" boundary=\"What the authorization boundary encloses\"'"))
        }
        // The catalog does not need the system.
        #expect(throws: Never.self) { _ = try export.document(.catalog) }
    }

    /// No snapshot: no assessment results; no POA&M item: no POA&M (OSCAL requires one of each).
    @Test func resultsAndPOAMNeedSomethingToHold() throws {
        let export = try OSCALExport(Self.input())
        #expect(export.absence(.assessmentResults) != nil)
        #expect(export.absence(.poam) != nil)
        #expect(export.absence(.ssp) == nil)
        #expect(throws: LedgerError.self) { _ = try export.document(.assessmentResults) }
    }

    /// Artifact paths become relative URI references: "a b/é.txt" is a%20b/%C3%A9.txt (é is
    /// U+00E9, UTF-8 C3 A9).
    @Test func artifactPathsArePercentEncoded() {
        #expect(OSCALExport.href("evidence/2026/06/EV-1/a b/é.txt") == "evidence/2026/06/EV-1/a%20b/%C3%A9.txt")
        #expect(OSCALExport.href("evidence/x_y-z.~1.json") == "evidence/x_y-z.~1.json")
    }
}
