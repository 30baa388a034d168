/**
 * The governance report end to end on a generated workspace (3 sites, January–February 2025 and
 * two days of March): `opslake demo` writes the report's HTML and PDF for February (the latest
 * complete month, as `opslake report` picks without --month), and the PDF read back with pdftotext
 * holds every section heading, the scorecard values, targets and statuses that the same SQL
 * returns, the owners' notes beside their KPI, and the red KPIs without a note. The pages are saved
 * as PNGs (pdftoppm) under test-artifacts/report/, and the HTML laid out in Chromium shows no table
 * wider than the page, no cell whose content spills out, and no two chart labels on top of each other.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatValue } from '../../functions/charts/format.js';
import type { KpiSummary } from '../../functions/local/kpi-summary.js';
import { repoRoot } from '../../functions/local/workspace.js';
import { DuckDBEngine } from '../../functions/query/duckdb-engine.js';
import { queryObjects } from '../../functions/query/engine.js';
import { SECTIONS } from '../../functions/report/html.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../functions/report/pdf.js';
import { pdfPages } from '../../functions/report/pdf-text.js';
import { SCOPES_PER_TABLE } from '../../functions/report/sections/scorecard.js';
import { runOpslake } from '../support/cli.js';

const home = mkdtempSync(join(tmpdir(), 'opslake-report-'));
const out = join(home, 'out');
const MONTH = '2025-02';
const ARTIFACTS = join(repoRoot, 'test-artifacts', 'report');
let pages: string[] = [];
let paths: { html: string; pdf: string };
let engine: DuckDBEngine;
/** `opslake demo --json`: the terminal KPI summary plus where the report went. */
type DemoOutput = KpiSummary & { report: { month: string; html: string; pdf: string } };
let demo: ReturnType<typeof runOpslake>;
let summary: DemoOutput;

interface Cell extends Record<string, string | number | null> {
  kpi: string;
  label: string;
  unit: string;
  direction: string;
  scope_level: string;
  scope_id: string;
  kpi_value: number | null;
  target_value: number | null;
  status: string | null;
}

beforeAll(async () => {
  demo = runOpslake(home, 'demo', '--sites', '3', '--days', '62', '--json');
  expect(demo.code, demo.stderr).toBe(0);
  // The demo writes the report of the last complete month (what `opslake report` does without
  // --month) and names both paths; those files are the ones checked here, so the suite renders once.
  summary = JSON.parse(demo.stdout) as DemoOutput;
  expect(summary.report.month, demo.stdout).toBe(MONTH);
  expect(summary.report.html).toMatch(/opslake-report-2025-02\.html$/);
  expect(summary.report.pdf).toMatch(/opslake-report-2025-02\.pdf$/);
  paths = { html: summary.report.html, pdf: summary.report.pdf };
  pages = pdfPages(readFileSync(paths.pdf), { layout: true });
  engine = await DuckDBEngine.open(join(home, 'warehouse.duckdb'));
  // A 2-core machine shared with other suites has taken 18 minutes for this (dbt build, Chromium).
}, 1_500_000);

afterAll(async () => {
  await engine?.close();
  rmSync(home, { recursive: true, force: true });
});

const escapeRe = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pagesFrom = (heading: string, until: string) => {
  const start = pages.findIndex((p, i) => i > 0 && p.split('\n').some((l) => l.trim() === heading));
  const end = pages.findIndex((p, i) => i > start && p.split('\n').some((l) => l.trim() === until));
  return pages.slice(start, end < 0 ? undefined : end).join('\n');
};

