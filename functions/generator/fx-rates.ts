/**
 * The treasury's monthly average exchange rates (reference/fx_rates) between every two currencies
 * the simulated sites book in, in both directions, for every month simulated — so the warehouse can
 * report in any of them (dbt var reporting_currency). Rates wander a little from month to month
 * around a fixed level per currency; the two directions of a pair are reciprocal up to rounding.
 */
import { fxRates } from '../../schemas/reference.js';
import { firstOfMonth, firstOfNextMonth, monthText, SiteClock } from './calendar.js';
import type { FeedFiles } from './feed-files.js';
import { Random } from './random.js';
import { stableHash } from './site-context.js';

/** US dollars for one unit of each currency, around which the monthly averages move. */
const USD_PER_UNIT: Readonly<Record<string, number>> = { USD: 1, EUR: 1.08, SGD: 0.74, GBP: 1.27 };

/** The contract's scale: average_rate is decimal(18,8), written as an unscaled integer. */
const RATE_UNIT = 1e8;
/** At most ±2 % from the currency's level in any month. */
const MONTHLY_SWING = 0.02;

export function writeFxRates(
  files: FeedFiles,
  currencies: readonly string[],
  startDay: number,
  endDay: number,
  seed: number,
): void {
  const used = [...new Set(currencies)].sort();
  if (used.length < 2) return;
  for (const currency of used) {
    if (USD_PER_UNIT[currency] === undefined) throw new Error(`generator bug: no exchange rate level for ${currency}`);
  }
  // One stream per currency, so a site adding a currency leaves the other currencies' rates unchanged.
  const streams = new Map(used.map((c) => [c, new Random(stableHash(`${seed}:fx_rates:${c}`))]));
  // A rate file has no site and no local times; a UTC clock formats its (date-only) rows.
  const clock = new SiteClock('UTC');
  for (let month = firstOfMonth(startDay); month < endDay; month = firstOfNextMonth(month)) {
    const usdPerUnit = new Map(
      used.map((c) => {
        const swing = ((streams.get(c) as Random).next() * 2 - 1) * MONTHLY_SWING;
        return [c, (USD_PER_UNIT[c] as number) * (c === 'USD' ? 1 : 1 + swing)];
      }),
    );
    for (const from of used) {
      for (const to of used) {
        if (from === to) continue;
        const rate = (usdPerUnit.get(from) as number) / (usdPerUnit.get(to) as number);
        files.add(
          fxRates,
          `${from}_${monthText(month)}`,
          {
            from_currency: from,
            to_currency: to,
            period_month: month,
            average_rate: Math.round(rate * RATE_UNIT),
            rate_source: 'treasury',
          },
          clock,
        );
      }
    }
  }
}
