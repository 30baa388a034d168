/** The report's print stylesheet (A4 landscape; the page margins are set by the PDF printer). */
import { STATUS_COLOURS } from '../charts/palette.js';

export const REPORT_CSS = `
@page { size: A4 landscape; }
* { box-sizing: border-box; }
body { font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; font-size: 8.5pt; color: #1f2328; margin: 0; }
section.page { break-before: page; }
section.cover { break-before: auto; }
h1 { font-size: 16pt; margin: 0 0 6pt; color: #0b3d6b; }
h2 { font-size: 11pt; margin: 10pt 0 4pt; break-after: avoid; }
h3 { font-size: 9.5pt; margin: 6pt 0 3pt; }
p { margin: 3pt 0; }
.small { font-size: 7.5pt; color: #57606a; }
.lead { font-size: 11pt; }
table { border-collapse: collapse; width: 100%; margin: 3pt 0 6pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border-bottom: 0.5pt solid #d0d7de; padding: 1.6pt 3pt; text-align: left; vertical-align: top; }
th { background: #f3f4f6; font-weight: 600; font-size: 7.5pt; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.kpi { white-space: nowrap; }
td.kpi .unit { display: block; font-size: 6.5pt; color: #57606a; }
table.scorecard { font-size: 7pt; line-height: 1.1; table-layout: fixed; }
table.scorecard th, table.scorecard td { padding: 0.8pt 2pt; }
table.scorecard td.kpi { white-space: normal; }
table.scorecard td.kpi .unit { font-size: 6pt; }
table.scorecard th.scope { text-align: center; border-left: 1pt solid #8c959f; }
table.scorecard td.spark { padding: 0 1pt; }
table.scorecard tbody tr > :nth-child(6n + 2) { border-left: 1pt solid #8c959f; }
table.scorecard thead tr:nth-child(2) > :nth-child(6n + 1) { border-left: 1pt solid #8c959f; }
table.scorecard td.spark svg { display: block; }
.st { display: inline-block; min-width: 9mm; padding: 0 2pt; border-radius: 2pt; color: #fff; font-size: 7pt; text-align: center; }
.st-red { background: ${STATUS_COLOURS.red}; }
.st-amber { background: ${STATUS_COLOURS.amber}; }
.st-green { background: ${STATUS_COLOURS.green}; }
.st-none { background: #eaeef2; color: #57606a; }
.counts { display: flex; gap: 8mm; margin: 6pt 0; }
.count { padding: 6pt 10pt; border-radius: 4pt; color: #fff; font-size: 11pt; }
.count b { font-size: 20pt; margin-right: 4pt; }
.count.st-none { color: #1f2328; }
.two { display: flex; gap: 8mm; }
.two > div { flex: 1; min-width: 0; }
.completeness { font-weight: 600; margin-top: 8pt; }
.break { break-before: page; }
.charts { display: flex; flex-wrap: wrap; gap: 4mm 6mm; }
figure.chart { margin: 0; width: 132mm; height: 72mm; break-inside: avoid; }
.mover { break-inside: avoid; border-top: 1pt solid #d0d7de; padding-top: 3pt; margin-top: 5pt; }
.mover h2 { font-size: 10pt; margin: 2pt 0; }
table.drivers, table.feeds, table.needs, table.quality { font-size: 7.5pt; width: auto; min-width: 55%; }
table.drivers th:not(:first-child), table.feeds th:nth-child(n + 2):nth-child(-n + 5), table.needs th:nth-child(3), table.needs th:nth-child(4), table.quality th.num { text-align: right; }
table.drivers td, table.drivers th { padding-left: 8pt; }
table.drivers tr.total td { font-weight: 600; border-top: 1pt solid #8c959f; }
ol.footnotes { font-size: 7pt; color: #57606a; padding-left: 12pt; }
ol.footnotes li { margin-bottom: 2pt; break-inside: avoid; }
td.note { width: 45%; }
table.products { font-size: 7.5pt; }
table.products td, table.products th { padding: 1pt 4pt; }
.products + .note, p.note { font-size: 7pt; color: #57606a; margin: 0 0 4pt; }
table.signoff { width: auto; font-size: 7.5pt; }
table.signoff td.num, table.signoff th.num { padding-left: 10pt; }
td.sign { width: 55mm; height: 9mm; border-bottom: 0.8pt solid #57606a; }
table.appendix td.def { width: 40%; }
table.appendix { font-size: 7.5pt; }
.contents { font-size: 12pt; width: 140mm; margin-top: 10mm; }
.contents td { border: none; padding: 3pt 0; }
.contents td.page-no { text-align: right; }
.cover-meta { color: #57606a; font-size: 9pt; margin-top: 4pt; }
code { font-size: 6.5pt; color: #57606a; }
`;
