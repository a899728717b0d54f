/**
 * From a message to what the user wants, by general rules: tidy the text, set quoted titles aside,
 * peel off politeness ("could you please … for me"), then recognise the request by its verb and
 * take the title or the task it is about from the rest.
 */
import { TaskStatus } from '../../schemas';
import { expandContractions, extractQuoted, quotedText, restoreQuoted, tidy } from './language';
import { contentWords, isPastForm, leadingVerb, lemma, nounPhrases, passiveStatement } from './nlp';

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
  /** Back to pending; `statement`: the user said it is not done ("I didn't renew the passport yet"). */
  | { kind: 'reopen'; target?: Target; statement?: boolean }
  /** Reverse what the conversation just did. */
  | { kind: 'undo' }
  /** Tasks about a topic ("anything about the dentist?"). */
  | { kind: 'search'; topic: string }
  /** Something done to all the completed tasks at once. */
  | { kind: 'bulk'; action: 'delete' | 'reopen' }
  /** A question whether a task is done ("did I pay the rent?"). */
  | { kind: 'status'; target: Target }
  | {
      kind:
        | 'greeting'
        | 'thanks'
        | 'acknowledgement'
        | 'goodbye'
        | 'help'
        | 'confirm'
        | 'deny'
        | 'wellbeing'
        | 'compliment'
        | 'identity'
        | 'apology';
    }
  | { kind: 'unknown'; text: string };

const GREETING =
  '(?:hi|hello|hey|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day))(?: there| again)?';

