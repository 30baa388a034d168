/**
 * Prints the report's HTML to PDF with headless Chromium (Debian's /usr/bin/chromium, driven by
 * playwright-core; never a downloaded browser): A4 landscape, the report title in the header and
 * "page n of m" in the footer. The HTML is self-contained, so the page loads with no network.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Where Debian's chromium package puts the browser; OPSLAKE_CHROMIUM overrides it (the AWS image). */
export const CHROMIUM_PATH = process.env.OPSLAKE_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** Page margins: the header and footer templates print inside them. */
const MARGIN = { top: '14mm', bottom: '14mm', left: '10mm', right: '10mm' };

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** One headless Chromium, kept open for the report's two prints (contents numbering, final). */
export class PdfPrinter {
  private constructor(private readonly browser: Browser) {}

  static async open(): Promise<PdfPrinter> {
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(`${CHROMIUM_PATH} not found: install Debian's chromium (make deps does) or set OPSLAKE_CHROMIUM`);
    }
    return new PdfPrinter(await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }));
  }

  async print(html: string, title: string): Promise<Uint8Array> {
    const page = await this.browser.newPage();
    try {
      // No request may leave the page: the report carries its styles and charts inline.
      await page.route('**/*', (route) =>
        route.request().url().startsWith('data:') ? route.continue() : route.abort(),
      );
      await page.setContent(html, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      const small = 'font-size:7pt;font-family:sans-serif;color:#555;width:100%;padding:0 10mm';
      return await page.pdf({
        format: 'A4',
        landscape: true,
        printBackground: true,
        displayHeaderFooter: true,
        margin: MARGIN,
        headerTemplate: `<div style="${small}">${escapeHtml(title)}</div>`,
        footerTemplate: `<div style="${small};text-align:right">page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`,
      });
    } finally {
      await page.close();
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}
