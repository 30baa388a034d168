import { defineConfig } from 'vitest/config';
import { INTEGRATION_GLOBS } from './test/projects.js';

const shared = {
  // Integration tests start servers and run dbt; two cores, so keep parallelism modest.
  maxWorkers: 2,
  testTimeout: 120_000,
  hookTimeout: 120_000,
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
