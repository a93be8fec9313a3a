import Foundation

/// The two logs of the DoD CIO's artifact hashing script, `ArtifactHash.ps1` v1.11 (CMMC Hashing
/// Guide): `CMMCAssessmentArtifacts.log`, the SHA-256 of every artifact, and
/// `CMMCAssessmentLogHash.log`, the SHA-256 of that log. The assessor types the first log's name
/// ("Hashed Data List") and its hash ("Hash Value") into CMMC eMASS; the organisation keeps the
/// artifacts for six years (32 CFR 170.17, 170.18).
///
/// The script pipes `Get-ChildItem -Recurse -Force -File` into `Get-FileHash` (SHA256, its
/// default) and writes the resulting objects with `Out-File -Encoding ASCII -Width 1024`, so a
/// log is PowerShell's default table view of `FileHashInfo` objects. That view (PowerShell's
/// built-in format data for `Microsoft.PowerShell.Commands.FileHashInfo`) fixes the columns:
/// Algorithm 15 characters, Hash 70, Path the rest, left aligned, one space between columns, each
/// header underlined with as many dashes as it has letters. PowerShell 7's table writer pads
/// every column but the last and writes a blank line before and after the table; Windows
/// PowerShell 5.1 also padded the last column to the -Width and ended with two blank lines. The
/// writer here produces PowerShell 7's layout; the reader takes either, and any other widths.
public enum DoDHashLog {
    public static let artifactsLogName = "CMMCAssessmentArtifacts.log"
    public static let logHashName = "CMMCAssessmentLogHash.log"
    /// The only algorithm the script uses (Get-FileHash's default).
    public static let algorithm = "SHA256"

    /// Column widths of PowerShell's table view of Get-FileHash results.
    static let algorithmWidth = 15
    static let hashWidth = 70

    // MARK: Writing

    /// The log of `files` (path, lower- or upper-case SHA-256) in the script's layout: a blank
    /// line, the header and its dashes, one row per file with the upper-case hash, a blank line;
    /// CRLF line ends, ASCII (a character beyond ASCII is written `?`, as .NET's ASCII encoding
    /// writes it). No files: an empty file, as Out-File writes for a script that hashed nothing.
    public static func table(_ files: [(path: String, sha256: String)]) -> Data {
        guard !files.isEmpty else { return Data() }
        var lines = [""]
        lines.append(pad("Algorithm", algorithmWidth) + " " + pad("Hash", hashWidth) + " Path")
        lines.append(pad("---------", algorithmWidth) + " " + pad("----", hashWidth) + " ----")
        for f in files {
            lines.append(pad(algorithm, algorithmWidth) + " " + pad(f.sha256.uppercased(), hashWidth) + " " + ascii(f.path))
        }
        lines.append("")
        return Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }

    /// `text` as .NET's ASCII encoding writes it: each character beyond ASCII becomes `?`.
    public static func ascii(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars { out.append(s.isASCII ? s : "?") }
        return String(out)
    }

    // MARK: Reading

    /// One file the log lists.
    public struct Entry: Equatable, Sendable {
        /// Its line in the log (1 is the first).
        public let line: Int
        /// `SHA256`, or empty when the script wrote no hash for the file.
        public let algorithm: String
        /// Upper-case hexadecimal, or empty when the script wrote no hash.
        public let hash: String
        /// The path as the log writes it (absolute on the machine the script ran on).
        public let path: String

        public init(line: Int, algorithm: String, hash: String, path: String) {
            self.line = line
            self.algorithm = algorithm
            self.hash = hash
            self.path = path
        }
    }

    /// Reads a log the script wrote: ASCII or UTF-8 (with or without a byte-order mark) or UTF-16
    /// (with its byte-order mark, or little-endian without one), CRLF, LF or CR line ends, any
    /// column widths, trailing spaces or not. An empty (or blank) file lists no files. Throws
    /// `LedgerError` `.invalidInput` naming `file` and the line for anything that is not such a
    /// table.
    public static func parse(_ data: Data, file: String) throws -> [Entry] {
        let lines = try textLines(data, file: file)
        enum State { case header, rule, rows }
        var state = State.header
        var headerLine = 0
        var pathColumn = 0
        var entries = [Entry]()
        for (i, raw) in lines.enumerated() {
            let n = i + 1
            let line = Array(raw)
            var end = line.count
            while end > 0, line[end - 1] == " " || line[end - 1] == "\t" { end -= 1 }
            if end == 0 { continue }
            let text = Array(line[0..<end])
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { String($0) }
            if words.map({ $0.lowercased() }) == ["algorithm", "hash", "path"] {
                state = .rule
                headerLine = n
                continue
            }
            switch state {
            case .header:
                throw LedgerError.invalid("\(file) line \(n): expected the header 'Algorithm Hash Path' of the DoD hashing script's table, found '\(shown(String(text)))': give the CMMCAssessmentArtifacts.log that ArtifactHash.ps1 wrote")
            case .rule:
                guard words.count == 3, words.allSatisfy({ $0.allSatisfy { $0 == "-" } }) else {
                    throw LedgerError.invalid("\(file) line \(n): expected the dashes under the header on line \(headerLine), found '\(shown(String(text)))': the table is not as the DoD hashing script writes it")
                }
                // Where the third run of dashes starts: the Path column.
                var runs = 0
                for (k, c) in text.enumerated() where c == "-" && (k == 0 || text[k - 1] != "-") {
                    runs += 1
                    if runs == 3 { pathColumn = k }
                }
                state = .rows
            case .rows:
                entries.append(try row(text, line: n, pathColumn: pathColumn, file: file))
            }
        }
        if state == .rule {
            throw LedgerError.invalid("\(file) line \(headerLine): the header has no dashes under it: the table is not as the DoD hashing script writes it")
        }
        return entries
    }

