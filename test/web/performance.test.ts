/**
 * The web UI's two budgets: the first page load stays under 300 KB of compressed
 * JavaScript, and the timeline plays 10,000 patients at ≥ 30 frames/s in headless Chromium,
 * measured with requestAnimationFrame inside the page.
 */
import { readFile, rm, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRun, generateRange, getPreset, parseScenario } from '../../src/engine/index.js';
import { browserAvailable, collectPageErrors, launchBrowser, screenshot, WEB_BUILT } from './browser.js';
import { closeBrowserQuietly } from './expectations.js';
import { startTestServer, type TestServer } from '../server-helpers.js';

const DIST = new URL('../../web/dist/', import.meta.url);
const LIMIT = 300 * 1024;

/** The JavaScript the first page load fetches: the entry script and its modulepreloads. */
async function initialScripts(): Promise<string[]> {
  const html = await readFile(new URL('index.html', DIST), 'utf8');
  return [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g)].map((m) => m[1] as string);
}

/** 10,000 patients of a real run, trimmed to the fields the viewer reads, as NDJSON. */
function tenThousandPatients(): string {
  const preset = getPreset('nato_article_5');
  const parsed = parseScenario({ ...structuredClone(preset?.input), total_patients: 10_000 });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const lines: string[] = [];
  for (const p of generateRange(createRun(parsed.scenario))) {
    lines.push(JSON.stringify({
      id: p.id, demographics: { given_name: p.demographics.given_name, family_name: p.demographics.family_name },
      nationality: p.nationality, front: p.front, injury_type: p.injury_type, triage_category: p.triage_category, final_status: p.final_status,
      injury_timestamp: p.injury_timestamp, is_mass_casualty: p.is_mass_casualty, casualty_event_id: p.casualty_event_id,
      movement_timeline: p.movement_timeline,
    }));
  }
  return lines.join('\n');
}

describe.skipIf(!WEB_BUILT && process.env.CI !== 'true')('web bundle size', () => {
  it('keeps the first page load under 300 KB of gzip-compressed JavaScript', async () => {
    const scripts = await initialScripts();
    expect(scripts.length).toBeGreaterThan(0);
    let gz = 0;
    for (const s of scripts) gz += gzipSync(await readFile(new URL(s, DIST)), { level: 9 }).length;
    console.log(`first load: ${scripts.length} script(s), ${(gz / 1024).toFixed(1)} KB gzip`);
    expect(gz).toBeLessThan(LIMIT);
  });
});

describe.skipIf(!browserAvailable)('web UI performance in Chromium', () => {
  let s: TestServer;
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    if (!WEB_BUILT) throw new Error('web/dist is missing: run `npm run build` before the web tests');
    s = await startTestServer();
    browser = await launchBrowser();
    dir = await mkdtemp(join(tmpdir(), 'medgen-web-'));
  });
  afterAll(async () => {
    await closeBrowserQuietly(browser);
    await s?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('sends under 300 KB of JavaScript on the first load (compressed as served)', async () => {
    const page = await browser.newPage();
    const sizes: number[] = [];
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script') sizes.push(Number(r.headers()['content-length'] ?? 0));
    });
    await page.goto(`${s.url}/`, { waitUntil: 'networkidle' });
    const served = sizes.reduce((a, b) => a + b, 0);
    console.log(`first load as served (brotli): ${sizes.length} script(s), ${(served / 1024).toFixed(1)} KB`);
    expect(sizes.length).toBeGreaterThan(0);
    expect(sizes.every((n) => n > 0)).toBe(true);
    expect(served).toBeLessThan(LIMIT);
    await page.close();
  });

  it('plays 10,000 patients at 30 frames/s or more', async () => {
    const file = join(dir, 'patients-10000.ndjson');
    await writeFile(file, tenThousandPatients());
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const errors = collectPageErrors(page);
    await page.goto(`${s.url}/timeline`);
    await page.getByTestId('file-input').setInputFiles(file);
    await expect.poll(() => page.getByTestId('loaded-count').textContent(), { timeout: 60_000 }).toBe('10,000');
    expect(await page.getByTestId('rejected-count').count()).toBe(0);

    await page.getByLabel(/Playback speed/).selectOption('60');
    const clockBefore = await page.getByTestId('clock').textContent();
    await page.getByRole('button', { name: '▶ Play' }).click();
    // Frames the browser actually painted while playing, counted by requestAnimationFrame.
    const measured = await page.evaluate(`new Promise((resolve) => {
      const stamps = [];
      const start = performance.now();
      const tick = (now) => {
        stamps.push(now);
        if (now - start < 4000) requestAnimationFrame(tick);
        else {
          const gaps = stamps.slice(1).map((t, i) => t - stamps[i]).sort((a, b) => a - b);
          resolve({ fps: (stamps.length - 1) * 1000 / (stamps[stamps.length - 1] - stamps[0]), p95: gaps[Math.floor(gaps.length * 0.95)] });
        }
      };
      requestAnimationFrame(tick);
    })`) as { fps: number; p95: number };
    const viewerFps = Number(await page.locator('.viewer').getAttribute('data-fps'));
    const shown = Number((await page.getByTestId('stat-injured').textContent())?.replace(/,/g, ''));
    console.log(`timeline, 10,000 patients at 60×: ${measured.fps.toFixed(1)} frames/s (rAF), p95 frame gap ${measured.p95.toFixed(1)} ms, viewer loop ${viewerFps} frames/s`);
    await page.getByRole('button', { name: '❚❚ Pause' }).click();
    expect(await page.getByTestId('clock').textContent()).not.toBe(clockBefore);
    await page.getByTestId('time-input').fill('60');
    await page.getByTestId('time-input').press('Enter');
    await screenshot(page, 'timeline-10000');
    expect(shown).toBeGreaterThan(0);
    expect(measured.fps).toBeGreaterThanOrEqual(30);
    expect(viewerFps).toBeGreaterThanOrEqual(30);
    expect(errors).toEqual([]);
    await page.close();
  });
});
