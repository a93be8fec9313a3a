import Crypto
import Foundation
import GitStore

/// Credentials and host trust for `evident sync` and `evident clone`, found as git users expect:
/// SSH keys from `--ssh-key PATH`, the ssh-agent, or `~/.ssh/id_*`; SSH host keys checked against
/// `~/.ssh/known_hosts` (an unknown or changed key is refused with its fingerprint and the fix);
/// HTTPS user names and passwords from git's own credential helpers (`git credential fill`,
/// then `approve` or `reject`). Nothing is written to the ledger or printed.
struct RemoteCredentials {
    let url: String
    let home: String?
    let sshKey: String?
    let agentSocket: String?
    /// Where `git` is, for its credential helpers, and the folder it runs in (the ledger's, so
    /// its own `credential.helper` applies, as it would to git there).
    let gitPath: String
    let directory: String

    init(url: String, environment: RunEnvironment, sshKey: String?, directory: String) {
        self.directory = directory
        self.url = url
        self.home = environment.variables["HOME"]
        self.sshKey = sshKey
        self.agentSocket = environment.variables["SSH_AUTH_SOCK"].flatMap { $0.isEmpty ? nil : $0 }
        self.gitPath = ["/usr/bin/git", "/usr/local/bin/git", "/bin/git"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/bin/git"
    }

    /// The host and port an SSH URL names (`ssh://user@host:2222/path`, `user@host:path`), or nil.
    static func sshHost(of url: String) -> (host: String, port: Int)? {
        if url.hasPrefix("ssh://") || url.hasPrefix("git+ssh://") || url.hasPrefix("ssh+git://") {
            guard let u = URLComponents(string: url.replacingOccurrences(of: "git+ssh://", with: "ssh://").replacingOccurrences(of: "ssh+git://", with: "ssh://")),
                  let host = u.host else { return nil }
            return (host, u.port ?? 22)
        }
        // scp-like: [user@]host:path, where host holds no slash (git's own rule).
        guard !url.contains("://"), let colon = url.firstIndex(of: ":") else { return nil }
        var host = String(url[..<colon])
        guard !host.contains("/"), !host.isEmpty else { return nil }
        if let at = host.lastIndex(of: "@") { host = String(host[host.index(after: at)...]) }
        return (host, 22)
    }

    /// The user name an SSH URL gives (`git` when it gives none, as git servers expect).
    static func sshUser(of url: String) -> String? {
        if url.contains("://") { return URLComponents(string: url)?.user }
        guard let colon = url.firstIndex(of: ":"), let at = url[..<colon].lastIndex(of: "@") else { return nil }
        return String(url[..<at])
    }

    /// What the remote operation asks; `state` keeps the HTTPS credential to approve or reject.
    func access(_ state: HelperState) -> RemoteAccess {
        RemoteAccess(credential: { url, user, allowed, attempt in
            if allowed.contains(.sshKey) {
                let name = user ?? Self.sshUser(of: self.url) ?? "git"
                var offers = [RemoteAccess.Credential]()
                if let key = self.sshKey {
                    offers.append(.sshKey(user: name, publicKey: FileManager.default.fileExists(atPath: key + ".pub") ? key + ".pub" : nil, privateKey: key, passphrase: nil))
                } else {
                    if self.agentSocket != nil { offers.append(.sshAgent(user: name)) }
                    for file in ["id_ed25519", "id_ecdsa", "id_rsa"] {
                        guard let home = self.home else { break }
                        let path = home + "/.ssh/" + file
                        if FileManager.default.fileExists(atPath: path) {
                            offers.append(.sshKey(user: name, publicKey: FileManager.default.fileExists(atPath: path + ".pub") ? path + ".pub" : nil,
                                                  privateKey: path, passphrase: nil))
                        }
                    }
                }
                return attempt < offers.count ? offers[attempt] : nil
            }
            if allowed.contains(.userPassword) {
                // A second ask means the first was refused: tell the helper, then give up.
                if attempt > 0 {
                    if let previous = state.filled { self.helper("reject", previous) }
                    state.filled = nil
                    state.refused = true
                    return nil
                }
                guard let filled = self.fill(url: url, user: user) else { return nil }
                state.filled = filled
                guard let name = filled["username"], let password = filled["password"] else { return nil }
                return .userPassword(user: name, password: password)
            }
            return nil
        }, trustHostKey: { key in
            self.knownHostsVerdict(key) == .known
        })
    }

    /// What a credential fill returned, kept to approve or reject it afterwards.
    final class HelperState {
        var filled: [String: String]?
        var refused = false
    }

    /// After a successful operation: the helper may store the credential it filled.
    func approve(_ state: HelperState) {
        if let filled = state.filled { helper("approve", filled) }
    }

    // MARK: git credential

    private func fill(url: String, user: String?) -> [String: String]? {
        guard let u = URLComponents(string: url), let scheme = u.scheme, let host = u.host else { return nil }
        var fields = ["protocol": scheme, "host": host + (u.port.map { ":\($0)" } ?? "")]
        let path = u.path.hasPrefix("/") ? String(u.path.dropFirst()) : u.path
        if !path.isEmpty { fields["path"] = path }
        if let user = user ?? u.user { fields["username"] = user }
        guard let out = run(["credential", "fill"], input: fields) else { return nil }
        var result = [String: String]()
        for line in out.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            result[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        return result["password"] == nil ? nil : result
    }

    private func helper(_ verb: String, _ fields: [String: String]) {
        _ = run(["credential", verb], input: fields)
    }

    /// Runs git with `args`, the fields on standard input; never a terminal prompt (a CI job has
    /// none, and a prompt would hang it): GIT_TERMINAL_PROMPT=0.
    private func run(_ args: [String], input: [String: String]) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: gitPath)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env["GIT_TERMINAL_PROMPT"] = "0"
        if let home { env["HOME"] = home }
        p.environment = env
        let stdin = Pipe(), stdout = Pipe()
        p.standardInput = stdin
        p.standardOutput = stdout
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return nil }
        let text = ["protocol", "host", "path", "username", "password"].compactMap { k in input[k].map { "\(k)=\($0)\n" } }.joined() + "\n"
        stdin.fileHandleForWriting.write(Data(text.utf8))
        try? stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return p.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }

    // MARK: known_hosts

    enum HostVerdict: Equatable { case known, unknown, changed }

    /// `key` held to `~/.ssh/known_hosts`: known when a line for the host (plain or hashed,
    /// `[host]:port` for other ports) has the same key; changed when lines for the host exist
    /// with the same key type and none has this key; else unknown.
    func knownHostsVerdict(_ key: RemoteAccess.HostKey) -> HostVerdict {
        guard let home, let text = try? String(contentsOfFile: home + "/.ssh/known_hosts", encoding: .utf8) else { return .unknown }
        let port = Self.sshHost(of: url)?.port ?? 22
        let name = port == 22 ? key.host : "[\(key.host)]:\(port)"
        let encoded = key.key.base64EncodedString()
        var sameType = false
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("@revoked") { continue }
            var fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if fields.first == "@cert-authority" { continue }
            guard fields.count >= 3 else { continue }
            let hosts = fields.removeFirst()
            guard hosts.split(separator: ",").contains(where: { Self.hostMatches(String($0), name) }) else { continue }
            if fields[1] == encoded { return .known }
            if key.type.isEmpty || fields[0] == key.type { sameType = true }
        }
        return sameType ? .changed : .unknown
    }

    /// One host field of known_hosts against `name`: plain, or hashed (`|1|salt|hmac`, HMAC-SHA1
    /// of the name keyed by the salt, as `ssh-keygen -H` writes it).
    static func hostMatches(_ field: String, _ name: String) -> Bool {
        if field.hasPrefix("|1|") {
            let parts = field.split(separator: "|")
            guard parts.count == 3, let salt = Data(base64Encoded: String(parts[1])), let hash = Data(base64Encoded: String(parts[2])) else { return false }
            let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(name.utf8), using: SymmetricKey(data: salt))
            return Data(mac) == hash
        }
        return field == name
    }
}
