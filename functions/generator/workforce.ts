/**
 * The workforce of one site: a pseudonymised roster with hires and leavers, daily timecards whose
 * hours follow the work actually done, and the rare safety incident. Labour is scheduled from the
 * demand forecast; when the day's real work exceeds the schedule the crew works overtime — which is
 * how an understaffed site (S2) shows up in overtime_rate.
 */
import { employees, safetyIncidents, shiftSchedule, timecards } from '../../schemas/wfm.js';
import { DAY, dayText, demandFactor, HOUR, isWeekend, MINUTE } from './calendar.js';
import { PLANNED_UNITS_PER_ORDER } from './fulfilment.js';
import { hex8, type SiteContext, stableHash, toSecond } from './site-context.js';

/** Received units a direct worker handles per hour, and hours of dispatch work per shipped order. */
const RECEIVED_UNITS_PER_HOUR = 200;
const HOURS_PER_SHIPPED_ORDER = 0.05;
const SHIFT_HUNDREDTHS = 800;

interface Employee {
  readonly id: string;
  readonly labour: 'direct' | 'indirect';
  readonly role: 'associate' | 'lead' | 'supervisor' | 'manager' | 'support';
  readonly employment: 'full_time' | 'part_time' | 'temporary';
  readonly hireDay: number;
  /** Hourly rate in cents. */
  readonly rateCents: number;
  termination?: { day: number; reason: 'voluntary' | 'involuntary' | 'end_of_contract' };
}

/** Receipts per weekday (baseOrders / 5) × mean units per receipt (11 cases of 24). */
export const plannedReceivedUnitsPerWeekday = (baseOrders: number): number => (baseOrders / 5) * 11 * 24;

/** Direct hours the forecast says a day needs (before the site's staffing factor). */
export function forecastDirectHours(ctx: SiteContext, day: number): number {
  const orders = ctx.site.baseOrders * demandFactor(day);
  const received = isWeekend(day) ? 0 : plannedReceivedUnitsPerWeekday(ctx.site.baseOrders);
  return (
    (orders * PLANNED_UNITS_PER_ORDER) / ctx.site.unitsPerHour +
    received / RECEIVED_UNITS_PER_HOUR +
    orders * HOURS_PER_SHIPPED_ORDER
  );
}

export class Workforce {
  private readonly staff: Employee[] = [];
  private sequence = 0;
  private rotation = 0;
  /** Hours worked per local day (hundredths), for incident exposure. */
  readonly workedHundredthsByDay = new Map<number, number>();

  constructor(private readonly ctx: SiteContext) {
    let peakCrew = 1;
    for (let day = ctx.startDay; day < ctx.endDay; day++) {
      peakCrew = Math.max(peakCrew, Math.ceil((forecastDirectHours(ctx, day) * ctx.site.staffingFactor) / 8));
    }
    // Five shifts a week per worker, plus slack for absence.
    const direct = Math.ceil((peakCrew * 7 * 1.1) / 5);
    const indirect = Math.max(2, Math.ceil(direct * 0.2));
    for (let i = 0; i < direct; i++) this.hire('direct', ctx.startDay - ctx.random.int(30, 1800));
    for (let i = 0; i < indirect; i++) this.hire('indirect', ctx.startDay - ctx.random.int(60, 2400));
  }

  private hire(labour: 'direct' | 'indirect', hireDay: number): void {
    const { random, site } = this.ctx;
    this.sequence++;
    const role =
      labour === 'direct' ? 'associate' : random.pick(['lead', 'lead', 'supervisor', 'support', 'manager'] as const);
    this.staff.push({
      // A keyed hash stands in for the HR system's pseudonymisation: no name or HR number leaves it.
      id: `E${hex8(stableHash(`${site.id}:employee:${this.sequence}`))}`,
      labour,
      role,
      employment:
        labour === 'indirect' ? 'full_time' : random.pick(['full_time', 'full_time', 'part_time', 'temporary']),
      hireDay,
      rateCents: labour === 'direct' ? random.int(1750, 2350) : random.int(2400, 3600),
    });
  }

  private active(day: number, labour: 'direct' | 'indirect'): Employee[] {
    return this.staff.filter(
      (e) => e.labour === labour && e.hireDay <= day && (e.termination === undefined || e.termination.day >= day),
    );
  }

