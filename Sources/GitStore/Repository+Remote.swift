import Clibgit2
import Crypto
import Foundation

/// What a remote operation asks of its caller: credentials, trust in a host key, and where the
/// server's own words (a hook's message) go. GitStore only carries them to libgit2; deciding
/// which key to offer or which host to trust is the caller's.
public struct RemoteAccess {
    /// A credential libgit2 may offer to a server.
    public enum Credential: Sendable {
        /// A key pair on disk (`publicKey` nil: libssh2 derives it from the private key).
        case sshKey(user: String, publicKey: String?, privateKey: String, passphrase: String?)
        /// Whatever key the running ssh-agent offers.
        case sshAgent(user: String)
        /// A user name and password (HTTPS, from git's credential helpers).
        case userPassword(user: String, password: String)
    }

    /// The kinds of credential the server accepts for this attempt.
    public struct Allowed: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let userPassword = Allowed(rawValue: GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue)
        public static let sshKey = Allowed(rawValue: GIT_CREDENTIAL_SSH_KEY.rawValue)
    }

    /// A server's SSH host key, as it presented it.
    public struct HostKey: Sendable {
        public let host: String
        /// The key as known_hosts stores it after the key type: base64 of these bytes.
        public let key: Data
        /// `ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256` ... (empty when libssh2 did not say).
        public let type: String
        /// SHA-256 of the key, as `ssh-keygen -l` prints it after `SHA256:` (base64, no padding).
        public var fingerprint: String {
            Data(SHA256.hash(data: key)).base64EncodedString().replacingOccurrences(of: "=", with: "")
        }
    }

    /// Called with the URL, the user name the URL gives, what the server accepts and how many
    /// credentials were already refused; nil gives up (the operation fails with `.auth`).
    public var credential: (_ url: String, _ user: String?, _ allowed: Allowed, _ attempt: Int) -> Credential?
    /// Called for every SSH host key; false refuses the connection (`.certificate`).
    public var trustHostKey: (HostKey) -> Bool
    /// Called for HTTPS certificates libgit2 found invalid; false (the default) refuses.
    public var trustInvalidCertificate: (_ host: String) -> Bool

    public init(credential: @escaping (String, String?, Allowed, Int) -> Credential? = { _, _, _, _ in nil },
                trustHostKey: @escaping (HostKey) -> Bool = { _ in false },
                trustInvalidCertificate: @escaping (String) -> Bool = { _ in false }) {
        self.credential = credential
        self.trustHostKey = trustHostKey
        self.trustInvalidCertificate = trustInvalidCertificate
    }
}

/// What a push did, ref by ref, and what the server said on its side band (a hook's output).
public struct PushReport: Sendable {
    /// Refs the server refused, with its reason (`non-fast-forward`, a hook's `pre-receive hook declined`).
    public var rejected: [(ref: String, reason: String)] = []
    /// The server's messages (`remote: ...` lines in git), in order.
    public var serverMessages: String = ""

    public init(rejected: [(ref: String, reason: String)] = [], serverMessages: String = "") {
        self.rejected = rejected
        self.serverMessages = serverMessages
    }
}

/// The state one remote operation shares with libgit2's callbacks (through their payload).
private final class RemoteSession {
    let access: RemoteAccess
    var attempts = 0
    var serverMessages = Data()
    var rejected: [(ref: String, reason: String)] = []
    /// Host keys refused, for the error message.
    var refusedHost: RemoteAccess.HostKey?

    init(access: RemoteAccess) {
        self.access = access
    }
}

private func session(_ payload: UnsafeMutableRawPointer?) -> RemoteSession? {
    payload.map { Unmanaged<RemoteSession>.fromOpaque($0).takeUnretainedValue() }
}

