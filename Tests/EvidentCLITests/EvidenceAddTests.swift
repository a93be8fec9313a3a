import Foundation
import Testing
import TestSupport

@Suite("evident evidence add / list / show and evident log (end to end)")
struct EvidenceAddTests {
    // MARK: add

    @Test func addsOneJSONFileAsExactlyOneCommit() {
        let fixture = LedgerFixture()
        let file = fixture.artifact("mfa-export.json", "{\"users\": [{\"name\": \"ada\", \"mfa\": true}]}\n")
        let headBefore = fixture.head
        let countBefore = fixture.commitCount

        let r = fixture.add([file], control: "IAM-MFA", title: "MFA export")
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let id = trimmed(r.stdout)
        #expect(matches(id, evidenceIDPattern), "stdout: \(r.stdout)")
        #expect(r.stdout == id + "\n")
        #expect(id.hasPrefix("EV-20260601-"))

        #expect(fixture.commitCount == countBefore + 1)
        #expect(trimmed(fixture.git(["rev-parse", "HEAD^"]).stdout) == headBefore)
        let message = fixture.git(["log", "-1", "--format=%B"]).stdout
        #expect(message.contains("Evident-Action: evidence-add"))
        #expect(message.contains("Evidence-Id: \(id)"))
        #expect(message.contains("Controls: IAM-MFA"))
        #expect(fixture.trailer("Evident-Action") == ["evidence-add"])
        #expect(fixture.trailer("Evidence-Id") == [id])
        #expect(fixture.trailer("Controls") == ["IAM-MFA"])

        let folder = "\(fixedMonthFolder)/\(id)"
        #expect(fixture.trackedFiles(under: folder) == ["\(folder)/mfa-export.json", "\(folder)/record.yaml"])
        #expect(fixture.show("\(folder)/mfa-export.json").stdout == (try? String(contentsOfFile: file, encoding: .utf8)))
        #expect(fixture.gitBlobID("\(folder)/mfa-export.json") == fixture.gitBlobID(ofFile: file))

        let record = fixture.show("\(folder)/record.yaml").stdout
        #expect(record.contains("id: \(id)\n"))
        #expect(record.contains("title: MFA export\n"))
        #expect(record.contains("controls:\n- IAM-MFA\n"))
        #expect(record.contains("- path: mfa-export.json\n"))
        #expect(record.contains("  sha256: \(coreutilsSHA256(file))\n"))
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue ?? -1
        #expect(record.contains("  bytes: \(size)\n"))
        #expect(record.contains("  media_type: application/json\n"))
        #expect(record.contains("collected_by: Test Author <author@example.test>\n"))

        #expect(fixture.statusPorcelain == "")
        #expect(fixture.fsckOutput == "")
    }

    @Test func storesBinaryArtifactsByteForByte() {
        let fixture = LedgerFixture()
        let file = fixture.files.write("login-screen.png", pngLikeBytes)
        let r = fixture.add([file], control: "IAM-SESSION", title: "Login screen")
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let id = trimmed(r.stdout)
        let path = "\(fixedMonthFolder)/\(id)/login-screen.png"
        // Equal blob ids mean identical bytes (binary-safe, no text decoding involved).
        #expect(fixture.gitBlobID(path) == fixture.gitBlobID(ofFile: file))
        #expect(FileManager.default.contents(atPath: fixture.root + "/" + path) == pngLikeBytes)
        let record = fixture.show("\(fixedMonthFolder)/\(id)/record.yaml").stdout
        #expect(record.contains("  sha256: \(coreutilsSHA256(file))\n"))
        #expect(record.contains("  bytes: \(pngLikeBytes.count)\n"))
        #expect(record.contains("  media_type: image/png\n"))
        #expect(fixture.statusPorcelain == "")
        #expect(fixture.fsckOutput == "")
    }

