/**
 * English from a maintained library (compromise): word lemmas from its lexicon and conjugation
 * models (bought → buy, renewed → renew, calling → call, groceries → grocery), and, for a whole
 * sentence, its part-of-speech tags: passive voice ("the milk is bought"), tense, noun phrases.
 *
 * compromise takes about a second to unpack its lexicon, so it is loaded on first use (or by
 * `loadLanguage()` once the server is ready), never while the process starts. The word functions
 * are synchronous and need it loaded: the agent awaits `loadLanguage()` before each turn.
 */
import type nlpType from 'compromise';

type Nlp = typeof nlpType;
type Lexicon = Record<string, string | string[]>;
interface VerbTransforms {
  toInfinitive(word: string, model: object, tense: string): string;
  conjugate(infinitive: string, model: object): Record<string, string>;
}
interface NounTransforms {
  toSingular(word: string, model: object): string;
}

interface Language {
  nlp: Nlp;
  lexicon: Lexicon;
  model: object;
  verb: VerbTransforms;
  noun: NounTransforms;
}

let language: Language | undefined;
let loading: Promise<Language> | undefined;

/** Loads compromise once; later calls return at once. */
export function loadLanguage(): Promise<Language> {
  loading ??= import('compromise').then(({ default: nlp }) => {
    const world = nlp.world() as {
      model: { one: { lexicon: Lexicon } };
      methods: { two: { transform: { verb: VerbTransforms; noun: NounTransforms } } };
    };
    language = {
      nlp,
      lexicon: world.model.one.lexicon,
      model: world.model,
      verb: world.methods.two.transform.verb,
      noun: world.methods.two.transform.noun,
    };
    return language;
  });
  return loading;
}

function loaded(): Language {
  if (!language) throw new Error('the language library is not loaded: await loadLanguage() first');
  return language;
}

const tagsOf = (lexicon: Lexicon, word: string): string[] => {
  const tags = lexicon[word];
  return tags === undefined ? [] : Array.isArray(tags) ? tags : [tags];
};

const cache = new Map<string, string>();
const CACHE_MAX = 20000;

/**
 * The dictionary form of one lower-case word: verbs to the infinitive, plural nouns to the
 * singular. Other words, and words the lexicon does not know in an inflected form, stay as they are.
 */
export function lemma(word: string): string {
  const cached = cache.get(word);
  if (cached !== undefined) return cached;
  const { lexicon, model, verb, noun } = loaded();
  const tags = tagsOf(lexicon, word);
  const has = (tag: string) => tags.includes(tag);
  let result = word;
  if (has('Infinitive') || has('Singular') || has('Uncountable')) result = word;
  else if (has('PastTense')) result = verb.toInfinitive(word, model, 'PastTense');
  else if (has('Participle')) result = verb.toInfinitive(word, model, 'Participle');
  else if (has('Gerund')) result = verb.toInfinitive(word, model, 'Gerund');
  else if (has('PresentTense')) result = verb.toInfinitive(word, model, 'PresentTense');
  else if (has('Plural')) result = noun.toSingular(word, model);
  else if (word.length > 4 && word.endsWith('ing')) result = verb.toInfinitive(word, model, 'Gerund');
  else if (word.length > 3 && /[^e]ed$/.test(word)) result = verb.toInfinitive(word, model, 'PastTense');
  else if (word.length > 3 && /[^su]s$/.test(word) && tags.length === 0)
    result = noun.toSingular(word, model);
  if (!result || !/^[a-z]/.test(result)) result = word;
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(word, result);
  return result;
}

/** Whether the lexicon knows the word as a past tense or a past participle (bought, renewed, gone). */
export function isPastForm(word: string): boolean {
  const { lexicon } = loaded();
  const tags = tagsOf(lexicon, word);
  if (tags.includes('PastTense') || tags.includes('Participle')) return true;
  return tags.every((t) => t === 'Adjective') && /[^e]ed$/.test(word) && lemma(word) !== word;
}

/** Whether the lexicon knows the word as a verb in the infinitive ("buy", "renew"). */
export function isInfinitive(word: string): boolean {
  return tagsOf(loaded().lexicon, word.toLowerCase()).includes('Infinitive');
}

