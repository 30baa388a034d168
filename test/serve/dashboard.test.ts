/**
 * `opslake serve` on a workspace built from the golden fixture, driven in Debian's headless
 * Chromium: the page loads with no console errors, choosing a site changes the tiles, the numbers
 * on the tiles, a trend point and a drill-down row count equal the same queries run through
 * `opslake sql`, and bad API parameters get a 400. Screenshots go to test-artifacts/dashboard/.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAmount, formatValue } from '../../functions/charts/format.js';
import { repoRoot } from '../../functions/local/workspace.js';
import { BAD_RETURNS_KEY, buildGoldenWorkspace, launchChromium, type Served, sql, startServe } from './support.js';

const ARTIFACTS = join(repoRoot, 'test-artifacts', 'dashboard');
const MONTH = '2026-03';
// A 2-core machine shared with other suites has taken over ten minutes to build the golden workspace.
const BUILD_TIMEOUT = 1_500_000;

let home: string;
let served: Served;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

interface KpiRow {
  kpi: string;
  kpi_value: number | null;
}

const monthValues = (scope: string, id: string) =>
  sql<KpiRow>(
    home,
    `select kpi, kpi_value from kpi_monthly
     where scope_level = '${scope}' and scope_id = '${id}' and month_start = date '${MONTH}-01' and breakdown_value = 'all'
     order by kpi`,
  );

async function open(path: string): Promise<void> {
  await page.goto(served.url + path);
  await settled();
}

/** Waits until the view has rendered (main is no longer busy and has content). */
async function settled(): Promise<void> {
  await page.waitForSelector('main:not([aria-busy]) > *', { timeout: 120_000 });
}

/** The tiles as the page shows them: raw value (data-value) and the text on the tile. */
async function tiles(): Promise<Map<string, { value: number | null; text: string }>> {
  const found = await page.$$eval('.tile', (nodes) =>
    nodes.map((n) => ({
      kpi: n.getAttribute('data-kpi') ?? '',
      value: n.getAttribute('data-value') ?? '',
      text: n.querySelector('.tile-value')?.firstChild?.textContent ?? '',
    })),
  );
  return new Map(found.map((t) => [t.kpi, { value: t.value === '' ? null : Number(t.value), text: t.text }]));
}

async function expectTilesEqual(expected: KpiRow[]): Promise<void> {
  const shown = await tiles();
  const units = new Map(
    sql<{ kpi: string; unit: string }>(home, 'select kpi, unit from kpi_registry').map((r) => [r.kpi, r.unit]),
  );
  expect(expected.length).toBeGreaterThan(0);
  for (const row of expected) {
    const tile = shown.get(row.kpi);
    expect(tile, `tile ${row.kpi}`).toBeDefined();
    expect(tile?.value, `value of ${row.kpi}`).toBe(row.kpi_value);
    expect(tile?.text, `text of ${row.kpi}`).toBe(formatValue(row.kpi_value, units.get(row.kpi) ?? ''));
  }
  // A tile the month has no row for shows no value.
  const published = new Set(expected.map((r) => r.kpi));
  for (const [kpi, tile] of shown) if (!published.has(kpi)) expect(tile.value, kpi).toBeNull();
}

interface MoneyRow {
  kpi: string;
  currency_code: string;
  booking_currency_code: string | null;
  booking_kpi_value: number | null;
}

/** Each amount tile names the currency kpi_monthly has for the scope, and a site's booked amount beside it. */
async function expectCurrencies(scope: string, id: string): Promise<void> {
  const rows = sql<MoneyRow>(
    home,
    `select m.kpi, m.currency_code, m.booking_currency_code, m.booking_kpi_value
     from kpi_monthly m join kpi_registry r on r.kpi = m.kpi
     where r.unit = 'currency' and m.scope_level = '${scope}' and m.scope_id = '${id}'
       and m.month_start = date '${MONTH}-01' and m.breakdown_value = 'all'`,
  );
  expect(rows.length, `${scope} ${id} has an amount KPI`).toBeGreaterThan(0);
  for (const row of rows) {
    const tile = page.locator(`.tile[data-kpi="${row.kpi}"]`);
    expect(await tile.locator('.tile-value small').textContent(), row.kpi).toBe(` ${row.currency_code}`);
    const booked = tile.locator('.tile-booked');
    if (row.booking_currency_code === null || row.booking_currency_code === row.currency_code) {
      expect(await booked.count(), row.kpi).toBe(0);
    } else {
      expect(await booked.textContent(), row.kpi).toBe(
        `booked ${formatAmount(row.booking_kpi_value, 'currency', row.booking_currency_code)}`,
      );
    }
  }
}

