import Foundation

/// A problem found while reading CSV text; `line` is 1-based.
public struct CSVReadError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "csv line \(line): \(message)" }
}

/// A small RFC 4180 CSV reader.
///
/// - Fields are separated by commas; records end with CRLF or LF (a final line break is optional).
/// - A field in double quotes may hold commas, line breaks and doubled quotes (`""` -> `"`).
/// - A quote inside an unquoted field, text after a closing quote, or an unterminated quote is an
///   error naming the line.
/// - Lines that are completely empty are skipped.
public enum CSVReader {
    /// All records as arrays of fields, header included.
    public static func rows(_ text: String) throws(CSVReadError) -> [[String]] {
        try numberedRows(text).map(\.fields)
    }

    /// Records with the line each one starts on.
    static func numberedRows(_ text: String) throws(CSVReadError) -> [(line: Int, fields: [String])] {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var rows: [(line: Int, fields: [String])] = []
        var row: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var fieldWasQuoted = false
        var afterClosingQuote = false
        var line = 1
        var quoteStartLine = 1
        var rowIsEmpty = true  // nothing at all seen on this record yet
        var rowStartLine = 1

        func endField() {
            row.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
            afterClosingQuote = false
        }
        func endRow() {
            if rowIsEmpty {
                row.removeAll()
            } else {
                endField()
                rows.append((rowStartLine, row))
                row = []
            }
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
            afterClosingQuote = false
            rowIsEmpty = true
            rowStartLine = line + 1
        }

        let bytes = Array(text.utf8)
        var i = bytes.startIndex
        // Skip a UTF-8 byte order mark.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        while i < bytes.endIndex {
            let b = bytes[i]
            if inQuotes {
                if b == quote {
                    if i + 1 < bytes.endIndex, bytes[i + 1] == quote {
                        field.append(quote)
                        i += 2
                        continue
                    }
                    inQuotes = false
                    afterClosingQuote = true
                } else {
                    if b == lf { line += 1 }
                    field.append(b)
                }
                i += 1
                continue
            }
            switch b {
            case comma:
                rowIsEmpty = false
                endField()
            case cr where i + 1 < bytes.endIndex && bytes[i + 1] == lf:
                endRow()
                line += 1
                i += 1  // skip the LF as well
            case lf:
                endRow()
                line += 1
            case quote:
                guard field.isEmpty, !fieldWasQuoted else {
                    throw CSVReadError(line: line, message: "unexpected quote inside a field (quote the whole field and double inner quotes)")
                }
                rowIsEmpty = false
                inQuotes = true
                fieldWasQuoted = true
                quoteStartLine = line
            default:
                if afterClosingQuote {
                    throw CSVReadError(line: line, message: "unexpected text after a closing quote")
                }
                rowIsEmpty = false
                field.append(b)
            }
            i += 1
        }
        if inQuotes {
            throw CSVReadError(line: quoteStartLine, message: "quoted field is not terminated")
        }
        endRow()
        return rows
    }

    /// Records keyed by the header row's column names. Every record must have as many fields as
    /// the header; duplicate column names are an error.
    public static func records(_ text: String) throws(CSVReadError) -> [[String: String]] {
        let all = try numberedRows(text)
        guard let header = all.first?.fields else { return [] }
        guard Set(header).count == header.count else {
            throw CSVReadError(line: 1, message: "duplicate column name in header")
        }
        var result: [[String: String]] = []
        result.reserveCapacity(all.count - 1)
        for (line, row) in all.dropFirst() {
            guard row.count == header.count else {
                throw CSVReadError(line: line, message: "expected \(header.count) fields, found \(row.count)")
            }
            result.append(Dictionary(uniqueKeysWithValues: zip(header, row)))
        }
        return result
    }
}
