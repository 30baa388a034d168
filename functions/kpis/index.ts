/** KPI reads shared by the dashboard (functions/serve) and the governance report. */
export * from './coverage.js';
export * from './drilldown.js';
export * from './period.js';
export * from './quality.js';
export * from './registry.js';
export * from './scope.js';
export * from './scorecard.js';
export * from './status.js';
export * from './trend.js';
export * from './values.js';
