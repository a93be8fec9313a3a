import Foundation
@testable import Ledger
import LedgerCore
import PropertyBased
import Testing
import TestSupport

/// No record can crash a reader (issue "trust"): every valid fixture of every record kind, mutated
/// (fields removed or retyped, dates and durations at and past the calendar's edges, huge numbers,
/// unicode, deep nesting, unknown fields), goes through the YAML readers, the record decoders and
/// the readiness engine in-process. Nothing may trap, and every issue names the file and a field.
///
/// Seeded: the generators are swift-property-based's, run from a fixed Xoshiro seed (not the
/// library's `propertyCheck`, which draws a fresh seed each run), so every run checks the same
/// cases; a failure names the case index, the fixture and the mutations, which reproduce it.
@Suite struct RecordMutationPropertyTests {
    static let fixturesFolder: String = {
        var dir = (#filePath as NSString).deletingLastPathComponent
        while !FileManager.default.fileExists(atPath: dir + "/Package.swift") { dir = (dir as NSString).deletingLastPathComponent }
        return dir + "/Tests/Fixtures/records/valid"
    }()

    struct Fixture: Sendable {
        let name: String
        let value: RecordValue
    }

    static let fixtures: [Fixture] = {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: fixturesFolder)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        return names.compactMap { name in
            guard let data = FileManager.default.contents(atPath: fixturesFolder + "/" + name),
                  let value = try? YAMLReader.parse(data, file: name) else { return nil }
            return Fixture(name: name, value: value)
        }
    }()

    /// One mutation: three integers, so the generator shrinks towards small positions and choices.
    static let mutation = zip(Gen.int(in: 0...99), Gen.int(in: 0...999), Gen.int(in: 0...999)).map { t in RecordMutation(t.0, t.1, t.2) }
    static let cases = zip(Gen.int(in: 0...999), mutation.array(of: 1...3))

    static let seed: (UInt64, UInt64, UInt64, UInt64) = (0x6576_6964_656E_7421, 0x7472_7573_7400_0001, 0x2026_1201, 0x9999_1231)
    static let caseCount = 200

    /// What a decoder gives back, whatever the kind.
    enum Decoded {
        case control(ControlRecord?)
        case evidence(EvidenceRecord?)
        case poam(PoamRecord?)
        case affirmation(AffirmationRecord?)
        case exception(ExceptionRecord?)
        case ledger(LedgerConfig?)
    }

    static func decode(_ value: RecordValue, file: String) -> (Decoded, [ValidationIssue]) {
        if file.hasPrefix("control-") {
            let (r, issues) = ControlRecord.decode(value, file: file)
            return (.control(r), issues + (r?.check(against: .builtIn, file: file) ?? []))
        }
        if file.hasPrefix("evidence-") { let (r, i) = EvidenceRecord.decode(value, file: file); return (.evidence(r), i) }
        if file.hasPrefix("poam-") { let (r, i) = PoamRecord.decode(value, file: file); return (.poam(r), i) }
        if file.hasPrefix("affirmation-") { let (r, i) = AffirmationRecord.decode(value, file: file); return (.affirmation(r), i) }
        if file.hasPrefix("exception-") { let (r, i) = ExceptionRecord.decode(value, file: file); return (.exception(r), i) }
        let (r, i) = LedgerConfig.decode(value, file: file)
        return (.ledger(r), i)
    }

    /// The records of every valid fixture, decoded, as the ledger the mutated record joins.
    struct Baseline {
        var config: LedgerConfig?
        var controls: [String: ControlRecord] = [:]
        var evidence: [String: EvidenceRecord] = [:]
        var poams: [String: PoamRecord] = [:]
        var affirmations: [String: AffirmationRecord] = [:]
        var exceptions: [String: ExceptionRecord] = [:]

        mutating func put(_ d: Decoded, from file: String) {
            switch d {
            case .control(let r): controls[file] = r
            case .evidence(let r): evidence[file] = r
            case .poam(let r): poams[file] = r
            case .affirmation(let r): affirmations[file] = r
            case .exception(let r): exceptions[file] = r
            case .ledger(let r): if let r { config = r }
            }
        }
    }

    static let baseline: Baseline = {
        var b = Baseline()
        for f in fixtures where !f.name.hasPrefix("ledger-") { b.put(decode(f.value, file: f.name).0, from: f.name) }
        b.config = fixtures.first { $0.name == "ledger-full.yaml" }.flatMap { LedgerConfig.decode($0.value, file: $0.name).0 }
        return b
    }()

    static func day(_ s: String) -> Day { Day(s) ?? CalendarLimits.firstDay }