private let credentialCallback: git_credential_acquire_cb = { out, url, user, allowed, payload in
    guard let out, let s = session(payload) else { return GIT_PASSTHROUGH.rawValue }
    // libgit2 asks again after each refusal: the caller decides how many tries there are.
    let attempt = s.attempts
    s.attempts += 1
    guard attempt < 8, let credential = s.access.credential(url.map { String(cString: $0) } ?? "", user.map { String(cString: $0) },
                                                            RemoteAccess.Allowed(rawValue: allowed), attempt) else {
        git_error_set_str(Int32(GIT_ERROR_NET.rawValue), "authentication refused")
        return GIT_EAUTH.rawValue
    }
    switch credential {
    case .sshKey(let user, let publicKey, let privateKey, let passphrase):
        return git_credential_ssh_key_new(out, user, publicKey, privateKey, passphrase)
    case .sshAgent(let user):
        return git_credential_ssh_key_from_agent(out, user)
    case .userPassword(let user, let password):
        return git_credential_userpass_plaintext_new(out, user, password)
    }
}

private let certificateCallback: git_transport_certificate_check_cb = { cert, valid, host, payload in
    guard let cert, let s = session(payload) else { return -1 }
    let hostName = host.map { String(cString: $0) } ?? ""
    if cert.pointee.cert_type == GIT_CERT_HOSTKEY_LIBSSH2 {
        let hostkey = UnsafeRawPointer(cert).assumingMemoryBound(to: git_cert_hostkey.self).pointee
        guard hostkey.type.rawValue & GIT_CERT_SSH_RAW.rawValue != 0, let raw = hostkey.hostkey else {
            git_error_set_str(Int32(GIT_ERROR_SSH.rawValue), "the server's host key could not be read")
            return GIT_ECERTIFICATE.rawValue
        }
        let type: String
        switch hostkey.raw_type {
        case GIT_CERT_SSH_RAW_TYPE_RSA: type = "ssh-rsa"
        case GIT_CERT_SSH_RAW_TYPE_DSS: type = "ssh-dss"
        case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_256: type = "ecdsa-sha2-nistp256"
        case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_384: type = "ecdsa-sha2-nistp384"
        case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_521: type = "ecdsa-sha2-nistp521"
        case GIT_CERT_SSH_RAW_TYPE_KEY_ED25519: type = "ssh-ed25519"
        default: type = ""
        }
        let key = RemoteAccess.HostKey(host: hostName, key: Data(bytes: raw, count: hostkey.hostkey_len), type: type)
        if s.access.trustHostKey(key) { return 0 }
        s.refusedHost = key
        git_error_set_str(Int32(GIT_ERROR_SSH.rawValue), "the host key of \(hostName) is not trusted")
        return GIT_ECERTIFICATE.rawValue
    }
    if valid != 0 { return 0 }
    return s.access.trustInvalidCertificate(hostName) ? 0 : GIT_ECERTIFICATE.rawValue
}

private let sidebandCallback: git_transport_message_cb = { text, length, payload in
    if let text, let s = session(payload) { s.serverMessages.append(UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: Int(length)) }
    return 0
}

private let pushUpdateCallback: git_push_update_reference_cb = { ref, status, payload in
    if let status, let s = session(payload) {
        s.rejected.append((ref.map { String(cString: $0) } ?? "", String(cString: status)))
    }
    return 0
}

/// The refused host key of a failed operation, for a message that gives the fingerprint.
public struct UntrustedHostKey: Error, Sendable {
    public let key: RemoteAccess.HostKey
}

extension Repository {
    /// The URL of the remote called `name` in this repository's configuration, or nil.
    public func remoteURL(named name: String) throws(GitError) -> String? {
        var remote: OpaquePointer?
        let rc = git_remote_lookup(&remote, raw, name)
        if rc == GIT_ENOTFOUND.rawValue || rc == GIT_EINVALIDSPEC.rawValue {
            git_error_clear()
            return nil
        }
        try check(rc, "git_remote_lookup")
        defer { git_remote_free(remote) }
        return git_remote_url(remote).map { String(cString: $0) }
    }

    /// The names of the remotes this repository's configuration lists.
    public func remoteNames() throws(GitError) -> [String] {
        var names = git_strarray()
        try check(git_remote_list(&names, raw), "git_remote_list")
        defer { git_strarray_dispose(&names) }
        return (0..<names.count).compactMap { i in names.strings[i].map { String(cString: $0) } }
    }

