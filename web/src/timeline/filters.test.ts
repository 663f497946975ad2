import { describe, expect, it } from 'vitest';
import { filterMask, filterOptions, NO_FILTERS } from './filters.js';
import { readValue } from './input.js';

const tl = [{ event_type: 'arrival', facility: 'POI', hours_since_injury: 0 }, { event_type: 'rtd', facility: 'POI', hours_since_injury: 1 }];
const base = { injury_timestamp: '2025-06-01T00:00:00Z', movement_timeline: tl, final_status: 'RTD' };
const { patients } = readValue([
  { ...base, id: 1, demographics: { given_name: 'Zoë', family_name: 'Müller' }, nationality: 'DEU', triage_category: 'T1', injury_type: 'BATTLE_TRAUMA', front: 'north' },
  { ...base, id: 2, demographics: { given_name: 'Jan', family_name: 'Kowalski' }, nationality: 'POL', triage_category: 'T3', injury_type: 'DISEASE', front: 'south', final_status: 'KIA' },
  { ...base, id: 12, demographics: { given_name: 'Ola', family_name: 'Nordmann' }, nationality: 'NOR', triage_category: 'T1', injury_type: 'DISEASE', front: 'north' },
]);

describe('viewer filters', () => {
  it('keeps everyone without filters', () => {
    expect(Array.from(filterMask(patients, NO_FILTERS))).toEqual([1, 1, 1]);
  });

  it('searches id and given/family names, ignoring case and accents, all words', () => {
    expect(Array.from(filterMask(patients, { ...NO_FILTERS, search: 'zoe muller' }))).toEqual([1, 0, 0]);
    expect(Array.from(filterMask(patients, { ...NO_FILTERS, search: '12' }))).toEqual([0, 0, 1]);
    expect(Array.from(filterMask(patients, { ...NO_FILTERS, search: 'KOWAL' }))).toEqual([0, 1, 0]);
  });

  it('combines nation, triage, injury type, status and front', () => {
    expect(Array.from(filterMask(patients, { ...NO_FILTERS, triage: 'T1', injuryType: 'DISEASE' }))).toEqual([0, 0, 1]);
    expect(Array.from(filterMask(patients, { ...NO_FILTERS, front: 'north', nation: 'DEU' }))).toEqual([1, 0, 0]);
    expect(Array.from(filterMask(patients, { ...NO_FILTERS, status: 'KIA' }))).toEqual([0, 1, 0]);
  });

  it('lists the distinct values for the menus', () => {
    expect(filterOptions(patients)).toEqual({
      nation: ['DEU', 'NOR', 'POL'], triage: ['T1', 'T3'], injuryType: ['BATTLE_TRAUMA', 'DISEASE'], status: ['KIA', 'RTD'], front: ['north', 'south'],
    });
  });
});
