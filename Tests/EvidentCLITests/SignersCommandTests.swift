import Foundation
import Testing
import TestSupport

// End-to-end tests of `evident signers add|list`, through the built binary, cross-checked with the
// stock git CLI and ssh-keygen: a tag git itself signs is verified with the committed file.

private func signersTrim(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }

private extension LedgerFixture {
    /// A fresh ed25519 key pair outside the ledger; returns the private key's path (`.pub` beside it).
    func signersKey(_ name: String, comment: String = "test") -> String {
        let path = files.file(name)
        let r = Processes.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path, "-C", comment], cwd: files.path)
        precondition(r.status == 0, "ssh-keygen: \(r.stderr)")
        return path
    }

    func signersPublicLine(_ key: String) -> String {
        signersTrim(String(decoding: FileManager.default.contents(atPath: key + ".pub")!, as: UTF8.self))
    }

    func signersFingerprint(_ key: String) -> String {
        let out = Processes.run("/usr/bin/ssh-keygen", ["-l", "-E", "sha256", "-f", key + ".pub"], cwd: files.path).stdout
        return String(out.split(separator: " ")[1])
    }

    @discardableResult
    func signers(_ args: [String]) -> ProcessResult { evident(["signers"] + args) }

    func signersTrailer(_ key: String) -> [String] {
        git(["log", "-1", "--format=%(trailers:key=\(key),valueonly)"]).stdout.split(separator: "\n").map(String.init)
    }

    func signersExpectClean(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(statusPorcelain.isEmpty, "\(statusPorcelain)", sourceLocation: sourceLocation)
        let fsck = git(["fsck", "--no-progress"])
        #expect(fsck.status == 0 && (fsck.stdout + fsck.stderr).isEmpty, "\(fsck.stdout)\(fsck.stderr)", sourceLocation: sourceLocation)
    }

    func signersExpectRefused(_ args: [String], status: Int32, _ words: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let before = state()
        let r = signers(args)
        #expect(r.status == status, "exit \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
        for w in words {
            #expect(r.stderr.contains(w), "stderr lacks '\(w)': \(r.stderr)", sourceLocation: sourceLocation)
        }
        #expect(r.stdout.isEmpty, "stdout: \(r.stdout)", sourceLocation: sourceLocation)
        #expect(state() == before, "something was written", sourceLocation: sourceLocation)
    }

    /// `git tag -s` made by git itself with gpg.format=ssh and the given key, then `git verify-tag`
    /// with the ledger's committed allowed-signers file; returns verify-tag's exit status.
    func signersGitSignAndVerify(_ tag: String, key: String) -> Int32 {
        let made = git(["-c", "gpg.format=ssh", "-c", "user.signingkey=\(key)", "tag", "-s", "-m", "Snapshot \(tag)", tag])
        precondition(made.status == 0, "git tag -s: \(made.stderr)")
        return git(["-c", "gpg.ssh.allowedSignersFile=.evident/allowed_signers", "verify-tag", tag]).status
    }
}