    /// Fetches `refspecs` from `url` (a path, `file://`, `git://`, `ssh://`, scp-like or
    /// `https://` URL), writing the refs the refspecs name; no FETCH_HEAD, no tags beyond them.
    /// Throws `UntrustedHostKey` when `access` refused the server's SSH host key.
    public func fetch(url: String, refspecs: [String], access: RemoteAccess) throws -> String {
        let s = RemoteSession(access: access)
        try withRemote(url: url) { remote throws(GitError) in
            var opts = git_fetch_options()
            try check(git_fetch_options_init(&opts, UInt32(GIT_FETCH_OPTIONS_VERSION)), "git_fetch_options_init")
            opts.update_fetchhead = 0
            opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
            opts.callbacks = callbacks(s)
            try withStrarray(refspecs) { specs throws(GitError) in
                try check(git_remote_fetch(remote, &specs, &opts, "evident: fetch"), "git_remote_fetch")
            }
        } onError: { if let key = s.refusedHost { throw UntrustedHostKey(key: key) } }
        return String(decoding: s.serverMessages, as: UTF8.self)
    }

    /// Pushes `refspecs` to `url`. A ref the server refuses is in the report, not thrown; a
    /// push libgit2 finds is no fast-forward before sending throws `.nonFastForward`.
    /// Throws `UntrustedHostKey` when `access` refused the server's SSH host key.
    public func push(url: String, refspecs: [String], access: RemoteAccess) throws -> PushReport {
        if let remote = Self.localBareRepository(url) { return try pushLocal(to: remote, refspecs: refspecs) }
        let s = RemoteSession(access: access)
        try withRemote(url: url) { remote throws(GitError) in
            var opts = git_push_options()
            try check(git_push_options_init(&opts, UInt32(GIT_PUSH_OPTIONS_VERSION)), "git_push_options_init")
            opts.callbacks = callbacks(s)
            // The pack's delta search on every core (0: one thread per core), as git push does;
            // libgit2's default is one thread, and the search is most of a push's time.
            opts.pb_parallelism = 0
            try withStrarray(refspecs) { specs throws(GitError) in
                try check(git_remote_push(remote, &specs, &opts), "git_remote_push")
            }
        } onError: { if let key = s.refusedHost { throw UntrustedHostKey(key: key) } }
        return PushReport(rejected: s.rejected, serverMessages: String(decoding: s.serverMessages, as: UTF8.self))
    }

    /// Clones `url` into `path` (which must not exist or be empty) and checks out `branch`
    /// (nil: the remote's HEAD), as `git clone` does.
    /// Throws `UntrustedHostKey` when `access` refused the server's SSH host key.
    public static func clone(url: String, into path: String, branch: String?, access: RemoteAccess) throws -> Repository {
        Libgit2.initialize()
        let s = RemoteSession(access: access)
        var opts = git_clone_options()
        try check(git_clone_options_init(&opts, UInt32(GIT_CLONE_OPTIONS_VERSION)), "git_clone_options_init")
        opts.fetch_opts.callbacks = callbacks(s)
        // A local path or file:// URL: copy the object files (never hard links, so the clone
        // shares no inode with the ledger it came from) and fetch only the refs. libgit2's local
        // transport would otherwise build a pack of every object in process, minutes on a
        // 100k-record ledger; what arrived is checked by `verify` either way.
        opts.local = GIT_CLONE_LOCAL_NO_LINKS
        // The files are written by `checkoutFreshClone`, on every core.
        opts.checkout_opts.checkout_strategy = GIT_CHECKOUT_NONE.rawValue
        var out: OpaquePointer?
        let rc: Int32 = ignoringBrokenPipes {
            branch.map { b in b.withCString { c in opts.checkout_branch = c; return git_clone(&out, url, path, &opts) } }
                ?? git_clone(&out, url, path, &opts)
        }
        if rc < 0 {
            if let key = s.refusedHost { git_error_clear(); throw UntrustedHostKey(key: key) }
            throw GitError.last(rc, function: "git_clone")
        }
        guard let out else { throw GitError(code: .other(rc), message: "git_clone returned no repository", function: "git_clone") }
        let repo = Repository(wrapping: out)
        try repo.checkOutClone()
        return repo
    }

