/**
 * A loopback proxy in front of moto's Athena for what moto does not model: it serves
 * GetQueryResults in pages (moto returns every row at once and no NextToken), and it can make a
 * query end as real Athena would report a failure, a scan cutoff or its bytes scanned (moto always
 * says SUCCEEDED with 0 bytes), or refuse a workgroup with AccessDeniedException. Everything else,
 * and every query's real state, is moto's; the SDK speaks the real Athena JSON protocol to it.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ExecutionPatch {
  readonly state?: 'FAILED' | 'CANCELLED';
  readonly reason?: string;
  readonly bytesScanned?: number;
}

interface AthenaRow {
  Data?: unknown[];
}

export interface AthenaPager {
  readonly endpoint: string;
  /** Operation names (`StartQueryExecution`, …) in the order the proxy saw them. */
  readonly calls: string[];
  /** How a query whose SQL contains `marker` ends. */
  patchExecution(marker: string, patch: ExecutionPatch): void;
  denyWorkgroup(name: string): void;
  stop(): Promise<void>;
}

const readBody = async (request: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

export async function startAthenaPager(motoEndpoint: string): Promise<AthenaPager> {
  const calls: string[] = [];
  const patches = new Map<string, ExecutionPatch>();
  const denied = new Set<string>();
  const forward = async (target: string, body: unknown, headers: IncomingMessage['headers']) => {
    const response = await fetch(motoEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': target,
        authorization: String(headers.authorization ?? ''),
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  const server: Server = createServer(async (request, response) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = target.split('.').pop() ?? '';
    calls.push(operation);
    const body = JSON.parse((await readBody(request)) || '{}') as Record<string, unknown>;
    const reply = (status: number, json: unknown) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(json));
    };
    if (operation === 'StartQueryExecution' && denied.has(String(body.WorkGroup))) {
      return reply(400, {
        __type: 'AccessDeniedException',
        Message: `User is not authorized to perform: athena:StartQueryExecution on workgroup/${body.WorkGroup}`,
      });
    }
    if (operation === 'GetQueryResults') {
      const { MaxResults, NextToken, ...rest } = body;
      const moto = await forward(target, rest, request.headers);
      const resultSet = moto.json.ResultSet as { Rows?: AthenaRow[] } | undefined;
      const rows = resultSet?.Rows ?? [];
      const offset = Number(NextToken ?? 0);
      const size = Number(MaxResults ?? 1000);
      const next = offset + size < rows.length ? String(offset + size) : undefined;
      return reply(moto.status, {
        ...moto.json,
        ResultSet: { ...resultSet, Rows: rows.slice(offset, offset + size) },
        ...(next ? { NextToken: next } : {}),
      });
    }
    const moto = await forward(target, body, request.headers);
    if (operation === 'GetQueryExecution') {
      const execution = moto.json.QueryExecution as Record<string, Record<string, unknown>> | undefined;
      const query = String((execution as Record<string, unknown> | undefined)?.Query ?? '');
      const patch = [...patches].find(([marker]) => query.includes(marker))?.[1];
      if (execution && patch) {
        if (patch.state) {
          execution.Status = { ...execution.Status, State: patch.state, StateChangeReason: patch.reason };
        }
        if (patch.bytesScanned !== undefined) {
          execution.Statistics = { ...execution.Statistics, DataScannedInBytes: patch.bytesScanned };
        }
      }
    }
    reply(moto.status, moto.json);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    patchExecution: (marker, patch) => patches.set(marker, patch),
    denyWorkgroup: (name) => denied.add(name),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