    @Test func jsonOutputDescribesTheNewRecord() throws {
        let fixture = LedgerFixture()
        let file = fixture.artifact("export.json", "{\"a\": 1}\n")
        let r = fixture.add([file], control: "IAM-MFA", title: "MFA export", ["--format", "json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let object = try #require(jsonObject(r.stdout), "stdout: \(r.stdout)")
        let id = try #require(object["id"] as? String)
        #expect(matches(id, evidenceIDPattern))
        #expect(object["controls"] as? [String] == ["IAM-MFA"])
        #expect(object["title"] as? String == "MFA export")
        #expect(object["path"] as? String == "\(fixedMonthFolder)/\(id)/record.yaml")
        #expect(object["commit"] as? String == fixture.head)
        #expect(object["schema"] == nil)
        let artifacts = try #require(object["artifacts"] as? [[String: Any]])
        #expect(artifacts.count == 1)
        #expect(artifacts.first?["path"] as? String == "export.json")
        #expect(artifacts.first?["sha256"] as? String == coreutilsSHA256(file))
        #expect((artifacts.first?["bytes"] as? NSNumber)?.intValue == 9)
        #expect(fixture.trailer("Evidence-Id") == [id])
    }

    @Test func recursiveKeepsRelativePaths() {
        let fixture = LedgerFixture()
        fixture.files.write("bundle/summary.csv", "user,mfa\nada,true\n")
        fixture.files.write("bundle/sub/detail.json", "{\"ada\": true}\n")
        fixture.files.write("bundle/sub/deeper/raw.txt", "raw\n")
        let r = fixture.add([fixture.files.file("bundle"), "--recursive"], control: "IAM-MFA", title: "MFA bundle")
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let id = trimmed(r.stdout)
        let folder = "\(fixedMonthFolder)/\(id)"
        #expect(fixture.trackedFiles(under: folder) == [
            "\(folder)/bundle/sub/deeper/raw.txt", "\(folder)/bundle/sub/detail.json", "\(folder)/bundle/summary.csv", "\(folder)/record.yaml",
        ])
        #expect(fixture.show("\(folder)/bundle/sub/detail.json").stdout == "{\"ada\": true}\n")
        let record = fixture.show("\(folder)/record.yaml").stdout
        #expect(record.contains("- path: bundle/sub/detail.json\n"))
        #expect(record.contains("- path: bundle/summary.csv\n"))
        #expect(record.contains("  media_type: text/csv\n"))
        #expect(fixture.statusPorcelain == "")
        #expect(fixture.evident(["validate"]).status == 0)
    }

    @Test func readsAnArtifactFromStandardInput() {
        let fixture = LedgerFixture()
        var bytes = Data("meeting notes\n".utf8)
        bytes.append(contentsOf: [0x00, 0xFF, 0x0A])
        let r = fixture.add(["-", "--name", "notes.txt"], control: "GOV-OVERSIGHT", title: "Review notes", stdin: bytes)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let id = trimmed(r.stdout)
        let path = "\(fixedMonthFolder)/\(id)/notes.txt"
        #expect(FileManager.default.contents(atPath: fixture.root + "/" + path) == bytes)
        let stdinCopy = fixture.files.write("stdin-copy", bytes)
        #expect(fixture.gitBlobID(path) == fixture.gitBlobID(ofFile: stdinCopy))
        let record = fixture.show("\(fixedMonthFolder)/\(id)/record.yaml").stdout
        #expect(record.contains("  sha256: \(coreutilsSHA256(stdinCopy))\n"))
        #expect(record.contains("  bytes: \(bytes.count)\n"))
        #expect(record.contains("  media_type: text/plain\n"))
        #expect(fixture.statusPorcelain == "")
    }

