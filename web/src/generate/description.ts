/**
 * A preset's description names its duration and fronts in words ("An eight-day … across two
 * fronts"). When the planner changes those values the text follows them, so the scenario never
 * says "eight-day" after the days were set to 3.
 */

const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve',
  'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];

function numberOf(word: string): number | undefined {
  if (/^\d+$/.test(word)) return Number(word);
  const i = WORDS.indexOf(word.toLowerCase());
  return i >= 0 ? i : undefined;
}

const wordOf = (n: number): string => WORDS[n] ?? String(n);
/** "an" before a vowel sound: eight, eleven, eighteen, 8, 11, 18, 80… */
const anBefore = (n: number): boolean => /^(8|11|18)/.test(String(n)) && (n < 100 || /^8/.test(String(n)));

function sameCase(model: string, text: string): string {
  return model !== '' && model[0] === (model[0] as string).toUpperCase() && model[0] !== (model[0] as string).toLowerCase()
    ? text.charAt(0).toUpperCase() + text.slice(1)
    : text;
}

/** Duration phrases that do not spell a number, and the days they mean. */
const FIXED: { re: RegExp; days: number }[] = [
  { re: /\ba single day\b/i, days: 1 },
  { re: /\ba month\b/i, days: 30 },
  { re: /\btwo weeks\b/i, days: 14 },
  { re: /\ba week\b/i, days: 7 },
];

function withDays(text: string, days: number): string {
  let out = text.replace(/\b(?:(an?)\s+)?([a-z]+|\d+)-day\b/gi, (whole, article: string | undefined, word: string) => {
    const n = numberOf(word);
    if (n === undefined || n === days) return whole;
    const adj = `${wordOf(days)}-day`;
    if (!article) return sameCase(word, adj);
    return `${sameCase(article, anBefore(days) ? 'an' : 'a')} ${adj}`;
  });
  out = out.replace(/\b([a-z]+|\d+) days\b/gi, (whole, word: string) => {
    const n = numberOf(word);
    if (n === undefined || n === days) return whole;
    return sameCase(word, `${wordOf(days)} ${days === 1 ? 'day' : 'days'}`);
  });
  for (const { re, days: meant } of FIXED) {
    if (meant === days) continue;
    out = out.replace(re, (whole) => sameCase(whole, `${wordOf(days)} ${days === 1 ? 'day' : 'days'}`));
  }
  return out;
}

function withFronts(text: string, fronts: number): string {
  return text.replace(/\b([a-z]+|\d+) fronts?\b/gi, (whole, word: string) => {
    const n = numberOf(word);
    if (n === undefined || n === fronts) return whole;
    return sameCase(word, `${wordOf(fronts)} ${fronts === 1 ? 'front' : 'fronts'}`);
  });
}

/** The description with its duration and front count brought in line with the values. */
export function adjustDescription(text: string, values: { days?: unknown; fronts?: number }): string {
  let out = text;
  if (typeof values.days === 'number' && Number.isInteger(values.days) && values.days > 0) out = withDays(out, values.days);
  if (typeof values.fronts === 'number' && values.fronts > 0) out = withFronts(out, values.fronts);
  return out;
}
