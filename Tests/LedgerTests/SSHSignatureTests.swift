#if canImport(Glibc)
import Glibc
#endif
import Foundation
@testable import Ledger
import LedgerCore
import Testing
import TestSupport

/// SSH signatures made by `SSHSignature` must be exactly git's: a tag object built here by hand
/// (no evident snapshot code), signed, written with `git hash-object -t tag`, is verified by the
/// stock `git verify-tag` with `gpg.ssh.allowedSignersFile`.
@Suite struct SSHSignatureTests {
    /// A temp folder with two fresh ed25519 keys (`key`, `other`) and a git repository with one commit.
    final class Setup {
        let dir = TemporaryDirectory("evident-sshsig")
        let keys = TemporaryDirectory("evident-sshkeys")
        var repo: String { dir.path }
        var key: String { keys.file("key") }
        var other: String { keys.file("other") }

        init() {
            for name in ["key", "other"] {
                let r = Processes.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", keys.file(name), "-C", "test"], cwd: keys.path)
                precondition(r.status == 0, "ssh-keygen: \(r.stderr)")
            }
            git(["init", "-q", "-b", "main"])
            dir.write("README", "hello\n")
            git(["add", "README"])
            git(["commit", "-q", "-m", "First"])
        }

        @discardableResult
        func git(_ args: [String], stdin: Data? = nil) -> ProcessResult {
            if let stdin {
                return Processes.run("/usr/bin/git", args, cwd: repo, environment: Isolation.environment(), stdin: stdin)
            }
            return Processes.git(args, cwd: repo)
        }

