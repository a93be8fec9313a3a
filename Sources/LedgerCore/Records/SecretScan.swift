import Foundation

/// The kinds of credential evident keeps out of a ledger (issue 14 §4): a closed set, named by
/// `evidence add --allow-secret RULE` and by an evidence record's `allowed_secrets`. A ledger is
/// cloned by everyone who audits it and its history is never rewritten, so a credential that gets
/// in stays readable for as long as the ledger exists.
public enum SecretRule: String, CaseIterable, Sendable, Comparable {
    /// A PEM or OpenSSH private key block (`-----BEGIN ... PRIVATE KEY-----` with a body), in
    /// any file, binary or not.
    case privateKey = "private-key"
    /// An AWS access key id (AKIA, ASIA, ABIA, ACCA, A3T...) with a 40-character secret access key
    /// within 1 KiB of it. A key id alone is an identifier that CloudTrail and IAM reports print
    /// everywhere; with its secret beside it, it is a working credential.
    case awsAccessKey = "aws-access-key"
    /// A GitHub token: `ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_` and 36 or more letters and digits,
    /// or a fine-grained `github_pat_` token.
    case githubToken = "github-token"
    /// A GitLab token: `glpat-`, `gldt-`, `glrt-`, `glptt-` and the other `gl...-` prefixes, with
    /// 20 or more characters after the dash.
    case gitlabToken = "gitlab-token"
    /// A Slack token (`xoxb-`, `xoxp-`, `xapp-` ...) or an incoming-webhook URL
    /// (`https://hooks.slack.com/services/...`).
    case slackToken = "slack-token"
    /// A signed JSON Web Token: three base64url parts, the first a JSON header naming `alg`.
    case jwt
    /// A password in a URL's user information (`postgres://app:PASSWORD@db`).
    case urlPassword = "url-password"
    /// A non-empty value assigned to a name ending in password, passwd, passphrase, secret or
    /// pwd (`DB_PASSWORD=...`, `"client_secret": "..."`, `secret: ...`), and an HTTP
    /// `Authorization: Basic|Bearer|Token ...` header with its credential.
    case passwordAssignment = "password-assignment"
    /// A random-looking value (upper and lower case letters and digits, or 32+ hex digits, with
    /// high Shannon entropy) assigned to a name ending in key, token or credential
    /// (`api_key = "..."`, `"sessionToken": "..."`).
    case highEntropyAssignment = "high-entropy-assignment"

    /// What a finding of this rule looks like, for a person.
    public var looksLike: String {
        switch self {
        case .privateKey: "a private key"
        case .awsAccessKey: "an AWS access key id with its secret access key"
        case .githubToken: "a GitHub token"
        case .gitlabToken: "a GitLab token"
        case .slackToken: "a Slack token or webhook URL"
        case .jwt: "a signed JSON Web Token"
        case .urlPassword: "a password in a URL"
        case .passwordAssignment: "a password or secret assigned to a name"
        case .highEntropyAssignment: "a random-looking value assigned to a key or token name"
        }
    }

    /// Rules that find secrets by their context rather than their format: they give way to a
    /// format rule that found the same characters (`GITHUB_TOKEN=ghp_...` is one GitHub token).
    var isGeneric: Bool { self == .urlPassword || self == .passwordAssignment || self == .highEntropyAssignment }

    public static func < (a: SecretRule, b: SecretRule) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }

    /// The rule ids, comma-separated, in their fixed order.
    public static var list: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// One credential found in a file. It never holds the secret: only the rule, the line and a
/// shape made of the format's public prefix (`ghp_`, `AKIA`), the name it was assigned to and
/// its length.
public struct SecretFinding: Equatable, Sendable, CustomStringConvertible {
    public let rule: SecretRule
    /// 1-based; a private key's is its BEGIN line.
    public let line: Int
    /// What was found, without the secret ("ghp_... 40 characters", "DB_PASSWORD = 12 characters").
    public let shape: String

    public init(rule: SecretRule, line: Int, shape: String) {
        self.rule = rule
        self.line = line
        self.shape = shape
    }

    /// `line 3: github-token (a GitHub token: ghp_... 40 characters)`.
    public var description: String { "line \(line): \(rule.rawValue) (\(rule.looksLike): \(shape))" }
}

/// Finds credentials in an artifact's bytes (`SecretRule` lists what counts). Pure, and one pass
/// over the bytes: every look-ahead and look-behind is bounded, so the cost is linear in the
/// size, and nothing but the findings is kept (at most `maxFindings` per file).
///
/// Files that are not text (a NUL byte in their first 8 KiB, or an image other than SVG, a PDF,
/// or a zip, gzip or tar archive by their name and first bytes) are searched for private keys
/// only: a key block is plain ASCII wherever it is stored.
///
/// What passes on purpose, because it is no credential: hex digests and sha256sum lists, UUIDs,
/// git commit ids, base64 data (images), public keys and certificates, an AWS access key id
/// without its secret (CloudTrail, IAM reports), assignments with an empty value, a boolean, a
/// placeholder (`${PASSWORD}`, `$PASSWORD`, `<redacted>`, `********`, `{{ secret }}`, `changeme`,
/// `your_password`) or a reference (`arn:...`, `vault://...`), pagination tokens (`NextToken`),
/// and the examples AWS documents: key ids ending in `EXAMPLE` (`AKIAIOSFODNN7EXAMPLE`) and secret
/// keys ending in `EXAMPLEKEY`. A documented example is published on purpose and opens nothing.
/// Old 40-hex GitHub tokens cannot be told from a sha1, and are not looked for.
public enum SecretScan {
    /// The most findings kept for one file: enough to say what is wrong, bounded on any input.
    public static let maxFindings = 100
    /// How much of a file is looked at to decide whether it is text.
    public static let textProbe = 8192

