import Foundation
import LedgerCore

/// One change to a record, as three numbers a property-based generator draws (and shrinks):
/// what to do, where (an index into every position of the record, wrapping), and with what (an
/// index into that operation's values, wrapping).
public struct RecordMutation: Sendable, Equatable, CustomStringConvertible {
    public enum Operation: Int, CaseIterable, Sendable {
        case remove, retype, extremeDate, extremeDuration, hugeNumber, unicode, deepNesting, unknownField, vocabulary, shiftAllDates
    }

    public let operation: Operation
    public let position: Int
    public let choice: Int

    public init(operation: Operation, position: Int, choice: Int) {
        self.operation = operation
        self.position = position
        self.choice = choice
    }

    /// From three drawn integers (the operation wraps over the cases).
    public init(_ operation: Int, _ position: Int, _ choice: Int) {
        let all = Operation.allCases
        self.init(operation: all[((operation % all.count) + all.count) % all.count], position: position, choice: choice)
    }

    public var description: String { "\(operation)@\(position)#\(choice)" }
}

/// Mutates records the way a hand edit, a bad merge or an attacker could: fields removed or
/// retyped, dates and durations at and past the calendar's edges, huge numbers, unicode, deep
/// nesting, unknown fields, and valid words in the wrong places. Deterministic: the same
/// mutations on the same record give the same result.
public enum RecordMutator {
    /// A step into a record: a map key or a list index.
    public enum Step: Sendable, Equatable {
        case key(String)
        case index(Int)
    }

    public static let extremeDates = [
        "0001-01-01", "9999-12-31", "0000-01-01", "10000-01-01", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z",
        "2026-02-29", "2024-02-29", "-2026-01-01", "2026-01-01T24:00:00Z", "9999-12-31T23:59:60Z", "2026-13-01",
        "2026-11-29T10:00:00+01:00", "２０２６-１１-２９", "2026-11-29 ", "",
    ]
    public static let extremeDurations = [
        "P8000Y", "P100Y", "P101Y", "P999999Y", "P999999Y999999M999999W999999D", "P0D", "PT1H", "P36525D", "P36524D",
        "P1200M", "P1201M", "P5217W", "P", "P-1Y", "P1.5Y", "P1234567D", "P١Y",
    ]
    public static let hugeNumbers: [RecordValue] = [
        .int(Int.max), .int(Int.min), .int(-1), .int(0), .float(1e308), .float(-.infinity), .float(.nan),
        .string("99999999999999999999999999"), .string("-0"), .int(52_428_800),
    ]
    public static let unicodeStrings = [
        "Ünïcødé 𝔘 ✓", "\u{202E}evil\u{202C}", "a\u{0}b", "e\u{301}\u{301}\u{301}", "👩‍👩‍👧‍👦", "\u{FEFF}IAM-MFA", "IAM-MFA\u{200B}",
        "  ", "\n", "line\nbreak", "\"quoted\"", "it's", "#not a comment", ": colon", "- dash", "[flow]", "{map}",
        String(repeating: "x", count: 20_000), String(repeating: "é", count: 400), "ＩＡＭ-ＭＦＡ", "null", "~", "true", "0x10", "1_000",
    ]
    /// Valid words of every record kind, to put where another word belongs.
    public static let vocabulary = [
        "implemented", "not_applicable", "planned", "continuous", "daily", "weekly", "monthly", "quarterly", "semiannual",
        "annual", "on_event", "automated", "document", "cui", "public", "open", "closed", "cmmc", "soc2", "security", "privacy",
        "evident/control/v1", "evident/evidence/v1", "evident/poam/v1", "evident/affirmation/v1", "evident/ledger/v1",
        "evident/exception/v1", "enduring", "temporary", "EXC-99991231-000001",
        "nist-800-171r2:3.5.3", "IAM-MFA", "EV-99991231-000001", "EV-00010101-ZZZZZZ", "POAM-9999-999", "all", "none",
        "remote_and_privileged", "fips_validated", "cmmc-l2", "soc2-2017", "nist-800-171r2", "record.yaml", "../../etc/passwd",
    ]

    /// Every position in `value`, root first, depth-first in written order.
    public static func positions(_ value: RecordValue) -> [[Step]] {
        var out = [[Step]]()
        func walk(_ v: RecordValue, _ path: [Step]) {
            out.append(path)
            switch v {
            case .map(let pairs): for (k, child) in pairs { walk(child, path + [.key(k)]) }
            case .list(let items): for (i, child) in items.enumerated() { walk(child, path + [.index(i)]) }
            default: break
            }
        }
        walk(value, [])
        return out
    }

    public static func apply(_ mutations: [RecordMutation], to value: RecordValue) -> RecordValue {
        mutations.reduce(value) { apply($1, to: $0) }
    }

