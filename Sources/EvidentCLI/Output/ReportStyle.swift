/// style.css of `evident report`: one stylesheet for every page, for the screen and for print.
/// System fonts only (nothing is fetched); statuses differ in word, mark and border style as well
/// as in colour. In print: no navigation, black on white, tables repeat their header and keep
/// rows whole, and links show where they lead.
enum ReportStyle {
    static let css = #"""
:root {
  color-scheme: light;
  --ink: #17202b;
  --muted: #566273;
  --line: #d9dfe7;
  --brand: #1d3557;
  --brand-soft: #e8eef6;
  --page: #f3f5f8;
  --good: #146c3b;
  --good-bg: #e5f4ea;
  --bad: #a3231d;
  --bad-bg: #fbe8e6;
  --warn: #8a5300;
  --warn-bg: #fff2d4;
  --na: #4b5462;
  --na-bg: #eceff3;
  --teal: #0d6b6b;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Liberation Sans", "DejaVu Sans", Arial, sans-serif;
  font-size: 15px;
  line-height: 1.5;
  color: var(--ink);
  background: var(--page);
}
.skip { position: absolute; left: -999px; top: 0; background: #fff; color: var(--brand); padding: .5rem 1rem; z-index: 2; }
.skip:focus { left: 1rem; }
.wrap, main { max-width: 78rem; margin: 0 auto; padding-left: 2rem; padding-right: 2rem; }
.masthead { background: var(--brand); color: #fff; padding: 1.5rem 0 1.3rem; }
.masthead .org { margin: 0; font-size: .8rem; letter-spacing: .08em; text-transform: uppercase; opacity: .85; }
.masthead h1 { margin: .15rem 0 .35rem; font-size: 1.85rem; font-weight: 650; letter-spacing: -.01em; }
.masthead .meta { margin: 0; font-size: .92rem; opacity: .92; }
nav.site { background: #fff; border-bottom: 1px solid var(--line); }
nav.site ul { list-style: none; margin: 0 auto; padding: 0 2rem; max-width: 78rem; display: flex; flex-wrap: wrap; gap: .2rem; }
nav.site a { display: block; padding: .75rem .9rem .6rem; color: var(--brand); text-decoration: none; font-weight: 600; border-bottom: 3px solid transparent; }
nav.site a:hover { border-bottom-color: var(--line); }
nav.site a[aria-current="page"] { color: var(--ink); border-bottom-color: var(--brand); }
main { padding-top: 1.5rem; padding-bottom: 2.5rem; }
a { color: #1c4f8c; }
a:focus-visible { outline: 3px solid #f0b429; outline-offset: 2px; }
.panel { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 1.25rem 1.5rem; margin: 0 0 1.4rem; box-shadow: 0 1px 2px rgba(23, 32, 43, .05); }
h2 { margin: 0 0 .8rem; font-size: 1.3rem; color: var(--brand); }
h3 { margin: 1.3rem 0 .5rem; font-size: 1.05rem; }
p { margin: .4rem 0 .8rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: .85em; background: var(--brand-soft); padding: .05rem .3rem; border-radius: 4px; }
.note { color: var(--muted); }
.lead { font-size: 1.05rem; }
ul.plain { list-style: none; padding: 0; margin: .3rem 0 .8rem; }
ul.plain li { padding: .15rem 0; }
ul.reasons { margin: 0; padding-left: 1.1rem; }
ul.reasons li { margin: .1rem 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(19rem, 1fr)); gap: 1rem; }
.card { border: 1px solid var(--line); border-top: 4px solid var(--brand); border-radius: 8px; padding: 1rem 1.15rem .8rem; display: flex; flex-direction: column; }
.card h3 { margin: 0 0 .4rem; font-size: .8rem; letter-spacing: .06em; text-transform: uppercase; color: var(--muted); }
.card .figure { margin: 0; font-size: 2.7rem; font-weight: 700; line-height: 1.05; font-variant-numeric: tabular-nums; }
.card .figure small { font-size: 1rem; font-weight: 500; color: var(--muted); }
.card .result { margin: .6rem 0 .2rem; }
.card dl { display: grid; grid-template-columns: max-content 1fr; gap: .3rem .9rem; margin: .6rem 0; font-size: .9rem; }
.card dt { color: var(--muted); }
.card dd { margin: 0; }
.card ul.reasons { font-size: .85rem; margin-bottom: .6rem; }
.card .more { margin: auto 0 0; padding-top: .4rem; font-weight: 600; }
.badge { display: inline-block; white-space: nowrap; font-size: .8rem; font-weight: 650; line-height: 1.35; padding: .08rem .55rem; border-radius: 999px; border: 1.5px solid currentColor; }
.badge .mark { font-weight: 800; }
.tone-good { color: var(--good); background: var(--good-bg); border-style: solid; }
.tone-bad { color: var(--bad); background: var(--bad-bg); border-style: dashed; }
.tone-warn { color: var(--warn); background: var(--warn-bg); border-style: double; border-width: 3px; padding: 0 .5rem; }
.tone-na { color: var(--na); background: var(--na-bg); border-style: dotted; }
strong.worse { color: var(--bad); text-transform: uppercase; font-size: .75rem; letter-spacing: .05em; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(24rem, 1fr)); gap: 1rem; margin: .6rem 0 1rem; }
figure.chart { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: .8rem .9rem .5rem; }
figure.chart figcaption { font-weight: 600; font-size: .92rem; margin-bottom: .3rem; }
svg.chart { display: block; width: 100%; height: auto; overflow: visible; }
svg.chart text { font-size: 12px; fill: #3d4756; }
svg.chart .grid line { stroke: #e4e9ef; stroke-width: 1; }
svg.chart .axis line { stroke: #8b97a6; stroke-width: 1.2; }
svg.chart .ref line { stroke: var(--warn); stroke-width: 1.4; stroke-dasharray: 6 4; }
svg.chart .ref text { fill: var(--warn); font-weight: 700; }
svg.chart .names text { font-size: 11.5px; fill: var(--ink); }
svg.chart .series polyline { fill: none; stroke: var(--brand); stroke-width: 2.5; stroke-linejoin: round; }
svg.chart .series circle { fill: #fff; stroke: var(--brand); stroke-width: 3; }
svg.chart .series.soc2 polyline { stroke: var(--teal); stroke-dasharray: 8 3; }
svg.chart .series.soc2 rect { fill: #fff; stroke: var(--teal); stroke-width: 3; }
svg.chart text.value { font-weight: 700; font-size: 12.5px; fill: var(--ink); }
svg.chart text.empty { fill: var(--muted); font-size: 13px; }
figure.chart .legend { margin: .3rem 0 0; font-size: .8rem; color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: .88rem; margin: .5rem 0 1.1rem; }
caption { caption-side: top; text-align: left; font-weight: 650; padding: .2rem 0 .45rem; color: var(--ink); }
th, td { text-align: left; vertical-align: top; padding: .45rem .6rem; border-bottom: 1px solid var(--line); }
thead th { background: var(--brand-soft); color: #243247; font-size: .76rem; font-weight: 650; letter-spacing: .04em; text-transform: uppercase; border-bottom: 2px solid #c4d0de; }
tbody th { font-weight: 600; }
tbody tr:nth-child(even) td, tbody tr:nth-child(even) th { background: #fafbfd; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.rid { display: block; }
.alt { display: block; font-weight: 500; color: var(--muted); font-size: .8rem; }
.rtitle { display: block; font-weight: 400; color: var(--ink); margin-top: .1rem; }
.sub { display: block; color: var(--muted); font-size: .8rem; font-weight: 400; }
.ctl { display: block; margin-bottom: .25rem; white-space: nowrap; }
.ctl .sub { white-space: normal; }
a.ev { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: .8rem; white-space: nowrap; }
table.reqs th[scope="row"] { width: 24%; }
table.evidence { font-size: .8rem; }
table.evidence td.artifact { width: 30%; }
.path, .hash { display: block; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; word-break: break-all; }
.path { font-size: .76rem; }
.hash { font-size: .7rem; color: var(--muted); margin-top: .15rem; }
.date, th.id { white-space: nowrap; }
table.counts th[scope="row"] { width: 14rem; }
tr.overdue th, tr.overdue td { background: var(--bad-bg); }
footer.site { color: var(--muted); font-size: .85rem; padding: 0 0 2.5rem; }
footer.site p { margin: .3rem 0; }
@media (max-width: 700px) {
  .wrap, main, nav.site ul { padding-left: 1rem; padding-right: 1rem; }
  .charts { grid-template-columns: 1fr; }
}
@media print {
  @page { margin: 14mm 12mm; }
  :root { --ink: #000; --muted: #333; --line: #999; }
  body { background: #fff; color: #000; font-size: 9.5pt; }
  nav.site, .skip { display: none; }
  .wrap, main { max-width: none; padding: 0; }
  .masthead { background: none; color: #000; padding: 0 0 .3rem; border-bottom: 2px solid #000; margin-bottom: .6rem; }
  .masthead .org, .masthead .meta { opacity: 1; }
  .panel { border: none; border-radius: 0; box-shadow: none; padding: 0; margin: 0 0 1rem; }
  h2 { color: #000; break-after: avoid; page-break-after: avoid; }
  h3, caption { break-after: avoid; page-break-after: avoid; }
  .card, figure.chart { border: 1px solid #000; border-radius: 0; break-inside: avoid; page-break-inside: avoid; }
  .card { border-top-width: 3px; }
  .badge, .tone-good, .tone-bad, .tone-warn, .tone-na, tr.overdue th, tr.overdue td { background: none !important; color: #000 !important; border-color: #000; }
  thead { display: table-header-group; }
  thead th { background: none; color: #000; border-bottom: 1.5px solid #000; }
  tbody tr:nth-child(even) td, tbody tr:nth-child(even) th { background: none; }
  tr, li { break-inside: avoid; page-break-inside: avoid; }
  a { color: #000; text-decoration: none; }
  a[href]:not([href^="#"])::after { content: " (" attr(href) ")"; font-size: 7.5pt; color: #333; font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; }
  a.ev[href]::after { content: " (evidence.html)"; }
  code { background: none; padding: 0; }
  svg.chart text, svg.chart .names text, svg.chart text.value { fill: #000; }
  svg.chart .series polyline, svg.chart .series.soc2 polyline { stroke: #000; }
  svg.chart .series circle, svg.chart .series.soc2 rect { stroke: #000; }
  svg.chart .ref line { stroke: #000; }
  svg.chart .ref text { fill: #000; }
}

"""#
}