    public static func scan(_ data: Data, name: String = "") -> [SecretFinding] {
        data.withUnsafeBytes { scan($0, name: name) }
    }

    /// Scans `bytes`; `name` (the artifact's file name) tells images and archives apart.
    public static func scan(_ bytes: UnsafeRawBufferPointer, name: String = "") -> [SecretFinding] {
        scan(bytes, mediaType: MediaType.detect(name: name, prefix: Array(bytes.prefix(16))))
    }

    /// As `scan(_:name:)`, with the media type already detected (`MediaType.detect`).
    public static func scan(_ data: Data, mediaType: String) -> [SecretFinding] {
        data.withUnsafeBytes { scan($0, mediaType: mediaType) }
    }

    public static func scan(_ bytes: UnsafeRawBufferPointer, mediaType: String) -> [SecretFinding] {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return [] }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let text = isText(p, bytes.count, mediaType: mediaType)
        return Self.classes.withUnsafeBufferPointer { table -> [SecretFinding] in
            guard let cls = table.baseAddress else { return [] }
            var scanner = Scanner(p: p, n: bytes.count, cls: cls, text: text)
            scanner.run()
            return scanner.findings()
        }
    }

    /// Media types whose bytes are not text (SVG is XML, and is text).
    static let binaryTypes: Set<String> = ["application/pdf", "application/zip", "application/gzip", "application/x-tar",
                                           "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                           "application/vnd.openxmlformats-officedocument.presentationml.presentation"]

    static func isText(_ p: UnsafePointer<UInt8>, _ n: Int, mediaType media: String) -> Bool {
        let probe = min(n, textProbe)
        for i in 0..<probe where p[i] == 0 { return false }
        if media.hasPrefix("image/") && media != "image/svg+xml" { return false }
        return !binaryTypes.contains(media)
    }

    // MARK: Byte classes

    static let trigger: UInt16 = 1, alnum: UInt16 = 2, b64: UInt16 = 4, b64url: UInt16 = 8, nameChar: UInt16 = 16,
               hex: UInt16 = 32, upper: UInt16 = 64, lower: UInt16 = 128,
               /// Before '=', makes it no assignment (==, !=, <=, :=, +=).
               notAssignment: UInt16 = 256,
               /// The last letters of the names looked for (passworD, secreT, keY, tokeN ...).
               nameEnd: UInt16 = 512,
               /// Ends an unquoted value.
               valueStop: UInt16 = 1024,
               /// Ends a URL's user information without an '@'.
               authorityStop: UInt16 = 2048

    /// One byte of flags per byte value: which bytes start a check, and the alphabets tokens use.
    static let classes: [UInt16] = {
        var t = [UInt16](repeating: 0, count: 256)
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { t[Int(b)] |= alnum | b64 | b64url | nameChar | upper }
        for b in UInt8(ascii: "a")...UInt8(ascii: "z") { t[Int(b)] |= alnum | b64 | b64url | nameChar | lower }
        for b in UInt8(ascii: "0")...UInt8(ascii: "9") { t[Int(b)] |= alnum | b64 | b64url | nameChar | hex }
        for b in UInt8(ascii: "a")...UInt8(ascii: "f") { t[Int(b)] |= hex }
        for b in UInt8(ascii: "A")...UInt8(ascii: "F") { t[Int(b)] |= hex }
        for c in "+/" { t[Int(c.asciiValue ?? 0)] |= b64 }
        for c in "_-" { t[Int(c.asciiValue ?? 0)] |= b64url | nameChar }
        t[Int(UInt8(ascii: "."))] |= nameChar
        // '-' PEM blocks, GitLab and Slack tokens; '_' GitHub tokens; 'A' AWS key ids; 'J' the
        // "eyJ" of a JWT; ':' URLs and assignments; '=' assignments.
        for c in "-_AJ:=" { t[Int(c.asciiValue ?? 0)] |= trigger }
        for c in "=!<>:+*/%|^~&" { t[Int(c.asciiValue ?? 0)] |= notAssignment }
        for c in "dtynlseDTYNLSE" { t[Int(c.asciiValue ?? 0)] |= nameEnd }
        for b in 0...32 { t[b] |= valueStop | authorityStop }
        for c in ",;&)}]\"'<>" { t[Int(c.asciiValue ?? 0)] |= valueStop }
        for c in "/?#\"'<>\\`" { t[Int(c.asciiValue ?? 0)] |= authorityStop }
        return t
    }()
}

/// One pass of `SecretScan` over one buffer.
private struct Scanner {
    let p: UnsafePointer<UInt8>
    let n: Int
    let cls: UnsafePointer<UInt16>
    let text: Bool

    /// A finding before its line is known: the byte ranges of the secret (two for an AWS key
    /// id and its secret), so generic findings of the same characters can be dropped.
    struct Raw {
        let rule: SecretRule
        let start: Int
        let end: Int
        var other: Range<Int>?
        let shape: String
    }

