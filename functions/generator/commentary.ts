/**
 * Owners' commentary (reference/kpi_commentary) for one site: each month, a note on the KPI the
 * site profile makes weak (S3's late deliveries, S2's overtime, S4's slow put-away), written on the
 * third working morning of the next month. Every third month a site's owner writes none, staggered
 * by site, so every month's report has both notes and red KPIs that "need commentary". No random
 * draws: adding notes leaves every other feed as it was.
 */
import { kpiCommentary } from '../../schemas/reference.js';
import { DAY, firstOfNextMonth, HOUR, monthText } from './calendar.js';
import type { SiteContext } from './site-context.js';
import type { SiteProfile } from './sites.js';

/** Days after the month's end that the note is written, and the local hour. */
const WRITTEN_AFTER_DAYS = 3;
const WRITTEN_AT_HOUR = 9;
/** Months (0-based, since the first simulated month, plus the site's number) whose index leaves this remainder get no note. */
const SILENT_EVERY = 3;
const SILENT_REMAINDER = 2;

interface NoteRule {
  readonly kpi: string;
  readonly author: string;
  readonly applies: (site: SiteProfile) => boolean;
  readonly text: (site: SiteProfile, month: string) => string;
}

/** The thresholds mirror the profile differences described in sites.ts. */
export const NOTE_RULES: readonly NoteRule[] = [
  {
    kpi: 'on_time_delivery_rate',
    author: 'Transport lead',
    applies: (site) => site.lateRate > 0.15,
    text: (site, month) =>
      `${site.name} ${month}: late deliveries concentrated on the LTL lanes; carrier review held, cut-off moved 2 h earlier.`,
  },
  {
    kpi: 'overtime_rate',
    author: 'Site HR partner',
    applies: (site) => site.staffingFactor < 0.9,
    text: (site, month) =>
      `${site.name} ${month}: roster is below forecast hours; overtime covers the gap while hiring for 6 open roles.`,
  },
  {
    kpi: 'dock_to_stock_h',
    author: 'Warehouse manager',
    applies: (site) => site.dockToStockHours > 10,
    text: (site, month) =>
      `${site.name} ${month}: put-away waits for the afternoon shift; a second receiving team starts next quarter.`,
  },
];

export function writeCommentary(ctx: SiteContext): void {
  const months = [...ctx.months.keys()].sort((a, b) => a - b);
  // S1 keeps the original rhythm; S1 and S2 both write in the first month, so a short run has notes.
  const stagger = Math.max(0, Number(/\d+/.exec(ctx.site.id)?.[0] ?? 1) - 1);
  for (const [index, monthStart] of months.entries()) {
    if ((index + stagger) % SILENT_EVERY === SILENT_REMAINDER) continue;
    const writtenDay = firstOfNextMonth(monthStart) + WRITTEN_AFTER_DAYS - 1;
    for (const rule of NOTE_RULES) {
      if (!rule.applies(ctx.site)) continue;
      ctx.monthly(kpiCommentary, monthStart, {
        kpi: rule.kpi,
        scope_level: 'site',
        scope_id: ctx.site.id,
        period_month: monthStart,
        note: rule.text(ctx.site, monthText(monthStart)),
        author: rule.author,
        written_at: writtenDay * DAY + WRITTEN_AT_HOUR * HOUR,
      });
    }
  }
}
