import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { example, handler, integerIn } from '../program.js';

const MAX_PORT = 65_535;

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'the KPI dashboard and its JSON API (read-only) over the built warehouse, on loopback unless --host says otherwise; Ctrl-C stops it',
    )
    .option('--port <n>', 'TCP port (0: any free port)', integerIn(0, MAX_PORT), 8080)
    .option('--host <address>', 'address to listen on (0.0.0.0 exposes it to the network)', '127.0.0.1')
    .addHelpText('after', example('opslake serve', 'opslake serve --port 9000 --home /tmp/opslake-demo'))
    .action(
      handler<{ port: number; host: string }>(async (ctx) => {
        const { requireBuild } = await import('../../local/workspace.js');
        const { environmentError } = await import('../../local/errors.js');
        const { startDashboard } = await import('../../serve/server.js');
        const ws = await ctx.workspace();
        requireBuild(ws);
        let dashboard: Awaited<ReturnType<typeof startDashboard>>;
        try {
          dashboard = await startDashboard({ home: ws.home, port: ctx.options.port, host: ctx.options.host });
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'EADDRINUSE')
            throw environmentError(`port ${ctx.options.port} is in use: pick another with --port`);
          if (code === 'EADDRNOTAVAIL')
            throw environmentError(`cannot listen on ${ctx.options.host}: no such address here`);
          throw error;
        }
        if (ctx.json) ctx.out(JSON.stringify({ url: dashboard.url }));
        else ctx.out(`opslake dashboard on ${dashboard.url} (read-only; Ctrl-C stops it)`);
        const signal = await new Promise<NodeJS.Signals>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        ctx.err(`${signal}: stopping`);
        await dashboard.close();
        return EXIT.ok;
      }),
    );
}
