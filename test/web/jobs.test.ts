/**
 * The Jobs page against a real server: it reattaches to a running job after a reload (live
 * progress from the event stream), cancels it, and shows a failed job's real error text.
 * Needs `npm run build` first.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, collectPageErrors, launchBrowser, WEB_BUILT } from './browser.js';
import { closeBrowserQuietly } from './expectations.js';
import { OPERATOR, startTestServer, testDatabaseKinds, type TestServer } from '../server-helpers.js';

const scenario = (patients: number) => ({ name: `Big run ${patients}`, total_patients: patients, seed: 7 });

describe.skipIf(!browserAvailable)('Jobs page in Chromium', () => {
  describe.each(testDatabaseKinds())('on $name', ({ url }) => {
    let s: TestServer;
    let browser: Browser;
    let context: BrowserContext;

    beforeAll(async () => {
      if (!WEB_BUILT) throw new Error('web/dist is missing: run `npm run build` before the web tests');
      s = await startTestServer({ url });
      browser = await launchBrowser();
      context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      await context.addInitScript(`localStorage.setItem('medgen.apiKey', ${JSON.stringify(OPERATOR)})`);
    });
    afterAll(async () => {
      await closeBrowserQuietly(browser);
      await s?.close();
    });

    it('follows a running job after a reload and cancels it', async () => {
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      const res = await s.call('/api/v1/generation/', { method: 'POST', json: { configuration: scenario(1_000_000), output_formats: ['json'] } });
      expect(res.status).toBe(201);
      const { job_id: id } = await res.json() as { job_id: string };

      await page.goto(`${s.url}/jobs`);
      const row = page.locator(`tr[data-job-id="${id}"]`);
      const progress = async () => Number((await row.getByTestId('job-progress').textContent())?.replace(' %', ''));
      await expect.poll(() => row.locator('.badge').textContent(), { timeout: 30_000 }).toContain('running');
      await page.reload();
      await expect.poll(() => row.locator('.badge').textContent(), { timeout: 10_000 }).toContain('running');
      // Live: the patients count moves without another reload.
      const before = await row.getByTestId('job-patients').textContent();
      await expect.poll(() => row.getByTestId('job-patients').textContent(), { timeout: 10_000 }).not.toBe(before);
      expect(await progress()).toBeLessThan(100);

      await row.getByRole('button', { name: 'Cancel' }).click();
      await expect.poll(() => row.locator('.badge').textContent(), { timeout: 10_000 }).toContain('cancelled');
      const job = await (await s.call(`/api/v1/jobs/${id}`)).json() as { status: string };
      expect(job.status).toBe('cancelled');

      page.once('dialog', (d) => void d.accept());
      await row.getByRole('button', { name: /Delete job/ }).click();
      await expect.poll(() => row.count()).toBe(0);
      expect((await s.call(`/api/v1/jobs/${id}`)).status).toBe(404);
      expect(errors).toEqual([]);
      await page.close();
    });

    it("shows a failed job's error text from the server", async () => {
      // A one-second runtime limit: a large job fails with the runner's own message.
      const limited = await startTestServer({ url, env: { JOB_TIMEOUT_SECONDS: '1' } });
      try {
        const page = await context.newPage();
        const res = await limited.call('/api/v1/generation/', { method: 'POST', json: { configuration: scenario(1_000_000), output_formats: ['json', 'xlsx'] } });
        const { job_id: id } = await res.json() as { job_id: string };
        await page.goto(`${limited.url}/jobs?job=${id}`);
        const row = page.locator(`tr[data-job-id="${id}"]`);
        await expect.poll(() => row.locator('.badge').textContent(), { timeout: 90_000 }).toContain('failed');
        const job = await (await limited.call(`/api/v1/jobs/${id}`)).json() as { status: string; error: string };
        expect(job.status).toBe('failed');
        expect(job.error).toContain('JOB_TIMEOUT_SECONDS');
        await expect.poll(() => row.locator('.job-error').textContent()).toBe(`✗ ${job.error}`);
        expect(await row.getAttribute('aria-current')).toBe('true');
        await page.close();
      } finally {
        await limited.close();
      }
    }, 150_000);
  });
});
