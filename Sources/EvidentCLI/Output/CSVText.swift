import Foundation

/// CSV as RFC 4180 writes it, so a spreadsheet opens it without an import dialog: a header row,
/// CRLF line ends (the last record too), a field quoted when it holds a comma, a double quote,
/// CR or LF, double quotes inside a quoted field doubled. UTF-8, starting with a byte order mark
/// (EF BB BF): without it, Excel reads a CSV file in the machine's legacy code page and garbles
/// every non-ASCII character (RFC 4180 leaves the character set to the MIME type; text/csv with
/// charset=utf-8 is what this is).
enum CSVText {
    static let byteOrderMark = "\u{FEFF}"

    static func field(_ s: String) -> String {
        // `unicodeScalars`: "\r\n" is one Character, and contains("\n") would not see it.
        guard s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func document(header: [String], rows: [[String]]) -> String {
        byteOrderMark + ([header] + rows).map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
    }
}
