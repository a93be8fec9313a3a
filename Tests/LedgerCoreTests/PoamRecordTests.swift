import LedgerCore
import Testing

/// The POA&M and affirmation records: canonical form, what the decoder refuses, and the small
/// rules the commands rely on (ids, open-at-a-day, file paths).
@Suite struct PoamRecordTests {
    static func day(_ s: String) -> Day { Day(s)! }

    static let sample = PoamRecord(
        id: "POAM-2026-001", requirement: "nist-800-171r2:3.1.9", weakness: "Banner missing: jump hosts show no CUI notice",
        opened: day("2026-06-01"), scheduledCompletion: day("2026-08-15"),
        milestones: [.init(date: day("2026-07-01"), description: "Banner text approved")])

    @Test func canonicalFormHasTheSchemaKeyOrder() {
        let text = CanonicalYAML.emit(Self.sample.recordValue)
        #expect(text == """
        schema: evident/poam/v1
        id: POAM-2026-001
        requirement: nist-800-171r2:3.1.9
        weakness: "Banner missing: jump hosts show no CUI notice"
        opened: 2026-06-01
        scheduled_completion: 2026-08-15
        milestones:
        - date: 2026-07-01
          description: Banner text approved
        status: open

        """)
    }

    @Test func closedRecordRoundTrips() {
        var r = Self.sample
        r.status = "closed"
        r.closed = Self.day("2026-07-20")
        r.milestones = []
        let text = CanonicalYAML.emit(r.recordValue)
        #expect(text.hasSuffix("milestones: []\nstatus: closed\nclosed: 2026-07-20\n"))
        let (decoded, issues) = PoamRecord.decode(r.recordValue, file: r.path)
        #expect(issues.isEmpty)
        #expect(decoded == r)
        #expect(r.path == "poam/POAM-2026-001.yaml")
    }

    @Test(arguments: ["POAM-20260601-7K3QX2", "POAM-20261231-000000", "POAM-2026-001", "POAM-2027-999", "POAM-2026-1000"])
    func validIDs(_ id: String) { #expect(PoamRecord.isValidID(id)) }

    @Test(arguments: ["POAM-26-001", "poam-2026-001", "POAM-2026-01", "POAM-2026-00A", "POAM-2026_001", "", "EV-20260601-ABCDEF",
                      "POAM-20260601-7K3QX", "POAM-20260601-7K3QXI", "POAM-2026060-7K3QX2A", "POAM-20260601_7K3QX2", "POAM-20260601-7k3qx2"])
    func invalidIDs(_ id: String) { #expect(!PoamRecord.isValidID(id)) }

    /// New ids: the opening day, then six Crockford base32 characters from the generator, so the
    /// same seed gives the same id and two clones (different salts) do not.
    @Test func madeIDsCarryTheOpeningDay() {
        var a = SplitMix64(seed: 7)
        var b = SplitMix64(seed: 7)
        var c = SplitMix64(seed: 8)
        let day = Day(year: 2026, month: 6, day: 1) ?? CalendarLimits.firstDay
        let id = PoamRecord.makeID(opened: day, using: &a)
        #expect(id.hasPrefix("POAM-20260601-") && PoamRecord.isValidID(id))
        #expect(PoamRecord.makeID(opened: day, using: &b) == id)
        #expect(PoamRecord.makeID(opened: day, using: &c) != id)
    }

    @Test func openAtADay() {
        var r = Self.sample
        #expect(!r.isOpen(at: Self.day("2026-05-31")))
        #expect(r.isOpen(at: Self.day("2026-06-01")))
        #expect(r.isOpen(at: Self.day("2027-01-01")))
        r.status = "closed"
        r.closed = Self.day("2026-07-20")
        #expect(r.isOpen(at: Self.day("2026-07-19")))
        #expect(!r.isOpen(at: Self.day("2026-07-20")))
    }

    /// Replaces (or with nil removes) one top-level key of the sample.
    static func with(_ key: String, _ value: RecordValue?) -> RecordValue {
        guard case .map(var pairs) = sample.recordValue else { return sample.recordValue }
        if let i = pairs.firstIndex(where: { $0.0 == key }) {
            if let value { pairs[i].1 = value } else { pairs.remove(at: i) }
        } else if let value {
            pairs.append((key, value))
        }
        return .map(pairs)
    }

    @Test(arguments: [
        ("id", RecordValue.string("POAM-26-1"), "id"),
        ("requirement", .string("3.1.9"), "requirement"),
        ("weakness", .string("   "), "weakness"),
        ("status", .string("pending"), "status"),
        ("closed", .string("2026-07-01"), "closed"),
        ("scheduled_completion", .string("2026-05-01"), "scheduled_completion"),
        ("opened", .string("2026-02-30"), "opened"),
        ("milestones", .string("soon"), "milestones"),
        ("owner", .string("it"), "owner"),
    ])
    func decoderRefuses(_ key: String, _ value: RecordValue, _ field: String) {
        let (record, issues) = PoamRecord.decode(Self.with(key, value), file: "poam/POAM-2026-001.yaml")
        #expect(record == nil)
        #expect(issues.contains { $0.field == field }, "\(issues)")
    }

    @Test func closedStatusNeedsItsDay() {
        let (record, issues) = PoamRecord.decode(Self.with("status", .string("closed")), file: "x.yaml")
        #expect(record == nil)
        #expect(issues.map(\.field) == ["closed"])
    }

    @Test func recordMustLiveUnderItsID() {
        let (record, issues) = PoamRecord.decode(Self.sample.recordValue, file: "poam/POAM-2026-002.yaml")
        #expect(record == nil)
        #expect(issues.first?.field == "id")
    }

    // MARK: Affirmations

    @Test func affirmationPathAndKeyOrder() {
        let a = AffirmationRecord(framework: "cmmc", level: 2, official: "Jane Doe", officialTitle: "CEO", date: Self.day("2026-06-01"),
                                  statement: "We affirm.")
        var rng = SplitMix64(seed: 7)
        let path = a.path(using: &rng)
        #expect(path.hasPrefix("affirmations/2026-06-01-cmmc-l2-") && path.hasSuffix(".yaml") && path.count == "affirmations/2026-06-01-cmmc-l2-XXXXXX.yaml".count)
        #expect(a.belongs(at: path))
        // The first form of the name stays valid; another day or framework does not.
        #expect(a.belongs(at: "affirmations/2026-06-01-cmmc-l2.yaml"))
        #expect(!a.belongs(at: "affirmations/2026-06-02-cmmc-l2.yaml") && !a.belongs(at: "affirmations/2026-06-01-cmmc-l1-7K3QX2.yaml"))
        #expect(!a.belongs(at: "affirmations/2026-06-01-cmmc-l2-7K3QX.yaml") && !a.belongs(at: "affirmations/2026-06-01-cmmc-l2-7k3qx2.yaml"))
        #expect(a.frameworkTag == "cmmc-l2")
        #expect(CanonicalYAML.emit(a.recordValue) == """
        schema: evident/affirmation/v1
        framework: cmmc
        level: 2
        official: Jane Doe
        official_title: CEO
        date: 2026-06-01
        statement: We affirm.

        """)
        #expect(AffirmationRecord.decode(a.recordValue, file: path).0 == a)
        let soc2 = AffirmationRecord(framework: "soc2", level: nil, official: "Raj", officialTitle: "CISO", date: Self.day("2026-12-31"), statement: "x")
        #expect(soc2.path(using: &rng).hasPrefix("affirmations/2026-12-31-soc2-"))
        #expect(!CanonicalYAML.emit(soc2.recordValue).contains("level"))
        #expect(AffirmationRecord.decode(soc2.recordValue, file: "affirmations/2026-12-31-soc2.yaml").0 == soc2)
    }

    @Test(arguments: [0, 4])
    func affirmationLevelOutOfRange(_ level: Int) {
        let a = AffirmationRecord(framework: "cmmc", level: level, official: "J", officialTitle: "CEO", date: Self.day("2026-06-01"), statement: "x")
        let (record, issues) = AffirmationRecord.decode(a.recordValue, file: "a.yaml")
        #expect(record == nil)
        #expect(issues.map(\.field) == ["level"])
    }

    @Test func cmmcAffirmationNeedsALevel() {
        let a = AffirmationRecord(framework: "cmmc", level: nil, official: "J", officialTitle: "CEO", date: Self.day("2026-06-01"), statement: "x")
        #expect(AffirmationRecord.decode(a.recordValue, file: "a.yaml").1.map(\.field) == ["level"])
    }
}
