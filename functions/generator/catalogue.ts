/** The SKU catalogue: price, standard cost and weight derived from the SKU number, so they never drift. */
import { stableHash } from './site-context.js';

export const SKU_COUNT = 1500;

export interface Sku {
  readonly id: string;
  /** Net price per unit, in cents. */
  readonly priceCents: number;
  /** Standard cost per unit, in cents. */
  readonly costCents: number;
  readonly grams: number;
}

const catalogue: Sku[] = Array.from({ length: SKU_COUNT }, (_, i) => {
  const h = stableHash(`sku:${i}`);
  const priceCents = 299 + (h % 14_700);
  return {
    id: `SKU-${String(i + 1).padStart(5, '0')}`,
    priceCents,
    costCents: Math.round(priceCents * 0.55),
    grams: 150 + ((h >>> 8) % 4_850),
  };
});

export function sku(index: number): Sku {
  return catalogue[index % SKU_COUNT] as Sku;
}
