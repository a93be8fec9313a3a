import GitStore

/// A commit of the ledger, as callers of Ledger see it: its full hexadecimal id. GitStore's
/// `ObjectID` stays inside Ledger; services convert at their boundary.
public struct CommitID: Hashable, Sendable, CustomStringConvertible {
    /// The 40-character lower-case hexadecimal id.
    public let hex: String

    @_spi(Bench) public init(_ id: ObjectID) {
        hex = id.hex
    }

    /// The first 10 characters, as evident prints commits in text output.
    public var short: String { String(hex.prefix(10)) }
    public var description: String { hex }
}

/// Who made a commit or a tag: a name and an email address, as git records them.
public struct Person: Hashable, Sendable {
    public let name: String
    public let email: String

    init(_ signature: Signature) {
        name = signature.name
        email = signature.email
    }
}

extension ObjectID {
    /// The id as Ledger's public API carries it.
    var commitID: CommitID { CommitID(self) }
}
