import Foundation
import LedgerCore
import PropertyBased
import Testing
import TestSupport

/// The end-to-end half of the record property test (Tests/LedgerTests/RecordMutationPropertyTests
/// is the in-process half): mutated records of every kind committed with plain git, hooks off,
/// then every reading command from the built binary. None may die of a signal; each ends with
/// 0 (ok), 2 (findings) or 65 (bad record). Seeded, a few commits, so it stays within seconds.
@Suite("mutated records committed with plain git (end to end)")
struct MutatedLedgerCLITests {
    static let fixturesFolder: String = {
        var dir = (#filePath as NSString).deletingLastPathComponent
        while !FileManager.default.fileExists(atPath: dir + "/Package.swift") { dir = (dir as NSString).deletingLastPathComponent }
        return dir + "/Tests/Fixtures/records/valid"
    }()

    /// The valid fixtures that are in canonical form (read without the full YAML parser), by kind.
    static let fixtures: [(name: String, value: RecordValue)] = {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: fixturesFolder)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        return names.compactMap { name in
            guard let data = FileManager.default.contents(atPath: fixturesFolder + "/" + name),
                  let value = CanonicalYAMLParser.parse([UInt8](data)) else { return nil }
            return (name, value)
        }
    }()

    static let mutation = zip(Gen.int(in: 0...99), Gen.int(in: 0...999), Gen.int(in: 0...999)).map { t in RecordMutation(t.0, t.1, t.2) }
    static let round = zip(Gen.int(in: 0...999), mutation.array(of: 1...3))
    /// Fixed, so every run checks the same ledgers; EVIDENT_PROPERTY_SEED=N explores others.
    static let seed: (UInt64, UInt64, UInt64, UInt64) = {
        let n = ProcessInfo.processInfo.environment["EVIDENT_PROPERTY_SEED"].flatMap(UInt64.init) ?? 0
        return (0x7472_7573_7465_6432 ^ n, 0x6576_6964_656E_7421, 0x2026_1201, 0x0001_0101)
    }()

    static let readers: [[String]] = [
        ["readiness"], ["validate"], ["history", "3.5.3"], ["diff", "HEAD~1", "HEAD"], ["evidence", "list"], ["control", "list"],
    ]

