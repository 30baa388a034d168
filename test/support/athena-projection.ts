/**
 * What Athena would see of a lake, from a synthesized template's Glue tables: the partitions a
 * projected table enumerates (enum and date projections, `storage.location.template`), or every
 * file under an unpartitioned table's location. Follows the Athena partition-projection rules for
 * the parts opslake uses; anything else throws, so a new projection type cannot pass unchecked.
 */
import type { Template } from 'aws-cdk-lib/assertions';

/** Stands in for the lake bucket's name (a Ref in the template). */
export const LAKE = 'LAKE';

interface TableInput {
  Name: string;
  Parameters?: Record<string, unknown>;
  PartitionKeys?: { Name: string }[];
  StorageDescriptor: { Location: unknown };
}

export interface AthenaTable {
  readonly name: string;
  /** `s3://LAKE/raw/<system>/<feed>/` */
  readonly location: string;
  /** Partition locations Athena projects, or undefined for an unpartitioned table. */
  readonly partitions?: ReadonlySet<string>;
}

/** A CloudFormation string value with Refs replaced by LAKE (the only Ref in these locations). */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) throw new Error(`unexpected value ${JSON.stringify(value)}`);
  return join[1].map((part) => (typeof part === 'string' ? part : LAKE)).join(join[0]);
}

const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function addUnits(ms: number, amount: number, unit: string): number {
  const d = new Date(ms);
  switch (unit) {
    case 'DAYS':
      return ms + amount * DAY_MS;
    case 'WEEKS':
      return ms + amount * 7 * DAY_MS;
    case 'MONTHS':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + amount, d.getUTCDate());
    case 'YEARS':
      return Date.UTC(d.getUTCFullYear() + amount, d.getUTCMonth(), d.getUTCDate());
    default:
      throw new Error(`unsupported projection unit ${unit}`);
  }
}

/** One end of a date range: yyyy-MM-dd, or NOW with an optional ±N unit offset. */
function rangeEnd(value: string, now: Date): number {
  const relative = /^NOW(?:([+-])(\d+)(DAYS|WEEKS|MONTHS|YEARS))?$/.exec(value.trim());
  if (relative) {
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    return relative[1]
      ? addUnits(today, Number(relative[2]) * (relative[1] === '-' ? -1 : 1), relative[3] ?? '')
      : today;
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) throw new Error(`unsupported projection range end ${value}`);
  return Date.parse(`${value.trim()}T00:00:00Z`);
}

function projectedValues(parameters: Record<string, unknown>, key: string, now: Date): string[] {
  const type = parameters[`projection.${key}.type`];
  if (type === 'enum') return String(parameters[`projection.${key}.values`]).split(',');
  if (type !== 'date') throw new Error(`projection type ${String(type)} of ${key} is not modelled`);
  if (parameters[`projection.${key}.format`] !== 'yyyy-MM-dd') throw new Error(`date format of ${key} not modelled`);
  const [from, to] = String(parameters[`projection.${key}.range`]).split(',');
  const interval = Number(parameters[`projection.${key}.interval`] ?? 1);
  const unit = String(parameters[`projection.${key}.interval.unit`] ?? 'DAYS');
  const values: string[] = [];
  const end = rangeEnd(to ?? '', now);
  for (let at = rangeEnd(from ?? '', now); at <= end; at = addUnits(at, interval, unit)) values.push(day(at));
  return values;
}

export type TemplateJson = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

/** Every raw and audit table of the template, as Athena would read it at `now`. */
export function athenaTables(template: Template | TemplateJson, now = new Date()): AthenaTable[] {
  const json = ('toJSON' in template ? template.toJSON() : template) as TemplateJson;
  return Object.values(json.Resources)
    .filter((r) => r.Type === 'AWS::Glue::Table')
    .map((r) => {
      const input = r.Properties.TableInput as TableInput;
      const parameters = input.Parameters ?? {};
      const location = text(input.StorageDescriptor.Location);
      const keys = (input.PartitionKeys ?? []).map((k) => k.Name);
      if (keys.length === 0) return { name: input.Name, location };
      if (parameters['projection.enabled'] !== 'true') throw new Error(`${input.Name}: partitioned without projection`);
      let locations = [text(parameters['storage.location.template'])];
      for (const key of keys) {
        const values = projectedValues(parameters, key, now);
        locations = locations.flatMap((l) => values.map((v) => l.replaceAll(`\${${key}}`, v)));
      }
      return { name: input.Name, location, partitions: new Set(locations) };
    });
}

/** Whether Athena reads the lake object `key` through `table`. */
export function isVisible(table: AthenaTable, key: string): boolean {
  const uri = `s3://${LAKE}/${key}`;
  if (!uri.startsWith(table.location)) return false;
  const relative = uri.slice(table.location.length).split('/');
  // Hive (and Athena) skip files and directories whose names begin with _ or .
  if (relative.some((segment) => segment.startsWith('_') || segment.startsWith('.'))) return false;
  if (!table.partitions) return true;
  // A partition's files are those directly in its location.
  return table.partitions.has(uri.slice(0, uri.lastIndexOf('/') + 1));
}
