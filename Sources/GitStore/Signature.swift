import Clibgit2
import Foundation

/// An author or committer: name, email, and the moment with its UTC offset.
public struct Signature: Hashable, Sendable {
    public var name: String
    public var email: String
    public var time: Date
    /// Offset from UTC in minutes, as git stores it.
    public var offsetMinutes: Int

    public init(name: String, email: String, time: Date = Date(), offsetMinutes: Int = 0) {
        self.name = name
        self.email = email
        self.time = time
        self.offsetMinutes = offsetMinutes
    }

    init(_ sig: UnsafePointer<git_signature>) {
        name = sig.pointee.name.map { String(cString: $0) } ?? ""
        email = sig.pointee.email.map { String(cString: $0) } ?? ""
        time = Date(timeIntervalSince1970: TimeInterval(sig.pointee.when.time))
        offsetMinutes = Int(sig.pointee.when.offset)
    }

    /// Makes a libgit2 signature for the duration of `body`.
    func withRaw<T>(_ body: (UnsafePointer<git_signature>) throws(GitError) -> T) throws(GitError) -> T {
        var sig: UnsafeMutablePointer<git_signature>?
        try check(git_signature_new(&sig, name, email, git_time_t(time.timeIntervalSince1970.rounded(.down)), Int32(offsetMinutes)), "git_signature_new")
        defer { git_signature_free(sig) }
        return try body(sig!)
    }
}
