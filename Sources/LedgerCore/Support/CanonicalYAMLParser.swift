/// A fast reader for the YAML evident writes itself (`CanonicalYAML`): block mappings and
/// lists, plain and double-quoted scalars, `[]` and `{}`. It returns nil for anything outside
/// that subset (comments, flow collections, anchors, tags, block scalars, single quotes,
/// duplicate keys, tabs), and the caller then uses the full YAML parser. Scalars resolve exactly
/// as the full reader resolves them, so both always agree; a test holds them to it.
public enum CanonicalYAMLParser {
    /// How deep a record may nest. Records need four levels (`artifacts[0].path`); a parser
    /// that recursed on whatever a file holds would overflow the stack on `[[[[...` (a crash
    /// in every reader, issue "trust"). Both readers refuse deeper input: this one returns nil,
    /// `YAMLReader` refuses before the full parser sees it (`nestingBound`).
    public static let maxDepth = 64

    /// An upper bound on how deeply a YAML text nests, without parsing it: twice the stack of
    /// block indentation levels (a list may sit at its key's indentation), counting compact
    /// `- - x` items as levels, plus the deepest `[`/`{` nesting outside quotes and comments.
    /// Linear, no recursion. It never counts less than YAML nests: a quote is skipped only when
    /// it starts a value and only to the end of its line (a quoted scalar continued on the next
    /// line has that line counted as structure, which can only count more).
    public static func nestingBound(_ bytes: [UInt8]) -> Int {
        var best = 0
        var indents = [Int]()
        var flow = 0, maxFlow = 0
        var i = 0
        let n = bytes.count
        while i < n {
            var j = i
            while j < n && bytes[j] != 10 { j += 1 }
            var k = i
            while k < j && bytes[k] == 32 { k += 1 }
            if k < j && bytes[k] != 35 {
                var column = k - i
                while let top = indents.last, top >= column { indents.removeLast() }
                indents.append(column)
                // Compact nested items: "- - x", "? - x".
                while k + 1 < j, bytes[k] == 45 || bytes[k] == 63, bytes[k + 1] == 32 {
                    k += 2
                    while k < j && bytes[k] == 32 { k += 1 }
                    column = k - i
                    indents.append(column)
                }
                best = max(best, 2 * indents.count)
            }
            var valueStart = true
            var previous: UInt8 = 32
            scan: while k < j {
                let c = bytes[k]
                switch c {
                case 34 where valueStart, 39 where valueStart:
                    // A quoted scalar: skip to its closing quote on this line.
                    k += 1
                    while k < j {
                        if c == 34 && bytes[k] == 92 { k += 2; continue }
                        if bytes[k] == c {
                            if c == 39 && k + 1 < j && bytes[k + 1] == 39 { k += 2; continue }
                            break
                        }
                        k += 1
                    }
                    valueStart = false
                case 35 where previous == 32 || previous == 9:
                    break scan
                case 91, 123:
                    flow += 1
                    maxFlow = max(maxFlow, flow)
                    valueStart = true
                case 93, 125:
                    flow = max(0, flow - 1)
                    valueStart = false
                case 44:
                    valueStart = true
                case 58 where k + 1 == j || bytes[k + 1] == 32:
                    valueStart = true
                case 32, 9:
                    break
                default:
                    valueStart = false
                }
                previous = k < j ? bytes[k] : 32
                k += 1
            }
            i = j + 1
        }
        return best + maxFlow
    }

    public static func parse(_ bytes: [UInt8]) -> RecordValue? {
        var lines = [(indent: Int, start: Int, end: Int)]()
        var i = 0
        let n = bytes.count
        while i < n {
            var j = i
            while j < n && bytes[j] != 10 { j += 1 }
            var end = j
            if end > i && bytes[end - 1] == 13 { end -= 1 }
            var k = i
            while k < end && bytes[k] == 32 { k += 1 }
            if k < end {
                if bytes[k] == 9 || bytes[k] == 35 { return nil } // tab or comment
                lines.append((k - i, k, end))
            }
            i = j + 1
        }
        if lines.isEmpty { return nil }
        if lines.count == 1, bytes[lines[0].start] == 45, bytes[lines[0].start + 1 < n ? lines[0].start + 1 : lines[0].start] == 45 { return nil } // "---"
        var p = Parser(bytes: bytes, lines: lines, index: 0)
        guard let value = p.block(indent: lines[0].indent), p.index == lines.count else { return nil }
        return value
    }

    struct Parser {
        let bytes: [UInt8]
        let lines: [(indent: Int, start: Int, end: Int)]
        var index: Int
        /// Blocks open around the one being read (at most `maxDepth`).
        var depth = 0

        func isListItem(_ line: (indent: Int, start: Int, end: Int)) -> Bool {
            bytes[line.start] == 45 && (line.start + 1 == line.end || bytes[line.start + 1] == 32)
        }

        /// A block (mapping or list) whose lines start at `indent`.
        mutating func block(indent: Int) -> RecordValue? {
            guard index < lines.count, lines[index].indent == indent else { return nil }
            return isListItem(lines[index]) ? list(indent: indent) : map(indent: indent, firstKeyStart: nil)
        }

        mutating func list(indent: Int) -> RecordValue? {
            depth += 1
            defer { depth -= 1 }
            guard depth <= CanonicalYAMLParser.maxDepth else { return nil }
            var items = [RecordValue]()
            while index < lines.count, lines[index].indent == indent, isListItem(lines[index]) {
                let line = lines[index]
                var s = line.start + 1
                while s < line.end && bytes[s] == 32 { s += 1 }
                if s == line.end { return nil } // "-" alone: nested block lists are not canonical
                if let colon = keyColon(s, line.end) {
                    // "- key: value": a mapping whose first key sits after the dash.
                    guard let m = map(indent: s - line.start + indent, firstKeyStart: (s, colon)) else { return nil }
                    items.append(m)
                } else {
                    guard let v = scalar(s, line.end) else { return nil }
                    items.append(v)
                    index += 1
                }
            }
            return .list(items)
        }

