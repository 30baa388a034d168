/**
 * fast-check generators of feed cells, per column kind: valid spellings (with the value a reader
 * would mean, computed independently of opslake's parsers), near-valid ones (one field or one byte
 * off a valid cell: the boundaries a fast path gets wrong) and hostile ones (any text at all).
 */
import fc from 'fast-check';
import type { ColumnSpec, DecimalColumn, EnumColumn, IntegerColumn, StringColumn } from '../../schemas/contract.js';
import { FALSE_WORDS, MAX_YEAR, MIN_YEAR, TRUE_WORDS } from '../../schemas/values.js';

/** Property tests run with this seed, so a failure is the same failure on every machine. */
export const SEED = 20_261_202;
/** Cases per column kind in the cell-level differential tests. */
export const CASES_PER_KIND = 3000;

/** A generated cell, and when it is valid, the normalised value it must parse to. */
export interface Cell {
  readonly text: string;
  /** The expected value when the generator knows it (undefined: no claim). */
  readonly expected?: number | boolean | string;
  /** A spelling machines send: the byte fast path must take it. */
  readonly canonical?: boolean;
  /** The generator knows the cell breaks a rule (a field out of range): zod must reject it. */
  readonly invalid?: boolean;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const pad4 = (n: number) => String(n).padStart(4, '0');

/** Text that may surround a cell: ASCII spaces are trimmed, so are Unicode spaces (zod's trim). */
const padding = fc.constantFrom('', '', '', '', ' ', '\t', '  ', '\u00a0', '\u2003', '\ufeff', '\u200b');

/** Characters at the edges of the classes the patterns and parsers use. */
const edgeChar = fc.constantFrom(
  ' ',
  '/',
  ':',
  '@',
  '[',
  '`',
  '{',
  '-',
  '+',
  '.',
  ',',
  '_',
  '"',
  '\u0000',
  '\u007f',
  '\u00e9',
  '\u0660',
  '\uff11',
  'e',
  'E',
  'x',
  'Z',
  'z',
  'T',
  't',
  '\n',
  '\r',
  'İ',
  'K',
);

/** Any text, including Unicode, controls, quotes and CSV separators. */
export const hostile: fc.Arbitrary<Cell> = fc
  .oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string())
  .map((text) => ({ text }));

/** `text` with one character replaced, inserted or deleted at a random position. */
export function mutated(text: string): fc.Arbitrary<Cell> {
  return fc
    .tuple(fc.nat({ max: Math.max(text.length, 1) }), edgeChar, fc.constantFrom('replace', 'insert', 'delete'))
    .map(([at, ch, how]) => {
      const i = Math.min(at, text.length);
      if (how === 'insert') return { text: text.slice(0, i) + ch + text.slice(i) };
      if (how === 'delete') return { text: text.slice(0, i) + text.slice(i + 1) };
      return { text: text.slice(0, i) + ch + text.slice(i + 1) };
    });
}

/** A valid cell, one mutated from a valid cell, a padded valid cell, or any text. */
function mix(valid: fc.Arbitrary<Cell>, nearValid: fc.Arbitrary<Cell>[] = []): fc.Arbitrary<Cell> {
  return fc.oneof(
    { arbitrary: valid, weight: 4 },
    { arbitrary: valid.chain((c) => mutated(c.text)), weight: 3 },
    {
      // Padding that trim() removes keeps the value; a zero-width space is not trimmed, so it is not valid.
      arbitrary: fc
        .tuple(valid, padding, padding)
        .map(([c, a, b]) =>
          (a + c.text + b).trim() === c.text
            ? { text: a + c.text + b, expected: c.expected }
            : { text: a + c.text + b },
        ),
      weight: 1,
    },
    ...nearValid.map((arbitrary) => ({ arbitrary, weight: 2 })),
    { arbitrary: hostile, weight: 1 },
  );
}

