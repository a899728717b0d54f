/**
 * Fuzzy title matching: which of the user's tasks do these words mean? Words are compared by stem
 * (paying the bills ≈ pay bills), with a typo allowed in longer words, and weighed so that a
 * common verb alone (buy, call) never decides the match.
 */
import { Task } from '../../schemas';
import { editDistance, stem } from './language';
import { formsOf, lemma } from './nlp';

const STOPWORDS = new Set(
  'a an the my your our to of for on in at with and or that this it its task tasks item items todo todos one list ' +
    'please some from about is are be i me we just already now again today'.split(' '),
);
/** Verbs that begin many titles; they count half as much as the words that tell titles apart. */
const LIGHT = new Set([
  'buy',
  'call',
  'pay',
  'do',
  'get',
  'mak',
  'go',
  'tak',
  'send',
  'writ',
  'check',
  'pick',
  'email',
  'book',
  'clean',
  'finish',
  'prepar',
  'have',
  'put',
  'see',
]);

export function titleWords(text: string): string[] {
  const words = text
    .toLowerCase()
    .split(/[^a-z0-9']+/)
    .filter((w) => w && !STOPWORDS.has(w))
    .map(stem);
  return [...new Set(words)];
}

/**
 * Fragments for the SQL pre-filter: a task can only match if its title contains one of them. Each
 * word is searched by its stem and by the forms of its verb (pay: paid), so either spelling is found.
 */
export function searchFragments(text: string): string[] {
  const words = text
    .toLowerCase()
    .split(/[^a-z0-9']+/)
    .filter((w) => w && !STOPWORDS.has(w));
  const fragments = words.flatMap((w) => [stem(w), w, ...formsOf(lemma(w))]).map((f) => f.slice(0, 3));
  return [...new Set(fragments.filter(Boolean))];
}

function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  // Numbers are exact: "errand 1111" is not "errand 1110".
  if (/\d/.test(a) || /\d/.test(b)) return false;
  const shorter = Math.min(a.length, b.length);
  if (shorter >= 4 && (a.startsWith(b) || b.startsWith(a))) return true;
  const longer = Math.max(a.length, b.length);
  const allowed = longer >= 8 ? 2 : longer >= 4 ? 1 : 0;
  return allowed > 0 && editDistance(a, b) <= allowed;
}

const weight = (w: string) => (LIGHT.has(w) ? 0.5 : 1);
const weighed = (words: string[]) => words.reduce((sum, w) => sum + weight(w), 0);

/** How well the words fit a title: the share of the words found in it, and of its words found. */
function fit(words: string[], title: string): { recall: number; precision: number } {
  const own = titleWords(title);
  if (own.length === 0 || words.length === 0) return { recall: 0, precision: 0 };
  const found = weighed(words.filter((w) => own.some((o) => sameWord(w, o))));
  const covered = weighed(own.filter((o) => words.some((w) => sameWord(w, o))));
  return { recall: found / weighed(words), precision: covered / weighed(own) };
}

/** Whether a title shares a word (by stem, a typo allowed) with the words that are not common verbs. */
export function mentions(words: string[], title: string): boolean {
  const own = titleWords(title);
  const telling = words.filter((w) => !LIGHT.has(w));
  return (telling.length > 0 ? telling : words).some((w) => own.some((o) => sameWord(w, o)));
}

export type Match = { task: Task } | { ambiguous: Task[] } | { none: true };

const normalized = (text: string) => titleWords(text).join(' ');

/**
 * The task the words name among the candidates. Exact titles win; otherwise the best fit if it is
 * good enough and clearly best; two that fit equally well are asked about. `prefer`: a tie between
 * a done and a pending task goes to the one with that status (completing prefers pending ones,
 * reopening done ones).
 */
export function matchTitle(
  text: string,
  candidates: Task[],
  { prefer }: { prefer?: 'pending' | 'completed' } = {},
): Match {
  const exact = candidates.filter((t) => t.title.trim().toLowerCase() === text.trim().toLowerCase());
  if (exact.length === 1) return { task: exact[0] };
  const words = titleWords(text);
  const scored = candidates
    .map((task) => {
      const { recall, precision } = fit(words, task.title);
      return { task, recall, precision, score: (recall + precision) / 2 };
    })
    .filter((s) => s.recall >= 0.5 && s.score >= 0.5)
    .sort((a, b) => b.score - a.score || b.recall - a.recall);
  if (scored.length === 0) return { none: true };
  const best = scored.filter((s) => s.score === scored[0].score);
  if (best.length === 1) {
    // A clear winner only if nothing else fits nearly as well.
    const runnerUp = scored[1];
    if (!runnerUp || scored[0].score - runnerUp.score >= 0.15 || scored[0].precision === 1)
      return { task: best[0].task };
    return { ambiguous: scored.filter((s) => scored[0].score - s.score < 0.15).map((s) => s.task) };
  }
  const sameTitle = new Set(best.map((s) => normalized(s.task.title))).size === 1;
  if (prefer || sameTitle) {
    const wanted = best.filter((s) => s.task.completed === (prefer === 'completed'));
    if (wanted.length === 1) return { task: wanted[0].task };
  }
  return { ambiguous: best.map((s) => s.task) };
}
