import Foundation
import Ledger
import LedgerCore
import Mustache

/// `evident export workpapers`: CSV files a service auditor opens in a spreadsheet, and an index
/// page, rendered from `WorkpapersService.Result`.
enum WorkpapersOutput {
    static func files(_ r: WorkpapersService.Result) throws -> [(name: String, data: Data)] {
        [
            ("criteria.csv", Data(criteria(r).utf8)),
            ("population.csv", Data(population(r).utf8)),
            ("sample.csv", Data(sample(r).utf8)),
            ("requests.csv", Data(requests(r).utf8)),
            ("index.html", Data(try index(r).utf8)),
        ]
    }

    static func criteria(_ r: WorkpapersService.Result) -> String {
        CSVText.document(header: ["criterion", "category", "title", "status", "controls", "gaps", "justifications"], rows: r.soc2.criteria.map { c in
            [c.requirement.id, c.requirement.category ?? "security", c.requirement.title, c.status.rawValue, c.controls.joined(separator: "; "),
             c.gaps.filter { $0.kind != .partialNotTested }.map(\.reason).joined(separator: "; "), c.justifications.joined(separator: "; ")]
        })
    }

    static let occurrenceColumns = ["control", "frequency", "criteria", "occurrence", "from", "to", "evidence", "collected_at"]

    static func occurrenceRow(_ p: WorkpapersService.ControlPaper, _ i: Int, _ r: WorkpapersService.Result) -> [String] {
        let o = p.result.population[i]
        return [p.control.id, p.control.frequency, p.criteria.joined(separator: "; "), String(i + 1), o.from.description, o.to.description,
                o.evidence ?? "", o.evidence.flatMap { r.evidence[$0]?.collectedAt.description } ?? ""]
    }

    static func population(_ r: WorkpapersService.Result) -> String {
        var rows = [[String]]()
        for p in r.controls {
            let sampled = Set(p.sample)
            for i in p.result.population.indices { rows.append(occurrenceRow(p, i, r) + [sampled.contains(i) ? "yes" : "no"]) }
        }
        return CSVText.document(header: occurrenceColumns + ["in_sample"], rows: rows)
    }

    static func sample(_ r: WorkpapersService.Result) -> String {
        var rows = [[String]]()
        for p in r.controls {
            for i in p.sample {
                let artifacts = p.result.population[i].evidence.flatMap { r.evidence[$0] }.map { e in
                    e.artifacts.map { "\(e.folder)/\($0.path) sha256:\($0.sha256)" }.joined(separator: "; ")
                } ?? ""
                rows.append(occurrenceRow(p, i, r) + [artifacts, String(r.seed)])
            }
        }
        return CSVText.document(header: occurrenceColumns + ["artifacts", "seed"], rows: rows)
    }

    static func requests(_ r: WorkpapersService.Result) -> String {
        CSVText.document(header: ["control", "owner", "criteria", "from", "to", "kind", "request"], rows: r.requests.map { q in
            [q.control ?? "", q.owner ?? "", q.criteria.joined(separator: "; "), q.from?.description ?? "", q.to?.description ?? "", q.kind, q.reason]
        })
    }

    static func seedLine(_ r: WorkpapersService.Result) -> String {
        "seed \(r.seed) (\(r.seedGiven ? "given with --seed" : "derived from the ledger and the period; pass --seed \(r.seed) to draw the same sample"))"
    }

