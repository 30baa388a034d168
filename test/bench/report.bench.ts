/**
 * `npm run bench report`: the time to render the governance report on the demo data. First
 * `opslake report` as a user runs it (wall time, peak RSS of the process tree — Chromium included —,
 * pages and bytes), then the same render in this process split into its phases: reading the data
 * (next to the raw DuckDB time of the statements it ran), building the HTML, and Chromium's two
 * prints (the draft that numbers the contents page, then the final). Needs a built demo workspace:
 * `make demo` (or OPSLAKE_HOME pointing at one).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPANY } from '../../functions/kpis/index.js';
import { repoRoot, workspace } from '../../functions/local/workspace.js';
import { DuckDBEngine } from '../../functions/query/duckdb-engine.js';
import { loadReportData } from '../../functions/report/data.js';
import { reportDocument, reportTitle } from '../../functions/report/document.js';
import { latestCompleteMonth } from '../../functions/report/month.js';
import { PdfPrinter } from '../../functions/report/pdf.js';
import { pdfPages } from '../../functions/report/pdf-text.js';
import { sectionPages } from '../../functions/report/render.js';
import type { BenchModule } from './index.js';
import { runMeasured } from './peak-memory.js';
import { RecordingEngine, rawDuckDB, type Statement, timeStatements } from './recording-engine.js';

const cli = join(repoRoot, 'functions/cli/opslake.mjs');

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

const s = (millis: number) => `${(millis / 1000).toFixed(2)} s`;

async function phases(home: string): Promise<void> {
  const ws = workspace(home);
  const engine = new RecordingEngine(await DuckDBEngine.open(ws.warehouse));
  const log: Statement[] = [];
  try {
    const month = await latestCompleteMonth(engine);
    if (!month) throw new Error('the demo warehouse has no complete month');
    const runResults = await readFile(join(home, 'dbt-target', 'run_results.json'), 'utf8').catch(() => null);
    const sources = { engine, lake: ws.buckets.lake, quarantine: ws.buckets.quarantine, runResults };
    engine.log = log;
    const [data, readMs] = await timed(() => loadReportData(sources, month, COMPANY));
    engine.log = null;
    const [draftHtml, htmlMs] = await timed(async () => reportDocument(data, null));
    const [printer, launchMs] = await timed(() => PdfPrinter.open());
    try {
      const [draft, draftMs] = await timed(() => printer.print(draftHtml, reportTitle(data)));
      const [pages, textMs] = await timed(async () => sectionPages(pdfPages(draft)));
      const [pdf, finalMs] = await timed(() => printer.print(reportDocument(data, pages), reportTitle(data)));
      const duckdb = await rawDuckDB(ws.warehouse);
      const rawMs = await timeStatements(duckdb.connection, log).finally(() => duckdb.close());
      process.stdout.write(
        `in process, ${month}: read data ${s(readMs)} (${log.length} statements; the same statements on DuckDB alone ${s(rawMs)}; the rest is the lake/quarantine listing for data quality), ` +
          `HTML ${s(htmlMs)} (${(draftHtml.length / 1024).toFixed(0)} KiB), Chromium launch ${s(launchMs)}, ` +
          `draft print ${s(draftMs)}, pdftotext for the contents ${s(textMs)}, final print ${s(finalMs)} (${(pdf.length / 1024).toFixed(0)} KiB)\n`,
      );
    } finally {
      await printer.close();
    }
  } finally {
    await engine.close();
  }
}

const bench: BenchModule = {
  title: 'opslake report: time to render the governance report on the demo data',
  async run() {
    const home = process.env.OPSLAKE_HOME ?? join(repoRoot, '.opslake');
    if (!existsSync(join(home, 'warehouse.duckdb')))
      throw new Error(`no warehouse in ${home}: run \`make demo\` first`);
    const out = mkdtempSync(join(tmpdir(), 'opslake-report-bench-'));
    try {
      const run = await runMeasured(process.execPath, [cli, 'report', '--out', out, '--json', '--home', home]);
      if (run.exitCode !== 0) throw new Error(`opslake report exited ${run.exitCode}`);
      const paths = JSON.parse(run.stdout) as { month: string; html: string; pdf: string };
      const pages = pdfPages(readFileSync(paths.pdf)).length;
      process.stdout.write(
        `opslake report (${paths.month}, company): ${run.seconds.toFixed(1)} s, peak RSS ${run.peakRssMiB.toFixed(0)} MiB (with Chromium), ` +
          `${pages} pages, PDF ${(statSync(paths.pdf).size / 1024).toFixed(0)} KiB, HTML ${(statSync(paths.html).size / 1024).toFixed(0)} KiB\n`,
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    await phases(home);
  },
};
export default bench;