    /// Readiness requests at and past the calendar's edges, one set per case (rotating).
    static let requests: [ReadinessRequest] = [
        ReadinessRequest(frameworks: ["cmmc-l2", "cmmc-l1", "soc2"], asOf: day("2026-11-29")),
        ReadinessRequest(frameworks: ["cmmc-l2", "soc2"], asOf: CalendarLimits.lastDay, statusDate: day("9999-10-01"),
                         assessments: [AssessmentSnapshot(name: "edge", kind: "cmmc-l2-c3pao", asOf: CalendarLimits.lastDay, result: "final"),
                                       AssessmentSnapshot(name: "first", kind: "cmmc-l1-self", asOf: CalendarLimits.firstDay, result: "final")]),
        ReadinessRequest(frameworks: ["cmmc-l2", "cmmc-l1"], asOf: CalendarLimits.firstDay, statusDate: CalendarLimits.firstDay),
        ReadinessRequest(frameworks: ["soc2"], asOf: day("2026-11-29"), soc2Type: 2, period: .init(from: day("2026-01-01"), to: day("2026-12-31"))),
        ReadinessRequest(frameworks: ["soc2"], asOf: CalendarLimits.lastDay, soc2Type: 2, period: .init(from: day("9990-01-01"), to: CalendarLimits.lastDay)),
        ReadinessRequest(frameworks: ["soc2"], asOf: CalendarLimits.firstDay, soc2Type: 2, period: .init(from: CalendarLimits.firstDay, to: day("0001-12-31"))),
        // Longer than ten years: only an old snapshot's manifest can hold it; reported, not computed.
        ReadinessRequest(frameworks: ["soc2"], asOf: day("2026-11-29"), soc2Type: 2, period: .init(from: day("2026-01-01"), to: CalendarLimits.lastDay)),
    ]

    /// Keys a record's issues may name besides the record's own: fields required only with others.
    static let conditionalFields: Set<String> = ["justification", "closed", "level", "maps", "actions", "ssp_section"]

    static func topKeys(_ v: RecordValue) -> Set<String> { Set(v.mapPairs?.map(\.0) ?? []) }

    /// Every issue names the file and, unless the document as a whole is wrong (not a mapping,
    /// not YAML), a field of the record.
    static func checkIssues(_ issues: [ValidationIssue], file: String, original: RecordValue, mutated: RecordValue, wholeFileAllowed: Bool,
                            _ context: String) {
        let allowed = topKeys(original).union(topKeys(mutated)).union(conditionalFields)
        for issue in issues {
            #expect(issue.file == file, "\(context): issue names \(issue.file): \(issue)")
            #expect(!issue.problem.isEmpty, "\(context): \(issue)")
            if issue.field.isEmpty {
                #expect(wholeFileAllowed || mutated.mapPairs == nil, "\(context): an issue without a field: \(issue)")
            } else {
                // Keys may hold dots and brackets themselves ("[flow]", "x.y"): match whole keys.
                // A missing required field is named though the record lacks it.
                let named = issue.problem.hasPrefix("is required")
                    || allowed.contains { k in issue.field == k || issue.field.hasPrefix(k + ".") || issue.field.hasPrefix(k + "[") }
                #expect(named, "\(context): issue names a field the record does not have: \(issue)")
            }
        }
    }

    static func readiness(_ b: Baseline, request: ReadinessRequest, _ context: String) {
        guard let config = b.config else { return }
        let input = ReadinessInput(config: config, catalogs: .builtIn, controls: b.controls.values.sorted { $0.id < $1.id },
                                   evidence: b.evidence.values.sorted { $0.id < $1.id }, poams: b.poams.values.sorted { $0.id < $1.id },
                                   affirmations: b.affirmations.values.sorted { $0.date < $1.date },
                                   exceptions: b.exceptions.values.sorted { $0.id < $1.id })
        do {
            let report = try ReadinessReport.evaluate(input, request, revision: "mutated")
            // (The text and markdown renderings live in EvidentCLI; MutatedLedgerCLITests runs them.)
            #expect(!JSONText.emit(report.jsonValue).isEmpty, "\(context)")
        } catch let e as LedgerError {
            // A refusal is an answer (a framework not in scope, say); a trap is not.
            #expect(!e.message.isEmpty, "\(context)")
        } catch {
            Issue.record("\(context): unexpected error \(error)")
        }
    }

