/**
 * dbt's structured log (`--log-format json`: one JSON event per line) turned into opslake's
 * progress lines, `[ 23/456] model stg_wms__order_events 4.7 s`, one per node as it finishes.
 * dbt's own text lines carry ANSI colours and padding dots; these are plain in any terminal, pipe
 * or log file. Event names and fields are dbt-core's (core/dbt/events/types.py): the node result
 * events carry `index`, `total` (`num_models` for tests), `execution_time`, `status` and the
 * node's `node_info`.
 */

/** The events that mark a node finished (or skipped), by dbt's event name. */
const NODE_EVENTS = new Set([
  'LogModelResult',
  'LogTestResult',
  'LogSeedResult',
  'LogSnapshotResult',
  'LogNodeNoOpResult',
  'LogFunctionResult',
  'SkippingDetails',
]);

/** Statuses that need no word after the line: the node did what it should. */
const QUIET_STATUSES = new Set(['ok', 'pass', 'success']);

export interface DbtNodeFinished {
  readonly index: number;
  readonly total: number;
  /** model, test, unit_test, seed, snapshot, … */
  readonly resourceType: string;
  readonly name: string;
  readonly seconds: number | null;
  /** dbt's status in lower case: ok/success, pass, warn, fail, error, skipped, no-op. */
  readonly status: string;
}

export type DbtLogEvent =
  | { readonly type: 'node'; readonly node: DbtNodeFinished }
  /** Any other event dbt logged at warn or error level; `summary` when it is the end-of-run recap. */
  | { readonly type: 'message'; readonly level: 'warn' | 'error'; readonly text: string; readonly summary: boolean }
  /** A line that is not a dbt event (a Python warning, a traceback). */
  | { readonly type: 'raw'; readonly text: string }
  | null;

interface RawEvent {
  info?: { name?: string; level?: string; msg?: string; code?: string };
  data?: {
    index?: number;
    total?: number;
    num_models?: number;
    execution_time?: number;
    status?: string;
    resource_type?: string;
    node_name?: string;
    node_info?: { node_name?: string; resource_type?: string; node_status?: string };
  };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are what this removes.
const ANSI = /\u001b\[[0-9;]*m/g;

export const stripAnsi = (text: string): string => text.replace(ANSI, '');

export function parseDbtLogLine(line: string): DbtLogEvent {
  if (line.trim() === '') return null;
  let event: RawEvent;
  try {
    event = JSON.parse(line) as RawEvent;
  } catch {
    return { type: 'raw', text: stripAnsi(line) };
  }
  const name = event.info?.name ?? '';
  const data = event.data ?? {};
  if (NODE_EVENTS.has(name)) {
    const skipped = name === 'SkippingDetails';
    return {
      type: 'node',
      node: {
        index: data.index ?? 0,
        total: data.total ?? data.num_models ?? 0,
        resourceType: data.node_info?.resource_type ?? data.resource_type ?? 'node',
        name: data.node_info?.node_name ?? data.node_name ?? '?',
        seconds: skipped ? null : (data.execution_time ?? null),
        status: skipped ? 'skipped' : name === 'LogNodeNoOpResult' ? 'no-op' : (data.status ?? 'ok').toLowerCase(),
      },
    };
  }
  const level = event.info?.level;
  if (level !== 'warn' && level !== 'error') return null;
  // Z-coded events are dbt's end-of-run recap, which opslake's own summary replaces.
  return { type: 'message', level, text: stripAnsi(event.info?.msg ?? ''), summary: /^Z/.test(event.info?.code ?? '') };
}

/** `[ 23/456] model stg_wms__order_events 4.7 s`, with the status when it is not a plain success. */
export function progressLine(node: DbtNodeFinished): string {
  const width = String(node.total).length;
  const count = `[${String(node.index).padStart(width)}/${node.total}]`;
  const time = node.seconds === null ? '' : ` ${node.seconds.toFixed(1)} s`;
  const status = QUIET_STATUSES.has(node.status) ? '' : ` ${node.status.toUpperCase()}`;
  return `${count} ${node.resourceType} ${node.name}${time}${status}`;
}