  /** Direct workers on the floor today, who confirm picks. */
  pickersOn(day: number): string[] {
    return this.active(day, 'direct').map((e) => e.id);
  }

  /** Leavers and their replacements, decided at the start of each day. */
  turnover(day: number): void {
    const { random, site } = this.ctx;
    const workforce = [...this.active(day, 'direct'), ...this.active(day, 'indirect')];
    const leavers = workforce.length * (site.monthlyTurnover / 30);
    let leaving = Math.floor(leavers) + (random.chance(leavers % 1) ? 1 : 0);
    while (leaving-- > 0 && workforce.length > 0) {
      const leaver = workforce.splice(random.int(0, workforce.length - 1), 1)[0];
      if (!leaver || leaver.termination) continue;
      const reason =
        leaver.employment === 'temporary' ? 'end_of_contract' : random.chance(0.75) ? 'voluntary' : 'involuntary';
      leaver.termination = { day, reason };
      const startsOn = day + random.int(7, 21);
      if (startsOn < this.ctx.endDay) this.hire(leaver.labour, startsOn);
    }
  }

  /** Timecards for `day`: the crew the forecast scheduled, plus overtime when the real work needs it. */
  timecards(day: number, pickedUnits: number, receivedUnits: number, ordersShipped: number): void {
    const { random, site } = this.ctx;
    const neededHundredths = Math.round(
      (pickedUnits / site.unitsPerHour +
        receivedUnits / RECEIVED_UNITS_PER_HOUR +
        ordersShipped * HOURS_PER_SHIPPED_ORDER) *
        100,
    );
    const direct = this.active(day, 'direct');
    const crewSize = Math.min(
      direct.length,
      Math.max(1, Math.round((forecastDirectHours(this.ctx, day) * site.staffingFactor) / 8)),
    );
    const crew: Employee[] = [];
    for (let i = 0; i < crewSize; i++) crew.push(direct[(this.rotation + i) % direct.length] as Employee);
    this.rotation = (this.rotation + crewSize) % Math.max(1, direct.length);

    const present = crew.map((e) => ({
      employee: e,
      worked: random.chance(0.03) ? 0 : SHIFT_HUNDREDTHS + random.int(-2, 1) * 25,
      overtime: 0,
    }));
    const capacity = present.reduce((sum, p) => sum + p.worked, 0);
    const working = present.filter((p) => p.worked > 0);
    if (neededHundredths > capacity && working.length > 0) {
      const each = Math.min(400, Math.ceil((neededHundredths - capacity) / working.length / 25) * 25);
      for (const p of working) {
        p.overtime = each;
        p.worked += each;
      }
    }
    const indirect = this.active(day, 'indirect');
    const indirectCrew = isWeekend(day) ? indirect.slice(0, 1) : indirect;
    for (const e of indirectCrew) {
      const overtime = random.chance(0.05) ? 100 : 0;
      present.push({ employee: e, worked: SHIFT_HUNDREDTHS + overtime, overtime });
    }

    const ymd = dayText(day).replaceAll('-', '');
    const month = this.ctx.month(day);
    let workedTotal = 0;
    for (const p of present) {
      const { employee } = p;
      // Overtime is paid at time and a half: the premium is half the base rate on top.
      const costCents = Math.round((p.worked * employee.rateCents + (p.overtime * employee.rateCents) / 2) / 100);
      if (employee.labour === 'direct') month.directLabourCents += costCents;
      else month.indirectLabourCents += costCents;
      workedTotal += p.worked;
      this.ctx.daily(timecards, day * DAY, {
        timecard_id: `TC-${site.id}-${ymd}-${employee.id}`,
        site_id: site.id,
        employee_id: employee.id,
        work_date: day,
        labour_type: employee.labour,
        scheduled_hours: SHIFT_HUNDREDTHS,
        worked_hours: p.worked,
        overtime_hours: p.overtime,
        hourly_rate: employee.rateCents,
        currency: site.currency,
      });
    }
    this.workedHundredthsByDay.set(day, workedTotal);
    this.incidents(day, workedTotal / 100);
  }

