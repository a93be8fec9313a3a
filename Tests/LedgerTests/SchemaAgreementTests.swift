import Foundation
@testable import Ledger
import LedgerCore
import Testing
import TestSupport

/// evident's validation and the JSON Schemas in Schemas/ must give the same verdict on every
/// fixture: Python's jsonschema runs the schemas, evident runs its own decoder.
@Suite struct SchemaAgreementTests {
    static let projectRoot: String = {
        var dir = (#filePath as NSString).deletingLastPathComponent
        while !FileManager.default.fileExists(atPath: dir + "/Package.swift") { dir = (dir as NSString).deletingLastPathComponent }
        return dir
    }()
    static let fixtures = projectRoot + "/Tests/Fixtures/records"

    static func evidentVerdict(_ path: String) -> (valid: Bool, issues: [ValidationIssue]) {
        let name = (path as NSString).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else { return (false, []) }
        do {
            let value = try YAMLReader.parse(data, file: name)
            if name.hasPrefix("poam-") {
                let issues = PoamRecord.decode(value, file: name).1
                return (issues.isEmpty, issues)
            }
            if name.hasPrefix("affirmation-") {
                let issues = AffirmationRecord.decode(value, file: name).1
                return (issues.isEmpty, issues)
            }
            if name.hasPrefix("exception-") {
                let issues = ExceptionRecord.decode(value, file: name).1
                return (issues.isEmpty, issues)
            }
            if name.hasPrefix("control-") {
                // Everything evident checks before writing a control: decode, then the catalogs.
                let (record, issues) = ControlRecord.decode(value, file: name)
                let all = issues + (record?.check(against: .builtIn, file: name) ?? [])
                return (all.isEmpty, all)
            }
            let issues = name.hasPrefix("ledger-") ? LedgerConfig.decode(value, file: name).1 : EvidenceRecord.decode(value, file: name).1
            return (issues.isEmpty, issues)
        } catch {
            return (false, [ValidationIssue(file: name, field: "", problem: "\(error)")])
        }
    }

    @Test func verdictsMatchJSONSchema() throws {
        let result = Processes.run("/usr/bin/env", ["python3", Self.projectRoot + "/scripts/schema-check.py", Self.fixtures + "/valid", Self.fixtures + "/invalid"],
                                   cwd: Self.projectRoot, environment: ProcessInfo.processInfo.environment)
        try #require(result.status == 0, "schema-check.py failed: \(result.stderr)")
        let verdicts = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: [String: Any]])
        #expect(verdicts.count >= 20)
        for (name, verdict) in verdicts.sorted(by: { $0.key < $1.key }) {
            let folder = name.hasPrefix("ledger-") || name.hasPrefix("evidence-") ? "" : ""
            _ = folder
            let path = FileManager.default.fileExists(atPath: Self.fixtures + "/valid/" + name) ? Self.fixtures + "/valid/" + name : Self.fixtures + "/invalid/" + name
            let schemaValid = verdict["valid"] as? Bool
            let mine = Self.evidentVerdict(path)
            #expect(mine.valid == schemaValid, "\(name): schema says \(schemaValid.map(String.init) ?? "?"), evident says \(mine.valid) \(mine.issues)")
            // Fixtures under valid/ are valid, under invalid/ invalid.
            #expect(mine.valid == path.contains("/valid/"), "\(name)")
        }
    }

    @Test func validFixturesRoundTripByteForByte() throws {
        let dir = Self.fixtures + "/valid"
        for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where name.hasSuffix(".yaml") {
            let data = try #require(FileManager.default.contents(atPath: dir + "/" + name))
            let value = try YAMLReader.parse(data, file: name)
            let reemitted: String
            if name.hasPrefix("poam-") {
                reemitted = CanonicalYAML.emit(try #require(PoamRecord.decode(value, file: name).0).recordValue)
            } else if name.hasPrefix("affirmation-") {
                reemitted = CanonicalYAML.emit(try #require(AffirmationRecord.decode(value, file: name).0).recordValue)
            } else if name.hasPrefix("exception-") {
                reemitted = CanonicalYAML.emit(try #require(ExceptionRecord.decode(value, file: name).0).recordValue)
            } else if name.hasPrefix("control-") {
                reemitted = CanonicalYAML.emit(try #require(ControlRecord.decode(value, file: name).0).recordValue)
            } else if name.hasPrefix("ledger-") {
                reemitted = CanonicalYAML.emit(try #require(LedgerConfig.decode(value, file: name).0).recordValue)
            } else {
                reemitted = CanonicalYAML.emit(try #require(EvidenceRecord.decode(value, file: name).0).recordValue)
            }
            #expect(reemitted == String(decoding: data, as: UTF8.self), "\(name) is not in canonical form")
        }
    }

    @Test func hookScriptMatchesTheProjectFile() throws {
        let file = try #require(FileManager.default.contents(atPath: Self.projectRoot + "/hooks/pre-commit"))
        #expect(String(decoding: file, as: UTF8.self) == HookScripts.preCommit)
        let server = try #require(FileManager.default.contents(atPath: Self.projectRoot + "/hooks/pre-receive"))
        #expect(server == Data(HookScripts.preReceive.utf8), "hooks/pre-receive and HookScripts.preReceive differ")
        let push = try #require(FileManager.default.contents(atPath: Self.projectRoot + "/hooks/pre-push"))
        #expect(String(decoding: push, as: UTF8.self) == HookScripts.prePush, "hooks/pre-push and HookScripts.prePush differ")
    }
}

/// The fast canonical reader and the full YAML parser must agree on everything the fast one
/// accepts; on the rest it must decline.
@Suite struct CanonicalParserAgreementTests {
    static func agree(_ text: String, _ label: String) {
        let fast = CanonicalYAMLParser.parse(Array(text.utf8))
        let full = try? YAMLReader.parseWithYams(text, file: label)
        if let fast { #expect(fast == full, "\(label): fast \(fast) vs full \(String(describing: full))") }
    }

    @Test func agreesOnEveryFixture() throws {
        var accepted = 0
        for folder in ["valid", "invalid"] {
            let dir = SchemaAgreementTests.fixtures + "/" + folder
            for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where name.hasSuffix(".yaml") {
                let text = try String(contentsOfFile: dir + "/" + name, encoding: .utf8)
                Self.agree(text, name)
                if CanonicalYAMLParser.parse(Array(text.utf8)) != nil { accepted += 1 }
            }
        }
        // Most fixtures are canonical: the fast path is the one that runs.
        #expect(accepted > 100)
    }

    @Test func readsWhatTheEmitterWritesForAwkwardStrings() {
        let strings = ["plain", "yes", "No", "null", "~", "123", "-7", "+3", "1.5", "0x1F", "1:20", "a: b", "#x", "- x", " lead", "trail ",
                       "\"q\"", "", "a #b", "@x", "multi\nline", "tab\there", "back\\slash", "2026-11-28", "2026-11-28T14:03:00Z",
                       "Jane <j@x>", "ünïcödé", "emoji 🙂", "ctrl\u{1}x", "x: ", "[a]", "{b}", "&anchor", "*alias", "!tag", "|", ">", "'single'", "%x", "`x`"]
        for s in strings {
            let value = RecordValue.map([("k", .string(s)), ("list", .strings([s, "x"])), ("nested", .map([("inner", .string(s))]))])
            let text = CanonicalYAML.emit(value)
            let fast = CanonicalYAMLParser.parse(Array(text.utf8))
            #expect(fast == value, "\(s.debugDescription): \(text)")
            Self.agree(text, s)
        }
    }

    @Test func declinesWhatItDoesNotKnow() {
        for text in ["a: [1, 2]\n", "a: {b: 1}\n", "# comment\na: 1\n", "a: &x 1\nb: *x\n", "a: |\n  text\n", "a: 'x'\n", "a: 1\na: 2\n", "---\na: 1\n", "a:\tb\n"] {
            #expect(CanonicalYAMLParser.parse(Array(text.utf8)) == nil, "\(text.debugDescription)")
        }
    }
}