    var raws = [Raw]()
    /// Candidate AWS secret access keys (start offsets, ascending) and how far they were looked for.
    var awsSecrets = [Int]()
    var awsFirst = 0
    var awsScanned = 0
    /// The last unquoted value read.
    var token = 0..<0

    init(p: UnsafePointer<UInt8>, n: Int, cls: UnsafePointer<UInt16>, text: Bool) {
        self.p = p
        self.n = n
        self.cls = cls
        self.text = text
    }

    // MARK: Bytes

    @inline(__always) func at(_ i: Int) -> UInt8 { i >= 0 && i < n ? p[i] : 0 }
    @inline(__always) func has(_ i: Int, _ flag: UInt16) -> Bool { cls[Int(at(i))] & flag != 0 }
    @inline(__always) func isAlnum(_ i: Int) -> Bool { has(i, SecretScan.alnum) }

    /// True when the bytes at `i` are `literal`.
    func matches(_ i: Int, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard i >= 0, i + count <= n else { return false }
        let l = literal.utf8Start
        for k in 0..<count where p[i + k] != l[k] { return false }
        return true
    }

    /// As `matches`, ignoring ASCII case (`literal` in lower case).
    func matchesLower(_ i: Int, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard i >= 0, i + count <= n else { return false }
        let l = literal.utf8Start
        for k in 0..<count where p[i + k] | 0x20 != l[k] { return false }
        return true
    }

    /// The end of the run of bytes with `flag` from `i`, looking at most `limit` bytes.
    func run(_ i: Int, _ flag: UInt16, limit: Int = 4096) -> Int {
        var j = i
        let stop = min(n, i + limit)
        while j < stop && cls[Int(p[j])] & flag != 0 { j += 1 }
        return j
    }

