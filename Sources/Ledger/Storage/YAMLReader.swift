import Foundation
import LedgerCore
import Yams

/// Parses YAML into `RecordValue`. Scalars that YAML resolves as integers, booleans, floats
/// or null keep those types; everything else (dates and timestamps included) stays a string,
/// exactly as `scripts/schema-check.py` loads records, so evident and the JSON Schemas agree.
public enum YAMLReader {
    public static func parse(_ data: Data, file: String) throws -> RecordValue {
        guard let text = String(data: data, encoding: .utf8) else {
            throw LedgerError.invalid("\(file): is not UTF-8 text")
        }
        // evident's own canonical form is read by a fast parser; anything else by Yams.
        if let fast = CanonicalYAMLParser.parse([UInt8](data)) { return fast }
        return try parseWithYams(text, file: file)
    }

    public static func parse(_ text: String, file: String) throws -> RecordValue {
        if let fast = CanonicalYAMLParser.parse(Array(text.utf8)) { return fast }
        return try parseWithYams(text, file: file)
    }

    /// The full YAML parser (libyaml through Yams), for input outside the canonical subset.
    /// Yams composes nodes recursively, so deeply nested input is refused before it gets there
    /// (`CanonicalYAMLParser.nestingBound`; a stack overflow would kill every reader).
    static func parseWithYams(_ text: String, file: String) throws -> RecordValue {
        let bound = CanonicalYAMLParser.nestingBound(Array(text.utf8))
        guard bound <= CanonicalYAMLParser.maxDepth else {
            throw LedgerError.invalid("\(file): top level: nests deeper than \(CanonicalYAMLParser.maxDepth) levels (lists and mappings inside each other); records need at most four: flatten it")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw LedgerError.invalid("\(file): malformed YAML: \(describe(error))")
        } catch {
            throw LedgerError.invalid("\(file): malformed YAML: \(error)")
        }
        guard let node else { throw LedgerError.invalid("\(file): is empty") }
        return try convert(node, file: file, path: "")
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _):
            let where_ = "line \(mark.line), column \(mark.column)"
            return "\(problem) at \(where_)" + (context.map { " (\($0.text))" } ?? "")
        default:
            return "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
        }
    }

    private static func isDecimalInteger(_ s: String) -> Bool {
        var u = Substring(s).utf8[...]
        if let f = u.first, f == 43 || f == 45 { u = u.dropFirst() }
        return !u.isEmpty && u.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    private static func convert(_ node: Node, file: String, path: String) throws -> RecordValue {
        switch node {
        case .scalar(let scalar):
            // Only plain scalars are resolved, and only to the types records use; the same
            // resolution as scripts/schema-check.py (floats, yes/no and dates stay strings).
            guard scalar.style == .plain else { return .string(scalar.string) }
            let text = scalar.string
            if ["", "~", "null", "Null", "NULL"].contains(text) { return .null }
            if ["true", "True", "TRUE"].contains(text) { return .bool(true) }
            if ["false", "False", "FALSE"].contains(text) { return .bool(false) }
            if isDecimalInteger(text), let i = Int(text) { return .int(i) }
            return .string(text)
        case .sequence(let seq):
            return .list(try seq.enumerated().map { try convert($1, file: file, path: "\(path)[\($0)]") })
        case .mapping(let map):
            var pairs = [(String, RecordValue)]()
            for (k, v) in map {
                guard case .scalar(let ks) = k else {
                    throw LedgerError.invalid("\(file): \(path.isEmpty ? "top level" : path): keys must be plain words")
                }
                let key = ks.string
                let child = path.isEmpty ? key : path + "." + key
                if pairs.contains(where: { $0.0 == key }) {
                    throw LedgerError.invalid("\(file): \(child): the key appears twice (line \((k.mark?.line).map(String.init) ?? "?"))")
                }
                pairs.append((key, try convert(v, file: file, path: child)))
            }
            return .map(pairs)
        @unknown default:
            throw LedgerError.invalid("\(file): \(path): aliases and anchors are not allowed in records")
        }
    }
}
