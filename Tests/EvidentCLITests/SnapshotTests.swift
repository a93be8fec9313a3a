import Foundation
import LedgerCore
import Testing
import TestSupport

/// Snapshots: creation, refusals, and every tamper case verification must catch.
@Suite struct SnapshotTests {
    static let now = ["EVIDENT_NOW": "2026-11-29T12:00:00Z"]

    /// A ledger with one implemented-with-evidence control and a snapshot `q4` of it.
    static func ledgerWithSnapshot() -> LedgerFixture {
        let f = LedgerFixture(env: now)
        let a = f.artifact("okta.json", "{\"mfa\": \"all\"}\n")
        let add = f.evidence(["evidence", "add", a, "--control", "IAM-MFA", "--title", "MFA export", "--collected", "2026-11-20"], env: now)
        precondition(add.status == 0, add.stderr)
        let snap = f.evident(["snapshot", "create", "q4", "--kind", "cmmc-l2-self"], env: now)
        precondition(snap.status == 0, snap.stderr)
        return f
    }

    static func tags(_ f: LedgerFixture) -> String { f.git(["for-each-ref", "refs/tags"]).stdout }

    @Test func createsAnAnnotatedTagWithTheManifestThatGitReads() throws {
        let f = Self.ledgerWithSnapshot()
        #expect(f.git(["cat-file", "-t", "assessment/q4"]).stdout == "tag\n")
        let tag = f.git(["cat-file", "tag", "assessment/q4"]).stdout
        #expect(tag.contains("Assessment snapshot q4 (cmmc-l2-self) as of 2026-11-29"))
        #expect(tag.contains("-----BEGIN EVIDENT MANIFEST-----"))
        #expect(tag.contains("\"list_sha256\""))
        #expect(f.git(["rev-parse", "assessment/q4^{commit}"]).stdout == f.git(["rev-parse", "HEAD"]).stdout)
        #expect(f.git(["log", "--tags", "--simplify-by-decoration", "--format=%D"]).stdout.contains("tag: assessment/q4"))
        #expect(f.statusPorcelain.isEmpty)
        #expect(f.fsckOutput.isEmpty)
        let list = f.evident(["snapshot", "list", "--format", "json"], env: Self.now)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(json.first?["name"] as? String == "q4")
        #expect(json.first?["signed"] as? Bool == false)
        #expect(f.evident(["snapshot", "verify", "q4"], env: Self.now).status == 0)
        #expect(f.evident(["verify"], env: Self.now).status == 0)
    }

