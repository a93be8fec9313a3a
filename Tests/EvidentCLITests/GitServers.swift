import Foundation
import TestSupport

/// Real git servers on 127.0.0.1 for the sync tests, started and stopped by the tests: git daemon
/// (receive-pack enabled), sshd from Debian's openssh-server, and git http-backend behind HTTP
/// Basic authentication. `make deps` installs what they need.
enum GitServers {
    /// A port nobody listens on now: the kernel's pick for a socket bound to port 0.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Whether something accepts connections on the port.
    static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } } == 0
    }

    /// A server process; `stop` ends it and waits for it. Started with posix_spawn, not
    /// Foundation's Process: Foundation's child reaper may block waiting on a long-lived child of
    /// its own, and then no other child's exit is noticed (every later test would hang).
    final class Server {
        let pid: pid_t
        let port: Int
        let log: String
        private var stopped = false

        init(_ executable: String, _ arguments: [String], port: Int, log: String, environment: [String: String]) throws {
            self.port = port
            self.log = log
            FileManager.default.createFile(atPath: log, contents: nil)
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_APPEND, 0o644)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
            // Through python, which closes every other inherited descriptor and then becomes the
            // server (same pid): a server holding the write end of another test's output pipe
            // would keep that test waiting for end-of-file as long as the server runs.
            let argv = [GitServers.python, "-c", "import os, sys; os.closerange(3, 65536); os.execv(sys.argv[1], sys.argv[1:])", executable] + arguments
            let envp = environment.map { "\($0.key)=\($0.value)" }
            var cArgs = argv.map { strdup($0) } + [nil]
            var cEnv = envp.map { strdup($0) } + [nil]
            defer { cArgs.forEach { free($0) }; cEnv.forEach { free($0) } }
            var child = pid_t()
            let rc = posix_spawn(&child, GitServers.python, &actions, nil, &cArgs, &cEnv)
            guard rc == 0 else { throw ServerError("cannot start \(executable): \(String(cString: strerror(rc)))") }
            pid = child
            // Ready when the port accepts a connection (or the server has died: its log says why).
            var ready = false
            for _ in 0..<500 where running {
                if GitServers.accepts(port) { ready = true; break }
                usleep(10_000)
            }
            guard ready, running else {
                stop()
                throw ServerError("\(executable) did not start on port \(port): \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
            }
        }

        var running: Bool {
            guard !stopped else { return false }
            var status: Int32 = 0
            return waitpid(pid, &status, WNOHANG) == 0
        }

        /// SIGKILL: killed is what "the server is gone" means, and it cannot be ignored.
        func stop() {
            guard !stopped else { return }
            stopped = true
            kill(pid, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
        }

        deinit { stop() }
    }

    struct ServerError: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    /// Debian's python3 (never a version manager's shim, which reads HOME).
    static let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/bin/python3"

    /// The folder of the evident binary, for a server's hooks to find it on PATH.
    static var evidentDirectory: String { (Processes.evidentPath as NSString).deletingLastPathComponent }

    static func serverEnvironment() -> [String: String] {
        var env = Isolation.environment()
        env["PATH"] = evidentDirectory + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        env["EVIDENT"] = Processes.evidentPath
        return env
    }

    /// `git daemon` serving every repository under `base` at git://127.0.0.1:PORT/NAME, pushes allowed.
    static func daemon(base: String, port: Int = freePort()) throws -> Server {
        // git-daemon itself, not the `git daemon` wrapper, which would leave it running when killed.
        try Server("/usr/lib/git-core/git-daemon", ["--reuseaddr", "--export-all", "--enable=receive-pack", "--base-path=" + base,
                                    "--listen=127.0.0.1", "--port=\(port)", base],
                   port: port, log: base + "/daemon-\(port).log", environment: serverEnvironment())
    }

    /// A bare server repository whose HEAD names main, with evident's pre-receive hook installed.
    static func bareRepository(at path: String, hook: Bool = true) {
        Processes.git(["init", "-q", "--bare", path], cwd: "/")
        Processes.git(["symbolic-ref", "HEAD", "refs/heads/main"], cwd: path)
        if hook {
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("hooks/pre-receive").path
            let target = path + "/hooks/pre-receive"
            try? FileManager.default.removeItem(atPath: target)
            try? FileManager.default.copyItem(atPath: source, toPath: target)
            chmod(target, 0o755)
        }
    }

    /// sshd on a free port with a new host key, accepting `userKey` for this user; the URL of a
    /// repository at PATH is ssh://USER@127.0.0.1:PORT/PATH.
    struct SSH {
        let server: Server
        let hostPublicKey: String
        let user: String
        var port: Int { server.port }
    }

    static func sshd(in dir: String, authorizing userPublicKey: String) throws -> SSH {
        let port = freePort()
        let hostKey = dir + "/ssh_host_ed25519_key"
        Processes.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKey], cwd: dir)
        let authorized = dir + "/authorized_keys"
        FileManager.default.createFile(atPath: authorized, contents: Data(userPublicKey.utf8))
        chmod(authorized, 0o600)
        let user = ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? String(cString: getpwuid(getuid()).pointee.pw_name)
        let config = """
        Port \(port)
        ListenAddress 127.0.0.1
        HostKey \(hostKey)
        AuthorizedKeysFile \(authorized)
        PidFile \(dir)/sshd.pid
        UsePAM no
        StrictModes no
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        PermitRootLogin prohibit-password
        SetEnv PATH=\(evidentDirectory):/usr/local/bin:/usr/bin:/bin EVIDENT=\(Processes.evidentPath)

        """
        FileManager.default.createFile(atPath: dir + "/sshd_config", contents: Data(config.utf8))
        // sshd wants its privilege-separation folder.
        try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        let server = try Server("/usr/sbin/sshd", ["-D", "-e", "-f", dir + "/sshd_config"], port: port, log: dir + "/sshd.log", environment: serverEnvironment())
        let pub = (try? String(contentsOfFile: hostKey + ".pub", encoding: .utf8)) ?? ""
        return SSH(server: server, hostPublicKey: pub.split(separator: " ").prefix(2).joined(separator: " "), user: user)
    }

    /// A relay on 127.0.0.1 in front of the server on `target` that resets both connections and
    /// exits once `after` bytes of a pushed pack have gone through (nil: it relays everything),
    /// the network gone in the middle of a push (Fixtures/servers/cut-proxy.py).
    static func cuttingRelay(to target: Int, after: Int?, log: String, port: Int = freePort()) throws -> Server {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/servers/cut-proxy.py").path
        return try Server(python, [script, "\(port)", "\(target)", "\(after ?? Int.max)"], port: port, log: log, environment: serverEnvironment())
    }

    /// git http-backend behind HTTP Basic authentication (one user), serving repositories under `root`.
    static func http(root: String, user: String, password: String) throws -> Server {
        let port = freePort()
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/servers/git-http-server.py").path
        return try Server(python, [script, root, "\(port)", user, password], port: port, log: root + "/http-\(port).log",
                          environment: serverEnvironment())
    }
}
