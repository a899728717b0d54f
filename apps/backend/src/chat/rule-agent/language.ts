/**
 * The small amount of English the embedded agent needs: tidying a message, finding quoted titles,
 * reducing words to a common stem (paying, paid, pay → pay, with lemmas from nlp.ts) and comparing
 * words with typos.
 */
import { lemma } from './nlp';

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

const VOWEL = /[aeiouy]/;
const undouble = (w: string) => (/([^aeiouslz])\1$/.test(w) ? w.slice(0, -1) : w);

/**
 * A comparison key for a word: its lemma from the language library (paid → pay, bought → buy,
 * groceries → grocery), then common endings folded so that related words meet as well (shopping,
 * shop; making, make), on both sides of a comparison, which is all it is for.
 */
export function stem(word: string): string {
  const bare = word.toLowerCase().replace(/'s$|[^a-z0-9]/g, '');
  let w = bare ? lemma(bare) : bare;
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
