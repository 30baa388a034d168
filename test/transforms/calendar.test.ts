/**
 * The calendar (dim_date, vars calendar_start / calendar_end in dbt_project.yml) covers every year
 * a contract accepts, so a date that ingests always has its calendar day and the relationships
 * tests to dim_date hold for history of any age. The golden fixture builds a 2023 day through it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../../functions/local/workspace.js';
import { MAX_YEAR, MIN_YEAR, parseDate } from '../../schemas/values.js';

const project = parse(readFileSync(join(repoRoot, 'transforms/dbt_project.yml'), 'utf8')) as {
  vars: { calendar_start: string; calendar_end: string };
};

describe('dim_date calendar vars', () => {
  it('start on the first day of the first year a contract accepts', () => {
    expect(project.vars.calendar_start).toBe(`${MIN_YEAR}-01-01`);
    expect(parseDate(`${MIN_YEAR}-01-01`)).toBeTypeOf('number');
    expect(parseDate(`${MIN_YEAR - 1}-12-31`)).toMatchObject({ rule: 'date_range' });
  });

  it('end after the last day of the last year a contract accepts', () => {
    expect(project.vars.calendar_end).toBe(`${MAX_YEAR + 1}-01-01`);
    expect(parseDate(`${MAX_YEAR}-12-31`)).toBeTypeOf('number');
    expect(parseDate(`${MAX_YEAR + 1}-01-01`)).toMatchObject({ rule: 'date_range' });
  });
});
