/**
 * The Generate form's choices are the server's: every output format a job accepts, and every
 * card layout, offered once — a list the browser keeps of its own (it may not import the
 * formats), checked here against the server's.
 */
import { describe, expect, it } from 'vitest';
import { CARD_LAYOUTS } from '../src/formats/index.js';
import { JOB_FORMATS } from '../src/jobs/index.js';
import { CARD_LAYOUTS as FORM_LAYOUTS, FORMATS as FORM_FORMATS } from '../web/src/generate/output-choices.js';

describe('the Generate form offers what the server accepts', () => {
  it('offers every job output format, once', () => {
    expect(FORM_FORMATS.map((f) => f.id).sort()).toEqual([...JOB_FORMATS].sort());
  });

  it('offers every card layout, once, a4 first (the default)', () => {
    expect(FORM_LAYOUTS.map((l) => l.id)).toEqual(expect.arrayContaining([...CARD_LAYOUTS]));
    expect(FORM_LAYOUTS).toHaveLength(CARD_LAYOUTS.length);
    expect(FORM_LAYOUTS[0]!.id).toBe('a4');
  });
});