    /// One row: `SHA256`, the hash, the path (which may hold spaces), whatever the widths.
    static func row(_ chars: [Character], line n: Int, pathColumn: Int, file: String) throws -> Entry {
        func isSpace(_ c: Character) -> Bool { c == " " || c == "\t" }
        // A row whose Algorithm and Hash are blank: the script listed the file but could not hash it.
        if isSpace(chars[0]) {
            let start = chars.firstIndex { !isSpace($0) } ?? chars.count
            guard start >= pathColumn, pathColumn > 0 else {
                throw LedgerError.invalid("\(file) line \(n): '\(shown(String(chars)))' is not a row of algorithm, hash and path")
            }
            return Entry(line: n, algorithm: "", hash: "", path: String(chars[start...]))
        }
        var i = 0
        func word() -> String {
            let from = i
            while i < chars.count, !isSpace(chars[i]) { i += 1 }
            let w = String(chars[from..<i])
            while i < chars.count, isSpace(chars[i]) { i += 1 }
            return w
        }
        let algorithm = word()
        guard algorithm.uppercased() == Self.algorithm else {
            throw LedgerError.invalid("\(file) line \(n): the algorithm is '\(shown(algorithm))', not SHA256: the DoD hashing script hashes with SHA256 (Get-FileHash's default), which is what evident compares")
        }
        let hash = word()
        guard SHA256Hex(hash) != nil else {
            throw LedgerError.invalid("\(file) line \(n): '\(shown(hash))' is not a SHA-256 hash (64 hexadecimal characters)")
        }
        guard i < chars.count else {
            throw LedgerError.invalid("\(file) line \(n): the row has no path after its hash")
        }
        return Entry(line: n, algorithm: Self.algorithm, hash: hash.uppercased(), path: String(chars[i...]))
    }

    /// A line shortened for a message.
    static func shown(_ text: String) -> String {
        text.count > 60 ? String(text.prefix(57)) + "..." : text
    }

    /// The text's lines, decoded from the encodings the script (or an edited copy of its log) can
    /// have: a UTF-16 or UTF-8 byte-order mark decides; without one, a NUL in every second byte
    /// means UTF-16LE, anything else is read as UTF-8 (ASCII is UTF-8).
    static func textLines(_ data: Data, file: String) throws -> [Substring] {
        let bytes = [UInt8](data)
        let text: String
        func utf16(_ body: ArraySlice<UInt8>, littleEndian: Bool) throws -> String {
            guard body.count % 2 == 0 else {
                throw LedgerError.invalid("\(file): UTF-16 text of an odd number of bytes (\(bytes.count)): the file is cut short")
            }
            var units = [UInt16]()
            units.reserveCapacity(body.count / 2)
            var k = body.startIndex
            while k < body.endIndex {
                let a = UInt16(body[k]), b = UInt16(body[k + 1])
                units.append(littleEndian ? a | b << 8 : a << 8 | b)
                k += 2
            }
            return String(decoding: units, as: UTF16.self)
        }
        if bytes.starts(with: [0xFF, 0xFE]) {
            text = try utf16(bytes.dropFirst(2), littleEndian: true)
        } else if bytes.starts(with: [0xFE, 0xFF]) {
            text = try utf16(bytes.dropFirst(2), littleEndian: false)
        } else if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        } else if bytes.count >= 4, bytes[0] != 0, bytes[1] == 0, bytes[3] == 0 {
            text = try utf16(bytes[...], littleEndian: true)
        } else {
            text = String(decoding: bytes, as: UTF8.self)
        }
        // "\r\n" is one Character, so this splits CRLF, LF and CR alike.
        let lines = withoutColour(text).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (i, line) in lines.enumerated() {
            if line.unicodeScalars.contains("\u{FFFD}") {
                throw LedgerError.invalid("\(file) line \(i + 1): bytes that are no ASCII, UTF-8 or UTF-16 text: the file is not a hash log the DoD script wrote (or it was damaged)")
            }
            if line.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" }) {
                throw LedgerError.invalid("\(file) line \(i + 1): control characters (such as NUL) in the text: the file is not a hash log the DoD script wrote (or it was damaged)")
            }
        }
        return lines
    }
}

extension DoDHashLog {
    /// `text` without ANSI colour sequences (ESC [ ... letter): PowerShell 7 styles table headers
    /// with them when `$PSStyle.OutputRendering` is set to Ansi, and Out-File then keeps them.
    static func withoutColour(_ text: String) -> String {
        guard text.unicodeScalars.contains("\u{1B}") else { return text }
        var out = String.UnicodeScalarView()
        var it = text.unicodeScalars.makeIterator()
        while let s = it.next() {
            guard s == "\u{1B}" else {
                out.append(s)
                continue
            }
            guard let next = it.next() else { break }
            guard next == "[" else {
                out.append(s)
                out.append(next)
                continue
            }
            // Parameters and intermediates, up to the final byte (0x40...0x7E).
            while let c = it.next(), !(0x40...0x7E).contains(c.value) {}
        }
        return String(out)
    }
}

/// A SHA-256 value as typed or logged: 64 hexadecimal characters in either case, kept lower-case.
public struct SHA256Hex: Hashable, Sendable, CustomStringConvertible {
    public let hex: String

    /// nil unless `text` (surrounding spaces ignored) is 64 hexadecimal characters.
    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.utf8.count == 64, t.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 70) || ($0 >= 97 && $0 <= 102) }) else { return nil }
        hex = t.lowercased()
    }

    public var uppercased: String { hex.uppercased() }
    public var description: String { hex }
}
