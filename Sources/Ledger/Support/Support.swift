import Crypto
import Foundation
import GitStore
import LedgerCore

/// Values a command run depends on that come from outside: the clock and the environment.
public struct RunEnvironment: Sendable {
    public var now: Timestamp
    public var variables: [String: String]
    /// Who writes, when a caller (the demo) names the author itself instead of asking git.
    public var author: (name: String, email: String)?

    public init(now: Timestamp, variables: [String: String], author: (name: String, email: String)? = nil) {
        self.now = now
        self.variables = variables
        self.author = author
    }

    /// The process's environment. `EVIDENT_NOW` (a timestamp) fixes the clock, for demos,
    /// reproducible tests and back-dating a scripted import.
    public static func current() throws -> RunEnvironment {
        let env = ProcessInfo.processInfo.environment
        var now = Timestamp(seconds: Int(Date().timeIntervalSince1970))
        if let fixed = env["EVIDENT_NOW"], !fixed.isEmpty {
            guard let t = Timestamp(parsing: fixed) else {
                throw LedgerError.usage("EVIDENT_NOW='\(fixed)' is not a date or a timestamp (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)")
            }
            now = t
        }
        return RunEnvironment(now: now, variables: env)
    }

    public var today: Day { now.day }

    /// The generator for the random part of new ids. `EVIDENT_ID_SEED` (a number) makes ids
    /// reproducible for demos and byte-for-byte output comparisons: the seed is mixed with
    /// `salt` (the commit the id is made on), so successive writes still get different ids.
    /// Never set it on a ledger that is shared: ids would repeat in another clone.
    public func idGenerator(salt: String) -> any RandomNumberGenerator {
        guard let text = variables["EVIDENT_ID_SEED"], let seed = UInt64(text) else { return SystemRandomNumberGenerator() }
        var mixed = seed
        for byte in salt.utf8 { mixed = (mixed ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return SplitMix64(seed: mixed)
    }
}

public enum Digest {
    /// Lower-case hexadecimal SHA-256.
    public static func sha256(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    public static func sha256(_ bytes: UnsafeRawBufferPointer) -> String {
        hex(SHA256.hash(data: bytes))
    }

    static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Maps libgit2 failures with a domain meaning onto ledger errors.
@_spi(Bench) public func translate(_ error: GitError, _ context: String) -> LedgerError {
    switch error.code {
    case .locked:
        return LedgerError(.busy, "\(context): git reports a lock held by another process (\(error.message)); wait for it to finish, or remove the stale .lock file it names")
    case .notFound:
        return LedgerError(.notFound, "\(context): \(error.message)")
    case .invalidSpec, .ambiguous:
        return LedgerError(.notFound, "\(context): \(error.message)")
    case .unsupported:
        // A repository state evident does not write to: the message names it and the fix.
        return LedgerError(.invalidInput, "\(context): \(error.message)")
    default:
        return LedgerError(.failure, "\(context): \(error)")
    }
}

extension Data {
    var utf8String: String { String(decoding: self, as: UTF8.self) }
}
