import Foundation
import Testing

/// The layers of DESIGN.md, checked on the sources: EvidentCLI -> Ledger -> {LedgerCore, GitStore}
/// -> Clibgit2. A target that imports across a layer fails here, whatever Package.swift allows, and so
/// does a public Ledger declaration that names a GitStore type.
struct LayeringTests {
    /// One `import` line of a source file.
    struct Import: Equatable {
        let file: String
        let line: Int
        let module: String
    }

    /// What a target may not import: either everything outside `allowed`, or what is in `forbidden`.
    struct Rule {
        let target: String
        var allowed: Set<String>?
        var forbidden: Set<String> = []
    }

    static let systemModules: Set<String> = ["Foundation", "Glibc", "Darwin", "Dispatch"]
    static let libgit2: Set<String> = ["Clibgit2", "Clibgit2Shims"]
    static let targets = ["EvidentCLI", "EvidentBench", "Ledger", "LedgerCore", "GitStore", "evident"]

    static func rules(for target: String) -> [Rule] {
        var rules = [Rule]()
        if target != "GitStore" { rules.append(Rule(target: target, forbidden: libgit2)) }
        switch target {
        case "EvidentCLI":
            // Ledger, LedgerCore and ArgumentParser; EvidentBench only for `evident bench generate`;
            // Mustache for the templates HTML exports are rendered from.
            rules.append(Rule(target: target, allowed: systemModules.union(["Ledger", "LedgerCore", "ArgumentParser", "EvidentBench", "Mustache"])))
        case "EvidentBench": rules.append(Rule(target: target, allowed: systemModules.union(["Ledger", "LedgerCore", "GitStore"])))
        // ZIPFoundation: evidence bundles are ZIP files, written and read in Support/ZipArchive.swift only.
        case "Ledger": rules.append(Rule(target: target, allowed: systemModules.union(["LedgerCore", "GitStore", "Yams", "Crypto", "ZIPFoundation"])))
        case "LedgerCore": rules.append(Rule(target: target, allowed: systemModules))
        default: break
        }
        return rules
    }

    /// The modules a Swift source imports (`import X`, `@testable import X`, `public import X`,
    /// `import struct X.Y`), with their line numbers.
    static func imports(in text: String, file: String) -> [Import] {
        let pattern = #"^\s*(?:@\w+\s+)*(?:(?:public|package|internal|fileprivate|private)\s+)?import\s+(?:(?:typealias|struct|class|enum|protocol|let|var|func)\s+)?([A-Za-z_][A-Za-z0-9_]*)"#
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        var out = [Import]()
        for (i, line) in text.components(separatedBy: "\n").enumerated() {
            let range = NSRange(line.startIndex..., in: line)
            guard let m = regex.firstMatch(in: line, range: range), let r = Range(m.range(at: 1), in: line) else { continue }
            out.append(Import(file: file, line: i + 1, module: String(line[r])))
        }
        return out
    }

    /// One line per import that breaks a rule: `file:line: Target imports Module`.
    static func violations(_ imports: [Import], rules: [Rule]) -> [String] {
        imports.compactMap { i in
            let broken = rules.contains { r in
                r.forbidden.contains(i.module) || (r.allowed.map { !$0.contains(i.module) } ?? false)
            }
            return broken ? "\(i.file):\(i.line): \(rules.first?.target ?? "?") imports \(i.module)" : nil
        }
    }

