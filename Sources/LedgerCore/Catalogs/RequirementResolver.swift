import Foundation

/// Why a requirement id could not be resolved.
public enum ResolutionError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Nothing matches; `suggestions` are up to 5 close ids the user may have meant.
    case unknown(String, suggestions: [String])
    /// Several requirements match; `candidates` are their qualified ids.
    case ambiguous(String, candidates: [String])

    public var description: String {
        switch self {
        case let .unknown(text, suggestions):
            let head = "unknown requirement '\(text)'"
            guard !suggestions.isEmpty else { return head }
            return head + ": did you mean " + suggestions.joined(separator: ", ") + "?"
        case let .ambiguous(text, candidates):
            return "ambiguous requirement '\(text)': it matches " + candidates.joined(separator: ", ")
                + "; write the qualified id (catalog:id)"
        }
    }
}

/// Turns requirement ids as users write them into one canonical requirement.
///
/// Accepted forms (case-insensitive, surrounding blanks ignored):
/// - the canonical id: `3.5.3`, `CC6.1`, `AC.L1-b.1.i`, `3.1.2e`;
/// - the CMMC id: `IA.L2-3.5.3`, `AC.L3-3.1.2e`;
/// - a requirement alias: legacy CMMC 2.0 Level 1 ids (`AC.L1-3.1.1`), FAR clause references
///   (`FAR 52.204-21(b)(1)(i)`);
/// - any of those after a catalog id or catalog alias and a colon: `nist-800-171r2:3.5.3`,
///   `800-171:3.5.3`, `cmmc-l2:IA.L2-3.5.3`, `soc2:CC6.1`, `soc2-2017:CC6.1`, `cmmc-l1:AC.L1-b.1.i`,
///   `cmmc:AC.L3-3.1.2e`.
///
/// A form that matches requirements in more than one catalog is ambiguous, never guessed.
public struct RequirementResolver: Sendable {
    public let catalogs: [Catalog]
    /// Lower-cased bare key -> matching requirements (no duplicates, catalog order).
    private var bare: [String: [Requirement]] = [:]
    /// Lower-cased catalog id or alias -> the catalogs it names.
    private var prefixes: [String: [Catalog]] = [:]
    /// Every key as written in the data, in catalog order, for suggestions.
    private var spellings: [(key: String, requirement: Requirement)] = []

    public init(_ set: CatalogSet) {
        self.init(catalogs: set.catalogs)
    }

    public init(catalogs: [Catalog]) {
        self.catalogs = catalogs
        for catalog in catalogs {
            for name in [catalog.id] + catalog.aliases {
                let key = name.lowercased()
                if !(prefixes[key] ?? []).contains(where: { $0.id == catalog.id }) {
                    prefixes[key, default: []].append(catalog)
                }
            }
            for requirement in catalog.requirements {
                for key in Self.keys(of: requirement) {
                    spellings.append((key, requirement))
                    let lowered = key.lowercased()
                    if !(bare[lowered] ?? []).contains(where: { $0.qualifiedID == requirement.qualifiedID }) {
                        bare[lowered, default: []].append(requirement)
                    }
                }
            }
        }
    }

    /// The resolver over the built-in catalogs.
    public static let builtIn = RequirementResolver(CatalogSet.builtIn)

    /// The requirement `text` names, or why it names none or several.
    public func resolve(_ text: String) -> Result<Requirement, ResolutionError> {
        let input = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let lowered = input.lowercased()
        if let colon = lowered.firstIndex(of: ":") {
            let prefix = String(lowered[..<colon]).trimmingCharacters(in: .whitespaces)
            let rest = String(lowered[lowered.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            guard let named = prefixes[prefix] else {
                return .failure(.unknown(input, suggestions: suggestionsForUnknownCatalog(prefix, rest: rest)))
            }
            let ids = Set(named.map(\.id))
            let matches = (bare[rest] ?? []).filter { ids.contains($0.catalog) }
            return outcome(input, matches) {
                suggestions(for: rest, in: ids, qualified: true)
            }
        }
        return outcome(input, bare[lowered] ?? []) {
            suggestions(for: lowered, in: nil, qualified: false)
        }
    }

    /// The requirement `text` names; throws `ResolutionError` otherwise.
    public func requirement(_ text: String) throws(ResolutionError) -> Requirement {
        try resolve(text).get()
    }

    private func outcome(
        _ input: String, _ matches: [Requirement], suggestions: () -> [String]
    ) -> Result<Requirement, ResolutionError> {
        switch matches.count {
        case 1: return .success(matches[0])
        case 0: return .failure(.unknown(input, suggestions: suggestions()))
        default: return .failure(.ambiguous(input, candidates: matches.map(\.qualifiedID)))
        }
    }

    /// Every spelling a requirement answers to: id, CMMC id, aliases.
    private static func keys(of requirement: Requirement) -> [String] {
        var keys = [requirement.id]
        if let cmmc = requirement.cmmcID { keys.append(cmmc) }
        keys += requirement.aliases
        var seen = Set<String>()
        return keys.filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }
    }

    /// Close spellings, shown as the user can paste them: a bare key when it names one requirement
    /// in the whole set, otherwise the qualified ids it names.
    private func suggestions(for needle: String, in catalogIDs: Set<String>?, qualified: Bool) -> [String] {
        let pool = spellings.filter { catalogIDs?.contains($0.requirement.catalog) ?? true }
        let close = closestMatches(needle, in: pool.map(\.key), limit: 5)
        var result: [String] = []
        for key in close {
            let named = (bare[key.lowercased()] ?? []).filter { catalogIDs?.contains($0.catalog) ?? true }
            let forms = (!qualified && named.count == 1) ? [key] : named.map { $0.catalog + ":" + key }
            for form in forms where !result.contains(form) { result.append(form) }
        }
        return Array(result.prefix(5))
    }

    /// For `foo:3.5.3`: the qualified ids `3.5.3` names anywhere, else close catalog names.
    private func suggestionsForUnknownCatalog(_ prefix: String, rest: String) -> [String] {
        let named = bare[rest] ?? []
        if !named.isEmpty { return Array(named.map(\.qualifiedID).prefix(5)) }
        let names = catalogs.flatMap { [$0.id] + $0.aliases }
        return closestMatches(prefix, in: names, limit: 5).map { $0 + ":" + rest }
    }
}
