/// Writes records in evident's canonical YAML: block style, two-space indentation, list items
/// at their key's indentation, keys in the record's fixed order, a trailing newline. Strings are
/// written plain when every YAML 1.1 and 1.2 reader reads them back as the same string, and
/// double-quoted otherwise, so the same record always gives the same bytes.
public enum CanonicalYAML {
    public static func emit(_ value: RecordValue) -> String {
        var out = ""
        switch value {
        case .map(let pairs):
            emitMap(pairs, indent: 0, into: &out)
        case .list(let items):
            emitList(items, indent: 0, into: &out)
        default:
            out = scalar(value) + "\n"
        }
        return out
    }

    /// `firstPad`, when given, replaces the first key's indentation (a list item's `- `).
    private static func emitMap(_ pairs: [(String, RecordValue)], indent: Int, firstPad: String? = nil, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for (n, (key, value)) in pairs.enumerated() {
            out += n == 0 ? firstPad ?? pad : pad
            switch value {
            case .map(let inner) where !inner.isEmpty:
                out += key; out += ":\n"
                emitMap(inner, indent: indent + 2, into: &out)
            case .list(let items) where !items.isEmpty:
                out += key; out += ":\n"
                emitList(items, indent: indent, into: &out)
            default:
                out += key; out += ": "; out += scalar(value); out += "\n"
            }
        }
    }

    private static func emitList(_ items: [RecordValue], indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        let dash = pad + "- "
        for item in items {
            switch item {
            case .map(let inner) where !inner.isEmpty:
                // The first key goes on the dash line.
                emitMap(inner, indent: indent + 2, firstPad: dash, into: &out)
            case .list(let inner) where !inner.isEmpty:
                out += pad + "-\n"
                emitList(inner, indent: indent + 2, into: &out)
            default:
                out += dash; out += scalar(item); out += "\n"
            }
        }
    }

    static func scalar(_ value: RecordValue) -> String {
        switch value {
        case .string(let s): return quoteIfNeeded(s)
        case .int(let i): return String(i)
        case .float(let d): return String(d)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .list: return "[]"
        case .map: return "{}"
        }
    }

    private static let reservedWords: Set<String> = [
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "",
    ]

    /// The bytes a plain scalar may hold: letters, digits and ` _./@+()<>,;'&=-:`.
    private static let plainBytes: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for b in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(b)] = true }
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(b)] = true }
        for b in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(b)] = true }
        for b in " _./@+()<>,;'&=-:".utf8 { table[Int(b)] = true }
        return table
    }()

    /// True when `s` can be written without quotes and read back as the same string. Works on
    /// the UTF-8 bytes: every byte must be one of `plainBytes`, so any other character quotes.
    static func isPlainSafe(_ s: String) -> Bool {
        let u = s.utf8
        guard let first = u.first, let last = u.last else { return false }
        var previous: UInt8 = 0
        for b in u {
            guard plainBytes[Int(b)] else { return false }
            // ": " would start a mapping value (" #", a comment, cannot occur: '#' is not plain).
            if previous == UInt8(ascii: ":") && b == UInt8(ascii: " ") { return false }
            previous = b
        }
        if last == UInt8(ascii: " ") || last == UInt8(ascii: ":") { return false }
        let firstOK = (first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z")) || (first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z"))
            || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) || first == UInt8(ascii: "/") || first == UInt8(ascii: "_")
        guard firstOK else { return false }
        if u.count <= 5 && reservedWords.contains(s.lowercased()) { return false }
        if looksNumeric(s) { return false }
        return true
    }

    /// Called on plain-safe text only, which is ASCII: the test works on its bytes.
    private static func looksNumeric(_ s: String) -> Bool {
        if isDateLike(s) { return false }
        var body = Substring(s).utf8[...]
        if body.first == UInt8(ascii: "-") || body.first == UInt8(ascii: "+") { body = body.dropFirst() }
        if body.isEmpty { return false }
        if body.starts(with: "0x".utf8) || body.starts(with: "0o".utf8) || body.starts(with: "0b".utf8) { return true }
        if body.first == UInt8(ascii: ".") && ["inf", "nan"].contains(String(decoding: body.dropFirst(), as: UTF8.self).lowercased()) { return true }
        var digits = false
        for b in body {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits = true
            case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "-"), UInt8(ascii: "+"): continue
            default: return false
            }
        }
        return digits
    }

    private static func isDateLike(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count >= 10 else { return false }
        func digit(_ i: Int) -> Bool { u[i] >= 48 && u[i] <= 57 }
        return digit(0) && digit(1) && digit(2) && digit(3) && u[4] == 45 && digit(5) && digit(6) && u[7] == 45 && digit(8) && digit(9)
            && (u.count == 10 || u[10] == 84)
    }

    static func quoteIfNeeded(_ s: String) -> String {
        if isPlainSafe(s) { return s }
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if c.value < 0x20 || c.value == 0x7F {
                    out += "\\x" + (c.value < 16 ? "0" : "") + String(c.value, radix: 16, uppercase: true)
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }
}