        /// The colon ending a key at `s` ("key: value" or "key:"), or nil when the line is a scalar.
        func keyColon(_ s: Int, _ end: Int) -> Int? {
            var k = s
            while k < end {
                let c = bytes[k]
                if c == 58 { return (k + 1 == end || bytes[k + 1] == 32) && k > s ? k : nil }
                let ok = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c == 95 || c == 45 || c == 46
                if !ok { return nil }
                k += 1
            }
            return nil
        }

        mutating func map(indent: Int, firstKeyStart: (Int, Int)?) -> RecordValue? {
            depth += 1
            defer { depth -= 1 }
            guard depth <= CanonicalYAMLParser.maxDepth else { return nil }
            var pairs = [(String, RecordValue)]()
            var first = firstKeyStart
            while index < lines.count {
                let line = lines[index]
                let s: Int, colon: Int
                if let f = first {
                    (s, colon) = f
                    first = nil
                } else {
                    guard line.indent == indent, !isListItem(line), let c = keyColon(line.start, line.end) else { break }
                    (s, colon) = (line.start, c)
                }
                let key = String(decoding: bytes[s..<colon], as: UTF8.self)
                if pairs.contains(where: { $0.0 == key }) { return nil }
                index += 1
                if colon + 1 == line.end {
                    // A nested block: a mapping indented further, or a list at this indentation
                    // (or further).
                    guard index < lines.count else { return nil }
                    let next = lines[index]
                    if isListItem(next) && next.indent >= indent {
                        guard let l = list(indent: next.indent) else { return nil }
                        pairs.append((key, l))
                    } else if next.indent > indent {
                        guard let m = map(indent: next.indent, firstKeyStart: nil) else { return nil }
                        pairs.append((key, m))
                    } else {
                        pairs.append((key, .null))
                    }
                } else {
                    var v = colon + 1
                    while v < line.end && bytes[v] == 32 { v += 1 }
                    guard let value = scalar(v, line.end) else { return nil }
                    pairs.append((key, value))
                }
            }
            return .map(pairs)
        }

        /// A scalar from `s` to `end`: double-quoted, `[]`, `{}`, or plain.
        func scalar(_ s: Int, _ end: Int) -> RecordValue? {
            // "key: " with only spaces after the colon: not canonical, the full parser decides
            // (it reads null). At the very end of a file `bytes[s]` would be out of bounds: the
            // fuzzer's first find (Fuzz/regressions/control-trailing-space-at-end-of-file.yaml).
            guard s < end else { return nil }
            let first = bytes[s]
            if first == 34 { return quoted(s, end) }
            if end - s == 2, first == 91, bytes[s + 1] == 93 { return .list([]) }
            if end - s == 2, first == 123, bytes[s + 1] == 125 { return .map([]) }
            // Indicators that start something other than a plain scalar.
            switch first {
            case 39, 91, 93, 123, 125, 38, 42, 33, 124, 62, 37, 64, 96, 35, 44, 63: return nil
            case 45 where s + 1 < end && bytes[s + 1] == 32: return nil
            case 58 where s + 1 < end && bytes[s + 1] == 32: return nil
            default: break
            }
            var e = end
            while e > s && bytes[e - 1] == 32 { e -= 1 }
            var k = s
            while k < e {
                let c = bytes[k]
                if c == 58 && (k + 1 == e || bytes[k + 1] == 32) { return nil }
                if c == 35 && k > s && bytes[k - 1] == 32 { return nil }
                k += 1
            }
            let text = String(decoding: bytes[s..<e], as: UTF8.self)
            return Self.resolve(text)
        }

        /// Plain scalar resolution, the same as `YAMLReader`: null, true/false, decimal integers,
        /// everything else a string.
        static func resolve(_ text: String) -> RecordValue {
            switch text {
            case "~", "null", "Null", "NULL": return .null
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            default: break
            }
            var u = Substring(text).utf8[...]
            if let f = u.first, f == 43 || f == 45 { u = u.dropFirst() }
            if !u.isEmpty, u.allSatisfy({ $0 >= 48 && $0 <= 57 }), let i = Int(text) { return .int(i) }
            return .string(text)
        }

        func quoted(_ s: Int, _ end: Int) -> RecordValue? {
            var out = [UInt8]()
            var k = s + 1
            while k < end {
                let c = bytes[k]
                if c == 34 {
                    // Only trailing spaces may follow the closing quote.
                    var t = k + 1
                    while t < end && bytes[t] == 32 { t += 1 }
                    return t == end ? .string(String(decoding: out, as: UTF8.self)) : nil
                }
                if c == 92 {
                    guard k + 1 < end else { return nil }
                    let e = bytes[k + 1]
                    switch e {
                    case 34: out.append(34)
                    case 92: out.append(92)
                    case 47: out.append(47)
                    case 110: out.append(10)
                    case 116: out.append(9)
                    case 114: out.append(13)
                    case 48: out.append(0)
                    case 120:
                        guard k + 3 < end, let h = hex(bytes[k + 2]), let l = hex(bytes[k + 3]) else { return nil }
                        out.append(h << 4 | l)
                        k += 2
                    default: return nil
                    }
                    k += 2
                    continue
                }
                out.append(c)
                k += 1
            }
            return nil // unterminated, or continued on another line
        }

        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 65...70: return c - 55
            case 97...102: return c - 87
            default: return nil
            }
        }
    }
}