/** Greetings, fillers and politeness before the request. */
const LEADING = [
  new RegExp(`^${GREETING}\\b[\\s,!.]*`, 'i'),
  /^(?:ok(?:ay)?|alright|all right|right|so|well|um+|uh+|hmm+|oh|ah|oops|whoops|and|also|plus|then|now|actually|btw|by the way|just|quick(?:ly)?|one more thing|one more)\b[\s,!.:-]*/i,
  /^(?:please|pls|plz|kindly)\b[\s,]*/i,
  /^(?:can|could|would|will|won't) (?:you|u)(?: please| kindly| maybe| possibly| just)*\b[\s,]*/i,
  /^(?:be so kind as to|be able to|are you able to|is it possible to)\s+/i,
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

/** Words that praise: "you're a lifesaver", "you are the best". */
const PRAISE =
  '(?:(?:a |an |the |so |very |really |such a )*(?:lifesaver|life saver|star|legend|gem|champ|best|great|' +
  'awesome|amazing|brilliant|helpful|smart|clever|fantastic|wonderful|lovely|cool|genius|hero))';

const SMALL_TALK: [RegExp, Intent['kind']][] = [
  [
    new RegExp(
      '^(?:(?:ok|okay|great|cool|perfect|nice|awesome|brilliant),? )*(?:that is (?:perfect|great|brilliant),? )?' +
        '(?:thanks|thank you|thank u|thx|ty|cheers|much appreciated|appreciate it)\\b' +
        '(?: (?:so|very) much| a lot| a ton| again| you| mate| buddy)*' +
        `(?:[\\s,!.]+(?:you are|you're|ur) ${PRAISE})?[\\s!.]*$`,
      'i',
    ),
    'thanks',
  ],
  [new RegExp(`^(?:you are|you're|ur) ${PRAISE}[\\s!.]*$`, 'i'), 'compliment'],
  [
    new RegExp(
      `^(?:${GREETING}[\\s,!.]*)?(?:how are you(?: doing)?|how is it going|how are things|how is your day(?: going)?|` +
        'what is up|whats up|sup|how have you been)(?: today| there)?[\\s?!.]*$',
      'i',
    ),
    'wellbeing',
  ],
  [/^(?:who|what) are you\b[\s?!.]*$|^what is your name[\s?!.]*$/i, 'identity'],
  [
    /^(?:sorry|my bad|my mistake|oops|whoops|apologies)(?:[\s,!.]+(?:my (?:bad|mistake)|wrong (?:one|button)|about that))*[\s!.]*$/i,
    'apology',
  ],
  [
    /^(?:yes|yeah|yep|yup|yes please|sure|go ahead|do it|confirm(?:ed)?|please do|absolutely|of course|delete them)(?:[\s,!.]+(?:go ahead|do it|please|delete them|yes|sure|thanks))*[\s!.]*$/i,
    'confirm',
  ],
  [
    /^(?:no|nope|nah|no thanks|cancel|do not|don't|stop|keep them|do not delete them|don't delete them)(?:[\s,!.]+(?:keep them|don't|do not|thanks|thank you|cancel|leave them))*[\s!.]*$/i,
    'deny',
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
    /^(?:(?:hi|hello|hey|so|ok|okay)[\s,!.]+)?(?:i am new(?: here)?[\s,.!]+)?(?:help|\?|what (?:else )?can you do|what do you do|what are you able to do|what can you help(?: me)? with|what can i (?:say|ask)(?: you)?|what (?:should|do|can) i say|how does (?:this|it) work|how do i use (?:this|you|it)|commands|options)\b[\s?!.]*$/i,
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
  // A reason after the task ("the cat food, I got some already", "the gym task because …") is not part of it.
  const text = raw
    .split(/\s*(?:[,;](?:\s|$)|\s[-\u2013\u2014]\s|\s(?:because|since|cause|as (?:I|we|it|they))\s)/i)[0]
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

/** "on my list", "in the tasks": where a thing is looked for. */
const LIST_PLACE =
  '\\s+(?:on|in)\\s+(?:my|the|our)\\s+(?:todo |to-do |to do |task |shopping )?(?:list|tasks|todos)';
/** A task by its number: "task 2", "#2", "number 2". */
const TASK_NUMBER = '(?:(?:task|item|number|no\\.?)\\s*#?\\d{1,10}|#\\d{1,10})';
/** "not done", "pending", "undone": the opposite of the completed words. */
const NOT_DONE =
  'not (?:yet )?(?:done|complete|completed|finished|ticked off|checked off)|not done yet|undone|incomplete|' +
  'unfinished|uncompleted|pending|open|to ?do|not finished yet';
/**
 * The completed tasks as a set: "all completed tasks", "the done ones", "everything I have finished",
 * "finished tasks", "my completed tasks".
 */
const COMPLETED_SET = new RegExp(
  '^(?:(?:all|each|every one)\\s+(?:of\\s+)?)?(?:the\\s+|my\\s+|those\\s+)?(?:' +
    '(?:completed|finished|done|ticked|checked|ticked off|checked off)' +
    '(?:\\s+(?:ones|tasks|items|todos|to-dos|stuff|things))?' +
    '|(?:tasks?|items?|ones|things|everything|all|stuff)\\s+(?:that\\s+)?(?:I|we)\\s+(?:have\\s+)?' +
    '(?:already\\s+)?(?:finished|completed|done|did|ticked off|checked off)' +
    '|(?:everything|all|the ones|tasks|things)\\s+(?:that\\s+)?(?:is|are|was|were)\\s+' +
    '(?:already\\s+)?(?:done|finished|completed)' +
    ')(?:\\s+(?:tasks|ones|items))?(?:\\s+(?:from|on|off|in)\\s+(?:my|the)\\s+list)?$',
  'i',
);

/** The verb-led request patterns, each turning its match into an intent. */
const REQUESTS: [RegExp, (m: RegExpExecArray, quoted: string[]) => Intent | undefined][] = [
  // Searching: "is there anything about the dentist on my list?", "find tasks with milk".
  [
    new RegExp(
      '^(?:(?:is|are) there|do (?:I|we) have|have (?:I|we) got|(?:I|we) have|got)?\\s*' +
        '(?:anything|something|any tasks?|a task|tasks?|any)' +
        '\\s+(?:about|for|on|with|regarding|mentioning|related to|to do with|that mentions?)\\s+(.+?)' +
        `(?:${LIST_PLACE})?$`,
      'i',
    ),
    (m, q) => ({ kind: 'search', topic: restoreQuoted(m[1], q) }),
  ],
  [
    /^(?:find|search(?: for)?|look for|look up|lookup)\s+(?:(?:all\s+)?(?:the\s+)?(?:tasks?|items?|todos?|anything|ones?)\s+(?:with|about|mentioning|containing|for|called|named|that (?:mention|contain|say)s?)\s+)?(.+)$/i,
    (m, q) => ({ kind: 'search', topic: restoreQuoted(m[1], q) }),
  ],
  [
    new RegExp(`^(?:is|are)\\s+(.+?)${LIST_PLACE}$`, 'i'),
    (m, q) => ({ kind: 'search', topic: restoreQuoted(m[1], q) }),
  ],
  // The completed tasks all at once: "clear out everything I've finished".
  [
    /^(?:delete|remove|clear(?: out| away| up)?|get rid of|erase|purge|wipe(?: out)?|clean(?: up| out)?|bin|trash|ditch)\s+(.+)$/i,
    (m) => (COMPLETED_SET.test(m[1]) ? { kind: 'bulk', action: 'delete' } : undefined),
  ],
  [
    /^(?:reopen|re-open|uncheck|untick|unmark|restore|undo|bring back)\s+(.+)$/i,
    (m) => (COMPLETED_SET.test(m[1]) ? { kind: 'bulk', action: 'reopen' } : undefined),
  ],
  // Reopening, before completing: "mark the milk one as not done" must not complete it.
  [/^(?:undo|revert|reverse)(?:\s+(?:that|it|this|the last (?:one|change)))?$/i, () => ({ kind: 'undo' })],
  [
    new RegExp(`^(?:mark|set|flag|put|move)\\s+(.*?)\\s*(?:as\\s+|to\\s+|back to\\s+)?(?:${NOT_DONE})$`, 'i'),
    (m, q) => ({ kind: 'reopen', target: target(m[1] || undefined, q) }),
  ],
  [
    /^(?:reopen|re-open|uncheck|untick|unmark|uncomplete|unfinish|undo|restore)\s+(.+)$/i,
    (m, q) => ({ kind: 'reopen', target: target(m[1], q) }),
  ],
  [
    /^(?:put|bring|move|add)\s+(.+?)\s+back(?:\s+(?:on|in|onto|into|to)\s+(?:my|the)\s+(?:todo |to-do |task )?(?:list|tasks|pending(?: tasks)?))?$/i,
    (m, q) => ({ kind: 'reopen', target: target(m[1], q) }),
  ],
  [
    new RegExp(
      "^(.+?)\\s+(?:is|are|was|were|has|have)(?:\\s+not|n't)\\s+(?:really\\s+|actually\\s+|been\\s+)*" +
        '(?:done|finished|complete|completed|sorted|paid|handled)(?:\\s+yet)?$',
      'i',
    ),
    (m, q) => ({ kind: 'reopen', target: target(m[1], q), statement: true }),
  ],
  [
    /^(?:I|we)\s+(?:did not|didn't|have not|haven't|never)\s+(?:actually\s+|really\s+|even\s+|yet\s+)*([a-z]+)\s+(.+?)(?:\s+yet)?$/i,
    (m, q) => {
      const rest = target(m[2], q);
      if (!rest) return undefined;
      const verb = lemma(m[1].toLowerCase());
      return {
        kind: 'reopen',
        statement: true,
        target: rest.kind === 'title' ? { kind: 'title', text: `${verb} ${rest.text}`, exact: false } : rest,
      };
    },
  ],
  // What was done, as a list: "what did I finish?".
  [
    /^(?:what|which)\s+(?:tasks?\s+|ones?\s+|things?\s+)?(?:did|have)\s+(?:I|we)\s+(?:already\s+)?(?:finish(?:ed)?|complete[d]?|do|done|accomplish(?:ed)?|get done|got done|tick(?:ed)? off|check(?:ed)? off)\b.*$/i,
    () => ({ kind: 'list', status: 'completed' }),
  ],
  // Renaming by description: "make the flights one 'book cheaper flights'", "the milk task should say …".
  [
    new RegExp(
      `^(?:make|call|name|title|retitle)\\s+(.+?\\s${TASK_NOUN}|${TASK_NUMBER})\\s+(\u27E6\\d+\u27E7)(?:\\s+instead)?$`,
      'i',
    ),
    (m, q) => ({ kind: 'update', target: target(m[1], q), title: title(m[2], q) }),
  ],
  [
    new RegExp(
      `^(.+?\\s${TASK_NOUN}|${TASK_NUMBER}|it|that|that one)\\s+(?:should|must|ought to|needs to|has to)\\s+` +
        '(?:say|read|be|be called|be named|be renamed to)\\s+(.+)$',
      'i',
    ),
    (m, q) => ({ kind: 'update', target: target(m[1], q), title: title(m[2], q) }),
  ],
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
  const past = isPastForm(verb) && lemma(verb) !== verb;
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
      rest.kind === 'title' ? { kind: 'title', text: `${lemma(verb)} ${rest.text}`, exact: false } : rest,
  };
}

/** "The milk is bought": the passive names the task by its verb and object (buy milk). */
function passiveCompletion(text: string, quoted: string[]): Intent | undefined {
  if (quoted.length > 0 || /\b(?:not|never|n't)\b/i.test(text)) return undefined;
  // Tagging a sentence costs a millisecond or more: only one with a copula or "got" can be passive.
  if (!/\b(?:is|are|was|were|got|gets|been|be)\b|\w's\s/i.test(text)) return undefined;
  const passive = passiveStatement(text);
  if (!passive) return undefined;
  return {
    kind: 'complete',
    statement: true,
    target: { kind: 'title', text: `${passive.verb} ${passive.object}`, exact: false },
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
    passiveCompletion(text, quoted) ??
    pastStatement(text, quoted) ??
    listIntent(lower) ?? { kind: 'unknown', text: restoreQuoted(text, quoted) }
  );
}

/** "Would you mind adding …", "do you mind putting …": the gerund is the request (add, put). */
const mindRequest = (text: string) =>
  text.replace(/^(?:(?:would|do|will) you\s+)?mind\s+([a-z]+ing)\b/i, (_m, gerund: string) =>
    lemma(gerund.toLowerCase()),
  );

const PRONOUN = /^(?:it|that|this|them|those|these|that one|this one|that too|it too)$/i;
const CLAUSE_BREAK = /\s*(?:[,;:](?:\s|$)|\s[-\u2013\u2014]\s|[.!?](?:\s|$))\s*/;

/**
 * A request about "it" or "that" in one clause and the task in another: "buy new shoes, add that
 * please", "no need for the haircut anymore, remove it", "I didn't renew the passport yet, put it
 * back", "fix the typo in task 2: it should be 'buy bread'".
 */
function pronounRequest(text: string, quoted: string[]): Intent | undefined {
  const clauses = text.split(CLAUSE_BREAK).filter((c) => c.trim());
  if (clauses.length < 2) return undefined;
  for (let i = clauses.length - 1; i >= 0; i--) {
    const request = peel(mindRequest(peel(clauses[i])));
    if (!request) continue;
    const intent = parseRequest(request, quoted, 1);
    const rest = clauses
      .filter((_, j) => j !== i)
      .map((c) => peel(c))
      .filter(Boolean)
      .join(', ');
    if (!rest) continue;
    if (intent.kind === 'add' && intent.title && PRONOUN.test(intent.title))
      return { kind: 'add', title: title(rest, quoted) };
    const about = 'target' in intent ? intent.target : undefined;
    if (about?.kind !== 'previous' || !['delete', 'reopen', 'complete', 'update'].includes(intent.kind))
      continue;
    return { ...intent, target: described(rest, quoted) } as Intent;
  }
  return undefined;
}

/** The task another clause describes: its number, its quoted title, or its noun phrases and verbs. */
function described(text: string, quoted: string[]): Target | undefined {
  const direct = target(text, quoted);
  if (direct && direct.kind !== 'title') return direct;
  if (direct?.exact) return direct;
  const words = contentWords(restoreQuoted(text, quoted));
  const nouns = nounPhrases(restoreQuoted(text, quoted));
  const verbs = words.split(' ').filter((w) => !nouns.join(' ').includes(w));
  const phrase = [...verbs.filter((w) => /^[a-z]/.test(w)), ...nouns].join(' ').trim() || words;
  return phrase ? { kind: 'title', text: phrase, exact: false } : direct;
}

/** "Oh and buy cat food", "and also pick up batteries": one more thing to add, said without "add". */
function continuedList(original: string, request: string, quoted: string[]): Intent | undefined {
  if (!/^(?:oh,? and|and|and also|also|plus|one more thing|one more)\b/i.test(original)) return undefined;
  if (!leadingVerb(restoreQuoted(request, quoted))) return undefined;
  return { kind: 'add', title: title(request, quoted) };
}

export function parseIntent(message: string): Intent {
  const tidied = expandContractions(tidy(message));
  for (const [pattern, kind] of SMALL_TALK) if (pattern.test(tidied)) return { kind } as Intent;
  const { text, quoted } = extractQuoted(tidied);
  const request = peel(mindRequest(peel(text)));
  if (!request) {
    // Nothing but politeness: "hi!", "thanks, bye".
    if (/\b(?:thanks|thank you|thx|cheers)\b/i.test(text)) return { kind: 'thanks' };
    return { kind: 'greeting' };
  }
  const pronoun = pronounRequest(text, quoted);
  if (pronoun) return pronoun;
  const intent = parseRequest(request, quoted);
  if (intent.kind === 'unknown') return continuedList(text, request, quoted) ?? intent;
  return intent;
}