    func string(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: p + start, count: max(0, end - start)), as: UTF8.self)
    }

    mutating func report(_ rule: SecretRule, _ start: Int, _ end: Int, _ shape: String, other: Range<Int>? = nil) {
        raws.append(Raw(rule: rule, start: start, end: end, other: other, shape: shape))
    }

    // MARK: The pass

    mutating func run() {
        var i = 0
        while i < n {
            // Most bytes start nothing: a tight loop over them.
            while i < n && cls[Int(p[i])] & SecretScan.trigger == 0 { i += 1 }
            guard i < n else { break }
            let b = p[i]
            var next = i + 1
            switch b {
            case UInt8(ascii: "-"): next = dash(i)
            case UInt8(ascii: "_") where text: next = underscore(i)
            case UInt8(ascii: "A") where text: next = awsKeyID(i)
            case UInt8(ascii: "J") where text: next = jwt(i)
            case UInt8(ascii: ":") where text:
                if at(i + 1) == UInt8(ascii: "/") && at(i + 2) == UInt8(ascii: "/") {
                    url(i)
                } else if at(i + 1) != UInt8(ascii: ":") && at(i - 1) != UInt8(ascii: ":") {
                    assignment(operator: i, valueFrom: at(i + 1) == UInt8(ascii: "=") ? i + 2 : i + 1, colon: true)
                }
            case UInt8(ascii: "=") where text:
                let before = at(i - 1)
                // Comparisons and compound operators (==, !=, <=, >=, :=, +=) are no assignment.
                if at(i + 1) != UInt8(ascii: "="), cls[Int(before)] & SecretScan.notAssignment == 0 {
                    assignment(operator: i, valueFrom: at(i + 1) == UInt8(ascii: ">") ? i + 2 : i + 1, colon: false)
                }
            default: break
            }
            i = max(i + 1, next)
            if raws.count >= SecretScan.maxFindings { break }
        }
    }

    /// The findings with their lines, generic ones dropped where a format rule found the same bytes.
    func findings() -> [SecretFinding] {
        let specific = raws.filter { !$0.rule.isGeneric }
        func overlaps(_ a: Range<Int>, _ r: Raw) -> Bool {
            a.overlaps(r.start..<max(r.start + 1, r.end)) || r.other.map { a.overlaps($0) } == true
        }
        var kept = raws.filter { r in
            guard r.rule.isGeneric else { return true }
            let span = r.start..<max(r.start + 1, r.end)
            return !specific.contains { overlaps(span, $0) }
        }
        kept.sort { $0.start < $1.start }
        var out = [SecretFinding]()
        var line = 1, counted = 0
        for r in kept {
            while counted < r.start && counted < n {
                if p[counted] == 10 { line += 1 }
                counted += 1
            }
            let f = SecretFinding(rule: r.rule, line: line, shape: r.shape)
            if !out.contains(f) { out.append(f) }
        }
        return out
    }

    // MARK: Formats

    /// `-----BEGIN ... PRIVATE KEY-----`, `---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----`, and the
    /// GitLab and Slack prefixes that end in a dash.
    mutating func dash(_ i: Int) -> Int {
        let dash = UInt8(ascii: "-")
        if at(i + 1) == dash && at(i + 2) == dash && at(i + 3) == dash {
            var end = i
            while at(end) == dash && end - i < 64 { end += 1 }
            if end - i >= 4, at(i - 1) != dash {
                let labelStart = end + (at(end) == UInt8(ascii: " ") ? 1 : 0)
                if matches(labelStart, "BEGIN ") { return privateKey(i, labelStart: labelStart + 6) }
            }
            return end
        }
        guard text else { return i + 1 }
        // The lower-case word before the dash: glpat, xoxb, xapp ...
        var s = i
        while s > 0, i - s < 8, has(s - 1, SecretScan.lower) { s -= 1 }
        guard i - s >= 4, !has(s - 1, SecretScan.alnum), at(s - 1) != UInt8(ascii: "_") else { return i + 1 }
        let first = at(s)
        if first == UInt8(ascii: "g") {
            let prefixes: [StaticString] = ["glpat", "gldt", "glrt", "glptt", "glft", "glsoat", "gloas", "glcbt", "glimt", "glagent", "glwt", "glffct"]
            guard prefixes.contains(where: { $0.utf8CodeUnitCount == i - s && matches(s, $0) }) else { return i + 1 }
            let end = run(i + 1, SecretScan.b64url, limit: 256)
            // A run longer than any token is not one, and is not looked into again.
            if end - i - 1 >= 256 { return end }
            guard end - i - 1 >= 20, !has(end, SecretScan.alnum) else { return i + 1 }
            report(.gitlabToken, s, end, "\(string(s, i + 1))... \(end - s) characters")
            return end
        }
        if first == UInt8(ascii: "x") {
            let prefixes: [StaticString] = ["xoxa", "xoxb", "xoxp", "xoxr", "xoxs", "xoxe", "xoxo", "xapp"]
            guard i - s == 4, prefixes.contains(where: { matches(s, $0) }) else { return i + 1 }
            var end = i + 1
            var digits = false
            while end < n, end - i < 256, isAlnum(end) || at(end) == dash {
                if has(end, SecretScan.hex) && at(end) <= UInt8(ascii: "9") { digits = true }
                end += 1
            }
            if end - i >= 256 { return end }
            guard end - i - 1 >= 15, digits else { return i + 1 }
            report(.slackToken, s, end, "\(string(s, i + 1))... \(end - s) characters")
            return end
        }
        return i + 1
    }

    /// A BEGIN line whose label ends in PRIVATE KEY (or PRIVATE KEY BLOCK, for PGP), followed
    /// within 1 KiB by a line of 40 or more base64 characters: a header alone, as in a document
    /// that shows the shape of a key, is not a key.
    mutating func privateKey(_ start: Int, labelStart: Int) -> Int {
        var end = labelStart
        while end < n, end - labelStart < 64, at(end) != UInt8(ascii: "-"), at(end) != 10 { end += 1 }
        var label = end
        while label > labelStart, at(label - 1) == UInt8(ascii: " ") { label -= 1 }
        let text = string(labelStart, label)
        guard text.hasSuffix("PRIVATE KEY") || text.hasSuffix("PRIVATE KEY BLOCK") else { return end }
        var j = end
        while at(j) == UInt8(ascii: "-") { j += 1 }
        let stop = min(n, j + 1024)
        while j < stop {
            if has(j, SecretScan.b64) {
                let r = run(j, SecretScan.b64, limit: 4096)
                if r - j >= 40 {
                    report(.privateKey, start, r, "BEGIN \(text), with its body")
                    return r
                }
                j = r
            } else {
                // A key's END line, or the BEGIN of another block, ends the search.
                if matches(j, "-----") { break }
                j += 1
            }
        }
        return end
    }

    /// `ghp_` / `gho_` / `ghu_` / `ghs_` / `ghr_` and 36+ letters and digits; `github_pat_` and 50+.
    mutating func underscore(_ i: Int) -> Int {
        if at(i - 3) == UInt8(ascii: "g"), at(i - 2) == UInt8(ascii: "h"), [UInt8(ascii: "p"), UInt8(ascii: "o"), UInt8(ascii: "u"), UInt8(ascii: "s"), UInt8(ascii: "r")].contains(at(i - 1)),
           !isAlnum(i - 4), at(i - 4) != UInt8(ascii: "_") {
            let end = run(i + 1, SecretScan.alnum, limit: 256)
            guard end - i - 1 >= 36, at(end) != UInt8(ascii: "_") else { return i + 1 }
            report(.githubToken, i - 3, end, "\(string(i - 3, i + 1))... \(end - i + 3) characters")
            return end
        }
        if matches(i - 6, "github"), matches(i, "_pat_"), !isAlnum(i - 7), at(i - 7) != UInt8(ascii: "_") {
            var end = i + 5
            while end < n, end - i < 300, isAlnum(end) || at(end) == UInt8(ascii: "_") { end += 1 }
            guard end - i - 5 >= 50 else { return i + 1 }
            report(.githubToken, i - 6, end, "github_pat_... \(end - i + 6) characters")
            return end
        }
        return i + 1
    }

    /// An AWS access key id: reported only with a secret access key near it.
    mutating func awsKeyID(_ i: Int) -> Int {
        guard !isAlnum(i - 1) else { return i + 1 }
        let a = at(i + 1), b = at(i + 2), c = at(i + 3)
        let known = (c == UInt8(ascii: "A") && ((a == UInt8(ascii: "K") || a == UInt8(ascii: "S") || a == UInt8(ascii: "B")) && b == UInt8(ascii: "I")
                                                 || a == UInt8(ascii: "C") && b == UInt8(ascii: "C")))
            || (a == UInt8(ascii: "3") && b == UInt8(ascii: "T") && (has(i + 3, SecretScan.upper) || has(i + 3, SecretScan.hex)))
        guard known else { return i + 1 }
        for k in (i + 4)..<(i + 20) where !(has(k, SecretScan.upper) || (at(k) >= UInt8(ascii: "0") && at(k) <= UInt8(ascii: "9"))) { return i + 1 }
        guard !isAlnum(i + 20) else { return i + 1 }
        // AWS's documented examples (AKIAIOSFODNN7EXAMPLE) open nothing.
        if matches(i + 13, "EXAMPLE") { return i + 20 }
        let window = 1024
        findAWSSecrets(from: i - window - 80, upTo: min(n, i + 20 + window))
        // Candidates too far behind are dropped for good: key ids come in order.
        while awsFirst < awsSecrets.count, awsSecrets[awsFirst] < i - window - 40 { awsFirst += 1 }
        if awsFirst >= 256 {
            awsSecrets.removeFirst(awsFirst)
            awsFirst = 0
        }
        var found: Int?
        var k = awsFirst
        while k < awsSecrets.count, awsSecrets[k] <= i + 20 + window {
            if awsSecrets[k] + 40 <= i || awsSecrets[k] >= i + 20 { found = awsSecrets[k]; break }
            k += 1
        }
        guard let secret = found else { return i + 20 }
        report(.awsAccessKey, i, i + 20, "key id \(string(i, i + 4))... with a 40-character secret access key near it", other: secret..<(secret + 40))
        return i + 20
    }

    /// Collects runs of exactly 40 base64 characters mixing upper case, lower case and digits
    /// (the shape of a secret access key) up to `end`; each byte is looked at once.
    mutating func findAWSSecrets(from: Int, upTo end: Int) {
        var j = max(awsScanned, from, 0)
        while j < end {
            guard has(j, SecretScan.b64) else { j += 1; continue }
            let r = run(j, SecretScan.b64, limit: n)
            if r - j == 40, at(r) != UInt8(ascii: "="), !has(j - 1, SecretScan.b64), !matches(r - 10, "EXAMPLEKEY") {
                var u = false, l = false, d = false
                for k in j..<r {
                    let f = cls[Int(p[k])]
                    if f & SecretScan.upper != 0 { u = true } else if f & SecretScan.lower != 0 { l = true } else if f & SecretScan.hex != 0 { d = true }
                }
                if u && l && d { awsSecrets.append(j) }
            }
            j = r
        }
        awsScanned = max(awsScanned, j)
    }

    /// `eyJ...` `.` `ey...` `.` signature, whose first part decodes to a header with "alg".
    mutating func jwt(_ i: Int) -> Int {
        let start = i - 2
        guard at(start) == UInt8(ascii: "e"), at(start + 1) == UInt8(ascii: "y"), !has(start - 1, SecretScan.b64url),
              !has(start - 1, SecretScan.b64), at(start - 1) != UInt8(ascii: ".") else { return i + 1 }
        let e1 = run(start, SecretScan.b64url, limit: 2048)
        guard e1 - start >= 10, at(e1) == UInt8(ascii: "."), at(e1 + 1) == UInt8(ascii: "e"), at(e1 + 2) == UInt8(ascii: "y") else { return max(i + 1, e1) }
        let e2 = run(e1 + 1, SecretScan.b64url, limit: 16384)
        guard e2 - e1 - 1 >= 10, at(e2) == UInt8(ascii: ".") else { return max(i + 1, e2) }
        let e3 = run(e2 + 1, SecretScan.b64url, limit: 4096)
        guard e3 - e2 - 1 >= 16, headerNamesAlg(start, e1) else { return max(i + 1, e3) }
        report(.jwt, start, e3, "eyJ... \(e3 - start) characters in 3 parts")
        return e3
    }

    /// Decodes base64url `start..<end` and looks for `"alg"` in it.
    func headerNamesAlg(_ start: Int, _ end: Int) -> Bool {
        var bytes = [UInt8]()
        var acc: UInt32 = 0, bits = 0
        for k in start..<end {
            let c = p[k]
            let v: UInt32
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): v = UInt32(c - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): v = UInt32(c - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = UInt32(c - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "-"): v = 62
            case UInt8(ascii: "_"): v = 63
            default: return false
            }
            acc = (acc << 6) | v
            bits += 6
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8((acc >> UInt32(bits)) & 0xFF))
            }
        }
        return String(decoding: bytes, as: UTF8.self).contains("\"alg\"")
    }

    /// `scheme://user:password@host`, and Slack's webhook URLs.
    mutating func url(_ i: Int) {
        var s = i
        while s > 0, i - s < 32, isAlnum(s - 1) || at(s - 1) == UInt8(ascii: "+") || at(s - 1) == UInt8(ascii: ".") || at(s - 1) == UInt8(ascii: "-") { s -= 1 }
        guard i - s >= 2 else { return }
        if i - s >= 5, matchesLower(i - 5, "https"), matches(i + 3, "hooks.slack.com/services/") {
            var end = i + 3 + 25
            var slashes = 0
            while end < n, end - i < 300, isAlnum(end) || at(end) == UInt8(ascii: "/") || at(end) == UInt8(ascii: "_") {
                if at(end) == UInt8(ascii: "/") { slashes += 1 }
                end += 1
            }
            if slashes >= 2, end - (i + 28) >= 30 { report(.slackToken, i + 3, end, "a hooks.slack.com webhook URL") }
            return
        }
        // The user information runs to '@' before any character that ends an authority.
        var j = i + 3
        var colon: Int?
        while j < n, j - i < 256 {
            let c = p[j]
            if c == UInt8(ascii: "@") { break }
            if cls[Int(c)] & SecretScan.authorityStop != 0 { return }
            if c == UInt8(ascii: ":") && colon == nil { colon = j }
            j += 1
        }
        guard j < n, at(j) == UInt8(ascii: "@"), let colon, isAlnum(j + 1) || at(j + 1) == UInt8(ascii: "[") else { return }
        guard colon + 1 < j, !Placeholder.isPlaceholder(string(colon + 1, j)) else { return }
        report(.urlPassword, colon + 1, j, "a \(string(s, i).lowercased()):// URL with a \(j - colon - 1)-character password")
    }

    // MARK: Assignments

    /// `NAME = VALUE`, `NAME: VALUE`, `"NAME": "VALUE"`, `NAME := VALUE`, `NAME => VALUE`.
    mutating func assignment(operator op: Int, valueFrom: Int, colon: Bool) {
        // The name, backwards: spaces, an optional closing quote, then name characters.
        var e = op
        while e > 0, op - e < 8, at(e - 1) == UInt8(ascii: " ") || at(e - 1) == UInt8(ascii: "\t") { e -= 1 }
        var quote: UInt8 = 0
        if at(e - 1) == UInt8(ascii: "\"") || at(e - 1) == UInt8(ascii: "'") {
            quote = at(e - 1)
            e -= 1
            // JSON inside a JSON string: \"name\":
            if at(e - 1) == UInt8(ascii: "\\") { e -= 1 }
        }
        // Cheap first test: the name's last letter (before any digits) ends one of the words
        // looked for; most keys of a JSON file and the colons of a timestamp stop here.
        var last = e - 1
        while last > e - 4, at(last) >= UInt8(ascii: "0"), at(last) <= UInt8(ascii: "9") { last -= 1 }
        guard has(last, SecretScan.nameEnd) else { return }
        var s = e
        while s > 0, e - s <= 64, has(s - 1, SecretScan.nameChar) { s -= 1 }
        guard e - s <= 64 else { return }
        if quote != 0 && at(s - 1) != quote { return }
        // A part of a colon-separated id (`arn:aws:secretsmanager:...:secret:db`) names nothing.
        if quote == 0 && at(s - 1) == UInt8(ascii: ":") { return }
        // `--password=...` is the option's name.
        while s < e, at(s) == UInt8(ascii: "-") || at(s) == UInt8(ascii: ".") { s += 1 }
        guard s < e else { return }
        guard let kind = nameKind(s, e) else { return }
        guard let value = readValue(valueFrom, colon: colon) else { return }
        let name = string(s, e)
        // Enough of a long value to judge it: a cost bounded per assignment.
        let v = string(value.start, min(value.end, value.start + 256))
        if Placeholder.isPlaceholder(v) || (!value.quoted && Placeholder.isStructure(v)) { return }
        if kind == .authorization {
            // `Authorization: Basic dXNlcjpwYXNz`, `Bearer ...`, `Token ...`: the scheme is a word
            // of its own, then the credential.
            let parts = v.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, ["basic", "bearer", "token"].contains(parts[0].lowercased()),
                  parts[1].utf8.count >= 8, !Placeholder.isPlaceholder(String(parts[1])) else { return }
            report(.passwordAssignment, value.start, value.end, "\(name) = \(parts[0]) and a \(parts[1].utf8.count)-character credential")
            return
        }
        if value.moreWords && (Placeholder.startsProse(v) || colon && Placeholder.isCapitalizedWord(name)) { return }
        switch kind {
        case .authorization: return
        case .password:
            report(.passwordAssignment, value.start, value.end, "\(name) = \(value.end - value.start) characters")
        case .key:
            guard Entropy.looksRandom(v) else { return }
            report(.highEntropyAssignment, value.start, value.end, "\(name) = \(value.end - value.start) characters")
        }
    }

    enum NameKind { case password, key, authorization }

    /// What kind of secret a name holds, by its last word: `DB_PASSWORD`, `clientSecret`,
    /// `api_key`, `sessionToken`. Pagination, cache and public names hold none. No allocation:
    /// every key of a JSON file comes here.
    func nameKind(_ s: Int, _ e: Int) -> NameKind? {
        // Words split at _ . - and where lower case turns upper (camelCase).
        func isSeparator(_ k: Int) -> Bool { let c = p[k]; return c == UInt8(ascii: "_") || c == UInt8(ascii: ".") || c == UInt8(ascii: "-") }
        var end = e
        while end > s, isSeparator(end - 1) { end -= 1 }
        // Trailing digits: `password2`, `key1`.
        var last = end
        while last > s + 1, at(last - 1) >= UInt8(ascii: "0"), at(last - 1) <= UInt8(ascii: "9") { last -= 1 }
        var start = last
        while start > s, !isSeparator(start - 1), !(has(start, SecretScan.upper) && has(start - 1, SecretScan.lower)) { start -= 1 }
        guard start < last else { return nil }
        func ends(_ word: StaticString) -> Bool {
            let c = word.utf8CodeUnitCount
            return last - start >= c && matchesLower(last - c, word)
        }
        // By the last letter first: one or two comparisons for most names.
        switch at(last - 1) | 0x20 {
        case UInt8(ascii: "d"):
            if ends("password") || ends("passwd") { return .password }
            // PWD alone is the shell's working directory; DB_PWD is a password.
            if last - start == 3 && ends("pwd") && start > s { return .password }
            return nil
        case UInt8(ascii: "e"): return ends("passphrase") ? .password : nil
        case UInt8(ascii: "t"): return ends("secret") ? .password : nil
        case UInt8(ascii: "n"):
            if ends("authorization") { return .authorization }
            guard ends("token") else { return nil }
        case UInt8(ascii: "y"): guard ends("key") else { return nil }
        case UInt8(ascii: "l"), UInt8(ascii: "s"): guard ends("credential") || ends("credentials") else { return nil }
        default: return nil
        }
        let ignored: [StaticString] = ["public", "next", "page", "continuation", "cursor", "idempotency", "cache", "sort", "partition",
                                       "primary", "foreign", "dedup", "deduplication", "pagination", "csrf", "xsrf"]
        var w = s
        for k in s...e {
            let boundary = k == e || isSeparator(k) || (k > w && has(k, SecretScan.upper) && has(k - 1, SecretScan.lower))
            guard boundary else { continue }
            if k > w {
                for i in ignored where i.utf8CodeUnitCount == k - w && matchesLower(w, i) { return nil }
            }
            w = k < e && isSeparator(k) ? k + 1 : k
        }
        // `publickey`, `nexttoken` written as one lower-case word.
        if matchesLower(s, "public") || matchesLower(s, "next") { return nil }
        return .key
    }

    struct Value {
        let start: Int
        let end: Int
        let quoted: Bool
        /// More words follow on the line (an unquoted value only).
        let moreWords: Bool
    }

    /// The value after an assignment operator: quoted (to its closing quote on the same line)
    /// or a token up to a space or a character that ends it.
    mutating func readValue(_ from: Int, colon: Bool) -> Value? {
        var j = from
        while j < n, j - from < 16, at(j) == UInt8(ascii: " ") || at(j) == UInt8(ascii: "\t") { j += 1 }
        guard j < n else { return nil }
        // JSON inside a JSON string: \"value\".
        if p[j] == UInt8(ascii: "\\"), at(j + 1) == UInt8(ascii: "\"") {
            var k = j + 2
            while k + 1 < n, k - j < 1024, p[k] != 10 {
                if p[k] == UInt8(ascii: "\\") && p[k + 1] == UInt8(ascii: "\"") { return Value(start: j + 2, end: k, quoted: true, moreWords: false) }
                k += 1
            }
            return nil
        }
        let q = p[j]
        if q == UInt8(ascii: "\"") || q == UInt8(ascii: "'") || q == UInt8(ascii: "`") {
            var k = j + 1
            while k < n, k - j < 1024 {
                let c = p[k]
                if c == q { return Value(start: j + 1, end: k, quoted: true, moreWords: false) }
                if c == 10 || c == 13 { return nil }
                k += c == UInt8(ascii: "\\") ? 2 : 1
            }
            return nil
        }
        // An unquoted token ends where the token it lies in ends: a value read from inside the
        // last one is not read again (`a=b=c=...` stays linear).
        var k = j
        if j > token.lowerBound && j < token.upperBound {
            k = token.upperBound
        } else {
            while k < n, cls[Int(p[k])] & SecretScan.valueStop == 0 { k += 1 }
            token = j..<k
        }
        // A token longer than any value is data, whatever names come before it.
        guard k > j, token.count <= 4096 else { return nil }
        var m = k
        while m < n, at(m) == UInt8(ascii: " ") || at(m) == UInt8(ascii: "\t") { m += 1 }
        let more = m > k && m < n && isAlnum(m)
        // `password: correct horse battery staple`: in YAML the value runs to the end of the
        // line (or a comment).
        if more && colon {
            var end = m
            while end < n, end - j < 1024, p[end] != 10, p[end] != 13, !(p[end] == UInt8(ascii: "#") && at(end - 1) == UInt8(ascii: " ")) { end += 1 }
            while end > k, at(end - 1) == UInt8(ascii: " ") || at(end - 1) == UInt8(ascii: "\t") { end -= 1 }
            return Value(start: j, end: end, quoted: false, moreWords: true)
        }
        return Value(start: j, end: k, quoted: false, moreWords: more)
    }
}