@Suite struct SignersCommandTests {
    @Test func addAppendsOneLineInOneCommitThatGitVerifiesWith() {
        let f = LedgerFixture()
        let jane = f.signersKey("jane")
        let commits = f.commitCount
        let r = f.signers(["add", "jane@example.com", jane + ".pub"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "Added jane@example.com (ssh-ed25519 \(f.signersFingerprint(jane))) to .evident/allowed_signers\n")
        #expect(f.commitCount == commits + 1)
        let shown = f.git(["show", "HEAD:.evident/allowed_signers"])
        #expect(shown.status == 0)
        #expect(shown.stdout == "jane@example.com namespaces=\"git\" \(f.signersPublicLine(jane))\n")
        #expect(f.signersTrailer("Evident-Action") == ["signers-add"])
        #expect(f.signersTrailer("Signer") == ["jane@example.com"])
        #expect(f.git(["show", "--name-only", "--format=", "HEAD"]).stdout == ".evident/allowed_signers\n")
        f.signersExpectClean()

        // A second signer is appended below the first.
        let raj = f.signersKey("raj")
        #expect(f.signers(["add", "raj@example.com", raj + ".pub"]).status == 0)
        #expect(f.git(["show", "HEAD:.evident/allowed_signers"]).stdout == """
        jane@example.com namespaces="git" \(f.signersPublicLine(jane))
        raj@example.com namespaces="git" \(f.signersPublicLine(raj))

        """)
        #expect(f.signersTrailer("Signer") == ["raj@example.com"])
        #expect(f.commitCount == commits + 2)
        f.signersExpectClean()

        // Stock git: a tag git signs with a listed key verifies (exit 0); with an unlisted key it does not.
        #expect(f.signersGitSignAndVerify("assessment/by-jane", key: jane) == 0)
        let mallory = f.signersKey("mallory")
        #expect(f.signersGitSignAndVerify("assessment/by-mallory", key: mallory) != 0)
        // ssh-keygen agrees on the committed file, principal by principal.
        let file = f.root + "/.evident/allowed_signers"
        let found = Processes.run("/usr/bin/ssh-keygen", ["-Y", "find-principals", "-f", file, "-s", f.signersSign(raj)], cwd: f.files.path)
        #expect(signersTrim(found.stdout) == "raj@example.com", "\(found.stderr)")
    }

    @Test func listShowsPrincipalKeyTypeAndFingerprint() throws {
        let f = LedgerFixture()
        let empty = f.signers(["list"])
        #expect(empty.status == 0)
        #expect(empty.stdout.contains("No allowed signers"))
        #expect(signersTrim(f.signers(["list", "--format", "json"]).stdout) == "[]")

        let jane = f.signersKey("jane"), raj = f.signersKey("raj")
        #expect(f.signers(["add", "jane@example.com", jane + ".pub"]).status == 0)
        #expect(f.signers(["add", "raj@example.com", raj + ".pub"]).status == 0)
        let text = f.signers(["list"])
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(text.stdout)")
        #expect(lines[0].hasPrefix("PRINCIPAL"))
        #expect(lines[1].split(separator: " ", omittingEmptySubsequences: true) == ["jane@example.com", "ssh-ed25519", Substring(f.signersFingerprint(jane))])
        #expect(lines[2].split(separator: " ", omittingEmptySubsequences: true) == ["raj@example.com", "ssh-ed25519", Substring(f.signersFingerprint(raj))])

        let json = f.signers(["list", "--format", "json"])
        let items = try #require((try? JSONSerialization.jsonObject(with: Data(json.stdout.utf8))) as? [[String: Any]], "\(json.stdout)")
        #expect(items.count == 2)
        #expect(items[0]["principal"] as? String == "jane@example.com")
        #expect(items[0]["key_type"] as? String == "ssh-ed25519")
        #expect(items[0]["fingerprint"] as? String == f.signersFingerprint(jane))
        #expect(items[0]["namespaces"] as? [String] == ["git"])
        #expect(items[1]["principal"] as? String == "raj@example.com")
        #expect(items[1]["fingerprint"] as? String == f.signersFingerprint(raj))
        #expect(Set(items[0].keys) == ["principal", "key_type", "fingerprint", "namespaces"])

        // A line written by hand without options: any namespace (null); a broken line is a warning.
        let ops = f.signersKey("ops")
        f.append(".evident/allowed_signers", Data("ops@example.com \(f.signersPublicLine(ops))\nnot a signer line\n".utf8))
        let committed = f.git(["commit", "-q", "--no-verify", "-am", "Add ops by hand"])
        #expect(committed.status == 0, "\(committed.stderr)")
        let mixed = f.signers(["list", "--format", "json"])
        let all = try #require((try? JSONSerialization.jsonObject(with: Data(mixed.stdout.utf8))) as? [[String: Any]])
        try #require(all.count == 3)
        #expect(all[2]["principal"] as? String == "ops@example.com")
        #expect(all[2]["namespaces"] is NSNull)
        #expect(mixed.stderr.contains(".evident/allowed_signers:4"), "\(mixed.stderr)")
    }

    @Test func addRefusals() {
        let f = LedgerFixture()
        let jane = f.signersKey("jane")
        #expect(f.signers(["add", "jane@example.com", jane + ".pub"]).status == 0)

        // The same key again, under any principal: named with its principal.
        f.signersExpectRefused(["add", "janet@example.com", jane + ".pub"], status: 65, ["already an allowed signer", "jane@example.com"])
        // A private key given by mistake.
        let raj = f.signersKey("raj")
        f.signersExpectRefused(["add", "raj@example.com", raj], status: 65, ["\(raj) is a private key", raj + ".pub"])
        // Not a key at all.
        let junk = f.artifact("notes.txt", "ssh-ed25519 is what we use\n")
        f.signersExpectRefused(["add", "raj@example.com", junk], status: 65, ["\(junk) is not an SSH public key"])
        let garbled = f.artifact("garbled.pub", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIbroken test\n")
        f.signersExpectRefused(["add", "raj@example.com", garbled], status: 65, ["\(garbled) is not an SSH public key"])
        let two = f.artifact("two.pub", f.signersPublicLine(raj) + "\n" + f.signersPublicLine(jane) + "\n")
        f.signersExpectRefused(["add", "raj@example.com", two], status: 65, ["holds 2 keys"])
        // A missing file.
        f.signersExpectRefused(["add", "raj@example.com", f.files.file("nope.pub")], status: 66, ["nope.pub does not exist"])
        // Principals that would break the line.
        f.signersExpectRefused(["add", "", raj + ".pub"], status: 65, ["principal must not be empty"])
        f.signersExpectRefused(["add", "raj patel", raj + ".pub"], status: 65, ["contains whitespace"])
        f.signersExpectRefused(["add", "raj\"@example.com", raj + ".pub"], status: 65, ["contains '\"'"])
        f.signersExpectRefused(["add", "raj'@example.com", raj + ".pub"], status: 65, ["contains '''"])
        f.signersExpectRefused(["add", "raj@example.com,eve@example.com", raj + ".pub"], status: 65, ["contains ','"])
        f.signersExpectRefused(["add", "*", raj + ".pub"], status: 65, ["contains '*'"])
        // Missing arguments are usage errors.
        f.signersExpectRefused(["add", "raj@example.com"], status: 64, ["PUBLIC-KEY-FILE"])
        f.signersExpectClean()

        // The file still lists only jane, and raj can still be added.
        #expect(f.signers(["add", "raj@example.com", raj + ".pub"]).status == 0)
        #expect(f.git(["show", "HEAD:.evident/allowed_signers"]).stdout.split(separator: "\n").count == 2)
        f.signersExpectClean()
    }
}

private extension LedgerFixture {
    /// Signs a small file with ssh-keygen (namespace git) and returns the signature's path.
    func signersSign(_ key: String) -> String {
        let data = files.write("signed.txt", "hello\n")
        let r = Processes.run("/usr/bin/ssh-keygen", ["-Y", "sign", "-n", "git", "-f", key, data], cwd: files.path)
        precondition(r.status == 0, "ssh-keygen -Y sign: \(r.stderr)")
        return data + ".sig"
    }
}