    @Test func everyMetadataOptionLandsInTheRecord() {
        let fixture = LedgerFixture()
        let file = fixture.artifact("okta.json", "{}\n")
        let r = fixture.add([file], control: "IAM-MFA", title: "Okta MFA report", [
            "--control", "IAM-ACCESS-REVIEW",
            "--covers", "2026-01-01..2026-03-31", "--valid-until", "2027-01-01", "--collected", "2026-04-02",
            "--source", "okta", "--method", "automated", "--classification", "cui",
            "--description", "Quarterly export", "-m", "body text",
        ])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let id = trimmed(r.stdout)
        #expect(id.hasPrefix("EV-20260402-"), "the id carries the collection date: \(id)")
        let record = fixture.show("evidence/2026/04/\(id)/record.yaml").stdout
        #expect(record.contains("controls:\n- IAM-MFA\n- IAM-ACCESS-REVIEW\n"))
        #expect(record.contains("covers:\n  from: 2026-01-01\n  to: 2026-03-31\n"))
        #expect(record.contains("valid_until: 2027-01-01\n"))
        #expect(record.contains("collected_at: 2026-04-02"))
        #expect(record.contains("source: okta\n"))
        #expect(record.contains("method: automated\n"))
        #expect(record.contains("classification: cui\n"))
        #expect(record.contains("description: Quarterly export\n"))

        let message = fixture.git(["log", "-1", "--format=%B"]).stdout
        #expect(message.contains("\n\nbody text\n"))
        #expect(fixture.trailer("Controls") == ["IAM-MFA, IAM-ACCESS-REVIEW"])
        #expect(fixture.trailer("Evidence-Id") == [id])
        #expect(fixture.statusPorcelain == "")
    }

    @Test func authorComesFromTheRepositorysGitConfig() {
        let fixture = LedgerFixture()
        #expect(fixture.git(["config", "user.name", "Repo Person"]).status == 0)
        #expect(fixture.git(["config", "user.email", "repo@example.test"]).status == 0)
        let r = fixture.add([fixture.artifact("a.json", "{}\n")], env: ["EVIDENT_AUTHOR_NAME": "", "EVIDENT_AUTHOR_EMAIL": "", "GIT_AUTHOR_NAME": "", "GIT_AUTHOR_EMAIL": ""])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(trimmed(fixture.git(["log", "-1", "--format=%an <%ae>|%cn <%ce>"]).stdout)
            == "Repo Person <repo@example.test>|Repo Person <repo@example.test>")
        let record = fixture.show("\(fixedMonthFolder)/\(trimmed(r.stdout))/record.yaml").stdout
        #expect(record.contains("collected_by: Repo Person <repo@example.test>\n"))
    }

