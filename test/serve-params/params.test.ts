/**
 * The dashboard's request validation (functions/serve/params.ts) without a server: a bad parameter
 * is named once, with why, and an unknown one with the parameters the endpoint takes.
 */
import { describe, expect, it } from 'vitest';
import { BadRequest, parseProduct, parseScorecard, type ValidationContext } from '../../functions/serve/params.js';

const ctx: ValidationContext = {
  registry: [],
  dimensions: { sites: [{ siteId: 'S1', siteName: 'Alpha', region: 'North' }], regions: ['North'] },
  defaultMonth: '2026-02',
};

const messageOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequest);
    return (error as Error).message;
  }
  throw new Error('no BadRequest');
};

describe('request parameters', () => {
  it('names a bad month once', () => {
    expect(messageOf(() => parseProduct({ month: '2026-13' }, ctx))).toBe('month: expected a month YYYY-MM');
    expect(messageOf(() => parseScorecard({ month: 'March' }, ctx))).toBe('month: expected a month YYYY-MM');
  });

  it('names an unknown parameter and what the endpoint takes', () => {
    expect(messageOf(() => parseProduct({ week: '2026-03-02' }, ctx))).toBe(
      'week: not a parameter of this endpoint (it takes scope, month)',
    );
  });

  it('names each bad parameter, one line each', () => {
    expect(messageOf(() => parseProduct({ scope: 'site:NOPE', month: '2026-00' }, ctx))).toBe(
      'scope: no site "NOPE" (sites: S1); month: expected a month YYYY-MM',
    );
  });

  it('takes a good request', () => {
    expect(parseProduct({ scope: 'site:S1' }, ctx)).toEqual({ scope: { level: 'site', id: 'S1' }, month: '2026-02' });
  });
});
