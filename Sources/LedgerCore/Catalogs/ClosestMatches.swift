import Foundation

/// Levenshtein edit distance between two strings, compared case-insensitively, counting
/// Unicode characters (insertions, deletions and substitutions each cost 1).
public func editDistance(_ a: String, _ b: String) -> Int {
    let s = Array(a.lowercased()), t = Array(b.lowercased())
    if s.isEmpty { return t.count }
    if t.isEmpty { return s.count }
    var previous = Array(0...t.count)
    var current = [Int](repeating: 0, count: t.count + 1)
    for i in 1...s.count {
        current[0] = i
        for j in 1...t.count {
            let cost = s[i - 1] == t[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        }
        swap(&previous, &current)
    }
    return previous[t.count]
}

/// Up to `limit` entries of `haystack` that are close to `needle`, best first, for
/// "did you mean ...?" messages (requirement ids, control ids, catalog ids).
///
/// Comparison is case-insensitive. A candidate qualifies when its edit distance is at most
/// `max(2, needle.count / 3)`, or when one string is a prefix of the other (`CC6` -> `CC6.1`).
/// Ranking: smaller distance first, then the longer shared prefix, then haystack order.
/// Results keep the haystack's spelling and contain no duplicates.
public func closestMatches(_ needle: String, in haystack: [String], limit: Int = 5) -> [String] {
    let query = needle.lowercased()
    guard limit > 0, !query.isEmpty else { return [] }
    let threshold = max(2, query.count / 3)
    var seen = Set<String>()
    var scored: [(distance: Int, prefix: Int, order: Int, value: String)] = []
    for (order, candidate) in haystack.enumerated() where seen.insert(candidate).inserted {
        let lowered = candidate.lowercased()
        let distance = editDistance(query, lowered)
        let isPrefix = lowered.hasPrefix(query) || query.hasPrefix(lowered)
        guard distance <= threshold || isPrefix else { continue }
        let shared = zip(query, lowered).prefix { $0 == $1 }.count
        scored.append((distance, shared, order, candidate))
    }
    scored.sort {
        ($0.distance, -$0.prefix, $0.order) < ($1.distance, -$1.prefix, $1.order)
    }
    return scored.prefix(limit).map(\.value)
}
