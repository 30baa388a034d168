/**
 * The compatibility rule for contract versions (docs/contracts.md), as code:
 * - a new OPTIONAL column, a new enum value, a looser bound, or new docs → a MINOR version; files of
 *   either version load into the same raw table;
 * - a dropped, renamed or retyped column, a column made required, a removed enum value, a tighter
 *   bound, or a changed key or partitioning → a new MAJOR version, which gets a raw table of its own
 *   (one canonical Parquet schema per major version, so Athena never sees mixed column types).
 */
import type { ColumnSpec, FeedContract } from './contract.js';
import { glueType, typeLabel } from './physical-types.js';

export type Bump = 'none' | 'minor' | 'major';

export interface ContractChange {
  readonly column: string | null;
  readonly change: string;
  readonly bump: Exclude<Bump, 'none'>;
}

function boundChanges(name: string, before: ColumnSpec, after: ColumnSpec): ContractChange[] {
  const changes: ContractChange[] = [];
  const lo = (s: ColumnSpec) => ('min' in s ? s.min : undefined);
  const hi = (s: ColumnSpec) => ('max' in s ? s.max : undefined);
  const [loB, loA, hiB, hiA] = [lo(before), lo(after), hi(before), hi(after)];
  if (loA !== undefined && (loB === undefined || loA > loB))
    changes.push({ column: name, change: `minimum tightened to ${loA}`, bump: 'major' });
  else if (loA !== loB) changes.push({ column: name, change: 'minimum loosened', bump: 'minor' });
  if (hiA !== undefined && (hiB === undefined || hiA < hiB))
    changes.push({ column: name, change: `maximum tightened to ${hiA}`, bump: 'major' });
  else if (hiA !== hiB) changes.push({ column: name, change: 'maximum loosened', bump: 'minor' });
  return changes;
}

/** Every difference between two versions of one feed's contract, with the version bump it needs. */
export function compareContracts(before: FeedContract, after: FeedContract): ContractChange[] {
  const changes: ContractChange[] = [];
  for (const [name, spec] of Object.entries(before.columns)) {
    const next = after.columns[name];
    if (!next) {
      changes.push({ column: name, change: 'column dropped (or renamed)', bump: 'major' });
      continue;
    }
    // Retyped when the lake column changes (string ↔ enum is the same text column).
    if (glueType(spec) !== glueType(next)) {
      changes.push({
        column: name,
        change: `type changed from ${typeLabel(spec)} to ${typeLabel(next)}`,
        bump: 'major',
      });
    }
    if (!spec.required && next.required) changes.push({ column: name, change: 'made required', bump: 'major' });
    if (spec.required && !next.required) changes.push({ column: name, change: 'made optional', bump: 'minor' });
    if (spec.kind === 'enum' && next.kind === 'enum') {
      const removed = spec.values.filter((v) => !next.values.includes(v));
      const added = next.values.filter((v) => !spec.values.includes(v));
      if (removed.length > 0)
        changes.push({ column: name, change: `enum values removed: ${removed.join(', ')}`, bump: 'major' });
      if (added.length > 0)
        changes.push({ column: name, change: `enum values added: ${added.join(', ')}`, bump: 'minor' });
    }
    changes.push(...boundChanges(name, spec, next));
  }
  for (const [name, spec] of Object.entries(after.columns)) {
    if (before.columns[name]) continue;
    changes.push(
      spec.required
        ? { column: name, change: 'required column added', bump: 'major' }
        : { column: name, change: 'optional column added', bump: 'minor' },
    );
  }
  if (before.primaryKey.join() !== after.primaryKey.join())
    changes.push({ column: null, change: 'primary key changed', bump: 'major' });
  if (before.partitionBy.site !== after.partitionBy.site || before.partitionBy.date !== after.partitionBy.date) {
    changes.push({ column: null, change: 'partitioning changed', bump: 'major' });
  }
  return changes;
}

/** The smallest version bump that the changes from `before` to `after` require. */
export function requiredBump(before: FeedContract, after: FeedContract): Bump {
  const changes = compareContracts(before, after);
  if (changes.some((c) => c.bump === 'major')) return 'major';
  return changes.length > 0 ? 'minor' : 'none';
}

/** Problems with `after`'s version number given what changed since `before`; empty when it is right. */
export function versionProblems(before: FeedContract, after: FeedContract): string[] {
  const [bMaj = 0, bMin = 0] = before.version.split('.').map(Number);
  const [aMaj = 0, aMin = 0] = after.version.split('.').map(Number);
  const bump = requiredBump(before, after);
  const reasons = compareContracts(before, after)
    .filter((c) => c.bump === bump)
    .map((c) => (c.column ? `${c.column}: ${c.change}` : c.change))
    .join('; ');
  if (bump === 'major' && aMaj <= bMaj) {
    return [`${after.id} ${before.version} → ${after.version} needs a new major version (${reasons})`];
  }
  if (bump === 'minor' && aMaj === bMaj && aMin <= bMin) {
    return [`${after.id} ${before.version} → ${after.version} needs at least a minor version bump (${reasons})`];
  }
  return [];
}
