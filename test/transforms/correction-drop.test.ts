/**
 * A correction that drops a row reaches the incremental facts: delete+insert (merge on Athena)
 * touches only the keys the new batch holds, so without the post-hook of incremental_fact_config
 * the dropped shipment stayed in fct_shipments after it left staging. The build is narrowed to
 * the fact and its ancestors (cautious indirect selection keeps other models' tests out).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOpslakeWithEnv } from '../support/cli.js';

const HEADER =
  'shipment_id,order_id,site_id,carrier_id,service_level,shipped_at,promised_delivery_at,delivered_at,status,units,weight_kg,freight_cost,currency';
const shipment = (id: string, units: number) =>
  `${id},O-${id},S1,UPS,ground,2026-02-03T08:00:00Z,2026-02-03T20:00:00Z,2026-02-03T12:00:00Z,delivered,${units},1.0,10.00,USD`;
const FILE = 'S1_2026-02-03.csv';

let root: string;
let home: string;

function opslake(...args: string[]) {
  const run = runOpslakeWithEnv({ DBT_INDIRECT_SELECTION: 'cautious' }, home, ...args);
  if (run.code !== 0) throw new Error(`opslake ${args[0]} failed: ${run.stderr}`);
  return run.stdout;
}

function deliver(rows: string[]) {
  const dir = join(root, 'landing', 'tms', 'shipments');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, FILE), `${HEADER}\n${rows.join('\n')}\n`);
  opslake('ingest', join(dir, FILE), '--json');
}

const build = () => opslake('build', '--quiet', '--select', '+fct_shipments');
type Row = { shipment_id: string; units: number };
const sql = (query: string) => JSON.parse(opslake('sql', query, '--json')) as Row[];
const facts = () => sql('select shipment_id, units from fct_shipments order by shipment_id');

describe('a correction that drops a row, built incrementally', () => {
  let afterIncremental: Row[];

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'opslake-correction-drop-'));
    home = join(root, 'home');
    deliver([shipment('A', 1), shipment('B', 2), shipment('C', 3)]);
    build();
    // The corrected version of the same file: B is gone, C changed.
    deliver([shipment('A', 1), shipment('C', 4)]);
    build();
    afterIncremental = facts();
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('staging no longer holds the dropped shipment', () => {
    expect(sql('select shipment_id, units from stg_tms__shipments order by shipment_id')).toEqual([
      { shipment_id: 'A', units: 1 },
      { shipment_id: 'C', units: 4 },
    ]);
  });

  it('the fact drops it too and keeps the corrected value', () => {
    expect(afterIncremental).toEqual([
      { shipment_id: 'A', units: 1 },
      { shipment_id: 'C', units: 4 },
    ]);
  });

  it('equals a build from scratch of the same lake', () => {
    rmSync(join(home, 'warehouse.duckdb'), { force: true });
    build();
    expect(facts()).toEqual(afterIncremental);
  });
});
