/**
 * Headless Chromium for the web UI's end-to-end tests: Debian's package at /usr/bin/chromium
 * driven by playwright-core (no browser is ever downloaded). Without it the tests are skipped
 * on a developer machine and fail in CI, where .ci/run installs it.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from '../server-helpers.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const browserAvailable = existsSync(CHROMIUM) || process.env.CI === 'true';
export const WEB_BUILT = existsSync(new URL('../../web/dist/index.html', import.meta.url));
/**
 * Where screenshots go: docs/screenshots/ when MEDGEN_SCREENSHOTS=1 (to refresh the docs' images),
 * otherwise a temporary folder, so a test run leaves the checkout as it found it.
 */
export const SCREENSHOTS = process.env.MEDGEN_SCREENSHOTS === '1'
  ? new URL('../../docs/screenshots/', import.meta.url).pathname
  : join(tmpdir(), 'medgen-screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** Uncaught page errors fail the test that collects them. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** A full-page screenshot with the viewport stretched to the page, so sticky bars sit at the bottom. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const size = page.viewportSize() ?? { width: 1400, height: 1000 };
  const height = await page.evaluate('document.documentElement.scrollHeight') as number;
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, Math.min(height, 6000)) });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  await page.setViewportSize(size);
}

/**
 * A test server and a Chromium for one describe block: started before its tests (after checking
 * the UI is built), closed after them. Read `server` and `browser` inside the tests.
 */
export function serverAndBrowser(): { readonly server: TestServer; readonly browser: Browser } {
  const held: { server?: TestServer; browser?: Browser } = {};
  beforeAll(async () => {
    if (!WEB_BUILT) throw new Error('web/dist is missing: run `npm run build` before the web tests');
    held.server = await startTestServer();
    held.browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await held.browser?.close().catch(() => undefined);
    await held.server?.close();
  });
  return {
    get server() { return held.server as TestServer; },
    get browser() { return held.browser as Browser; },
  };
}
