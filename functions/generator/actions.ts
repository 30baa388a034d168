/**
 * The action register (reference/actions) for one site: on each KPI the site profile makes weak (the
 * commentary's rules), a corrective action raised ten days in and closed 25 days later (in progress
 * if the cut-off comes first), and an improvement raised 30 days before the cut-off, due in 14 days —
 * overdue by the end (a short run scales both into its span). No random draws: the register leaves every other feed as it was.
 */
import { actions } from '../../schemas/reference.js';
import { NOTE_RULES } from './commentary.js';
import type { SiteContext } from './site-context.js';

/** Expected improvement per KPI, in its unit (scale 4): 5 points of on-time, 2 of overtime, 2 hours. */
const IMPACT: Record<string, number> = { on_time_delivery_rate: 500, overtime_rate: 200, dock_to_stock_h: 20_000 };

export function writeActions(ctx: SiteContext): void {
  const { site, startDay, endDay } = ctx;
  for (const rule of NOTE_RULES) {
    if (!rule.applies(site)) continue;
    const impact = IMPACT[rule.kpi] ?? 0;
    const base = { site_id: site.id, kpi: rule.kpi, owner: rule.author, currency: site.currency };
    // Ten days in and 30 before the end; a short run scales both into its span.
    const days = endDay - startDay;
    const raised = startDay + Math.min(10, Math.floor(days / 3));
    {
      const closed = raised + 25 < endDay ? raised + 25 : null;
      ctx.snapshot(actions, {
        ...base,
        action_id: `ACT-${site.id}-${rule.kpi}-1`,
        title: `Root-cause review of ${rule.kpi}`,
        action_type: 'corrective',
        root_cause: 'Profile weakness seen in the first weeks',
        opened_on: raised,
        due_on: raised + 30,
        closed_on: closed,
        status: closed === null ? 'in_progress' : 'closed',
        expected_impact: impact,
        estimated_cost: 250_000,
      });
    }
    const improvement = endDay - Math.min(30, Math.ceil(days / 2));
    ctx.snapshot(actions, {
      ...base,
      action_id: `ACT-${site.id}-${rule.kpi}-2`,
      title: `Improvement plan for ${rule.kpi}`,
      action_type: 'improvement',
      root_cause: null,
      opened_on: improvement,
      due_on: improvement + 14,
      closed_on: null,
      status: 'open',
      expected_impact: Math.round(impact / 2),
      estimated_cost: 80_000,
    });
  }
}
