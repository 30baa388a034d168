import { ingestFile } from '../../functions/core/ingest.ts';
import { localBuckets } from '../../functions/core/storage/local-directory.ts';

const bufferRows = Number(process.env.BR ?? 262144);
const keyCapacity = Number(process.env.KC ?? 2000000);
const t = setInterval(() => {
  const m = process.memoryUsage();
  console.error(JSON.stringify(Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Math.round(v / 1048576)]))));
}, 2000);
const r = await ingestFile({
  buckets: localBuckets('/tmp/b1'),
  key: 'tms/shipments/bench.csv',
  bufferRows,
  keyCapacity,
});
clearInterval(t);
console.error(r.duration_ms, r.output_files);
const pq = await import('parquet-wasm');
const mem = (pq as unknown as { wasmMemory?: () => WebAssembly.Memory }).wasmMemory?.();
console.error(
  'wasm MiB',
  mem ? mem.buffer.byteLength / 1048576 : 'n/a',
  Object.keys(pq).filter((k) => /mem/i.test(k)),
);