    /// A CI job exports git's own author variables: they win over the configuration, as in git,
    /// and EVIDENT_AUTHOR_* win over both.
    @Test func gitsAuthorVariablesWinOverTheConfiguration() {
        let fixture = LedgerFixture()
        #expect(fixture.git(["config", "user.name", "Repo Person"]).status == 0)
        #expect(fixture.git(["config", "user.email", "repo@example.test"]).status == 0)
        let r = fixture.add([fixture.artifact("a.json", "{}\n")],
                            env: ["EVIDENT_AUTHOR_NAME": "", "EVIDENT_AUTHOR_EMAIL": "", "GIT_AUTHOR_NAME": "CI Bot", "GIT_AUTHOR_EMAIL": "ci@example.test"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(trimmed(fixture.git(["log", "-1", "--format=%an <%ae>"]).stdout) == "CI Bot <ci@example.test>")
        let e = fixture.add([fixture.artifact("b.json", "{}\n")],
                            env: ["EVIDENT_AUTHOR_NAME": "Evident Person", "EVIDENT_AUTHOR_EMAIL": "ev@example.test", "GIT_AUTHOR_NAME": "CI Bot", "GIT_AUTHOR_EMAIL": "ci@example.test"])
        #expect(e.status == 0, "stderr: \(e.stderr)")
        #expect(trimmed(fixture.git(["log", "-1", "--format=%an <%ae>"]).stdout) == "Evident Person <ev@example.test>")
    }

    @Test func worksFromASubdirectoryAndThroughDashC() {
        let fixture = LedgerFixture()
        let file = fixture.artifact("a.json", "{}\n")
        fixture.write("docs/readme.txt", "x\n")
        #expect(fixture.git(["add", "docs/readme.txt"]).status == 0)
        #expect(fixture.git(["commit", "-q", "--no-verify", "-m", "docs"]).status == 0)
        let fromSub = Processes.evident(["evidence", "add", file, "--control", "IAM-MFA", "--title", "t"], cwd: fixture.root + "/docs", env: nowEnv)
        #expect(fromSub.status == 0, "stderr: \(fromSub.stderr)")
        // -C runs as if started there: relative FILE paths resolve against it.
        let viaC = Processes.evident(["-C", fixture.root, "evidence", "add", "docs/readme.txt", "--control", "IAM-MFA", "--title", "t"],
                                     cwd: "/", env: nowEnv)
        #expect(viaC.status == 0, "stderr: \(viaC.stderr)")
        let id = trimmed(viaC.stdout)
        #expect(fixture.trailer("Evidence-Id") == [id])
        #expect(fixture.trackedFiles(under: "\(fixedMonthFolder)/\(id)") == ["\(fixedMonthFolder)/\(id)/readme.txt", "\(fixedMonthFolder)/\(id)/record.yaml"])
        #expect(fixture.statusPorcelain == "")
    }

    // MARK: list / show

    @Test func listAndShowReadTheLedger() throws {
        let fixture = LedgerFixture()
        let mfa = fixture.addEvidence("mfa.json", "{\"mfa\": true}\n", control: "IAM-MFA", title: "MFA export")
        let ssp = fixture.addEvidence("ssp.md", "# SSP\n", control: "GOV-SSP", title: "System security plan")

        let list = fixture.evident(["evidence", "list"], env: nowEnv)
        #expect(list.status == 0, "stderr: \(list.stderr)")
        #expect(list.stdout.contains(mfa) && list.stdout.contains(ssp))
        #expect(list.stdout.contains("MFA export") && list.stdout.contains("System security plan"))
        #expect(list.stdout.contains("2 evidence records at HEAD"))

        let filtered = fixture.evident(["evidence", "list", "--control", "GOV-SSP"], env: nowEnv)
        #expect(filtered.status == 0)
        #expect(filtered.stdout.contains(ssp))
        #expect(!filtered.stdout.contains(mfa))
        #expect(filtered.stdout.contains("1 evidence record at HEAD"))

        let none = fixture.evident(["evidence", "list", "--control", "NOPE-NONE"], env: nowEnv)
        #expect(none.status == 0)
        #expect(none.stdout.contains("No evidence for NOPE-NONE"))

        let json = fixture.evident(["evidence", "list", "--format", "json"], env: nowEnv)
        #expect(json.status == 0)
        let object = try #require(jsonObject(json.stdout), "stdout: \(json.stdout)")
        #expect(object["revision"] as? String == fixture.head)
        let records = try #require(object["evidence"] as? [[String: Any]])
        #expect(Set(records.compactMap { $0["id"] as? String }) == [mfa, ssp])
        let sspRecord = try #require(records.first { $0["id"] as? String == ssp })
        #expect(sspRecord["controls"] as? [String] == ["GOV-SSP"])
        #expect(sspRecord["path"] as? String == "\(fixedMonthFolder)/\(ssp)/record.yaml")

        let show = fixture.evident(["evidence", "show", mfa], env: nowEnv)
        #expect(show.status == 0, "stderr: \(show.stderr)")
        #expect(show.stdout.contains("\(mfa)  MFA export"))
        #expect(show.stdout.contains("IAM-MFA"))
        #expect(show.stdout.contains("mfa.json"))
        #expect(show.stdout.contains("sha256:\(coreutilsSHA256(fixture.files.file("mfa.json")))"))
        #expect(show.stdout.contains("\(fixedMonthFolder)/\(mfa)/"))

        let showJSON = fixture.evident(["evidence", "show", ssp, "--format", "json"], env: nowEnv)
        #expect(showJSON.status == 0)
        let shown = try #require(jsonObject(showJSON.stdout))
        #expect(shown["id"] as? String == ssp)
        #expect(shown["title"] as? String == "System security plan")
        #expect(shown["method"] as? String == "manual")
        #expect(shown["classification"] as? String == "internal")
        let artifacts = try #require(shown["artifacts"] as? [[String: Any]])
        #expect(artifacts.first?["media_type"] as? String == "text/markdown")
    }

    @Test func showRefusesMalformedAndUnknownIDs() {
        let fixture = LedgerFixture()
        let malformed = fixture.evident(["evidence", "show", "EV-1"])
        #expect(malformed.status == 65)
        #expect(malformed.stderr.contains("EV-1"))
        let unknown = fixture.evident(["evidence", "show", "EV-20260601-ABCDEF"])
        #expect(unknown.status == 66)
        #expect(unknown.stderr.contains("EV-20260601-ABCDEF"))
    }

    @Test func listAtAnOldRevisionShowsTheOldStateWithoutTouchingTheWorkTree() throws {
        let fixture = LedgerFixture()
        let a = fixture.addEvidence("a.json", "{\"a\": 1}\n", title: "First")
        let noted = fixture.head
        let b = fixture.addEvidence("b.json", "{\"b\": 2}\n", title: "Second")
        // A dirty work tree (an unrelated untracked file) must not matter for reading.
        fixture.write("scratch-notes.txt", "not part of the ledger\n")
        let before = fixture.state()

        let old = fixture.evident(["evidence", "list", "--at", noted], env: nowEnv)
        #expect(old.status == 0, "stderr: \(old.stderr)")
        #expect(old.stdout.contains(a))
        #expect(!old.stdout.contains(b))
        #expect(old.stdout.contains("1 evidence record at \(noted)"))

        let oldJSON = fixture.evident(["evidence", "list", "--at", noted, "--format", "json"], env: nowEnv)
        let object = try #require(jsonObject(oldJSON.stdout))
        #expect(object["revision"] as? String == noted)
        #expect((object["evidence"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [a])

        #expect(fixture.evident(["evidence", "show", a, "--at", noted]).status == 0)
        let missing = fixture.evident(["evidence", "show", b, "--at", noted])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains(b))

        let now = fixture.evident(["evidence", "list"], env: nowEnv)
        #expect(now.stdout.contains(a) && now.stdout.contains(b))
        #expect(fixture.state() == before)
        #expect(fixture.statusPorcelain == "?? scratch-notes.txt\n")
    }

    @Test func listAtADateUsesTheLastCommitOfThatDay() {
        let fixture = LedgerFixture(env: ["EVIDENT_NOW": "2026-05-30T09:00:00Z"])
        let may = fixture.addEvidence("may.json", "{}\n", title: "May", env: ["EVIDENT_NOW": "2026-05-31T23:59:00Z"])
        let june = fixture.addEvidence("june.json", "{}\n", title: "June", env: ["EVIDENT_NOW": "2026-06-02T08:00:00Z"])
        let r = fixture.evident(["evidence", "list", "--at", "2026-06-01"], env: nowEnv)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains(may) && !r.stdout.contains(june))
        let before = fixture.evident(["evidence", "list", "--at", "2026-05-29"])
        #expect(before.status == 66)
        #expect(before.stderr.contains("2026-05-29"))
    }

