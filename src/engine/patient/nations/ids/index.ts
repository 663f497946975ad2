/**
 * National identity numbers of the 32 NATO nations (domain spec §4.1): one scheme per nation,
 * each a generator and its validator. Where the real scheme has a check digit or checksum,
 * generated numbers pass it; where it encodes the birth date and sex, they are the patient's.
 * See docs/nations.md for the scheme of each nation and the sources of the test vectors.
 */
import type { NationCode } from '../../../types.js';
import { CANADIAN_SIN, US_SSN } from './americas.js';
import {
  ALBANIAN_NID, BULGARIAN_EGN, CROATIAN_OIB, GREEK_AMKA, HUNGARIAN_TAJ, MACEDONIAN_EMBG, MONTENEGRIN_JMBG, POLISH_PESEL, RODNE_CISLO,
  ROMANIAN_CNP, SLOVENIAN_EMSO, TURKISH_TC_KIMLIK,
} from './central-east.js';
import {
  DANISH_CPR, ESTONIAN_ISIKUKOOD, FINNISH_HENKILOTUNNUS, ICELANDIC_KENNITALA, LATVIAN_PERSONAS_KODS, LITHUANIAN_ASMENS_KODAS,
  NORWEGIAN_FODSELSNUMMER, SWEDISH_PERSONNUMMER,
} from './nordic-baltic.js';
import type { IdScheme } from './util.js';
import {
  BELGIAN_NATIONAL_NUMBER, BRITISH_NINO, DUTCH_BSN, FRENCH_NIR, GERMAN_STEUER_ID, ITALIAN_CODICE_FISCALE, LUXEMBOURG_MATRICULE,
  PORTUGUESE_CARTAO_CIDADAO, SPANISH_DNI,
} from './western.js';

export type { IdScheme } from './util.js';
export { digits } from './util.js';

export const ID_SCHEMES: Readonly<Record<NationCode, IdScheme>> = {
  ALB: ALBANIAN_NID,
  BEL: BELGIAN_NATIONAL_NUMBER,
  BGR: BULGARIAN_EGN,
  CAN: CANADIAN_SIN,
  HRV: CROATIAN_OIB,
  CZE: RODNE_CISLO,
  DNK: DANISH_CPR,
  EST: ESTONIAN_ISIKUKOOD,
  FIN: FINNISH_HENKILOTUNNUS,
  FRA: FRENCH_NIR,
  DEU: GERMAN_STEUER_ID,
  GRC: GREEK_AMKA,
  HUN: HUNGARIAN_TAJ,
  ISL: ICELANDIC_KENNITALA,
  ITA: ITALIAN_CODICE_FISCALE,
  LVA: LATVIAN_PERSONAS_KODS,
  LTU: LITHUANIAN_ASMENS_KODAS,
  LUX: LUXEMBOURG_MATRICULE,
  MNE: MONTENEGRIN_JMBG,
  NLD: DUTCH_BSN,
  MKD: MACEDONIAN_EMBG,
  NOR: NORWEGIAN_FODSELSNUMMER,
  POL: POLISH_PESEL,
  PRT: PORTUGUESE_CARTAO_CIDADAO,
  ROU: ROMANIAN_CNP,
  SVK: RODNE_CISLO,
  SVN: SLOVENIAN_EMSO,
  ESP: SPANISH_DNI,
  SWE: SWEDISH_PERSONNUMMER,
  TUR: TURKISH_TC_KIMLIK,
  GBR: BRITISH_NINO,
  USA: US_SSN,
};

/** Whether `id` is a valid national identity number of `nation`. */
export function isValidNationalId(nation: NationCode, id: string): boolean {
  return ID_SCHEMES[nation].validate(id);
}
