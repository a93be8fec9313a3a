#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Crypto
import Foundation
import LedgerCore

/// SSH signatures exactly as git makes and checks them with `gpg.format=ssh` (gpg-interface.c):
/// an armored SSHSIG (namespace `git`, sha512) made by `ssh-keygen -Y sign`, appended to the signed
/// payload, and checked with `ssh-keygen -Y find-principals` then `-Y verify` against an
/// allowed-signers file.
///
/// ssh-keygen always runs with stdin from /dev/null (the payload file when verifying), HOME set to a
/// private temporary folder and no SSH_AUTH_SOCK (unless signing with a .pub, which needs the agent),
/// so nothing from the user's own ~/.ssh is read.
public enum SSHSignature {
    public static let program = "/usr/bin/ssh-keygen"
    public static let namespace = "git"
    public static let beginMarker = "-----BEGIN SSH SIGNATURE-----"
    public static let endMarker = "-----END SSH SIGNATURE-----"
    /// Every signature start git recognises (gpg-interface.c, `sigformats`): the last such line
    /// begins the signature, whatever its format.
    static let allBeginMarkers = [
        "-----BEGIN PGP SIGNATURE-----", "-----BEGIN PGP MESSAGE-----", "-----BEGIN SIGNED MESSAGE-----", beginMarker,
    ]

    public enum Verdict: Equatable, Sendable {
        case good(principal: String, fingerprint: String)
        case bad(String)
    }

    // MARK: Sign

    /// Armored SSHSIG (namespace "git", sha512) over `payload`, made with the private key at
    /// `keyPath`, or with the agent's private key for a public key file (`.pub`), as git allows.
    /// Runs `ssh-keygen -Y sign -n git -f KEY FILE`, as git does, and reads FILE.sig.
    public static func sign(_ payload: Data, keyPath: String) throws -> String {
        let path = absolute(keyPath)
        guard isRegularFile(path) else {
            throw LedgerError.notFound("""
            signing key \(keyPath) does not exist: give the path of your SSH private key (for example ~/.ssh/id_ed25519), \
            or of its public key (.pub) when the private key is loaded in ssh-agent
            """)
        }
        let usesAgent = path.hasSuffix(".pub")
        return try withTemporaryDirectory { tmp in
            let file = tmp + "/payload"
            try write(payload, to: file)
            let r = try run(["-Y", "sign", "-n", namespace, "-f", path, file], home: tmp, agent: usesAgent)
            let produced = FileManager.default.contents(atPath: file + ".sig")
            guard r.status == 0, let produced, !produced.isEmpty else {
                let why = reason(r.stderr)
                let fix = usesAgent
                    ? "load its private key into ssh-agent (ssh-add) so SSH_AUTH_SOCK reaches evident, or give the private key file itself"
                    : "give an unencrypted SSH private key, or load the key into ssh-agent (ssh-add) and give its .pub file"
                throw LedgerError.invalid("ssh-keygen could not sign with \(keyPath)\(why.isEmpty ? "" : ": \(why)"); \(fix)")
            }
            // git strips CRs from the signature (remove_cr_after) and appends it as is.
            var signature = String(decoding: produced, as: UTF8.self).replacingOccurrences(of: "\r", with: "")
            if !signature.hasSuffix("\n") { signature += "\n" }
            guard signature.hasPrefix(beginMarker + "\n"), signature.contains(endMarker) else {
                throw LedgerError(.failure, "ssh-keygen signed with \(keyPath) but wrote no armored SSH signature (\(signature.prefix(40))...)")
            }
            return signature
        }
    }

    // MARK: Split

    /// Splits a raw tag object into (payload, armored signature) when it carries an SSH signature
    /// block at the end, else nil. As git's `parse_signed_buffer`, the signature starts at the last
    /// line that opens a signature; here it must be an SSH one that runs to the end marker.
    public static func split(tagObject: Data) -> (payload: Data, signature: String)? {
        let bytes = [UInt8](tagObject)
        var start: Int?
        var lineStart = 0
        while lineStart < bytes.count {
            let rest = bytes[lineStart...]
            if allBeginMarkers.contains(where: { rest.starts(with: Array($0.utf8)) }) { start = lineStart }
            guard let nl = rest.firstIndex(of: UInt8(ascii: "\n")) else { break }
            lineStart = nl + 1
        }
        guard let start, bytes[start...].starts(with: Array(beginMarker.utf8)) else { return nil }
        let signature = String(decoding: bytes[start...], as: UTF8.self)
        let lines = signature.split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard lines.last == endMarker, lines.count >= 3 else { return nil }
        return (Data(bytes[..<start]), signature)
    }

    // MARK: Verify