    @Test func listAtAnUnknownRevisionIsNotFound() {
        let fixture = LedgerFixture()
        let r = fixture.evident(["evidence", "list", "--at", "no-such-branch"])
        #expect(r.status == 66)
        #expect(r.stderr.contains("no-such-branch"))
    }

    // MARK: log

    /// A ledger whose commits get increasing, fixed times: init, A (IAM-MFA), B (GOV-SSP).
    private func historyFixture() -> (LedgerFixture, a: String, b: String, commitA: String) {
        let fixture = LedgerFixture(env: ["EVIDENT_NOW": "2026-06-01T10:00:00Z"])
        let a = fixture.addEvidence("a.json", "{}\n", control: "IAM-MFA", title: "MFA export", env: ["EVIDENT_NOW": "2026-06-01T11:00:00Z"])
        let commitA = fixture.head
        let b = fixture.addEvidence("b.md", "# SSP\n", control: "GOV-SSP", title: "SSP", env: ["EVIDENT_NOW": "2026-06-01T12:00:00Z"])
        return (fixture, a, b, commitA)
    }

    @Test func logListsCommitsNewestFirstWithTheirActions() {
        let (fixture, a, b, _) = historyFixture()
        let r = fixture.evident(["log"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let heads = nonEmptyLines(r.stdout).filter { !$0.hasPrefix(" ") }
        #expect(heads.count == 3, "stdout: \(r.stdout)")
        guard heads.count == 3 else { return }
        #expect(heads[0].contains("[evidence-add]") && heads[1].contains("[evidence-add]") && heads[2].contains("[init]"))
        #expect(heads.allSatisfy { $0.contains("Test Author <author@example.test>") })
        let hashes = heads.map { String($0.split(separator: " ").first ?? "") }
        let revs = nonEmptyLines(fixture.git(["rev-list", "HEAD"]).stdout)
        #expect(zip(hashes, revs).allSatisfy { $1.hasPrefix($0) && !$0.isEmpty }, "\(hashes) vs \(revs)")
        #expect(r.stdout.contains("Add evidence \(b): SSP"))
        #expect(r.stdout.contains("Add evidence \(a): MFA export"))
    }

    @Test func logFiltersByEvidenceControlAndSince() throws {
        let (fixture, a, b, commitA) = historyFixture()

        let byEvidence = try #require(jsonArray(fixture.evident(["log", "--evidence", a, "--format", "json"]).stdout))
        #expect(byEvidence.count == 1)
        #expect(byEvidence.first?["commit"] as? String == commitA)
        #expect(byEvidence.first?["evidence"] as? [String] == [a])

        let byEvidenceText = fixture.evident(["log", "--evidence", b])
        #expect(byEvidenceText.status == 0)
        #expect(byEvidenceText.stdout.contains(b) && !byEvidenceText.stdout.contains(a))

        // The evidence commit names IAM-MFA in its trailers; the init commit wrote controls/IAM-MFA.yaml.
        let initCommit = trimmed(fixture.git(["rev-list", "--max-parents=0", "HEAD"]).stdout)
        let byControl = try #require(jsonArray(fixture.evident(["log", "--control", "IAM-MFA", "--format", "json"]).stdout))
        #expect(byControl.map { $0["commit"] as? String } == [commitA, initCommit])
        let bySSP = try #require(jsonArray(fixture.evident(["log", "--control", "GOV-SSP", "--format", "json"]).stdout))
        #expect(bySSP.map { $0["commit"] as? String } == [fixture.head, initCommit])

        let since = try #require(jsonArray(fixture.evident(["log", "--since", commitA, "--format", "json"]).stdout))
        #expect(since.map { $0["commit"] as? String } == [fixture.head])
        #expect(since.first?["evidence"] as? [String] == [b])

        let badEvidence = fixture.evident(["log", "--evidence", "nope"])
        #expect(badEvidence.status == 65)
        let badControl = fixture.evident(["log", "--control", "iam_mfa"])
        #expect(badControl.status == 65)
    }

    @Test func logJSONHasTheDocumentedKeys() throws {
        let (fixture, a, b, commitA) = historyFixture()
        let r = fixture.evident(["log", "--format", "json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let entries = try #require(jsonArray(r.stdout), "stdout: \(r.stdout)")
        #expect(entries.count == 3)
        for e in entries {
            for key in ["commit", "date", "author", "action", "summary", "evidence", "controls"] {
                #expect(e[key] != nil, "missing \(key) in \(e)")
            }
        }
        guard entries.count == 3 else { return }
        #expect(entries.map { $0["action"] as? String } == ["evidence-add", "evidence-add", "init"])
        #expect(entries.map { $0["commit"] as? String } == nonEmptyLines(fixture.git(["rev-list", "HEAD"]).stdout))
        #expect(entries[1]["commit"] as? String == commitA)
        #expect(entries[0]["evidence"] as? [String] == [b])
        #expect(entries[0]["controls"] as? [String] == ["GOV-SSP"])
        #expect(entries[1]["evidence"] as? [String] == [a])
        #expect(entries[1]["controls"] as? [String] == ["IAM-MFA"])
        #expect(entries[2]["evidence"] as? [String] == [])
        #expect((entries[0]["summary"] as? String)?.hasPrefix("Add evidence \(b)") == true)
        let author = try #require(entries[0]["author"] as? [String: Any])
        #expect(author["name"] as? String == "Test Author")
        #expect(author["email"] as? String == "author@example.test")
        #expect((entries[0]["date"] as? String)?.hasPrefix("2026-06-01T12:00:00") == true)
    }
}
