/** WFM feeds: timecards, the future shift schedule, the employee roster (pseudonymised) and safety incidents. */
import { col, defineFeed } from './contract.js';
import { bothOrNeither, notAbove, notBefore } from './rules.js';

export const timecards = defineFeed({
  system: 'wfm',
  feed: 'timecards',
  version: '1.0.0',
  description: 'Daily timecards: scheduled, worked and overtime hours per worker, direct or indirect labour.',
  cadence: 'daily',
  columns: {
    timecard_id: col.id('Timecard identifier'),
    site_id: col.id('Site worked at'),
    employee_id: col.id('Worker (pseudonymised; wfm employees.employee_id)', { privacy: 'pseudonymised' }),
    work_date: col.date('Local calendar day worked'),
    labour_type: col.enum('Direct (touches product) or indirect labour', ['direct', 'indirect']),
    scheduled_hours: col.decimal('Hours scheduled for the shift; 0 when unscheduled', {
      scale: 2,
      min: 0,
      max: 24,
      unit: 'hours',
    }),
    worked_hours: col.decimal('Hours worked, overtime included', { scale: 2, min: 0, max: 24, unit: 'hours' }),
    overtime_hours: col.decimal('Hours paid at the overtime premium', { scale: 2, min: 0, max: 24, unit: 'hours' }),
    hourly_rate: col.money('Base hourly pay rate', { min: 0 }),
    currency: col.currency(),
  },
  primaryKey: ['timecard_id'],
  partitionBy: { site: 'site_id', date: 'work_date' },
  rules: [notAbove('overtime_hours', 'worked_hours')],
});

/**
 * Shifts scheduled for the coming weeks, as published by the WFM: what the labour plan compares the
 * forecast's required hours with (docs/labour-plan.md). A republished schedule replaces a shift by id.
 */
export const shiftSchedule = defineFeed({
  system: 'wfm',
  feed: 'shift_schedule',
  version: '1.0.0',
  description: 'Future scheduled shifts per site and day: direct or indirect labour, hours, the worker when assigned.',
  cadence: 'snapshot',
  columns: {
    shift_id: col.id('Scheduled shift identifier'),
    site_id: col.id('Site the shift is at'),
    employee_id: col.id('Worker assigned (pseudonymised); empty for an open shift', {
      required: false,
      privacy: 'pseudonymised',
    }),
    shift_date: col.date('Local calendar day of the shift'),
    labour_type: col.enum('Direct (touches product) or indirect labour', ['direct', 'indirect']),
    scheduled_hours: col.decimal('Hours scheduled', { scale: 2, min: 0, max: 24, unit: 'hours' }),
  },
  primaryKey: ['shift_id'],
  partitionBy: { site: 'site_id', date: 'shift_date' },
  // Shifts are scheduled weeks ahead, after the projection's NOW.
  athenaPartitions: 'none',
});

export const employees = defineFeed({
  system: 'wfm',
  feed: 'employees',
  version: '1.0.0',
  description:
    'Employee roster snapshot, pseudonymised: no names or personal details reach the lake, only a stable id.',
  cadence: 'snapshot',
  columns: {
    employee_id: col.id('Stable pseudonymous worker id (a keyed hash in the source system)', {
      privacy: 'pseudonymised',
    }),
    site_id: col.id('Home site'),
    job_role: col.enum('Role family', ['associate', 'lead', 'supervisor', 'manager', 'support']),
    employment_type: col.enum('Contract type', ['full_time', 'part_time', 'temporary']),
    hire_date: col.date('First day of employment'),
    termination_date: col.date('Last day of employment; empty while employed', { required: false }),
    termination_reason: col.enum('Why employment ended', ['voluntary', 'involuntary', 'end_of_contract'], {
      required: false,
    }),
  },
  primaryKey: ['employee_id'],
  partitionBy: { site: 'site_id', date: 'hire_date' },
  // Hire dates go back decades; a small slowly changing master.
  athenaPartitions: 'none',
  rules: [notBefore('termination_date', 'hire_date'), bothOrNeither('termination_date', 'termination_reason')],
});

export const safetyIncidents = defineFeed({
  system: 'wfm',
  feed: 'safety_incidents',
  version: '1.0.0',
  description: 'Safety incidents and near misses, with OSHA recordability and root-cause-analysis status.',
  cadence: 'daily',
  columns: {
    incident_id: col.id('Incident identifier'),
    site_id: col.id('Site where it happened'),
    occurred_at: col.timestamp('When it happened'),
    incident_type: col.enum('Kind of event', ['injury', 'illness', 'near_miss', 'property_damage']),
    severity: col.enum('Severity', ['minor', 'moderate', 'serious', 'critical']),
    recordable: col.boolean('OSHA-recordable (counts toward TRIR)'),
    lost_time_days: col.integer('Days away from work', { min: 0, unit: 'days' }),
    rca_closed: col.boolean('Root-cause analysis completed and closed'),
    rca_closed_at: col.timestamp('When the RCA was closed', { required: false }),
  },
  primaryKey: ['incident_id'],
  partitionBy: { site: 'site_id', date: 'occurred_at' },
  rules: [
    notBefore('rca_closed_at', 'occurred_at'),
    {
      name: 'rca_closed_has_time',
      description: 'rca_closed_at is given exactly when rca_closed is true',
      column: 'rca_closed_at',
      reads: ['rca_closed', 'rca_closed_at'],
      check: (row) => (row.rca_closed === true) === (row.rca_closed_at !== null),
    },
  ],
});
