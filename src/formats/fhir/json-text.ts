/** JSON text helpers for the FHIR writer, which builds resources as strings for speed. */
import { Buffer } from 'node:buffer';

const NON_ASCII = /[\u0080-\uffff]/g;
const escapeChar = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * A JSON string literal in pure ASCII: non-ASCII characters are written as \uXXXX escapes
 * (same JSON value). Every FHIR line then stays a one-byte ASCII string, which V8 flattens and
 * writes as UTF-8 about twice as fast as a line holding one "ë" or "ł" — provided the literal
 * is also stored one byte per character, which `q` does not promise (see `qText`).
 */
export function q(text: string): string {
  const lit = JSON.stringify(text);
  NON_ASCII.lastIndex = 0;
  return NON_ASCII.test(lit) ? lit.replace(NON_ASCII, escapeChar) : lit;
}

/**
 * An ASCII string as a flat string stored one byte per character. V8 keeps a string two-byte
 * when it was cut from a two-byte one (a name list holding one "ł"), whatever its characters:
 * one such piece made the whole bundle rope two-byte, flattened at twice the size and then
 * narrowed again on the way into the byte buffer. Flat also means one piece instead of a tree
 * of them each time a constant fragment is copied into a bundle.
 */
export function flatAscii(ascii: string): string {
  return Buffer.from(ascii, 'latin1').toString('latin1');
}

const textLiterals = new Map<string, string>();
/** Distinct texts remembered: names come from fixed per-nation lists (≈ 15k distinct in a 200k-patient run). */
const TEXT_LITERALS_MAX = 100_000;

/**
 * `q` for free text that recurs across patients (names): stored one byte per character (see
 * `flatAscii`) and memoised, which also saves the escaping work on every later patient.
 */
export function qText(text: string): string {
  let lit = textLiterals.get(text);
  if (lit === undefined) {
    lit = flatAscii(q(text));
    if (textLiterals.size < TEXT_LITERALS_MAX) textLiterals.set(text, lit);
  }
  return lit;
}

/** `{"system":…,"code":…,"display":…}` */
export function coding(system: string, code: string, display: string): string {
  return `{"system":${q(system)},"code":${q(code)},"display":${q(display)}}`;
}

/** A CodeableConcept with one coding and an optional text. */
export function concept(system: string, code: string, display: string, text?: string): string {
  return `{"coding":[${coding(system, code, display)}]${text === undefined ? '' : `,"text":${q(text)}`}}`;
}

/** `{"reference":…}`; references are built from UUIDs and type names, which need no escaping. */
export function reference(ref: string, display?: string): string {
  return `{"reference":"${ref}"${display === undefined ? '' : `,"display":${q(display)}`}}`;
}

/**
 * Memoised JSON fragments per code. The engine's codes come from fixed tables, so there are a
 * few dozen distinct (code, display) pairs; each fragment is built once. A display that ever
 * differs for a known code is rebuilt, never served stale.
 */
export class FragmentCache {
  private readonly map = new Map<string, { display: string; json: string }>();

  constructor(private readonly build: (code: string, display: string) => string) {}

  get(code: string, display: string): string {
    const hit = this.map.get(code);
    if (hit !== undefined && hit.display === display) return hit.json;
    const json = flatAscii(this.build(code, display));
    if (this.map.size < 10_000) this.map.set(code, { display, json });
    return json;
  }
}
