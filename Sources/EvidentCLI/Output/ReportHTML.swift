import Foundation
import Ledger
import LedgerCore
import Mustache

/// `evident report`: the pages of the static site, rendered from `ReportTemplate` with the
/// values of one `ReportService.Report`, in the words `evident readiness`, `diff` and `calendar`
/// print. Keys are prefixed by their level (`card`, `chart`, `r`, `ev` ...): Mustache looks a
/// missing key up in the enclosing levels, and one row must never show another's value.
enum ReportHTML {
    /// Every file of the site, in the order the command lists them: index.html, one page per
    /// framework in scope, diff.html, evidence.html, style.css.
    static func files(_ r: ReportService.Report, rowsByTemplate: Bool = false) throws -> [ExportFile] {
        var library = MustacheLibrary()
        for (name, text) in ReportTemplate.all.sorted(by: { $0.key < $1.key }) {
            do { try library.register(text, named: name) } catch {
                throw LedgerError(.failure, "the report's template \(name) does not parse: \(error)")
            }
        }
        let templates = library
        func renderText(_ template: String, _ context: [String: Any]) throws -> String {
            guard let text = templates.render(context, withTemplate: template) else {
                throw LedgerError(.failure, "the report's template \(template) is missing")
            }
            return text
        }
        func render(_ template: String, _ context: [String: Any]) throws -> Data { Data(try renderText(template, context).utf8) }
        // The pages before the evidence index, rendered on every core (each is a pure function of
        // the report; the library is read only).
        var pages: [(name: String, make: () throws -> Data)] = [
            ("index.html", { try render("index", page(r, current: "index.html", heading: "Compliance readiness", title: "Readiness", index(r))) })
        ]
        for f in frameworks(r) {
            pages.append((f.file, { try render("framework", page(r, current: f.file, heading: f.heading, title: f.name, f.context)) }))
        }
        pages.append(("diff.html", { try render("diff", page(r, current: "diff.html", heading: "Changes since the previous snapshot", title: "Changes", diffPage(r))) }))
        let rendered = Parallel.map(pages) { p in Result { try p.make() } }
        var out = [ExportFile]()
        for (p, data) in zip(pages, rendered) { out.append(ExportFile(p.name, try data.get())) }
        // The evidence index has a row per artifact (110,000 on a large ledger): the page is
        // rendered from its template without the rows, and the rows are written here as the
        // template's row would render them (`evidenceRows`; ReportTests holds the two to the same bytes).
        let evidencePage = page(r, current: "evidence.html", heading: "Evidence index", title: "Evidence", evidence(r, rows: rowsByTemplate))
        if rowsByTemplate || r.evidence.isEmpty {
            out.append(ExportFile("evidence.html", try render("evidence", evidencePage)))
        } else {
            let frame = try renderText("evidence", evidencePage)
            guard let body = frame.range(of: "<tbody>\n</tbody>\n") else {
                throw LedgerError(.failure, "the report's evidence template has no empty table body to fill")
            }
            // Written to its file a few thousand rows at a time (the page is 71 MB on the 100k
            // bench ledger, which held in memory took the report over its memory bound).
            let head = Data((frame[..<body.lowerBound] + "<tbody>\n").utf8)
            let tail = Data(frame[body.lowerBound...].dropFirst("<tbody>\n".count).utf8)
            out.append(ExportFile("evidence.html", produce: { emit in
                try emit(head)
                try evidenceRows(r) { try emit(Data($0)) }
                try emit(tail)
            }))
        }
        out.append(ExportFile("style.css", Data(ReportStyle.css.utf8)))
        return out
    }

    // MARK: The frame of every page

    static func page(_ r: ReportService.Report, current: String, heading: String, title: String, _ body: [String: Any]) -> [String: Any] {
        var nav: [[String: Any]] = [["navHref": "index.html", "navLabel": "Overview"]]
        for id in r.readiness.order { nav.append(["navHref": id + ".html", "navLabel": ReportWords.frameworkName(id)]) }
        nav += [["navHref": "diff.html", "navLabel": "Changes"], ["navHref": "evidence.html", "navLabel": "Evidence"]]
        nav = nav.map { item in
            var item = item
            if item["navHref"] as? String == current { item["navCurrent"] = true }
            return item
        }
        var notes = r.readiness.notes.map { "Note: " + $0 }
        if !r.issues.isEmpty {
            notes.append("\(r.issues.count) record\(r.issues.count == 1 ? "" : "s") did not validate and \(r.issues.count == 1 ? "is" : "are") left out: run 'evident validate' to see \(r.issues.count == 1 ? "it" : "them").")
        }
        notes += r.notices.map { "Note: " + $0 }
        var c = body
        c["pageTitle"] = "\(title) · \(r.organization) · \(r.asOf)"
        c["pageHeading"] = heading
        c["organization"] = r.organization
        c["judged"] = ReportWords.judged(r)
        c["nav"] = nav
        c["asOf"] = r.asOf.description
        c["footer"] = "Computed by evident \(EvidentVersion.current) from the git objects of revision \(r.revision.hex) (committed \(r.committedAt)); the same revision gives the same report."
        if !notes.isEmpty { c["footNotes"] = notes }
        return c
    }

    // MARK: index.html

