import Foundation
import GitStore
import LedgerCore

/// One line of `.evident/allowed_signers` (git's ssh allowed-signers format, ssh-keygen(1)
/// ALLOWED SIGNERS): `PRINCIPALS [OPTIONS] TYPE BASE64 [COMMENT]`.
public struct AllowedSigner: Equatable, Sendable {
    /// The principals field as written (comma-separated patterns; evident writes one).
    public var principals: String
    /// The options field as written (`namespaces="git"`), or nil.
    public var options: String?
    public var key: PublicKeyLine
    /// `SHA256:...`, as `ssh-keygen -l` shows it.
    public var fingerprint: String
    /// The `namespaces` option's list, or nil when the key may sign in any namespace.
    public var namespaces: [String]?
    /// 1-based line number in the file.
    public var line: Int

    /// Parses the file; lines that are not signer lines come back as problems naming the line.
    public static func parse(_ data: Data) -> (signers: [AllowedSigner], problems: [String]) {
        var signers = [AllowedSigner]()
        var problems = [String]()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for (i, raw) in lines.enumerated() {
            let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty, !text.hasPrefix("#") else { continue }
            let tokens = SignerTokens.split(text)
            guard tokens.count >= 3,
                  let k = tokens.indices.dropFirst().dropLast().first(where: { PublicKeyLine.isKeyType(tokens[$0]) && PublicKeyLine.isBase64(tokens[$0 + 1]) }),
                  let key = PublicKeyLine(tokens[k...].joined(separator: " ")),
                  let fingerprint = SSHSignature.fingerprint(base64: key.base64) else {
                problems.append("\(SignersService.path):\(i + 1): not an allowed-signers line (PRINCIPAL [OPTIONS] KEY-TYPE BASE64)")
                continue
            }
            let principals = tokens[0].replacingOccurrences(of: "\"", with: "")
            let options = k > 1 ? tokens[1..<k].joined(separator: " ") : nil
            signers.append(AllowedSigner(principals: principals, options: options, key: key, fingerprint: fingerprint,
                                         namespaces: options.flatMap(namespaces(in:)), line: i + 1))
        }
        return (signers, problems)
    }

    /// The values of `namespaces="a,b"` in an options field.
    static func namespaces(in options: String) -> [String]? {
        var parts = [String]()
        var current = ""
        var quoted = false
        for c in options {
            if c == "\"" { quoted.toggle() }
            if c == "," && !quoted { parts.append(current); current = "" } else { current.append(c) }
        }
        parts.append(current)
        for part in parts {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard trimmed.lowercased().hasPrefix("namespaces=") else { continue }
            let value = trimmed.dropFirst("namespaces=".count).replacingOccurrences(of: "\"", with: "")
            return value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        return nil
    }
}

/// `evident signers add|list`: who may sign snapshots, kept in `.evident/allowed_signers` so stock
/// `git verify-tag` checks snapshot tags with `-c gpg.ssh.allowedSignersFile=.evident/allowed_signers`.
public struct SignersService {
    public static let path = ".evident/allowed_signers"

    let ledger: LedgerRepository
    let environment: RunEnvironment

    public init(ledger: LedgerRepository, environment: RunEnvironment) {
        self.ledger = ledger
        self.environment = environment
    }

    public struct AddResult {
        public let signer: AllowedSigner
        public let commit: CommitID
        public let notices: [String]
    }

    public struct Listing {
        public let revision: Revision
        public let signers: [AllowedSigner]
        public let problems: [String]
    }

    // MARK: add