export function stringCells(spec: StringColumn): fc.Arbitrary<Cell> {
  const max = spec.maxLength ?? 80;
  const valid = spec.pattern
    ? fc
        .stringMatching(spec.pattern)
        .filter((s) => s.length <= max && s.trim() === s)
        .map((text) => ({ text, expected: text, canonical: true }))
    : fc
        .string({ maxLength: Math.min(max, 60) })
        .filter((s) => s.trim() === s && s !== '')
        .map((text) => ({ text, expected: text }));
  const atLimit = fc.constantFrom(max, max + 1).map((n) => ({ text: `A${'b'.repeat(n - 1)}` }));
  return mix(valid, [atLimit]);
}

export function enumCells(spec: EnumColumn): fc.Arbitrary<Cell> {
  const valid = fc.constantFrom(...spec.values).map((text) => ({ text, expected: text, canonical: true }));
  // The last and first byte changed, a prefix, an extension and another case of a valid value.
  const near = fc.tuple(fc.constantFrom(...spec.values), fc.constantFrom('last', 'first', 'prefix', 'extend', 'case'));
  return mix(valid, [
    near.map(([v, how]) => {
      const spelled =
        how === 'last'
          ? `${v.slice(0, -1)}X`
          : how === 'first'
            ? `X${v.slice(1)}`
            : how === 'prefix'
              ? v.slice(0, -1)
              : how === 'extend'
                ? `${v}s`
                : v.toUpperCase();
      return { text: spelled, invalid: !spec.values.includes(spelled) };
    }),
  ]);
}

export function integerCells(spec: IntegerColumn): fc.Arbitrary<Cell> {
  const min = spec.min ?? Number.MIN_SAFE_INTEGER;
  const max = spec.max ?? Number.MAX_SAFE_INTEGER;
  const valid = fc.tuple(fc.integer({ min, max }), fc.constantFrom('', '', '', '+', '0', '00')).map(([v, prefix]) => {
    const spelled = v < 0 ? `-${prefix.replace('+', '')}${-v}` : `${prefix}${v}`;
    return { text: spelled, expected: v, canonical: spelled.replace(/^[+-]/, '').length <= 15 };
  });
  const edges = fc
    .constantFrom(
      min - 1,
      max + 1,
      min,
      max,
      2 ** 53,
      2 ** 53 + 1,
      -(2 ** 53) - 1,
      10 ** 15,
      10 ** 16,
      999_999_999_999_999,
    )
    .map((v) => ({ text: BigInt(v).toString(), invalid: v < min || v > max || !Number.isSafeInteger(v) }));
  const spellings = fc.constantFrom('4.0', '1e3', '-', '+', '--1', '1 2', '0x10', '1_000', '١٢', '１２', '+-1');
  return mix(valid, [edges, spellings.map((text) => ({ text, invalid: true }))]);
}