    static func index(_ r: ReportService.Report) -> [String: Any] {
        var c: [String: Any] = [:]
        let cards = overviewCards(r)
        c["cards"] = cards
        if cards.isEmpty { c["noFrameworks"] = "No framework evident computes (cmmc-l1, cmmc-l2, soc2) is in scope (.evident/ledger.yaml)." }
        // The trend: every snapshot up to the revision.
        if r.trend.isEmpty {
            c["trendNone"] = "No snapshot yet at or before this revision, so there is no trend to draw."
            c["trendCommand"] = "evident snapshot create NAME --kind \(r.readiness.order.contains("cmmc-l2") ? "cmmc-l2-self" : r.readiness.order.contains("cmmc-l1") ? "cmmc-l1-self" : "soc2-type1")"
        } else {
            c["trendHas"] = true
            c["trendIntro"] = r.trend.count == 1
                ? "One snapshot so far: each snapshot is drawn as it recorded its result (never recomputed), so the line grows with every snapshot taken."
                : "\(r.trend.count) snapshots up to this revision, oldest first, each drawn as it recorded its result (never recomputed under later rules)."
            var charts = [[String: Any]]()
            if r.trend.contains(where: { $0.sprsScore != nil }) {
                var chart = ReportChart.sprs(r.trend).context
                chart["chartSeries"] = "sprs"
                charts.append(chart)
            }
            if r.trend.contains(where: { $0.soc2Share != nil }) {
                var chart = ReportChart.soc2(r.trend).context
                chart["chartSeries"] = "soc2"
                chart["chartSquares"] = true
                charts.append(chart)
            }
            c["charts"] = charts
            if r.trend.contains(where: { $0.cmmcL1Status != nil }) { c["trendHasL1"] = true }
            c["trendRows"] = r.trend.map { p -> [String: Any] in
                let none = "not recorded"
                return [
                    "tName": p.name, "tKind": p.kind, "tAsOf": p.asOf.description,
                    "tScore": p.sprsScore.map(String.init) ?? (p.cmmcL2Status != nil ? "no score" : none),
                    "tL2": p.cmmcL2Status.map(ReportWords.result) ?? none,
                    "tL1": p.cmmcL1Status.map { "\(p.cmmcL1Met ?? 0) of \(p.cmmcL1Total ?? 0) MET, \(ReportWords.result($0))" } ?? none,
                    "tSOC2": p.soc2Ready.map { "\($0) of \(p.soc2Applicable ?? 0)" + (p.soc2Share.map { " (\(ReportWords.percent($0)))" } ?? "") } ?? none,
                    "tSOC2Status": p.soc2Status.map { "Type \(p.soc2Type ?? 1), \(ReportWords.result($0))" } ?? none,
                ]
            }
        }
        diffContext(r, into: &c)
        // Evidence expiring soon.
        let soon = r.expiring.filter { $0.days >= 0 }.count, gone = r.expiring.count - soon
        c["expIntro"] = "Implemented controls whose best evidence ends within \(r.expiringWithin) days of \(r.asOf), and those whose evidence has already ended (newer evidence that lasts longer keeps a control off this list)."
        if r.expiring.isEmpty {
            c["expIntro"] = "No implemented control's evidence ends within \(r.expiringWithin) days of \(r.asOf), and none has ended."
        } else {
            c["expHasRows"] = true
            c["expCaption"] = "\(soon) ending within \(r.expiringWithin) days, \(gone) already ended"
            c["expRows"] = r.expiring.map { e -> [String: Any] in
                [
                    "expUntil": e.validUntil.description, "expControl": e.control, "expEvidence": e.evidence, "expTitle": e.title,
                    "expBadge": e.days < 0 ? ReportWords.badge(.bad, "expired \(-e.days) \(e.days == -1 ? "day" : "days") ago")
                        : ReportWords.badge(e.days <= 7 ? .bad : .warn, e.days == 0 ? "ends today" : "in \(e.days) \(e.days == 1 ? "day" : "days")"),
                ]
            }
        }
        calendarContext(r, into: &c)
        return c
    }

