/**
 * North American numbers, written from the public descriptions: US Social Security number
 * (area/group/serial rules; no check digit) and Canadian Social Insurance Number (Luhn).
 */
import type { Rng } from '../../../rng.js';
import { PAD2, between, digits, luhnDigit, luhnValid, pad3, pad4, type IdScheme } from './util.js';

// --------------------------------------------------------- Social Security number (US)
/** AAA-GG-SSSS: area 001–899 except 666, group 01–99, serial 0001–9999. */
export function ssn(rng: Rng): string {
  let area: number;
  do area = between(rng, 1, 899);
  while (area === 666);
  return `${pad3(area)}-${PAD2[between(rng, 1, 99)] as string}-${pad4(between(rng, 1, 9999))}`;
}

export function isValidSsn(id: string): boolean {
  const m = /^(\d{3})-(\d{2})-(\d{4})$/.exec(id);
  if (!m) return false;
  const area = Number(m[1]);
  return area > 0 && area < 900 && area !== 666 && m[2] !== '00' && m[3] !== '0000';
}

export const US_SSN: IdScheme = {
  scheme: 'Social Security number',
  check: 'area/group/serial rules (no check digit)',
  generate: (rng) => ssn(rng),
  validate: isValidSsn,
  agrees: () => true,
};

// ---------------------------------------------------- Social Insurance Number (Canada)
/** `NNN NNN NNN`: first digit 1–7 (province of registration; 9 temporary, 8 business numbers), Luhn. */
export function sin(rng: Rng): string {
  const eight = `${between(rng, 1, 7)}${digits(rng, 7)}`;
  const nine = eight + luhnDigit(eight);
  return `${nine.slice(0, 3)} ${nine.slice(3, 6)} ${nine.slice(6)}`;
}

export function isValidSin(id: string): boolean {
  if (!/^\d{3} \d{3} \d{3}$/.test(id)) return false;
  const nine = id.replace(/ /g, '');
  return nine[0] !== '8' && luhnValid(nine);
}

export const CANADIAN_SIN: IdScheme = {
  scheme: 'Social Insurance Number',
  check: 'Luhn',
  generate: (rng) => sin(rng),
  validate: isValidSin,
  agrees: () => true,
};
