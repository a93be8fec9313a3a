/// The Mustache template of the SSP's HTML form (`SSPHTML` fills it). One file that opens offline:
/// inline CSS, no script, no font, image or link outside it; tables have captions and `th`
/// headers with `scope`, and the print stylesheet repeats table headers on each page and keeps
/// rows whole.
enum SSPTemplate {
    static let html = #"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{docTitle}}</title>
<style>
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1a1a1a; background: #fff; margin: 0 auto; max-width: 72rem; padding: 1.5rem 2rem 3rem; line-height: 1.45; }
h1 { font-size: 1.9rem; margin: 0 0 .3rem; }
h2 { font-size: 1.45rem; border-bottom: 2px solid #1f3a5f; padding-bottom: .2rem; margin-top: 2.4rem; color: #1f3a5f; }
h3 { font-size: 1.15rem; margin-top: 1.8rem; color: #1f3a5f; }
h4 { font-size: 1rem; margin: 0 0 .4rem; }
p.meta { color: #444; margin: .15rem 0; }
.prose { white-space: pre-line; }
nav ol { columns: 2; padding-left: 1.2rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .88rem; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; color: #333; }
th, td { border: 1px solid #b8c2cc; padding: .3rem .45rem; text-align: left; vertical-align: top; }
thead th, tbody th { background: #eef2f6; }
td.hash, td.path { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .78rem; word-break: break-all; }
article.req { border: 1px solid #d5dce3; border-radius: 4px; padding: .8rem 1rem; margin: 1rem 0; }
.badge { display: inline-block; font-weight: 700; padding: .05rem .5rem; border-radius: 3px; border: 1px solid; }
.status-met, .status-ready { color: #135e2b; border-color: #135e2b; background: #e8f5ec; }
.status-not-met, .status-not-ready { color: #8a1c1c; border-color: #8a1c1c; background: #fbeaea; }
.status-not-applicable { color: #4a4a4a; border-color: #6b6b6b; background: #f0f0f0; }
.problem { color: #8a1c1c; font-style: italic; }
.exception { border-left: 4px solid #b7791f; padding: .2rem .8rem; margin: .6rem 0; background: #fdf8ee; }
.missing { border-left: 4px solid #8a1c1c; padding: .2rem .8rem; background: #fbeaea; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  h2 { page-break-before: always; }
  #system h2 { page-break-before: avoid; }
  h2, h3, h4 { page-break-after: avoid; }
  article.req { page-break-inside: avoid; border: none; border-top: 1px solid #999; border-radius: 0; padding: .4rem 0; }
  thead { display: table-header-group; }
  tr { page-break-inside: avoid; }
  .badge, .status-met, .status-ready, .status-not-met, .status-not-ready, .status-not-applicable { background: none; }
  a { color: inherit; text-decoration: none; }
}
</style>
</head>
<body>
<header>
<h1>{{docTitle}}</h1>
<p class="meta">{{docOrganization}}{{#docVersion}} · SSP version {{docVersion}}{{/docVersion}}{{#docDate}} · dated {{docDate}}{{/docDate}}</p>
<p class="meta">{{docRevision}}</p>
</header>
<nav aria-label="Contents">
<ol>
{{#toc}}
<li><a href="#{{anchor}}">{{title}}</a></li>
{{/toc}}
</ol>
</nav>
<main>
<section id="system">
<h2>1. The system</h2>
<table>
<caption>The system in scope</caption>
<tbody>
{{#sysFields}}
<tr><th scope="row">{{label}}</th><td>{{value}}</td></tr>
{{/sysFields}}
</tbody>
</table>
<h3>Description</h3>
<p class="prose">{{sysDescription}}</p>
<h3>Authorization boundary</h3>
<p class="prose">{{sysBoundary}}</p>
<h3>Roles</h3>
<table>
<caption>Roles</caption>
<thead><tr><th scope="col">Role</th><th scope="col">Name</th><th scope="col">Title</th><th scope="col">Email</th></tr></thead>
<tbody>
{{#sysRoles}}
<tr><th scope="row">{{role}}</th><td>{{name}}</td><td>{{title}}</td><td>{{email}}</td></tr>
{{/sysRoles}}
</tbody>
</table>
{{#first(sysMissing)}}
<div class="missing">
<p>Not set in .evident/ledger.yaml yet:</p>
<ul>
{{/first(sysMissing)}}
{{#sysMissing}}
<li><code>{{field}}</code>: <code>{{command}}</code></li>
{{/sysMissing}}
{{#first(sysMissing)}}
</ul>
</div>
{{/first(sysMissing)}}
</section>
<section id="readiness">
<h2>2. Readiness as of {{asOf}}</h2>
<ul>
{{#readiness}}
<li>{{.}}</li>
{{/readiness}}
</ul>
</section>
{{#parts}}
<section id="{{partAnchor}}">
<h2>{{partTitle}}</h2>
<p>{{partIntro}}</p>
{{#partFamilies}}
<h3>{{famTitle}}</h3>
{{#famEntries}}
<article class="req" id="{{reqAnchor}}">
<h4>{{reqName}}: {{reqTitle}}</h4>
<p><span class="badge {{reqStatusClass}}">{{reqStatus}}</span> {{reqStatusDetail}}</p>
{{#reqCounterparts}}
<p>NIST SP 800-171 counterparts: {{reqCounterparts}}</p>
{{/reqCounterparts}}
{{#first(reqReasons)}}
<ul>
{{/first(reqReasons)}}
{{#reqReasons}}
<li>{{.}}</li>
{{/reqReasons}}
{{#first(reqReasons)}}
</ul>
{{/first(reqReasons)}}
{{#reqPoam}}
<p><strong>POA&amp;M {{poamID}}</strong> (opened {{poamOpened}}, scheduled completion {{poamDue}}): {{poamWeakness}}</p>
{{/reqPoam}}
{{#reqNoControls}}
<p>No control implements it.</p>
{{/reqNoControls}}
{{#first(reqControls)}}
<table>
<caption>Controls</caption>
<thead><tr><th scope="col">Control</th><th scope="col">Title</th><th scope="col">Status</th><th scope="col">Owner</th><th scope="col">Frequency</th><th scope="col">Attributes</th>{{#reqSOC2}}<th scope="col">Valid evidence</th>{{/reqSOC2}}</tr></thead>
<tbody>
{{/first(reqControls)}}
{{#reqControls}}
<tr><th scope="row">{{ctlID}}</th><td>{{ctlTitle}}</td><td>{{ctlStatus}}</td><td>{{ctlOwner}}</td><td>{{ctlFrequency}}</td><td>{{ctlAttributes}}</td>{{#reqSOC2}}<td>{{ctlEvidenceCount}}</td>{{/reqSOC2}}</tr>
{{/reqControls}}
{{#first(reqControls)}}
</tbody>
</table>
{{/first(reqControls)}}
{{#reqControls}}
{{#ctlDescription}}
<p class="prose"><strong>{{ctlID}}</strong>: {{ctlDescription}}</p>
{{/ctlDescription}}
{{#ctlProblem}}
<p class="problem">{{ctlProblem}}</p>
{{/ctlProblem}}
{{#ctlJustification}}
<p class="prose"><strong>Not applicable ({{ctlID}}):</strong> {{ctlJustification}}</p>
{{/ctlJustification}}
{{/reqControls}}
{{#reqNoEvidence}}
<p>No evidence valid on this day.</p>
{{/reqNoEvidence}}
{{#first(reqEvidence)}}
<table>
<caption>Evidence valid on {{asOf}}</caption>
<thead><tr><th scope="col">Control</th><th scope="col">Evidence</th><th scope="col">Title</th><th scope="col">Collected</th><th scope="col">Valid until</th><th scope="col">Artifact</th><th scope="col">SHA-256</th></tr></thead>
<tbody>
{{/first(reqEvidence)}}
{{#reqEvidence}}
<tr><td>{{evControl}}</td><th scope="row">{{evID}}</th><td>{{evTitle}}</td><td>{{evCollected}}</td><td>{{evUntil}}</td><td class="path">{{evPath}}</td><td class="hash">{{evSHA}}</td></tr>
{{/reqEvidence}}
{{#first(reqEvidence)}}
</tbody>
</table>
{{/first(reqEvidence)}}
{{#reqExceptions}}
<div class="exception">
<p><strong>{{excHeading}}</strong> (opened {{excOpened}}{{#excSection}}; SSP section {{excSection}}{{/excSection}}): <span class="prose">{{excDescription}}</span></p>
<ul>
{{#first(excMitigations)}}
<li>Mitigations:<ul>
{{/first(excMitigations)}}
{{#excMitigations}}
<li>{{.}}</li>
{{/excMitigations}}
{{#first(excMitigations)}}
</ul></li>
{{/first(excMitigations)}}
{{#first(excActions)}}
<li>Plan of action:<ul>
{{/first(excActions)}}
{{#excActions}}
<li>{{excDate}}: {{excText}}</li>
{{/excActions}}
{{#first(excActions)}}
</ul></li>
{{/first(excActions)}}
{{#first(excReviews)}}
<li>Reviews:<ul>
{{/first(excReviews)}}
{{#excReviews}}
<li>{{excDate}}: {{excText}}</li>
{{/excReviews}}
{{#first(excReviews)}}
</ul></li>
{{/first(excReviews)}}
<li>{{excEffect}}</li>
</ul>
</div>
{{/reqExceptions}}
</article>
{{/famEntries}}
{{/partFamilies}}
</section>
{{/parts}}
</main>
</body>
</html>

"""#
}
