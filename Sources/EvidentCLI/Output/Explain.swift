import Ledger
import LedgerCore

/// `readiness --explain REQ`: the whole reason chain of one requirement or criterion.
enum Explain {
    /// The explanation as text, or as the requirement's entry of the readiness JSON.
    static func render(_ report: ReadinessReport, requirement req: Requirement, result: ReadinessService.Explanation, json: Bool) -> String {
        var lines = ["\(req.qualifiedID)\(req.cmmcID.map { " (\($0))" } ?? "")  \(req.title)"]
        let value: RecordValue
        switch result {
        case .cmmcL2(let q):
            lines.append("  status: \(q.base.status.rawValue)  points: \(req.points.map(String.init) ?? "none")  deduction: \(q.deduction.map(String.init) ?? "-")")
            lines.append("  POA&M: \(q.poam ?? "none")  (\(q.poamEligible ? "eligible" : "not eligible") under 32 CFR 170.21(a)(2))")
            if let e = q.exception { lines.append("  exception: \(e)  (scored MET while it is open, cmmc-rules.md §12.7)") }
            lines.append("  controls: \(q.base.controls.isEmpty ? "none" : q.base.controls.joined(separator: ", "))")
            lines.append("  evidence valid on \(report.asOf): \(q.base.evidence.isEmpty ? "none" : q.base.evidence.joined(separator: ", "))")
            lines += q.base.reasons.map { "    - \($0)" }
            value = report.jsonValue["frameworks"]?.listValue?.first { $0["id"]?.stringValue == "cmmc-l2" }?["requirements"]?.listValue?
                .first { $0["id"]?.stringValue == req.id } ?? .null
        case .cmmcL1(let q):
            lines.append("  status: \(q.status.rawValue)")
            lines.append("  controls: \(q.controls.isEmpty ? "none" : q.controls.joined(separator: ", "))")
            lines += q.reasons.map { "    - \($0)" }
            value = report.jsonValue["frameworks"]?.listValue?.first { $0["id"]?.stringValue == "cmmc-l1" }?["requirements"]?.listValue?
                .first { $0["id"]?.stringValue == req.id } ?? .null
        case .soc2(let c):
            lines.append("  status: \(c.status.rawValue.replacing("_", with: " "))")
            lines += c.justifications.map { "    - not applicable: \($0)" }
            lines.append("  controls: \(c.controls.isEmpty ? "none" : c.controls.joined(separator: ", "))")
            lines += c.gaps.map { g in "    - " + (g.kind.map { "\(ReadinessText.words($0)): " } ?? "") + g.reason }
            value = report.jsonValue["frameworks"]?.listValue?.first { $0["id"]?.stringValue == "soc2" }?["criteria"]?.listValue?
                .first { $0["id"]?.stringValue == req.id } ?? .null
        }
        return json ? JSONText.emit(value) : lines.joined(separator: "\n")
    }
}