    @Test func mutatedRecordsNeverCrashTheDecodersOrReadiness() throws {
        try #require(Self.fixtures.count >= 20, "fixtures missing under \(Self.fixturesFolder)")
        try #require(Set(Self.fixtures.map { $0.name.prefix { $0 != "-" } }) == ["affirmation", "control", "evidence", "exception", "ledger", "poam"])
        try #require(Self.baseline.config != nil)
        var rng = Xoshiro(seed: Self.seed)
        var decodedSome = 0
        for n in 0..<Self.caseCount {
            let (pick, mutations) = Self.cases.run(using: &rng)
            // Every fixture in turn first, then random ones: each kind is mutated many times.
            let fixture = Self.fixtures[n < Self.fixtures.count ? n : pick % Self.fixtures.count]
            let mutated = RecordMutator.apply(mutations, to: fixture.value)
            let context = "case \(n): \(fixture.name) \(mutations)"

            // 1. The decoder on the mutated value itself.
            let (decoded, issues) = Self.decode(mutated, file: fixture.name)
            Self.checkIssues(issues, file: fixture.name, original: fixture.value, mutated: mutated, wholeFileAllowed: false, context)

            // 2. Through the bytes: canonical YAML out, both YAML readers back in, then the decoder.
            let text = CanonicalYAML.emit(mutated)
            _ = CanonicalYAMLParser.parse(Array(text.utf8))
            do {
                let reread = try YAMLReader.parse(Data(text.utf8), file: fixture.name)
                let (_, again) = Self.decode(reread, file: fixture.name)
                Self.checkIssues(again, file: fixture.name, original: fixture.value, mutated: reread, wholeFileAllowed: false, context + " (re-read)")
            } catch let e as LedgerError {
                // The file as a whole is refused (not YAML, nested too deeply): the message names it.
                #expect(e.message.hasPrefix(fixture.name + ":"), "\(context): \(e.message)")
            }

            // 3. Readiness with the mutated record in place of the original.
            var b = Self.baseline
            if fixture.name.hasPrefix("ledger-") {
                if case .ledger(let c) = decoded, let c { b.config = c }
            } else {
                b.put(decoded, from: fixture.name)
            }
            if issues.isEmpty { decodedSome += 1 }
            Self.readiness(b, request: Self.requests[n % Self.requests.count], context)
            Self.readiness(b, request: Self.requests[(n + 3) % Self.requests.count], context)
        }
        // The mutations must not be so destructive that no mutated record ever decodes (then the
        // readiness engine would only ever see the baseline).
        #expect(decodedSome >= Self.caseCount / 20, "only \(decodedSome) of \(Self.caseCount) mutated records decoded")
    }

    /// Inputs that crashed a reader (Fuzz/regressions, the fuzzer's format: a kind byte, then the
    /// file) replayed through the same path as Fuzz/RecordFuzzer: YAML readers, decoder, readiness.
    @Test func fuzzRegressionInputsAreReadWithoutCrashing() throws {
        let folder = (Self.fixturesFolder as NSString).deletingLastPathComponent
            .replacingOccurrences(of: "/Tests/Fixtures/records", with: "/Fuzz/regressions")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names.count >= 2)
        let kinds = ["control-", "evidence-", "poam-", "affirmation-", "ledger-"]
        for name in names {
            let bytes = try #require(FileManager.default.contents(atPath: folder + "/" + name))
            guard let kindByte = bytes.first else { continue }
            let file = kinds[Int(kindByte) % kinds.count] + name
            do {
                let value = try YAMLReader.parse(Data(bytes.dropFirst()), file: file)
                let (decoded, issues) = Self.decode(value, file: file)
                Self.checkIssues(issues, file: file, original: value, mutated: value, wholeFileAllowed: false, name)
                var b = Self.baseline
                b.put(decoded, from: file)
                for request in Self.requests { Self.readiness(b, request: request, name) }
            } catch let e as LedgerError {
                #expect(e.kind == .invalidInput && e.message.hasPrefix(file + ":"), "\(name): \(e.message)")
            }
        }
    }

    /// "key: " with nothing but spaces after it, last in a file without a final newline, read one
    /// byte past the end in the canonical parser (a trap in `evident validate`; found by the fuzzer).
    /// Both readers now agree it is a key without a value.
    @Test func aKeyWithOnlySpacesAfterItIsNullInBothReaders() throws {
        for text in ["status: ", "status:   ", "status: \n", "a: 1\nstatus: ", "a:\n  b: "] {
            #expect(CanonicalYAMLParser.parse(Array(text.utf8)) == nil, "\(text.debugDescription)")
            let v = try YAMLReader.parse(Data(text.utf8), file: "x.yaml")
            #expect(v["status"] == .null || v["a"]?["b"] == .null, "\(text.debugDescription): \(v)")
        }
    }

    /// The nesting a mutation can reach is refused by both YAML readers, never recursed into.
    @Test func deeplyNestedYAMLIsRefusedNotRecursedInto() throws {
        for text in [
            "title: " + String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000) + "\n",
            "title: " + String(repeating: "{a: ", count: 20_000) + "1" + String(repeating: "}", count: 20_000) + "\n",
            (0..<2_000).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + "\n" + String(repeating: " ", count: 2_000) + "x: 1\n",
            String(repeating: "- ", count: 20_000) + "x\n",
        ] {
            #expect(CanonicalYAMLParser.parse(Array(text.utf8)) == nil)
            do {
                _ = try YAMLReader.parse(Data(text.utf8), file: "controls/DEEP.yaml")
                Issue.record("deep nesting was accepted")
            } catch let e as LedgerError {
                #expect(e.kind == .invalidInput)
                #expect(e.message.contains("controls/DEEP.yaml"))
                #expect(e.message.contains("deeper than 64"))
            }
        }
        // Four levels, as records nest, still parse; and so do brackets inside quoted strings.
        let fine = "a:\n  b:\n  - c: [1, [2, {d: e}]]\n    f: \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"\n"
        #expect(throws: Never.self) { _ = try YAMLReader.parse(Data(fine.utf8), file: "x.yaml") }
    }
}
