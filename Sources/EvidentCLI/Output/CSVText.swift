import Foundation

/// CSV as RFC 4180 writes it, so a spreadsheet opens it without an import dialog: a header row,
/// CRLF line ends (the last record too), a field quoted when it holds a comma, a double quote,
/// CR or LF, double quotes inside a quoted field doubled. UTF-8, starting with a byte order mark
/// (EF BB BF): without it, Excel reads a CSV file in the machine's legacy code page and garbles
/// every non-ASCII character (RFC 4180 leaves the character set to the MIME type; text/csv with
/// charset=utf-8 is what this is).
enum CSVText {
    static let byteOrderMark = "\u{FEFF}"

    /// A field as written: neutralised (`formulaSafe`), then quoted when it must be.
    static func field(_ value: String) -> String {
        let s = formulaSafe(value)
        // `unicodeScalars`: "\r\n" is one Character, and contains("\n") would not see it.
        guard s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and, in some, a tab or CR
    /// before one) as a formula: a record title such as `=HYPERLINK("http://…")` would run on the
    /// auditor's machine (CSV injection). Such a field is written with a leading apostrophe, which
    /// a spreadsheet shows as text, as OWASP's CSV-injection guidance advises. A plain number
    /// (`-5`, SPRS points) is left alone: it is no formula, and a spreadsheet must still see a number.
    static func formulaSafe(_ s: String) -> String {
        guard let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return s }
        if Double(s) != nil, !s.contains(where: { $0.isLetter }) { return s }
        return "'" + s
    }

    static func document(header: [String], rows: [[String]]) -> String {
        byteOrderMark + ([header] + rows).map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
    }
}