    static func overviewCards(_ r: ReportService.Report) -> [[String: Any]] {
        let report = r.readiness
        var cards = [[String: Any]]()
        for id in report.order {
            switch id {
            case "cmmc-l2":
                guard let l2 = report.cmmcL2 else { continue }
                let counts = ReportWords.counts(l2.requirements.map(\.base.status))
                var rows: [[String: Any]] = [["rowLabel": "Requirements", "rowValue": counts]]
                for held in l2.heldByAssessment.isEmpty ? (l2.held.map { [$0] } ?? []) : l2.heldByAssessment {
                    rows.append(["rowLabel": "Status held", "rowValue": held.sentence(at: report.asOf)])
                }
                if let end = l2.planOfActionCompletion { rows.append(["rowLabel": "Plan of action completion", "rowValue": end.description]) }
                let reasons = l2.statusReasons + l2.warnings.map { "warning: " + $0 }
                cards.append([
                    "cardID": "card-cmmc-l2", "cardTitle": "CMMC Level 2 · NIST SP 800-171 r2",
                    "cardFigure": l2.score.map(String.init) ?? "no score",
                    "cardUnit": l2.score != nil ? "/ \(CMMCRules.maxScore) SPRS score" : "(assessment incomplete)",
                    "cardBadge": ReportWords.resultBadge(l2.status), "cardBadgeLabel": "assessed result",
                    "cardRows": rows, "cardHasReasons": !reasons.isEmpty, "cardReasons": reasons,
                    "cardHref": "cmmc-l2.html", "cardLinkText": "All \(l2.requirements.count) requirements, with reasons and evidence",
                ])
            case "cmmc-l1":
                guard let l1 = report.cmmcL1 else { continue }
                var rows: [[String: Any]] = [["rowLabel": "Requirements", "rowValue": ReportWords.counts(l1.requirements.map(\.status))]]
                if let held = l1.held { rows.append(["rowLabel": "Status held", "rowValue": held.sentence(at: report.asOf)]) }
                let reasons = l1.statusReasons + l1.warnings.map { "warning: " + $0 }
                cards.append([
                    "cardID": "card-cmmc-l1", "cardTitle": "CMMC Level 1 · FAR 52.204-21",
                    "cardFigure": String(l1.met), "cardUnit": "of \(l1.requirements.count) requirements MET",
                    "cardBadge": ReportWords.resultBadge(l1.status), "cardBadgeLabel": "assessed result",
                    "cardRows": rows, "cardHasReasons": !reasons.isEmpty, "cardReasons": reasons,
                    "cardHref": "cmmc-l1.html", "cardLinkText": "All \(l1.requirements.count) requirements, with reasons and evidence",
                ])
            case "soc2":
                guard let s = report.soc2 else { continue }
                let share = s.applicable > 0 ? " (\(ReportWords.percent(Double(s.ready) / Double(s.applicable))))" : ""
                let notReady = s.criteria.filter { $0.status == .notReady }.count
                var rows: [[String: Any]] = [
                    ["rowLabel": "Judged", "rowValue": "Type 1 at \(report.asOf) (\(s.categories.joined(separator: ", ")))"],
                    ["rowLabel": "Criteria", "rowValue": "\(s.ready) ready, \(notReady) not ready, \(s.notApplicable) N/A"],
                ]
                if notReady > 0 {
                    rows.append(["rowLabel": "Not ready", "rowValue": s.criteria.filter { $0.status == .notReady }.map(\.requirement.id).joined(separator: ", ")])
                }
                cards.append([
                    "cardID": "card-soc2", "cardTitle": "SOC 2 · Trust Services Criteria",
                    "cardFigure": String(s.ready), "cardUnit": "of \(s.applicable) criteria ready\(share)",
                    "cardBadge": ReportWords.resultBadge(s.status), "cardBadgeLabel": "status",
                    "cardRows": rows, "cardHasReasons": false, "cardReasons": [String](),
                    "cardHref": "soc2.html", "cardLinkText": "All \(s.criteria.count) criteria, with gaps and evidence",
                ])
            default: continue
            }
        }
        return cards
    }

    // MARK: The diff (index.html and diff.html)

    static func diffContext(_ r: ReportService.Report, into c: inout [String: Any]) {
        guard let d = r.diff, r.previous != nil else {
            c["diffNone"] = r.trend.isEmpty
                ? "No snapshot yet: once one is taken, this section shows what changed since it."
                : "No earlier snapshot to compare with: every snapshot up to this revision is of its own commit. Once the ledger moves on, or a second snapshot is taken, this section shows what changed."
            return
        }
        var diff: [String: Any] = [
            "diffSpan": "From snapshot \(ReadinessDiff.sideText(d.from)) to this revision (\(r.revision.short), as of \(d.to.asOf)), each side judged at its own day.",
        ]
        diff["diffFrameworks"] = d.frameworks.map { f -> [String: Any] in
            var fw: [String: Any] = [
                "fwHeadline": f.headline,
                "fwCaption": f.id == "soc2" ? "Criteria that changed status" : "Requirements that changed status",
                "fwColumn": f.id == "soc2" ? "Criterion" : "Requirement",
                "fwNoChange": f.id == "soc2" ? "No criterion changed status." : "No requirement changed status.",
            ]
            if f.from.held != nil || f.to.held != nil {
                fw["fwHeld"] = ["heldBefore": f.from.held.map { $0.sentence(at: d.from.asOf) } ?? "(not computed)",
                                "heldAfter": f.to.held.map { $0.sentence(at: d.to.asOf) } ?? "(not computed)"]
            }
            fw["fwHasChanges"] = !f.changed.isEmpty
            fw["fwChanges"] = f.changed.map { ch -> [String: Any] in
                var row: [String: Any] = [
                    "chgID": ch.id, "chgTitle": ch.title,
                    "chgFrom": ch.from.map { ReportWords.statusBadge($0) } ?? ReportWords.badge(.na, "absent"),
                    "chgTo": ch.to.map { ReportWords.statusBadge($0) } ?? ReportWords.badge(.na, "absent"),
                    "chgReasons": ch.fromReasons.map { "before: " + $0 } + ch.toReasons.map { "after: " + $0 },
                ]
                if let alt = ch.cmmcID { row["chgAlt"] = alt }
                if ch.regressed { row["chgWorse"] = true }
                return row
            }
            return fw
        }
        func count(_ parts: [(Int, String)]) -> String {
            let some = parts.filter { $0.0 > 0 }
            return some.isEmpty ? "none" : some.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        }
        diff["diffCounts"] = [
            ["cntWhat": "Evidence", "cntText": count([(d.evidenceAdded.count, "added"), (d.evidenceRemoved.count, "removed"), (d.evidenceModified.count, "modified"), (d.evidenceExpired.count, "expired")])],
            ["cntWhat": "Controls", "cntText": count([(d.controlsAdded.count, "added"), (d.controlsRemoved.count, "removed"), (d.controlsModified.count, "modified")])],
            ["cntWhat": "POA&M items", "cntText": count([(d.poamOpened.count, "opened"), (d.poamClosed.count, "closed")])],
            ["cntWhat": "Exceptions", "cntText": count([(d.exceptionsOpened.count, "opened"), (d.exceptionsClosed.count, "closed")])],
            ["cntWhat": "Affirmations", "cntText": count([(d.affirmations.count, "made")])],
        ]
        let worse = d.frameworks.filter(\.worse).map(\.name)
        diff["diffVerdict"] = worse.isEmpty ? "Readiness did not get worse." : "Readiness got worse: \(worse.joined(separator: ", "))."
        c["diff"] = diff
    }

