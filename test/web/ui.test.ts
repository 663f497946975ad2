/**
 * The web UI end to end in headless Chromium against a real server (service + workers +
 * web/dist). Needs `npm run build` first (worker threads and the built UI).
 */
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { closeBrowserQuietly, expectedAt, type ResultPatient } from './expectations.js';
import { browserAvailable, collectPageErrors, launchBrowser, screenshot, WEB_BUILT } from './browser.js';
import { DEMO, OPERATOR, startTestServer, testDatabaseKinds, type TestServer } from '../server-helpers.js';

function zipEntries(bytes: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      const names: string[] = [];
      zip.on('entry', (e: yauzl.Entry) => { names.push(e.fileName); zip.readEntry(); });
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

async function allResults(s: TestServer, jobId: string): Promise<ResultPatient[]> {
  const out: ResultPatient[] = [];
  for (let page = 1; ; page++) {
    const r = await (await s.call(`/api/v1/jobs/${jobId}/results?page=${page}&per_page=500`)).json() as { patients: ResultPatient[]; total_pages: number };
    out.push(...r.patients);
    if (page >= r.total_pages) return out;
  }
}

const text = async (page: Page, testId: string): Promise<string> => ((await page.getByTestId(testId).first().textContent()) ?? '').trim();

describe.skipIf(!browserAvailable)('web UI in Chromium', () => {
  describe.each(testDatabaseKinds())('on $name', ({ name, url }) => {
    let s: TestServer;
    let browser: Browser;
    let context: BrowserContext;
    const shots = name === 'pglite';

    beforeAll(async () => {
      if (!WEB_BUILT) throw new Error('web/dist is missing: run `npm run build` before the web tests');
      s = await startTestServer({ url });
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await closeBrowserQuietly(browser);
      await s?.close();
    });

    it('takes a new user from / to a generated job, its ZIP, timeline and dashboard', async () => {
      context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
      const page = await context.newPage();
      const errors = collectPageErrors(page);

      await page.goto(`${s.url}/`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Generate patients');
      expect(await page.locator('.key-state').textContent()).toContain('No API key');
      expect(await text(page, 'generate-reason')).toBe('Set an API key in Settings first.');
      expect(await page.getByRole('button', { name: 'Generate', exact: true }).isDisabled()).toBe(true);

      await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
      await page.getByLabel('New API key').fill(OPERATOR);
      await page.getByRole('button', { name: 'Save key' }).click();
      expect(await text(page, 'current-key')).toBe('test-ope...6789');
      if (shots) await screenshot(page, 'settings');

      await page.getByRole('navigation').getByRole('link', { name: 'Generate' }).click();
      await page.getByLabel('Start from a preset').selectOption('training_exercise');
      await expect.poll(() => text(page, 'summary-patients')).toBe('100');
      await page.getByLabel('CSV', { exact: true }).check();
      expect(await text(page, 'summary-validity')).toBe('✓ Scenario is valid');
      if (shots) await screenshot(page, 'generate');
      await page.getByRole('button', { name: 'Generate', exact: true }).click();

      await page.waitForURL(/\/jobs\?job=/);
      const jobId = new URL(page.url()).searchParams.get('job') as string;
      const row = page.locator(`tr[data-job-id="${jobId}"]`);
      await expect.poll(() => row.getByTestId('job-progress').textContent(), { timeout: 60_000, interval: 100 }).toBe('100 %');
      await expect.poll(() => row.locator('.badge').textContent(), { timeout: 10_000 }).toContain('completed');
      expect(await row.getByTestId('job-patients').textContent()).toBe('100 / 100');

      const job = await (await s.call(`/api/v1/jobs/${jobId}`)).json() as {
        summary: { total_patients: number; by_final_status: Record<string, number> }; output_files: { name: string }[]; config: { base_date: string };
      };
      expect(job.summary.total_patients).toBe(100);

      const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Download ZIP' }).click()]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`_${jobId}\\.zip$`));
      const zip = await readFile(await download.path());
      expect([...zip.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
      const entries = await zipEntries(zip);
      expect(entries.sort()).toEqual(job.output_files.map((f) => f.name).sort());
      expect(entries.some((e) => e.endsWith('.json'))).toBe(true);
      expect(entries.some((e) => e.endsWith('.csv'))).toBe(true);
      if (shots) await screenshot(page, 'jobs');

      // Timeline: counts at hour 30 (Day 2 06:00) match the patients' own data.
      await row.getByRole('link', { name: 'Timeline' }).click();
      await expect.poll(() => text(page, 'loaded-count'), { timeout: 30_000 }).toBe('100');
      const patients = await allResults(s, jobId);
      for (const hour of [12, 30, 200]) {
        await page.getByTestId('time-input').fill(String(hour));
        await page.getByTestId('time-input').press('Enter');
        const want = expectedAt(patients, job.config.base_date, hour);
        await expect.poll(() => text(page, 'stat-injured')).toBe(String(want.injured));
        expect(await text(page, 'stat-kia')).toBe(String(want.KIA));
        expect(await text(page, 'stat-dow')).toBe(String(want.DOW));
        expect(await text(page, 'stat-rtd')).toBe(String(want.RTD));
        expect(await text(page, 'stat-remains')).toBe(String(want.Remains_Role4));
        if (hour === 30 && shots) await screenshot(page, 'timeline');
      }
      expect(await text(page, 'stat-kia')).toBe(String(job.summary.by_final_status.KIA ?? 0));

      // Dashboard totals equal the job's summary.
      await page.getByRole('navigation').getByRole('link', { name: 'Jobs' }).click();
      await page.locator(`tr[data-job-id="${jobId}"]`).getByRole('link', { name: 'Dashboard' }).click();
      await expect.poll(() => text(page, 'total-patients'), { timeout: 30_000 }).toBe('100');
      const st = job.summary.by_final_status;
      expect(await text(page, 'total-kia')).toBe(String(st.KIA ?? 0));
      expect(await text(page, 'total-dow')).toBe(String(st.DOW ?? 0));
      expect(await text(page, 'total-rtd')).toBe(String(st.RTD ?? 0));
      expect(await text(page, 'total-remains')).toBe(String(st.Remains_Role4 ?? 0));
      await page.locator('[data-chart="facility-load"] canvas').waitFor({ timeout: 30_000 });
      if (shots) await screenshot(page, 'dashboard');

      // A reload keeps the key (local storage) and the page (client route served by the server).
      await page.reload();
      await expect.poll(() => text(page, 'total-patients'), { timeout: 30_000 }).toBe('100');
      expect(errors).toEqual([]);
      await context.close();
    });

    it('disables Generate with the field\'s message while input is invalid, and submits once', async () => {
      context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      let generations = 0;
      page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/api/v1/generation')) generations++; });
      await page.goto(`${s.url}/settings`);
      await page.getByRole('button', { name: 'Use the demo key' }).click();
      expect(await text(page, 'current-key')).toBe(`demo key (${DEMO})`);

      await page.getByRole('navigation').getByRole('link', { name: 'Generate' }).click();
      const generate = page.getByRole('button', { name: 'Generate', exact: true });
      const patients = page.getByLabel('Patients', { exact: true });
      await patients.fill('0');
      expect(await generate.isDisabled()).toBe(true);
      // Named as the form names it, whether the engine words the message itself or not.
      expect(await text(page, 'generate-reason')).toMatch(/^Fix 1 problem first — Patients:? must be .* from 1 to 10,?000,?000 \(got 0\)$/);
      const describedBy = await patients.getAttribute('aria-describedby');
      // The error comes first among the descriptions (then the key's limit as a hint).
      expect(await page.locator(`[id="${describedBy?.split(' ')[0]}"]`).textContent()).toMatch(/must be .* from 1 to 10,?000,?000 \(got 0\)/);
      expect(await patients.getAttribute('aria-invalid')).toBe('true');
      await page.keyboard.press('Control+Enter');

      await patients.fill('20');
      const pct = page.getByLabel('Front 1 nation 1 percentage');
      await pct.fill('40');
      expect(await generate.isDisabled()).toBe(true);
      expect(await text(page, 'front-0-sum')).toBe('⚠ Sum 90 % — must be 100');
      expect(await page.locator('fieldset[aria-label="Front 1"]').getByRole('alert').last().textContent()).toContain('percentages sum to 90, must be 100 (±0.5)');
      expect(await text(page, 'generate-reason')).toContain('percentages sum to 90, must be 100 (±0.5)');
      expect(await text(page, 'generate-reason')).toMatch(/Front 1/);
      expect(await text(page, 'generate-reason')).not.toContain('front_configs');
      await pct.fill('50');

      // The injury mix stays at 100 % when one share moves.
      await page.getByLabel('Battle injury', { exact: true }).fill('60');
      expect(await page.locator('#f-injury_mix-sum').textContent()).toBe('✓ Sum 100 %');

      // The JSON view is the same scenario and is validated too.
      await page.getByLabel('Edit as JSON').check();
      const json = JSON.parse(await page.getByLabel('Scenario JSON').inputValue()) as { total_patients: number; injury_mix: Record<string, number> };
      expect(json.total_patients).toBe(20);
      expect(json.injury_mix['Battle Injury']).toBe(0.6);
      await page.getByLabel('Scenario JSON').fill('{"total_patients": 20,');
      expect(await generate.isDisabled()).toBe(true);
      expect(await text(page, 'generate-reason')).toMatch(/^The JSON does not parse/);
      await page.getByLabel('Scenario JSON').fill(JSON.stringify({ ...json, total_patients: 30, count: 5 }));
      expect(await text(page, 'generate-reason')).toMatch(/"count" and "total_patients" (both set total_patients|are the same field)/);
      await page.getByLabel('Scenario JSON').fill(JSON.stringify({ ...json, total_patients: 30 }));
      await page.getByLabel('Edit as JSON').uncheck();
      expect(await patients.inputValue()).toBe('30');
      if (shots) {
        await patients.fill('0');
        await screenshot(page, 'generate-invalid');
        await patients.fill('30');
      }

      // Two quick Ctrl+Enter presses submit one job.
      expect(await generate.isEnabled()).toBe(true);
      await page.keyboard.press('Control+Enter');
      await page.keyboard.press('Control+Enter');
      await page.waitForURL(/\/jobs\?job=/);
      await page.waitForTimeout(300);
      expect(generations).toBe(1);
      const list = await (await s.call('/api/v1/jobs/', { key: DEMO })).json() as unknown[];
      expect(list).toHaveLength(1);

      // The demo key's limit (learned from the server's headers) is checked before submitting.
      await page.getByRole('navigation').getByRole('link', { name: 'Generate' }).click();
      await patients.fill('100');
      expect(await text(page, 'generate-reason')).toMatch(/more than this key allows \(50 per request\)|allows at most 50 patients per request/);
      expect(errors).toEqual([]);
      await context.close();
    });
  });
});
