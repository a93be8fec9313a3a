import Foundation
import LedgerCore
import Testing

/// The pure rules `evident sync` applies: the three-way merge of one record, field by field,
/// and which remotes may hold which classification. Every expected value is worked out by hand.
struct SyncRulesTests {
    static func control(owner: String = "dana@example.test", status: String = "implemented", frequency: String = "monthly",
                        attributes: [(String, RecordValue)] = [("mfa_scope", .string("all"))]) -> RecordValue {
        .map([("id", .string("IAM-MFA")), ("owner", .string(owner)), ("status", .string(status)), ("frequency", .string(frequency)),
              ("attributes", .map(attributes))])
    }

    /// Base owner dana, monthly, mfa_scope all. Ours: owner sam. Theirs: weekly and mfa_scope
    /// remote_and_privileged. Merged: owner sam, weekly, remote_and_privileged (each side's own fields).
    @Test func differentFieldsOfBothSidesAreKept() {
        let base = Self.control()
        let ours = Self.control(owner: "sam@example.test")
        let theirs = Self.control(frequency: "weekly", attributes: [("mfa_scope", .string("remote_and_privileged"))])
        #expect(RecordMerge.merge(base: base, ours: ours, theirs: theirs)
                == .merged(Self.control(owner: "sam@example.test", frequency: "weekly", attributes: [("mfa_scope", .string("remote_and_privileged"))])))
    }

    /// Both set owner, to sam and to alex: one conflict, `owner`, with both values; a nested
    /// field is named by its path (attributes.mfa_scope). The same change on both sides is no conflict.
    @Test func theSameFieldChangedDifferentlyIsAConflictNamedByItsPath() {
        let base = Self.control()
        #expect(RecordMerge.merge(base: base, ours: Self.control(owner: "sam@example.test"), theirs: Self.control(owner: "alex@example.test"))
                == .conflicts([RecordMerge.Conflict(field: "owner", ours: .string("sam@example.test"), theirs: .string("alex@example.test"))]))
        let none = Self.control(attributes: [("mfa_scope", .string("none"))])
        let rp = Self.control(attributes: [("mfa_scope", .string("remote_and_privileged"))])
        #expect(RecordMerge.merge(base: base, ours: none, theirs: rp)
                == .conflicts([RecordMerge.Conflict(field: "attributes.mfa_scope", ours: .string("none"), theirs: .string("remote_and_privileged"))]))
        #expect(RecordMerge.merge(base: base, ours: none, theirs: none) == .merged(none))
    }

    /// A field removed on one side and left alone on the other is removed; removed on one side
    /// and changed on the other is a conflict (absent here, the new value there). A record both
    /// sides added (no base) merges only where they agree.
    @Test func removalsAndRecordsAddedOnBothSides() {
        let base = RecordValue.map([("id", .string("X")), ("note", .string("a")), ("owner", .string("o"))])
        let removed = RecordValue.map([("id", .string("X")), ("owner", .string("o"))])
        let changed = RecordValue.map([("id", .string("X")), ("note", .string("b")), ("owner", .string("o"))])
        #expect(RecordMerge.merge(base: base, ours: removed, theirs: base) == .merged(removed))
        #expect(RecordMerge.merge(base: base, ours: removed, theirs: changed)
                == .conflicts([RecordMerge.Conflict(field: "note", ours: nil, theirs: .string("b"))]))
        let a = RecordValue.map([("id", .string("X")), ("owner", .string("o"))])
        let b = RecordValue.map([("id", .string("X")), ("owner", .string("p"))])
        #expect(RecordMerge.merge(base: nil, ours: a, theirs: a) == .merged(a))
        #expect(RecordMerge.merge(base: nil, ours: a, theirs: b) == .conflicts([RecordMerge.Conflict(field: "owner", ours: .string("o"), theirs: .string("p"))]))
    }

    /// A list (milestones, maps) is one field: both sides appending different items conflict
    /// rather than being interleaved in an order nobody chose.
    @Test func aListIsOneField() {
        let base = RecordValue.map([("milestones", .list([.string("m1")]))])
        let ours = RecordValue.map([("milestones", .list([.string("m1"), .string("m2")]))])
        let theirs = RecordValue.map([("milestones", .list([.string("m1"), .string("m3")]))])
        #expect(RecordMerge.merge(base: base, ours: ours, theirs: theirs)
                == .conflicts([RecordMerge.Conflict(field: "milestones", ours: .list([.string("m1"), .string("m2")]), theirs: .list([.string("m1"), .string("m3")]))]))
    }

    /// No entry: internal. A pattern matches any run of characters at its stars; a trailing .git
    /// or / is ignored, and so is file:// before an absolute path; of several matching entries the highest clearance wins; a URL that only
    /// shares a prefix with an exact entry does not match it.
    @Test func clearanceOfARemote() {
        let entries = [RemoteClearance(url: "git@git.example.mil:northwind/*", clearedFor: .cui),
                       RemoteClearance(url: "https://github.com/northwind/ledger", clearedFor: .public),
                       RemoteClearance(url: "git@git.example.mil:northwind/mirror.git", clearedFor: .fci)]
        #expect(RemoteClearance.clearance(of: "https://gitlab.com/x/y.git", in: entries).classification == .internal)
        #expect(RemoteClearance.clearance(of: "https://gitlab.com/x/y.git", in: []).entry == nil)
        #expect(RemoteClearance.clearance(of: "git@git.example.mil:northwind/ledger.git", in: entries).classification == .cui)
        #expect(RemoteClearance.clearance(of: "git@git.example.mil:northwind/mirror", in: entries).classification == .cui)
        #expect(RemoteClearance.clearance(of: "https://github.com/northwind/ledger.git/", in: entries).classification == .public)
        #expect(RemoteClearance.clearance(of: "https://github.com/northwind/ledger-fork", in: entries).classification == .internal)
        #expect(RemoteClearance.rank(.public) < RemoteClearance.rank(.internal) && RemoteClearance.rank(.fci) < RemoteClearance.rank(.cui))
        // A local server cleared by its path is the same server reached as file://, and back.
        let local = [RemoteClearance(url: "/srv/git/ledger.git", clearedFor: .cui), RemoteClearance(url: "file:///srv/git/mirror", clearedFor: .fci)]
        #expect(RemoteClearance.clearance(of: "file:///srv/git/ledger.git", in: local).classification == .cui)
        #expect(RemoteClearance.clearance(of: "/srv/git/mirror.git", in: local).classification == .fci)
        #expect(RemoteClearance.clearance(of: "file:///srv/git/ledger-old", in: local).classification == .internal)
    }

    /// ledger.yaml's remotes read and written back byte for byte; an unknown clearance is
    /// refused naming remotes[0].cleared_for.
    @Test func remotesInTheLedgerFile() {
        let config = LedgerConfig(organization: "Northwind", frameworks: [], createdAt: Timestamp(seconds: 1_795_000_000),
                                  remotes: [RemoteClearance(url: "git@git.example.mil:northwind/*", clearedFor: .cui)])
        let value = config.recordValue
        #expect(LedgerConfig.decode(value).0 == config)
        guard case .map(var pairs) = value else { Issue.record("not a map"); return }
        pairs = pairs.map { $0.0 == "remotes" ? ("remotes", .list([.map([("url", .string("x")), ("cleared_for", .string("secret"))])])) : $0 }
        let (bad, issues) = LedgerConfig.decode(.map(pairs))
        #expect(bad == nil)
        #expect(issues.map(\.field) == ["remotes[0].cleared_for"])
    }
}
