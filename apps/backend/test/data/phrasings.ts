/**
 * Everyday messages for the embedded chat agent, with what it must do. The agent-phrasings test
 * runs each one for a fresh user and prints the share it gets right (it must be at least 95%).
 *
 * - tasks: the user's tasks before the message, numbered 1, 2, 3... in this order; "✓ " marks a done one.
 * - before: earlier messages of the same conversation, sent first.
 * - call: the tool call the message must cause (name and the arguments that matter), or null: no task may change.
 * - reply: what the answer must say.
 * - set: "tuned" entries were written before the rules and used while writing them; "held-out" entries
 *   were written after the rules were done and run as they were: 29 of the 32 were right on that first
 *   run. The three misses ("make a note to …", "what have I got to do", and "did I pay the rent?", which
 *   completed the task) were then fixed with general rules, and this set's own figure is printed too.
 */
export interface Phrasing {
  message: string;
  tasks?: string[];
  before?: string[];
  call?: { name: string; args?: Record<string, unknown> } | null;
  /** Every change the message must cause, and no other (an empty list: nothing may change). */
  calls?: { name: string; args?: Record<string, unknown> }[];
  reply?: RegExp;
  /** What the answer must not say. */
  replyNot?: RegExp;
  set: 'tuned' | 'held-out';
}

const add = (title: string) => ({ name: 'add_task', args: { title } });
const complete = (task_id: number) => ({ name: 'complete_task', args: { task_id } });
const remove = (task_id: number) => ({ name: 'delete_task', args: { task_id } });
const rename = (task_id: number, title: string) => ({ name: 'update_task', args: { task_id, title } });
const list = (status: string) => ({ name: 'list_tasks', args: { status } });

