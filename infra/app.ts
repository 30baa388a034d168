/**
 * The CDK app: one opslake stack, checked by cdk-nag's AWS Solutions pack on every synth.
 * Deploy-time choices come from context (cdk.json or `-c key=value`), never from the environment,
 * so a synth is reproducible.
 */
import { App, Validations } from 'aws-cdk-lib';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { AwsSolutionsChecks } from 'cdk-nag';
import { defaultSiteIds } from '../functions/generator/sites.js';
import { contextFlag, contextList, contextRecord, contextString } from './context.js';
import { OpslakeStack } from './opslake-stack.js';

const app = new App();
// `rate(…)` or `cron(…)`; unset means the runner's default (hourly).
const schedule = contextString(app, 'opslake:transformSchedule');
// When a run also compacts and vacuums the incremental Iceberg facts; unset, daily at 03:00 UTC.
const maintenanceSchedule = contextString(app, 'opslake:maintenanceSchedule');
const projectionStartDay = contextString(app, 'opslake:projectionStartDay');
const readerRolePrincipal = contextString(app, 'opslake:readerRolePrincipal');
const siteLeads = contextRecord(app, 'opslake:siteLeads');
new OpslakeStack(app, 'Opslake', {
  description: 'opslake: operational feeds → validated Parquet lake → dbt-athena KPIs',
  // A deployment names its sites (-c opslake:sites=…); unset, the demo generator's sites.
  sites: contextList(app, 'opslake:sites', defaultSiteIds()),
  destroyOnRemoval: contextFlag(app, 'opslake:destroyOnRemoval'),
  alertEmails: contextList(app, 'opslake:alertEmails', []),
  ...(schedule ? { transformSchedule: Schedule.expression(schedule) } : {}),
  ...(maintenanceSchedule ? { maintenanceSchedule: Schedule.expression(maintenanceSchedule) } : {}),
  ...(projectionStartDay ? { projectionStartDay } : {}),
  ...(readerRolePrincipal ? { readerRolePrincipal } : {}),
  ...(siteLeads ? { siteLeads } : {}),
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