/// Values that stand for a secret without being one.
enum Placeholder {
    static let words: Set<String> = ["redacted", "removed", "hidden", "masked", "filtered", "none", "null", "nil", "undefined", "empty",
                                     "changeme", "change_me", "change-me", "password", "passwd", "pass", "secret", "example", "placeholder",
                                     "xxx", "todo", "tbd", "true", "false", "yes", "no", "on", "off", "~", "...", "notset", "not_set", "unset",
                                     "required", "optional", "string", "str", "value"]

    /// Empty, a variable or template (`$X`, `${X}`, `%s`, `{{ x }}`), a marked-up stand-in
    /// (`<redacted>`, `[hidden]`, `(none)`), masked (`****`, `xxxxxxxx`, `ab***yz`), an
    /// encrypted or referenced value (`ENC[...]`, `!vault`, `arn:...`, `vault://...`), a word
    /// that names a placeholder (`changeme`, `redacted`) or one beginning "your".
    static func isPlaceholder(_ v: String) -> Bool {
        let t = v.trimmingCharacters(in: .whitespaces)
        guard let first = t.unicodeScalars.first, let last = t.unicodeScalars.last else { return true }
        if "$%!".unicodeScalars.contains(first) || t.hasPrefix("{{") || t.hasPrefix("ENC[") { return true }
        let wrappers: [(Unicode.Scalar, Unicode.Scalar)] = [("<", ">"), ("[", "]"), ("(", ")"), ("{", "}")]
        if wrappers.contains(where: { $0.0 == first && $0.1 == last }) { return true }
        if t.contains("***") || t.contains("://") || t.lowercased().hasPrefix("arn:") { return true }
        if Set(t.unicodeScalars).count == 1 { return true }
        let lower = t.lowercased()
        if words.contains(lower) || lower.hasPrefix("your") { return true }
        // The examples AWS documents (AKIAIOSFODNN7EXAMPLE, wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY).
        if t.hasSuffix("EXAMPLEKEY") || (t.utf8.count == 20 && t.hasSuffix("EXAMPLE")) { return true }
        if lower.allSatisfy({ $0 == "x" || $0 == "-" || $0 == "_" }) { return true }
        return false
    }

