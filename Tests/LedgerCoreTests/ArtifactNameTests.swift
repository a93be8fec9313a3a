@testable import LedgerCore
import Testing

/// The names `evidence add` refuses and `validate` reports because some clone could not check
/// them out, or would read them as git's own files.
@Suite struct ArtifactNameTests {
    @Test(arguments: [
        ".gitattributes", ".gitignore", ".gitmodules", ".mailmap", ".git-blame-ignore-revs", ".github-actions.log", ".GITattributes", "sub/.gitignore",
        "CON", "con.txt", "Prn.log", "AUX.tar.gz", "nul", "COM1", "com9.json", "LPT1.txt", "lpt9", "NUL .txt", "sub/aux.csv",
        "a<b.txt", "a>b", "a:b.json", "a\"b", "a|b", "what?.txt", "star*.csv",
        "trailing.", "trailing ", "dir./x.txt",
        "evil\u{202E}txt.exe", "a\u{202A}b", "a\u{2066}b", "a\u{2069}b", "zero\u{200B}width", "a\u{200F}b", "bom\u{FEFF}.txt", "a\u{2060}b",
        "c1\u{0085}control", "tab\there", "broken\u{FFFD}.txt",
        String(repeating: "a", count: 256), "ok/" + String(repeating: "é", count: 128),
    ])
    func refused(_ name: String) {
        #expect(ArtifactName.problem(name) != nil, "\(name.debugDescription) should be refused")
    }

    @Test(arguments: [
        "export.json", "okta-mfa.json", "report 2026.pdf", "sub/dir/file.csv", ".hidden", "git.txt", "x.gitignore",
        "CONSOLE.txt", "COM10.txt", "LPT0.log", "con-notes.txt", "résumé.pdf", "日本語.txt", "a.b.c",
        String(repeating: "a", count: 255), String(repeating: "é", count: 127),
    ])
    func accepted(_ name: String) {
        #expect(ArtifactName.problem(name) == nil, "\(name): \(ArtifactName.problem(name) ?? "")")
    }

    /// The fast path for plain ASCII names never lets through a name some rule refuses: every
    /// name of up to five characters over an alphabet holding each character a rule looks at
    /// (dots, spaces, the letters of CON, COM1 and git~, a forbidden character, a control
    /// character, a non-ASCII one), and long names around the 255-byte limit.
    @Test func theASCIIFastPathAgreesWithEveryRule() {
        let alphabet: [String] = ["a", "C", "o", "N", "m", "1", "g", "i", "t", "~", ".", " ", "<", "\t", "é"]
        var names = [""]
        var checked = 0
        for _ in 1...5 {
            names = names.flatMap { n in alphabet.map { n + $0 } }
            for name in names where ArtifactName.plainASCII(name) {
                checked += 1
                #expect(ArtifactName.everyRule(name) == nil, "\(name.debugDescription) passes the fast path but \(ArtifactName.everyRule(name) ?? "")")
            }
        }
        #expect(checked > 100_000)
        for n in [254, 255, 256, 300] {
            let name = String(repeating: "x", count: n)
            #expect(ArtifactName.plainASCII(name) == (n <= 255))
            #expect(ArtifactName.componentProblem(name) == ArtifactName.everyRule(name))
        }
        // Names the rules refuse, whatever path they take.
        for name in ["CON", "con.txt", "Com1.log", "NUL .log", "git~1", "GIT~1", ".mailmap", "a.", "a ", "a<b"] {
            #expect(ArtifactName.componentProblem(name) != nil, "\(name)")
        }
    }
}
