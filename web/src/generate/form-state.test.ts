import { describe, expect, it } from 'vitest';
import { outputRequest } from './OutputOptions.js';
import { loadDraft, loadOutput, loadPresetId, OUTPUT_KEY, saveDraft, saveOutput, savePresetId, type KeyValueStore } from './form-state.js';

function fakeStore(): KeyValueStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => { map.set(k, v); },
    removeItem: (k) => { map.delete(k); },
  };
}

describe('Generate form state', () => {
  it('keeps formats and options but never the password', () => {
    const s = fakeStore();
    saveOutput({ formats: ['csv', 'cards-pdf', 'fhir'], compression: true, encryption: true, password: 'secret-password', priority: 'high', cardLayout: 'a4-4up' }, s);
    expect(s.map.get(OUTPUT_KEY)).not.toContain('secret');
    expect(loadOutput(s)).toEqual({ formats: ['csv', 'cards-pdf', 'fhir'], compression: true, encryption: true, password: '', priority: 'high', cardLayout: 'a4-4up' });
  });

  it('falls back to the defaults for missing, damaged or unknown entries', () => {
    const s = fakeStore();
    expect(loadOutput(s)).toEqual({ formats: ['json'], compression: false, encryption: false, password: '', priority: 'normal', cardLayout: 'a4' });
    s.map.set(OUTPUT_KEY, '{not json');
    expect(loadOutput(s).formats).toEqual(['json']);
    s.map.set(OUTPUT_KEY, JSON.stringify({ formats: ['pdf', 'csv', 'csv'], priority: 'urgent', compression: 'yes', cardLayout: 'letter' }));
    expect(loadOutput(s)).toEqual({ formats: ['csv'], compression: false, encryption: false, password: '', priority: 'normal', cardLayout: 'a4' });
  });

  it('asks for a card layout only with cards, and the password only with encryption', () => {
    const base = { formats: ['csv'], compression: false, encryption: false, password: 'x'.repeat(8), priority: 'low' as const, cardLayout: 'a6' as const };
    expect(outputRequest(base)).toEqual({ output_formats: ['csv'], use_compression: false, use_encryption: false, priority: 'low' });
    expect(outputRequest({ ...base, formats: ['cards-pdf'], encryption: true })).toEqual({
      output_formats: ['cards-pdf'], use_compression: false, use_encryption: true, priority: 'low', encryption_password: 'xxxxxxxx', card_layout: 'a6',
    });
  });

  it('keeps the scenario draft and the preset', () => {
    const s = fakeStore();
    expect(loadDraft(s)).toBeUndefined();
    saveDraft({ name: 'X', total_patients: 3 }, s);
    expect(loadDraft(s)).toEqual({ name: 'X', total_patients: 3 });
    savePresetId('nato_article_5', s);
    expect(loadPresetId(s)).toBe('nato_article_5');
    savePresetId('', s);
    expect(loadPresetId(s)).toBe('');
  });
});
