import Foundation
@testable import Ledger
import Testing

/// Trailers are read byte by byte from ASCII messages (every commit evident writes) and through
/// Foundation otherwise; the two must give the same answer wherever the fast path applies.
struct TrailerParsingTests {
    /// Foundation's reading, as `LogEntry.trailers(of:)` does it for any other message.
    static func foundation(_ message: String) -> [(String, String)] {
        let paragraphs = message.trimmingCharacters(in: .whitespacesAndNewlines).components(separatedBy: "\n\n")
        guard paragraphs.count > 1, let last = paragraphs.last else { return [] }
        var out = [(String, String)]()
        for line in last.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { return [] }
            let key = line[..<colon]
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else { return [] }
            out.append((String(key), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return out
    }

    static func same(_ a: [(String, String)], _ b: [(String, String)]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    @Test func handWorkedMessages() throws {
        // Summary, blank line, body, blank line, trailers: two pairs, values trimmed of spaces and tabs.
        let evident = "Add evidence EV-20260530-ONE000: Okta MFA\n\nBody text.\n\nEvident-Action: evidence-add\nControls:  IAM-MFA, GOV-SSP \t\n"
        let t = try #require(LogEntry.asciiTrailers(of: evident))
        #expect(t.map(\.0) == ["Evident-Action", "Controls"])
        #expect(t.map(\.1) == ["evidence-add", "IAM-MFA, GOV-SSP"])
        // Three newlines: scanning left to right, the last paragraph starts with a newline, and
        // that empty line is skipped, as split omits it.
        #expect(LogEntry.asciiTrailers(of: "S\n\n\nKey: v").map { $0.map(\.0) } == ["Key"])
        // One paragraph only, or a line without a colon, or a key with a space: no trailers.
        #expect(LogEntry.asciiTrailers(of: "Key: v")?.isEmpty == true)
        #expect(LogEntry.asciiTrailers(of: "S\n\nKey: v\nno colon")?.isEmpty == true)
        #expect(LogEntry.asciiTrailers(of: "S\n\nA key: v")?.isEmpty == true)
        #expect(LogEntry.asciiTrailers(of: "S\n\n: v")?.isEmpty == true)
        #expect(LogEntry.asciiTrailers(of: "")?.isEmpty == true)
        // Not ASCII, or a carriage return (CR LF is one character to Swift): Foundation reads it.
        #expect(LogEntry.asciiTrailers(of: "S\n\nClé: v") == nil)
        #expect(LogEntry.asciiTrailers(of: "S\r\n\r\nKey: v") == nil)
        #expect(Self.same(LogEntry.trailers(of: "S\n\nClé: v"), [("Clé", "v")]))
    }

    @Test func agreesWithFoundationOnGeneratedMessages() {
        // Messages built from the characters that matter to the rules, from a fixed seed.
        let alphabet: [String] = ["a", "Z", "7", "-", ":", " ", "\t", "\n", "\n", "\n", ",", "_", "\u{0B}", "\u{0C}", "Key", "Controls"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var checked = 0
        for _ in 0..<5000 {
            let message = (0..<(next() % 40)).map { _ in alphabet[next() % alphabet.count] }.joined()
            guard let fast = LogEntry.asciiTrailers(of: message) else { continue }
            #expect(Self.same(fast, Self.foundation(message)), "\(message.debugDescription)")
            checked += 1
        }
        #expect(checked == 5000)
    }

    @Test func keysCompareWithoutCase() {
        #expect(LogEntry.sameKey("controls", "Controls"))
        #expect(LogEntry.sameKey("CONTROLS", "Controls"))
        #expect(!LogEntry.sameKey("Control", "Controls"))
        #expect(!LogEntry.sameKey("Controls-", "Controls"))
        #expect(LogEntry.sameKey("Clé", "CLÉ"))
    }
}
