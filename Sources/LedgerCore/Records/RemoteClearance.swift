import Foundation

/// One entry of `remotes` in ledger.yaml: the git remotes a URL pattern names may hold evidence
/// up to `clearedFor` (public < internal < fci < cui). CUI and FCI leave only for a remote
/// somebody cleared for them, in a commit of ledger.yaml (`evident remote clear`), so the
/// decision is in the history. A remote no entry names is cleared for `internal`.
public struct RemoteClearance: Equatable, Sendable {
    /// What a remote nobody cleared may hold.
    public static let defaultClearance = Classification.internal

    /// A URL or a pattern in which `*` stands for any run of characters
    /// (`git@git.example.mil:*`, `https://gitlab.example.com/cui/*`).
    public let url: String
    public let clearedFor: Classification

    public init(url: String, clearedFor: Classification) {
        self.url = url
        self.clearedFor = clearedFor
    }

    /// How far `classification` ranks: public 0, internal 1, fci 2, cui 3.
    public static func rank(_ classification: Classification) -> Int {
        Classification.allCases.firstIndex(of: classification) ?? Classification.allCases.count
    }

    /// What a remote at `url` may hold under `entries`: the highest clearance of the entries
    /// that match it (an exact URL or a pattern), else `defaultClearance`. URLs are compared
    /// without a trailing `/` or `.git`, so `host:team/ledger` and `host:team/ledger.git` agree.
    public static func clearance(of url: String, in entries: [RemoteClearance]) -> (classification: Classification, entry: RemoteClearance?) {
        let target = normalized(url)
        let matching = entries.filter { wildcardMatch(normalized($0.url), target) }
        guard let best = matching.max(by: { rank($0.clearedFor) < rank($1.clearedFor) }) else { return (defaultClearance, nil) }
        return (best.clearedFor, best)
    }

    /// One spelling per repository: a trailing `/` or `.git` goes, and `file:///srv/ledger` is the
    /// repository at `/srv/ledger` (a clone made from either spelling is held to the same entry).
    static func normalized(_ url: String) -> String {
        var s = url
        if s.hasPrefix("file:///") { s.removeFirst("file://".count) }
        while s.hasSuffix("/") { s.removeLast() }
        if s.hasSuffix(".git") { s.removeLast(4) }
        return s
    }

    /// `pattern` against `text`, `*` matching any run of characters (none included); iterative,
    /// so a pattern with many stars costs at most length × length.
    static func wildcardMatch(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.unicodeScalars), t = Array(text.unicodeScalars)
        var i = 0, j = 0, star = -1, mark = 0
        while j < t.count {
            if i < p.count, p[i] != "*", p[i] == t[j] {
                i += 1; j += 1
            } else if i < p.count, p[i] == "*" {
                star = i; mark = j; i += 1
            } else if star >= 0 {
                i = star + 1; mark += 1; j = mark
            } else {
                return false
            }
        }
        while i < p.count, p[i] == "*" { i += 1 }
        return i == p.count
    }

    var recordValue: RecordValue {
        .map([("url", .string(url)), ("cleared_for", .string(clearedFor.rawValue))])
    }

    static func read(_ r: inout FieldReader) -> RemoteClearance? {
        let url = r.string("url", maxLength: 2_000)
        let cleared = r.oneOf("cleared_for", Classification.allCases.map(\.rawValue))
        if let url, url.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            r.report("url", "must be one line without control characters")
            return nil
        }
        guard let url, let cleared, let classification = Classification(rawValue: cleared) else { return nil }
        return RemoteClearance(url: url, clearedFor: classification)
    }
}
