/** `opslake serve`: the dashboard app on @hono/node-server, bound to loopback unless told otherwise. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createDashboard, type DashboardMeta, type DashboardOptions } from './app.js';

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';

export interface RunningDashboard {
  readonly url: string;
  readonly meta: DashboardMeta;
  close(): Promise<void>;
}

/** Starts the dashboard over the workspace's warehouse; port 0 picks a free port. */
export async function startDashboard(
  options: {
    home: string;
    port?: number;
    host?: string;
  } & DashboardOptions,
): Promise<RunningDashboard> {
  const dashboard = await createDashboard(options.home, options);
  const host = options.host ?? DEFAULT_HOST;
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: dashboard.app.fetch, port: options.port ?? DEFAULT_PORT, hostname: host }, () =>
      resolve(s),
    );
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}`,
    meta: dashboard.meta,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await dashboard.close();
    },
  };
}