beforeAll(async () => {
  home = buildGoldenWorkspace();
  served = await startServe(home);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  mkdirSync(ARTIFACTS, { recursive: true });
  console.log(`dashboard screenshots: ${ARTIFACTS}`);
}, BUILD_TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('opslake serve in Chromium', () => {
  it('listens on loopback', () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("opens the overview on the fixture's partial month with the company tiles as the warehouse has them", async () => {
    // The golden fixture also holds earlier history, so the month is named rather than defaulted.
    await open(`/?month=${MONTH}`);
    expect(await page.textContent('h1')).toContain(MONTH);
    // March 2026 is the latest month with data and the data stops part-way: marked partial.
    expect(await page.locator('.notice .partial').count()).toBe(1);
    await expectTilesEqual(monthValues('company', 'company'));
    await expectCurrencies('company', 'company');
    const domains = await page.$$eval('section.domain h2', (hs) => hs.map((h) => h.textContent));
    expect(domains).toEqual(['Fulfilment', 'Transport', 'Warehouse', 'Workforce', 'Finance', 'Service']);
    await page.screenshot({ path: join(ARTIFACTS, 'overview.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  it('shows the site’s tiles when a site is chosen, and keeps it in the URL', async () => {
    const before = await tiles();
    await page.selectOption('#scope', 'site:S1');
    await page.waitForSelector('h1:has-text("S1")');
    await settled();
    expect(new URL(page.url()).searchParams.get('scope')).toBe('site:S1');
    const after = await tiles();
    const changed = [...after].filter(([kpi, t]) => before.get(kpi)?.value !== t.value);
    expect(changed.length).toBeGreaterThan(0);
    await expectTilesEqual(monthValues('site', 'S1'));
    // The link reproduces the view.
    await open(`/?scope=site:S1&month=${MONTH}`);
    await expectTilesEqual(monthValues('site', 'S1'));
    await expectCurrencies('site', 'S1');
    expect(consoleErrors).toEqual([]);
  });

  it('opens a KPI from its tile by keyboard', async () => {
    await page.focus('.tile[data-kpi="on_time_delivery_rate"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/kpi\/on_time_delivery_rate/);
    await settled();
    expect(await page.textContent('h1')).toContain('On-time delivery rate');
    expect(await page.textContent('.definition')).toContain('shipments delivered with delivered_at');
  });

  it('shows an amount with its currency, and beside a site’s the amount in the currency it books in', async () => {
    // S3 books in another currency than the reporting one: its tile shows both.
    await open(`/?scope=site:S3&month=${MONTH}`);
    await expectTilesEqual(monthValues('site', 'S3'));
    await expectCurrencies('site', 'S3');
    expect(await page.locator('.tile-booked').count()).toBeGreaterThan(0);
    // The KPI page names it too: trend points and the definition's unit.
    await open(`/kpi/cost_per_order?scope=site:S3&month=${MONTH}`);
    const [point] = sql<{ kpi_value: number; currency_code: string }>(
      home,
      `select kpi_value, currency_code from kpi_monthly where kpi = 'cost_per_order' and scope_level = 'site'
       and scope_id = 'S3' and month_start = date '${MONTH}-01' and breakdown_value = 'all'`,
    );
    expect(await page.textContent(`#trend-table tr[data-period="${MONTH}-01"] td`)).toBe(
      formatAmount(point?.kpi_value ?? null, 'currency', point?.currency_code),
    );
    expect(await page.textContent('.definition')).toContain(`${point?.currency_code} (the reporting currency)`);
    expect(consoleErrors).toEqual([]);
  });

  it('draws daily trend points equal to kpi_daily, and drills into a point’s rows', async () => {
    await open(`/kpi/on_time_delivery_rate?scope=site:S1&month=${MONTH}&grain=day`);
    const points = await page.$$eval('#trend-table tr', (rows) =>
      rows.map((r) => [r.getAttribute('data-period'), Number(r.getAttribute('data-value'))]),
    );
    const expected = sql<{ day: string; kpi_value: number; denominator: number }>(
      home,
      `select cast(kpi_date as varchar) as day, kpi_value, denominator from kpi_daily
       where scope_level = 'site' and scope_id = 'S1' and kpi = 'on_time_delivery_rate' and breakdown_value = 'all'
         and kpi_date between date '${MONTH}-01' and date '${MONTH}-31' order by kpi_date`,
    );
    expect(expected.length).toBeGreaterThan(1);
    expect(points).toEqual(expected.map((r) => [r.day, r.kpi_value]));
    await page.screenshot({ path: join(ARTIFACTS, 'kpi.png'), fullPage: true });

    const point = expected[0];
    if (!point) throw new Error('no point');
    await page.selectOption('#drill-point', point.day);
    await page.waitForURL(/at=/);
    await settled();
    const total = Number(await page.getAttribute('table.rows', 'data-total'));
    const [counted] = sql<{ n: number }>(
      home,
      `select count(*) as n from fct_shipments where is_delivered and site_id = 'S1' and delivery_date = date '${point.day}'`,
    );
    expect(total).toBe(counted?.n);
    // The rows behind an on-time rate are its denominator: the shipments delivered that day.
    expect(total).toBe(point.denominator);
    expect(await page.locator('table.rows tbody tr').count()).toBe(total);
    expect(consoleErrors).toEqual([]);
  });

  it('sorts the rows and downloads them as CSV', async () => {
    await open(`/kpi/on_time_delivery_rate?month=${MONTH}`);
    // Sorted by the key, ascending, until a header is pressed; pressing it again reverses.
    expect(await page.getAttribute('table.rows th:first-child', 'aria-sort')).toBe('ascending');
    await page.click('table.rows th:first-child button');
    await page.waitForURL(/sort=shipment_id&order=desc/);
    await settled();
    expect(await page.getAttribute('table.rows th:first-child', 'aria-sort')).toBe('descending');
    const ids = await page.$$eval('table.rows tbody tr td:first-child', (tds) => tds.map((td) => td.textContent ?? ''));
    expect(ids.length).toBeGreaterThan(1);
    expect(ids).toEqual([...ids].sort().reverse());
    const href = await page.getAttribute('a[download]', 'href');
    const csv = await (await fetch(served.url + href)).text();
    const total = Number(await page.getAttribute('table.rows', 'data-total'));
    const lines = csv.split('\r\n').filter((l) => l !== '');
    expect(lines.length).toBe(total + 1);
    expect(lines[0]).toContain('shipment_id');
  });

  it('shows the last build, freshness and the quarantined row on the data-quality page', async () => {
    await open('/quality');
    const run = JSON.parse(readFileSync(join(home, 'dbt-target', 'run_results.json'), 'utf8')) as {
      results: { unique_id: string; status: string }[];
    };
    const passed = run.results.filter((r) => r.unique_id.startsWith('test.') && r.status === 'pass').length;
    expect(await page.textContent('#build-tests')).toContain(`${passed} pass`);
    const returnsRow = await page.$$eval('#feed-days tbody tr', (rows) =>
      rows
        .map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent))
        .find((cells) => cells[1] === 'wms/returns'),
    );
    const [audit] = sql<{ files: number; quarantined: number }>(
      home,
      "select count(*) as files, sum(rows_rejected) as quarantined from stg_opslake__ingest_files where feed_id = 'wms/returns'",
    );
    expect(returnsRow?.[2]).toBe(String(audit?.files));
    expect(returnsRow?.[10]).toBe(String(audit?.quarantined)); // after 'replayed' and 'skipped'
    // The reason as ingest wrote it to the quarantine.
    const dir = join(home, 'quarantine', 'rows', 'wms', 'returns');
    const rejected = readdirSync(dir).flatMap((f) =>
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { rule: string; column: string; file: string }),
    );
    expect(rejected.map((r) => r.file)).toEqual([BAD_RETURNS_KEY]);
    const reasons = await page.$$eval('#reasons-table tbody tr', (rows) =>
      rows.map((r) => [...r.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent)),
    );
    expect(reasons).toEqual([['wms/returns', rejected[0]?.rule, rejected[0]?.column, '1']]);
    expect(await page.isHidden('#controls')).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'quality.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  it('is readable at phone width: nothing wider than the screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of [`/?scope=site:S1`, `/kpi/otif_rate?month=${MONTH}`]) {
      await open(path);
      const overflow = await page.$eval('html', (root) => root.scrollWidth - root.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await open('/');
    await page.screenshot({ path: join(ARTIFACTS, 'overview-phone.png'), fullPage: false });
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(consoleErrors).toEqual([]);
  });
});

describe('the JSON API', () => {
  const get = async (path: string, init?: RequestInit) => {
    const response = await fetch(served.url + path, init);
    return { status: response.status, body: (await response.json()) as { error?: string } };
  };

  it('answers a bad parameter with a 400 that names it', async () => {
    const cases: [string, RegExp][] = [
      ['/api/scorecard?scope=site:NOPE', /scope: no site "NOPE" \(sites: S1, S2, S3\)/],
      ['/api/scorecard?scope=planet:mars', /scope: expected company, region:<region> or site:<site id>/],
      ['/api/scorecard?month=2026-13', /month: expected a month YYYY-MM/],
      ['/api/scorecard?week=2026-03-03', /period: a week starts on a Monday/],
      ['/api/scorecard?from=2026-03-05', /period: a custom range needs both from and to/],
      ['/api/scorecard?month=2026-03&week=2026-03-02', /period: give one of month, week/],
      ['/api/scorecard?limit=5', /limit: not a parameter of this endpoint/],
      ['/api/kpis/not_a_kpi/trend?from=2026-03-01&to=2026-03-31', /kpi: unknown KPI/],
      ['/api/kpis/otif_rate/trend?from=2026-03-01&to=2026-02-01', /to: 2026-02-01 is before from/],
      ['/api/kpis/otif_rate/trend?grain=hour&from=2026-03-01&to=2026-03-31', /grain/],
      [
        '/api/kpis/otif_rate/rows?from=2026-03-01&to=2026-03-31&sort=order_id;drop table x',
        /sort: expected a column name/,
      ],
      ['/api/kpis/otif_rate/rows?from=2026-03-01&to=2026-03-31&sort=nope', /no column "nope"/],
      ['/api/kpis/otif_rate/rows?from=2026-03-01&to=2026-03-31&page_size=100000', /page_size/],
    ];
    for (const [path, message] of cases) {
      const { status, body } = await get(path);
      expect(status, path).toBe(400);
      expect(body.error, path).toMatch(message);
    }
  });

  it('is read-only', async () => {
    expect((await get('/api/scorecard', { method: 'POST' })).status).toBe(405);
    expect((await get('/api/nothing')).status).toBe(404);
  });

  it('serves the page offline: every script is local', async () => {
    const html = await (await fetch(served.url)).text();
    expect(html).not.toMatch(/https?:\/\//);
    const echarts = await fetch(`${served.url}/vendor/echarts.js`);
    expect(echarts.status).toBe(200);
    expect((await echarts.text()).length).toBeGreaterThan(100_000);
    const options = await (await fetch(`${served.url}/charts/options.js`)).text();
    expect(options).toContain('function trendOption');
    expect(options).not.toContain(': EChartsOption');
  });
});

describe('the data products page', () => {
  it('is reachable from the nav by keyboard and shows the month’s disputes, as the SQL has them', async () => {
    await open(`/?month=${MONTH}`);
    const link = page.getByRole('link', { name: 'Data products' });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/products\?month=2026-03$/);
    await page.getByRole('heading', { name: 'Labour plan' }).waitFor();
    await settled();
    // The products are by month: only the month picker shows.
    expect(await page.isVisible('#month')).toBe(true);
    for (const id of ['#period-kind', '#week', '#from', '#to']) expect(await page.isHidden(id), id).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'products.png'), fullPage: true });
    const disputes = sql<{ invoice_id: string; line_number: number; amount_variance: string; currency_code: string }>(
      home,
      `select invoice_id, line_number, amount_variance, currency_code from fct_bill_audit_lines
       where is_disputed and service_month = date '${MONTH}-01' order by abs(amount_variance) desc, invoice_id, line_number`,
    );
    expect(disputes.length).toBeGreaterThan(0);
    const shown = await page.$$eval('[data-testid=disputes] tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
    expect(shown.map((r) => [r[1], Number(r[2]), r[8]])).toEqual(
      disputes.map((d) => [
        d.invoice_id,
        d.line_number,
        `${formatValue(Number(d.amount_variance), 'currency')} ${d.currency_code}`,
      ]),
    );
    const [mape] = sql<{ site_id: string; mape: number }>(
      home,
      'select site_id, mape from forecast_backtest order by site_id',
    );
    const backtest = await page.$$eval('[data-testid=backtest] tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
    expect(backtest[0]?.[0]).toBe(mape?.site_id);
    expect(backtest[0]?.[2]).toBe(formatValue(mape?.mape ?? null, 'ratio'));
    // The action register prints KPI values in the KPI's unit (a rate as 94.0%, not 0.94).
    // An amount in the currency kpi_monthly has for it (the reporting currency).
    const [red] = sql<{ kpi_value: number | null; unit: string; currency_code: string | null }>(
      home,
      `select a.kpi_value, r.unit, m.currency_code from kpi_red_without_action a join kpi_registry r using (kpi)
       left join kpi_monthly m on m.scope_level = 'site' and m.scope_id = a.site_id and m.kpi = a.kpi
         and m.month_start = a.month_start and m.breakdown_value = 'all'
       where a.month_start = date '${MONTH}-01' order by a.kpi, a.site_id limit 1`,
    );
    expect(red, 'the month has a red KPI with no action').toBeDefined();
    const cells = await page.$$eval('[data-testid=red-without-action] tbody tr:first-child td', (tds) =>
      tds.map((td) => td.textContent ?? ''),
    );
    expect(cells[2]).toBe(formatAmount(red?.kpi_value ?? null, red?.unit ?? '', red?.currency_code));
    expect(consoleErrors).toEqual([]);
  });

  it('downloads the dispute list and the scorecards as CSV with the rows the SQL counts', async () => {
    const counts: [string, string][] = [
      ['disputes.csv', `select count(*) as n from bill_audit_disputes where service_month = date '${MONTH}-01'`],
      [
        'carrier-scorecard.csv',
        `select count(*) as n from scorecard_carrier_monthly where month_start = date '${MONTH}-01' and site_id = 'S1'`,
      ],
      [
        'vendor-scorecard.csv',
        `select count(*) as n from scorecard_vendor_monthly where month_start = date '${MONTH}-01' and site_id = 'S1'`,
      ],
    ];
    // Counted first: an `opslake sql` between two downloads can outlast the server's keep-alive
    // (5 s) on a loaded machine, and fetch then reuses a socket the server is closing.
    const expected = counts.map(([, count]) => sql<{ n: number }>(home, count)[0]?.n ?? -1);
    for (const [i, [file]] of counts.entries()) {
      const scope = file === 'disputes.csv' ? 'company' : 'site:S1';
      const response = await fetch(`${served.url}/api/products/${file}?month=${MONTH}&scope=${scope}`);
      expect(response.status, file).toBe(200);
      const lines = (await response.text()).split('\r\n').filter((l) => l !== '');
      const n = expected[i] ?? -1;
      expect(n, file).toBeGreaterThan(0);
      expect(lines.length, file).toBe(Number(n) + 1);
    }
  });

  it('answers a bad product parameter with a 400 that names it', async () => {
    const cases: [string, RegExp][] = [
      // Each parameter named once, with why.
      ['/api/products/bill-audit?month=2026-13', /^month: expected a month YYYY-MM$/],
      ['/api/products/scorecards?scope=site:NOPE', /^scope: no site "NOPE" \(sites: S1, S2, S3\)$/],
      ['/api/products/actions?week=2026-03-02', /^week: not a parameter of this endpoint \(it takes scope, month\)$/],
      ['/api/products/disputes.csv?month=March', /^month: expected a month YYYY-MM$/],
    ];
    for (const [path, message] of cases) {
      const response = await fetch(served.url + path);
      expect(response.status, path).toBe(400);
      expect(((await response.json()) as { error: string }).error, path).toMatch(message);
    }
  });
});
