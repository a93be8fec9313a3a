import Foundation
@testable import Ledger
import Testing
import TestSupport

/// Host names in ~/.ssh/known_hosts as OpenSSH writes them: plain, `[host]:port` for another port,
/// and hashed by `ssh-keygen -H` (HMAC-SHA1 of the name under a random salt).
struct KnownHostsTests {
    @Test func plainAndHashedHostNamesMatchAsOpenSSHWritesThem() throws {
        let dir = TemporaryDirectory("evident-known-hosts")
        let file = dir.write("known_hosts", "[127.0.0.1]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTheTestOnly\ngit.example.mil ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAnotherFakeKey\n")
        #expect(RemoteCredentials.hostMatches("[127.0.0.1]:2222", "[127.0.0.1]:2222"))
        #expect(!RemoteCredentials.hostMatches("[127.0.0.1]:2222", "127.0.0.1"))
        // ssh-keygen -H replaces each name with |1|salt|hmac (and keeps the original as .old).
        let r = Processes.run("/usr/bin/ssh-keygen", ["-H", "-f", file], cwd: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        let hashed = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map { String($0.split(separator: " ")[0]) }
        #expect(hashed.count == 2 && hashed.allSatisfy { $0.hasPrefix("|1|") })
        #expect(RemoteCredentials.hostMatches(hashed[0], "[127.0.0.1]:2222"))
        #expect(!RemoteCredentials.hostMatches(hashed[0], "[127.0.0.1]:2223"))
        #expect(RemoteCredentials.hostMatches(hashed[1], "git.example.mil"))
        #expect(!RemoteCredentials.hostMatches("|1|not-base64|x", "git.example.mil"))
    }

    /// The host and port of SSH URLs, as git reads them.
    @Test func sshHostsOfURLs() {
        #expect(RemoteCredentials.sshHost(of: "ssh://git@127.0.0.1:2222/srv/ledger.git")! == ("127.0.0.1", 2222))
        #expect(RemoteCredentials.sshHost(of: "git@git.example.mil:northwind/ledger.git")! == ("git.example.mil", 22))
        #expect(RemoteCredentials.sshHost(of: "/srv/ledger.git") == nil)
        #expect(RemoteCredentials.sshHost(of: "https://github.com/x/y") == nil)
        #expect(RemoteCredentials.sshUser(of: "git@git.example.mil:northwind/ledger.git") == "git")
    }
}
