import Foundation

/// Artifact names every clone can check out: the rules beyond `ArtifactPath` (which keeps a
/// path inside its evidence folder). A ledger is a plain git repository that people clone on
/// Linux, macOS and Windows, so a name git itself treats specially, or one Windows or a file
/// system cannot create, or one that reads differently from what it is, breaks someone else's
/// clone. `evidence add` refuses such names and `validate` reports them (the record still reads).
public enum ArtifactName {
    /// The longest path component most file systems accept (ext4, APFS, NTFS: 255 bytes or units).
    public static let maxComponentBytes = 255

    /// Names Windows reserves for devices, whatever the extension (`CON`, `nul.txt`, `Com1.log`).
    static let windowsDevices: Set<String> = {
        var names: Set<String> = ["CON", "PRN", "AUX", "NUL"]
        for n in 1...9 { names.insert("COM\(n)"); names.insert("LPT\(n)") }
        // Windows reserves the superscript digits too (COM¹, LPT³).
        for d in ["\u{B9}", "\u{B2}", "\u{B3}"] { names.insert("COM" + d); names.insert("LPT" + d) }
        return names
    }()

    /// Characters Windows refuses in a file name.
    static let windowsForbidden: Set<Unicode.Scalar> = ["<", ">", ":", "\"", "|", "?", "*"]

    /// nil when every component of `path` can be checked out by any clone, otherwise what is
    /// wrong, naming the component.
    public static func problem(_ path: String) -> String? {
        if path.unicodeScalars.contains("\u{FFFD}") {
            return "'\(path)' is not valid UTF-8 (or holds U+FFFD, the mark of bytes that were not): git would store bytes other clones cannot name"
        }
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if let problem = componentProblem(String(part)) { return problem }
        }
        return nil
    }

    static func componentProblem(_ part: String) -> String? {
        // Most names are short ASCII (`scan-2026-05.json`): when every byte is printable ASCII
        // and none is one the rules below look at, no rule can apply (0.25 s of `snapshot verify`
        // on the 100k bench ledger went to the general path).
        plainASCII(part) ? nil : everyRule(part)
    }

    /// `componentProblem` without the fast path.
    static func everyRule(_ part: String) -> String? {
        if part.utf8.count > maxComponentBytes {
            return "'\(part.prefix(40))...' is \(part.utf8.count) bytes long: file systems take at most \(maxComponentBytes) bytes in one name"
        }
        let lower = part.lowercased()
        if lower.hasPrefix(".git") || lower == ".mailmap" || lower == "git~1" {
            return "'\(part)' is a name git reads as its own file (.gitattributes, .gitignore, .gitmodules, .mailmap and any .git*): it would change how every clone treats the ledger"
        }
        for s in part.unicodeScalars {
            if s.value < 0x20 || (s.value >= 0x7F && s.value <= 0x9F) {
                return "'\(part)' holds a control character (U+\(hex(s)))"
            }
            if windowsForbidden.contains(s) {
                return "'\(part)' holds '\(s)', a character Windows does not allow in file names (< > : \" | ? *)"
            }
            if isInvisible(s) {
                return "'\(part)' holds U+\(hex(s)), an invisible or text-direction character: the name would read differently from what it is"
            }
        }
        if part.hasSuffix(".") || part.hasSuffix(" ") {
            return "'\(part)' ends with a \(part.hasSuffix(".") ? "dot" : "space"), which Windows drops from file names"
        }
        // `CON`, `con.txt`, `Com1.tar.gz`, `NUL .log`: the part before the first dot, with trailing spaces dropped.
        var stem = Substring(part.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        while stem.hasSuffix(" ") { stem = stem.dropLast() }
        if windowsDevices.contains(stem.uppercased()) {
            return "'\(part)' is a device name on Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9, with any extension): Windows clones cannot check it out"
        }
        return nil
    }

    /// True when `part` cannot break any rule of `componentProblem`: 1 to `maxComponentBytes`
    /// bytes of printable ASCII without the characters Windows forbids, not ending in a dot or a
    /// space, not starting with a dot or with `git~` (either case), and whose stem (before the
    /// first dot, trailing spaces dropped) is not 3 or 4 bytes long, so no device name either.
    static func plainASCII(_ part: String) -> Bool {
        var stem = -1
        var count = 0
        for b in part.utf8 {
            guard b >= 0x20, b < 0x7F else { return false }
            switch b {
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: ":"), UInt8(ascii: "\""), UInt8(ascii: "|"), UInt8(ascii: "?"), UInt8(ascii: "*"):
                return false
            case UInt8(ascii: "."):
                if stem < 0 { stem = count }
            default: break
            }
            count += 1
        }
        guard count > 0, count <= maxComponentBytes, let first = part.utf8.first, let last = part.utf8.last,
              first != UInt8(ascii: "."), last != UInt8(ascii: "."), last != UInt8(ascii: " ") else { return false }
        if part.utf8.count >= 4, zip(part.utf8, "git~".utf8).allSatisfy({ $0 | 0x20 == $1 | 0x20 }) { return false }
        // The stem's length with its trailing spaces: any 3- or 4-byte stem goes the general way.
        var stemBytes = part.utf8.prefix(stem < 0 ? count : stem)
        while stemBytes.last == UInt8(ascii: " ") { stemBytes = stemBytes.dropLast() }
        return stemBytes.count != 3 && stemBytes.count != 4
    }

    /// Bidirectional overrides and isolates, zero-width characters and the byte-order mark.
    static func isInvisible(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00AD, 0x200B...0x200F, 0x202A...0x202E, 0x2060, 0x2066...0x2069, 0xFEFF: return true
        default: return false
        }
    }

    private static func hex(_ s: Unicode.Scalar) -> String {
        let h = String(s.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - h.count)) + h
    }
}
