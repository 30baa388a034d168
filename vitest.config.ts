import { defineConfig } from 'vitest/config';
import { INTEGRATION_GLOBS } from './test/projects.js';

const shared = {
  // Integration tests start servers and run dbt; two cores, so keep parallelism modest.
  maxWorkers: 2,
  // Generous on purpose: a hung tool still fails the run, but a loaded machine (a demo build takes
  // ~4 min when other jobs share the two cores) does not turn a slow pass into a red run.
  testTimeout: 600_000,
  hookTimeout: 600_000,
};

/** `unit` (no tools, about a minute) and `integration` (Python, dbt, moto, browsers, CDK); see test/projects.ts. */
export default defineConfig({
  test: {
    ...shared,
    projects: [
      { test: { ...shared, name: 'unit', include: ['test/**/*.test.ts'], exclude: [...INTEGRATION_GLOBS] } },
      { test: { ...shared, name: 'integration', include: [...INTEGRATION_GLOBS] } },
    ],
  },
});
