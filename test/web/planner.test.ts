/**
 * A planner's first session on a fresh install, in headless Chromium against a real server:
 * the owner's sign-in link, the nato_article_5 preset at full size as CSV + XLSX + FHIR with
 * progress to 100 %, the download, the timeline from the job and a patient's record, the job
 * picker, a CLI-generated 100,000-patient NDJSON file on the dashboard, and three Generates in
 * one minute on a key allowing three. Screenshots of each step go to docs/screenshots/ with MEDGEN_SCREENSHOTS=1.
 * Needs `npm run build` first (worker threads, the CLI and the built UI).
 */
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowserQuietly } from './expectations.js';
import { browserAvailable, collectPageErrors, launchBrowser, screenshot, WEB_BUILT } from './browser.js';
import { createTestKey, startTestServer, type TestServer } from '../server-helpers.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/medgen.js', import.meta.url).pathname;
const BIG = 100_000;

const text = async (page: Page, testId: string): Promise<string> => ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
const int = (n: number): string => n.toLocaleString('en-US');

/** Final statuses of an NDJSON file, counted by streaming it (the reference for the dashboard). */
async function statusCounts(path: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    const s = (JSON.parse(line) as { final_status: string }).final_status;
    counts[s] = (counts[s] ?? 0) + 1;
  }
  return counts;
}