    static func diffPage(_ r: ReportService.Report) -> [String: Any] {
        var c = [String: Any]()
        diffContext(r, into: &c)
        guard let d = r.diff, var diff = c["diff"] as? [String: Any] else { return c }
        func table(_ caption: String, _ header: [String], _ rows: [(key: String, link: String?, cells: [String])]) -> [String: Any] {
            if rows.isEmpty { return ["secEmpty": "\(caption): none."] }
            return ["secHasRows": true, "secCaption": "\(caption) (\(rows.count))", "secHeader": header,
                    "secRows": rows.map { row -> [String: Any] in
                        var out: [String: Any] = ["secKey": row.key, "secCells": row.cells]
                        if let link = row.link { out["secLink"] = link }
                        return out
                    }]
        }
        // Evidence removed is no longer at the revision: it has no row in the evidence index to link to.
        let atRevision = Set(r.evidence.map(\.evidenceID))
        func link(_ id: String) -> String? { atRevision.contains(id) ? id : nil }
        diff["diffSections"] = [
            ["secAnchor": "evidence", "secTitle": "Evidence", "secTables": [
                table("Added", ["Evidence", "Controls", "Title", "Collected"], d.evidenceAdded.map { ($0.id, link($0.id), [$0.controls.joined(separator: ", "), $0.title, $0.collected.description]) }),
                table("Removed", ["Evidence", "Controls", "Title"], d.evidenceRemoved.map { ($0.id, nil, [$0.controls.joined(separator: ", "), $0.title]) }),
                table("Modified", ["Evidence", "Title", "Fields changed"], d.evidenceModified.map { ($0.id, link($0.id), [$0.title, $0.changes.joined(separator: ", ")]) }),
                table("Expired", ["Evidence", "Control", "Valid until", "Title"], d.evidenceExpired.map { ($0.id, link($0.id), [$0.control, $0.validUntil.description, $0.title]) }),
            ]],
            ["secAnchor": "controls", "secTitle": "Controls", "secTables": [
                table("Added", ["Control", "Status", "Title"], d.controlsAdded.map { ($0.id, nil, [$0.status, $0.title]) }),
                table("Removed", ["Control", "Title"], d.controlsRemoved.map { ($0.id, nil, [$0.title]) }),
                table("Modified", ["Control", "Title", "Changes"], d.controlsModified.map { ($0.id, nil, [$0.title, ReadinessDiff.changes($0)]) }),
            ]],
            ["secAnchor": "poam", "secTitle": "POA&M", "secTables": [
                table("Opened", ["Item", "Requirement", "Opened", "Scheduled completion"], d.poamOpened.map { ($0.id, nil, [$0.requirement, $0.opened.description, $0.scheduledCompletion.description]) }),
                table("Closed", ["Item", "Requirement", "Closed"], d.poamClosed.map { ($0.id, nil, [$0.requirement, $0.closed?.description ?? "?"]) }),
            ]],
            ["secAnchor": "exceptions", "secTitle": "Exceptions", "secTables": [
                table("Opened", ["Exception", "Requirement", "Kind", "Opened"], d.exceptionsOpened.map { ($0.id, nil, [$0.requirement, $0.kind, $0.opened.description]) }),
                table("Closed", ["Exception", "Requirement", "Closed"], d.exceptionsClosed.map { ($0.id, nil, [$0.requirement, $0.closed?.description ?? "?"]) }),
            ]],
            ["secAnchor": "affirmations", "secTitle": "Affirmations", "secTables": [
                table("Made", ["Date", "Framework", "Official"], d.affirmations.map { ($0.date.description, nil, [$0.frameworkTag, "\($0.official), \($0.officialTitle)"]) }),
            ]],
        ]
        c["diff"] = diff
        return c
    }

    // MARK: The calendar (index.html)

