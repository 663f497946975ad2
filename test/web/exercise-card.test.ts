/**
 * The timeline's patient record links to the casualty's cards: in headless Chromium against a
 * real server, a click on a patient opens its record, and "Casualty card (PDF)" saves that
 * casualty's two cards. Needs `npm run build` first (job threads and the built UI).
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { submit, waitFor } from '../jobs-helpers.js';
import { OPERATOR } from '../server-helpers.js';
import { browserAvailable, collectPageErrors, serverAndBrowser } from './browser.js';

describe.skipIf(!browserAvailable)('timeline → casualty card, in Chromium', () => {
  const env = serverAndBrowser();

  it("saves the opened patient's cards as a PDF with that casualty's name and number", async () => {
    const jobId = await submit(env.server, { configuration: { name: 'card ui', total_patients: 40, seed: 5, days_of_fighting: 2 }, output_formats: ['ndjson'] });
    expect((await waitFor(env.server, jobId, undefined, 60_000)).status).toBe('completed');
    const context = await env.browser.newContext({ acceptDownloads: true });
    await context.addInitScript(`localStorage.setItem('medgen.apiKey', ${JSON.stringify(OPERATOR)})`);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${env.server.url}/timeline?job=${jobId}`);
    await expect.poll(async () => (await page.getByTestId('loaded-count').first().textContent())?.trim(), { timeout: 60_000 }).toBe('40');
    const [detail] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/visualizations/patient-detail/')),
      page.locator('li.pcard:not([hidden])').first().click(),
    ]);
    const patient = await detail.json() as { id: number; demographics: { family_name: string; given_name: string } };
    const record = page.getByTestId('patient-record');
    const [download] = await Promise.all([page.waitForEvent('download'), record.getByTestId('record-card').click()]);
    expect(download.suggestedFilename()).toBe(`casualty-${patient.id}_${jobId}.pdf`);
    const file = await download.path();
    expect((await readFile(file)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    expect(text).toContain(`${patient.demographics.family_name}, ${patient.demographics.given_name}`);
    expect(text).toContain(`CASUALTY ${patient.id}`);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
