/**
 * Where a ratio KPI's change comes from. A company (or region) ratio is Σnumerator ÷ Σdenominator
 * over its segments (sites; within a site, carriers or cost categories), i.e. Σ wᵢ·rᵢ with weight
 * wᵢ = dᵢ ÷ Σd and segment ratio rᵢ = nᵢ ÷ dᵢ. Its change splits exactly into
 *
 *   mix         = Σ (w₁ᵢ − w₀ᵢ) · (r₀ᵢ + r₁ᵢ) ÷ 2    volume shifting between segments
 *   performance = Σ (r₁ᵢ − r₀ᵢ) · (w₀ᵢ + w₁ᵢ) ÷ 2    segments doing better or worse
 *
 * (the symmetric, "midpoint" split: no residual term, and swapping the months flips both signs).
 * A segment present in one month only is pure mix: its missing ratio is taken as the one it has.
 * The arithmetic is done in exact fractions, so mix + performance = total holds exactly, not to
 * a float tolerance; numbers are rounded only when shown.
 */
import Fraction from 'fraction.js';

/** A segment's ratio parts in one month; null when the segment had no denominator that month. */
export interface RatioParts {
  readonly numerator: number;
  readonly denominator: number;
}

export interface SegmentInput {
  readonly id: string;
  readonly before: RatioParts | null;
  readonly after: RatioParts | null;
}

export interface SegmentEffect {
  readonly id: string;
  readonly weightBefore: Fraction;
  readonly weightAfter: Fraction;
  readonly ratioBefore: Fraction | null;
  readonly ratioAfter: Fraction | null;
  readonly mix: Fraction;
  readonly performance: Fraction;
}

export interface RatioDecomposition {
  /** The KPI's scale (registry): value = scale × Σn ÷ Σd. Every effect below is in KPI units. */
  readonly scale: number;
  readonly before: Fraction;
  readonly after: Fraction;
  readonly total: Fraction;
  readonly mix: Fraction;
  readonly performance: Fraction;
  /** Per segment, largest |mix + performance| first. */
  readonly segments: readonly SegmentEffect[];
}

const ZERO = new Fraction(0);
const HALF = new Fraction(1, 2);

const hasDenominator = (p: RatioParts | null): p is RatioParts => p !== null && p.denominator !== 0;

/** Splits the change of Σn ÷ Σd between two months into site mix and site performance. */
export function decomposeRatioChange(segments: readonly SegmentInput[], scale = 1): RatioDecomposition {
  const sumOf = (side: 'before' | 'after', part: keyof RatioParts) =>
    segments.reduce((acc, s) => {
      const p = s[side];
      return hasDenominator(p) ? acc.add(new Fraction(p[part])) : acc;
    }, ZERO);
  const denominatorBefore = sumOf('before', 'denominator');
  const denominatorAfter = sumOf('after', 'denominator');
  if (denominatorBefore.equals(0) || denominatorAfter.equals(0)) {
    throw new Error('a ratio change needs a non-zero denominator in both months');
  }
  const k = new Fraction(scale);
  const before = sumOf('before', 'numerator').div(denominatorBefore).mul(k);
  const after = sumOf('after', 'numerator').div(denominatorAfter).mul(k);

  const effects = segments.map((s): SegmentEffect => {
    const ratio = (p: RatioParts | null) => (hasDenominator(p) ? new Fraction(p.numerator).div(p.denominator) : null);
    const weight = (p: RatioParts | null, total: Fraction) =>
      hasDenominator(p) ? new Fraction(p.denominator).div(total) : ZERO;
    const ratioBefore = ratio(s.before);
    const ratioAfter = ratio(s.after);
    const weightBefore = weight(s.before, denominatorBefore);
    const weightAfter = weight(s.after, denominatorAfter);
    // A segment in one month only: its ratio in the other is taken as equal, so it is all mix.
    const r0 = ratioBefore ?? ratioAfter ?? ZERO;
    const r1 = ratioAfter ?? ratioBefore ?? ZERO;
    const mix = weightAfter.sub(weightBefore).mul(r0.add(r1)).mul(HALF).mul(k);
    const performance = r1.sub(r0).mul(weightBefore.add(weightAfter)).mul(HALF).mul(k);
    return { id: s.id, weightBefore, weightAfter, ratioBefore, ratioAfter, mix, performance };
  });
  const mix = effects.reduce((acc, e) => acc.add(e.mix), ZERO);
  const performance = effects.reduce((acc, e) => acc.add(e.performance), ZERO);
  const magnitude = (e: SegmentEffect) => Math.abs(e.mix.add(e.performance).valueOf());
  return {
    scale,
    before,
    after,
    total: after.sub(before),
    mix,
    performance,
    segments: [...effects].sort((a, b) => magnitude(b) - magnitude(a) || a.id.localeCompare(b.id)),
  };
}

/** A sum KPI's change (units shipped): each segment's contribution is its own change. */
export function decomposeSumChange(segments: readonly { id: string; before: number | null; after: number | null }[]): {
  total: Fraction;
  segments: { id: string; change: Fraction }[];
} {
  const changes = segments.map((s) => ({
    id: s.id,
    change: new Fraction(s.after ?? 0).sub(new Fraction(s.before ?? 0)),
  }));
  return {
    total: changes.reduce((acc, c) => acc.add(c.change), ZERO),
    segments: changes.sort(
      (a, b) => Math.abs(b.change.valueOf()) - Math.abs(a.change.valueOf()) || a.id.localeCompare(b.id),
    ),
  };
}
