import Foundation
import GitStore
import LedgerCore

/// Who is writing, resolved as git resolves a commit's author: EVIDENT_AUTHOR_NAME /
/// EVIDENT_AUTHOR_EMAIL when set, then git's GIT_AUTHOR_NAME / GIT_AUTHOR_EMAIL (what a CI job
/// exports), then the configuration's author.name / author.email and user.name / user.email
/// (libgit2 layers the repository's over the global and system files). Each of name and email
/// is resolved on its own, as git does. With no identity known, evident refuses, as `git commit` does.
enum Identity {
    static func resolve(_ repository: Repository, environment: RunEnvironment) throws -> Signature {
        if let forced = environment.author {
            return Signature(name: forced.name, email: forced.email, time: Date(timeIntervalSince1970: TimeInterval(environment.now.seconds)), offsetMinutes: 0)
        }
        func first(_ variables: [String], _ keys: [String]) -> String? {
            for v in variables { if let value = environment.variables[v], !value.trimmingCharacters(in: .whitespaces).isEmpty { return value } }
            for k in keys { if let value = (try? repository.configString(k)).flatMap({ $0 }), !value.isEmpty { return value } }
            return nil
        }
        let name = first(["EVIDENT_AUTHOR_NAME", "GIT_AUTHOR_NAME"], ["author.name", "user.name"])
        let email = first(["EVIDENT_AUTHOR_EMAIL", "GIT_AUTHOR_EMAIL"], ["author.email", "user.email"])
        guard let name, !name.trimmingCharacters(in: .whitespaces).isEmpty,
              let email, !email.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw LedgerError.invalid("""
            no author identity: evident records who made each change, as git does. Set it with
              git config user.name "Your Name" && git config user.email you@example.com
            (add --global for every repository), or export GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL (or EVIDENT_AUTHOR_NAME and EVIDENT_AUTHOR_EMAIL)
            """)
        }
        return Signature(name: name, email: email, time: Date(timeIntervalSince1970: TimeInterval(environment.now.seconds)), offsetMinutes: 0)
    }
}
