/**
 * Time for the generator. The simulation runs on each site's wall clock ("local milliseconds":
 * the site's local date and time written as if it were UTC), because operations follow local
 * shifts and weekdays. Files carry those times with the site's UTC offset, so every timestamp is
 * an unambiguous instant and ingest needs no timezone lookup.
 */
import { daysFromCivil, zoneOffsetMillis } from '../../schemas/values.js';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Days since the epoch of a `YYYY-MM-DD` text; throws on anything else. */
export function parseStartDay(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new Error(`--start must be a date as YYYY-MM-DD, got "${text}"`);
  const days = daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3]));
  if (new Date(days * DAY).toISOString().slice(0, 10) !== text)
    throw new Error(`--start "${text}" is not a calendar date`);
  return days;
}

export const dayText = (days: number): string => new Date(days * DAY).toISOString().slice(0, 10);
export const monthText = (days: number): string => new Date(days * DAY).toISOString().slice(0, 7);

/** 0 = Monday … 6 = Sunday. */
export const weekday = (days: number): number => (((days + 3) % 7) + 7) % 7;

/** Calendar month (1–12) of a day. */
export const monthOf = (days: number): number => new Date(days * DAY).getUTCMonth() + 1;

/** The first day of the month that `days` falls in. */
export function firstOfMonth(days: number): number {
  const d = new Date(days * DAY);
  return daysFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** The first day of the month after the one `days` falls in. */
export function firstOfNextMonth(days: number): number {
  const d = new Date(days * DAY);
  return d.getUTCMonth() === 11
    ? daysFromCivil(d.getUTCFullYear() + 1, 1, 1)
    : daysFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 2, 1);
}

/** Order volume by weekday: Monday carries the weekend's backlog, Sunday is quiet. */
const WEEKDAY_FACTOR = [1.2, 1.1, 1.05, 1.0, 0.95, 0.5, 0.3];
/** Order volume by month: a January lull, a summer dip and the November–December peak. */
const SEASON_FACTOR = [0.85, 0.9, 0.95, 1.0, 1.0, 0.95, 0.9, 0.95, 1.0, 1.05, 1.3, 1.45];

export const demandFactor = (days: number): number =>
  (WEEKDAY_FACTOR[weekday(days)] ?? 1) * (SEASON_FACTOR[monthOf(days) - 1] ?? 1);

export const isWeekend = (days: number): boolean => weekday(days) >= 5;

/**
 * A site's UTC offset (minutes) by local day, taken at local noon and cached. Times between
 * midnight and the switch on a DST day carry the day's noon offset: still exact instants, only an
 * hour off the wall clock a worker would have read — irrelevant to the generated data.
 */
export class SiteClock {
  private readonly offsets = new Map<number, number>();
  constructor(readonly timezone: string) {}

  offsetMinutes(localDay: number): number {
    let offset = this.offsets.get(localDay);
    if (offset === undefined) {
      offset = Math.round(zoneOffsetMillis(this.timezone, localDay * DAY + 12 * HOUR) / MINUTE);
      this.offsets.set(localDay, offset);
    }
    return offset;
  }

  /** ISO 8601 with the site's offset, e.g. `2025-01-02T08:15:00-06:00`. */
  iso(localMs: number): string {
    const offset = this.offsetMinutes(Math.floor(localMs / DAY));
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    return `${new Date(localMs).toISOString().slice(0, 19)}${zone}`;
  }
}