/** The inflected forms of a verb (pay → paid, pays, paying); empty for a word that is not one. */
export function formsOf(infinitive: string): string[] {
  const { verb, model, lexicon } = loaded();
  if (!tagsOf(lexicon, infinitive).includes('Infinitive')) return [];
  const forms = verb.conjugate(infinitive, model);
  return [forms.PastTense, forms.PresentTense, forms.Gerund, forms.Participle].filter(
    (f): f is string => typeof f === 'string' && !f.includes(' ') && f !== infinitive,
  );
}

export interface Term {
  text: string;
  /** Lower case, without punctuation. */
  normal: string;
  tags: Set<string>;
}

/** The words of a sentence with their part-of-speech tags, read in context. */
export function tagged(text: string): Term[] {
  const { nlp } = loaded();
  const [sentence] = nlp(text).json({ terms: { normal: true } }) as {
    terms: { text: string; normal: string; tags: string[] }[];
  }[];
  return (sentence?.terms ?? []).map((t) => ({ text: t.text, normal: t.normal, tags: new Set(t.tags) }));
}

/** The first verb of a sentence, as read in context, when it starts the sentence: "buy cat food" → buy. */
export function leadingVerb(text: string): string | undefined {
  const [first] = tagged(text);
  if (!first || !first.tags.has('Verb') || first.tags.has('Auxiliary') || first.tags.has('Copula'))
    return undefined;
  return lemma(first.normal);
}

/**
 * A completion stated in the passive: "the milk is bought", "the car has been washed", "grandma
 * was called yesterday" → { verb: "buy", object: "milk" }; "rent's paid" too.
 */
export function passiveStatement(text: string): { verb: string; object: string } | undefined {
  const terms = tagged(text.replace(/(\w)'s\s+(\w+ed|\w+)$/i, '$1 is $2'));
  const auxiliary = terms.findIndex(
    (t) => t.tags.has('Copula') || t.tags.has('Auxiliary') || /^(?:got|gets|get)$/.test(t.normal),
  );
  if (auxiliary <= 0) return undefined;
  const subject = terms.slice(0, auxiliary);
  if (!subject.some((t) => t.tags.has('Noun') && !t.tags.has('Pronoun') && !t.tags.has('QuestionWord')))
    return undefined;
  if (subject.some((t) => t.tags.has('Verb') || t.tags.has('QuestionWord'))) return undefined;
  let i = auxiliary + 1;
  while (
    i < terms.length &&
    (terms[i].tags.has('Auxiliary') || /^(?:been|now|all|finally|already)$/.test(terms[i].normal))
  )
    i++;
  const participle = terms[i];
  if (!participle || /^(?:not|never)$/.test(participle.normal)) return undefined;
  if (!isPastForm(participle.normal)) return undefined;
  const verb = lemma(participle.normal);
  if (verb === participle.normal) return undefined;
  const object = subject
    .filter((t) => !t.tags.has('Determiner') && !t.tags.has('Possessive'))
    .map((t) => t.text)
    .join(' ');
  return object ? { verb, object } : undefined;
}

/** The noun phrases of a text, without determiners: "no need for the haircut anymore" → ["haircut"]. */
export function nounPhrases(text: string): string[] {
  const { nlp } = loaded();
  return (nlp(text).nouns().not('#Pronoun').out('array') as string[])
    .map((phrase) =>
      phrase
        .replace(/^(?:the|a|an|my|your|our|this|that|these|those|some|any)\s+/i, '')
        .replace(/[\s,.;:!?]+$/, '')
        .trim(),
    )
    .filter(
      (phrase) => phrase && !/^(?:need|list|task|tasks|anything|something|nothing|everything)$/i.test(phrase),
    );
}

/**
 * The words that carry meaning, as lemmas: nouns, main verbs, adjectives, numbers; no auxiliaries,
 * negations, pronouns or adverbs. "I didn't actually renew the passport yet" → "renew passport".
 */
export function contentWords(text: string): string {
  return tagged(text)
    .filter(
      (t) =>
        (t.tags.has('Noun') || t.tags.has('Verb') || t.tags.has('Adjective') || t.tags.has('Value')) &&
        !t.tags.has('Pronoun') &&
        !t.tags.has('Auxiliary') &&
        !t.tags.has('Copula') &&
        !t.tags.has('Negative') &&
        !t.tags.has('Possessive') &&
        !/^(?:actually|yet|back|again|still|really|just|need|list)$/.test(t.normal),
    )
    .map((t) => (t.tags.has('Verb') ? lemma(t.normal) : t.text))
    .join(' ');
}