    static func calendarContext(_ r: ReportService.Report, into c: inout [String: Any]) {
        if r.levels.isEmpty {
            c["calLevelsNone"] = "No CMMC level is in scope (.evident/ledger.yaml); only evidence renewals are listed."
        } else if r.held.isEmpty {
            c["calHeldNone"] = "Status held: none yet (no CMMC snapshot: evident snapshot create NAME --kind cmmc-l\(r.levels.last ?? 2)-self)"
        } else {
            c["calHasHeld"] = true
            c["calHeld"] = r.held.map { $0.sentence(at: r.asOf) }
        }
        // The groups of `evident calendar`, so the assessment dates are not lost among the renewals.
        let groups: [(String, (CalendarItem) -> Bool)] = [
            ("Assessments, closeout and affirmations (32 CFR 170.21, 170.22)", { !$0.kind.hasPrefix("poam") && $0.kind != "deficiency_action" && $0.kind != "evidence_expires" }),
            ("POA&M items and temporary deficiencies", { $0.kind.hasPrefix("poam") || $0.kind == "deficiency_action" }),
            ("Evidence renewals (the last day each implemented control's evidence is valid)", { $0.kind == "evidence_expires" }),
        ]
        c["calGroups"] = groups.compactMap { title, member -> [String: Any]? in
            let items = r.calendar.filter(member)
            if items.isEmpty { return nil }
            return ["grpTitle": title, "grpRows": items.map { i -> [String: Any] in
                var row: [String: Any] = ["calDue": i.date.description, "calLeft": CalendarOutput.left(i, at: r.asOf), "calWhat": i.title, "calDetail": i.detail]
                if i.isOverdue(at: r.asOf) { row["calOverdue"] = true }
                return row
            }]
        }
        let overdue = r.calendar.filter { $0.isOverdue(at: r.asOf) }
        c["calSummary"] = r.calendar.isEmpty ? "Nothing falls due."
            : "\(r.calendar.count) date\(r.calendar.count == 1 ? "" : "s"), \(overdue.count) overdue" + (overdue.isEmpty ? "." : ": " + overdue.map(\.title).joined(separator: "; ") + ".")
            + " Import them into a calendar: evident calendar --format ics -o ~/compliance.ics"
    }

    // MARK: One page per framework

    struct FrameworkPage {
        let file: String
        let name: String
        let heading: String
        let context: [String: Any]
    }

    static func heading(_ id: String) -> String {
        switch id {
        case "cmmc-l2": return "CMMC Level 2 · NIST SP 800-171 r2 requirements"
        case "cmmc-l1": return "CMMC Level 1 · FAR 52.204-21 requirements"
        case "soc2": return "SOC 2 · Trust Services Criteria"
        default: return id
        }
    }

