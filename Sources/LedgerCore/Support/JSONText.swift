/// Writes a `RecordValue` as JSON, keeping key order (records keep their canonical order, so
/// JSON output matches the YAML field for field). Pretty output uses two-space indentation.
public enum JSONText {
    public static func emit(_ value: RecordValue, pretty: Bool = true) -> String {
        var out = ""
        write(value, indent: 0, pretty: pretty, into: &out)
        return out
    }

    private static func write(_ value: RecordValue, indent: Int, pretty: Bool, into out: inout String) {
        let nl = pretty ? "\n" : ""
        let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let closePad = pretty ? String(repeating: "  ", count: indent) : ""
        switch value {
        case .string(let s): out += quote(s)
        case .int(let i): out += String(i)
        case .float(let d): out += d.isFinite ? String(d) : "null"
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .list(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[" + nl
            for (i, item) in items.enumerated() {
                out += pad
                write(item, indent: indent + 1, pretty: pretty, into: &out)
                out += (i + 1 < items.count ? "," : "") + nl
            }
            out += closePad + "]"
        case .map(let pairs):
            if pairs.isEmpty { out += "{}"; return }
            out += "{" + nl
            for (i, (k, v)) in pairs.enumerated() {
                out += pad + quote(k) + (pretty ? ": " : ":")
                write(v, indent: indent + 1, pretty: pretty, into: &out)
                out += (i + 1 < pairs.count ? "," : "") + nl
            }
            out += closePad + "}"
        }
    }

    public static func quote(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 {
                    let hex = String(c.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }
}

extension RecordValue {
    /// `.string` or `.null`.
    public static func optional(_ s: String?) -> RecordValue { s.map(RecordValue.string) ?? .null }
    public static func strings(_ list: [String]) -> RecordValue { .list(list.map(RecordValue.string)) }
}
