/**
 * Exercise control in headless Chromium against a real server: an exercise started from the page
 * at ×3600, paused, then jumped to its end; the released counts on the page match the timeline
 * the engine gives for the same scenario and seed, and a casualty's record and card open from the feed.
 * Needs the built UI (`npm run build`).
 */
import { describe, expect, it } from 'vitest';
import { casualtyTimeline, createRun, getPreset, parseScenario } from '../../src/engine/index.js';
import { OPERATOR } from '../server-helpers.js';
import { browserAvailable, collectPageErrors, screenshot, serverAndBrowser } from './browser.js';

const PATIENTS = 40;
const SEED = 9;

function timeline() {
  const parsed = parseScenario({ ...getPreset('training_exercise')!.input, total_patients: PATIENTS, seed: SEED });
  if (!parsed.ok) throw new Error('scenario');
  return casualtyTimeline(createRun(parsed.scenario));
}

describe.skipIf(!browserAvailable)('exercise control in Chromium', () => {
  const env = serverAndBrowser();

  it('runs an exercise at ×3600: released counts match the timeline, paused and at the end', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    await context.addInitScript(`localStorage.setItem('medgen.apiKey', ${JSON.stringify(OPERATOR)})`);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${env.server.url}/generate`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Exercise control' }).click();
    await page.getByRole('heading', { name: 'Exercise control' }).waitFor();

    await page.getByLabel('Scenario', { exact: true }).selectOption('training_exercise');
    await page.getByLabel('Patients', { exact: true }).fill(String(PATIENTS));
    await page.getByLabel('Seed', { exact: true }).fill(String(SEED));
    await page.getByLabel('Speed', { exact: true }).selectOption('3600');
    await page.getByRole('button', { name: 'Start exercise' }).click();
    await page.waitForURL(/\/exercise\?run=/);
    const runId = new URL(page.url()).searchParams.get('run') as string;

    // Three wall seconds at ×3600: three scenario hours go out live.
    await page.waitForTimeout(3_000);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => page.getByTestId('exercise-status').textContent()).toBe('paused');
    const view = await (await env.server.call(`/api/v1/exercises/${runId}`)).json() as { offset_seconds: number; released: number };
    const t = timeline();
    const due = t.filter((e) => e.offset <= view.offset_seconds).length;
    expect(view.offset_seconds).toBeGreaterThan(2 * 3600);
    expect(view.released).toBe(due);
    await expect.poll(() => page.getByTestId('released-count').textContent()).toBe(String(due));
    await expect.poll(() => page.getByTestId('events-received').textContent()).toBe(String(due));
    const atRoles = await Promise.all(['POI', 'R1', 'R2', 'R3', 'R4'].map(async (r) => Number(await page.getByTestId(`count-${r}`).textContent())));
    const others = await Promise.all(['awaiting', 'transit', 'dead', 'rtd'].map(async (k) => Number(await page.getByTestId(`count-${k}`).textContent())));
    const injured = new Set(t.filter((e) => e.offset <= view.offset_seconds).map((e) => e.patient_id)).size;
    expect([...atRoles, ...others].reduce((a, b) => a + b, 0)).toBe(injured);
    await screenshot(page, 'exercise-control');

    // A casualty's record opens from the feed.
    await page.getByRole('button', { name: /^Casualty \d+$/ }).first().click();
    await expect.poll(async () => ((await page.getByTestId('record-name').textContent()) ?? '').length).toBeGreaterThan(5);
    const [card] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Casualty card (PDF)' }).click()]);
    expect(card.suggestedFilename()).toMatch(/^casualty-\d+\.pdf$/);

    // On to the last event: everything is released, the run completes.
    const lastHour = Math.ceil(t[t.length - 1]!.offset / 3600);
    await page.getByLabel('Jump to', { exact: true }).fill(`T+${lastHour}:00`);
    await page.getByRole('button', { name: 'Jump' }).click();
    await page.getByRole('button', { name: 'Play' }).click().catch(() => undefined);
    await expect.poll(() => page.getByTestId('released-count').textContent(), { timeout: 15_000 }).toBe(String(t.length));
    await expect.poll(() => page.getByTestId('events-received').textContent(), { timeout: 15_000 }).toBe(String(t.length));
    await expect.poll(() => page.getByTestId('exercise-status').textContent(), { timeout: 15_000 }).toBe('completed');
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
