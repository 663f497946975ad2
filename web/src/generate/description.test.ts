import { describe, expect, it } from 'vitest';
import { adjustDescription } from './description.js';
import { PRESETS } from '../../../src/engine/browser.js';

describe('preset descriptions follow the values', () => {
  it('rewrites the duration with the right article', () => {
    const t = 'An eight-day conventional defence of the eastern flank by allied forces across two fronts.';
    expect(adjustDescription(t, { days: 3 })).toBe('A three-day conventional defence of the eastern flank by allied forces across two fronts.');
    expect(adjustDescription(t, { days: 11, fronts: 1 })).toBe('An eleven-day conventional defence of the eastern flank by allied forces across one front.');
    expect(adjustDescription(t, { days: 45, fronts: 3 })).toBe('A 45-day conventional defence of the eastern flank by allied forces across three fronts.');
    expect(adjustDescription(t, { days: 8, fronts: 2 })).toBe(t);
  });

  it('rewrites "N days", "a month", "two weeks" and "a single day"', () => {
    expect(adjustDescription('Five days of house-to-house fighting.', { days: 1 })).toBe('One day of house-to-house fighting.');
    expect(adjustDescription('A month of low-intensity duty.', { days: 10 })).toBe('Ten days of low-intensity duty.');
    expect(adjustDescription('A month of low-intensity duty.', { days: 30 })).toBe('A month of low-intensity duty.');
    expect(adjustDescription('Two weeks of winter fighting.', { days: 4 })).toBe('Four days of winter fighting.');
    expect(adjustDescription('A single day in which one strike floods the chain.', { days: 2 })).toBe('Two days in which one strike floods the chain.');
    expect(adjustDescription('A chemical release causes a three-day wave.', { days: 8 })).toBe('A chemical release causes an eight-day wave.');
    expect(adjustDescription('A small two-day exercise.', { days: 3 })).toBe('A small three-day exercise.');
  });

  it('leaves the text alone without usable values', () => {
    const t = 'An eight-day defence.';
    expect(adjustDescription(t, { days: 'x' })).toBe(t);
    expect(adjustDescription(t, { days: 0 })).toBe(t);
    expect(adjustDescription(t, {})).toBe(t);
  });

  it('keeps every built-in preset unchanged at its own values', () => {
    for (const p of PRESETS) {
      const s = p.input as { days_of_fighting: number; front_configs: unknown[] };
      expect(adjustDescription(p.description, { days: s.days_of_fighting, fronts: s.front_configs.length })).toBe(p.description);
    }
  });
});