    @Test func lowReadinessNeverBlocksASnapshot() {
        // A fresh starter library is all planned: no score at all, still snapshotted.
        let f = LedgerFixture(env: Self.now)
        let r = f.evident(["snapshot", "create", "baseline", "--kind", "internal"], env: Self.now)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("incomplete"))
    }

    /// Without -o the list goes to standard output and nothing lands in the work tree; -o onto
    /// a file is refused in evident's words.
    @Test func hashesWithoutAnOutputFolderWriteNothing() throws {
        let f = Self.ledgerWithSnapshot()
        let r = f.evident(["export", "hashes", "q4"], env: Self.now)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("okta.json"), "\(r.stdout)")
        #expect(f.statusPorcelain.isEmpty, "\(f.statusPorcelain)")
        let check = Processes.run("/usr/bin/sha256sum", ["-c", "-"], cwd: f.root, stdin: Data(r.stdout.utf8))
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let file = f.artifact("taken.txt", "x\n")
        let refused = f.evident(["export", "hashes", "q4", "-o", file], env: Self.now)
        #expect(refused.status == 65, "\(refused.stderr)")
        #expect(refused.stderr.contains("-o \(file) is a file"), "\(refused.stderr)")
    }

    @Test func exportedHashesAreAcceptedBySha256sum() throws {
        let f = Self.ledgerWithSnapshot()
        let out = f.files.path + "/export"
        #expect(f.evident(["export", "hashes", "q4", "-o", out], env: Self.now).status == 0)
        let check = Processes.run("/usr/bin/sha256sum", ["-c", out + "/artifacts.sha256"], cwd: f.root)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("okta.json: OK"))
        let listCheck = Processes.run("/usr/bin/sha256sum", ["-c", "artifacts.sha256.sha256"], cwd: out)
        #expect(listCheck.status == 0)
        // The hash of the list is the one in the manifest.
        let hash = try String(contentsOfFile: out + "/artifacts.sha256.sha256", encoding: .utf8).prefix(64)
        #expect(f.git(["cat-file", "tag", "assessment/q4"]).stdout.contains("\"list_sha256\": \"\(hash)\""))
    }

    // MARK: Refusals: nothing written

    @Test func anExistingNameIsRefused() {
        let f = Self.ledgerWithSnapshot()
        let before = (f.state(), Self.tags(f))
        let r = f.evident(["snapshot", "create", "q4", "--kind", "internal"], env: Self.now)
        #expect(r.status == 65)
        #expect(r.stderr.contains("never moves"))
        #expect((f.state(), Self.tags(f)) == before)
    }

    @Test func aDirtyWorkTreeIsRefused() {
        let f = Self.ledgerWithSnapshot()
        f.dir.write("controls/IAM-MFA.yaml", "schema: evident/control/v1\n")
        let before = (f.state(), Self.tags(f))
        let r = f.evident(["snapshot", "create", "dirty", "--kind", "internal"], env: Self.now)
        #expect(r.status == 65)
        #expect(r.stderr.contains("controls/IAM-MFA.yaml"))
        #expect((f.state(), Self.tags(f)) == before)
    }

    @Test func invalidRecordsAreRefused() {
        let f = Self.ledgerWithSnapshot()
        // Corrupt an artifact and commit it with plain git, bypassing the hook.
        let artifact = f.git(["ls-files", "evidence"]).stdout.split(separator: "\n").first { $0.hasSuffix("okta.json") }!
        f.dir.write(String(artifact), "{\"mfa\": \"none\"}\n")
        #expect(f.git(["commit", "-qam", "tamper", "--no-verify"]).status == 0)
        let before = (f.state(), Self.tags(f))
        let r = f.evident(["snapshot", "create", "bad", "--kind", "internal"], env: Self.now)
        #expect(r.status == 65)
        #expect(r.stderr.contains("sha256"))
        #expect((f.state(), Self.tags(f)) == before)
    }

    @Test func aPeriodEndingBeforeItStartsIsRefused() {
        let f = Self.ledgerWithSnapshot()
        let before = (f.state(), Self.tags(f))
        let r = f.evident(["snapshot", "create", "t2", "--kind", "soc2-type2", "--period", "2026-06-30..2026-01-01"], env: Self.now)
        #expect(r.status == 65)
        #expect(r.stderr.contains("ends"))
        #expect((f.state(), Self.tags(f)) == before)
    }

    @Test func anAsOfDayAfterTodayIsRefused() {
        let f = Self.ledgerWithSnapshot()
        let before = (f.state(), Self.tags(f))
        let r = f.evident(["snapshot", "create", "future", "--kind", "internal", "--as-of", "2026-11-30"], env: Self.now)
        #expect(r.status == 65, "exit \(r.status): \(r.stderr)")
        #expect(r.stderr.contains("--as-of 2026-11-30 is after today (2026-11-29)"), "\(r.stderr)")
        #expect((f.state(), Self.tags(f)) == before)
        // Today and earlier days are fine.
        #expect(f.evident(["snapshot", "create", "today", "--kind", "internal", "--as-of", "2026-11-29"], env: Self.now).status == 0)
        #expect(f.evident(["snapshot", "create", "past", "--kind", "internal", "--as-of", "2026-10-01"], env: Self.now).status == 0)
    }

    /// A Level 3 (DIBCAC) snapshot of a ledger without cmmc-l3 in scope records an assessment
    /// that cannot have happened (32 CFR 170.18): refused with 64, naming the fix, nothing written.
    @Test func aLevel3SnapshotNeedsLevel3InScope() {
        let f = Self.ledgerWithSnapshot()
        let before = (f.state(), Self.tags(f))
        let r = f.evident(["snapshot", "create", "l3", "--kind", "cmmc-l3-dibcac"], env: Self.now)
        #expect(r.status == 64, "exit \(r.status): \(r.stderr)")
        #expect(r.stderr.contains("cmmc-l3 is not in the ledger's scope"), "\(r.stderr)")
        #expect(r.stderr.contains(".evident/ledger.yaml"), "\(r.stderr)")
        #expect((f.state(), Self.tags(f)) == before)
    }

    @Test func unsignedSnapshotsAreRefusedWhenPolicyRequiresSignatures() {
        let f = Self.ledgerWithSnapshot()
        let config = try! String(contentsOfFile: f.root + "/.evident/ledger.yaml", encoding: .utf8)
        f.dir.write(".evident/ledger.yaml", config.replacingOccurrences(of: "require_signed_snapshots: false", with: "require_signed_snapshots: true"))
        #expect(f.git(["commit", "-qam", "require signatures", "--no-verify"]).status == 0)
        let before = (f.state(), Self.tags(f))
        let r = f.evident(["snapshot", "create", "unsigned", "--kind", "internal"], env: Self.now)
        #expect(r.status == 65)
        #expect(r.stderr.contains("require_signed_snapshots"))
        #expect((f.state(), Self.tags(f)) == before)
        // The earlier snapshot was taken before the policy, under the ledger.yaml of its own
        // tree, so it still verifies.
        #expect(f.evident(["snapshot", "verify", "q4"], env: Self.now).status == 0)
    }

    // MARK: Tampering: every case is found

    @Test func aChangedArtifactCommittedOnTopIsFound() {
        let f = Self.ledgerWithSnapshot()
        let artifact = f.git(["ls-files", "evidence"]).stdout.split(separator: "\n").first { $0.hasSuffix("okta.json") }!
        f.dir.write(String(artifact), "{\"mfa\": \"none\"}\n")
        #expect(f.git(["commit", "-qam", "quiet change", "--no-verify"]).status == 0)
        let r = f.evident(["verify"], env: Self.now)
        #expect(r.status == 2)
        #expect(r.stdout.contains("okta.json hashes to"))
        // The snapshot itself still verifies: its tree is untouched.
        #expect(f.evident(["snapshot", "verify", "q4"], env: Self.now).status == 0)
    }

    /// `verify` checks each month of evidence once for all snapshots and HEAD, reusing a month
    /// whose tree is unchanged: but an unchanged evidence folder whose control was deleted since
    /// the snapshot must still be found at HEAD (the snapshot's month tree is the same, the
    /// controls it names are not).
    @Test func aControlDeletedAfterTheSnapshotIsFoundAtHeadThoughItsEvidenceIsUnchanged() {
        let f = Self.ledgerWithSnapshot()
        #expect(f.git(["rm", "-q", "controls/IAM-MFA.yaml"]).status == 0)
        #expect(f.git(["commit", "-qm", "drop the control", "--no-verify"]).status == 0)
        let r = f.evident(["verify"], env: Self.now)
        #expect(r.status == 2)
        #expect(r.stdout.contains("'IAM-MFA' is not a control in controls/"), "\(r.stdout)")
        // The snapshot's own tree still holds the control.
        #expect(f.evident(["snapshot", "verify", "q4"], env: Self.now).status == 0)
    }

    @Test func aRewrittenMainBranchDroppingTheSnapshotIsFound() {
        let f = Self.ledgerWithSnapshot()
        #expect(f.git(["reset", "-q", "--hard", "HEAD~1"]).status == 0)
        let a = f.artifact("other.json", "{}\n")
        #expect(f.evident(["evidence", "add", a, "--control", "IAM-SSO", "--title", "Other"], env: Self.now).status == 0)
        let r = f.evident(["snapshot", "verify", "q4"], env: Self.now)
        #expect(r.status == 2)
        #expect(r.stdout.contains("not in the history of refs/heads/main"))
    }

    @Test func aTagDeletedAndRecreatedElsewhereIsFound() {
        let f = Self.ledgerWithSnapshot()
        let message = f.git(["tag", "-l", "--format=%(contents)", "assessment/q4"]).stdout
        let file = f.files.write("msg.txt", message)
        #expect(f.git(["tag", "-d", "assessment/q4"]).status == 0)
        #expect(f.git(["tag", "-a", "assessment/q4", "-F", file, "HEAD~1"]).status == 0)
        let r = f.evident(["snapshot", "verify", "q4"], env: Self.now)
        #expect(r.status == 2)
        #expect(r.stdout.contains("deleted and recreated"))
    }

    @Test func anEditedManifestIsFound() {
        let f = Self.ledgerWithSnapshot()
        let raw = f.git(["cat-file", "tag", "assessment/q4"]).stdout
        // Claim a better score than the tree supports.
        let edited = raw.replacingOccurrences(of: "\"status\": \"incomplete\"", with: "\"status\": \"final\"")
        #expect(edited != raw)
        let file = f.files.write("tag.txt", edited)
        let id = f.git(["hash-object", "-t", "tag", "-w", file]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(f.git(["update-ref", "refs/tags/assessment/q4", id]).status == 0)
        let r = f.evident(["snapshot", "verify", "q4"], env: Self.now)
        #expect(r.status == 2)
        #expect(r.stdout.contains("readiness recomputed from the tagged tree differs"))
    }

    /// The summary lines `git tag -n` and `git show` print are held to the snapshot too: a
    /// number edited in them (the NOT MET count, the artifact count) is a finding, though the
    /// status word and the manifest are untouched.
    @Test func anEditedSummaryLineIsFound() {
        let f = Self.ledgerWithSnapshot()
        let raw = f.git(["cat-file", "tag", "assessment/q4"]).stdout
        #expect(f.evident(["snapshot", "verify", "q4"], env: Self.now).status == 0)
        let cases: [(String, (String) -> String, String)] = [
            ("NOT MET count", { $0.replacingOccurrences(of: " NOT MET)\n", with: "1 NOT MET)\n") }, "readiness recomputed from the tagged tree gives 'CMMC Level 2: "),
            ("artifact count", { $0.replacingOccurrences(of: "\nArtifacts: ", with: "\nArtifacts: 9") }, "the manifest gives 'Artifacts: "),
        ]
        for (what, edit, expected) in cases {
            let edited = edit(raw)
            #expect(edited != raw, "\(what)")
            let file = f.files.write("tag.txt", edited)
            let id = f.git(["hash-object", "-t", "tag", "-w", file]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(f.git(["update-ref", "refs/tags/assessment/q4", id]).status == 0)
            let r = f.evident(["snapshot", "verify", "q4"], env: Self.now)
            #expect(r.status == 2, "\(what): \(r.stdout)")
            #expect(r.stdout.contains("the message was edited") && r.stdout.contains(expected), "\(what): \(r.stdout)")
        }
    }

    /// A manifest judged under other readiness rules than this evident's (an older or newer
    /// evident) keeps what it recorded: the difference is a notice, not a finding, locally; a tag
    /// pushed to a server (`--tag-object`, as hooks/pre-receive checks it) must be judged under
    /// the server's rules. Rules version 99 stands in for "not this evident's" (ReadinessRules).
    @Test func readinessJudgedUnderOtherRulesIsANoticeLocallyAndRefusedWhenPushed() {
        let f = Self.ledgerWithSnapshot()
        let raw = f.git(["cat-file", "tag", "assessment/q4"]).stdout
        let current = "\"readiness_rules\": \(ReadinessRules.version)"
        #expect(raw.contains(current))
        // (The summary line says what the manifest says, as a newer evident would write it.)
        let edited = raw.replacingOccurrences(of: "\"status\": \"incomplete\"", with: "\"status\": \"final\"")
            .replacingOccurrences(of: ", incomplete (", with: ", final (")
            .replacingOccurrences(of: current, with: "\"readiness_rules\": 99")
        let file = f.files.write("tag.txt", edited)
        let id = f.git(["hash-object", "-t", "tag", "-w", file]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(f.git(["update-ref", "refs/tags/assessment/q4", id]).status == 0)
        let local = f.evident(["snapshot", "verify", "q4"], env: Self.now)
        #expect(local.status == 0, "\(local.stdout)\(local.stderr)")
        #expect(local.stderr.contains("readiness rules version 99, newer than this evident's"), "\(local.stderr)")
        let pushed = f.evident(["snapshot", "verify", "q4", "--tag-object", id], env: Self.now)
        #expect(pushed.status == 2)
        #expect(pushed.stdout.contains("judged under readiness rules version 99"), "\(pushed.stdout)")
    }

    /// The status held is read from a snapshot's summary lines, not its manifest (which can be
    /// megabytes): verify holds the two to the same result, so an edited summary is a finding.
    @Test func aSummaryLineThatDisagreesWithTheManifestIsAFinding() {
        let f = Self.ledgerWithSnapshot()
        let raw = f.git(["cat-file", "tag", "assessment/q4"]).stdout
        #expect(raw.contains(", incomplete ("))
        let file = f.files.write("tag.txt", raw.replacingOccurrences(of: ", incomplete (", with: ", final ("))
        let id = f.git(["hash-object", "-t", "tag", "-w", file]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(f.git(["update-ref", "refs/tags/assessment/q4", id]).status == 0)
        let r = f.evident(["snapshot", "verify", "q4"], env: Self.now)
        #expect(r.status == 2)
        #expect(r.stdout.contains("its summary line says CMMC Level 2 final, the manifest records incomplete"), "\(r.stdout)")
    }

    /// A manifest from before the rules were versioned (no readiness_rules key) was judged under
    /// version 1; one whose version is not a number of 1 or more is refused as malformed.
    @Test func aManifestWithoutARulesVersionIsVersionOneAndAMalformedOneIsRefused() {
        let f = Self.ledgerWithSnapshot()
        let raw = f.git(["cat-file", "tag", "assessment/q4"]).stdout
        let current = "\"readiness_rules\": \(ReadinessRules.version)"
        let old = raw.replacingOccurrences(of: ",\n  " + current, with: "")
        #expect(old != raw)
        // Version 1 is not today's: a readiness that differs is a notice, and one that agrees is silent.
        for (text, status) in [(old, Int32(0)), (raw.replacingOccurrences(of: current, with: "\"readiness_rules\": 0"), Int32(2))] {
            let file = f.files.write("tag.txt", text)
            let id = f.git(["hash-object", "-t", "tag", "-w", file]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(f.git(["update-ref", "refs/tags/assessment/q4", id]).status == 0)
            let r = f.evident(["snapshot", "verify", "q4"], env: Self.now)
            #expect(r.status == status, "\(r.stdout)\(r.stderr)")
            if status == 2 { #expect(r.stdout.contains("readiness_rules"), "\(r.stdout)") }
        }
    }

    @Test func anEditedArtifactListIsFound() {
        let f = Self.ledgerWithSnapshot()
        let raw = f.git(["cat-file", "tag", "assessment/q4"]).stdout
        let sha = raw.components(separatedBy: "\"sha256\":\"")[1].prefix(64)
        let edited = raw.replacingOccurrences(of: "\"sha256\":\"\(sha)\"", with: "\"sha256\":\"\(String(repeating: "0", count: 64))\"")
        #expect(edited != raw)
        let file = f.files.write("tag.txt", edited)
        let id = f.git(["hash-object", "-t", "tag", "-w", file]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(f.git(["update-ref", "refs/tags/assessment/q4", id]).status == 0)
        let r = f.evident(["snapshot", "verify", "q4"], env: Self.now)
        #expect(r.status == 2)
        #expect(r.stdout.contains("does not hash to its list_sha256"))
        #expect(f.evident(["export", "hashes", "q4", "-o", f.files.path + "/x"], env: Self.now).status == 2)
    }

    @Test func aLightweightTagIsNotASnapshot() {
        let f = Self.ledgerWithSnapshot()
        #expect(f.git(["tag", "assessment/light"]).status == 0)
        let r = f.evident(["snapshot", "verify", "light"], env: Self.now)
        #expect(r.status == 2)
        #expect(r.stdout.contains("lightweight"))
    }
}

/// Signed snapshots, checked by the stock git CLI.
@Suite struct SignedSnapshotTests {
    static let now = SnapshotTests.now

    static func key(_ dir: TemporaryDirectory, _ name: String) -> String {
        let path = dir.path + "/" + name
        let r = Processes.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path], cwd: dir.path)
        precondition(r.status == 0, r.stderr)
        return path
    }

    func verifyTag(_ f: LedgerFixture, _ tag: String) -> ProcessResult {
        f.git(["-c", "gpg.ssh.allowedSignersFile=\(f.root)/.evident/allowed_signers", "verify-tag", tag])
    }

    @Test func gitVerifiesASignedSnapshotAndRejectsATamperedOne() throws {
        let f = SnapshotTests.ledgerWithSnapshot()
        let keys = TemporaryDirectory("evident-keys")
        let key = Self.key(keys, "dana")
        #expect(f.evident(["signers", "add", "dana@northwind.example", key + ".pub"], env: Self.now).status == 0)
        let r = f.evident(["snapshot", "create", "signed", "--kind", "cmmc-l2-self", "--sign", "--key", key], env: Self.now)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("signed"))
        #expect(f.git(["cat-file", "tag", "assessment/signed"]).stdout.contains("-----BEGIN SSH SIGNATURE-----"))
        let good = verifyTag(f, "assessment/signed")
        #expect(good.status == 0, "\(good.stderr)")
        #expect(f.evident(["snapshot", "verify", "signed"], env: Self.now).status == 0)
        let list = f.evident(["snapshot", "list"], env: Self.now).stdout
        #expect(list.contains("yes, by dana@northwind.example"))
        // Tamper: change one character of the signed message, keep the signature.
        let raw = f.git(["cat-file", "tag", "assessment/signed"]).stdout
        let edited = raw.replacingOccurrences(of: "Assessment snapshot signed", with: "Assessment snapshot signeD")
        let file = f.files.write("t.txt", edited)
        let id = f.git(["hash-object", "-t", "tag", "-w", file]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(f.git(["update-ref", "refs/tags/assessment/signed", id]).status == 0)
        #expect(verifyTag(f, "assessment/signed").status != 0)
        let v = f.evident(["snapshot", "verify", "signed"], env: Self.now)
        #expect(v.status == 2)
        #expect(v.stdout.contains("signature"))
        #expect(f.statusPorcelain.isEmpty)
    }

    /// Replaces snapshot `name` with the same commit and message signed by stock git with `key`.
    static func resignWithGit(_ f: LedgerFixture, _ name: String, key: String) {
        let message = f.git(["tag", "-l", "--format=%(contents)", "assessment/" + name]).stdout
        let commit = trimmed(f.git(["rev-parse", "assessment/\(name)^{commit}"]).stdout)
        let file = f.files.write("resign-\(name).txt", message)
        let r = f.git(["-c", "gpg.format=ssh", "-c", "user.signingkey=\(key)", "tag", "-f", "-s", "--cleanup=verbatim", "-F", file, "assessment/" + name, commit])
        precondition(r.status == 0, "git tag -s: \(r.stderr)")
    }

    @Test func signingWithAKeyOutsideTheAllowedSignersIsRefused() {
        let f = SnapshotTests.ledgerWithSnapshot()
        let keys = TemporaryDirectory("evident-keys")
        let allowed = Self.key(keys, "allowed")
        let stranger = Self.key(keys, "stranger")
        // No allowed signers at all yet: refused, naming the fix.
        var before = (f.state(), SnapshotTests.tags(f))
        let none = f.evident(["snapshot", "create", "odd", "--kind", "internal", "--sign", "--key", stranger], env: Self.now)
        #expect(none.status == 65, "exit \(none.status): \(none.stderr)")
        #expect(none.stderr.contains("evident signers add"), "\(none.stderr)")
        #expect((f.state(), SnapshotTests.tags(f)) == before)
        // Another key allowed: still refused, with the key's fingerprint and the .pub to add.
        #expect(f.evident(["signers", "add", "allowed@example.test", allowed + ".pub"], env: Self.now).status == 0)
        before = (f.state(), SnapshotTests.tags(f))
        for key in [stranger, stranger + ".pub"] {
            let r = f.evident(["snapshot", "create", "odd", "--kind", "internal", "--sign", "--key", key], env: Self.now)
            #expect(r.status == 65, "exit \(r.status): \(r.stderr)")
            #expect(r.stderr.contains("signing key \(key)"), "\(r.stderr)")
            #expect(r.stderr.contains(".evident/allowed_signers"), "\(r.stderr)")
            #expect(r.stderr.contains("evident signers add author@example.test \(stranger).pub"), "\(r.stderr)")
            #expect((f.state(), SnapshotTests.tags(f)) == before)
        }
        // The allowed key signs.
        #expect(f.evident(["snapshot", "create", "odd", "--kind", "internal", "--sign", "--key", allowed], env: Self.now).status == 0)
    }

    @Test func aKeyAllowedOnlyForAnotherNamespaceIsRefused() throws {
        let f = SnapshotTests.ledgerWithSnapshot()
        let keys = TemporaryDirectory("evident-keys")
        let key = Self.key(keys, "files-only")
        let pub = trimmed(try String(contentsOfFile: key + ".pub", encoding: .utf8))
        f.write(".evident/allowed_signers", "ops@example.test namespaces=\"file\" \(pub)\n")
        #expect(f.git(["add", ".evident/allowed_signers"]).status == 0)
        #expect(f.git(["commit", "-qm", "Allow ops for files", "--no-verify"]).status == 0)
        let before = (f.state(), SnapshotTests.tags(f))
        let r = f.evident(["snapshot", "create", "ns", "--kind", "internal", "--sign", "--key", key], env: Self.now)
        #expect(r.status == 65, "exit \(r.status): \(r.stderr)")
        #expect(r.stderr.contains("not for namespace \"git\""), "\(r.stderr)")
        #expect(r.stderr.contains("line 1"), "\(r.stderr)")
        #expect((f.state(), SnapshotTests.tags(f)) == before)
    }

    @Test func aSignatureByAKeyOutsideTheAllowedSignersOfItsCommitIsFound() {
        let f = SnapshotTests.ledgerWithSnapshot()
        let keys = TemporaryDirectory("evident-keys")
        let allowed = Self.key(keys, "allowed")
        let stranger = Self.key(keys, "stranger")
        #expect(f.evident(["signers", "add", "allowed@example.test", allowed + ".pub"], env: Self.now).status == 0)
        #expect(f.evident(["snapshot", "create", "odd", "--kind", "internal"], env: Self.now).status == 0)
        Self.resignWithGit(f, "odd", key: stranger)
        // git prints "Good" for a key it cannot place, but exits non-zero: judge by exit code.
        #expect(verifyTag(f, "assessment/odd").status != 0)
        let v = f.evident(["snapshot", "verify", "odd"], env: Self.now)
        #expect(v.status == 2)
        #expect(v.stdout.contains("signature"))
        #expect(f.evident(["verify"], env: Self.now).status == 2)
        // Allowing the key later does not make the old signature good: it is judged by the
        // allowed signers of the snapshot's own commit.
        #expect(f.evident(["signers", "add", "stranger@example.test", stranger + ".pub"], env: Self.now).status == 0)
        let later = f.evident(["snapshot", "verify", "odd"], env: Self.now)
        #expect(later.status == 2, "\(later.stdout)")
        #expect(later.stdout.contains("signature (judged by .evident/allowed_signers at the snapshot's commit"), "\(later.stdout)")
    }

    @Test func aSignerRemovedAfterTheSnapshotIsANoticeNotAFailure() throws {
        let f = SnapshotTests.ledgerWithSnapshot()
        let keys = TemporaryDirectory("evident-keys")
        let dana = Self.key(keys, "dana")
        #expect(f.evident(["signers", "add", "dana@northwind.example", dana + ".pub"], env: Self.now).status == 0)
        #expect(f.evident(["snapshot", "create", "signed", "--kind", "internal", "--sign", "--key", dana], env: Self.now).status == 0)
        let clean = f.evident(["snapshot", "verify", "signed"], env: Self.now)
        #expect(clean.status == 0 && !clean.stderr.contains("notice"), "\(clean.stdout) \(clean.stderr)")
        // Dana leaves: her key is removed from the allowed signers with plain git.
        f.write(".evident/allowed_signers", "")
        #expect(f.git(["commit", "-qam", "Dana left", "--no-verify"]).status == 0)
        let v = f.evident(["snapshot", "verify", "signed"], env: Self.now)
        #expect(v.status == 0, "\(v.stdout) \(v.stderr)")
        #expect(v.stderr.contains("notice: signed: signed by dana@northwind.example"), "\(v.stderr)")
        #expect(v.stderr.contains("no longer in .evident/allowed_signers at HEAD"), "\(v.stderr)")
        #expect(v.stdout.contains("no findings"))
        let all = f.evident(["verify", "--format", "json"], env: Self.now)
        #expect(all.status == 0, "\(all.stdout) \(all.stderr)")
        let json = try #require(jsonObject(all.stdout))
        #expect(json["ok"] as? Bool == true)
        #expect((json["notices"] as? [String])?.count == 1)
        #expect(f.evident(["snapshot", "list"], env: Self.now).stdout.contains("yes, by dana@northwind.example"))
    }

    @Test func theSigningKeyComesFromGitConfig() {
        let f = SnapshotTests.ledgerWithSnapshot()
        let keys = TemporaryDirectory("evident-keys")
        let key = Self.key(keys, "cfg")
        #expect(f.evident(["signers", "add", "cfg@example.test", key + ".pub"], env: Self.now).status == 0)
        #expect(f.git(["config", "user.signingkey", key]).status == 0)
        #expect(f.evident(["snapshot", "create", "cfg", "--kind", "internal", "--sign"], env: Self.now).status == 0)
        #expect(verifyTag(f, "assessment/cfg").status == 0)
    }
}

extension LedgerFixture {
    /// `evident` with a fixed clock (name kept short for the scenarios above).
    @discardableResult
    func evidence(_ arguments: [String], env: [String: String]) -> ProcessResult { evident(arguments, env: env) }
}
