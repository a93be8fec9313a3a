import LedgerCore

extension ReadinessService {
    /// Where one requirement's result sits in a readiness report (`readiness --explain`).
    public enum Explanation {
        case cmmcL2(CMMCRequirementResult)
        case cmmcL1(RequirementResult)
        case soc2(SOC2CriterionResult)
    }

    /// The requirement `text` names (in any form users write) and its result in `report`.
    /// `revision` is the revision the report was computed at, whose pinned catalogs resolve `text`.
    /// Throws `LedgerError` `.invalidInput` when `text` names no requirement, `.notFound` when the
    /// report computed no framework that holds it.
    public func explain(_ text: String, in report: ReadinessReport, at revision: String) throws -> (requirement: Requirement, result: Explanation) {
        let req: Requirement
        let catalogs = try ledger.resolve(revision).catalogs()
        switch RequirementResolver(catalogs).resolve(text) {
        case .success(let r): req = r
        case .failure(let e):
            // Suggest ids of the frameworks asked about (a SOC 2 question gets SOC 2 ids), when
            // that narrows anything down; else of every pinned catalog.
            let asked: [String: String] = ["cmmc-l2": Catalogs.nistID, "cmmc-l1": Catalogs.cmmcL1ID, "soc2": Catalogs.soc2ID]
            let mine = catalogs.catalogs.filter { c in report.order.contains { asked[$0] == c.id } }
            if !mine.isEmpty, mine.count < catalogs.catalogs.count, case .failure(let narrowed) = RequirementResolver(catalogs: mine).resolve(text) {
                throw narrowed.ledgerError
            }
            throw e.ledgerError
        }
        if let q = report.cmmcL2?.requirements.first(where: { $0.base.requirement.qualifiedID == req.qualifiedID }) {
            return (req, .cmmcL2(q))
        } else if let q = report.cmmcL1?.requirements.first(where: { $0.requirement.qualifiedID == req.qualifiedID }) {
            return (req, .cmmcL1(q))
        } else if let c = report.soc2?.criteria.first(where: { $0.requirement.qualifiedID == req.qualifiedID }) {
            return (req, .soc2(c))
        }
        throw LedgerError.notFound("\(req.qualifiedID) is not part of the frameworks computed here (in scope: \(report.order.joined(separator: ", ")))")
    }
}