// The demo end to end (this suite's run doubles as the demo's test): every feed generated, ingested
// without a rejected row, built with all tests green, a value per site in the summary.
describe('opslake demo', () => {
  it('generates, ingests every row, builds and summarises every site and domain', () => {
    expect(demo.stderr).toMatch(/rows: (\d+) in = \1 valid \+ 0 rejected/);
    // 62 days from 2025-01-01 end on 3 March: the summary shows the latest whole month, February.
    expect(summary.month).toBe(`${MONTH}-01`);
    expect(summary.wholeMonth).toBe(true);
    expect(summary.sites).toEqual(['S1', 'S2', 'S3']);
    const onTime = summary.rows.find((r) => r.kpi === 'on_time_delivery_rate');
    for (const column of ['S1', 'S2', 'S3', 'company']) {
      const value = onTime?.cells[column]?.value;
      expect(value, column).toBeTypeOf('number');
      expect(value).toBeGreaterThan(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    const withData = summary.rows.filter((r) => typeof r.cells.company?.value === 'number').map((r) => r.kpi);
    expect(withData).toEqual(
      expect.arrayContaining([
        'units_shipped',
        'otif_rate',
        'order_to_ship_h',
        'dock_to_stock_h',
        'inventory_record_accuracy',
        'overtime_rate',
        'units_per_labor_hour',
        'turnover_rate',
        'cost_per_order',
        'vendor_billing_variance_pct',
        'nps',
      ]),
    );
  });
});

describe('opslake report', () => {
  it('refuses a bad month or scope before touching anything, naming the option', () => {
    const month = runOpslake(home, 'report', '--month', '2025-13', '--out', out);
    expect(month.code).toBe(2);
    expect(month.stderr).toMatch(/--month must be YYYY-MM \(such as 2025-11\), got "2025-13"/);
    const scope = runOpslake(home, 'report', '--scope', 'planet:mars', '--out', out);
    expect(scope.code).toBe(2);
    expect(scope.stderr).toMatch(/--scope must be company, region:<region> or site:<site id>, got "planet:mars"/);
  });

  it('prints a contents page and every section heading, in order, with page numbers', () => {
    const contents = pages[0] ?? '';
    let last = 0;
    SECTIONS.forEach((section, i) => {
      const heading = `${i + 1} ${section.title}`;
      const line = contents.split('\n').find((l) => l.trim().startsWith(heading));
      expect(line, heading).toBeDefined();
      const page = Number(line?.trim().split(/\s+/).at(-1));
      expect(page, heading).toBeGreaterThan(last);
      // The page the contents names is the page the heading is printed on.
      expect(
        pages[page - 1]?.split('\n').some((l) => l.trim() === heading),
        heading,
      ).toBe(true);
      last = page;
    });
    expect(pages.at(-1)).toMatch(new RegExp(`page ${pages.length} of ${pages.length}`));
  });

  it('holds in its scorecard the values, targets and statuses kpi_monthly returns, for every KPI and scope', async () => {
    const cells = await queryObjects<Cell>(
      engine,
      `select r.kpi, r.label, r.unit, r.direction, m.scope_level, m.scope_id, m.kpi_value, m.target_value, m.status
       from kpi_registry r join kpi_monthly m on m.kpi = r.kpi
       where m.month_start = ? and m.breakdown_value = 'all'`,
      [`${MONTH}-01`],
    );
    expect(cells.length).toBeGreaterThan(100);
    const scorecard = pagesFrom('2 Scorecard', '3 Trends');
    // Columns in report order: sites, regions, company; three scopes to a table.
    const order = await queryObjects<{ site_id: string; region: string }>(
      engine,
      'select site_id, region from dim_site order by site_id',
    );
    const columns = [
      ...order.map((s) => `site:${s.site_id}`),
      ...[...new Set(order.map((s) => s.region))].sort().map((r) => `region:${r}`),
      'company:company',
    ];
    const lines = scorecard.split('\n');
    let checked = 0;
    for (const kpi of new Set(cells.map((c) => c.kpi))) {
      const first = cells.find((c) => c.kpi === kpi) as Cell;
      const rowLines = lines.filter((l) =>
        l.trim().startsWith(`${first.label} ${first.direction === 'higher_is_better' ? '↑' : '↓'}`),
      );
      expect(rowLines.length, kpi).toBe(Math.ceil(columns.length / SCOPES_PER_TABLE));
      for (let g = 0; g < rowLines.length; g++) {
        const group = columns.slice(g * SCOPES_PER_TABLE, (g + 1) * SCOPES_PER_TABLE);
        const pattern = group
          .map((key) => {
            const c = cells.find((x) => x.kpi === kpi && `${x.scope_level}:${x.scope_id}` === key);
            const v = formatValue(c?.kpi_value ?? null, first.unit);
            const t = formatValue(c?.target_value ?? null, first.unit);
            return `${escapeRe(v)}\\s+${escapeRe(t)}\\s+${escapeRe(c?.status ?? '–')}\\*?`;
          })
          .join('.*');
        expect(rowLines[g], `${kpi} ${group.join(', ')}`).toMatch(new RegExp(pattern));
        checked += group.length;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('names under each amount KPI the currency kpi_monthly has for it (one reporting currency at every scope)', async () => {
    const money = await queryObjects<{ label: string; direction: string; currencies: string }>(
      engine,
      `select r.label, r.direction, string_agg(distinct m.currency_code, ',') as currencies
       from kpi_registry r join kpi_monthly m on m.kpi = r.kpi
       where r.unit = 'currency' and m.month_start = ? and m.breakdown_value = 'all' group by all`,
      [`${MONTH}-01`],
    );
    expect(money.length).toBeGreaterThan(0);
    const lines = pagesFrom('2 Scorecard', '3 Trends').split('\n');
    for (const m of money) {
      expect(m.currencies, m.label).toMatch(/^[A-Z]{3}$/);
      const arrow = m.direction === 'higher_is_better' ? '↑' : '↓';
      const rows = lines.flatMap((l, i) => (l.trim().startsWith(`${m.label} ${arrow}`) ? [i] : []));
      expect(rows.length, m.label).toBeGreaterThan(0);
      for (const at of rows) {
        // The unit line sits under the KPI's name, in the same cell.
        const cell = lines.slice(at, at + 3).map((l) => l.trim().split(/\s{2,}/)[0]);
        expect(cell, m.label).toContain(m.currencies);
      }
    }
  });

  it("shows an owner's note beside its KPI and lists red KPIs without a note as needing commentary", async () => {
    const notes = await queryObjects<{ kpi: string; scope_id: string; note: string }>(
      engine,
      `select kpi, scope_id, note from kpi_monthly_commentary where month_start = ? and note is not null`,
      [`${MONTH}-01`],
    );
    const needs = await queryObjects<{ kpi: string; scope_id: string; scope_level: string }>(
      engine,
      `select kpi, scope_id, scope_level from kpi_monthly_commentary where month_start = ? and needs_commentary`,
      [`${MONTH}-01`],
    );
    expect(notes.length).toBeGreaterThan(0);
    expect(needs.length).toBeGreaterThan(0);
    const labels = new Map(
      (await queryObjects<{ kpi: string; label: string }>(engine, 'select kpi, label from kpi_registry')).map((r) => [
        r.kpi,
        r.label,
      ]),
    );
    const commentary = pagesFrom('5 Commentary', '6 Data quality');
    const [owners, needing] = commentary.split(/Needs commentary: red with no note \(\d+\)/) as [string, string];
    expect(needing).toBeDefined();
    expect(commentary).toContain(`Needs commentary: red with no note (${needs.length})`);
    for (const n of notes) {
      // The note's first words sit on the KPI's line, after its label and scope.
      const start = n.note.split(' ').slice(0, 3).join(' ');
      expect(owners, n.kpi).toMatch(
        new RegExp(`${escapeRe(labels.get(n.kpi) ?? '')}\\s+${escapeRe(n.scope_id)}.*${escapeRe(start)}`),
      );
      // A KPI with a note never needs commentary.
      expect(needing).not.toMatch(new RegExp(`${escapeRe(labels.get(n.kpi) ?? '')}\\s+${escapeRe(n.scope_id)} `));
    }
    const site = needs.find((r) => r.scope_level === 'site') as (typeof needs)[number];
    expect(needing).toMatch(new RegExp(`${escapeRe(labels.get(site.kpi) ?? '')}\\s+${escapeRe(site.scope_id)} `));
  });

  it('reports the data quality of the month from the audit', async () => {
    const [audit] = await queryObjects<{ rows: bigint }>(
      engine,
      `select sum(rows_valid) as rows from stg_opslake__ingest_files where regexp_extract(source_key, '(\\d{4}-\\d{2})', 1) = ?`,
      [MONTH],
    );
    const quality = pagesFrom('6 Data quality', '7 Data products');
    expect(quality).toContain(`${Number(audit?.rows).toLocaleString('en')} rows loaded, 0 quarantined`);
    expect(quality).toMatch(/wms\/order_events\s+\d+\s+[\d,]+\s+[\d,]+\s+0/);
  });
});

describe('the data products section', () => {
  const section = () => pagesFrom('7 Data products', '8 Appendix: KPI definitions');
  const first = async <T extends Record<string, string | number | bigint | null>>(
    query: string,
    params: string[] = [],
  ) => {
    const [row] = await queryObjects<T>(engine, query, params);
    return row;
  };

  it('shows the bill audit’s lines and disputed lines per currency as fct_bill_audit_lines counts them', async () => {
    const row = await first<{ currency_code: string; lines: bigint; disputed: bigint }>(
      `select currency_code, count(*) as lines, count(*) filter (where is_disputed) as disputed
       from fct_bill_audit_lines where strftime(service_month, '%Y-%m') = ? group by currency_code order by currency_code`,
      [MONTH],
    );
    expect(row, 'the demo month has audited invoice lines').toBeDefined();
    expect(section()).toMatch(new RegExp(`${row?.currency_code}\\s+${row?.lines}\\s+${row?.disputed}\\s`));
  });

  it('ranks the carriers of the first site as scorecard_carrier_monthly does', async () => {
    const row = await first<{ site_id: string; carrier_id: string; on_time_rank: bigint; shipments: bigint }>(
      `select site_id, carrier_id, on_time_rank, shipments from scorecard_carrier_monthly
       where strftime(month_start, '%Y-%m') = ? order by site_id, on_time_rank nulls last, carrier_id limit 1`,
      [MONTH],
    );
    expect(row).toBeDefined();
    expect(section()).toMatch(
      new RegExp(
        `${row?.site_id}\\s+${escapeRe(String(row?.carrier_id))}\\s+${row?.on_time_rank}\\s+${row?.shipments}\\s`,
      ),
    );
  });

  it('lists the red KPIs with no action, first as kpi_red_without_action orders them', async () => {
    const red = await queryObjects<{ site_id: string; kpi: string }>(
      engine,
      `select site_id, kpi from kpi_red_without_action where strftime(month_start, '%Y-%m') = ? order by kpi, site_id`,
      [MONTH],
    );
    expect(red.length).toBeGreaterThan(0);
    expect(section()).toMatch(new RegExp(`${red[0]?.site_id}\\s+${red[0]?.kpi}\\s`));
  });

  it('shows the labour plan’s backtest MAPE per site as forecast_backtest has it', async () => {
    const rows = await queryObjects<{ site_id: string; days_scored: bigint; mape: number | null }>(
      engine,
      'select site_id, days_scored, mape from forecast_backtest order by site_id',
    );
    const [, table = ''] = section().split('Forecast backtest (last 8 weeks)');
    expect(table, 'the section holds the backtest table').not.toBe('');
    // This suite's demo (62 days) is shorter than the backtest's history window, so it scores no
    // day: the table must then say so rather than print stale or invented rows.
    if (rows.length === 0) expect(table).toMatch(/^\s*Site\s+Days scored\s+MAPE\s+Bias\s+none\b/);
    for (const row of rows) {
      const mape = formatValue(row.mape, 'ratio');
      expect(table).toMatch(new RegExp(`${row.site_id}\\s+${row.days_scored}\\s+${escapeRe(mape)}`));
    }
  });
});

describe('the pages as printed', () => {
  it('saves every page as a PNG (pdftoppm) to look at', () => {
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    const run = spawnSync('pdftoppm', ['-r', '80', '-png', paths.pdf, join(ARTIFACTS, 'page')], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(ARTIFACTS).filter((f) => f.endsWith('.png'))).toHaveLength(pages.length);
    console.log(`report pages: ${ARTIFACTS}`);
  });

  it('lays out with no table wider than the page, no cell spilling over and no overlapping chart labels', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    try {
      // A4 landscape less the printer's 10 mm side margins, at 96 px to the inch.
      const page = await browser.newPage({ viewport: { width: Math.floor((277 / 25.4) * 96), height: 800 } });
      await page.emulateMedia({ media: 'print' });
      await page.setContent(readFileSync(paths.html, 'utf8'), { waitUntil: 'load' });
      const width = page.viewportSize()?.width ?? 0;
      const tooWide = await page.$$eval(
        'table',
        (tables, pageWidth) =>
          tables
            .filter((t) => t.getBoundingClientRect().right > pageWidth + 0.5)
            .map((t) => `table.${t.className} ends at ${t.getBoundingClientRect().right.toFixed(0)} px`),
        width,
      );
      const spilling = await page.$$eval('td, th', (cells) =>
        cells
          .filter((c) => c.scrollWidth > c.clientWidth + 1)
          .map((c) => `"${(c.textContent ?? '').slice(0, 30)}": ${c.scrollWidth} px of content in ${c.clientWidth} px`),
      );
      const overlapping = await page.$$eval('figure.chart svg', (svgs) =>
        svgs.flatMap((svg) => {
          const boxes = [...svg.querySelectorAll('text')]
            .filter((t) => (t.textContent ?? '').trim() !== '')
            .map((t) => ({ text: t.textContent ?? '', box: t.getBoundingClientRect() }));
          return boxes.flatMap((a, i) =>
            boxes.slice(i + 1).flatMap((b) => {
              const x = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
              const y = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
              return x > 0.5 && y > 0.5 ? [`"${a.text}" overlaps "${b.text}"`] : [];
            }),
          );
        }),
      );
      expect(tooWide, `page width ${width} px`).toEqual([]);
      expect(spilling).toEqual([]);
      expect(overlapping).toEqual([]);
      expect(await page.locator('figure.chart svg').count()).toBeGreaterThan(3);
    } finally {
      await browser.close();
    }
  });
});
