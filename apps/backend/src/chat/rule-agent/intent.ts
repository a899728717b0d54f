/**
 * From a message to what the user wants, by general rules: tidy the text, set quoted titles aside,
 * peel off politeness ("could you please … for me"), then recognise the request by its verb and
 * take the title or the task it is about from the rest.
 */
import { TaskStatus } from '../../schemas';
import {
  expandContractions,
  extractQuoted,
  IRREGULAR_PAST,
  quotedText,
  restoreQuoted,
  stem,
  tidy,
} from './language';

/** Which task a request is about. */
export type Target =
  | { kind: 'id'; id: number }
  /** Position in the list the user is looking at: 0 is the first, -1 the last. */
  | { kind: 'position'; position: number }
  /** "it", "that one": the task the conversation just dealt with. */
  | { kind: 'previous' }
  /** Words of its title; `exact` when the user quoted it. */
  | { kind: 'title'; text: string; exact: boolean };

export type Intent =
  | { kind: 'add'; title?: string }
  | { kind: 'list'; status: TaskStatus }
  | { kind: 'more' }
  | { kind: 'count'; status: TaskStatus }
  /** `statement`: the user said they did something ("I paid the bills") rather than asking. */
  | { kind: 'complete'; target?: Target; statement?: boolean }
  | { kind: 'delete'; target?: Target }
  | { kind: 'update'; target?: Target; title?: string }
  /** A question whether a task is done ("did I pay the rent?"). */
  | { kind: 'status'; target: Target }
  | { kind: 'greeting' | 'thanks' | 'acknowledgement' | 'goodbye' | 'help' }
  | { kind: 'unknown'; text: string };

const GREETING =
  '(?:hi|hello|hey|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day))(?: there| again)?';

