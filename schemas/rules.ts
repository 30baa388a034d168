/** Cross-field rules shared by several contracts. */
import type { CrossFieldRule, Row } from './contract.js';
import { formatDay } from './values.js';

/** A monthly feed's period column must be the first day of its month. */
export function firstOfMonth(column: string): CrossFieldRule {
  return {
    name: `${column}_first_of_month`,
    description: `${column} must be the first day of a month (YYYY-MM-01)`,
    column,
    reads: [column],
    check: (row: Row) => row[column] === null || formatDay(row[column] as number).endsWith('-01'),
  };
}

/** `later` is empty or not before `earlier` (both dates or both timestamps). */
export function notBefore(later: string, earlier: string, name = `${later}_not_before_${earlier}`): CrossFieldRule {
  return {
    name,
    description: `${later} must not be before ${earlier}`,
    column: later,
    reads: [later, earlier],
    check: (row: Row) =>
      row[later] === null || row[earlier] === null || (row[later] as number) >= (row[earlier] as number),
  };
}

/** `smaller` is empty or at most `larger` (same unit and scale). */
export function notAbove(smaller: string, larger: string): CrossFieldRule {
  return {
    name: `${smaller}_not_above_${larger}`,
    description: `${smaller} must not exceed ${larger}`,
    column: smaller,
    reads: [smaller, larger],
    check: (row: Row) =>
      row[smaller] === null || row[larger] === null || (row[smaller] as number) <= (row[larger] as number),
  };
}

/** Two optional columns are filled together or left empty together. */
export function bothOrNeither(a: string, b: string): CrossFieldRule {
  return {
    name: `${a}_with_${b}`,
    description: `${a} and ${b} must both be given or both be empty`,
    column: b,
    reads: [a, b],
    check: (row: Row) => (row[a] === null) === (row[b] === null),
  };
}