    static func frameworks(_ r: ReportService.Report) -> [FrameworkPage] {
        let report = r.readiness
        let controls = Dictionary(r.controls.map { ($0.record.id, $0) }, uniquingKeysWith: { a, _ in a })
        func controlCells(_ ids: [String]) -> [[String: Any]] {
            ids.map { id in ["cID": id, "cStatus": controls[id].map { $0.record.status.replacingOccurrences(of: "_", with: " ") } ?? "not in the library"] }
        }
        var pages = [FrameworkPage]()
        for id in report.order {
            let name = ReportWords.frameworkName(id)
            var c: [String: Any] = ["fwName": "Summary"]
            switch id {
            case "cmmc-l2":
                guard let l2 = report.cmmcL2 else { continue }
                c["fwBadge"] = ReportWords.resultBadge(l2.status)
                c["fwSummary"] = (l2.score.map { "SPRS score \($0) / \(CMMCRules.maxScore)" } ?? "no score (assessment incomplete)") + ", assessed result \(ReportWords.result(l2.status)) as of \(report.asOf). " + ReportWords.counts(l2.requirements.map(\.base.status)) + "."
                var lines = (l2.heldByAssessment.isEmpty ? (l2.held.map { [$0] } ?? []) : l2.heldByAssessment).map { "Status held: " + $0.sentence(at: report.asOf) }
                if let end = l2.planOfActionCompletion { lines.append("Plan of action completion (for SPRS): \(end), the latest scheduled completion of the open POA&M items") }
                lines += l2.statusReasons + l2.warnings.map { "warning: " + $0 }
                c["fwHasLines"] = !lines.isEmpty
                c["fwLines"] = lines
                c["showPoints"] = true
                c["colRequirement"] = "Requirement"
                let families = ReportWords.grouped(l2.requirements) { ($0.base.requirement.family ?? "-", $0.base.requirement.familyName) }
                c["tallyCaption"] = "By family: MET, NOT MET, N/A and points deducted"
                c["tallyHeader"] = ReportWords.header(["Family", "MET", "NOT MET", "N/A", "Deducted"])
                c["tallyRows"] = families.map { f -> [String: Any] in
                    let s = f.items.map(\.base.status)
                    return ["tallyAnchor": "family-" + f.key, "tallyName": ReportWords.familyTitle(f.key, f.name),
                            "tallyCells": [String(s.filter { $0 == .met }.count), String(s.filter { $0 == .notMet }.count),
                                           String(s.filter { $0 == .notApplicable }.count), String(CMMCRules.total(f.items.compactMap(\.deduction)))]]
                }
                c["groups"] = families.map { f -> [String: Any] in
                    ["grpAnchor": "family-" + f.key, "grpTitle": ReportWords.familyTitle(f.key, f.name),
                     "grpCaption": "\(ReportWords.familyTitle(f.key, f.name)): \(ReportWords.counts(f.items.map(\.base.status)))",
                     "grpRows": f.items.map { q -> [String: Any] in
                         let req = q.base.requirement
                         var notes = [String]()
                         if q.base.status == .notMet {
                             notes.append("\(q.deduction.map { "-\($0)" } ?? "no value"), " + (q.poam.map { "POA&M \($0)" } ?? (q.poamEligible ? "no POA&M yet" : "not POA&M-eligible")))
                         }
                         if let x = q.exception { notes.append("MET through exception \(x)") }
                         var row: [String: Any] = [
                             "rAnchor": "req-" + req.id, "rID": req.id, "rTitle": req.title, "rBadge": ReportWords.statusBadge(q.base.status.rawValue),
                             "rNotes": notes, "rPoints": req.points.map(String.init) ?? "no value",
                             "rControls": controlCells(q.base.controls), "rEvidence": q.base.evidence, "rReasons": q.base.reasons,
                         ]
                         if let alt = req.cmmcID { row["rAlt"] = alt }
                         return row
                     }]
                }
            case "cmmc-l1":
                guard let l1 = report.cmmcL1 else { continue }
                c["fwBadge"] = ReportWords.resultBadge(l1.status)
                c["fwSummary"] = "\(l1.met) of \(l1.requirements.count) requirements MET, assessed result \(ReportWords.result(l1.status)) as of \(report.asOf)."
                let lines = (l1.held.map { ["Status held: " + $0.sentence(at: report.asOf)] } ?? []) + l1.statusReasons + l1.warnings.map { "warning: " + $0 }
                c["fwHasLines"] = !lines.isEmpty
                c["fwLines"] = lines
                c["colRequirement"] = "Requirement"
                let families = ReportWords.grouped(l1.requirements) { ($0.requirement.family ?? "-", $0.requirement.familyName) }
                c["tallyCaption"] = "By family: MET, NOT MET and N/A"
                c["tallyHeader"] = ReportWords.header(["Family", "MET", "NOT MET", "N/A"])
                c["tallyRows"] = families.map { f -> [String: Any] in
                    let s = f.items.map(\.status)
                    return ["tallyAnchor": "family-" + f.key, "tallyName": ReportWords.familyTitle(f.key, f.name),
                            "tallyCells": [String(s.filter { $0 == .met }.count), String(s.filter { $0 == .notMet }.count), String(s.filter { $0 == .notApplicable }.count)]]
                }
                c["groups"] = families.map { f -> [String: Any] in
                    ["grpAnchor": "family-" + f.key, "grpTitle": ReportWords.familyTitle(f.key, f.name),
                     "grpCaption": "\(ReportWords.familyTitle(f.key, f.name)): \(ReportWords.counts(f.items.map(\.status)))",
                     "grpRows": f.items.map { q -> [String: Any] in
                         ["rAnchor": "req-" + q.requirement.id, "rID": q.requirement.id, "rTitle": q.requirement.title,
                          "rBadge": ReportWords.statusBadge(q.status.rawValue), "rNotes": [String](),
                          "rControls": controlCells(q.controls), "rEvidence": q.evidence, "rReasons": q.reasons]
                     }]
                }
            case "soc2":
                guard let s = report.soc2 else { continue }
                c["fwBadge"] = ReportWords.resultBadge(s.status)
                let naNote = s.notApplicable > 0 ? " (\(s.notApplicable) not applicable)" : ""
                c["fwSummary"] = "Type 1 at \(report.asOf) (\(s.categories.joined(separator: ", "))): \(s.ready) of \(s.applicable) criteria ready\(naNote), status \(ReportWords.result(s.status))."
                c["fwHasLines"] = true
                c["fwLines"] = ["A criterion is ready when a control maps to it, every mapped control is implemented or not applicable, and every implemented one has evidence valid that day (soc2-rules.md §2, §4). For a Type 2 view over an observation period: evident readiness --framework soc2 --type 2 --period FROM..TO"]
                c["colRequirement"] = "Criterion"
                let categories = ReportWords.grouped(s.criteria) { ($0.requirement.category ?? "security", nil) }
                c["tallyCaption"] = "By category: ready, not ready and N/A"
                c["tallyHeader"] = ReportWords.header(["Category", "Ready", "Not ready", "N/A", "Total"])
                let groups = ReportWords.grouped(s.criteria) { ($0.requirement.group ?? ($0.requirement.category ?? "security"), nil) }
                // Each category links to the first table of its criteria.
                c["tallyRows"] = categories.map { f -> [String: Any] in
                    let first = groups.firstIndex { g in g.items.contains { $0.requirement.category ?? "security" == f.key } } ?? 0
                    return ["tallyAnchor": "group-\(first + 1)", "tallyName": f.key.replacingOccurrences(of: "_", with: " "),
                            "tallyCells": [String(f.items.filter(\.isReady).count), String(f.items.filter { $0.status == .notReady }.count),
                                           String(f.items.filter { $0.status == .notApplicable }.count), String(f.items.count)]]
                }
                c["groups"] = groups.enumerated().map { n, g -> [String: Any] in
                    let ready = g.items.filter(\.isReady).count
                    return ["grpAnchor": "group-\(n + 1)", "grpTitle": g.key,
                            "grpCaption": "\(g.key): \(ready) of \(g.items.count) ready",
                            "grpRows": g.items.map { cr -> [String: Any] in
                                var evidence = [String]()
                                var listed = Set<String>()
                                var reasons = [String]()
                                switch cr.status {
                                case .notReady: reasons = cr.failures.map(\.reason)
                                case .notApplicable: reasons = cr.justifications
                                case .ready: break
                                }
                                for cid in cr.controls {
                                    guard let v = controls[cid] else { continue }
                                    for e in v.evidence where listed.insert(e.id).inserted { evidence.append(e.id) }
                                    // The words of a MET requirement's reason (RequirementEvaluator): the best evidence of each control that counts.
                                    if cr.status == .ready, v.problem == nil, let best = v.evidence.max(by: { $0.until < $1.until }) {
                                        reasons.append("\(cid) is implemented; evidence \(best.id) is valid until \(best.until)")
                                    }
                                }
                                return ["rAnchor": "crit-" + cr.requirement.id, "rID": cr.requirement.id, "rTitle": cr.requirement.title,
                                        "rBadge": ReportWords.statusBadge(cr.status.rawValue), "rNotes": [String](),
                                        "rControls": controlCells(cr.controls), "rEvidence": evidence, "rReasons": reasons]
                            }]
                }
            default: continue
            }
            pages.append(FrameworkPage(file: id + ".html", name: name, heading: heading(id), context: c))
        }
        return pages
    }