    /// Where a record of this fixture's kind lives in a ledger (`n` tells files of one kind apart).
    static func path(for fixture: String, record: RecordValue, evidenceID: String, n: Int) -> String {
        if fixture.hasPrefix("control-") {
            // At its own id's file when it has one (so it is read as that control), else a new file.
            if let id = record["id"]?.stringValue, !id.isEmpty, id.utf8.count <= 64,
               id.utf8.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 45 }) { return "controls/\(id).yaml" }
            return "controls/FUZZ-\(n).yaml"
        }
        if fixture.hasPrefix("evidence-") {
            // In its own id's folder when the id is well-formed; the ledger's own evidence stays.
            if let id = record["id"]?.stringValue, id != evidenceID, id.utf8.count == 18, id.hasPrefix("EV-"),
               id.utf8.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 45 }) {
                let digits = Array(id.utf8)
                return "evidence/\(String(decoding: digits[3..<7], as: UTF8.self))/\(String(decoding: digits[7..<9], as: UTF8.self))/\(id)/record.yaml"
            }
            return "\(fixedMonthFolder)/EV-20260601-FAZZ\(n % 10)Z/record.yaml"
        }
        if fixture.hasPrefix("poam-") { return "poam/POAM-2026-00\(n % 10).yaml" }
        if fixture.hasPrefix("affirmation-") { return "affirmations/2026-06-01-cmmc-l2.yaml" }
        if fixture.hasPrefix("exception-") {
            // At its own id's file when the id is well-formed (so it is read as that exception).
            if let id = record["id"]?.stringValue, id.utf8.count == 19, id.hasPrefix("EXC-"),
               id.utf8.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 45 }) { return "exceptions/\(id).yaml" }
            return "exceptions/EXC-20260601-FAZZ0\(n % 10).yaml"
        }
        return ".evident/ledger.yaml"
    }

    @Test func readingCommandsSurviveMutatedRecords() throws {
        try #require(Set(Self.fixtures.map { $0.name.prefix { $0 != "-" } }) == ["affirmation", "control", "evidence", "exception", "ledger", "poam"])
        let f = LedgerFixture()
        let evidenceID = f.addEvidence(control: "IAM-MFA")
        var rng = Xoshiro(seed: Self.seed)
        // The first commit is a fixed corpus (the values that trapped every reader before, one per
        // kind); the rounds after it are drawn.
        let corpus: [(fixture: String, mutations: [RecordMutation])] = [
            ("control-full.yaml", [RecordMutation(operation: .extremeDuration, position: 0, choice: 0)]),        // P8000Y
            ("control-encryption.yaml", [RecordMutation(operation: .extremeDuration, position: 0, choice: 4)]),  // P999999Y999999M999999W999999D
            ("poam-open-with-milestones.yaml", [RecordMutation(operation: .shiftAllDates, position: 0, choice: 1)]), // 9999-12-31
            ("affirmation-cmmc-l2.yaml", [RecordMutation(operation: .shiftAllDates, position: 0, choice: 0)]),   // 0001-01-01
        ]
        for (k, item) in corpus.enumerated() {
            let fixture = try #require(Self.fixtures.first { $0.name == item.fixture })
            let mutated = RecordMutator.apply(item.mutations, to: fixture.value)
            f.write(Self.path(for: fixture.name, record: mutated, evidenceID: evidenceID, n: 100 + k), CanonicalYAML.emit(mutated))
        }
        #expect(f.git(["add", "-A"]).status == 0)
        #expect(f.git(["-c", "core.hooksPath=/dev/null", "commit", "--quiet", "-m", "corpus"]).status == 0)
        for args in Self.readers {
            let r = f.evident(args, env: nowEnv)
            #expect(CalendarLimitsCLITests.readerStatuses.contains(r.status) && !r.stderr.contains("Fatal error"),
                    "corpus: evident \(args.joined(separator: " ")) exit \(r.status)\n\(r.stderr.prefix(3000))")
        }

        let kinds = ["control-", "evidence-", "poam-", "affirmation-", "exception-", "control-", "evidence-", "ledger-"]
        for (n, kind) in kinds.enumerated() {
            // Three records per commit: one of this round's kind, two of any kind but the ledger's
            // own file (which, broken, makes every command refuse and hides the rest).
            var written = [String]()
            for k in 0..<3 {
                let (pick, mutations) = Self.round.run(using: &rng)
                let pool = Self.fixtures.filter { k == 0 ? $0.name.hasPrefix(kind) : !$0.name.hasPrefix("ledger-") }
                let fixture = pool[pick % pool.count]
                let mutated = RecordMutator.apply(mutations, to: fixture.value)
                let path = Self.path(for: fixture.name, record: mutated, evidenceID: evidenceID, n: n * 3 + k)
                f.write(path, CanonicalYAML.emit(mutated))
                written.append("\(path) <- \(fixture.name) \(mutations)")
            }
            #expect(f.git(["add", "-A"]).status == 0)
            let commit = f.git(["-c", "core.hooksPath=/dev/null", "commit", "--quiet", "--allow-empty", "-m", "mutated records \(n)"])
            try #require(commit.status == 0, "commit: \(commit.stderr)")
            for args in Self.readers {
                let r = f.evident(args, env: nowEnv)
                #expect(CalendarLimitsCLITests.readerStatuses.contains(r.status) && !r.stderr.contains("Fatal error"),
                        "round \(n) \(written): evident \(args.joined(separator: " ")) exit \(r.status)\n\(r.stderr.prefix(3000))")
            }
        }
    }
}
