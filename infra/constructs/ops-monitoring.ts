/**
 * OpsMonitoring: the alarms that say the pipeline stopped doing its job, and one dashboard.
 *
 * - Transform runs: any failed, timed-out or aborted Step Functions execution (the state machine's
 *   own Catch also publishes, but a run that never reaches it — an abort, an execution timeout, a
 *   broken alert step — is caught here).
 * - Freshness: a feed that delivers daily and has had no delivery that stands (loaded, partly
 *   loaded or already in the lake) for its window, from the ingest's EMF metrics.
 * - Quality: the share of rows quarantined across all feeds over an hour.
 *
 * Monthly and snapshot feeds get no freshness alarm: CloudWatch evaluates at most 7 days back, a
 * monthly delivery needs ~32, and a snapshot arrives only when the master data changes. Their
 * freshness is `dbt source freshness` (thresholds generated from the contracts' cadence).
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  FEED_DIMENSION,
  INGEST_METRICS_NAMESPACE,
  INGEST_SERVICE_NAME,
  IngestMetric,
  SERVICE_DIMENSION,
} from '../../functions/ingest/metrics.js';
import type { FeedContract } from '../../schemas/contract.js';
import type { OpsAlerts } from './ops-alerts.js';

/** How long a daily feed may go without a delivery before it is late: a day plus two hours' slack. */
export const DAILY_FRESHNESS_WINDOW = Duration.hours(26);
/** Alarm when more than this share of the rows ingested in an hour were quarantined. */
export const DEFAULT_QUARANTINE_RATE_THRESHOLD = 0.05;
const FRESHNESS_PERIOD = Duration.hours(1);

export interface OpsMonitoringProps {
  readonly alerts: OpsAlerts;
  readonly contracts: readonly FeedContract[];
  readonly transformRuns: sfn.IStateMachine;
  readonly ingestFunction: lambda.IFunction;
  /** Extra alarms (ingest DLQ, errors, backlog) to show on the dashboard. */
  readonly ingestAlarms?: readonly cloudwatch.IAlarm[];
  readonly quarantineRateThreshold?: number;
}

/** One of the ingest's EMF metrics, across feeds or for one feed. */
export function ingestMetric(name: string, feed?: string, period = Duration.hours(1)): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: INGEST_METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { [SERVICE_DIMENSION]: INGEST_SERVICE_NAME, ...(feed ? { [FEED_DIMENSION]: feed } : {}) },
    statistic: 'Sum',
    period,
  });
}

export class OpsMonitoring extends Construct {
  readonly executionAlarms: readonly cloudwatch.Alarm[];
  /** Freshness alarms by contract id, for the feeds that have one. */
  readonly freshnessAlarms: ReadonlyMap<string, cloudwatch.Alarm>;
  readonly quarantineRateAlarm: cloudwatch.Alarm;
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OpsMonitoringProps) {
    super(scope, id);
    const action = new cloudwatchActions.SnsAction(props.alerts.topic);
    const runs = props.transformRuns;
    const period = Duration.minutes(5);
    const executionAlarm = (alarmId: string, metric: cloudwatch.IMetric, what: string) =>
      new cloudwatch.Alarm(this, alarmId, {
        alarmDescription: `A dbt transform run ${what}. Runbook: docs/deploy.md#transform-run-${alarmId.toLowerCase()}`,
        metric,
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    this.executionAlarms = [
      executionAlarm('Failed', runs.metricFailed({ period, statistic: 'Sum' }), 'failed'),
      executionAlarm('TimedOut', runs.metricTimedOut({ period, statistic: 'Sum' }), 'timed out'),
      executionAlarm('Aborted', runs.metricAborted({ period, statistic: 'Sum' }), 'was aborted'),
    ];

    const freshness = new Map<string, cloudwatch.Alarm>();
    const windowPeriods = DAILY_FRESHNESS_WINDOW.toHours() / FRESHNESS_PERIOD.toHours();
    for (const contract of props.contracts.filter((c) => c.cadence === 'daily')) {
      freshness.set(
        contract.id,
        new cloudwatch.Alarm(this, `Fresh-${contract.system}-${contract.feed}`, {
          alarmDescription: `No delivery of ${contract.id} has loaded for ${DAILY_FRESHNESS_WINDOW.toHours()} h. Runbook: docs/deploy.md#feed-freshness`,
          metric: ingestMetric(IngestMetric.filesLoaded, contract.id, FRESHNESS_PERIOD),
          threshold: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
          evaluationPeriods: windowPeriods,
          datapointsToAlarm: windowPeriods,
          // No data point in an hour means no file loaded in that hour.
          treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        }),
      );
    }
    this.freshnessAlarms = freshness;

    const rejected = ingestMetric(IngestMetric.rowsRejected);
    const rowsIn = ingestMetric(IngestMetric.rowsIn);
    const threshold = props.quarantineRateThreshold ?? DEFAULT_QUARANTINE_RATE_THRESHOLD;
    this.quarantineRateAlarm = new cloudwatch.Alarm(this, 'QuarantineRate', {
      alarmDescription: `Over ${threshold * 100} % of the rows ingested in an hour were quarantined. Runbook: docs/deploy.md#quarantine-rate`,
      metric: new cloudwatch.MathExpression({
        expression: 'IF(rowsIn > 0, rejected / rowsIn, 0)',
        usingMetrics: { rejected, rowsIn },
        label: 'Share of rows quarantined',
        period: Duration.hours(1),
      }),
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    for (const alarm of [...this.executionAlarms, ...freshness.values(), this.quarantineRateAlarm]) {
      alarm.addAlarmAction(action);
    }
    this.dashboard = this.buildDashboard(props, rowsIn, rejected);
  }

  private buildDashboard(props: OpsMonitoringProps, rowsIn: cloudwatch.Metric, rejected: cloudwatch.Metric) {
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(7),
    });
    const runs = props.transformRuns;
    const fn = props.ingestFunction;
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Ingest rows per hour',
        left: [rowsIn, ingestMetric(IngestMetric.rowsValid), rejected],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Ingest files and duration',
        left: [ingestMetric(IngestMetric.filesLoaded), ingestMetric(IngestMetric.filesRejected)],
        right: [fn.metricDuration({ statistic: 'p90' }), fn.metricErrors({ statistic: 'Sum' })],
        width: 12,
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Transform runs',
        left: [
          runs.metricSucceeded({ statistic: 'Sum' }),
          runs.metricFailed({ statistic: 'Sum' }),
          runs.metricTimedOut({ statistic: 'Sum' }),
          runs.metricAborted({ statistic: 'Sum' }),
        ],
        right: [runs.metricTime({ statistic: 'Maximum' })],
        width: 12,
      }),
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: [...(props.ingestAlarms ?? []), ...this.executionAlarms, this.quarantineRateAlarm],
        width: 12,
      }),
    );
    return dashboard;
  }
}
