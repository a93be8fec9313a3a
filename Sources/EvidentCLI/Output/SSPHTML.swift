import Foundation
import Ledger
import LedgerCore
import Mustache

/// `evident export ssp --format html`: one self-contained file (inline CSS, no script, no
/// external resource) rendered from the Mustache template `SSPTemplate.html`, with real tables
/// (captions, `th` headers with scope) and a print stylesheet. Mustache escapes every value for
/// HTML. The values come from `SystemSecurityPlan` with the words of `SSPWords`, so the HTML says
/// what the Markdown says. Keys are prefixed by their level (`sys`, `part`, `req`, `ctl`, `ev`,
/// `exc`): Mustache looks a missing key up in the enclosing levels, and a control without a
/// description must not show the system's.
enum SSPHTML {
    static func render(_ p: SystemSecurityPlan) throws -> String {
        let template: MustacheTemplate
        do { template = try MustacheTemplate(string: SSPTemplate.html) } catch {
            throw LedgerError(.failure, "the SSP's HTML template does not parse: \(error)")
        }
        return template.render(context(p))
    }

    static func context(_ p: SystemSecurityPlan) -> [String: Any] {
        let s = p.system
        let unset = "(not set)"
        var c: [String: Any] = [
            "docTitle": SSPWords.title(p),
            "docOrganization": p.organization,
            "docRevision": SSPWords.revisionLine(p),
            "asOf": p.asOf.description,
            "sysFields": [
                ["label": "Organization", "value": p.organization],
                ["label": "System name", "value": s.name ?? unset],
                ["label": "Scope", "value": s.scope ?? unset],
                ["label": "CAGE codes", "value": s.cageCodes.isEmpty ? unset : s.cageCodes.joined(separator: ", ")],
                ["label": "SSP version", "value": s.sspVersion ?? unset],
                ["label": "SSP date", "value": s.sspDate?.description ?? unset],
                ["label": "Environments", "value": s.environments.isEmpty ? unset : s.environments.joined(separator: "; ")],
                ["label": "Frameworks in scope", "value": SSPWords.frameworks(p)],
            ],
            "sysDescription": s.description ?? unset,
            "sysBoundary": s.boundary ?? unset,
            "sysRoles": SSPWords.rolesRows(s).map { row -> [String: Any] in
                let v = SSPWords.person(row.1)
                return ["role": row.0, "name": v[0], "title": v[1], "email": v[2]]
            },
            "readiness": SSPWords.readiness(p) + p.report.notes.map { "Note: " + $0 },
        ]
        if let v = s.sspVersion { c["docVersion"] = v }
        if let d = s.sspDate { c["docDate"] = d.description }
        if !p.missing.isEmpty {
            c["sysMissing"] = p.missing.map { ["field": $0.rawValue, "command": $0.setCommand] }
        }
        var toc: [[String: Any]] = [["anchor": "system", "title": "1. The system"], ["anchor": "readiness", "title": "2. Readiness as of \(p.asOf)"]]
        var parts = [[String: Any]]()
        for (n, part) in p.parts.enumerated() {
            let anchor = "part-" + part.framework
            let title = "\(n + 3). " + SSPWords.partTitle(part)
            toc.append(["anchor": anchor, "title": title])
            parts.append([
                "partAnchor": anchor, "partTitle": title, "partIntro": SSPWords.partIntro(part, p),
                "partFamilies": part.families.map { f -> [String: Any] in
                    ["famTitle": SSPWords.familyTitle(f), "famEntries": f.entries.map { entry($0, part: part) }]
                },
            ])
        }
        c["toc"] = toc
        c["parts"] = parts
        return c
    }