describe.skipIf(!browserAvailable)('a planner on a fresh install, in Chromium', () => {
  let s: TestServer;
  let browser: Browser;
  let dir: string;
  let bigFile: string;

  beforeAll(async () => {
    if (!WEB_BUILT) throw new Error('web/dist is missing: run `npm run build` before the web tests');
    dir = await mkdtemp(join(tmpdir(), 'medgen-planner-'));
    // The 100,000-patient file, written by the command line as a user would.
    await run(process.execPath, [BIN, 'generate', '--patients', String(BIG), '--seed', '11', '--format', 'ndjson', '--out', dir], { maxBuffer: 1 << 24 });
    bigFile = join(dir, 'patients.ndjson');
    s = await startTestServer();
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await closeBrowserQuietly(browser);
    await s?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('signs in with the link, generates nato_article_5 at full size, downloads, and reads a patient\'s record', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors = collectPageErrors(page);

    // 1. The owner's one-time link from the server console.
    const link = new URL(s.signInLink() ?? '');
    expect(link.hash).toMatch(/^#signin=/);
    await page.goto(`${s.url}${link.pathname}${link.hash}`);
    await page.getByText('Signed in as the local owner').waitFor({ timeout: 30_000 });
    expect(page.url()).not.toContain('signin=');
    await screenshot(page, 'signin');

    // 2. The preset at full size, CSV + XLSX + FHIR; the form keeps all of it across a reload.
    await page.getByRole('navigation').getByRole('link', { name: 'Generate' }).click();
    await page.getByLabel('Start from a preset').selectOption('nato_article_5');
    await expect.poll(() => text(page, 'summary-patients')).toBe('2500');
    await page.getByLabel('JSON', { exact: true }).uncheck();
    for (const f of ['CSV', 'Excel (XLSX)', 'FHIR R4 bundles']) await page.getByLabel(f, { exact: true }).check();
    const description = page.getByLabel('Description', { exact: true });
    expect(await description.inputValue()).toMatch(/^An eight-day /);
    const days = page.getByLabel('Days of fighting', { exact: true });
    await days.fill('3');
    await expect.poll(() => description.inputValue()).toMatch(/^A three-day /);
    await days.fill('8');
    await expect.poll(() => description.inputValue()).toMatch(/^An eight-day /);
    await page.getByLabel('Encrypt files (AES-256-GCM)').check();
    await page.getByText('How to decrypt the files').click();
    expect(await page.getByTestId('decrypt-help').textContent()).toContain('npx medgen decrypt patients.csv.enc');
    expect(await page.getByTestId('decrypt-help').getByRole('link').getAttribute('href')).toBe('/encryption-format.html');
    await screenshot(page, 'generate-encryption');
    await page.getByLabel('Encrypt files (AES-256-GCM)').uncheck();

    await page.getByRole('navigation').getByRole('link', { name: 'Jobs' }).click();
    await page.reload();
    await page.getByRole('navigation').getByRole('link', { name: 'Generate' }).click();
    await expect.poll(() => text(page, 'summary-patients')).toBe('2500');
    expect(await page.getByLabel('Start from a preset').inputValue()).toBe('nato_article_5');
    expect(await page.getByLabel('JSON', { exact: true }).isChecked()).toBe(false);
    for (const f of ['CSV', 'Excel (XLSX)', 'FHIR R4 bundles']) expect(await page.getByLabel(f, { exact: true }).isChecked()).toBe(true);
    expect(await text(page, 'generate-reason')).toBe('Ctrl+Enter also generates.');
    await screenshot(page, 'generate-preset');

    // 3. Generate, and watch the progress to 100 % (through the event stream).
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await page.waitForURL(/\/jobs\?job=/);
    const jobId = new URL(page.url()).searchParams.get('job') as string;
    const row = page.locator(`tr[data-job-id="${jobId}"]`);
    const seen = new Set<string>();
    await expect.poll(async () => {
      const p = (await row.getByTestId('job-progress').textContent()) ?? '';
      seen.add(p);
      if (seen.size === 2) await screenshot(page, 'jobs-progress');
      return p;
    }, { timeout: 300_000, interval: 100 }).toBe('100 %');
    await expect.poll(() => row.locator('.badge').first().textContent(), { timeout: 30_000 }).toContain('completed');
    expect(await row.getByTestId('job-patients').textContent()).toBe('2,500 / 2,500');
    expect(await row.getByTestId('job-name').textContent()).toBe('NATO Article 5 defence');
    expect(await row.getByTestId('job-formats').textContent()).toBe('CSV, XLSX, FHIR');
    await expect.poll(() => row.getByTestId('job-size').textContent(), { timeout: 30_000 }).toMatch(/^\d+ files?, [\d.]+ (KiB|MiB)$/);
    expect(await row.getByTestId('job-outcomes').textContent()).toMatch(/RTD [\d,]+/);
    expect(await row.getByTestId('job-duration').textContent()).toMatch(/\d+ s$/);
    const job = await (await s.call(`/api/v1/jobs/${jobId}`)).json() as { output_files: { name: string }[]; summary: { by_final_status: Record<string, number> } };
    await screenshot(page, 'jobs-done');

    // 4. The download: one ZIP with the job's files.
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Download ZIP' }).click()]);
    const zip = await readFile(await download.path());
    expect([...zip.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    for (const f of job.output_files) expect(zip.includes(Buffer.from(f.name))).toBe(true);

    // 5. The timeline from the job; a click on a patient opens the full record from the API.
    await row.getByRole('link', { name: 'Timeline' }).click();
    await expect.poll(() => text(page, 'loaded-count'), { timeout: 60_000 }).toBe('2,500');
    // Whole names: no card's name overflows its box, in the facility columns or the transit lanes.
    for (const [hour, date] of [[80, '2025-06-04 08:00 UTC'], [150, '2025-06-07 06:00 UTC'], [30, '2025-06-02 06:00 UTC']] as const) {
      await page.getByTestId('time-input').fill(String(hour));
      await page.getByTestId('time-input').press('Enter');
      await expect.poll(() => text(page, 'clock-date')).toBe(date);
      const cut = await page.$$eval('li.pcard:not([hidden]) .pname', (els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1).map((e) => e.textContent));
      expect(cut).toEqual([]);
    }
    expect(await page.locator('.lane.transit li.pcard:not([hidden])').count()).toBeGreaterThan(0);
    await screenshot(page, 'timeline-job');
    const card = page.locator('.lane.transit li.pcard:not([hidden])').first();
    const [detail] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/visualizations/patient-detail/')),
      card.click(),
    ]);
    expect(detail.status()).toBe(200);
    const patient = await detail.json() as { demographics: { family_name: string }; movement_timeline: unknown[] };
    const record = page.getByTestId('patient-record');
    await record.getByRole('heading', { name: 'Identity' }).waitFor();
    expect(await record.locator('#record-title').textContent()).toContain(patient.demographics.family_name);
    expect(await record.getByTestId('record-timeline').locator('tbody tr').count()).toBe(patient.movement_timeline.length);
    expect(await record.getByTestId('record-timeline').locator('tbody tr').first().textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    for (const h of ['Injury and conditions', 'Vitals over time', 'Treatments by role', 'Timeline']) await record.getByRole('heading', { name: h }).waitFor();
    await screenshot(page, 'patient-record');
    await record.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => record.count()).toBe(0);

    // 6. Opened from the menu, the timeline lists the jobs to choose from.
    await page.getByRole('navigation').getByRole('link', { name: 'Timeline' }).click();
    const picker = page.getByLabel('Job', { exact: true });
    await expect.poll(() => picker.locator('option').allTextContents()).toContainEqual(expect.stringContaining('NATO Article 5 defence · 2,500 patients'));
    await screenshot(page, 'timeline-picker');
    await picker.selectOption(jobId);
    await expect.poll(() => text(page, 'loaded-count'), { timeout: 60_000 }).toBe('2,500');

    // 7. The dashboard of the job: totals equal the job's summary.
    await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).click();
    await page.getByLabel('Job', { exact: true }).selectOption(jobId);
    await expect.poll(() => text(page, 'total-patients'), { timeout: 30_000 }).toBe('2,500');
    expect(await text(page, 'total-rtd')).toBe(int(job.summary.by_final_status.RTD ?? 0));
    expect(errors).toEqual([]);
    await context.close();
  }, 600_000);

  it('reads a dropped 100,000-patient NDJSON file on the dashboard without freezing the page', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    const expected = await statusCounts(bigFile);
    await page.goto(`${s.url}/dashboard`);
    await page.getByText('drop a patient file here').waitFor();

    // The page's own thread stays free: the longest gap between 50 ms timers while the worker reads.
    await page.evaluate(`window.__gaps = []; window.__last = performance.now(); window.__timer = setInterval(() => {
      const now = performance.now(); window.__gaps.push(now - window.__last); window.__last = now; }, 50);`);
    await page.getByTestId('dashboard-file-input').setInputFiles(bigFile);
    await page.getByTestId('file-progress').waitFor({ timeout: 30_000 });
    await screenshot(page, 'dashboard-file-reading');
    await expect.poll(() => text(page, 'total-patients'), { timeout: 300_000, interval: 500 }).toBe(int(BIG));
    const gaps = await page.evaluate('clearInterval(window.__timer); window.__gaps') as number[];
    expect(gaps.length).toBeGreaterThan(10);
    expect(Math.max(...gaps)).toBeLessThan(2000);
    expect(await text(page, 'total-kia')).toBe(int(expected.KIA ?? 0));
    expect(await text(page, 'total-dow')).toBe(int(expected.DOW ?? 0));
    expect(await text(page, 'total-rtd')).toBe(int(expected.RTD ?? 0));
    expect(await text(page, 'total-remains')).toBe(int(expected.Remains_Role4 ?? 0));
    if (expected.Died_DNBI) expect(await text(page, 'total-dnbi')).toBe(int(expected.Died_DNBI));
    expect(await text(page, 'file-source')).toBe(`From patients.ndjson: ${int(BIG)} patients`);
    await page.locator('[data-chart="facility-load"] canvas').waitFor({ timeout: 30_000 });
    await screenshot(page, 'dashboard-file');

    // A real drop (DataTransfer) of a small file takes the same path.
    const head = Buffer.alloc(400_000);
    const fh = await open(bigFile);
    await fh.read(head, 0, head.length, 0);
    await fh.close();
    const lines = head.toString('utf8').split('\n').slice(0, 20).join('\n');
    // Browser code as text: this file is type-checked without the DOM library.
    await page.evaluate(`(() => {
      const dt = new DataTransfer();
      dt.items.add(new File([${JSON.stringify(`${lines}\n`)}], 'twenty.ndjson', { type: 'application/x-ndjson' }));
      const target = document.querySelector('.dashboard-page');
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    })()`);
    await expect.poll(() => text(page, 'total-patients'), { timeout: 30_000 }).toBe('20');
    expect(errors).toEqual([]);
    await context.close();
  }, 600_000);

  it('does three Generates in one minute on a key allowing three, then says when the next is possible', async () => {
    const key = await createTestKey(s, 'three a minute', { requests_per_minute: 3, patients_per_request: 500 });
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    await context.addInitScript(`localStorage.setItem('medgen.apiKey', ${JSON.stringify(key)})`);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    const refused: string[] = [];
    page.on('response', (r) => { if (r.status() === 429) refused.push(r.url()); });
    await page.goto(`${s.url}/generate`);
    const generate = page.getByRole('button', { name: 'Generate', exact: true });

    // More patients than the key allows per request: Generate is disabled with the reason.
    await page.getByLabel('Start from a preset').selectOption('nato_article_5');
    await expect.poll(() => text(page, 'generate-reason')).toMatch(/more than this key allows \(500 per request\)|allows at most 500 patients per request/);
    expect(await generate.isDisabled()).toBe(true);

    await page.getByLabel('Start from a preset').selectOption('training_exercise');
    await expect.poll(() => text(page, 'summary-patients')).toBe('100');
    const started = Date.now();
    for (let n = 1; n <= 3; n++) {
      await expect.poll(() => generate.isEnabled(), { timeout: 10_000 }).toBe(true);
      await generate.click();
      await page.waitForURL(/\/jobs\?job=/);
      const id = new URL(page.url()).searchParams.get('job') as string;
      await expect.poll(() => page.locator(`tr[data-job-id="${id}"]`).getByTestId('job-progress').textContent(), { timeout: 60_000 }).toBe('100 %');
      await page.getByRole('navigation').getByRole('link', { name: 'Timeline' }).click();
      await page.getByRole('navigation').getByRole('link', { name: 'Generate' }).click();
    }
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(refused).toEqual([]);
    const list = await (await s.call('/api/v1/jobs/', { key })).json() as { status: string }[];
    expect(list.map((j) => j.status)).toEqual(['completed', 'completed', 'completed']);

    // The fourth would exceed the minute: Generate says when it is possible again.
    await expect.poll(() => text(page, 'generate-reason'), { timeout: 10_000 }).toMatch(/^This key's 3 generations per minute are used: Generate is possible again in \d+ s\.$/);
    expect(await generate.isDisabled()).toBe(true);
    await screenshot(page, 'generate-limit');
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