    // MARK: evidence.html

    static func evidence(_ r: ReportService.Report, rows: Bool = true) -> [String: Any] {
        var c: [String: Any] = [
            "evIntro": "Every artifact at revision \(r.revision.short), with what each record supports: the requirements and criteria its controls map (as 'evident export evidence' lists them). Valid until: the record's valid_until, else what its controls give it.",
        ]
        if r.evidence.isEmpty {
            c["evNone"] = "No evidence yet: evident evidence add FILE --control ID"
            return c
        }
        let records = Set(r.evidence.map(\.evidenceID)).count
        c["evHasRows"] = true
        c["evCaption"] = "\(r.evidence.count) artifact\(r.evidence.count == 1 ? "" : "s") of \(records) evidence record\(records == 1 ? "" : "s"), by evidence id"
        guard rows else {
            c["evRows"] = [[String: Any]]()
            return c
        }
        c["evRows"] = evidenceRowValues(r).map { v -> [String: Any] in
            var out: [String: Any] = [
                "evID": v.id, "evTitle": v.title, "evControls": v.controls, "evSupports": v.supports, "evCollected": v.collected,
                "evUntil": v.until, "evClass": v.classification, "evPath": v.path, "evBytes": v.bytes, "evSHA": v.sha,
            ]
            if v.anchor { out["evAnchor"] = v.id }
            return out
        }
        return c
    }

    /// The values of each row of the evidence index, as its template shows them.
    struct EvidenceRowValues {
        let id, title, controls: String
        let supports: [String]
        let collected, until, classification, path, bytes, sha: String
        /// The first row of each record carries its id, which the other pages link to.
        let anchor: Bool
    }

    static func evidenceRowValues(_ r: ReportService.Report) -> [EvidenceRowValues] {
        var out = [EvidenceRowValues]()
        forEachEvidenceRow(r) { out.append($0) }
        return out
    }

    /// Each row's values in turn, none kept.
    static func forEachEvidenceRow(_ r: ReportService.Report, _ body: (EvidenceRowValues) -> Void) {
        let anchors = evidenceAnchors(r)
        for (row, anchor) in zip(r.evidence, anchors) { body(rowValues(row, anchor: anchor)) }
    }

    /// Whether each row is the first of its evidence record (the one that carries its id as anchor).
    static func evidenceAnchors(_ r: ReportService.Report) -> [Bool] {
        var seen = Set<String>()
        return r.evidence.map { seen.insert($0.evidenceID).inserted }
    }

    static func rowValues(_ row: ArtifactIndexRow, anchor: Bool) -> EvidenceRowValues {
        var supports = [String]()
        if !row.cmmcL2.isEmpty { supports.append("CMMC L2: " + row.cmmcL2.joined(separator: ", ")) }
        if !row.cmmcL1.isEmpty { supports.append("CMMC L1: " + row.cmmcL1.joined(separator: ", ")) }
        if !row.soc2.isEmpty { supports.append("SOC 2: " + row.soc2.joined(separator: ", ")) }
        return EvidenceRowValues(id: row.evidenceID, title: row.title, controls: "Controls: " + row.controls.joined(separator: ", "), supports: supports,
                                 collected: row.collectedAt.day.description, until: row.validUntil?.description ?? "-", classification: row.classification,
                                 path: row.path ?? (row.noOccurrence ? "no artifact (a no-occurrence record)" : "-"),
                                 bytes: row.bytes.map { "\($0) bytes" + (row.mediaType.map { ", " + $0 } ?? "") } ?? "", sha: row.sha256 ?? "",
                                 anchor: anchor)
    }

    /// The rows of the evidence index, byte for byte as the `evRows` section of
    /// `ReportTemplate.evidence` renders them, each value escaped as Mustache escapes it. Runs of
    /// rows are rendered on every core, a few at a time, so no more than those runs are held
    /// beside the page.
    static func evidenceRows(_ r: ReportService.Report, _ emit: ([UInt8]) throws -> Void) throws {
        let anchors = evidenceAnchors(r)
        let run = 1024, wave = 8
        let runs = stride(from: 0, to: r.evidence.count, by: run).map { $0..<min(r.evidence.count, $0 + run) }
        for first in stride(from: 0, to: runs.count, by: wave) {
            let parts = Parallel.map(Array(runs[first..<min(runs.count, first + wave)])) { range -> [UInt8] in
                var out = [UInt8]()
                out.reserveCapacity(range.count * 700)
                for k in range { row(rowValues(r.evidence[k], anchor: anchors[k]), into: &out) }
                return out
            }
            for part in parts { try emit(part) }
        }
    }

