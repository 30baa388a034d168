/**
 * Incremental facts pick up late and corrected files: after a first build, a file for an earlier
 * day arrives late and a corrected copy of a shipment arrives; the next (incremental) build must
 * hold every shipment once, with the corrected values, exactly as a full refresh would.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOpslake } from '../support/cli.js';

const HEADER =
  'shipment_id,order_id,site_id,carrier_id,service_level,shipped_at,promised_delivery_at,delivered_at,status,units,weight_kg,freight_cost,currency';
const shipment = (id: string, day: string, deliveredHour: string, units: number) =>
  `${id},O-${id},S1,UPS,ground,${day}T08:00:00Z,${day}T20:00:00Z,${day}T${deliveredHour}:00:00Z,delivered,${units},1.0,10.00,USD`;

let root: string;
let home: string;

function opslake(...args: string[]) {
  const run = runOpslake(home, ...args);
  if (run.code !== 0) throw new Error(`opslake ${args[0]} failed: ${run.stderr}`);
  return run.stdout;
}

function deliver(file: string, rows: string[]) {
  const dir = join(root, 'landing', 'tms', 'shipments');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, file), `${HEADER}\n${rows.join('\n')}\n`);
  opslake('ingest', join(dir, file), '--json');
}

type Row = { shipment_id: string; units: number; is_delivered_on_time: boolean };
const facts = () =>
  JSON.parse(
    opslake('sql', 'select shipment_id, units, is_delivered_on_time from fct_shipments order by shipment_id', '--json'),
  ) as Row[];

describe('incremental fct_shipments', () => {
  let afterIncremental: Row[];

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'opslake-incremental-'));
    home = join(root, 'home');
    deliver('S1_2026-02-03.csv', [shipment('A', '2026-02-03', '12', 1), shipment('B', '2026-02-03', '12', 2)]);
    opslake('build', '--quiet');
    // Late: a day before everything already built. Corrected: B re-sent, now late and 5 units.
    deliver('S1_2026-02-02.csv', [shipment('C', '2026-02-02', '12', 3)]);
    deliver('S1_2026-02-03_correction.csv', [shipment('B', '2026-02-03', '21', 5)]);
    opslake('build', '--quiet');
    afterIncremental = facts();
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('holds the late shipment and the corrected one, each once', () => {
    expect(afterIncremental).toEqual([
      { shipment_id: 'A', units: 1, is_delivered_on_time: true },
      { shipment_id: 'B', units: 5, is_delivered_on_time: false },
      { shipment_id: 'C', units: 3, is_delivered_on_time: true },
    ]);
  });

  it('equals a full refresh of the same lake', () => {
    rmSync(join(home, 'warehouse.duckdb'), { force: true });
    opslake('build', '--quiet');
    expect(facts()).toEqual(afterIncremental);
  });
});
