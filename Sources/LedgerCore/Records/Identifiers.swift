import Foundation

/// Control ids: upper-case words joined by hyphens (`IAM-MFA`, `GOV-SSP`, `CM-TICKETS`).
public enum ControlIDFormat {
    public static let maxLength = 64
    public static let pattern = "^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$"

    public static func isValid(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= maxLength else { return false }
        var previousHyphen = true
        for (i, c) in s.utf8.enumerated() {
            let upper = c >= 65 && c <= 90
            let digit = c >= 48 && c <= 57
            if c == 45 {
                if previousHyphen { return false }
                previousHyphen = true
            } else if upper || (digit && i > 0) {
                previousHyphen = false
            } else {
                return false
            }
        }
        return !previousHyphen
    }

    /// A suggestion for a malformed id: upper-cased, other characters turned into hyphens.
    public static func suggestion(for s: String) -> String? {
        var out = ""
        for c in s.uppercased().unicodeScalars {
            if (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") { out.unicodeScalars.append(c) } else if !out.hasSuffix("-") { out += "-" }
        }
        while out.hasSuffix("-") { out.removeLast() }
        while let f = out.first, !f.isLetter { out.removeFirst() }
        return isValid(out) ? out : nil
    }
}

/// Evidence ids: `EV-<collection date YYYYMMDD>-<6 random Crockford base32 characters>`.
/// Unique across clones without coordination, sortable by date, short enough to read aloud.
public enum EvidenceIDFormat {
    public static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    public static let pattern = "^EV-[0-9]{8}-[0-9A-HJKMNP-TV-Z]{6}$"

    public static func make<R: RandomNumberGenerator>(day: Day, using rng: inout R) -> String {
        let stamp = day.description.replacingOccurrences(of: "-", with: "")
        var suffix = ""
        for _ in 0..<6 { suffix.append(alphabet[Int(rng.next() % 32)]) }
        return "EV-\(stamp)-\(suffix)"
    }

    public static func isValid(_ s: String) -> Bool { day(of: s) != nil }

    /// The collection day an id carries, or nil when it is malformed.
    public static func day(of id: String) -> Day? {
        let u = Array(id.utf8)
        guard u.count == 18, u[0] == 69, u[1] == 86, u[2] == 45, u[11] == 45 else { return nil }
        for c in u[12..<18] where !alphabet.contains(Character(Unicode.Scalar(c))) { return nil }
        guard let y = Day.number(u[3..<7]), let m = Day.number(u[7..<9]), let d = Day.number(u[9..<11]) else { return nil }
        return Day(year: y, month: m, day: d)
    }

    /// Where the evidence folder lives: `evidence/<YYYY>/<MM>/<ID>`.
    public static func folder(of id: String) -> String? {
        guard let day = day(of: id) else { return nil }
        let month = day.month < 10 ? "0\(day.month)" : "\(day.month)"
        return "evidence/\(day.year)/\(month)/\(id)"
    }
}

/// Exception ids: `EXC-<opening date YYYYMMDD>-<6 random Crockford base32 characters>`, made
/// like evidence ids so that two clones never hand out the same one without coordinating.
public enum ExceptionIDFormat {
    public static let pattern = "^EXC-[0-9]{8}-[0-9A-HJKMNP-TV-Z]{6}$"

    public static func make<R: RandomNumberGenerator>(day: Day, using rng: inout R) -> String {
        let stamp = day.description.replacingOccurrences(of: "-", with: "")
        var suffix = ""
        for _ in 0..<6 { suffix.append(EvidenceIDFormat.alphabet[Int(rng.next() % 32)]) }
        return "EXC-\(stamp)-\(suffix)"
    }

    public static func isValid(_ s: String) -> Bool { day(of: s) != nil }

    /// The day an id carries, or nil when it is malformed.
    public static func day(of id: String) -> Day? {
        let u = Array(id.utf8)
        guard u.count == 19, u[0] == 69, u[1] == 88, u[2] == 67, u[3] == 45, u[12] == 45 else { return nil }
        for c in u[13..<19] where !EvidenceIDFormat.alphabet.contains(Character(Unicode.Scalar(c))) { return nil }
        guard let y = Day.number(u[4..<8]), let m = Day.number(u[8..<10]), let d = Day.number(u[10..<12]) else { return nil }
        return Day(year: y, month: m, day: d)
    }
}

/// Artifact paths inside an evidence folder: relative, `/`-separated, no `.` or `..` parts,
/// no empty parts, no control characters or backslashes, and not the record file itself.
public enum ArtifactPath {
    public static let maxLength = 1024

    /// nil when `path` is acceptable, otherwise what is wrong with it.
    public static func problem(_ path: String) -> String? {
        if path.isEmpty { return "is empty" }
        if path.utf8.count > maxLength { return "is longer than \(maxLength) bytes" }
        if path.hasPrefix("/") { return "'\(path)' is absolute: artifact paths are relative to the evidence folder" }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\\" || $0.value == 0x7F }) {
            return "'\(path)' contains a backslash or a control character"
        }
        for part in path.split(separator: "/", omittingEmptySubsequences: false) {
            if part.isEmpty { return "'\(path)' has an empty path component" }
            if part == "." || part == ".." { return "'\(path)' would leave the evidence folder ('\(part)' component)" }
            if part == ".git" { return "'\(path)' contains a '.git' component" }
        }
        // Any case: macOS and Windows clones would check it out over the record itself.
        if path.lowercased() == "record.yaml" { return "'\(path)' is the name of the evidence record itself (record.yaml, in any case): rename the artifact" }
        return nil
    }
}