    /// An unquoted value that opens a structure or is a YAML block or alias marker, not a value.
    static func isStructure(_ v: String) -> Bool {
        guard let c = v.first else { return true }
        return "{[(|>&*".contains(c)
    }

    /// Words that begin a sentence about a password rather than a password
    /// ("password: must be at least 14 characters").
    static let proseStarts: Set<String> = ["at", "must", "is", "are", "be", "the", "a", "an", "should", "shall", "will", "of", "to", "for",
                                           "with", "min", "minimum", "max", "maximum", "length", "required", "not", "never", "no",
                                           "changed", "expires", "every", "and", "or", "by", "see", "use", "set", "enter", "reset", "was",
                                           "has", "have", "can", "cannot", "may", "only", "rotated", "stored", "kept", "managed", "in", "on"]

    static func startsProse(_ v: String) -> Bool {
        let first = v.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? v
        return proseStarts.contains(first.lowercased().trimmingCharacters(in: .punctuationCharacters))
    }

    /// `Password`, `Secret`: a label in text, not a key in a file.
    static func isCapitalizedWord(_ name: String) -> Bool {
        guard let f = name.unicodeScalars.first, ("A"..."Z").contains(f) else { return false }
        return name.unicodeScalars.dropFirst().allSatisfy { ("a"..."z").contains($0) }
    }
}