        func publicKeyLine(_ path: String) -> String {
            String(decoding: FileManager.default.contents(atPath: path + ".pub")!, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// An allowed-signers file naming `principal` for the key at `keyPath`.
        func allowedSigners(_ principal: String, _ keyPath: String) -> Data {
            Data("\(principal) namespaces=\"git\" \(publicKeyLine(keyPath))\n".utf8)
        }

        var head: String { git(["rev-parse", "HEAD"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) }

        /// The tag payload exactly as `git tag -a` writes it.
        func payload(name: String = "assessment/t1", message: String = "Snapshot t1\n\nmanifest: sha256 0123\n") -> Data {
            Data("""
            object \(head)
            type commit
            tag \(name)
            tagger Test Author <author@example.test> 1780315200 +0000

            \(message)
            """.utf8)
        }

        /// Writes payload + signature as a tag object and points `refs/tags/<name>` at it.
        func writeTag(_ object: Data, name: String = "assessment/t1") -> String {
            let w = git(["hash-object", "-t", "tag", "-w", "--stdin"], stdin: object)
            precondition(w.status == 0, "hash-object: \(w.stderr)")
            let id = w.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let u = git(["update-ref", "refs/tags/\(name)", id])
            precondition(u.status == 0, "update-ref: \(u.stderr)")
            return id
        }

        func verifyTag(_ name: String, allowed: Data) -> ProcessResult {
            let file = keys.write("allowed_signers", allowed)
            return git(["-c", "gpg.ssh.allowedSignersFile=\(file)", "verify-tag", name])
        }
    }

    @Test func gitVerifiesATagSignedBySSHSignature() throws {
        let s = Setup()
        let payload = s.payload()
        let signature = try SSHSignature.sign(payload, keyPath: s.key)
        #expect(signature.hasPrefix("-----BEGIN SSH SIGNATURE-----\n"))
        #expect(signature.hasSuffix("-----END SSH SIGNATURE-----\n"))
        let id = s.writeTag(payload + Data(signature.utf8))

        // git reads back exactly what was written, and fsck accepts it as a tag.
        #expect(s.git(["cat-file", "-t", id]).stdout == "tag\n")
        #expect(s.git(["cat-file", "tag", id]).stdout == String(decoding: payload, as: UTF8.self) + signature)
        let fsck = s.git(["fsck", "--no-progress", "--strict"])
        #expect(fsck.status == 0 && (fsck.stdout + fsck.stderr).isEmpty, "\(fsck.stdout)\(fsck.stderr)")
        // The message git shows stops before the signature.
        #expect(s.git(["tag", "-l", "--format=%(contents:body)", "assessment/t1"]).stdout.hasPrefix("manifest: sha256 0123\n"))

        let good = s.verifyTag("assessment/t1", allowed: s.allowedSigners("author@example.test", s.key))
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
        #expect(good.stderr.contains("Good \"git\" signature for author@example.test"), "\(good.stderr)")

        // Only another key listed: git prints "Good ... with no principal" yet exits non-zero.
        let unknown = s.verifyTag("assessment/t1", allowed: s.allowedSigners("author@example.test", s.other))
        #expect(unknown.status != 0, "\(unknown.stdout)\(unknown.stderr)")

        // Listed for another namespace only: not allowed to sign git objects.
        let wrongNamespace = s.verifyTag("assessment/t1", allowed: Data("author@example.test namespaces=\"file\" \(s.publicKeyLine(s.key))\n".utf8))
        #expect(wrongNamespace.status != 0)
    }

    /// Ed25519 SSHSIG is deterministic, so the tag git itself signs (`git tag -s`, gpg.format=ssh)
    /// from the same payload is byte for byte the object built here.
    @Test func sameBytesAsGitTagSign() throws {
        let s = Setup()
        let message = "Snapshot t1\n\nmanifest: sha256 0123\n"
        let file = s.keys.write("message.txt", message)
        let made = Processes.git(["-c", "gpg.format=ssh", "-c", "user.signingkey=\(s.key)", "tag", "-s", "-F", file, "assessment/t1"],
                                 cwd: s.repo, env: ["GIT_COMMITTER_DATE": "1780315200 +0000"])
        #expect(made.status == 0, "\(made.stderr)")
        let gitObject = s.git(["cat-file", "tag", "assessment/t1"]).stdout
        let payload = s.payload(message: message)
        let ours = String(decoding: payload, as: UTF8.self) + (try SSHSignature.sign(payload, keyPath: s.key))
        #expect(gitObject == ours)
    }

    @Test func signingWithAPublicKeyFileAloneNeedsTheAgent() throws {
        let s = Setup()
        // Given a .pub, ssh-keygen asks the agent, then falls back to the private key beside it
        // (as for git's user.signingKey): that works.
        let signature = try SSHSignature.sign(s.payload(), keyPath: s.key + ".pub")
        #expect(try SSHSignature.verify(payload: s.payload(), signature: signature, allowedSigners: s.allowedSigners("a@b", s.key))
            == .good(principal: "a@b", fingerprint: try SSHSignature.publicKey(of: s.key).fingerprint))
        // A .pub alone, and no agent reaches ssh-keygen: refused with the fix named.
        let lone = s.keys.write("lone/key.pub", s.publicKeyLine(s.key) + "\n")
        do {
            _ = try SSHSignature.sign(s.payload(), keyPath: lone)
            Issue.record("signed with a public key whose private key is in no agent")
        } catch let e as LedgerError {
            #expect(e.kind == .invalidInput)
            #expect(e.message.contains(lone) && e.message.contains("ssh-agent"), "\(e.message)")
        } catch { Issue.record("\(error)") }
    }

    @Test func signRefusesMissingAndBadKeys() {
        let s = Setup()
        do {
            _ = try SSHSignature.sign(s.payload(), keyPath: s.keys.file("nope"))
            Issue.record("signed with a missing key")
        } catch let e as LedgerError {
            #expect(e.kind == .notFound)
            #expect(e.message.contains(s.keys.file("nope")))
        } catch { Issue.record("\(error)") }
        let junk = s.keys.write("junk", "not a key\n")
        do {
            _ = try SSHSignature.sign(s.payload(), keyPath: junk)
            Issue.record("signed with a junk key")
        } catch let e as LedgerError {
            #expect(e.kind == .invalidInput)
            #expect(e.message.contains(junk), "\(e.message)")
        } catch { Issue.record("\(error)") }
        // A passphrase-protected key with no terminal to prompt on (stdin is /dev/null) is refused,
        // with the agent as the fix. With a terminal ssh-keygen would ask, as git does: skip then.
        let tty = open("/dev/tty", O_RDONLY)
        guard tty < 0 else { close(tty); return }
        let locked = s.keys.file("locked")
        #expect(Processes.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "secret-pass", "-f", locked, "-C", "locked"], cwd: s.keys.path).status == 0)
        do {
            _ = try SSHSignature.sign(s.payload(), keyPath: locked)
            Issue.record("signed with a locked key")
        } catch let e as LedgerError {
            #expect(e.kind == .invalidInput)
            #expect(e.message.contains(locked) && e.message.contains("ssh-agent"), "\(e.message)")
        } catch { Issue.record("\(error)") }
    }

    @Test func splitRoundTripsWhatGitStores() throws {
        let s = Setup()
        let payload = s.payload()
        let signature = try SSHSignature.sign(payload, keyPath: s.key)
        let id = s.writeTag(payload + Data(signature.utf8))
        // Read the object back through git, byte for byte.
        let stored = Data(s.git(["cat-file", "tag", id]).stdout.utf8)
        let parts = try #require(SSHSignature.split(tagObject: stored))
        #expect(parts.payload == payload)
        #expect(parts.signature == signature)

        // An unsigned tag, a PGP-signed one and a truncated SSH block do not split.
        #expect(SSHSignature.split(tagObject: payload) == nil)
        let pgp = payload + Data("-----BEGIN PGP SIGNATURE-----\n\nabc\n-----END PGP SIGNATURE-----\n".utf8)
        #expect(SSHSignature.split(tagObject: pgp) == nil)
        let truncated = payload + Data(signature.split(separator: "\n").dropLast().joined(separator: "\n").utf8)
        #expect(SSHSignature.split(tagObject: truncated) == nil)
        // A marker inside a line is not a signature start (git only looks at line starts).
        let inline = Data("object x\n\nsee -----BEGIN SSH SIGNATURE-----\n".utf8)
        #expect(SSHSignature.split(tagObject: inline) == nil)
    }

    @Test func verifyJudgesLikeGit() throws {
        let s = Setup()
        let payload = s.payload()
        let signature = try SSHSignature.sign(payload, keyPath: s.key)
        let fingerprint = String(Processes.run("/usr/bin/ssh-keygen", ["-l", "-E", "sha256", "-f", s.key + ".pub"], cwd: s.keys.path).stdout.split(separator: " ")[1])

        let allowed = s.allowedSigners("author@example.test", s.key)
        #expect(try SSHSignature.verify(payload: payload, signature: signature, allowedSigners: allowed)
            == .good(principal: "author@example.test", fingerprint: fingerprint))

        // Only another key allowed.
        guard case .bad(let why) = try SSHSignature.verify(payload: payload, signature: signature, allowedSigners: s.allowedSigners("author@example.test", s.other)) else {
            Issue.record("a key outside the allowed signers was accepted")
            return
        }
        #expect(why.contains(fingerprint) && why.contains("not in the allowed signers"), "\(why)")

        // One byte of the message changed.
        var tampered = payload
        let at = tampered.count - 3
        tampered[at] = tampered[at] == UInt8(ascii: "3") ? UInt8(ascii: "4") : UInt8(ascii: "3")
        #expect(tampered != payload)
        guard case .bad = try SSHSignature.verify(payload: tampered, signature: signature, allowedSigners: allowed) else {
            Issue.record("a tampered payload verified")
            return
        }
        // git agrees on the tampered object.
        _ = s.writeTag(tampered + Data(signature.utf8), name: "assessment/t2")
        #expect(s.verifyTag("assessment/t2", allowed: allowed).status != 0)

        // Garbage for a signature is bad, not an error.
        guard case .bad = try SSHSignature.verify(payload: payload, signature: "-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----\n", allowedSigners: allowed) else {
            Issue.record("a garbage signature verified")
            return
        }
    }

    @Test func publicKeyOfPrivateAndPublicFilesAgree() throws {
        let s = Setup()
        let fromPrivate = try SSHSignature.publicKey(of: s.key)
        let fromPublic = try SSHSignature.publicKey(of: s.key + ".pub")
        #expect(fromPrivate.key == s.publicKeyLine(s.key))
        #expect(fromPublic.key == s.publicKeyLine(s.key))
        #expect(fromPrivate.fingerprint == fromPublic.fingerprint)
        let listed = Processes.run("/usr/bin/ssh-keygen", ["-l", "-E", "sha256", "-f", s.key + ".pub"], cwd: s.keys.path).stdout
        #expect(listed.split(separator: " ")[1] == fromPublic.fingerprint)
        // The native fingerprint of the key blob matches ssh-keygen's.
        let blob = String(s.publicKeyLine(s.key).split(separator: " ")[1])
        #expect(SSHSignature.fingerprint(base64: blob) == fromPublic.fingerprint)
        #expect(throws: LedgerError.self) { try SSHSignature.publicKey(of: s.keys.write("junk", "hello\n")) }
    }
}
