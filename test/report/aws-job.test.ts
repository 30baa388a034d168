/** The report job's settings and object keys (functions/report/aws-job.ts); rendering is tested in report.test.ts. */
import { describe, expect, it } from 'vitest';
import { jobConfig, previousMonth, reportKeys } from '../../functions/report/aws-job.js';

const env = {
  REPORTS_BUCKET: 'reports',
  LAKE_BUCKET: 'lake',
  QUARANTINE_BUCKET: 'quarantine',
  ATHENA_WORKGROUP: 'opslake-bi',
  MARTS_DATABASE: 'opslake_marts',
};

describe('report job', () => {
  it('reports on the previous month, across a year boundary too', () => {
    expect(previousMonth(new Date('2026-03-02T06:00:00Z'))).toBe('2026-02');
    expect(previousMonth(new Date('2026-01-02T06:00:00Z'))).toBe('2025-12');
  });

  it('takes REPORT_MONTH for a re-run, validated', () => {
    expect(jobConfig({ ...env, REPORT_MONTH: '2025-11' }).month).toBe('2025-11');
    expect(() => jobConfig({ ...env, REPORT_MONTH: '2025-13' })).toThrow();
    expect(jobConfig(env, new Date('2026-07-15T00:00:00Z')).month).toBe('2026-06');
  });

  it('names the missing variable', () => {
    const { LAKE_BUCKET: _, ...missing } = env;
    expect(() => jobConfig(missing)).toThrow(/LAKE_BUCKET/);
  });

  it('writes reports/<YYYY-MM>/ HTML and PDF keys', () => {
    expect(reportKeys('2026-02')).toEqual({
      html: 'reports/2026-02/opslake-report-2026-02.html',
      pdf: 'reports/2026-02/opslake-report-2026-02.pdf',
    });
  });
});
