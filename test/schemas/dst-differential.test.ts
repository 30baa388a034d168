/**
 * localToUtcMicros against an independent implementation of the IANA rules: Python's zoneinfo
 * (test/schemas/zoneinfo_transitions.py). For every UTC-offset transition 1990–2035 of every zone
 * this runtime knows (any of them may be a site's timezone) — spring-forward gaps and fall-back
 * overlaps, in both hemispheres, 30-minute and 2-hour shifts — wall-clock times just outside, at the
 * edges of and inside the changed interval must resolve to the instant zoneinfo gives with fold=0
 * (gap: the offset before the transition; overlap: the earlier instant — Temporal's 'compatible'),
 * and the offset read back (UTC → local) must be zoneinfo's on both sides of the transition.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { venvBin } from '../../functions/local/workspace.js';
import { type LocalTimestamp, localToUtcMicros, zoneOffsetMillis } from '../../schemas/values.js';

interface Transition {
  zone: string;
  at: number;
  before: number;
  after: number;
  walls: [number, number][];
}

const SECONDS_PER_DAY = 86_400;
const ORACLE = new URL('./zoneinfo_transitions.py', import.meta.url).pathname;

function wallTime(wallSeconds: number): LocalTimestamp {
  const days = Math.floor(wallSeconds / SECONDS_PER_DAY);
  const text = new Date(wallSeconds * 1000).toISOString().slice(0, 19);
  return { local: true, days, microsOfDay: (wallSeconds - days * SECONDS_PER_DAY) * 1_000_000, text };
}

function oracleTransitions(zones: string[]): Transition[] {
  // PYTHONTZPATH empty: zoneinfo reads the pinned `tzdata` package, not whatever the machine has.
  const out = execFileSync(venvBin('python'), [ORACLE], {
    input: zones.join('\n'),
    env: { ...process.env, PYTHONTZPATH: '' },
    maxBuffer: 256 * 1024 * 1024,
  });
  return out
    .toString()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Transition);
}

describe('localToUtcMicros vs Python zoneinfo', () => {
  it('resolves every wall time around every transition 1990–2035 of every zone as zoneinfo does', () => {
    const zones = Intl.supportedValuesOf('timeZone');
    const transitions = oracleTransitions(zones);
    const offsetsDiffer: string[] = [];
    const wrong: string[] = [];
    let gaps = 0;
    let overlaps = 0;
    let walls = 0;
    for (const t of transitions) {
      const seen = [zoneOffsetMillis(t.zone, (t.at - 1) * 1000) / 1000, zoneOffsetMillis(t.zone, t.at * 1000) / 1000];
      if (seen[0] !== t.before || seen[1] !== t.after) {
        offsetsDiffer.push(`${t.zone} at ${new Date(t.at * 1000).toISOString()}: ${seen} vs ${t.before},${t.after}`);
        continue;
      }
      if (t.after > t.before) gaps++;
      else overlaps++;
      for (const [wall, expected] of t.walls) {
        walls++;
        const got = localToUtcMicros(wallTime(wall), t.zone) / 1_000_000;
        if (got !== expected) {
          wrong.push(
            `${t.zone} ${wallTime(wall).text} → ${new Date(got * 1000).toISOString()}, zoneinfo ${new Date(expected * 1000).toISOString()}`,
          );
        }
      }
    }
    expect(wrong.slice(0, 20), `${wrong.length} of ${walls} wall times differ`).toEqual([]);
    // The two tz databases (ICU's in Node, the pinned tzdata package) may be a release apart; a
    // transition they place differently is a data difference, not a conversion one. There must be
    // next to none, and each is named.
    expect(offsetsDiffer.length, offsetsDiffer.join('\n')).toBeLessThanOrEqual(transitions.length / 100);
    expect(gaps).toBeGreaterThan(5_000);
    expect(overlaps).toBeGreaterThan(5_000);
    expect(walls).toBeGreaterThan(50_000);
  });

  it('reads the western spring-forward gap with the offset before it, like Temporal compatible', () => {
    const at = (zone: string, text: string) => {
      const [d, time] = text.split('T') as [string, string];
      const wall = Date.parse(`${d}T${time}:00Z`) / 1000;
      return new Date(localToUtcMicros(wallTime(wall), zone) / 1000).toISOString();
    };
    expect(at('America/Chicago', '2025-03-09T02:30')).toBe('2025-03-09T08:30:00.000Z');
    expect(at('America/Chicago', '2025-03-09T01:58')).toBe('2025-03-09T07:58:00.000Z');
    expect(at('America/New_York', '2025-03-09T02:30')).toBe('2025-03-09T07:30:00.000Z');
    expect(at('Europe/Berlin', '2025-03-30T02:30')).toBe('2025-03-30T01:30:00.000Z');
    expect(at('America/Chicago', '2025-11-02T01:30')).toBe('2025-11-02T06:30:00.000Z');
  });
});
