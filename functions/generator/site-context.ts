/**
 * Everything one site's simulation shares: its profile, random stream, clock, the horizon, the
 * files being filled and the monthly totals that finance feeds are built from. Rows are routed to
 * the file of the local day (or month) they belong to; rows dated outside the horizon are dropped,
 * the way a real extract only holds what has happened by its cut-off.
 */
import type { FeedContract } from '../../schemas/contract.js';
import type { PlantedBillingError } from './billing-errors.js';
import { DAY, dayText, firstOfMonth, monthText, type SiteClock } from './calendar.js';
import type { FeedFiles, GeneratedRow } from './feed-files.js';
import type { Random } from './random.js';
import type { SiteProfile } from './sites.js';

/** Activity and cost per site and month, summed as the days are simulated. */
export interface MonthTotals {
  ordersShipped: number;
  pickEvents: number;
  unitsReceived: number;
  palletDaysStored: number;
  daysSimulated: number;
  /** Local days on which at least one shipment left: the 3PL bills its transport service per day. */
  shippingDays: number;
  transportCents: number;
  directLabourCents: number;
  indirectLabourCents: number;
}

export class SiteContext {
  readonly months = new Map<number, MonthTotals>();
  /** The billing errors planted in this site's invoices (billing-errors.ts). */
  readonly billingErrors: PlantedBillingError[] = [];
  /** Local milliseconds at which the horizon ends (exclusive). */
  readonly horizonEnd: number;

  constructor(
    readonly site: SiteProfile,
    readonly random: Random,
    readonly clock: SiteClock,
    readonly files: FeedFiles,
    readonly startDay: number,
    readonly endDay: number,
  ) {
    this.horizonEnd = endDay * DAY;
  }

  /** Declares the site's file for every daily feed and day, so quiet days still deliver a file. */
  openDailyFiles(contracts: readonly FeedContract[]): void {
    for (const contract of contracts) {
      if (contract.cadence !== 'daily') continue;
      for (let day = this.startDay; day < this.endDay; day++) this.files.open(contract, this.dailyName(day));
    }
  }

  dailyName(day: number): string {
    return `${this.site.id}_${dayText(day)}`;
  }

  /** Adds a row of a daily feed to the file of the local day of `localMs`; false when outside. */
  daily(contract: FeedContract, localMs: number, row: GeneratedRow): boolean {
    const day = Math.floor(localMs / DAY);
    if (day < this.startDay || day >= this.endDay) return false;
    this.files.add(contract, this.dailyName(day), row, this.clock);
    return true;
  }

  /** Adds a row of a monthly feed to the site's file of the month `monthStart` opens. */
  monthly(contract: FeedContract, monthStart: number, row: GeneratedRow): void {
    this.files.add(contract, `${this.site.id}_${monthText(monthStart)}`, row, this.clock);
  }

  /** Adds a row to the site's snapshot file of a master-data feed, dated the last simulated day. */
  snapshot(contract: FeedContract, row: GeneratedRow): void {
    this.files.add(contract, this.dailyName(this.endDay - 1), row, this.clock);
  }

  month(day: number): MonthTotals {
    const key = firstOfMonth(day);
    let totals = this.months.get(key);
    if (!totals) {
      totals = {
        ordersShipped: 0,
        pickEvents: 0,
        unitsReceived: 0,
        palletDaysStored: 0,
        daysSimulated: 0,
        shippingDays: 0,
        transportCents: 0,
        directLabourCents: 0,
        indirectLabourCents: 0,
      };
      this.months.set(key, totals);
    }
    return totals;
  }

  /** Whether a local time has happened by the cut-off. */
  happened(localMs: number): boolean {
    return localMs < this.horizonEnd;
  }
}

/** A short stable hash (FNV-1a, 32 bit) as hex: pseudonymous ids and per-SKU attributes. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export const hex8 = (n: number): string => n.toString(16).toUpperCase().padStart(8, '0');

/** Whole seconds: feed systems do not report sub-second times. */
export const toSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;
