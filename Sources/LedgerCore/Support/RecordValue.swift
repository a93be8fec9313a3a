/// A parsed record: YAML's data model restricted to what records use, with map keys kept in
/// their written order. Timestamps and dates stay strings; the validators parse them.
public indirect enum RecordValue: Equatable, Sendable {
    case string(String)
    case int(Int)
    case float(Double)
    case bool(Bool)
    case null
    case list([RecordValue])
    case map([(String, RecordValue)])

    public static func == (lhs: RecordValue, rhs: RecordValue) -> Bool {
        switch (lhs, rhs) {
        case let (.string(a), .string(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.float(a), .float(b)): return a == b
        case let (.bool(a), .bool(b)): return a == b
        case (.null, .null): return true
        case let (.list(a), .list(b)): return a == b
        case let (.map(a), .map(b)): return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public subscript(key: String) -> RecordValue? {
        guard case .map(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var intValue: Int? {
        if case .int(let i) = self { return i }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var listValue: [RecordValue]? {
        if case .list(let l) = self { return l }
        return nil
    }

    public var mapPairs: [(String, RecordValue)]? {
        if case .map(let m) = self { return m }
        return nil
    }

    /// A word for error messages: "a string", "a list" ...
    public var kindDescription: String {
        switch self {
        case .string: return "a string"
        case .int: return "an integer"
        case .float: return "a number"
        case .bool: return "a boolean"
        case .null: return "empty"
        case .list: return "a list"
        case .map: return "a mapping"
        }
    }
}