    /// One row of the evidence index (appending a string's UTF-8 to an array, not to Data, which
    /// goes byte by byte).
    static func row(_ v: EvidenceRowValues, into out: inout [UInt8]) {
        func text(_ s: String) { out.append(contentsOf: s.utf8) }
        func value(_ s: String) { htmlEscape(s, into: &out) }
        text("<tr")
        if v.anchor { text(" id=\""); value(v.id); text("\"") }
        text("><th scope=\"row\" class=\"id\">"); value(v.id)
        text("</th><td>"); value(v.title)
        text("<span class=\"sub\">"); value(v.controls)
        text("</span></td><td>")
        for s in v.supports { text("<span class=\"sub\">"); value(s); text("</span>") }
        text("</td><td class=\"date\">"); value(v.collected)
        text("</td><td class=\"date\">"); value(v.until)
        text("</td><td>"); value(v.classification)
        text("</td><td class=\"artifact\"><span class=\"path\">"); value(v.path)
        text("</span><span class=\"sub\">"); value(v.bytes)
        text("</span><span class=\"hash\">"); value(v.sha)
        text("</span></td></tr>\n")
    }

    /// Mustache's HTML escaping (swift-mustache `htmlEscape`): each Character that is `<`, `>`,
    /// `&`, `"` or `'` becomes its entity. Characters, not bytes: a quote followed by a combining
    /// mark is another Character and stays as it is, as Mustache leaves it.
    static func htmlEscape(_ s: String, into out: inout [UInt8]) {
        guard s.utf8.contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 }) else {
            out.append(contentsOf: s.utf8)
            return
        }
        for c in s {
            switch c {
            case "<": out.append(contentsOf: "&lt;".utf8)
            case ">": out.append(contentsOf: "&gt;".utf8)
            case "&": out.append(contentsOf: "&amp;".utf8)
            case "\"": out.append(contentsOf: "&quot;".utf8)
            case "'": out.append(contentsOf: "&#39;".utf8)
            default: out.append(contentsOf: String(c).utf8)
            }
        }
    }
}

/// The words and status marks of the report.
enum ReportWords {
    enum Tone: String {
        case good = "tone-good", bad = "tone-bad", warn = "tone-warn", na = "tone-na"

        /// A mark of its own shape per tone, so a status never rests on colour alone.
        var mark: String {
            switch self {
            case .good: return "✓"
            case .bad: return "✗"
            case .warn: return "◐"
            case .na: return "–"
            }
        }
    }

    static func badge(_ tone: Tone, _ text: String) -> [String: Any] {
        ["badgeTone": tone.rawValue, "badgeMark": tone.mark, "badgeText": text]
    }

    /// A requirement's or criterion's status as readiness prints it: MET, NOT MET, N/A, ready, not ready.
    static func statusBadge(_ status: String) -> [String: Any] {
        switch status {
        case "met": return badge(.good, "MET")
        case "not_met": return badge(.bad, "NOT MET")
        case "ready": return badge(.good, "ready")
        case "not_ready": return badge(.bad, "not ready")
        case "not_applicable": return badge(.na, "N/A")
        default: return badge(.na, status.replacingOccurrences(of: "_", with: " "))
        }
    }

    /// An assessed result: final, conditional, no status, incomplete; for SOC 2 ready or not ready.
    static func resultBadge(_ status: String) -> [String: Any] {
        switch status {
        case "final", "ready": return badge(.good, result(status))
        case "conditional": return badge(.warn, result(status))
        default: return badge(.bad, result(status))
        }
    }

    static func result(_ status: String) -> String { status.replacingOccurrences(of: "_", with: " ") }

    static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }

    static func frameworkName(_ id: String) -> String {
        switch id {
        case "cmmc-l2": return "CMMC Level 2"
        case "cmmc-l1": return "CMMC Level 1"
        case "soc2": return "SOC 2"
        default: return id
        }
    }

    /// "104 MET, 5 NOT MET, 1 N/A".
    static func counts(_ statuses: [RequirementResult.Status]) -> String {
        let met = statuses.filter { $0 == .met }.count, notMet = statuses.filter { $0 == .notMet }.count
        let na = statuses.filter { $0 == .notApplicable }.count
        return "\(met) MET, \(notMet) NOT MET, \(na) N/A"
    }

    static func familyTitle(_ code: String, _ name: String?) -> String {
        guard let name, name != code else { return code }
        return "\(code): \(name)"
    }

    static func header(_ words: [String]) -> [[String: Any]] {
        words.enumerated().map { i, w in i == 0 ? ["tallyText": w] : ["tallyText": w, "tallyNum": true] }
    }

    /// Items grouped by a key in the order the keys first appear (catalog order), with the
    /// group's display name.
    static func grouped<T>(_ items: [T], by key: (T) -> (String, String?)) -> [(key: String, name: String?, items: [T])] {
        var out = [(key: String, name: String?, items: [T])]()
        for item in items {
            let (k, name) = key(item)
            if let i = out.firstIndex(where: { $0.key == k }) { out[i].items.append(item) } else { out.append((k, name, [item])) }
        }
        return out
    }

    /// The day and the revision, whatever `--at` called them (`HEAD`, the commit id, a date of
    /// the same day), so the same revision and day give the same bytes; a snapshot's as-of day
    /// is named as such (ExportPoint).
    static func judged(_ r: ReportService.Report) -> String {
        if let s = r.snapshot {
            return "As of \(r.asOf), the as-of day of snapshot \(s), at revision \(r.revision.short) (committed \(r.committedAt))"
        }
        return "As of \(r.asOf), at revision \(r.revision.short) (committed \(r.committedAt))"
    }
}
