// libFuzzer target for the record readers (issue "trust": no record can crash a reader).
// Not part of the package build: `make fuzz` compiles it with swiftc -sanitize=fuzzer,address
// together with LedgerCore, Yams and Sources/Ledger/YAMLReader.swift (Fuzz/build.sh).
//
// Input: the first byte picks the record kind (0 control, 1 evidence, 2 poam, 3 affirmation,
// 4 ledger.yaml, 5 a snapshot tag's message with its JSON manifest), the rest is the bytes. Each input goes
// through YAMLReader (the canonical fast parser, then Yams), the kind's decoder, and, when it
// decodes, the readiness engine with that record beside a small fixed ledger, at dates on and
// past the calendar's edges. Only a crash, a sanitizer report or a timeout is a finding.
import Foundation
import LedgerCore

let kinds = ["controls/FUZZ.yaml", "evidence/2026/06/EV-20260601-FAZZ00/record.yaml", "poam/POAM-2026-001.yaml",
             "affirmations/2026-06-01-cmmc-l2.yaml", ".evident/ledger.yaml"]

func day(_ s: String) -> Day { Day(s) ?? CalendarLimits.firstDay }

let baseControl = ControlRecord(id: "IAM-MFA", title: "MFA", owner: "o@example.test", status: "implemented", frequency: "monthly",
                                maps: [(Catalogs.nistID, ["3.5.3"]), (Catalogs.soc2ID, ["CC6.1"])])
let baseEvidence = EvidenceRecord(id: "EV-20260601-AAAAAA", title: "e", controls: ["IAM-MFA"], collectedAt: Timestamp(day: day("2026-06-01")),
                                  collectedBy: "t", method: "automated", classification: "internal",
                                  artifacts: [.init(path: "a.json", sha256: String(repeating: "0", count: 64), bytes: 1, mediaType: "application/json")])
let baseConfig = LedgerConfig(organization: "Fuzz", frameworks: [FrameworkScope(id: "cmmc-l2"), FrameworkScope(id: "cmmc-l1"), FrameworkScope(id: "soc2")],
                              createdAt: Timestamp(day: day("2026-01-01")))
let requests = [
    ReadinessRequest(asOf: day("2026-11-29")),
    ReadinessRequest(asOf: CalendarLimits.lastDay, statusDate: day("9999-10-01"), latestAssessment: CalendarLimits.lastDay),
    ReadinessRequest(frameworks: ["soc2"], asOf: CalendarLimits.lastDay, soc2Type: 2, period: .init(from: day("9990-01-01"), to: CalendarLimits.lastDay)),
    ReadinessRequest(frameworks: ["soc2"], asOf: CalendarLimits.firstDay, soc2Type: 2, period: .init(from: CalendarLimits.firstDay, to: day("0001-03-31"))),
]

func readiness(controls: [ControlRecord], evidence: [EvidenceRecord], poams: [PoamRecord], affirmations: [AffirmationRecord], config: LedgerConfig, pick: UInt8,
               request: ReadinessRequest? = nil) {
    let input = ReadinessInput(config: config, catalogs: .builtIn, controls: controls, evidence: evidence, poams: poams, affirmations: affirmations)
    guard let report = try? ReadinessReport.evaluate(input, request ?? requests[Int(pick) % requests.count], revision: "fuzz") else { return }
    _ = report.render(markdown: pick & 1 == 0)
    _ = JSONText.emit(report.jsonValue)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let pick = data[0]
    let body = Data(UnsafeBufferPointer(start: data + 1, count: size - 1))
    // Kind 5: a snapshot tag's message, whose manifest (JSON) diff, history and verify read.
    if Int(pick) % (kinds.count + 1) == kinds.count {
        let message = String(decoding: body, as: UTF8.self)
        if let json = SnapshotManifest.extract(fromMessage: message), let m = try? SnapshotManifest.parse(json: json) {
            if let period = m.period {
                readiness(controls: [baseControl], evidence: [baseEvidence], poams: [], affirmations: [], config: baseConfig, pick: pick >> 3,
                          request: ReadinessRequest(frameworks: ["soc2"], asOf: m.asOf, soc2Type: 2, period: period))
            }
        }
        return 0
    }
    let file = kinds[Int(pick) % (kinds.count + 1)]
    _ = CanonicalYAMLParser.nestingBound([UInt8](body))
    guard let value = try? YAMLReader.parse(body, file: file) else { return 0 }
    var controls = [baseControl], evidence = [baseEvidence], poams = [PoamRecord](), affirmations = [AffirmationRecord](), config = baseConfig
    switch Int(pick) % (kinds.count + 1) {
    case 0:
        let (r, _) = ControlRecord.decode(value, file: file)
        if let r { _ = r.check(against: .builtIn, file: file); controls.append(r) }
    case 1:
        if let r = EvidenceRecord.decode(value, file: file).0 { evidence.append(r) }
    case 2:
        if let r = PoamRecord.decode(value, file: file).0 { poams.append(r) }
    case 3:
        if let r = AffirmationRecord.decode(value, file: file).0 { affirmations.append(r) }
    default:
        if let r = LedgerConfig.decode(value, file: file).0 { config = r }
    }
    // Writing a record back must not trap either (evident rewrites records in canonical form).
    _ = CanonicalYAML.emit(value)
    readiness(controls: controls, evidence: evidence, poams: poams, affirmations: affirmations, config: config, pick: pick >> 3)
    return 0
}
