/** Independent arithmetic on the API's patients, to check what the UI shows. */
import type { Browser } from 'playwright-core';

export interface ResultPatient {
  injury_timestamp: string;
  final_status: 'KIA' | 'DOW' | 'RTD' | 'Remains_Role4';
  movement_timeline: { hours_since_injury: number }[];
}

/**
 * At `hour` hours after 00:00Z of the base date: patients injured so far, and outcomes that
 * have happened (the last timeline event is the outcome).
 */
export function expectedAt(patients: readonly ResultPatient[], baseDate: string, hour: number) {
  const origin = Date.parse(`${baseDate}T00:00:00Z`);
  const out = { injured: 0, KIA: 0, DOW: 0, RTD: 0, Remains_Role4: 0 };
  for (const p of patients) {
    const injured = (Date.parse(p.injury_timestamp) - origin) / 3_600_000;
    if (injured <= hour) out.injured++;
    const last = p.movement_timeline[p.movement_timeline.length - 1];
    if (last && injured + last.hours_since_injury <= hour) out[p.final_status]++;
  }
  return out;
}

export async function closeBrowserQuietly(browser: Browser | undefined): Promise<void> {
  await browser?.close().catch(() => undefined);
}