    /// Appends `PRINCIPAL namespaces="git" KEY` for the public key in `publicKeyFile`, in one commit.
    /// Throws `LedgerError` `.notFound` for a missing key file, `.invalidInput` for a bad principal, a
    /// private key or a signer already allowed, `.busy` when another writer holds the ledger,
    /// `.failure` when the commit cannot be written.
    public func add(principal: String, publicKeyFile: String) throws -> AddResult {
        // 1. What the user typed, before the ledger is touched.
        try Self.checkPrincipal(principal)
        let keyPath = SSHSignature.absolute(publicKeyFile)
        guard SSHSignature.isRegularFile(keyPath), let content = FileManager.default.contents(atPath: keyPath) else {
            throw LedgerError.notFound("public key file \(publicKeyFile) does not exist: give the signer's .pub file (for example ~/.ssh/id_ed25519.pub)")
        }
        if SSHSignature.isPrivateKey(content) {
            let pub = publicKeyFile + ".pub"
            let hint = SSHSignature.isRegularFile(keyPath + ".pub") ? "; give \(pub) instead" : " (ssh-keygen -y -f \(publicKeyFile) prints it)"
            throw LedgerError.invalid("""
            \(publicKeyFile) is a private key: evident needs the signer's public key (the .pub file), and a private key must never \
            be committed\(hint). Nothing was written
            """)
        }
        let (keyText, fingerprint) = try SSHSignature.publicKey(of: keyPath)
        guard let key = PublicKeyLine(keyText) else {
            throw LedgerError.invalid("\(publicKeyFile) is not an SSH public key line (\"TYPE BASE64 [COMMENT]\"): give a .pub file")
        }
        let author = try Identity.resolve(ledger.repository, environment: environment)

        // 2. Under the lock: the duplicate check reads HEAD's file.
        let writer = LedgerWriter(ledger: ledger, environment: environment)
        var added: AllowedSigner?
        let commit = try writer.commit(action: "signers-add", author: author) { head in
            guard let head else { throw LedgerError.notFound("the ledger has no commits") }
            let revision = try Revision(repository: ledger.repository, commit: head, spec: "HEAD")
            let existing = try revision.file(Self.path) ?? Data()
            let current = AllowedSigner.parse(existing).signers
            if let same = current.first(where: { $0.key.type == key.type && $0.key.base64 == key.base64 }) {
                throw LedgerError.invalid("""
                the key in \(publicKeyFile) (\(fingerprint)) is already an allowed signer, for \(same.principals) \
                (\(Self.path) line \(same.line)). Nothing was written
                """)
            }
            let line = "\(principal) namespaces=\"\(SSHSignature.namespace)\" \(key.text)\n"
            var data = existing
            if let last = data.last, last != UInt8(ascii: "\n") { data.append(UInt8(ascii: "\n")) }
            let lineNumber = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).count
            data.append(Data(line.utf8))
            added = AllowedSigner(principals: principal, options: "namespaces=\"\(SSHSignature.namespace)\"", key: key, fingerprint: fingerprint,
                                  namespaces: [SSHSignature.namespace], line: max(lineNumber, 1))
            return CommitRequest(action: "signers-add", summary: "Allow \(principal) to sign snapshots (\(key.type) \(fingerprint))",
                                 trailers: [("Signer", principal)],
                                 writes: [FileWrite(path: Self.path, data: data)])
        }
        return AddResult(signer: added!, commit: commit.commitID, notices: writer.notices)
    }

    // MARK: list

    /// The allowed signers at HEAD, in file order.
    /// Throws `LedgerError` `.notFound` when HEAD cannot be read.
    public func list() throws -> Listing {
        let revision = try ledger.resolve("HEAD")
        let (signers, problems) = AllowedSigner.parse(try revision.file(Self.path) ?? Data())
        return Listing(revision: revision, signers: signers, problems: problems)
    }

    // MARK: Helpers

    /// One principal, as git matches it against the tagger (usually an email address): no spaces,
    /// quotes, commas (they separate principals) or pattern characters.
    static func checkPrincipal(_ principal: String) throws {
        guard !principal.isEmpty else {
            throw LedgerError.invalid("the principal must not be empty: give the signer's identity, usually their email address (jane@example.com)")
        }
        if let bad = principal.first(where: { $0.isWhitespace || $0.isNewline || "\"'`,*?!".contains($0) || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true }) {
            let shown = bad.isWhitespace || bad.isNewline ? "whitespace" : "'\(bad)'"
            throw LedgerError.invalid("""
            the principal '\(principal)' contains \(shown): give one identity without spaces, quotes, commas or wildcards, \
            usually the signer's email address (jane@example.com). Nothing was written
            """)
        }
        if principal.hasPrefix("#") {
            throw LedgerError.invalid("the principal '\(principal)' starts with '#', which makes the allowed-signers line a comment: give the signer's email address")
        }
    }
}
