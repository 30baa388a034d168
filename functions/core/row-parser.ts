/**
 * A fast path for valid rows, compiled once per contract from the same cell parsers and rules the
 * contract's zod schema uses (`rawText`, `parseCell`, `contract.rules`). zod stays the contract's
 * schema and the error channel: when the fast path finds any problem it returns undefined and the
 * caller runs `rowSchema(...).safeParse` for the exact issues. The fast path only saves zod's
 * per-object and per-transform overhead on the (vast) majority of rows that are valid.
 */
import { type FeedContract, parseCell, type Row, rawText, type TimezoneOf } from '../../schemas/contract.js';
import { isFailure, isLocalTimestamp, localToUtcMicros } from '../../schemas/values.js';

export type FastRowParser = (values: Record<string, unknown>) => Row | undefined;

export function compileRowParser(contract: FeedContract, timezoneOf: TimezoneOf): FastRowParser {
  const columns = Object.entries(contract.columns);
  const siteColumn = contract.partitionBy.site;
  const rules = contract.rules;
  return (values) => {
    const row: Row = {};
    const localColumns: string[] = [];
    for (const [name, spec] of columns) {
      const text = rawText(values[name]);
      if (text === null) {
        if (spec.required) return undefined;
        row[name] = null;
        continue;
      }
      const parsed = parseCell(spec, text);
      if (isFailure(parsed)) return undefined;
      if (isLocalTimestamp(parsed)) {
        localColumns.push(name);
        row[name] = parsed as never;
      } else {
        row[name] = parsed;
      }
    }
    if (localColumns.length > 0) {
      const site = row[siteColumn];
      const zone = typeof site === 'string' ? timezoneOf(site) : undefined;
      if (zone === undefined) return undefined;
      for (const name of localColumns) {
        const local = row[name];
        if (isLocalTimestamp(local)) row[name] = localToUtcMicros(local, zone);
      }
    }
    for (const rule of rules) if (!rule.check(row)) return undefined;
    return row;
  };
}