export function decimalCells(spec: DecimalColumn): fc.Arbitrary<Cell> {
  const unit = 10n ** BigInt(spec.scale);
  const limit = 10n ** BigInt(Math.min(spec.precision, 15)) - 1n;
  const lo = spec.min !== undefined ? BigInt(Math.round(spec.min * Number(unit))) : -limit;
  const hi = spec.max !== undefined ? BigInt(Math.round(spec.max * Number(unit))) : limit;
  const spell = (unscaled: bigint, extraZeros: number, plus: boolean, fractionDigits: number) => {
    const negative = unscaled < 0n;
    const digits = (negative ? -unscaled : unscaled).toString().padStart(spec.scale + 1, '0');
    const whole = spec.scale === 0 ? digits : digits.slice(0, -spec.scale);
    let fraction = spec.scale === 0 ? '' : digits.slice(-spec.scale);
    // Trailing zeros may be dropped or added: 12.30, 12.3 and 12.300 all mean the same.
    while (fraction.length > fractionDigits && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
    fraction += '0'.repeat(extraZeros);
    const sign = negative ? '-' : plus ? '+' : '';
    return fraction === '' ? `${sign}${whole}` : `${sign}${whole}.${fraction}`;
  };
  const valid = fc
    .tuple(fc.bigInt({ min: lo, max: hi }), fc.nat({ max: 2 }), fc.boolean(), fc.nat({ max: spec.scale }))
    .map(([v, zeros, plus, fractionDigits]) => ({
      text: spell(v, zeros, plus, fractionDigits),
      expected: Number(v),
      canonical: true,
    }));
  const edges = fc
    .tuple(fc.constantFrom(lo - 1n, hi + 1n, lo, hi, 10n ** BigInt(spec.precision), 2n ** 53n), fc.nat({ max: 1 }))
    .map(([v, zeros]) => ({
      text: spell(v, zeros, false, spec.scale),
      invalid:
        (spec.min !== undefined && v < lo) ||
        (spec.max !== undefined && v > hi) ||
        (v < 0n ? -v : v) >= 10n ** BigInt(spec.precision) ||
        (v < 0n ? -v : v) > BigInt(Number.MAX_SAFE_INTEGER),
    }));
  // One more decimal place than the scale: a trailing zero is fine, any other digit is not.
  const overScale = fc.tuple(fc.bigInt({ min: lo, max: hi }), fc.integer({ min: 0, max: 9 })).map(([v, d]) => ({
    text: `${spell(v, 0, false, spec.scale)}${spec.scale === 0 || !spell(v, 0, false, spec.scale).includes('.') ? '.' : ''}${d}`,
    invalid: d !== 0,
  }));
  const spellings = fc.constantFrom('.5', '5.', '1,234.50', '1e3', '1.2.3', '-.5', '+', '-', '١.٥', '0x1', '12 .5');
  return mix(valid, [edges, overScale, spellings.map((text) => ({ text, invalid: true }))]);
}

export function booleanCells(): fc.Arbitrary<Cell> {
  const words = [...TRUE_WORDS.map((w) => [w, true] as const), ...FALSE_WORDS.map((w) => [w, false] as const)];
  const valid = fc
    .tuple(fc.constantFrom(...words), fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }))
    .map(([[word, value], upper]) => ({
      text: [...word].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch)).join(''),
      expected: value,
      canonical: true,
    }));
  const spellings = fc.constantFrom('tru', 'yess', 'ja', 'on', 'off', '2', '-1', '١', 'ＴＲＵＥ', 'truE\u0000', 'nO.');
  return mix(valid, [spellings.map((text) => ({ text, invalid: true }))]);
}

/** Years, months and days around every boundary the calendar has. */
/** In-range values more often than boundary ones, so about half the cells are valid. */
const field = (inRange: fc.Arbitrary<number>, edges: fc.Arbitrary<number>, edgeWeight = 1) =>
  fc.oneof({ arbitrary: inRange, weight: 8 }, { arbitrary: edges, weight: edgeWeight });

const year = field(
  fc.integer({ min: MIN_YEAR, max: MAX_YEAR }),
  fc.constantFrom(MIN_YEAR - 1, MIN_YEAR, 1904, 2000, 2023, 2024, MAX_YEAR, MAX_YEAR + 1, 0, 9999),
  2,
);
const month = field(fc.integer({ min: 1, max: 12 }), fc.constantFrom(0, 2, 2, 2, 12, 13, 99), 2);
/** Days up to 28, month ends (valid or not by month and leap year) and impossible days. */
const day = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 28 }), weight: 4 },
  { arbitrary: fc.integer({ min: 28, max: 31 }), weight: 3 },
  { arbitrary: fc.constantFrom(0, 32, 99), weight: 1 },
);

const isCalendarDate = (y: number, m: number, d: number) =>
  y >= MIN_YEAR && y <= MAX_YEAR && m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();

