/** The registry of every feed contract, keyed by `<system>/<feed>`. */
import type { FeedContract } from './contract.js';
import * as tms from './tms.js';

export const contracts: readonly FeedContract[] = [tms.shipments, tms.carriers];

const byId = new Map(contracts.map((c) => [c.id, c]));

export function contractFor(system: string, feed: string): FeedContract | undefined {
  return byId.get(`${system}/${feed}`);
}

export * from './contract.js';
