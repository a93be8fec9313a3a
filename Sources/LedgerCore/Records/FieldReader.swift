/// Reads the fields of one mapping, collecting every problem instead of stopping at the first.
/// The record decoders use it so that `evident validate` reports all findings of a file at once.
public struct FieldReader {
    public let file: String
    public let path: String
    private let pairs: [(String, RecordValue)]
    public private(set) var issues: [ValidationIssue] = []
    // A handful of keys per record: an array beats a Set here (no hashing on the hot path).
    private var seen: [String] = []
    private var wasNull = false

    public init(file: String, path: String = "", value: RecordValue?) {
        self.file = file
        self.path = path
        if let value, let pairs = value.mapPairs {
            self.pairs = pairs
        } else {
            self.pairs = []
            issues.append(ValidationIssue(file: file, field: path, problem: "must be a mapping of fields, found \(value?.kindDescription ?? "nothing")"))
        }
    }

    public func fieldPath(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    public mutating func report(_ key: String, _ problem: String) {
        issues.append(ValidationIssue(file: file, field: key.isEmpty ? path : fieldPath(key), problem: problem))
    }

    /// True when the value read is a mapping without any field (`system: {}`).
    public var isEmptyMapping: Bool { pairs.isEmpty && issues.isEmpty }

    /// The value of `key`, or nil when it is absent or written without a value (reported here:
    /// a field is either left out or given a value).
    public mutating func raw(_ key: String) -> RecordValue? {
        seen.append(key)
        wasNull = false
        guard let v = pairs.first(where: { $0.0 == key })?.1 else { return nil }
        if case .null = v {
            wasNull = true
            report(key, "has no value: give it one, or leave the field out")
            return nil
        }
        return v
    }

    /// Reports a missing required field, unless it was present without a value (already reported).
    private mutating func missing(_ key: String, _ required: Bool) {
        if required && !wasNull { report(key, "is required") }
    }

    public mutating func string(_ key: String, required: Bool = true, maxLength: Int = 10_000, allowEmpty: Bool = false) -> String? {
        guard let v = raw(key) else {
            missing(key, required)
            return nil
        }
        guard let s = v.stringValue else {
            report(key, "must be a string, found \(v.kindDescription)")
            return nil
        }
        if !allowEmpty && s.isBlank {
            report(key, "must not be empty")
            return nil
        }
        if s.count > maxLength {
            report(key, "is longer than \(maxLength) characters")
            return nil
        }
        return s
    }

    public mutating func int(_ key: String, required: Bool = true, minimum: Int? = nil) -> Int? {
        guard let v = raw(key) else {
            missing(key, required)
            return nil
        }
        guard let i = v.intValue else {
            report(key, "must be an integer, found \(v.kindDescription)")
            return nil
        }
        if let minimum, i < minimum {
            report(key, "must be at least \(minimum), found \(i)")
            return nil
        }
        return i
    }

    public mutating func bool(_ key: String, required: Bool = true) -> Bool? {
        guard let v = raw(key) else {
            missing(key, required)
            return nil
        }
        guard let b = v.boolValue else {
            report(key, "must be true or false, found \(v.kindDescription)")
            return nil
        }
        return b
    }

    public mutating func oneOf(_ key: String, _ allowed: [String], required: Bool = true) -> String? {
        guard let s = string(key, required: required) else { return nil }
        guard allowed.contains(s) else {
            report(key, "'\(s)' is not one of \(allowed.joined(separator: ", "))")
            return nil
        }
        return s
    }

    /// A qualified requirement id (`catalog:requirement`, like POA&M and exception records hold),
    /// or nil with an issue naming the field; `example` shows the form.
    public mutating func qualifiedRequirement(_ key: String, example: String) -> String? {
        guard let q = string(key) else { return nil }
        if q.split(separator: ":", omittingEmptySubsequences: false).count != 2 || q.hasPrefix(":") || q.hasSuffix(":") {
            report(key, "'\(q)' must be a qualified requirement id like \(example)")
            return nil
        }
        return q
    }

    public mutating func day(_ key: String, required: Bool = true) -> Day? {
        guard let s = string(key, required: required) else { return nil }
        guard let d = Day(s) else {
            report(key, "'\(s)' is not a date: write YYYY-MM-DD, from \(CalendarLimits.dayRange)")
            return nil
        }
        return d
    }

    public mutating func timestamp(_ key: String, required: Bool = true) -> Timestamp? {
        guard let s = string(key, required: required) else { return nil }
        guard let t = Timestamp(canonical: s) else {
            report(key, "'\(s)' is not a UTC timestamp: write YYYY-MM-DDTHH:MM:SSZ, from \(CalendarLimits.dayRange)")
            return nil
        }
        return t
    }

    public mutating func duration(_ key: String, required: Bool = true) -> ISODuration? {
        guard let s = string(key, required: required) else { return nil }
        switch ISODuration.parse(s) {
        case .success(let d):
            return d
        case .failure(.tooLong):
            // The limit and why: CalendarLimits (Support/Dates.swift).
            report(key, "'\(s)' is longer than \(CalendarLimits.longestDuration), the longest duration evident accepts (0 to P100Y): write a shorter one, such as P1Y")
            return nil
        case .failure(.notADuration):
            report(key, "'\(s)' is not an ISO 8601 duration such as P1Y, P6M, P2W or P14D")
            return nil
        }
    }

    public mutating func list(_ key: String, required: Bool = true, minCount: Int = 0) -> [RecordValue]? {
        guard let v = raw(key) else {
            missing(key, required)
            return nil
        }
        guard let l = v.listValue else {
            report(key, "must be a list, found \(v.kindDescription)")
            return nil
        }
        if l.count < minCount {
            report(key, minCount == 1 ? "must not be empty" : "must have at least \(minCount) items")
            return nil
        }
        return l
    }

    public mutating func stringList(_ key: String, required: Bool = true, minCount: Int = 0, unique: Bool = true) -> [String]? {
        guard let l = list(key, required: required, minCount: minCount) else { return nil }
        var out = [String]()
        var ok = true
        for (i, item) in l.enumerated() {
            guard let s = item.stringValue else {
                issues.append(ValidationIssue(file: file, field: "\(fieldPath(key))[\(i)]", problem: "must be a string, found \(item.kindDescription)"))
                ok = false
                continue
            }
            if unique && out.contains(s) {
                issues.append(ValidationIssue(file: file, field: "\(fieldPath(key))[\(i)]", problem: "'\(s)' is listed twice"))
                ok = false
                continue
            }
            out.append(s)
        }
        return ok ? out : nil
    }

    /// A nested mapping read by its own reader; its issues are merged into this one's.
    public mutating func nested<T>(_ key: String, required: Bool = true, _ body: (inout FieldReader) -> T?) -> T? {
        guard let v = raw(key) else {
            missing(key, required)
            return nil
        }
        var inner = FieldReader(file: file, path: fieldPath(key), value: v)
        let result = inner.issues.isEmpty ? body(&inner) : nil
        inner.finish()
        issues.append(contentsOf: inner.issues)
        return result
    }

    public mutating func merge(_ other: FieldReader) {
        issues.append(contentsOf: other.issues)
    }

    /// Reports keys that no reader asked for: records allow no unknown fields.
    public mutating func finish() {
        for (key, _) in pairs where !seen.contains(key) {
            issues.append(ValidationIssue(file: file, field: fieldPath(key), problem: "is not a known field (check its spelling)"))
        }
        seen = pairs.map(\.0)
    }
}

extension String {
    /// Empty or only whitespace; ASCII text is checked byte by byte without Unicode tables.
    var isBlank: Bool {
        for b in utf8 {
            if b == 32 || b == 9 || b == 10 || b == 13 { continue }
            if b < 128 { return false }
            return trimmingSpaces.isEmpty
        }
        return true
    }
}

extension StringProtocol {
    var trimmingSpaces: SubSequence {
        var s = self[...]
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return s
    }
}