    /// The package root, three levels above this file (Tests/LedgerCoreTests/LayeringTests.swift).
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Every import of every Swift file under Sources/<target>/.
    static func imports(ofTarget target: String) throws -> [Import] {
        let folder = packageRoot.appendingPathComponent("Sources").appendingPathComponent(target)
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        var out = [Import]()
        for case let url as URL in walker where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            out += imports(in: text, file: String(url.path.dropFirst(packageRoot.path.count + 1)))
        }
        return out
    }

    /// Names of the top-level public types a target declares (`public struct X`, `public final class X` ...).
    static func publicTypes(in text: String) -> Set<String> {
        let pattern = #"^public\s+(?:final\s+)?(?:struct|enum|class|protocol|typealias|actor)\s+([A-Za-z_][A-Za-z0-9_]*)"#
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines]) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return Set(regex.matches(in: text, range: range).compactMap { Range($0.range(at: 1), in: text).map { String(text[$0]) } })
    }

    /// Public declarations (the part before a body or a default value) that name one of `types`.
    static func leaks(of types: Set<String>, in text: String, file: String) -> [String] {
        var out = [String]()
        for (i, line) in text.components(separatedBy: "\n").enumerated() where line.trimmingCharacters(in: .whitespaces).hasPrefix("public ") {
            let head = line.prefix { $0 != "{" && $0 != "=" }
            let words = Set(head.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
            let named = types.intersection(words).sorted()
            if !named.isEmpty { out.append("\(file):\(i + 1): \(named.joined(separator: ", "))") }
        }
        return out
    }

    /// Ledger files whose public signatures may carry GitStore types (none).
    static let knownLeaks: Set<String> = []

    static func sources(ofTarget target: String) throws -> [(file: String, text: String)] {
        let folder = packageRoot.appendingPathComponent("Sources").appendingPathComponent(target)
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        var out = [(file: String, text: String)]()
        for case let url as URL in walker where url.pathExtension == "swift" {
            out.append((String(url.path.dropFirst(packageRoot.path.count + 1)), try String(contentsOf: url, encoding: .utf8)))
        }
        return out
    }

    @Test func ledgersPublicSignaturesNameNoGitStoreType() throws {
        let gitTypes = try Self.sources(ofTarget: "GitStore").reduce(into: Set<String>()) { $0.formUnion(Self.publicTypes(in: $1.text)) }
        #expect(gitTypes.contains("ObjectID") && gitTypes.contains("Repository"))
        let leaks = try Self.sources(ofTarget: "Ledger").filter { !Self.knownLeaks.contains($0.file) }
            .flatMap { Self.leaks(of: gitTypes, in: $0.text, file: $0.file) }
        #expect(leaks.isEmpty, "GitStore types in Ledger's public API:\n\(leaks.joined(separator: "\n"))")
    }

    @Test func leakCheckerFindsGitStoreTypesInPublicSignatures() {
        let types = Self.publicTypes(in: "public struct ObjectID: Hashable {\npublic final class Repository {\nstruct Hidden {}\n")
        #expect(types == ["ObjectID", "Repository"])
        let leaks = Self.leaks(of: types, in: """
        public struct Entry {
            public let commit: ObjectID
            let repository: Repository
            public var id: CommitID { commit.commitID }
            public static var version: String { Repository.version }
            public func open(_ r: Repository) throws -> String {
        }
        """, file: "L.swift")
        #expect(leaks == ["L.swift:2: ObjectID", "L.swift:6: Repository"])
    }

    @Test(arguments: targets)
    func targetImportsOnlyItsLayers(target: String) throws {
        let found = try Self.imports(ofTarget: target)
        #expect(!found.isEmpty, "no Swift sources found for \(target) under \(Self.packageRoot.path)/Sources")
        let broken = Self.violations(found, rules: Self.rules(for: target))
        #expect(broken.isEmpty, "imports across layers:\n\(broken.joined(separator: "\n"))")
    }

    /// ZIP files are written and read in one place, so the bundle's determinism (fixed times,
    /// order, modes) is decided there.
    @Test func zipFoundationIsImportedByZipArchiveOnly() throws {
        let importers = try Self.targets.flatMap { try Self.imports(ofTarget: $0) }.filter { $0.module == "ZIPFoundation" }.map(\.file)
        #expect(importers == ["Sources/Ledger/Support/ZipArchive.swift"])
    }

    @Test func checkerFindsEveryKindOfCrossing() {
        let cli = Self.imports(in: """
        import ArgumentParser
        @testable import GitStore
        internal import Clibgit2
        import struct Ledger.CommitID
        // import GitStore (a comment is not an import)
        """, file: "Sources/EvidentCLI/Bad.swift")
        #expect(cli.map(\.module) == ["ArgumentParser", "GitStore", "Clibgit2", "Ledger"])
        #expect(Self.violations(cli, rules: Self.rules(for: "EvidentCLI")) == [
            "Sources/EvidentCLI/Bad.swift:2: EvidentCLI imports GitStore",
            "Sources/EvidentCLI/Bad.swift:3: EvidentCLI imports Clibgit2",
        ])
        let core = Self.imports(in: "import Foundation\n#if canImport(Glibc)\nimport Glibc\n#endif\nimport Yams\n", file: "Core.swift")
        #expect(Self.violations(core, rules: Self.rules(for: "LedgerCore")) == ["Core.swift:5: LedgerCore imports Yams"])
        let ledger = Self.imports(in: "import GitStore\nimport Clibgit2Shims\n", file: "L.swift")
        #expect(Self.violations(ledger, rules: Self.rules(for: "Ledger")) == ["L.swift:2: Ledger imports Clibgit2Shims"])
        let store = Self.imports(in: "import Clibgit2\nimport Clibgit2Shims\n", file: "G.swift")
        #expect(Self.violations(store, rules: Self.rules(for: "GitStore")).isEmpty)
    }

    /// Inputs that have a type of their own (a day, a period, a duration, one of a closed set):
    /// a service must take them typed, so the command line parses them and a service never sees
    /// text it would have to parse. Revisions that may be days (`at`, `since`, `until`, diff's
    /// sides) stay text: the ledger decides which they are.
    static let typedInputs = ["asOf", "statusDate", "period", "date", "opened", "scheduledCompletion", "collected", "covers",
                              "validUntil", "method", "classification", "kind", "frequency", "status", "evidenceValidFor", "milestones"]

    /// `file:line: name` for each public stored property or parameter of a typed input declared as text.
    static func untypedInputs(in text: String, file: String) -> [String] {
        var out = [String]()
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let l = line.trimmingCharacters(in: .whitespaces)
            // Options' stored properties and parameters; `public let` is what a service returns.
            guard l.hasPrefix("public ") || l.hasPrefix("@_spi"), !l.hasPrefix("public let ") else { continue }
            for name in typedInputs {
                for form in ["\(name): String", "\(name): [String]"] where l.contains(form) {
                    // `name: String` as a whole word: not `statusName: String`.
                    if let r = l.range(of: form), r.lowerBound == l.startIndex || !l[l.index(before: r.lowerBound)].isLetter {
                        out.append("\(file):\(n + 1): \(name)")
                    }
                }
            }
        }
        return out
    }

    @Test func servicesTakeTypedValues() throws {
        // `soc2Type(kind:period:)` reads the kind a manifest in history holds, which may be any text.
        let recorded: Set<String> = ["Sources/Ledger/UseCases/SnapshotService.swift: kind"]
        let found = try Self.sources(ofTarget: "Ledger").filter { $0.file.contains("/UseCases/") }
            .flatMap { Self.untypedInputs(in: $0.text, file: $0.file) }
            .filter { f in
                // "file:line: name" without its line number.
                let parts = f.components(separatedBy: ":")
                return !recorded.contains("\(parts[0]):\(parts.last ?? "")")
            }
        #expect(found.isEmpty, "service inputs given as text:\n\(found.joined(separator: "\n"))")
    }

    @Test func typedInputCheckerFindsText() {
        let text = "    public var asOf: String?\n    public var statusName: String\n    public func close(id: String, date: String?) {}\n    var kind: String\n    public let status: String\n"
        #expect(Self.untypedInputs(in: text, file: "S.swift") == ["S.swift:1: asOf", "S.swift:3: date"])
    }
}