    /// Verifies like git (verify_ssh_signed_buffer): `ssh-keygen -Y find-principals -f ALLOWED -s SIG`
    /// names the principals the signing key is listed for, then `ssh-keygen -Y verify -n git -f ALLOWED
    /// -I PRINCIPAL -s SIG < PAYLOAD` checks the signature for each until one verifies.
    /// `.bad(reason)` when the key is not allowed or the signature does not verify; throws only when
    /// ssh-keygen cannot be run.
    public static func verify(payload: Data, signature: String, allowedSigners: Data) throws -> Verdict {
        try withTemporaryDirectory { tmp in
            let allowed = tmp + "/allowed_signers", sig = tmp + "/signature.sig", message = tmp + "/payload"
            try write(allowedSigners, to: allowed)
            try write(Data(signature.utf8), to: sig)
            try write(payload, to: message)

            let found = try run(["-Y", "find-principals", "-f", allowed, "-s", sig], home: tmp)
            let principals = found.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard found.status == 0, !principals.isEmpty else {
                // As git does, check the signature on its own to say whose key made it.
                let check = try run(["-Y", "check-novalidate", "-n", namespace, "-s", sig], home: tmp, stdin: message)
                if check.status == 0, let fingerprint = fingerprint(inGoodLine: check.stdout + check.stderr) {
                    return .bad("the signature was made by key \(fingerprint), which is not in the allowed signers")
                }
                let why = reason(check.stderr)
                return .bad("the signature does not verify\(why.isEmpty ? "" : ": \(why)")")
            }
            var failures = [String]()
            for principal in principals {
                let r = try run(["-Y", "verify", "-n", namespace, "-f", allowed, "-I", principal, "-s", sig], home: tmp, stdin: message)
                if r.status == 0 {
                    let fingerprint = self.fingerprint(inGoodLine: r.stdout + r.stderr) ?? ""
                    return .good(principal: principal, fingerprint: fingerprint)
                }
                let why = reason(r.stderr)
                failures.append("\(principal)\(why.isEmpty ? "" : ": \(why)")")
            }
            return .bad("the signature by an allowed key does not verify (the signed content was changed, or the key is not allowed for namespace \"git\"): "
                + failures.joined(separator: "; "))
        }
    }

    // MARK: Public key

    /// The public key (one line, "ssh-ed25519 AAAA... comment") and SHA256 fingerprint of a key file
    /// (private or public). `ssh-keygen -y -f KEY` reads a private key's public half and
    /// `ssh-keygen -l -E sha256 -f FILE` checks the public key and gives its fingerprint.
    public static func publicKey(of keyPath: String) throws -> (key: String, fingerprint: String) {
        let path = absolute(keyPath)
        guard isRegularFile(path), let content = FileManager.default.contents(atPath: path) else {
            throw LedgerError.notFound("key file \(keyPath) does not exist: give the path of an SSH key (for example ~/.ssh/id_ed25519.pub)")
        }
        return try withTemporaryDirectory { tmp in
            var line: String
            var checked = path
            if isPrivateKey(content) {
                let r = try run(["-y", "-f", path], home: tmp)
                guard r.status == 0, let first = r.stdout.split(separator: "\n").first else {
                    let why = reason(r.stderr)
                    throw LedgerError.invalid("cannot read the public key of \(keyPath)\(why.isEmpty ? "" : ": \(why)"); give its public key file (\(keyPath).pub) instead")
                }
                line = String(first)
                checked = tmp + "/key.pub"
                try write(Data((line + "\n").utf8), to: checked)
            } else {
                let lines = keyLines(content)
                guard lines.count <= 1 else {
                    throw LedgerError.invalid("\(keyPath) holds \(lines.count) keys: give a file with exactly one SSH public key")
                }
                guard let only = lines.first else {
                    throw LedgerError.invalid("\(keyPath) is not an SSH public key (it holds no key line): give a .pub file such as ~/.ssh/id_ed25519.pub")
                }
                line = only
            }
            let r = try run(["-l", "-E", "sha256", "-f", checked], home: tmp)
            let fields = r.stdout.split(separator: " ")
            guard r.status == 0, fields.count >= 2, fields[1].hasPrefix("SHA256:") else {
                throw LedgerError.invalid("\(keyPath) is not an SSH public key (ssh-keygen -l -f cannot read it): give a .pub file such as ~/.ssh/id_ed25519.pub")
            }
            guard let parsed = PublicKeyLine(line) else {
                throw LedgerError.invalid("\(keyPath) is not an SSH public key line (\"TYPE BASE64 [COMMENT]\"): give a .pub file such as ~/.ssh/id_ed25519.pub")
            }
            return (parsed.text, String(fields[1]))
        }
    }

    /// Whether a key file's content is a private key (OpenSSH, PEM or PuTTY).
    public static func isPrivateKey(_ content: Data) -> Bool {
        let text = String(decoding: content.prefix(4096), as: UTF8.self)
        return text.contains("PRIVATE KEY-----") || text.hasPrefix("PuTTY-User-Key-File")
    }