    /// `clone` for a server whose HEAD names a branch that does not exist (a bare repository
    /// made with `git init --bare` names `master` while the ledger is on `main`): git_clone then
    /// fails without a message (libgit2 1.5), so the steps of `git clone -b BRANCH` are taken one
    /// by one: a new repository, `origin` and its fetch refspec, every branch and tag fetched,
    /// BRANCH made from `origin/BRANCH` and tracking it, and its tree checked out.
    public static func clone(url: String, into path: String, trackingBranch branch: String, access: RemoteAccess) throws -> Repository {
        let repo = try Repository.create(at: path, initialBranch: branch)
        try repo.setConfigString("remote.origin.url", url)
        try repo.setConfigString("remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*")
        _ = try repo.fetch(url: url, refspecs: ["+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"], access: access)
        guard let tip = try repo.referenceTarget("refs/remotes/origin/" + branch) else {
            throw GitError(code: .notFound, message: "the remote has no branch \(branch)", function: "git_clone")
        }
        try repo.updateReference("refs/heads/" + branch, to: tip, expecting: nil, logMessage: "clone: from \(url)")
        try repo.setConfigString("branch.\(branch).remote", "origin")
        try repo.setConfigString("branch.\(branch).merge", "refs/heads/" + branch)
        try repo.checkOutClone()
        return repo
    }

    /// The work tree and index of a clone just made (nothing checked out yet; an unborn HEAD
    /// checks out nothing).
    private func checkOutClone() throws(GitError) {
        guard try headCommit() != nil else { return }
        if try !checkoutFreshClone() { try forceCheckoutHead() }
    }

    private func callbacks(_ s: RemoteSession) -> git_remote_callbacks { Self.callbacks(s) }

    private static func callbacks(_ s: RemoteSession) -> git_remote_callbacks {
        var cbs = git_remote_callbacks()
        git_remote_init_callbacks(&cbs, UInt32(GIT_REMOTE_CALLBACKS_VERSION))
        cbs.credentials = credentialCallback
        cbs.certificate_check = certificateCallback
        cbs.sideband_progress = sidebandCallback
        cbs.push_update_reference = pushUpdateCallback
        cbs.payload = Unmanaged.passUnretained(s).toOpaque()
        return cbs
    }

    private func withRemote(url: String, _ body: (OpaquePointer?) throws(GitError) -> Void, onError: () throws -> Void) throws {
        var remote: OpaquePointer?
        try check(git_remote_create_anonymous(&remote, raw, url), "git_remote_create_anonymous")
        defer { git_remote_free(remote) }
        do {
            try ignoringBrokenPipes { () throws(GitError) in try body(remote) }
        } catch {
            try onError()
            throw error
        }
    }
}

/// Runs `body` with SIGPIPE ignored, as git does around its network operations. libgit2 writes
/// to its sockets without MSG_NOSIGNAL, so a server that dies in the middle of a push (the
/// connection reset while the pack is being sent) would otherwise end the process on the spot,
/// exit 141 and no message, instead of failing the write so the command can say what happened.
/// The previous disposition comes back afterwards: an output pipe closed early (`| head`) still
/// ends a command quietly.
func ignoringBrokenPipes<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
    let previous = signal(SIGPIPE, SIG_IGN)
    defer { signal(SIGPIPE, previous) }
    return try body()
}

/// A `git_strarray` of `strings` for the length of `body`.
func withStrarray(_ strings: [String], _ body: (inout git_strarray) throws(GitError) -> Void) throws(GitError) {
    var pointers = strings.map { strdup($0) }
    defer { pointers.forEach { free($0) } }
    try pointers.withUnsafeMutableBufferPointer { buffer throws(GitError) in
        var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
        try body(&array)
    }
}