const tuned: Omit<Phrasing, 'set'>[] = [
  // Polite wrappers around adding.
  { message: 'Can you add call the dentist tomorrow to my list?', call: add('call the dentist tomorrow') },
  { message: "add 'Finish the report' please", call: add('Finish the report') },
  { message: 'Could you please add buy milk for me?', call: add('buy milk') },
  { message: 'Would you add water the plants to my todo list', call: add('water the plants') },
  { message: 'please put renew passport on my list', call: add('renew passport') },
  { message: 'can you create a task to book flights', call: add('book flights') },
  { message: "I'd like to add a task: email the landlord", call: add('email the landlord') },
  { message: 'Add pick up dry cleaning to my tasks, thanks', call: add('pick up dry cleaning') },
  { message: 'hey, could you add a reminder to call grandma', call: add('call grandma') },
  { message: 'new task: clean the garage', call: add('clean the garage') },
  { message: 'todo: schedule car service', call: add('schedule car service') },
  { message: 'Can you note down that I need to buy stamps?', call: add('buy stamps') },
  { message: "Put 'Call Bob' on the list", call: add('Call Bob') },
  { message: 'add a task to buy groceries', call: add('buy groceries') },
  // Filler before the title.
  { message: 'I need to remember to pay the electricity bill', call: add('pay the electricity bill') },
  { message: "don't forget to send the invoice", call: add('send the invoice') },
  { message: 'remind me to take out the trash', call: add('take out the trash') },
  { message: "Don't let me forget to call the plumber", call: add('call the plumber') },
  { message: 'I have to pick up the kids at 5', call: add('pick up the kids at 5') },
  { message: 'add a task to remember to buy bread', call: add('buy bread') },
  { message: 'Remember to feed the cat', call: add('feed the cat') },
  { message: 'I should probably book a haircut', call: add('book a haircut') },
  { message: 'Note to self: back up the laptop', call: add('back up the laptop') },
  { message: 'I must renew my car insurance.', call: add('renew my car insurance') },
  // Quoted titles anywhere.
  { message: 'Add "Prepare slides" to my list', call: add('Prepare slides') },
  { message: '"Buy birthday present" - add that please', call: add('Buy birthday present') },
  { message: 'Please mark "Prepare slides" as done', tasks: ['Prepare slides'], call: complete(1) },
  { message: "delete 'old newsletter'", tasks: ['old newsletter', 'buy milk'], call: remove(1) },
  {
    message: 'rename task 2 to "Call mum tonight"',
    tasks: ['pay rent', 'call mum'],
    call: rename(2, 'Call mum tonight'),
  },
  { message: 'can you add a task called “Plan the trip”', call: add('Plan the trip') },
  // Completion stated in other word forms.
  { message: 'I finished paying the bills', tasks: ['pay bills'], call: complete(1) },
  { message: 'paid the bills', tasks: ['buy milk', 'pay bills'], call: complete(2) },
  { message: 'I called mom', tasks: ['call mom', 'walk the dog'], call: complete(1) },
  { message: 'just bought the groceries', tasks: ['buy groceries'], call: complete(1) },
  { message: "I've done the laundry", tasks: ['water plants', 'do laundry'], call: complete(2) },
  { message: 'The report is done', tasks: ['finish the report', 'pay bills'], call: complete(1) },
  { message: 'mark buy milk as complete', tasks: ['buy milk'], call: complete(1) },
  { message: 'check off walking the dog', tasks: ['walk the dog'], call: complete(1) },
  { message: "I'm done with the presentation", tasks: ['prepare presentation'], call: complete(1) },
  { message: 'completed task 2', tasks: ['a', 'b', 'c'], call: complete(2) },
  { message: 'tick off number 3', tasks: ['a', 'b', 'c'], call: complete(3) },
  { message: 'Finished the taxes!', tasks: ['do taxes'], call: complete(1) },
  { message: 'I washed the car', tasks: ['wash car', 'buy milk'], call: complete(1) },
  { message: 'mark task 3 as complete', tasks: ['a', 'b', 'c'], call: complete(3) },
  { message: 'I finished the groceries', tasks: ['call mom', 'buy groceries'], call: complete(2) },
  { message: 'complete buy mlik', tasks: ['buy milk'], call: complete(1) },
  // Already done, or missing.
  { message: 'mark pay bills as done', tasks: ['✓ pay bills'], call: null, reply: /already/i },
  { message: 'complete task 1', tasks: ['✓ water plants'], call: null, reply: /already/i },
  { message: 'mark task 7 as done', tasks: ['buy milk'], call: null, reply: /#7|task 7/i },
  { message: 'delete the dentist task', tasks: ['buy milk'], call: null, reply: /couldn't find/i },
  { message: 'I finished the gym session', tasks: ['buy milk'], call: null, reply: /couldn't find/i },
  { message: 'delete task 3', call: null, reply: /#3|task 3/i },
  // Everything, all, filters.
  {
    message: 'Show me everything',
    tasks: ['buy milk', '✓ pay bills'],
    call: list('all'),
    reply: /buy milk[\s\S]*pay bills/,
  },
  { message: 'list all my tasks', tasks: ['buy milk'], call: list('all'), reply: /buy milk/ },
  { message: "what's on my list?", tasks: ['buy milk'], call: list('all'), reply: /buy milk/ },
  {
    message: 'what do I still need to do?',
    tasks: ['✓ pay bills', 'buy milk'],
    call: list('pending'),
    reply: /buy milk/,
  },
  {
    message: 'show completed tasks',
    tasks: ['✓ pay bills', 'buy milk'],
    call: list('completed'),
    reply: /pay bills/,
  },
  {
    message: 'What have I finished so far?',
    tasks: ['✓ pay bills'],
    call: list('completed'),
    reply: /pay bills/,
  },
  { message: 'anything left on my plate?', tasks: ['buy milk'], call: list('pending'), reply: /buy milk/ },
  { message: 'show my todo list', tasks: ['buy milk', '✓ pay bills'], call: list('all') },
  { message: 'What are my tasks', tasks: ['buy milk'], call: list('all'), reply: /buy milk/ },
  { message: 'display pending items', tasks: ['buy milk'], call: list('pending'), reply: /buy milk/ },
  { message: 'show me my pending tasks', tasks: ['buy milk', '✓ pay bills'], call: list('pending') },
  // Counts.
  { message: 'how many tasks do I have left?', tasks: ['a', 'b', '✓ c'], call: null, reply: /\b2\b/ },
  { message: 'How many tasks have I completed?', tasks: ['a', 'b', '✓ c'], call: null, reply: /\b1\b/ },
  { message: 'how many things are on my list', tasks: ['a', 'b', '✓ c'], call: null, reply: /\b3\b/ },
  { message: 'count my tasks', tasks: ['a', 'b', '✓ c'], call: null, reply: /\b3\b/ },
  { message: 'do I have any tasks?', call: null, reply: /\bno\b|\b0\b|don't have/i },
  // Greetings, thanks, help.
  { message: 'thanks!', call: null, reply: /welcome|anytime|glad/i },
  { message: 'thank you so much', call: null, reply: /welcome|anytime|glad/i },
  { message: 'hi', call: null, reply: /\b(hi|hello)\b/i },
  { message: 'Good morning!', call: null, reply: /morning|hello|\bhi\b/i },
  { message: 'help', call: null, reply: /add/i },
  { message: 'what can you do?', call: null, reply: /add/i },
  { message: 'bye', call: null, reply: /bye/i },
  // References.
  { message: 'mark the first one as done', tasks: ['a', 'b', 'c'], call: complete(1) },
  { message: 'delete the last task', tasks: ['a', 'b', 'c'], call: remove(3) },
  {
    message: 'complete the second one',
    tasks: ['✓ a', 'b', 'c'],
    before: ['show my pending tasks'],
    call: complete(3),
  },
  { message: 'finish the 2nd task', tasks: ['a', 'b', 'c'], call: complete(2) },
  { message: 'actually, delete it', tasks: ['a'], before: ['add buy milk'], call: remove(2) },
  { message: 'mark the last one done', tasks: ['a', 'b', 'c'], call: complete(3) },
  // Renaming.
  { message: 'change task 1 to call mom tonight', tasks: ['call mom'], call: rename(1, 'call mom tonight') },
  { message: 'rename buy milk to buy oat milk', tasks: ['buy milk'], call: rename(1, 'buy oat milk') },
  {
    message: 'update the dentist task to call the dentist on Monday',
    tasks: ['call dentist'],
    call: rename(1, 'call the dentist on Monday'),
  },
  {
    message: "Can you change 'pay bills' to 'pay all the bills'",
    tasks: ['pay bills'],
    call: rename(1, 'pay all the bills'),
  },
  // Deleting.
  { message: 'remove the milk task from my list', tasks: ['buy milk', 'call mom'], call: remove(1) },
  { message: 'get rid of task 2', tasks: ['a', 'b'], call: remove(2) },
  { message: 'forget about the gym', tasks: ['go to the gym', 'buy milk'], call: remove(1) },
  { message: 'cancel calling the bank', tasks: ['call the bank'], call: remove(1) },
  { message: 'please delete buy milk for me', tasks: ['buy milk', 'buy bread'], call: remove(1) },
  // Not understood, or ambiguous: say so, and how to say it.
  {
    message: 'what is the weather like?',
    call: null,
    reply: /didn't (quite )?(understand|get)[\s\S]*(try|say)/i,
  },
  { message: 'blah', call: null, reply: /didn't (quite )?(understand|get)/i },
  { message: 'mark as done', tasks: ['buy milk'], call: null, reply: /which/i },
  { message: 'delete the milk task', tasks: ['buy milk', 'buy oat milk'], call: null, reply: /which/i },
];

const heldOut: Omit<Phrasing, 'set'>[] = [
  { message: 'pls add get a birthday card for Sam', call: add('get a birthday card for Sam') },
  { message: "could you put 'dentist appointment' on my todo list?", call: add('dentist appointment') },
  { message: 'I need to call the bank tomorrow morning', call: add('call the bank tomorrow morning') },
  { message: 'make a note to renew the library books', call: add('renew the library books') },
  { message: 'Add: vacuum the living room', call: add('vacuum the living room') },
  { message: 'can u add buy cat food', call: add('buy cat food') },
  { message: 'i have to do my tax return', call: add('do my tax return') },
  { message: "what's left?", tasks: ['✓ a', 'b'], call: list('pending'), reply: /\bb\b/ },
  { message: 'what have I got to do today?', tasks: ['✓ a', 'b'], call: list('pending') },
  { message: 'show me the done ones', tasks: ['✓ a', 'b'], call: list('completed') },
  { message: 'list my open tasks', tasks: ['✓ a', 'b'], call: list('pending') },
  { message: 'how many have I done?', tasks: ['a', '✓ b'], call: null, reply: /\b1\b/ },
  { message: 'how many are left', tasks: ['a', 'c', '✓ b'], call: null, reply: /\b2\b/ },
  { message: 'I took out the trash', tasks: ['take out the trash', 'buy milk'], call: complete(1) },
  { message: 'sent the invoice', tasks: ['buy milk', 'send the invoice to ACME'], call: complete(2) },
  { message: 'the dishes are done', tasks: ['do the dishes'], call: complete(1) },
  { message: 'tick the milk one off', tasks: ['buy milk'], call: complete(1) },
  { message: 'done with task 2', tasks: ['a', 'b'], call: complete(2) },
  { message: 'set the third task as complete', tasks: ['a', 'b', 'c'], call: complete(3) },
  { message: 'remove the dentist appointment', tasks: ['dentist appointment', 'buy milk'], call: remove(1) },
  { message: 'scratch that', tasks: ['a'], before: ['add buy milk'], call: remove(2) },
  { message: 'rename the first task to Call Anna', tasks: ['call ann', 'x'], call: rename(1, 'Call Anna') },
  {
    message: "change 'walk dog' to 'walk the dog twice'",
    tasks: ['walk dog'],
    call: rename(1, 'walk the dog twice'),
  },
  { message: 'thx', call: null, reply: /welcome|anytime|glad/i },
  { message: 'hello there!', call: null, reply: /\b(hi|hello)\b/i },
  { message: "what's the capital of France", call: null, reply: /didn't (quite )?(understand|get)/i },
  { message: 'mark feed the fish done', tasks: ['feed the fish'], call: complete(1) },
  { message: 'Did I pay the rent?', tasks: ['pay the rent'], call: null, reply: /not yet/i },
  { message: "I didn't pay the bills yet", tasks: ['pay bills'], call: null },
  { message: "I'd like to see my completed tasks", tasks: ['✓ a', 'b'], call: list('completed') },
  { message: "can you show what's pending", tasks: ['✓ a', 'b'], call: list('pending') },
  { message: 'get rid of the milk one', tasks: ['buy milk', 'call mom'], call: remove(1) },
  // Added after those fixes. First run: 14 of 18. Two misses that did the wrong thing ("I've just emailed
  // Sarah" added a task; "what's done?" looked for a task called "what") were fixed with general rules;
  // the two that merely miss ("the following task:", "I still need to") are left as they are.
  { message: 'Could you remind me to pick up the prescription?', call: add('pick up the prescription') },
  { message: 'add the following task: book a table for Friday', call: add('book a table for Friday') },
  { message: 'I still need to return the library books', call: add('return the library books') },
  { message: 'show tasks', tasks: ['a', '✓ b'], call: list('all') },
  { message: "what's done?", tasks: ['a', '✓ b'], call: list('completed') },
  {
    message: "I've just emailed Sarah",
    tasks: ['email Sarah about the party', 'buy milk'],
    call: complete(1),
  },
  { message: "mark 'call mum' complete", tasks: ['call mum'], call: complete(1) },
  { message: 'remove number 1', tasks: ['a', 'b'], call: remove(1) },
  {
    message: "please rename task 3 to 'Book flights to Rome'",
    tasks: ['a', 'b', 'c'],
    call: rename(3, 'Book flights to Rome'),
  },
  { message: 'yo add laundry', call: add('laundry') },
  { message: 'how many open tasks?', tasks: ['a', '✓ b'], call: null, reply: /\b1\b/ },
  { message: 'any tasks left?', tasks: ['a', '✓ b'], call: list('pending') },
  { message: 'Delete the task about the car', tasks: ['wash the car', 'buy milk'], call: remove(1) },
  { message: 'complete 2', tasks: ['a', 'b'], call: complete(2) },
  { message: 'cheers mate', call: null, reply: /welcome|anytime|glad/i },
  { message: 'I walked the dog this morning', tasks: ['walk the dog'], call: complete(1) },
  { message: 'put milk and eggs on the shopping list', call: add('milk and eggs') },
  { message: 'change the title of task 1 to Pay rent', tasks: ['pay the rent'], call: rename(1, 'Pay rent') },
];

export const PHRASINGS: Phrasing[] = [
  ...tuned.map((p) => ({ ...p, set: 'tuned' as const })),
  ...heldOut.map((p) => ({ ...p, set: 'held-out' as const })),
];
