import { describe, expect, it } from 'vitest';
import { readEstimate } from './estimate.js';

describe('the server\'s outcome estimate', () => {
  it('reads the shares of each final status', () => {
    expect(readEstimate({ valid: true, errors: [], expected_outcomes: { KIA: 0.07, DOW: 0.05, RTD: 0.8, Remains_Role4: 0.07, Died_DNBI: 0.01 } }))
      .toEqual({ KIA: 0.07, DOW: 0.05, RTD: 0.8, Remains_Role4: 0.07, Died_DNBI: 0.01 });
  });

  it('gives nothing for an answer without them, and drops values that are not shares', () => {
    expect(readEstimate({ valid: true, errors: [] })).toBeUndefined();
    expect(readEstimate({ expected_outcomes: { KIA: 'x', DOW: 2 } })).toBeUndefined();
    expect(readEstimate({ expected_outcomes: { KIA: 0.1, DOW: -1 } })).toEqual({ KIA: 0.1 });
    expect(readEstimate(null)).toBeUndefined();
  });
});