/** Greetings, fillers and politeness before the request. */
const LEADING = [
  new RegExp(`^${GREETING}\\b[\\s,!.]*`, 'i'),
  /^(?:ok(?:ay)?|alright|all right|right|so|well|um+|uh+|hmm+|oh|ah|and|also|then|now|actually|btw|by the way|just|quick(?:ly)?|one more thing)\b[\s,!.:-]*/i,
  /^(?:please|pls|plz|kindly)\b[\s,]*/i,
  /^(?:can|could|would|will|won't) (?:you|u)(?: please| kindly| maybe| possibly| just)*\b[\s,]*/i,
  /^(?:i would like you to|i want you to|i need you to|help me|go ahead and|let us|let's|lets)\b\s*/i,
  /^(?:can|could|may) i(?: please)?\b\s*/i,
];
/** Politeness and punctuation after the request. */
const TRAILING = [
  /[\s,]*\b(?:please|pls|plz|thanks|thank you|thx|ty|cheers)\b[\s!.?]*$/i,
  /[\s,]*\b(?:for me|if you can|if you could|if possible|when you can|asap|right now|real quick|quickly)\b[\s!.?]*$/i,
  /[\s?!.,]+$/,
];

/** Removes what the patterns match, again and again, until none matches ("ok, so, could you please…"). */
function stripAll(text: string, patterns: RegExp[]): string {
  let current = text;
  for (let changed = true; changed;) {
    changed = false;
    for (const pattern of patterns) {
      const next = current.replace(pattern, '');
      if (next !== current) [current, changed] = [next, true];
    }
  }
  return current.trim();
}

const peel = (text: string) => stripAll(text, [...LEADING, ...TRAILING]);

const SMALL_TALK: [RegExp, Intent['kind']][] = [
  [
    /^(?:(?:ok|okay|great|cool|perfect),? )?(?:thanks|thank you|thank u|thx|ty|cheers|much appreciated|appreciate it)\b(?: (?:so|very) much| a lot| again| you| mate| buddy)*[\s!.]*$/i,
    'thanks',
  ],
  [
    /^(?:ok|okay|great|cool|nice|perfect|awesome|got it|brilliant|lovely|sounds good|alright)[\s!.]*$/i,
    'acknowledgement',
  ],
  [
    /^(?:bye|goodbye|good night|see (?:you|ya)(?: later)?|later|cya|that is all|that's all|that's it|nothing else)\b[\s!.]*$/i,
    'goodbye',
  ],
  [
    /^(?:help|\?|what can you do|what do you do|what can i (?:say|ask)|how does (?:this|it) work|how do i use (?:this|you)|commands|options)\b[\s?!.]*$/i,
    'help',
  ],
  [new RegExp(`^${GREETING}[\\s!.]*$`, 'i'), 'greeting'],
];

const LIST_TAIL =
  /\s+(?:to|on|onto|in|into|for)\s+(?:my|the|our)\s+(?:todo |to-do |to do |task |tasks |shopping |reminders? )?(?:list|tasks|todos|to-dos|reminders)$/i;

/** Leading words that say "this is something I have to do", before a title. */
const TITLE_FILLER = [
  /^(?:that\s+)?(?:i\s+)?(?:really\s+)?(?:need|have|has|got|must|should|gotta|ought|want)(?:\s+to)?\s+/i,
  /^(?:to\s+)?(?:remember|remind me|not forget|don't forget|do not forget)\s+to\s+/i,
  /^(?:probably|maybe|really|definitely|also|still)\s+/i,
  /^(?:to|that)\s+/i,
];

function title(raw: string, quoted: string[]): string | undefined {
  const exact = quotedText(raw, quoted);
  if (exact !== undefined) return exact;
  const text = restoreQuoted(
    stripAll(raw.replace(LIST_TAIL, '').trim(), TITLE_FILLER).replace(/[\s,.;:!?-]+$/, ''),
    quoted,
  ).trim();
  return text || undefined;
}

export const POSITION_WORDS = 'first second third fourth fifth sixth seventh eighth ninth tenth'.split(' ');
/** Ordinal words and their position: 0 is the first, -1 the last. */
const ORDINALS: Record<string, number> = Object.fromEntries([
  ...POSITION_WORDS.map((w, i) => [w, i]),
  ...'1st 2nd 3rd 4th 5th 6th 7th 8th 9th 10th'.split(' ').map((w, i) => [w, i]),
  ...['top', 'oldest', 'earliest'].map((w) => [w, 0]),
  ...['last', 'final', 'latest', 'newest', 'most recent', 'bottom'].map((w) => [w, -1]),
]);
const TASK_NOUN = '(?:task|item|todo|to-do|one|entry|reminder|note|thing)s?';
const ORDINAL = new RegExp(
  `^(?:the\\s+|my\\s+)?(${Object.keys(ORDINALS).join('|')})(?:\\s+${TASK_NOUN})?` +
    '(?:\\s+(?:on|in)\\s+(?:my|the)\\s+list)?$',
  'i',
);

function target(raw: string | undefined, quoted: string[]): Target | undefined {
  if (raw === undefined) return undefined;
  const exact = quotedText(raw, quoted);
  if (exact !== undefined) return { kind: 'title', text: exact, exact: true };
  const text = raw
    .replace(/\s+(?:off|from|out of)\s+(?:my|the)\s+(?:todo |to-do |to do |task )?(?:list|tasks|todos)$/i, '')
    .replace(/[\s.!?,]+$/, '')
    .trim();
  const id =
    /^(?:(?:task|item|todo|number|no\.?)\s*)?#?\s*(\d{1,10})$/i.exec(text) ??
    /(?:\b(?:task|item|number|no\.?)\s*#?|#)(\d{1,10})\b/i.exec(text);
  if (id) return { kind: 'id', id: Number(id[1]) };
  const ordinal = ORDINAL.exec(text);
  if (ordinal) return { kind: 'position', position: ORDINALS[ordinal[1].toLowerCase()] };
  if (/^(?:it|that|this|that one|this one|the same one|same one|the one I just added)$/i.test(text))
    return { kind: 'previous' };
  const words = text
    .replace(/^(?:the|my|a|an|that|this)\s+/i, '')
    .replace(new RegExp(`\\s+${TASK_NOUN}$`, 'i'), '')
    .trim();
  if (!words || /^(?:as|a|an|the|task|one|it)$/i.test(words)) return undefined;
  return { kind: 'title', text: restoreQuoted(words, quoted), exact: false };
}

/** Which tasks a list or count is about. */
function statusOf(lowerText: string): TaskStatus {
  const text = lowerText.replace(/\b(?:todo|to-do|to do|task|tasks) list\b/g, 'list');
  if (
    /\b(?:not|n't|never)\s+(?:yet\s+)?(?:done|finished|complete[d]?)\b|\b(?:unfinished|incomplete|undone)\b/.test(
      text,
    )
  )
    return 'pending';
  if (/\b(?:complete[d]?|done|finished|accomplished|did|ticked off|checked off|crossed off)\b/.test(text))
    return 'completed';
  if (
    /\b(?:pending|open|left|remaining|outstanding|still|to do|todo|need to do|have to do|plate|upcoming|active|current|due)\b/.test(
      text,
    )
  )
    return 'pending';
  return 'all';
}

/** Verbs that add when a task noun follows ("make a note to…", "set a reminder to…"). */
const ADD_VERB =
  '(?:add|create|make|new|put|save|insert|include|schedule|log|record|' +
  '(?:note|jot|write)(?: down)?|set(?: up)?)';
const COMPLETED_WORDS = 'done|complete|completed|finished|checked(?: off)?|ticked(?: off)?|crossed off|off';

/** The verb-led request patterns, each turning its match into an intent. */
const REQUESTS: [RegExp, (m: RegExpExecArray, quoted: string[]) => Intent | undefined][] = [
  // Questions first: "did I pay the rent?" asks, it does not tell.
  [
    /^(?:did|have|has)\s+(?:I|we)\s+(?:already\s+|ever\s+)?(.+)$/i,
    (m, q) => {
      const about = target(m[1], q);
      return about && { kind: 'status', target: about };
    },
  ],
  [
    /^(?:is|are|was|were)\s+(.+?)\s+(?:already\s+)?(?:done|finished|complete|completed|paid|sorted|ticked off|checked off)$/i,
    (m, q) => {
      const about = target(m[1], q);
      return about && { kind: 'status', target: about };
    },
  ],
  [
    /^(?:change|update|rename|edit|modify|reword|correct|retitle|amend)\s+(.+?)\s+(?:to say|to read|so (?:that )?it (?:says|reads)|to|into|as)\s+(.+)$/i,
    (m, q) => ({ kind: 'update', target: target(m[1], q), title: title(m[2], q) }),
  ],
  [
    /^(?:change|update|rename|edit|modify|reword|retitle)\b\s*(.*)$/i,
    (m, q) => ({ kind: 'update', target: target(m[1] || undefined, q) }),
  ],
  [
    new RegExp(
      `^(?:mark|set|flag|put)\\s+(.*?)\\s*(?:as\\s+)?(?:${COMPLETED_WORDS})` +
        '(?:\\s+(?:on|in|from)\\s+(?:my|the)\\s+list)?$',
      'i',
    ),
    (m, q) => ({ kind: 'complete', target: target(m[1] || undefined, q) }),
  ],
  [/^(?:check|tick|cross|strike)\s+off\s+(.+)$/i, (m, q) => ({ kind: 'complete', target: target(m[1], q) })],
  [
    /^(?:check|tick|cross|strike)\s+(.+?)\s+off\b.*$/i,
    (m, q) => ({ kind: 'complete', target: target(m[1], q) }),
  ],
  [/^(?:complete|finish|close|resolve)\s+(.+)$/i, (m, q) => ({ kind: 'complete', target: target(m[1], q) })],
  [
    /^(?:i\s+)?(?:have\s+|just\s+|already\s+|finally\s+|now\s+)*(?:finished|completed|done|did)\s+(?:with\s+)?(.+)$/i,
    (m, q) => ({ kind: 'complete', target: target(m[1], q), statement: true }),
  ],
  [
    /^(?:i am|we are)\s+(?:all\s+)?(?:done|finished|through)\s+(?:with\s+)?(.+)$/i,
    (m, q) => ({ kind: 'complete', target: target(m[1], q), statement: true }),
  ],
  [
    /^(.+?)\s+(?:is|are|has been|have been|was|were|got)\s+(?:now\s+|all\s+|finally\s+)?(?:done|finished|complete|completed|sorted(?: out)?|taken care of|handled|dealt with|over|paid)$/i,
    // "What is done?" asks for a list.
    (m, q) =>
      /^(?:what|which|who|anything|everything|all|nothing|something)$/i.test(m[1])
        ? undefined
        : { kind: 'complete', target: target(m[1], q), statement: true },
  ],
  [
    /^(?:delete|remove|cancel|drop|erase|scrap|scratch|discard|trash|ditch|get rid of|forget(?: about)?|never mind|nevermind)\s+(.+)$/i,
    (m, q) => ({ kind: 'delete', target: target(m[1], q) }),
  ],
  [
    /^take\s+(.+?)\s+(?:off|out of)\s+(?:my|the)\s+(?:todo |to-do |task )?(?:list|tasks)$/i,
    (m, q) => ({ kind: 'delete', target: target(m[1], q) }),
  ],
  [/^(?:delete|remove|cancel|drop|erase)$/i, () => ({ kind: 'delete' })],
  [/^(?:complete|finish|mark|check off|tick off)$/i, () => ({ kind: 'complete' })],
  [
    /^(?:new task|task|todo|to-do|to do|note to self|reminder)\s*:\s*(.+)$/i,
    (m, q) => ({ kind: 'add', title: title(m[1], q) }),
  ],
  [
    new RegExp(
      `^${ADD_VERB}\\s+(?:(?:a|an|the|one|another|this|that)\\s+)?(?:new\\s+)?${TASK_NOUN}\\b\\s*` +
        '(?:(?:to|for|that says|saying|called|named|titled|about|of|:|-|\u2014|\u2013)\\s*)?(.*)$',
      'i',
    ),
    (m, q) => ({ kind: 'add', title: title(m[1], q) }),
  ],
  [
    /^(?:add|put|note(?: down)?|jot(?: down)?|create)\b\s*:?\s*(.*)$/i,
    (m, q) => ({ kind: 'add', title: title(m[1], q) }),
  ],
  [
    /^(?:remind me to|remember to|don't forget to|do not forget to|don't let me forget to|do not let me forget to|I (?:really )?(?:need|have|must remember|should remember) to remember to)\s+(.+)$/i,
    (m, q) => ({ kind: 'add', title: title(m[1], q) }),
  ],
  [
    /^(?:(?:show|give|tell|read|list)(?: me)? )?(?:more|next|the next (?:ones|page|tasks)|the rest|keep going|continue)$/i,
    () => ({ kind: 'more' }),
  ],
];

/** "I need to …", "I'd like to …": a request follows (then it is parsed) or else a title. */
const WANT =
  /^I (?:would like to|want to|need(?: to)?|have to|have got to|got to|gotta|must|should|ought to|wanna)\s+(?:probably\s+|really\s+|also\s+)?(.+)$/i;
/** Verbs after "I want to" that are requests to the assistant rather than things to do. */
const ASSISTANT_VERB =
  /^(?:add|create|put|note|jot|see|show|view|know|list|check (?:my|what)|delete|remove|cancel|mark|tick off|check off|change|rename|update|edit)\b/i;

function countIntent(lower: string): Intent | undefined {
  if (
    /^how many\b/.test(lower) ||
    /\b(?:count|number of)\b/.test(lower) ||
    /^(?:do|have) i (?:got |have )?any (?:tasks?|todos?|things|items)\b/.test(lower)
  )
    return { kind: 'count', status: statusOf(lower) };
  return undefined;
}

const LIST_ASK =
  /\b(?:show|list|display|view|see|give|tell|read|print|what|which|anything|everything|all|remaining|left|pending|outstanding)\b/;
const LIST_WHAT =
  /\b(?:tasks?|todos?|to-?dos?|to do|list|items?|things|everything|all|left|pending|remaining|plate|agenda|finished|completed|done)\b/;

function listIntent(lower: string): Intent | undefined {
  if (/^(?:everything|all|all of them|the list|my list)$/.test(lower)) return { kind: 'list', status: 'all' };
  if (LIST_ASK.test(lower) && LIST_WHAT.test(lower)) return { kind: 'list', status: statusOf(lower) };
  return undefined;
}

/** "I paid the bills", "called mom": a past tense first, as a statement that a task is done. */
function pastStatement(text: string, quoted: string[]): Intent | undefined {
  const match = /^(?:I\s+)?(?:have\s+|just\s+|already\s+|finally\s+)*([a-z]+)\s+(.+)$/i.exec(text);
  if (!match) return undefined;
  const verb = match[1].toLowerCase();
  const past = IRREGULAR_PAST.has(verb) || (/ed$/.test(verb) && verb.length > 4 && !/eed$/.test(verb));
  if (
    !past ||
    /^(?:added|wanted|needed|asked|started|created|deleted|removed|completed|finished)$/.test(verb)
  )
    return undefined;
  const rest = target(match[2], quoted);
  if (!rest) return undefined;
  return {
    kind: 'complete',
    statement: true,
    target:
      rest.kind === 'title' ? { kind: 'title', text: `${stem(verb)} ${rest.text}`, exact: false } : rest,
  };
}

function parseRequest(text: string, quoted: string[], depth = 0): Intent {
  const lower = text.toLowerCase();
  const count = countIntent(lower);
  if (count) return count;
  for (const [pattern, build] of REQUESTS) {
    const match = pattern.exec(text);
    const intent = match && build(match, quoted);
    if (intent) return intent;
  }
  const want = WANT.exec(text);
  if (want && depth === 0) {
    if (ASSISTANT_VERB.test(want[1])) return parseRequest(want[1], quoted, depth + 1);
    return { kind: 'add', title: title(want[1], quoted) };
  }
  // A quoted title with "add" anywhere: '"Buy a present" - add that'.
  if (quoted.length > 0 && /\b(?:add|put|create|note|save)\b/i.test(text))
    return { kind: 'add', title: quoted[0] };
  return (
    pastStatement(text, quoted) ?? listIntent(lower) ?? { kind: 'unknown', text: restoreQuoted(text, quoted) }
  );
}

export function parseIntent(message: string): Intent {
  const tidied = expandContractions(tidy(message));
  for (const [pattern, kind] of SMALL_TALK) if (pattern.test(tidied)) return { kind } as Intent;
  const { text, quoted } = extractQuoted(tidied);
  const request = peel(text);
  if (!request) {
    // Nothing but politeness: "hi!", "thanks, bye".
    if (/\b(?:thanks|thank you|thx|cheers)\b/i.test(text)) return { kind: 'thanks' };
    return { kind: 'greeting' };
  }
  return parseRequest(request, quoted);
}
