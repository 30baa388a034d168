import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { contextFlag, contextList, contextString } from '../../infra/context.js';
import { synthOpslake } from './synth.js';

const appWith = (context: Record<string, unknown>) => new App({ context });

describe('context values', () => {
  it('reads lists from cdk.json arrays and from -c comma strings alike', () => {
    expect(contextList(appWith({ sites: ['S1', 'S2'] }), 'sites')).toEqual(['S1', 'S2']);
    expect(contextList(appWith({ sites: 'S1, S2,,S3' }), 'sites')).toEqual(['S1', 'S2', 'S3']);
    expect(contextList(appWith({ sites: '["S1","S2"]' }), 'sites')).toEqual(['S1', 'S2']);
  });

  it('uses the fallback only when the key is unset, and refuses a missing required list', () => {
    expect(contextList(appWith({}), 'emails', [])).toEqual([]);
    expect(() => contextList(appWith({}), 'sites')).toThrow(/sites must be a list/);
    expect(() => contextList(appWith({ sites: 7 }), 'sites', ['S1'])).toThrow(/sites must be a list/);
  });

  it('reads flags as booleans or the strings true/false', () => {
    expect(contextFlag(appWith({ destroy: 'true' }), 'destroy')).toBe(true);
    expect(contextFlag(appWith({ destroy: false }), 'destroy')).toBe(false);
    expect(contextFlag(appWith({}), 'destroy')).toBe(false);
    expect(() => contextFlag(appWith({ destroy: 'yes' }), 'destroy')).toThrow(/true or false/);
  });

  it('treats an empty string as unset', () => {
    expect(contextString(appWith({ schedule: '' }), 'schedule')).toBeUndefined();
    expect(contextString(appWith({ schedule: 'rate(1 day)' }), 'schedule')).toBe('rate(1 day)');
  });
});

describe('stack safety defaults', () => {
  it('protects the stack from deletion unless it is a throwaway', () => {
    expect(synthOpslake().stack.terminationProtection).toBe(true);
    expect(synthOpslake({ destroyOnRemoval: true }).stack.terminationProtection).toBe(false);
  });
});