    public static func apply(_ m: RecordMutation, to value: RecordValue) -> RecordValue {
        let all = positions(value)
        // Date, duration and number mutations go to a value of that sort when the record has
        // one (a duration where a duration is read), else anywhere.
        func like(_ test: (RecordValue) -> Bool) -> [[Step]] { all.filter { RecordMutator.value(at: $0, in: value).map(test) ?? false } }
        var candidates = all
        switch m.operation {
        case .extremeDate: candidates = like { v in v.stringValue.map { $0.utf8.count >= 10 && $0.utf8.prefix(4).allSatisfy { $0 >= 48 && $0 <= 57 } } ?? false }
        case .extremeDuration: candidates = like { v in v.stringValue.map { $0.hasPrefix("P") && $0.count > 1 } ?? false }
        case .hugeNumber: candidates = like { v in v.intValue != nil }
        default: break
        }
        if candidates.isEmpty { candidates = all }
        let path = candidates[wrap(m.position, candidates.count)]
        func pick<T>(_ list: [T]) -> T { list[wrap(m.choice, list.count)] }
        switch m.operation {
        case .remove:
            return path.isEmpty ? .map([]) : removing(path, from: value)
        case .retype:
            let kinds: [RecordValue] = [.int(7), .bool(true), .null, .float(1.5), .list([]), .map([]), .string("text"),
                                        .list([.string("a"), .int(1)]), .map([("x", .string("y"))])]
            return replacing(path, in: value) { _ in pick(kinds) }
        case .extremeDate:
            return replacing(path, in: value) { _ in .string(pick(extremeDates)) }
        case .extremeDuration:
            return replacing(path, in: value) { _ in .string(pick(extremeDurations)) }
        case .hugeNumber:
            return replacing(path, in: value) { _ in pick(hugeNumbers) }
        case .unicode:
            return replacing(path, in: value) { old in
                let u = pick(unicodeStrings)
                if case .string(let s) = old, m.choice % 3 == 0 { return .string(s + u) }
                return .string(u)
            }
        case .deepNesting:
            return replacing(path, in: value) { old in
                var v = old
                for i in 0..<(10 + wrap(m.choice, 200)) { v = i % 2 == 0 ? .list([v]) : .map([("k", v)]) }
                return v
            }
        case .unknownField:
            return replacing(path, in: value) { old in
                guard case .map(var pairs) = old else { return .map([(pick(unicodeStrings), old)]) }
                let key = pick(["extra", "Schema", "id ", "ïd", "x.y", "[0]", ""] + vocabulary)
                if !pairs.contains(where: { $0.0 == key }) { pairs.append((key, .string("v"))) }
                return .map(pairs)
            }
        case .vocabulary:
            return replacing(path, in: value) { _ in .string(pick(vocabulary)) }
        case .shiftAllDates:
            // Moves every date in the record, and the date inside an evidence id, to one extreme
            // day, so records stay valid while their dates sit at the calendar's edge.
            let day = pick(["0001-01-01", "9999-12-31", "9999-12-30", "0001-01-02", "9999-01-31", "2024-02-29", "9990-06-30"])
            return shiftingDates(value, to: day)
        }
    }

    static func value(at path: [Step], in value: RecordValue) -> RecordValue? {
        var v = value
        for step in path {
            switch (step, v) {
            case (.key(let k), .map(let pairs)): guard let next = pairs.first(where: { $0.0 == k })?.1 else { return nil }; v = next
            case (.index(let i), .list(let items)) where i < items.count: v = items[i]
            default: return nil
            }
        }
        return v
    }

    static func wrap(_ n: Int, _ count: Int) -> Int {
        guard count > 0 else { return 0 }
        return Int(UInt(bitPattern: n) % UInt(count))
    }

    static func replacing(_ path: [Step], in value: RecordValue, _ change: (RecordValue) -> RecordValue) -> RecordValue {
        guard let first = path.first else { return change(value) }
        let rest = Array(path.dropFirst())
        switch (first, value) {
        case (.key(let k), .map(let pairs)):
            return .map(pairs.map { $0.0 == k ? ($0.0, replacing(rest, in: $0.1, change)) : $0 })
        case (.index(let i), .list(let items)) where i < items.count:
            var items = items
            items[i] = replacing(rest, in: items[i], change)
            return .list(items)
        default:
            return value
        }
    }

    static func removing(_ path: [Step], from value: RecordValue) -> RecordValue {
        guard let first = path.first else { return value }
        let rest = Array(path.dropFirst())
        switch (first, value) {
        case (.key(let k), .map(let pairs)):
            if rest.isEmpty { return .map(pairs.filter { $0.0 != k }) }
            return .map(pairs.map { $0.0 == k ? ($0.0, removing(rest, from: $0.1)) : $0 })
        case (.index(let i), .list(let items)) where i < items.count:
            var items = items
            if rest.isEmpty { items.remove(at: i) } else { items[i] = removing(rest, from: items[i]) }
            return .list(items)
        default:
            return value
        }
    }

    static func shiftingDates(_ value: RecordValue, to day: String) -> RecordValue {
        switch value {
        case .string(let s):
            let u = Array(s.utf8)
            func isDate(_ b: ArraySlice<UInt8>) -> Bool {
                b.count == 10 && b.enumerated().allSatisfy { i, c in (i == 4 || i == 7) ? c == 45 : (c >= 48 && c <= 57) }
            }
            if isDate(u[...]) { return .string(day) }
            if u.count == 20, isDate(u[0..<10]), u[10] == 84 { return .string(day + String(s.dropFirst(10))) }
            if u.count == 18, s.hasPrefix("EV-"), u[11] == 45 {
                return .string("EV-" + day.replacingOccurrences(of: "-", with: "") + String(s.dropFirst(11)))
            }
            if s.hasPrefix("POAM-"), u.count >= 13 { return .string("POAM-" + day.prefix(4) + String(s.dropFirst(9))) }
            return value
        case .list(let items): return .list(items.map { shiftingDates($0, to: day) })
        case .map(let pairs): return .map(pairs.map { ($0.0, shiftingDates($0.1, to: day)) })
        default: return value
        }
    }
}
