import Foundation
import Ledger
import LedgerCore

/// `readiness --explain REQ`: the whole reason chain of one requirement or criterion.
enum Explain {
    static func render(_ report: ReadinessReport, requirement text: String, catalogs: CatalogSet, json: Bool) throws -> String {
        let req: Requirement
        switch RequirementResolver(catalogs).resolve(text) {
        case .success(let r): req = r
        case .failure(let e): throw LedgerError.invalid(e.description)
        }
        var lines = ["\(req.qualifiedID)\(req.cmmcID.map { " (\($0))" } ?? "")  \(req.title)"]
        var value: RecordValue = .null
        if let q = report.cmmcL2?.requirements.first(where: { $0.base.requirement.qualifiedID == req.qualifiedID }) {
            lines.append("  status: \(q.base.status.rawValue)  points: \(req.points.map(String.init) ?? "none")  deduction: \(q.deduction.map(String.init) ?? "-")")
            lines.append("  POA&M: \(q.poam ?? "none")  (\(q.poamEligible ? "eligible" : "not eligible") under 32 CFR 170.21(a)(2))")
            lines.append("  controls: \(q.base.controls.isEmpty ? "none" : q.base.controls.joined(separator: ", "))")
            lines.append("  evidence valid on \(report.asOf): \(q.base.evidence.isEmpty ? "none" : q.base.evidence.joined(separator: ", "))")
            lines += q.base.reasons.map { "    - \($0)" }
            value = report.jsonValue["frameworks"]?.listValue?.first { $0["id"]?.stringValue == "cmmc-l2" }?["requirements"]?.listValue?
                .first { $0["id"]?.stringValue == req.id } ?? .null
        } else if let q = report.cmmcL1?.requirements.first(where: { $0.requirement.qualifiedID == req.qualifiedID }) {
            lines.append("  status: \(q.status.rawValue)")
            lines.append("  controls: \(q.controls.isEmpty ? "none" : q.controls.joined(separator: ", "))")
            lines += q.reasons.map { "    - \($0)" }
            value = report.jsonValue["frameworks"]?.listValue?.first { $0["id"]?.stringValue == "cmmc-l1" }?["requirements"]?.listValue?
                .first { $0["id"]?.stringValue == req.id } ?? .null
        } else if let c = report.soc2?.criteria.first(where: { $0.requirement.qualifiedID == req.qualifiedID }) {
            lines.append("  status: \(c.isReady ? "ready" : "not ready")")
            lines.append("  controls: \(c.controls.isEmpty ? "none" : c.controls.joined(separator: ", "))")
            lines += c.gaps.map { "    - \($0.reason)" }
            value = report.jsonValue["frameworks"]?.listValue?.first { $0["id"]?.stringValue == "soc2" }?["criteria"]?.listValue?
                .first { $0["id"]?.stringValue == req.id } ?? .null
        } else {
            throw LedgerError.notFound("\(req.qualifiedID) is not part of the frameworks computed here (in scope: \(report.order.joined(separator: ", ")))")
        }
        return json ? JSONText.emit(value) : lines.joined(separator: "\n")
    }
}
