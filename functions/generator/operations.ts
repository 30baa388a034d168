/**
 * `generateOperations`: a deterministic, coherent year (or any span) of operations for N sites,
 * written as feed files into a landing store — orders, fulfilment, transport, returns, feedback,
 * inbound, counts, workforce, safety, finance and reference data, and the treasury's exchange
 * rates. The same seed always writes the same bytes; each site has its own random stream, so adding
 * sites does not change existing ones.
 */
import { contracts } from '../../schemas/index.js';
import type { ObjectStore } from '../core/storage/port.js';
import { writeActions } from './actions.js';
import { type PlantedBillingError, writeBillingManifest } from './billing-errors.js';
import { parseStartDay, SiteClock } from './calendar.js';
import { writeCommentary } from './commentary.js';
import { FeedFiles, type FileFormat } from './feed-files.js';
import { writeMonthlyFeeds } from './finance.js';
import { createLoad, simulateOrders } from './fulfilment.js';
import { writeFxRates } from './fx-rates.js';
import { writeCarriers, writeSiteMaster } from './master-data.js';
import { Random } from './random.js';
import { SiteContext, stableHash } from './site-context.js';
import { siteProfiles } from './sites.js';
import { type ReceivedUnits, simulateCycleCounts, simulateReceipts } from './warehouse.js';
import { Workforce } from './workforce.js';

export interface GenerateOptions {
  readonly sites: number;
  readonly days: number;
  readonly seed: number;
  /** Volume profile: multiplies every site's orders per day (and all that follows from them); default 1. */
  readonly scale?: number;
  /** First simulated day, YYYY-MM-DD (default 2025-01-01). */
  readonly start?: string;
  readonly format?: FileFormat;
  /** Only write these feeds (`<system>/<feed>`); all by default. The simulation is the same. */
  readonly feeds?: readonly string[];
}

export interface GenerateResult {
  readonly files: number;
  readonly rows: number;
  readonly bytes: number;
  readonly rowsByFeed: Readonly<Record<string, number>>;
  /** Every key written, in write order. */
  readonly keys: readonly string[];
}

export const DEFAULT_START = '2025-01-01';

/** How far ahead WFM has published the shift schedule at the cut-off: four weeks. */
const SCHEDULE_DAYS_AHEAD = 28;

/**
 * Checks every option and returns what the run derives from them; throws on the first bad one.
 * Callers that must not touch anything on a bad option (the CLI's demo) call it first.
 */
export function validateGenerateOptions(options: GenerateOptions) {
  if (!Number.isInteger(options.days) || options.days < 1 || options.days > 3660) {
    throw new Error(`--days must be a whole number from 1 to 3660, got ${options.days}`);
  }
  if (!Number.isInteger(options.seed)) throw new Error(`--seed must be a whole number, got ${options.seed}`);
  const format = options.format ?? 'csv';
  const wanted = options.feeds ? new Set(options.feeds) : undefined;
  for (const id of wanted ?? []) {
    if (!contracts.some((c) => c.id === id)) throw new Error(`unknown feed "${id}"`);
  }
  const startDay = parseStartDay(options.start ?? DEFAULT_START);
  return { format, wanted, startDay, profiles: siteProfiles(options.sites, options.scale ?? 1) };
}

export async function generateOperations(landing: ObjectStore, options: GenerateOptions): Promise<GenerateResult> {
  const { format, wanted, startDay, profiles } = validateGenerateOptions(options);
  const endDay = startDay + options.days;
  const rowsByFeed: Record<string, number> = {};
  const keys: string[] = [];
  const billingErrors: PlantedBillingError[] = [];
  let bytes = 0;

  const flush = async (files: FeedFiles) => {
    for (const file of files.drain()) {
      // A quiet day delivers no file: a header-only file would be byte-identical to every other
      // quiet day's, and the ingest ledger rightly treats identical content as a duplicate.
      if (file.rows === 0) continue;
      await landing.write(file.key, file.text);
      keys.push(file.key);
      bytes += Buffer.byteLength(file.text);
    }
    for (const [feed, rows] of files.rowsByFeed) rowsByFeed[feed] = (rowsByFeed[feed] ?? 0) + rows;
  };

  for (const [index, site] of profiles.entries()) {
    const files = new FeedFiles(format, wanted);
    const random = new Random(stableHash(`${options.seed}:${site.id}`));
    const ctx = new SiteContext(site, random, new SiteClock(site.timezone), files, startDay, endDay);
    ctx.openDailyFiles(contracts);
    if (index === 0) writeSiteMaster(ctx, profiles);
    writeCarriers(ctx);

    const workforce = new Workforce(ctx);
    const load = createLoad();
    const received: ReceivedUnits = new Map();
    for (let day = startDay; day < endDay; day++) {
      workforce.turnover(day);
      simulateReceipts(ctx, day, received);
      simulateCycleCounts(ctx, day);
      simulateOrders(ctx, day, load, workforce.pickersOn(day));
      // Picks for today come from orders of yesterday and today, so today's work is now known.
      workforce.timecards(
        day,
        load.pickedUnitsByDay.get(day) ?? 0,
        received.get(day) ?? 0,
        load.ordersShippedByDay.get(day) ?? 0,
      );
      load.pickedUnitsByDay.delete(day);
      load.ordersShippedByDay.delete(day);
    }
    workforce.writeRoster();
    workforce.writeSchedule(SCHEDULE_DAYS_AHEAD);
    writeMonthlyFeeds(ctx, (from, to) => workforce.budgetCents(from, to));
    writeCommentary(ctx);
    writeActions(ctx);
    billingErrors.push(...ctx.billingErrors);
    await flush(files);
  }
  const treasury = new FeedFiles(format, wanted);
  writeFxRates(
    treasury,
    profiles.map((p) => p.currency),
    startDay,
    endDay,
    options.seed,
  );
  await flush(treasury);
  // What the bill audit must find; not a feed, so not among `keys` (ingest skips _manifest/).
  if (!wanted || wanted.has('erp/vendor_invoices')) await writeBillingManifest(landing, options.seed, billingErrors);
  const rows = Object.values(rowsByFeed).reduce((a, b) => a + b, 0);
  return { files: keys.length, rows, bytes, rowsByFeed, keys };
}
