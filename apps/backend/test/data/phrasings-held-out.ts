/**
 * A held-out set for the embedded chat agent: 80 everyday messages that are not in phrasings.ts,
 * written before the rules were changed for them and never used to tune them. They cover the
 * families that failed when people used the app (a request with a tail, "would you mind adding…",
 * "oh and…", completion stated in the passive, deletion with a reason, renaming by description,
 * small talk, bulk actions on done tasks, search, reopening, help) and ordinary requests. The
 * agent-phrasings test scores this set on its own and prints the figure next to the table's.
 *
 * Same fields as phrasings.ts, plus:
 * - calls: every change the message must cause, and no other;
 * - replyNot: what the answer must not say (a search must not list everything).
 */
import { Phrasing } from './phrasings';

const add = (title: string) => ({ name: 'add_task', args: { title } });
const complete = (task_id: number) => ({ name: 'complete_task', args: { task_id } });
const remove = (task_id: number) => ({ name: 'delete_task', args: { task_id } });
const rename = (task_id: number, title: string) => ({ name: 'update_task', args: { task_id, title } });
const reopen = (task_id: number) => ({ name: 'update_task', args: { task_id, completed: false } });
const list = (status: string) => ({ name: 'list_tasks', args: { status } });

/** A help answer gives at least three example phrasings, each in quotes. */
const THREE_EXAMPLES = /"[^"]+"[\s\S]*"[^"]+"[\s\S]*"[^"]+"/;
const NOT_UNDERSTOOD = /didn't (?:quite )?(?:understand|get)/i;

const LONG_TITLE =
  'call the insurance company about the claim for the water damage in the kitchen and ask them ' +
  'whether the adjuster can come on Tuesday or Wednesday afternoon, and remember to have the policy ' +
  'number and the photos of the ceiling ready before calling';