export function dateCells(): fc.Arbitrary<Cell> {
  const fields = fc.tuple(year, month, day).map(([y, m, d]) => {
    const text = `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
    return isCalendarDate(y, m, d)
      ? { text, expected: Date.UTC(y, m - 1, d) / 86_400_000, canonical: true }
      : { text, invalid: true };
  });
  const spellings = fc.constantFrom('2026-1-02', '2026/01/02', '20260102', '2026-01-02T00:00', '02.01.2026', '2026-01');
  return mix(fields, [spellings.map((text) => ({ text, invalid: true }))]);
}

const hour = field(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 23, 24, 99));
const minute = field(fc.integer({ min: 0, max: 59 }), fc.constantFrom(0, 59, 60, 99));
const second = field(fc.integer({ min: 0, max: 59 }), fc.constantFrom(0, 59, 60, 61, 99));
const offset = fc.oneof(
  { arbitrary: fc.constant('Z'), weight: 3 },
  { arbitrary: fc.constant(''), weight: 2 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 18 }), fc.integer({ min: 0, max: 59 }))
      .map(([s, h, m]) => `${s}${pad2(h)}:${pad2(m)}`),
    weight: 3,
  },
  {
    arbitrary: fc.constantFrom('+19:00', '-18:60', '+05:30', '+0530', 'z', '+5:30', '+05', 'UTC', '-00:00'),
    weight: 1,
  },
);
const fraction = fc.oneof(
  { arbitrary: fc.constant(''), weight: 4 },
  { arbitrary: fc.stringMatching(/^\.[0-9]{1,9}$/), weight: 1 },
  { arbitrary: fc.constantFrom('.', '.0000001', '.1234560', '.000000000'), weight: 1 },
);
/** Days on which Berlin or Chicago change their clocks, where wall-clock times are gapped or doubled. */
const dstDay = fc.constantFrom(
  [2026, 3, 29],
  [2026, 10, 25],
  [2026, 3, 8],
  [2026, 11, 1],
  [2024, 3, 31],
  [2024, 10, 27],
) as fc.Arbitrary<[number, number, number]>;

const offsetMinutes = (zone: string) => {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(zone);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
};

export function timestampCells(): fc.Arbitrary<Cell> {
  const fields = fc
    .record({
      date: fc.oneof({ arbitrary: fc.tuple(year, month, day), weight: 3 }, { arbitrary: dstDay, weight: 1 }),
      h: hour,
      mi: minute,
      s: second,
      frac: fraction,
      zone: offset,
      sep: fc.constantFrom('T', 'T', 'T', 'T', 'T', ' ', 't'),
      withSeconds: fc.constantFrom(true, true, true, false),
    })
    .map(({ date: [y, mo, d], h, mi, s, frac, zone, sep, withSeconds }) => {
      const time = withSeconds ? `${pad2(h)}:${pad2(mi)}:${pad2(s)}${frac}` : `${pad2(h)}:${pad2(mi)}`;
      const text = `${pad4(y)}-${pad2(mo)}-${pad2(d)}${sep}${time}${zone}`;
      const zoned = zone === 'Z' || /^[+-](0\d|1[0-8]):[0-5]\d$/.test(zone);
      const exactFraction = frac === '' || /^\.\d{1,6}0*$/.test(frac);
      const valid =
        isCalendarDate(y, mo, d) && h <= 23 && mi <= 59 && s <= 59 && sep !== 't' && exactFraction && frac !== '.';
      // Any field out of range makes the cell invalid, whatever the rest of its spelling.
      if (!isCalendarDate(y, mo, d) || h > 23 || mi > 59 || (withSeconds && s > 59)) return { text, invalid: true };
      if (!valid || !withSeconds) return { text };
      // A zone-less time is read in the site's timezone: no independent value, but a fast spelling.
      if (zone === '') return { text, canonical: frac === '' && sep === 'T' };
      if (!zoned) return { text };
      const micros = Number((frac.slice(1, 7) || '0').padEnd(6, '0'));
      const expected = Date.UTC(y, mo - 1, d, h, mi, s) * 1000 + micros - offsetMinutes(zone) * 60_000_000;
      return { text, expected, canonical: frac === '' && sep === 'T' };
    });
  const spellings = fc.constantFrom(
    '2026-01-02',
    '2026-01-02T',
    '2026-01-02T08',
    'T08:00:00Z',
    '2026-01-02T08:00:00ZZ',
  );
  return mix(fields, [spellings.map((text) => ({ text }))]);
}

/** The cell generator for a column spec. */
export function cellsFor(spec: ColumnSpec): fc.Arbitrary<Cell> {
  switch (spec.kind) {
    case 'string':
      return stringCells(spec);
    case 'enum':
      return enumCells(spec);
    case 'integer':
      return integerCells(spec);
    case 'decimal':
      return decimalCells(spec);
    case 'boolean':
      return booleanCells();
    case 'date':
      return dateCells();
    case 'timestamp':
      return timestampCells();
  }
}
