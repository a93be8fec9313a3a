/// The Mustache templates of `evident report` (`ReportHTML` fills them), kept in Swift so
/// nothing is read from disk at run time. Every value goes through Mustache's HTML escaping
/// (`{{name}}`; the templates never use `{{{name}}}` or `{{& name}}`, which ReportTests checks).
/// The pages share `style.css`, need no script, font, image or link outside the folder, and link
/// each other relatively. Tables have captions and `th` headers with `scope`; each chart is an
/// inline SVG with `role="img"`, a `<title>` and a `<desc>`, followed by a table of the same points.
enum ReportTemplate {
    /// Partials and pages, by name.
    static let all: [String: String] = [
        "head": head, "foot": foot, "badge": badge, "chart": chart, "changes": changes,
        "index": index, "framework": framework, "diff": diff, "evidence": evidence,
    ]

    static let head = #"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{pageTitle}}</title>
<link rel="stylesheet" href="style.css">
</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header class="masthead">
<div class="wrap">
<p class="org">{{organization}}</p>
<h1>{{pageHeading}}</h1>
<p class="meta">{{judged}}</p>
</div>
</header>
<nav class="site" aria-label="Report pages">
<ul>
{{#nav}}
<li><a href="{{navHref}}"{{#navCurrent}} aria-current="page"{{/navCurrent}}>{{navLabel}}</a></li>
{{/nav}}
</ul>
</nav>
<main id="main">

"""#

    static let foot = #"""
</main>
<footer class="site">
<div class="wrap">
<p>{{footer}}</p>
{{#footNotes}}
<p>{{.}}</p>
{{/footNotes}}
</div>
</footer>
</body>
</html>

"""#

    /// A status as a word and a mark of its own shape (✓ ✗ ◐ –), never as colour alone.
    static let badge = #"""
<span class="badge {{badgeTone}}"><span class="mark" aria-hidden="true">{{badgeMark}}</span> {{badgeText}}</span>
"""#

    static let chart = #"""
<figure class="chart">
<figcaption>{{chartTitle}}</figcaption>
<svg class="chart" id="{{chartID}}" role="img" aria-labelledby="{{chartID}}-title {{chartID}}-desc" viewBox="0 0 {{chartWidth}} {{chartHeight}}" preserveAspectRatio="xMidYMid meet">
<title id="{{chartID}}-title">{{chartTitle}}</title>
<desc id="{{chartID}}-desc">{{chartDesc}}</desc>
<g class="grid">
{{#chartTicks}}
<line x1="{{chartLeft}}" x2="{{chartRight}}" y1="{{tickY}}" y2="{{tickY}}"></line>
<text x="{{chartTickX}}" y="{{tickTextY}}" text-anchor="end">{{tickLabel}}</text>
{{/chartTicks}}
</g>
{{#chartRef}}
<g class="ref">
<line x1="{{chartLeft}}" x2="{{chartRight}}" y1="{{refY}}" y2="{{refY}}"></line>
<text x="{{refX}}" y="{{refTextY}}" text-anchor="end">{{refLabel}}</text>
</g>
{{/chartRef}}
<g class="axis">
<line x1="{{chartLeft}}" x2="{{chartLeft}}" y1="{{chartTop}}" y2="{{chartBottom}}"></line>
<line x1="{{chartLeft}}" x2="{{chartRight}}" y1="{{chartBottom}}" y2="{{chartBottom}}"></line>
</g>
<g class="names">
{{#chartBands}}
<text x="{{bandX}}" y="{{bandY}}" text-anchor="{{bandAnchor}}" transform="{{bandTurn}}">{{bandName}}</text>
{{/chartBands}}
</g>
<g class="series {{chartSeries}}">
{{#chartHasLine}}
<polyline points="{{chartLine}}"></polyline>
{{/chartHasLine}}
{{#chartPoints}}
<g class="point">
<title>{{pointTitle}}</title>
{{#chartSquares}}
<rect x="{{pointSquare}}" y="{{pointSquareY}}" width="10" height="10"></rect>
{{/chartSquares}}
{{^chartSquares}}
<circle cx="{{pointX}}" cy="{{pointY}}" r="5.5"></circle>
{{/chartSquares}}
{{#pointLabel}}
<text class="value" x="{{pointX}}" y="{{pointLabelY}}" text-anchor="middle">{{pointLabel}}</text>
{{/pointLabel}}
</g>
{{/chartPoints}}
</g>
{{#chartEmpty}}
<text class="empty" x="{{chartMiddleX}}" y="{{chartEmptyY}}" text-anchor="middle">No snapshot recorded this</text>
{{/chartEmpty}}
</svg>
{{#chartLegend}}
<p class="legend">{{chartLegend}}</p>
{{/chartLegend}}
</figure>

"""#

    /// The framework headlines and the requirements that changed status, on the overview and the
    /// diff page alike.
    static let changes = #"""
{{#diffFrameworks}}
<h3>{{fwHeadline}}</h3>
{{#fwHeld}}
<ul class="plain">
<li>Status held before: {{heldBefore}}</li>
<li>Status held after: {{heldAfter}}</li>
</ul>
{{/fwHeld}}
{{#fwHasChanges}}
<table class="changes">
<caption>{{fwCaption}}</caption>
<thead><tr><th scope="col">{{fwColumn}}</th><th scope="col">Before</th><th scope="col">After</th><th scope="col">Why</th></tr></thead>
<tbody>
{{#fwChanges}}
<tr><th scope="row"><span class="rid">{{chgID}}</span>{{#chgAlt}} <span class="alt">{{chgAlt}}</span>{{/chgAlt}}<span class="rtitle">{{chgTitle}}</span></th><td>{{#chgFrom}}{{> badge}}{{/chgFrom}}</td><td>{{#chgTo}}{{> badge}}{{/chgTo}}{{#chgWorse}} <strong class="worse">worse</strong>{{/chgWorse}}</td><td>{{#first(chgReasons)}}<ul class="reasons">{{/first(chgReasons)}}{{#chgReasons}}<li>{{.}}</li>{{/chgReasons}}{{#first(chgReasons)}}</ul>{{/first(chgReasons)}}</td></tr>
{{/fwChanges}}
</tbody>
</table>
{{/fwHasChanges}}
{{^fwHasChanges}}
<p class="note">{{fwNoChange}}</p>
{{/fwHasChanges}}
{{/diffFrameworks}}

"""#

    static let index = #"""
{{> head}}
<section class="panel" id="overview" aria-labelledby="overview-h">
<h2 id="overview-h">Overview</h2>
{{#noFrameworks}}
<p>{{noFrameworks}}</p>
{{/noFrameworks}}
<div class="cards">
{{#cards}}
<article class="card" aria-labelledby="{{cardID}}">
<h3 id="{{cardID}}">{{cardTitle}}</h3>
<p class="figure">{{cardFigure}} <small>{{cardUnit}}</small></p>
<p class="result">{{#cardBadge}}{{> badge}}{{/cardBadge}} <span class="note">{{cardBadgeLabel}}</span></p>
<dl>
{{#cardRows}}
<dt>{{rowLabel}}</dt><dd>{{rowValue}}</dd>
{{/cardRows}}
</dl>
{{#cardHasReasons}}
<ul class="reasons note">
{{#cardReasons}}
<li>{{.}}</li>
{{/cardReasons}}
</ul>
{{/cardHasReasons}}
<p class="more"><a href="{{cardHref}}">{{cardLinkText}}</a></p>
</article>
{{/cards}}
</div>
</section>
<section class="panel" id="trend" aria-labelledby="trend-h">
<h2 id="trend-h">Readiness across snapshots</h2>
{{#trendNone}}
<p>{{trendNone}}</p>
<p>Take one with <code>{{trendCommand}}</code>: each snapshot records what an assessment found, and the trend grows with every one.</p>
{{/trendNone}}
{{#trendHas}}
<p class="note">{{trendIntro}}</p>
<div class="charts">
{{#charts}}
{{> chart}}
{{/charts}}
</div>
<table class="trend">
<caption>What each snapshot recorded, oldest first (the points of the charts)</caption>
<thead><tr><th scope="col">Snapshot</th><th scope="col">Kind</th><th scope="col">As of</th><th scope="col" class="num">SPRS score</th><th scope="col">CMMC Level 2 result</th>{{#trendHasL1}}<th scope="col">CMMC Level 1</th>{{/trendHasL1}}<th scope="col" class="num">SOC 2 ready</th><th scope="col">SOC 2 status</th></tr></thead>
<tbody>
{{#trendRows}}
<tr><th scope="row">{{tName}}</th><td>{{tKind}}</td><td class="date">{{tAsOf}}</td><td class="num">{{tScore}}</td><td>{{tL2}}</td>{{#trendHasL1}}<td>{{tL1}}</td>{{/trendHasL1}}<td class="num">{{tSOC2}}</td><td>{{tSOC2Status}}</td></tr>
{{/trendRows}}
</tbody>
</table>
{{/trendHas}}
</section>
<section class="panel" id="changes" aria-labelledby="changes-h">
<h2 id="changes-h">Since the previous snapshot</h2>
{{#diffNone}}
<p>{{diffNone}}</p>
{{/diffNone}}
{{#diff}}
<p>{{diffSpan}}</p>
{{> changes}}
<table class="counts">
<caption>Records that changed</caption>
<thead><tr><th scope="col">Records</th><th scope="col">Changes</th></tr></thead>
<tbody>
{{#diffCounts}}
<tr><th scope="row">{{cntWhat}}</th><td>{{cntText}}</td></tr>
{{/diffCounts}}
</tbody>
</table>
<p><strong>{{diffVerdict}}</strong> <a href="diff.html">Every record that changed</a></p>
{{/diff}}
</section>
<section class="panel" id="expiring" aria-labelledby="expiring-h">
<h2 id="expiring-h">Evidence expiring soon</h2>
<p class="note">{{expIntro}}</p>
{{#expHasRows}}
<table class="expiring">
<caption>{{expCaption}}</caption>
<thead><tr><th scope="col">Valid until</th><th scope="col">When</th><th scope="col">Control</th><th scope="col">Evidence</th><th scope="col">Title</th></tr></thead>
<tbody>
{{#expRows}}
<tr><th scope="row" class="date">{{expUntil}}</th><td>{{#expBadge}}{{> badge}}{{/expBadge}}</td><td>{{expControl}}</td><td><a class="ev" href="evidence.html#{{expEvidence}}">{{expEvidence}}</a></td><td>{{expTitle}}</td></tr>
{{/expRows}}
</tbody>
</table>
{{/expHasRows}}
</section>
<section class="panel" id="calendar" aria-labelledby="calendar-h">
<h2 id="calendar-h">Calendar</h2>
{{#calLevelsNone}}
<p>{{calLevelsNone}}</p>
{{/calLevelsNone}}
{{#calHeldNone}}
<p>{{calHeldNone}}</p>
{{/calHeldNone}}
{{#calHasHeld}}
<p>Status held:</p>
<ul class="plain">
{{#calHeld}}
<li>{{.}}</li>
{{/calHeld}}
</ul>
{{/calHasHeld}}
{{#calGroups}}
<table class="calendar">
<caption>{{grpTitle}}</caption>
<thead><tr><th scope="col">Due</th><th scope="col">Left</th><th scope="col">What</th></tr></thead>
<tbody>
{{#grpRows}}
<tr{{#calOverdue}} class="overdue"{{/calOverdue}}><th scope="row" class="date">{{calDue}}</th><td class="date">{{calLeft}}</td><td>{{calWhat}}<span class="sub">{{calDetail}}</span></td></tr>
{{/grpRows}}
</tbody>
</table>
{{/calGroups}}
<p>{{calSummary}}</p>
</section>
{{> foot}}
"""#

    static let framework = #"""
{{> head}}
<section class="panel" id="summary" aria-labelledby="summary-h">
<h2 id="summary-h">{{fwName}}</h2>
<p class="lead">{{#fwBadge}}{{> badge}}{{/fwBadge}} {{fwSummary}}</p>
{{#fwHasLines}}
<ul class="plain">
{{#fwLines}}
<li>{{.}}</li>
{{/fwLines}}
</ul>
{{/fwHasLines}}
<table class="tally">
<caption>{{tallyCaption}}</caption>
<thead><tr>{{#tallyHeader}}<th scope="col"{{#tallyNum}} class="num"{{/tallyNum}}>{{tallyText}}</th>{{/tallyHeader}}</tr></thead>
<tbody>
{{#tallyRows}}
<tr><th scope="row"><a href="#{{tallyAnchor}}">{{tallyName}}</a></th>{{#tallyCells}}<td class="num">{{.}}</td>{{/tallyCells}}</tr>
{{/tallyRows}}
</tbody>
</table>
</section>
{{#groups}}
<section class="panel" id="{{grpAnchor}}" aria-labelledby="{{grpAnchor}}-h">
<h2 id="{{grpAnchor}}-h">{{grpTitle}}</h2>
<table class="reqs">
<caption>{{grpCaption}}</caption>
<thead><tr><th scope="col">{{colRequirement}}</th><th scope="col">Status</th>{{#showPoints}}<th scope="col" class="num">Value</th>{{/showPoints}}<th scope="col">Controls</th><th scope="col">Evidence valid on {{asOf}}</th><th scope="col">Reasons</th></tr></thead>
<tbody>
{{#grpRows}}
<tr id="{{rAnchor}}"><th scope="row"><span class="rid">{{rID}}</span>{{#rAlt}} <span class="alt">{{rAlt}}</span>{{/rAlt}}<span class="rtitle">{{rTitle}}</span></th><td>{{#rBadge}}{{> badge}}{{/rBadge}}{{#rNotes}}<span class="sub">{{.}}</span>{{/rNotes}}</td>{{#showPoints}}<td class="num">{{rPoints}}</td>{{/showPoints}}<td>{{#rControls}}<span class="ctl">{{cID}} <span class="sub">{{cStatus}}</span></span>{{/rControls}}{{^rControls}}<span class="note">none</span>{{/rControls}}</td><td>{{#rEvidence}}<a class="ev" href="evidence.html#{{.}}">{{.}}</a> {{/rEvidence}}{{^rEvidence}}<span class="note">none</span>{{/rEvidence}}</td><td>{{#first(rReasons)}}<ul class="reasons">{{/first(rReasons)}}{{#rReasons}}<li>{{.}}</li>{{/rReasons}}{{#first(rReasons)}}</ul>{{/first(rReasons)}}</td></tr>
{{/grpRows}}
</tbody>
</table>
</section>
{{/groups}}
{{> foot}}
"""#

    static let diff = #"""
{{> head}}
<section class="panel" id="diff" aria-labelledby="diff-h">
<h2 id="diff-h">Since the previous snapshot</h2>
{{#diffNone}}
<p>{{diffNone}}</p>
{{/diffNone}}
{{#diff}}
<p>{{diffSpan}}</p>
{{> changes}}
<p><strong>{{diffVerdict}}</strong></p>
{{/diff}}
</section>
{{#diff}}
{{#diffSections}}
<section class="panel" id="{{secAnchor}}" aria-labelledby="{{secAnchor}}-h">
<h2 id="{{secAnchor}}-h">{{secTitle}}</h2>
{{#secTables}}
{{#secEmpty}}
<p class="note">{{secEmpty}}</p>
{{/secEmpty}}
{{#secHasRows}}
<table>
<caption>{{secCaption}}</caption>
<thead><tr>{{#secHeader}}<th scope="col">{{.}}</th>{{/secHeader}}</tr></thead>
<tbody>
{{#secRows}}
<tr><th scope="row">{{#secLink}}<a class="ev" href="evidence.html#{{secLink}}">{{secKey}}</a>{{/secLink}}{{^secLink}}{{secKey}}{{/secLink}}</th>{{#secCells}}<td>{{.}}</td>{{/secCells}}</tr>
{{/secRows}}
</tbody>
</table>
{{/secHasRows}}
{{/secTables}}
</section>
{{/diffSections}}
{{/diff}}
{{> foot}}
"""#

    static let evidence = #"""
{{> head}}
<section class="panel" id="index" aria-labelledby="index-h">
<h2 id="index-h">Every artifact</h2>
<p class="note">{{evIntro}}</p>
{{#evNone}}
<p>{{evNone}}</p>
{{/evNone}}
{{#evHasRows}}
<table class="evidence">
<caption>{{evCaption}}</caption>
<thead><tr><th scope="col">Evidence</th><th scope="col">Title and controls</th><th scope="col">Supports</th><th scope="col">Collected</th><th scope="col">Valid until</th><th scope="col">Class</th><th scope="col">Artifact, size and SHA-256</th></tr></thead>
<tbody>
{{#evRows}}
<tr{{#evAnchor}} id="{{evAnchor}}"{{/evAnchor}}><th scope="row" class="id">{{evID}}</th><td>{{evTitle}}<span class="sub">{{evControls}}</span></td><td>{{#evSupports}}<span class="sub">{{.}}</span>{{/evSupports}}</td><td class="date">{{evCollected}}</td><td class="date">{{evUntil}}</td><td>{{evClass}}</td><td class="artifact"><span class="path">{{evPath}}</span><span class="sub">{{evBytes}}</span><span class="hash">{{evSHA}}</span></td></tr>
{{/evRows}}
</tbody>
</table>
{{/evHasRows}}
</section>
{{> foot}}
"""#
}