    static func index(_ r: WorkpapersService.Result) throws -> String {
        let template: MustacheTemplate
        do { template = try MustacheTemplate(string: html) } catch {
            throw LedgerError(.failure, "the workpapers' HTML template does not parse: \(error)")
        }
        let context: [String: Any] = [
            "organization": r.organization,
            "period": r.period.description,
            "revision": r.revision.hex,
            "seed": seedLine(r),
            "ready": "\(r.soc2.ready) of \(r.soc2.applicable) criteria ready" + (r.soc2.notApplicable > 0 ? " (\(r.soc2.notApplicable) not applicable)" : ""),
            "requestCount": String(r.requests.count),
            "controls": r.controls.map { p -> [String: Any] in
                ["control": p.control.id, "frequency": p.control.frequency.replacing("_", with: " "), "criteria": p.criteria.joined(separator: ", "),
                 "occurrences": String(p.result.occurrences), "evidenced": String(p.result.evidenced), "sample": String(p.sample.count),
                 "owner": p.control.owner]
            },
            "requests": r.requests.map { q -> [String: Any] in
                ["control": q.control ?? "(none)", "span": "\(q.from?.description ?? "")..\(q.to?.description ?? "")", "kind": q.kind.replacing("_", with: " "), "reason": q.reason]
            },
            "hasRequests": !r.requests.isEmpty,
        ]
        return template.render(context)
    }

    /// One page that opens offline: inline CSS, no script; tables with captions and headers.
    static let html = #"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>SOC 2 Type 2 workpapers: {{organization}}, {{period}}</title>
<style>
body { font-family: system-ui, "Segoe UI", Roboto, Arial, sans-serif; color: #1a1a1a; max-width: 70rem; margin: 0 auto; padding: 1.5rem 2rem; line-height: 1.45; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; } h2 { font-size: 1.3rem; color: #1f3a5f; border-bottom: 2px solid #1f3a5f; margin-top: 2rem; }
p.meta { color: #444; margin: .1rem 0; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .6rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
th, td { border: 1px solid #b8c2cc; padding: .3rem .45rem; text-align: left; vertical-align: top; }
thead th { background: #eef2f6; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
@media print { body { max-width: none; padding: 0; } thead { display: table-header-group; } tr { break-inside: avoid; } a { color: inherit; } }
</style>
</head>
<body>
<header>
<h1>SOC 2 Type 2 workpapers</h1>
<p class="meta">{{organization}}: observation period {{period}}</p>
<p class="meta">Ledger revision {{revision}}; {{ready}}</p>
<p class="meta">Sample {{seed}}</p>
</header>
<main>
<h2>Files</h2>
<ul>
<li><a href="criteria.csv">criteria.csv</a>: every criterion in scope, its status, controls and gaps</li>
<li><a href="population.csv">population.csv</a>: every occurrence of every control (whole intervals, days, or event records), the record that evidences it, and whether it is in the sample</li>
<li><a href="sample.csv">sample.csv</a>: the occurrences drawn for testing, with each record's artifacts and SHA-256</li>
<li><a href="requests.csv">requests.csv</a>: what the auditor will ask for: every missing occurrence, uncovered stretch and unmapped criterion ({{requestCount}})</li>
</ul>
<h2>Controls</h2>
<table>
<caption>Population and sample by control (soc2-rules.md sections 3 and 5)</caption>
<thead><tr><th scope="col">Control</th><th scope="col">Frequency</th><th scope="col">Criteria</th><th scope="col">Occurrences</th><th scope="col">Evidenced</th><th scope="col">Sample</th><th scope="col">Owner</th></tr></thead>
<tbody>
{{#controls}}<tr><th scope="row">{{control}}</th><td>{{frequency}}</td><td>{{criteria}}</td><td class="n">{{occurrences}}</td><td class="n">{{evidenced}}</td><td class="n">{{sample}}</td><td>{{owner}}</td></tr>
{{/controls}}
</tbody>
</table>
{{#hasRequests}}
<h2>Requests</h2>
<table>
<caption>What is missing (the request list)</caption>
<thead><tr><th scope="col">Control</th><th scope="col">Days</th><th scope="col">Kind</th><th scope="col">Request</th></tr></thead>
<tbody>
{{#requests}}<tr><th scope="row">{{control}}</th><td>{{span}}</td><td>{{kind}}</td><td>{{reason}}</td></tr>
{{/requests}}
</tbody>
</table>
{{/hasRequests}}
</main>
</body>
</html>

"""#
}
