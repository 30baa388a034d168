/**
 * The page and what it loads, all from this repository and node_modules (no CDN: the dashboard
 * works offline): the page files in web/, Apache ECharts' ESM build, and the modules the page
 * shares with the report — the chart option builders (functions/charts/*.ts) and the data
 * products' columns (functions/products/columns.ts) — which the browser gets as JavaScript with
 * the types stripped by esbuild's transform: one file each, no bundle, so the browser runs the
 * same code the report renders with.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { repoRoot } from '../local/workspace.js';

// From the repository root, not this file: the bundled CLI runs this code from functions/cli/dist.
const WEB_DIR = join(repoRoot, 'functions', 'serve', 'web');

/**
 * The shared modules the browser may load, by folder of functions/ (served as /<folder>/<name>.js,
 * so their relative imports resolve). charts/svg.ts needs Node's ECharts SSR and stays server-side.
 */
export const BROWSER_MODULES = {
  charts: ['index', 'format', 'options', 'palette'],
  products: ['columns'],
} as const satisfies Record<string, readonly string[]>;
export type BrowserModuleFolder = keyof typeof BROWSER_MODULES;

/** The page files, by URL path. */
export const PAGE_FILES: Readonly<Record<string, { file: string; type: string }>> = {
  '/web/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/web/dom.js': { file: 'dom.js', type: 'text/javascript; charset=utf-8' },
  '/web/overview.js': { file: 'overview.js', type: 'text/javascript; charset=utf-8' },
  '/web/kpi-page.js': { file: 'kpi-page.js', type: 'text/javascript; charset=utf-8' },
  '/web/quality.js': { file: 'quality.js', type: 'text/javascript; charset=utf-8' },
  '/web/api.js': { file: 'api.js', type: 'text/javascript; charset=utf-8' },
  '/web/products.js': { file: 'products.js', type: 'text/javascript; charset=utf-8' },
  '/web/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

export interface Asset {
  readonly body: string | Uint8Array;
  readonly type: string;
}

const cache = new Map<string, Promise<Asset>>();

function cached(key: string, load: () => Promise<Asset>): Promise<Asset> {
  let asset = cache.get(key);
  if (!asset) {
    asset = load();
    asset.catch(() => cache.delete(key));
    cache.set(key, asset);
  }
  return asset;
}

export const indexHtml = (): Promise<Asset> =>
  cached('index', async () => ({
    body: await readFile(join(WEB_DIR, 'index.html'), 'utf8'),
    type: 'text/html; charset=utf-8',
  }));

export function pageFile(path: string): Promise<Asset> | null {
  const entry = PAGE_FILES[path];
  if (!entry) return null;
  return cached(path, async () => ({ body: await readFile(join(WEB_DIR, entry.file)), type: entry.type }));
}

/** ECharts' ESM build from node_modules. */
export const echartsModule = (): Promise<Asset> =>
  cached('echarts', async () => {
    const main = fileURLToPath(import.meta.resolve('echarts'));
    return {
      body: await readFile(join(dirname(main), 'dist', 'echarts.esm.min.mjs')),
      type: 'text/javascript; charset=utf-8',
    };
  });

export function sharedModule(folder: BrowserModuleFolder, name: string): Promise<Asset> | null {
  if (!(BROWSER_MODULES[folder] as readonly string[]).includes(name)) return null;
  return cached(`${folder}/${name}`, async () => {
    const source = await readFile(join(repoRoot, 'functions', folder, `${name}.ts`), 'utf8');
    const { code } = await transform(source, { loader: 'ts', format: 'esm', target: 'es2022' });
    return { body: code, type: 'text/javascript; charset=utf-8' };
  });
}
