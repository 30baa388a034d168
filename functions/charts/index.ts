/** ECharts option builders and formatting shared by the dashboard and the report. */
export * from './format.js';
export * from './options.js';
export * from './palette.js';
