import Foundation
import LedgerCore
import Testing

/// The secret scan `evidence add`, `validate` and the pre-commit hook apply (issue 14 §4).
/// Every token here is a fake made for the test, and those that have a provider's shape are
/// assembled from pieces, so that no scanner mistakes this source file for a leak.
@Suite struct SecretScanTests {
    static let corpus: String = {
        var dir = (#filePath as NSString).deletingLastPathComponent
        while !FileManager.default.fileExists(atPath: dir + "/Package.swift") { dir = (dir as NSString).deletingLastPathComponent }
        return dir + "/Tests/Fixtures/secrets"
    }()

    static func names(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: corpus + "/" + folder)) ?? []).filter { $0 != "README.md" }.sorted()
    }

    static func read(_ folder: String, _ name: String) -> Data {
        FileManager.default.contents(atPath: corpus + "/" + folder + "/" + name) ?? Data()
    }

    // MARK: The corpus

    /// `RULE@LINE-what.ext`: the one finding each fake secret must give, its line counted by hand
    /// when the fixture was written (the file's first line is 1).
    @Test(arguments: names("secret"))
    func everySecretFixtureIsFoundWithItsRuleAndLine(_ name: String) throws {
        let at = try #require(name.firstIndex(of: "@"), "\(name) is not named RULE@LINE-...")
        let rule = try #require(SecretRule(rawValue: String(name[..<at])), "\(name): unknown rule")
        let line = try #require(Int(name[name.index(after: at)...].prefix { $0.isNumber }), "\(name): no line")
        let found = SecretScan.scan(Self.read("secret", name), name: name)
        #expect(found.map(\.rule) == [rule], "\(name): \(found)")
        #expect(found.first?.line == line, "\(name): \(found)")
    }

    @Test(arguments: names("lookalike"))
    func everyLookAlikeIsClean(_ name: String) {
        let found = SecretScan.scan(Self.read("lookalike", name), name: name)
        #expect(found.isEmpty, "\(name): \(found)")
    }

    /// Every rule has at least one fake secret in the corpus, and the corpus has look-alikes of
    /// each kind the issue names.
    @Test func theCorpusCoversEveryRule() {
        let rules = Set(Self.names("secret").compactMap { n in n.split(separator: "@").first.flatMap { SecretRule(rawValue: String($0)) } })
        #expect(rules == Set(SecretRule.allCases))
        let lookalikes = Set(Self.names("lookalike"))
        for required in ["sha256sum-list.txt", "uuids.json", "git-log.txt", "base64-image.html", "placeholders.env", "aws-documented-example.ini",
                         "authorized_keys", "public-key-and-certificate.pem", "record.yaml"] {
            #expect(lookalikes.contains(required), "\(required) is missing from the look-alikes")
        }
    }

    // MARK: Shapes built in code

    static let ghp = "gh" + "p_" + String(repeating: "Fake0", count: 8).prefix(36)
    static let slack = "xo" + "xb-" + "000000000000-0000000000000-" + "FAKEfakeFAKEfakeFAKEfake"
    static let awsID = "AK" + "IA" + "FAKE0000FAKE0001"
    static let awsSecret = "fake" + "SECRETfakeSECRETfake0000000000000000"

    /// Line numbers with CRLF endings and several findings in one file, in file order:
    /// line 1 a comment, 2 the token, 3 blank, 4 a placeholder (no finding), 5 a password.
    @Test func linesAreCountedFromOneInFileOrder() {
        let text = "# settings\r\nTOKEN=\(Self.ghp)\r\n\r\nPASSWORD=${PASSWORD}\r\nDB_PASSWORD=fake-pw-123\r\n"
        let found = SecretScan.scan(Data(text.utf8))
        #expect(found.map(\.rule) == [.githubToken, .passwordAssignment])
        #expect(found.map(\.line) == [2, 5])
    }

    /// The AWS key id alone is an identifier; with a secret within 1 KiB it is a credential.
    /// 1,100 bytes of filler put the secret out of reach.
    @Test func anAWSKeyIDCountsOnlyWithItsSecretNearIt() {
        #expect(SecretScan.scan(Data("{\"accessKeyId\": \"\(Self.awsID)\"}\n".utf8)).isEmpty)
        let near = "id=\(Self.awsID)\nkey=\(Self.awsSecret)\n"
        #expect(SecretScan.scan(Data(near.utf8)).map(\.rule) == [.awsAccessKey])
        let far = "id \(Self.awsID)\n" + String(repeating: "filler line\n", count: 100) + "key \(Self.awsSecret)\n"
        #expect(SecretScan.scan(Data(far.utf8)).isEmpty)
    }

    // MARK: Redaction

    /// The finding names the rule, the line and the shape; never the secret, nor any part of it
    /// beyond the format's public prefix (for a password, not even its first characters).
    @Test(arguments: [
        ("DB_PASSWORD=hunter2-fake-pw\n", "hunter2-fake-pw", "hunt"),
        ("api_key = \"q7Xv2LpR9sKd3WmZ8tNb4YcH\"\n", "q7Xv2LpR9sKd3WmZ8tNb4YcH", "q7Xv"),
        ("postgres://app:N0tReal-fake@db/ledger\n", "N0tReal-fake", "N0tR"),
        ("t=\(ghp)\n", String(ghp.dropFirst(4)), String(ghp.dropFirst(4).prefix(4))),
        ("bot: \(slack)\n", String(slack.dropFirst(5)), "0000000000"),
        ("\(awsID) \(awsSecret)\n", awsSecret, String(awsID.dropFirst(4).prefix(6))),
    ])
    func findingsNeverHoldTheSecret(_ text: String, _ secret: String, _ piece: String) {
        let found = SecretScan.scan(Data(text.utf8))
        #expect(found.count == 1, "\(found)")
        for f in found {
            #expect(!f.description.contains(secret), "\(f)")
            #expect(!f.description.contains(piece), "\(f)")
        }
    }

    /// What the message says, worked out from the fixture: `GITHUB_TOKEN=` then a 40-character
    /// token (ghp_ and 36) on line 3.
    @Test func theDescriptionReadsAsRuleLineAndShape() throws {
        let found = SecretScan.scan(Self.read("secret", "github-token@3-env.env"))
        #expect(found.map(\.description) == ["line 3: github-token (a GitHub token: ghp_... 40 characters)"])
        let password = SecretScan.scan(Data("x: 1\nDB_PASSWORD=fake-pw-123\n".utf8))
        // "fake-pw-123" is 11 characters.
        #expect(password.map(\.description) == ["line 2: password-assignment (a password or secret assigned to a name: DB_PASSWORD = 11 characters)"])
    }

    // MARK: Binary files

    /// A NUL byte in the first 8 KiB, or an image's or PDF's leading bytes, make a file binary:
    /// only private keys are looked for there.
    @Test func binaryFilesAreSearchedForPrivateKeysOnly() {
        let token = Data("token=\(Self.ghp)\n".utf8)
        #expect(SecretScan.scan(token).count == 1)
        #expect(SecretScan.scan(Data([0, 1, 2]) + token).isEmpty)
        #expect(SecretScan.scan(Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + token, name: "shot.png").isEmpty)
        #expect(SecretScan.scan(Data("%PDF-1.7\n".utf8) + token, name: "report.pdf").isEmpty)
        // A NUL after the first 8 KiB: the file is taken as text.
        #expect(SecretScan.scan(Data(repeating: 0x20, count: 9000) + Data([0]) + token).count == 1)
        // SVG is text.
        #expect(SecretScan.scan(Data("<svg><!-- \(Self.ghp) --></svg>\n".utf8), name: "logo.svg").count == 1)
    }

    // MARK: Size and time

    /// At most `maxFindings` per file, whatever the input.
    @Test func findingsAreBounded() {
        let text = String(repeating: "t=\(Self.ghp)\n", count: 1000)
        #expect(SecretScan.scan(Data(text.utf8)).count == SecretScan.maxFindings)
    }

    /// A secret at the end of 64 MiB of text is found on its line: the line count is
    /// 64 MiB / 64 bytes per line = 1,048,576 filler lines, so the token is on line 1,048,577.
    @Test func aLargeFileIsScannedToItsEnd() {
        let line = Array((String(repeating: "x", count: 63) + "\n").utf8)
        var bytes = [UInt8]()
        bytes.reserveCapacity(64 << 20 + 64)
        for _ in 0..<(1 << 20) { bytes += line }
        bytes += Array("token=\(Self.ghp)\n".utf8)
        let found = bytes.withUnsafeBytes { SecretScan.scan($0) }
        #expect(found.map(\.line) == [1_048_577])
    }

    /// Inputs built to make a careless scanner slow (every byte a trigger, unclosed quotes,
    /// headers without bodies, runs of "eyJ", key ids without secrets): 4 times the bytes take
    /// about 4 times as long. The bound, 8 times, leaves room for a noisy machine and still
    /// fails a scanner that is quadratic anywhere (16 times).
    @Test(arguments: [
        "password=\"",
        "-----BEGIN RSA PRIVATE KEY-----\n",
        "eyJeyJeyJ.eyJ",
        "AKIAFAKE0000FAKE0001 ",
        "a:b=c:d=",
        "api_key=",
        "https://u:",
        "glpat-",
        "___ghp_",
    ])
    func timeGrowsLinearly(_ unit: String) {
        func seconds(_ count: Int) -> Double {
            let data = Data(String(repeating: unit, count: count).utf8)
            var best = Double.infinity
            for _ in 0..<3 {
                let start = ContinuousClock.now
                _ = SecretScan.scan(data)
                let d = ContinuousClock.now - start
                best = min(best, Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
            }
            return best
        }
        let size = max(1, (1 << 19) / unit.utf8.count)
        let small = seconds(size), large = seconds(4 * size)
        #expect(large < 8 * small + 0.01, "\(unit.debugDescription): \(small) s for \(size), \(large) s for \(4 * size)")
    }

    // MARK: The rules

    @Test func ruleIDsAreTheClosedSet() {
        #expect(SecretRule.list == "private-key, aws-access-key, github-token, gitlab-token, slack-token, jwt, url-password, password-assignment, high-entropy-assignment")
    }
}