  /**
   * Incidents arrive with exposure: about 40 per 200,000 hours, half of them near misses — enough
   * for a year of one site to show a TRIR trend.
   */
  private incidents(day: number, hoursWorked: number): void {
    const { random, site } = this.ctx;
    if (!random.chance((hoursWorked / 200_000) * 40)) return;
    const occurredAt = toSecond(day * DAY + (6 + random.next() * 14) * HOUR);
    const roll = random.next();
    const type = roll < 0.5 ? 'near_miss' : roll < 0.8 ? 'injury' : roll < 0.85 ? 'illness' : 'property_damage';
    const sevRoll = random.next();
    const severity =
      type === 'near_miss'
        ? 'minor'
        : sevRoll < 0.5
          ? 'minor'
          : sevRoll < 0.85
            ? 'moderate'
            : sevRoll < 0.97
              ? 'serious'
              : 'critical';
    const harm = type === 'injury' || type === 'illness';
    const recordable = harm && (severity !== 'minor' || random.chance(0.3));
    const closedAt = toSecond(occurredAt + random.int(2, 30) * DAY + random.int(0, 480) * MINUTE);
    const closed = this.ctx.happened(closedAt);
    this.ctx.daily(safetyIncidents, occurredAt, {
      incident_id: `INC-${site.id}-${dayText(day).replaceAll('-', '')}`,
      site_id: site.id,
      occurred_at: occurredAt,
      incident_type: type,
      severity,
      recordable,
      lost_time_days: harm && (severity === 'serious' || severity === 'critical') ? random.int(1, 30) : 0,
      rca_closed: closed,
      rca_closed_at: closed ? closedAt : null,
    });
  }

  /**
   * The labour budget of a month, set before it happens: forecast direct hours at full staffing and
   * the indirect team's weekday shifts, at the roster's mean rates, with no overtime.
   */
  budgetCents(monthStart: number, monthEnd: number): number {
    const meanRate = (labour: 'direct' | 'indirect') => {
      const team = this.staff.filter((e) => e.labour === labour);
      return team.reduce((sum, e) => sum + e.rateCents, 0) / Math.max(1, team.length);
    };
    let directHours = 0;
    let weekdays = 0;
    for (let day = monthStart; day < monthEnd; day++) {
      directHours += forecastDirectHours(this.ctx, day);
      if (!isWeekend(day)) weekdays++;
    }
    const indirectHeadcount = this.active(monthStart, 'indirect').length;
    return directHours * meanRate('direct') + indirectHeadcount * weekdays * 8 * meanRate('indirect');
  }

  /**
   * The shift schedule WFM has published for the `days` after the cut-off: the crew the forecast
   * needs × the staffing factor, as the simulated days were scheduled (no random draws, so the
   * simulated history is the same with or without it).
   */
  writeSchedule(days: number): void {
    const { site, endDay } = this.ctx;
    const direct = this.active(endDay - 1, 'direct');
    const indirect = this.active(endDay - 1, 'indirect');
    if (direct.length === 0) return;
    for (let day = endDay; day < endDay + days; day++) {
      const crewSize = Math.min(
        direct.length,
        Math.max(1, Math.round((forecastDirectHours(this.ctx, day) * site.staffingFactor) / 8)),
      );
      const crew = Array.from({ length: crewSize }, (_, i) => direct[(this.rotation + i) % direct.length] as Employee);
      this.rotation = (this.rotation + crewSize) % direct.length;
      const team = [...crew, ...(isWeekend(day) ? indirect.slice(0, 1) : indirect)];
      const ymd = dayText(day).replaceAll('-', '');
      for (const e of team) {
        this.ctx.snapshot(shiftSchedule, {
          shift_id: `SS-${site.id}-${ymd}-${e.id}`,
          site_id: site.id,
          employee_id: e.id,
          shift_date: day,
          labour_type: e.labour,
          scheduled_hours: SHIFT_HUNDREDTHS,
        });
      }
    }
  }

  /** The roster snapshot as of the last day: everyone employed during the horizon, leavers included. */
  writeRoster(): void {
    for (const e of this.staff) {
      if (e.termination && e.termination.day < this.ctx.startDay) continue;
      this.ctx.snapshot(employees, {
        employee_id: e.id,
        site_id: this.ctx.site.id,
        job_role: e.role,
        employment_type: e.employment,
        hire_date: e.hireDay,
        termination_date: e.termination?.day ?? null,
        termination_reason: e.termination?.reason ?? null,
      });
    }
  }
}
