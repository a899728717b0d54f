/**
 * The small amount of English the embedded agent needs: tidying a message, finding quoted titles,
 * reducing words to a common stem (paying, paid, pay → pay) and comparing words with typos.
 */

/** Curly quotes to straight ones, one space between words, no space at the ends. */
export function tidy(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201F\u2033]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

const CONTRACTIONS: [RegExp, string][] = [
  [/\bi'm\b/gi, 'I am'],
  [/\bi've\b/gi, 'I have'],
  [/\bi'd\b/gi, 'I would'],
  [/\bi'll\b/gi, 'I will'],
  [/\b(what|that|it|there|where|how|here)'s\b/gi, '$1 is'],
  [/\bwhat're\b/gi, 'what are'],
];

/** "I've" → "I have" and the like, so rules need one spelling only. */
export function expandContractions(text: string): string {
  return CONTRACTIONS.reduce((t, [pattern, replacement]) => t.replace(pattern, replacement), text);
}

/** A quoted span stands for this placeholder while the sentence around it is parsed. */
export const placeholder = (index: number) => `\u27E6${index}\u27E7`;
const PLACEHOLDER = /^\u27E6(\d+)\u27E7$/;

/**
 * Replaces quoted spans ("..." or '...', where an apostrophe inside a word is not a quote) by
 * placeholders; returns the text and the spans.
 */
export function extractQuoted(text: string): { text: string; quoted: string[] } {
  const quoted: string[] = [];
  const replaced = text.replace(
    /(^|[\s(:,-])(["'])(?=\S)(.+?)(?<=\S)\2(?=$|[\s).,!?:;-])/g,
    (_m, lead, _q, inner) => {
      quoted.push(inner.trim());
      return `${lead}${placeholder(quoted.length - 1)}`;
    },
  );
  return { text: replaced, quoted };
}

/** The quoted text a placeholder stands for, or undefined when the text is not exactly one placeholder. */
export function quotedText(text: string, quoted: string[]): string | undefined {
  const match = PLACEHOLDER.exec(text.trim());
  return match ? quoted[Number(match[1])] : undefined;
}

/** Puts quoted spans back (without their quotes). */
export function restoreQuoted(text: string, quoted: string[]): string {
  return text.replace(/\u27E6(\d+)\u27E7/g, (_m, i) => quoted[Number(i)] ?? '');
}

const IRREGULAR: Record<string, string> = {
  paid: 'pay',
  bought: 'buy',
  did: 'do',
  done: 'do',
  does: 'do',
  went: 'go',
  gone: 'go',
  made: 'make',
  sent: 'send',
  wrote: 'write',
  written: 'write',
  took: 'take',
  taken: 'take',
  got: 'get',
  gotten: 'get',
  fed: 'feed',
  ran: 'run',
  met: 'meet',
  ate: 'eat',
  eaten: 'eat',
  drove: 'drive',
  driven: 'drive',
  gave: 'give',
  given: 'give',
  brought: 'bring',
  found: 'find',
  told: 'tell',
  sold: 'sell',
  kept: 'keep',
  swept: 'sweep',
  spent: 'spend',
  built: 'build',
  taught: 'teach',
  caught: 'catch',
  thought: 'think',
  hung: 'hang',
  rang: 'ring',
  sang: 'sing',
  swam: 'swim',
  began: 'begin',
  forgot: 'forget',
  chose: 'choose',
  woke: 'wake',
  wore: 'wear',
  tore: 'tear',
  threw: 'throw',
  flew: 'fly',
  drew: 'draw',
  grew: 'grow',
  knew: 'know',
  left: 'leave',
  lent: 'lend',
  bent: 'bend',
  dealt: 'deal',
  felt: 'feel',
  slept: 'sleep',
  children: 'child',
  people: 'person',
};

/** Past tenses that are irregular, for telling "I paid the bills" from other sentences. */
export const IRREGULAR_PAST = new Set(
  Object.keys(IRREGULAR).filter((w) => !['children', 'people', 'left'].includes(w)),
);

const VOWEL = /[aeiouy]/;
const undouble = (w: string) => (/([^aeiouslz])\1$/.test(w) ? w.slice(0, -1) : w);

/**
 * A light English stemmer: enough that the forms of one word meet (paying, paid, pay; groceries,
 * grocery; finished, finish; making, make) on both sides of a comparison, which is all it is for.
 */
export function stem(word: string): string {
  let w = word.toLowerCase().replace(/'s$|[^a-z0-9]/g, '');
  if (IRREGULAR[w]) return stem(IRREGULAR[w]);
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('ied') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/(ss|sh|ch|x|z)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ing') && VOWEL.test(w.slice(0, -3)) && w.length > 5) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ed') && VOWEL.test(w.slice(0, -2)) && w.length > 4) w = undouble(w.slice(0, -2));
  if (w.endsWith('ation') && w.length > 7) w = w.slice(0, -5);
  if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  return w;
}

/** Surface forms of each irregular stem (pay → paid), so a title search finds either spelling. */
export const FORMS_OF: Record<string, string[]> = Object.entries(IRREGULAR).reduce<Record<string, string[]>>(
  (forms, [form, base]) => ({ ...forms, [stem(base)]: [...(forms[stem(base)] ?? []), form] }),
  {},
);

/** Optimal string alignment distance: edits, transpositions counting as one ("mlik" → "milk" is 1). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}