    /// The fingerprint `ssh-keygen -l -E sha256` shows for a key blob: SHA256 of the decoded blob,
    /// base64 without padding.
    public static func fingerprint(base64 blob: String) -> String? {
        guard let data = Data(base64Encoded: blob) else { return nil }
        return "SHA256:" + Data(SHA256.hash(data: data)).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    // MARK: Helpers

    /// Non-empty, non-comment lines of a key file.
    static func keyLines(_ content: Data) -> [String] {
        String(decoding: content, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "\r" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    /// `SHA256:...` from ssh-keygen's `Good "git" signature for P with ED25519 key SHA256:...`.
    static func fingerprint(inGoodLine text: String) -> String? {
        guard let range = text.range(of: "SHA256:") else { return nil }
        let tail = text[range.lowerBound...]
        return String(tail.prefix { !$0.isWhitespace })
    }

    /// ssh-keygen's complaint, one line, without its progress chatter.
    static func reason(_ stderr: String) -> String {
        stderr.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("Signing file") && !$0.hasPrefix("Write signature") }
            .joined(separator: "; ")
    }

    static func absolute(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return expanded }
        return FileManager.default.currentDirectoryPath + "/" + expanded
    }

    static func isRegularFile(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && !isDir.boolValue
    }

    static func write(_ data: Data, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw LedgerError.system("cannot write the temporary file \(path)", errno: errno)
        }
    }

    static func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
        var template = Array((NSTemporaryDirectory() + "evident-ssh-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw LedgerError.system("cannot create a temporary folder in \(NSTemporaryDirectory())", errno: errno)
        }
        let dir = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        return try body(dir)
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs ssh-keygen with HOME at `home`, stdin from `stdin` (or /dev/null), and SSH_AUTH_SOCK
    /// only when `agent` is set.
    static func run(_ arguments: [String], home: String, agent: Bool = false, stdin: String? = nil) throws -> Result {
        guard FileManager.default.isExecutableFile(atPath: program) else {
            throw LedgerError(.failure, "\(program) is not installed: SSH signing needs OpenSSH's ssh-keygen 8.2 or later (Debian: apt-get install openssh-client)")
        }
        let parent = ProcessInfo.processInfo.environment
        var env = ["HOME": home, "PATH": parent["PATH"] ?? "/usr/bin:/bin", "LC_ALL": "C"]
        if agent, let sock = parent["SSH_AUTH_SOCK"] { env["SSH_AUTH_SOCK"] = sock }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = arguments
        p.environment = env
        p.currentDirectoryURL = URL(fileURLWithPath: home)
        guard let input = FileHandle(forReadingAtPath: stdin ?? "/dev/null") else {
            throw LedgerError(.failure, "cannot open \(stdin ?? "/dev/null") for ssh-keygen")
        }
        defer { try? input.close() }
        let out = Pipe(), err = Pipe()
        p.standardInput = input
        p.standardOutput = out
        p.standardError = err
        do { try p.run() } catch {
            throw LedgerError(.failure, "cannot run \(program): \(error.localizedDescription)")
        }
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let group = DispatchGroup()
        group.enter()
        let errHandle = err.fileHandleForReading
        DispatchQueue.global().async {
            errBox.data = errHandle.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errBox.data, as: UTF8.self))
    }
}

/// One OpenSSH public key written as `[OPTIONS] TYPE BASE64 [COMMENT]` (a .pub or authorized_keys line).
public struct PublicKeyLine: Equatable, Sendable {
    public var type: String
    public var base64: String
    public var comment: String

    /// Finds the `TYPE BASE64` pair in a line, skipping any leading options.
    public init?(_ line: String) {
        let tokens = SignerTokens.split(line)
        guard let i = tokens.indices.dropLast().first(where: { Self.isKeyType(tokens[$0]) && Self.isBase64(tokens[$0 + 1]) }) else { return nil }
        type = tokens[i]
        base64 = tokens[i + 1]
        comment = tokens[(i + 2)...].joined(separator: " ")
    }

    /// `TYPE BASE64 COMMENT` (without a comment when there is none).
    public var text: String { comment.isEmpty ? "\(type) \(base64)" : "\(type) \(base64) \(comment)" }

    static func isKeyType(_ s: String) -> Bool {
        (s.hasPrefix("ssh-") || s.hasPrefix("ecdsa-") || s.hasPrefix("sk-"))
            && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-@._".contains($0)) }
    }

    static func isBase64(_ s: String) -> Bool {
        s.count >= 16 && s.hasPrefix("AAAA") && Data(base64Encoded: s) != nil
    }
}

/// Whitespace-separated tokens where double quotes keep spaces together (ssh option syntax).
enum SignerTokens {
    static func split(_ line: String) -> [String] {
        var tokens = [String]()
        var current = ""
        var quoted = false
        for c in line {
            if c == "\"" { quoted.toggle() }
            if !quoted && (c == " " || c == "\t") {
                if !current.isEmpty { tokens.append(current); current = "" }
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }
}
