/**
 * The monthly report job in AWS (the container task of infra/constructs/report-job.ts): renders
 * the governance report for the previous month from Athena — the same renderer `opslake report`
 * runs on DuckDB — and writes the HTML and PDF to the reports bucket under `reports/<YYYY-MM>/`.
 * A failure exits non-zero, which fails the task and, through the state machine, alerts.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { S3ObjectStore } from '../core/storage/s3.js';
import { COMPANY } from '../kpis/index.js';
import { AthenaEngine } from '../query/athena-engine.js';
import { parseMonth, shiftMonth } from './month.js';
import { renderReport, reportFileStem } from './render.js';

/** Where reports land in the reports bucket. */
export const REPORTS_PREFIX = 'reports/';

export interface ReportJobConfig {
  readonly reportsBucket: string;
  readonly lakeBucket: string;
  readonly quarantineBucket: string;
  readonly workgroup: string;
  readonly database: string;
  readonly month: string;
}

/** The month before the one `now` falls in (UTC): the job runs early in a month for the last one. */
export function previousMonth(now: Date): string {
  return shiftMonth(now.toISOString().slice(0, 7), -1);
}

/** The job's settings from its environment; a missing variable is named. */
export function jobConfig(env: NodeJS.ProcessEnv, now = new Date()): ReportJobConfig {
  const need = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`report job: environment variable ${name} is not set`);
    return value;
  };
  return {
    reportsBucket: need('REPORTS_BUCKET'),
    lakeBucket: need('LAKE_BUCKET'),
    quarantineBucket: need('QUARANTINE_BUCKET'),
    workgroup: need('ATHENA_WORKGROUP'),
    database: need('MARTS_DATABASE'),
    // REPORT_MONTH re-runs a past month by hand (aws stepfunctions start-execution … overrides).
    month: env.REPORT_MONTH ? parseMonth(env.REPORT_MONTH) : previousMonth(now),
  };
}

/** The object keys of a month's report: `reports/<YYYY-MM>/opslake-report-<YYYY-MM>.{html,pdf}`. */
export function reportKeys(month: string): { html: string; pdf: string } {
  const stem = `${REPORTS_PREFIX}${month}/${reportFileStem(month, COMPANY)}`;
  return { html: `${stem}.html`, pdf: `${stem}.pdf` };
}

export async function runReportJob(
  config: ReportJobConfig,
  s3 = new S3Client({}),
): Promise<{ html: string; pdf: string }> {
  const engine = new AthenaEngine({ workgroup: config.workgroup, database: config.database });
  try {
    const report = await renderReport(
      {
        engine,
        lake: new S3ObjectStore(s3, config.lakeBucket),
        quarantine: new S3ObjectStore(s3, config.quarantineBucket),
        // dbt's run_results.json stays with the CodeBuild run; the test section says so.
        runResults: null,
      },
      { month: config.month, scope: COMPANY },
    );
    const keys = reportKeys(report.month);
    await s3.send(
      new PutObjectCommand({
        Bucket: config.reportsBucket,
        Key: keys.html,
        Body: report.html,
        ContentType: 'text/html; charset=utf-8',
      }),
    );
    await s3.send(
      new PutObjectCommand({
        Bucket: config.reportsBucket,
        Key: keys.pdf,
        Body: report.pdf,
        ContentType: 'application/pdf',
      }),
    );
    return keys;
  } finally {
    await engine.close();
  }
}

// Run as the container's entry point, not when imported by a test.
if (import.meta.url === `file://${process.argv[1]}`) {
  const config = jobConfig(process.env);
  runReportJob(config).then(
    (keys) => console.log(`wrote s3://${config.reportsBucket}/${keys.html} and ${keys.pdf}`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