    static func entry(_ e: SystemSecurityPlan.Entry, part: SystemSecurityPlan.Part) -> [String: Any] {
        let r = e.requirement
        let soc2 = part.framework == "soc2"
        var out: [String: Any] = [
            "reqAnchor": part.framework + "-" + r.id,
            "reqName": r.cmmcID.map { "\($0) (\(r.id))" } ?? r.id,
            "reqTitle": r.title,
            "reqStatus": SSPWords.status(e.status),
            "reqStatusClass": "status-" + e.status.replacingOccurrences(of: "_", with: "-"),
            "reqStatusDetail": SSPWords.statusDetail(e, framework: part.framework),
        ]
        if !e.counterparts.isEmpty { out["reqCounterparts"] = e.counterparts.joined(separator: ", ") }
        if SSPWords.showsReasons(e), !e.reasons.isEmpty { out["reqReasons"] = e.reasons }
        if let poam = e.poam {
            out["reqPoam"] = ["poamID": poam.id, "poamOpened": poam.opened.description, "poamDue": poam.scheduledCompletion.description, "poamWeakness": poam.weakness]
        }
        if e.controls.isEmpty {
            out["reqNoControls"] = true
        } else {
            out["reqSOC2"] = soc2
            out["reqControls"] = e.controls.map { c -> [String: Any] in
                var row: [String: Any] = [
                    "ctlID": c.control.id, "ctlTitle": c.control.title, "ctlStatus": c.control.status.replacingOccurrences(of: "_", with: " "),
                    "ctlOwner": c.control.owner, "ctlFrequency": c.control.frequency.replacingOccurrences(of: "_", with: " "),
                    "ctlAttributes": SSPWords.attributes(c.control), "ctlEvidenceCount": String(c.evidence.count),
                ]
                if let d = c.control.description, !d.isBlankText { row["ctlDescription"] = d }
                if let problem = c.problem, !SSPWords.showsReasons(e) { row["ctlProblem"] = problem }
                if c.control.status == ControlStatus.notApplicable.rawValue { row["ctlJustification"] = c.control.justification ?? "" }
                return row
            }
            if !soc2 {
                let controls = e.controls
                let rows = LazyRows {
                    AnyIterator(controls.lazy.flatMap { c in
                        c.evidence.lazy.flatMap { ev in
                            ev.record.artifacts.lazy.map { a -> Any in
                                ["evControl": c.control.id, "evID": ev.record.id, "evTitle": ev.record.title, "evCollected": ev.record.collectedAt.day.description,
                                 "evUntil": ev.validUntil.description, "evPath": a.path, "evSHA": a.sha256] as [String: Any]
                            }
                        }
                    }.makeIterator())
                }
                if rows.first != nil { out["reqEvidence"] = rows } else if e.status != "not_applicable" { out["reqNoEvidence"] = true }
            }
        }
        if !e.exceptions.isEmpty {
            out["reqExceptions"] = e.exceptions.map { x -> [String: Any] in
                var row: [String: Any] = [
                    "excHeading": SSPWords.exceptionHeading(x), "excOpened": x.opened.description, "excDescription": x.description,
                    "excEffect": SSPWords.exceptionEffect(x, entry: e),
                ]
                if let section = x.sspSection { row["excSection"] = section }
                if !x.mitigations.isEmpty { row["excMitigations"] = x.mitigations }
                if !x.actions.isEmpty { row["excActions"] = x.actions.map { ["excDate": $0.date.description, "excText": $0.text] } }
                if !x.reviews.isEmpty { row["excReviews"] = x.reviews.map { ["excDate": $0.date.description, "excText": $0.note] } }
                return row
            }
        }
        return out
    }
}

/// Rows the template makes one at a time as it reaches them, not all before it starts: the
/// evidence table of a requirement lists every artifact of its controls (110,000 rows in all on
/// the 100k bench ledger, as dictionaries 70 MB at once). `first`, `count` and `empty` as for an
/// array; each iteration makes the rows again.
struct LazyRows: MustacheSequence, MustacheTransformable {
    let rows: () -> AnyIterator<Any>

    init(_ rows: @escaping () -> AnyIterator<Any>) { self.rows = rows }

    func makeIterator() -> AnyIterator<Any> { rows() }

    var first: Any? { rows().next() }

    func transform(_ name: String) -> Any? {
        switch name {
        case "first": return first
        case "count": return reduce(0) { n, _ in n + 1 }
        case "empty": return first == nil
        default: return nil
        }
    }
}
