/**
 * json-line.ts against JSON.parse: the same lines are well formed, the same strings come out,
 * numbers keep their source text (which JSON.parse would round), and nesting is bounded.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type JsonMembers, MAX_JSON_DEPTH, parseJsonObjectLine } from '../../functions/core/json-line.js';
import { mutated, SEED } from '../support/cell-arbitraries.js';

const members = (line: string): JsonMembers => {
  const parsed = parseJsonObjectLine(line);
  if ('rule' in parsed) throw new Error(`${line}: ${parsed.message}`);
  return parsed;
};

const parses = (text: string): boolean => {
  try {
    const value = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
};

describe('an NDJSON line', () => {
  it('keeps numbers as the text they were written as', () => {
    const line = '{"a": 90071992547409.91, "b": 0.1000000000000000055, "c": 4.0, "d": -0, "e": 1E+3, "f": 12}';
    expect(members(line)).toEqual({
      keys: ['a', 'b', 'c', 'd', 'e', 'f'],
      values: ['90071992547409.91', '0.1000000000000000055', '4.0', '-0', '1E+3', '12'],
    });
  });

  it('gives words, null, unescaped strings and nested values as their source', () => {
    const line = String.raw`{"t":true,"f":false,"n":null,"s":"a\"b\\c\/\u00e9\ud83d\ude00\n","o":{"x":[1,{"y":2}]},"e":[]}`;
    expect(members(line)).toEqual({
      keys: ['t', 'f', 'n', 's', 'o', 'e'],
      values: ['true', 'false', null, 'a"b\\c/é😀\n', '{"x":[1,{"y":2}]}', '[]'],
    });
    expect(members(' {} \r')).toEqual({ keys: [], values: [] });
  });

  it('keeps repeated keys for the caller to refuse', () => {
    expect(members('{"a":1,"a":2}').keys).toEqual(['a', 'a']);
  });

  it('refuses nesting past the limit in linear time, without recursion', () => {
    const deep = (n: number) => `{"a":${'['.repeat(n)}${']'.repeat(n)}}`;
    expect(members(deep(MAX_JSON_DEPTH - 1)).values[0]).toHaveLength(2 * (MAX_JSON_DEPTH - 1));
    expect(parseJsonObjectLine(deep(MAX_JSON_DEPTH))).toMatchObject({ rule: 'json_depth' });
    expect(parseJsonObjectLine(deep(200_000))).toMatchObject({ rule: 'json_depth' });
  });

  it('names what is wrong and where', () => {
    expect(parseJsonObjectLine('[1,2]')).toEqual({ rule: 'json', message: 'each line must be a JSON object' });
    expect(parseJsonObjectLine('{"a":1,}')).toEqual({
      rule: 'json',
      message: 'not valid JSON: expected a member name in double quotes at column 8, found "}"',
    });
    expect(parseJsonObjectLine('{"a":01}')).toMatchObject({ rule: 'json' });
    expect(parseJsonObjectLine('{"a":"x')).toMatchObject({ rule: 'json' });
    expect(parseJsonObjectLine('{"a":1} x')).toMatchObject({ rule: 'json' });
  });

  it('agrees with JSON.parse on generated and mutated lines (fixed seed)', () => {
    const objects = fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })).map((o) => JSON.stringify(o, null, 1));
    const lines = fc.oneof(
      objects,
      objects.chain((text) => mutated(text).map((c) => c.text)),
    );
    let wellFormed = 0;
    fc.assert(
      fc.property(lines, (line) => {
        const parsed = parseJsonObjectLine(line);
        expect('rule' in parsed, line).toBe(!parses(line));
        if ('rule' in parsed) return;
        wellFormed++;
        const expected = JSON.parse(line) as Record<string, unknown>;
        expect(new Set(parsed.keys)).toEqual(new Set(Object.keys(expected)));
        parsed.keys.forEach((key, i) => {
          const value = expected[key];
          const text = parsed.values[i] ?? null;
          if (typeof value === 'string') expect(text).toBe(value);
          else if (typeof value === 'number') expect(Number(text)).toBe(value);
          else if (value === null) expect(text).toBeNull();
          else if (typeof value === 'boolean') expect(text).toBe(String(value));
          else expect(JSON.parse(text as string)).toEqual(value);
        });
      }),
      { seed: SEED, numRuns: 3000 },
    );
    expect(wellFormed).toBeGreaterThan(1000);
  });
});