export const HELD_OUT: Omit<Phrasing, 'set'>[] = [
  // A request with a tail.
  { message: 'buy new running shoes, add that please', call: add('buy new running shoes') },
  {
    message: 'pick up the parcel from the post office, can you add it?',
    call: add('pick up the parcel from the post office'),
  },
  { message: 'water the garden tonight - put that on my list', call: add('water the garden tonight') },
  { message: 'call the vet about Rex, could you add that?', call: add('call the vet about Rex') },
  { message: 'order more printer ink, add it to the list', call: add('order more printer ink') },
  { message: 'renew the gym membership. Can you add that for me?', call: add('renew the gym membership') },
  // "Would you mind …?"
  { message: 'Would you mind adding clean the fridge?', call: add('clean the fridge') },
  {
    message: "would you mind putting 'send thank-you notes' on my list",
    call: add('send thank-you notes'),
  },
  { message: 'Do you mind adding pay the water bill', call: add('pay the water bill') },
  { message: 'would you be so kind as to add fix the bike light', call: add('fix the bike light') },
  // "Oh and …": a title with no verb of asking at all.
  { message: 'oh and buy cat food', call: add('buy cat food') },
  { message: 'oh, and call the insurance company', call: add('call the insurance company') },
  { message: 'and also pick up batteries', call: add('pick up batteries') },
  { message: "oh and don't forget to email Tom the photos", call: add('email Tom the photos') },
  // Completion in the passive, or as a statement.
  { message: 'the milk is bought', tasks: ['buy milk', 'call mom'], call: complete(1) },
  { message: 'the passport has been renewed', tasks: ['walk the dog', 'renew passport'], call: complete(2) },
  { message: "rent's paid", tasks: ['buy milk', 'pay rent'], call: complete(2) },
  { message: 'the plants are watered', tasks: ['water the plants', 'buy milk'], call: complete(1) },
  { message: 'the invoice got sent', tasks: ['buy milk', 'send the invoice'], call: complete(2) },
  { message: 'the car has been washed', tasks: ['wash the car', 'wash the dog'], call: complete(1) },
  { message: 'grandma was called yesterday', tasks: ['buy milk', 'call grandma'], call: complete(2) },
  { message: 'finally renewed my passport', tasks: ['renew passport'], call: complete(1) },
  { message: 'calling the plumber is done', tasks: ['buy milk', 'call the plumber'], call: complete(2) },
  // Deletion with a reason attached.
  {
    message: "forget about the cat food, it's not needed",
    tasks: ['buy cat food', 'call mom'],
    call: remove(1),
  },
  {
    message: 'actually forget about the cat food, I got some already',
    tasks: ['buy cat food', 'call mom'],
    call: remove(1),
  },
  {
    message: 'delete the gym task, I cancelled my membership',
    tasks: ['go to the gym', 'buy milk'],
    call: remove(1),
  },
  {
    message: 'remove the party one since it was cancelled',
    tasks: ['pay rent', 'plan the party'],
    call: remove(2),
  },
  { message: 'no need for the haircut anymore, remove it', tasks: ['book a haircut'], call: remove(1) },
  {
    message: "scrap the flights task because we're driving",
    tasks: ['book flights', 'pack bags'],
    call: remove(1),
  },
  { message: 'never mind the bread, we have plenty', tasks: ['buy milk', 'buy bread'], call: remove(2) },
  // Renaming by description.
  {
    message: "make the flights one 'book cheaper flights'",
    tasks: ['book flights', 'pay rent'],
    call: rename(1, 'book cheaper flights'),
  },
  {
    message: 'change the dentist one to say call the dentist on Friday',
    tasks: ['buy milk', 'call dentist'],
    call: rename(2, 'call the dentist on Friday'),
  },
  { message: 'the milk task should say buy oat milk', tasks: ['buy milk'], call: rename(1, 'buy oat milk') },
  {
    message: "can you reword the rent one as 'pay rent by the 1st'",
    tasks: ['pay rent', 'buy milk'],
    call: rename(1, 'pay rent by the 1st'),
  },
  {
    message: "rename the one about the car to 'service the car'",
    tasks: ['buy milk', 'wash the car'],
    call: rename(2, 'service the car'),
  },
  {
    message: "fix the typo in task 2: it should be 'buy bread'",
    tasks: ['a', 'buy bred'],
    call: rename(2, 'buy bread'),
  },
  // Small talk.
  {
    message: 'good morning! how are you today?',
    call: null,
    reply: /good|fine|well|great/i,
    replyNot: NOT_UNDERSTOOD,
  },
  { message: "thanks a lot, you're a lifesaver", call: null, reply: /welcome|glad|anytime|pleasure/i },
  { message: "how's it going?", call: null, reply: /good|well|fine|great/i, replyNot: NOT_UNDERSTOOD },
  { message: "you're awesome", call: null, reply: /thank|glad|kind/i, replyNot: NOT_UNDERSTOOD },
  { message: 'who are you?', call: null, reply: /task|list/i, replyNot: NOT_UNDERSTOOD },
  { message: 'sorry, my mistake', call: null, reply: /problem|worries|okay|fine/i, replyNot: NOT_UNDERSTOOD },
  { message: 'good night!', call: null, reply: /night|bye/i },
  // Bulk actions on the completed tasks: more than one to delete asks first; the next "yes" confirms.
  {
    message: "clear out everything I've finished",
    tasks: ['✓ a', 'b', '✓ c'],
    calls: [],
    reply: /\byes\b/i,
  },
  {
    message: 'yes',
    tasks: ['✓ a', 'b', '✓ c'],
    before: ["clear out everything I've finished"],
    calls: [remove(1), remove(3)],
  },
  {
    message: 'sure, go ahead',
    tasks: ['✓ a', '✓ b', 'c'],
    before: ['clear my completed tasks'],
    calls: [remove(1), remove(2)],
  },
  {
    message: 'no, keep them',
    tasks: ['✓ a', '✓ b'],
    before: ['delete all the completed tasks'],
    calls: [],
    reply: /kept|keep|won't|not delet|cancel/i,
  },
  { message: 'delete all completed tasks', tasks: ['✓ pay rent', 'b'], calls: [remove(1)] },
  { message: 'remove the done ones', tasks: ['✓ a', '✓ b'], calls: [], reply: /\byes\b/i },
  {
    message: 'clear finished tasks',
    tasks: ['a'],
    calls: [],
    reply: /no (?:completed|finished|done)|nothing/i,
  },
  { message: 'yes', tasks: ['✓ a', '✓ b'], before: ['show my tasks'], calls: [] },
  {
    message: 'reopen all the completed ones',
    tasks: ['✓ a', 'b', '✓ c'],
    calls: [reopen(1), reopen(3)],
  },
  // Search instead of listing everything.
  {
    message: 'is there anything about the dentist on my list?',
    tasks: ['buy milk', 'call the dentist', 'pay rent'],
    call: null,
    reply: /call the dentist/,
    replyNot: /milk|rent/,
  },
  {
    message: 'anything about the car?',
    tasks: ['wash the car', 'buy milk', 'service the car'],
    call: null,
    reply: /wash the car[\s\S]*service the car/,
    replyNot: /milk/,
  },
  {
    message: 'do I have something about taxes',
    tasks: ['do taxes', 'buy milk'],
    call: null,
    reply: /do taxes/,
    replyNot: /milk/,
  },
  {
    message: 'find tasks with milk',
    tasks: ['buy milk', 'call mom', 'milk the cow'],
    call: null,
    reply: /buy milk[\s\S]*milk the cow/,
    replyNot: /call mom/,
  },
  {
    message: 'search for flights',
    tasks: ['book flights', 'pay rent'],
    call: null,
    reply: /book flights/,
    replyNot: /rent/,
  },
  {
    message: 'anything about the dentist?',
    tasks: ['buy milk'],
    call: null,
    reply: /\bno\b|nothing|couldn't find|don't see/i,
    replyNot: /milk/,
  },
  {
    message: 'is grandma on my list?',
    tasks: ['call grandma', 'buy milk'],
    call: null,
    reply: /grandma/,
    replyNot: /milk/,
  },
  // Reopening.
  {
    message: "I didn't actually renew the passport yet, put it back",
    tasks: ['✓ renew passport', 'buy milk'],
    call: reopen(1),
  },
  { message: 'the report is not done yet', tasks: ['✓ finish the report'], call: reopen(1) },
  { message: 'reopen task 2', tasks: ['a', '✓ b'], call: reopen(2) },
  { message: 'oops, mark the milk one as not done', tasks: ['✓ buy milk'], call: reopen(1) },
  { message: 'undo that', tasks: ['buy milk'], before: ['mark task 1 as done'], call: reopen(1) },
  { message: 'uncheck pay rent', tasks: ['✓ pay rent'], call: reopen(1) },
  { message: "put 'call mom' back on my list", tasks: ['✓ call mom'], call: reopen(1) },
  { message: 'mark task 1 as pending', tasks: ['✓ a'], call: reopen(1) },
  { message: 'reopen buy milk', tasks: ['buy milk'], call: null, reply: /not done|still pending|already/i },
  // Help: what it can do, with three examples.
  { message: 'what are you able to do?', call: null, reply: THREE_EXAMPLES },
  { message: 'how does this work?', call: null, reply: THREE_EXAMPLES },
  { message: 'what can I ask you?', call: null, reply: THREE_EXAMPLES },
  { message: "I'm new here, what should I say?", call: null, reply: THREE_EXAMPLES },
  // Ordinary requests.
  { message: 'add get the car serviced', call: add('get the car serviced') },
  { message: 'put eggs on the shopping list', call: add('eggs') },
  { message: 'I need to buy a present for Mia', call: add('buy a present for Mia') },
  { message: "show me what's left", tasks: ['✓ a', 'b'], call: list('pending') },
  { message: 'what did I finish?', tasks: ['✓ a', 'b'], call: list('completed') },
  {
    message: 'rename task 1 to walk the dog at 6',
    tasks: ['walk dog'],
    call: rename(1, 'walk the dog at 6'),
  },
  { message: 'done with the call', tasks: ['call mom', 'call dentist'], call: null, reply: /which/i },
  // A title over the limit: shortened at a word, and the reply says so.
  { message: `add ${LONG_TITLE}`, call: { name: 'add_task' }, reply: /shortened/i },
];
