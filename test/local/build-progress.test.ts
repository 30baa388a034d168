/**
 * The build's structured log (`--log-format json`) → progress lines. The events are trimmed from a
 * real build log (core 1.11): node results carry index/total (num_models for tests),
 * execution_time, status and node_info; the end-of-run recap is Z-coded. (No tool runs here.)
 */
import { describe, expect, it } from 'vitest';
import { parseDbtLogLine, progressLine, stripAnsi } from '../../functions/local/build-progress.js';

const event = (name: string, code: string, level: string, data: object, msg = '') =>
  JSON.stringify({ data, info: { code, level, msg, name } });

const MODEL = event('LogModelResult', 'Q012', 'info', {
  description: 'sql table model main.stg_tms__shipments',
  execution_time: 0.9385016,
  index: 1,
  node_info: { node_name: 'stg_tms__shipments', node_status: 'success', resource_type: 'model' },
  status: 'OK',
  total: 9,
});

const TEST_WARN = event('LogTestResult', 'Q007', 'warn', {
  execution_time: 0.05,
  index: 23,
  name: 'not_null_x',
  node_info: { node_name: 'not_null_x', resource_type: 'test' },
  num_failures: 2,
  num_models: 456,
  status: 'warn',
});

const SKIP = event('SkippingDetails', 'Q034', 'info', {
  index: 7,
  total: 456,
  node_name: 'kpi_monthly',
  resource_type: 'model',
  node_info: { node_name: 'kpi_monthly', resource_type: 'model' },
});

describe('parseDbtLogLine', () => {
  it('reads a finished model, test and skipped node', () => {
    expect(parseDbtLogLine(MODEL)).toEqual({
      type: 'node',
      node: { index: 1, total: 9, resourceType: 'model', name: 'stg_tms__shipments', seconds: 0.9385016, status: 'ok' },
    });
    const test = parseDbtLogLine(TEST_WARN);
    expect(test?.type === 'node' && test.node).toMatchObject({ index: 23, total: 456, status: 'warn' });
    const skip = parseDbtLogLine(SKIP);
    expect(skip?.type === 'node' && skip.node).toMatchObject({ name: 'kpi_monthly', seconds: null, status: 'skipped' });
  });

  it('keeps warnings and errors without colour codes, marks the end-of-run recap, drops info chatter', () => {
    expect(parseDbtLogLine(event('Deprecation', 'D001', 'warn', {}, '\u001b[33mold config\u001b[0m'))).toEqual({
      type: 'message',
      level: 'warn',
      text: 'old config',
      summary: false,
    });
    expect(parseDbtLogLine(event('MainEncounteredError', 'Z002', 'error', {}, 'Encountered an error'))).toMatchObject({
      summary: true,
    });
    expect(parseDbtLogLine(event('LogStartLine', 'Q011', 'info', { index: 1, total: 9 }))).toBeNull();
    expect(parseDbtLogLine('')).toBeNull();
  });

  it('passes a line that is not JSON through as text', () => {
    expect(parseDbtLogLine('Traceback (most recent call last):')).toEqual({
      type: 'raw',
      text: 'Traceback (most recent call last):',
    });
  });
});

describe('progressLine', () => {
  it('pads the index to the total, shows seconds and any status but success', () => {
    const line = (raw: string) => {
      const parsed = parseDbtLogLine(raw);
      if (parsed?.type !== 'node') throw new Error('not a node event');
      return progressLine(parsed.node);
    };
    expect(line(MODEL)).toBe('[1/9] model stg_tms__shipments 0.9 s');
    expect(line(TEST_WARN)).toBe('[ 23/456] test not_null_x 0.1 s WARN');
    expect(line(SKIP)).toBe('[  7/456] model kpi_monthly SKIPPED');
  });

  it('stripAnsi removes colour codes only', () => {
    expect(stripAnsi('[\u001b[32mOK\u001b[0m in 0.94s]')).toBe('[OK in 0.94s]');
  });
});
