import Foundation
import Testing
import TestSupport

/// The JSON contracts in Schemas/ hold for what the binary really prints and stores.
@Suite struct JSONContractTests {
    static let projectRoot: String = {
        var dir = (#filePath as NSString).deletingLastPathComponent
        while !FileManager.default.fileExists(atPath: dir + "/Package.swift") { dir = (dir as NSString).deletingLastPathComponent }
        return dir
    }()

    static func conforms(_ json: String, to schema: String) -> ProcessResult {
        Processes.run("/usr/bin/env", ["python3", projectRoot + "/scripts/check-json.py", projectRoot + "/Schemas/" + schema],
                      cwd: projectRoot, environment: ProcessInfo.processInfo.environment, stdin: Data(json.utf8))
    }

    @Test func readinessAndSnapshotManifestsMatchTheirSchemas() {
        let env = ["EVIDENT_NOW": "2026-11-29T12:00:00Z"]
        let f = LedgerFixture(frameworks: ["cmmc-l1", "cmmc-l2", "soc2:availability"], env: env)
        let a = f.artifact("mfa.json", "{}\n")
        #expect(f.evident(["evidence", "add", a, "--control", "IAM-MFA", "--title", "MFA", "--collected", "2026-11-01"], env: env).status == 0)
        #expect(f.evident(["poam", "add", "3.1.9", "--weakness", "banner", "--scheduled-completion", "2027-01-31"], env: env).status == 0)
        for args in [["readiness", "--format", "json"], ["readiness", "--format", "json", "--framework", "all", "--type", "2", "--period", "2026-06-01..2026-11-28"]] {
            let r = f.evident(args, env: env)
            #expect(r.status == 0)
            let check = Self.conforms(r.stdout, to: "readiness.schema.json")
            #expect(check.status == 0, "\(args): \(check.stdout)\(check.stderr)")
        }
        #expect(f.evident(["snapshot", "create", "t2", "--kind", "soc2-type2", "--period", "2026-06-01..2026-11-28"], env: env).status == 0)
        let tag = f.git(["cat-file", "tag", "assessment/t2"]).stdout
        let manifest = tag.components(separatedBy: "-----BEGIN EVIDENT MANIFEST-----\n")[1].components(separatedBy: "\n-----END EVIDENT MANIFEST-----")[0]
        let check = Self.conforms(manifest, to: "snapshot.schema.json")
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test func theCheckerRejectsWhatDoesNotConform() {
        #expect(Self.conforms("{\"revision\": \"x\"}", to: "readiness.schema.json").status == 1)
    }
}
