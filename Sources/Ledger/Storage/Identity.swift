import Foundation
import GitStore
import LedgerCore

/// Who is writing, resolved as git does: the repository's configuration (which libgit2 layers
/// over the global and system files), then EVIDENT_AUTHOR_NAME / EVIDENT_AUTHOR_EMAIL.
/// With no identity known, evident refuses, as `git commit` does.
enum Identity {
    static func resolve(_ repository: Repository, environment: RunEnvironment) throws -> Signature {
        if let forced = environment.author {
            return Signature(name: forced.name, email: forced.email, time: Date(timeIntervalSince1970: TimeInterval(environment.now.seconds)), offsetMinutes: 0)
        }
        let name = (try? repository.configString("user.name")).flatMap { $0 } ?? environment.variables["EVIDENT_AUTHOR_NAME"]
        let email = (try? repository.configString("user.email")).flatMap { $0 } ?? environment.variables["EVIDENT_AUTHOR_EMAIL"]
        guard let name, !name.trimmingCharacters(in: .whitespaces).isEmpty,
              let email, !email.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw LedgerError.invalid("""
            no author identity: evident records who made each change, as git does. Set it with
              git config user.name "Your Name" && git config user.email you@example.com
            (add --global for every repository), or export EVIDENT_AUTHOR_NAME and EVIDENT_AUTHOR_EMAIL
            """)
        }
        return Signature(name: name, email: email, time: Date(timeIntervalSince1970: TimeInterval(environment.now.seconds)), offsetMinutes: 0)
    }
}
