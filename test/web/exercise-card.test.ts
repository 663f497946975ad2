/**
 * The timeline's patient record links to the casualty's cards: in headless Chromium against a
 * real server, a click on a patient opens its record, and "Casualty card (PDF)" saves that
 * casualty's two cards. Needs `npm run build` first (job threads and the built UI).
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { submit, unzip, waitFor } from '../jobs-helpers.js';
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

  it('sends the card layout chosen on the Generate form: A4 sheets of four cards', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    await context.addInitScript(`localStorage.setItem('medgen.apiKey', ${JSON.stringify(OPERATOR)})`);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${env.server.url}/`);
    await page.getByLabel('Start from a preset').selectOption('training_exercise');
    await page.getByLabel('JSON', { exact: true }).uncheck();
    expect(await page.getByLabel('Card layout').count()).toBe(0);
    await page.getByLabel('Casualty cards (PDF: role-player and controller)').check();
    await page.getByLabel('Card layout').selectOption('a4-4up');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await page.waitForURL(/\/jobs\?job=/);
    const jobId = new URL(page.url()).searchParams.get('job') as string;
    expect((await waitFor(env.server, jobId, undefined, 120_000)).status).toBe('completed');
    const zip = await unzip(Buffer.from(await (await env.server.call(`/api/v1/downloads/${jobId}`)).arrayBuffer()));
    const pdf = [...zip].find(([name]) => name.endsWith('.pdf'))?.[1];
    expect(pdf).toBeDefined();
    const file = join(tmpdir(), `medgen-cards-${jobId}.pdf`);
    await writeFile(file, pdf!);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    // 100 casualties × 2 cards, four to an A4 sheet.
    expect(info).toMatch(/^Pages:\s+50$/m);
    expect(info).toMatch(/Page size:\s+595\.\d* x 841\.\d* pts \(A4\)/);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
