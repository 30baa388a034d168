/**
 * The two vitest projects (vitest.config.ts): `unit` — no Python, no dbt, no servers, no child
 * processes, no CDK synth; the whole set in about a minute — and `integration`, everything that
 * drives a real tool. `make test` runs both. A test file belongs to `integration` when it lies
 * under one of INTEGRATION_DIRS or is one of INTEGRATION_FILES; `test/unit-boundary.test.ts`
 * fails when a file left in `unit` reaches for one of those tools, so a new test cannot slip a
 * tool (or its silent absence) into the fast set.
 */

export const INTEGRATION_DIRS: readonly string[] = [
  'test/e2e/',
  'test/golden/',
  'test/transforms/',
  'test/infra/',
  'test/cli/',
  'test/dashboard/',
  // opslake serve as a child process, driven in Chromium.
  'test/serve/',
  'test/browser/',
  // The data products (bill audit, scorecards, action register, labour plan): ingest + dbt on fixtures.
  'test/products/',
];

export const INTEGRATION_FILES: readonly string[] = [
  // dbt builds a workspace; Chromium prints the report; pdftotext reads it back.
  'test/report/report.test.ts',
  // pyarrow / DuckDB / parquet-wasm read-backs (Python from the project venv).
  'test/ingest/parquet-readback.test.ts',
  'test/ingest/parquet-writer.test.ts',
  // moto's S3 server.
  'test/ingest/s3-handler.test.ts',
  'test/ingest/publish-faults-s3.test.ts',
  'test/ingest/audit-compaction-s3.test.ts',
  'test/ingest/lake-compaction-s3.test.ts',
  // A crash and a full disk at every storage step of a publish: ~100 ingests (~40 s).
  'test/ingest/publish-faults.test.ts',
  'test/query/athena-engine.test.ts',
  'test/query/writers.test.ts',
  // The CLI as a child process; openpyxl reads exported workbooks back.
  'test/query/sql-command.test.ts',
  'test/query/export.test.ts',
  // A 2 GB-class file in a child process (~3 minutes).
  'test/ingest/large-file.test.ts',
  // Python's zoneinfo as the oracle.
  'test/schemas/dst-differential.test.ts',
];

/** Globs of the integration project (relative to the repository root). */
export const INTEGRATION_GLOBS: readonly string[] = [
  ...INTEGRATION_DIRS.map((dir) => `${dir}**/*.test.ts`),
  ...INTEGRATION_FILES,
];

export function isIntegrationTest(path: string): boolean {
  return INTEGRATION_DIRS.some((dir) => path.startsWith(dir)) || INTEGRATION_FILES.includes(path);
}

/** What a unit test must not use, each with the reason it belongs in `integration`. */
export const INTEGRATION_MARKERS: readonly { readonly pattern: RegExp; readonly why: string }[] = [
  { pattern: /\.venv|\bpython3?\b|pyarrow|\bdbt\b|moto/, why: 'uses the Python venv (python, dbt or moto)' },
  { pattern: /chromium|playwright/, why: 'drives a browser' },
  { pattern: /node:child_process|execFile|spawn\(|fork\(|support\/cli/, why: 'starts a child process' },
  { pattern: /@hono\/node-server|createServer|\.listen\(/, why: 'starts a server' },
  { pattern: /synth\(|aws-cdk-lib/, why: 'synthesises a CDK app' },
];