/// How random a value looks.
enum Entropy {
    /// Shannon entropy of the characters of `v`, in bits per character.
    static func bits(_ v: String) -> Double {
        var counts = [UInt8: Int]()
        for b in v.utf8 { counts[b, default: 0] += 1 }
        let n = Double(v.utf8.count)
        return counts.values.reduce(0) { h, c in
            let p = Double(c) / n
            return h - p * log2(p)
        }
    }

    /// 20+ characters of the token alphabets (letters, digits, + / = _ - . ~) that mix upper
    /// case, lower case and digits with an entropy near that of random characters of its length
    /// (log2(length) - 0.8, at most 4.3 bits), or 32+ hex digits of 3 bits or more. Identifiers,
    /// UUIDs, AWS key ids and paths do not qualify.
    static func looksRandom(_ v: String) -> Bool {
        let u = Array(v.utf8)
        guard u.count >= 20 else { return false }
        var upper = false, lower = false, digit = false, hexOnly = true
        var slash = false, dot = false, dashOrUnderscore = false
        for c in u {
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): upper = true; if c > UInt8(ascii: "F") { hexOnly = false }
            case UInt8(ascii: "a")...UInt8(ascii: "z"): lower = true; if c > UInt8(ascii: "f") { hexOnly = false }
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = true
            case UInt8(ascii: "/"): slash = true; hexOnly = false
            case UInt8(ascii: "."): dot = true; hexOnly = false
            case UInt8(ascii: "-"), UInt8(ascii: "_"): dashOrUnderscore = true; hexOnly = false
            case UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: "~"): hexOnly = false
            default: return false
            }
        }
        // A path mixes '/' with '.', '-' or '_'; base64 never does.
        if slash && (dot || dashOrUnderscore) { return false }
        if isUUID(u) { return false }
        // An AWS access key id is an identifier; with its secret beside it, aws-access-key finds it.
        if u.count == 20, u.starts(with: Array("AKIA".utf8)) || u.starts(with: Array("ASIA".utf8)) { return false }
        let h = bits(v)
        if hexOnly { return u.count >= 32 && digit && (upper || lower) && !(upper && lower) && h >= 3.0 }
        guard upper && lower && digit else { return false }
        return h >= min(4.3, log2(Double(u.count)) - 0.8)
    }

    static func isUUID(_ u: [UInt8]) -> Bool {
        guard u.count == 36 else { return false }
        for (i, c) in u.enumerated() {
            let dash = i == 8 || i == 13 || i == 18 || i == 23
            if dash != (c == UInt8(ascii: "-")) { return false }
        }
        return true
    }
}
