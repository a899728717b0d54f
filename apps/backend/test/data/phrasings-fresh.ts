/**
 * A second held-out set, written after the rules for phrasings-held-out.ts were done (whose
 * misses were seen while writing them) and run once, as it was: the figure the tests print for it
 * is the honest estimate of what people will say. Its misses are recorded, not tuned away.
 */
import { Phrasing } from './phrasings';

const add = (title: string) => ({ name: 'add_task', args: { title } });
const complete = (task_id: number) => ({ name: 'complete_task', args: { task_id } });
const remove = (task_id: number) => ({ name: 'delete_task', args: { task_id } });
const rename = (task_id: number, title: string) => ({ name: 'update_task', args: { task_id, title } });
const reopen = (task_id: number) => ({ name: 'update_task', args: { task_id, completed: false } });
const list = (status: string) => ({ name: 'list_tasks', args: { status } });

export const FRESH: Omit<Phrasing, 'set'>[] = [
  { message: 'get some bin bags, could you put that down for me', call: add('get some bin bags') },
  { message: 'would you mind jotting down book the vet', call: add('book the vet') },
  { message: 'oh and also renew the parking permit', call: add('renew the parking permit') },
  { message: 'plus call the school about the trip', call: add('call the school about the trip') },
  { message: 'the bins have been taken out', tasks: ['take out the bins', 'buy milk'], call: complete(1) },
  { message: 'the tickets are booked', tasks: ['buy milk', 'book tickets'], call: complete(2) },
  { message: 'mum was phoned this morning', tasks: ['phone mum'], call: complete(1) },
  { message: 'the bathroom got cleaned', tasks: ['clean the bathroom', 'clean the car'], call: complete(1) },
  {
    message: "drop the bike repair, I'm selling it",
    tasks: ['repair the bike', 'buy milk'],
    call: remove(1),
  },
  {
    message: 'please remove the concert tickets task as the show was cancelled',
    tasks: ['buy concert tickets', 'pay rent'],
    call: remove(1),
  },
  {
    message: "change the vet one to 'take Rex to the vet on Monday'",
    tasks: ['call the vet', 'buy milk'],
    call: rename(1, 'take Rex to the vet on Monday'),
  },
  {
    message: 'the rent task should read pay rent and bills',
    tasks: ['pay rent'],
    call: rename(1, 'pay rent and bills'),
  },
  { message: 'hey how are you doing', call: null, reply: /good|fine|well|great/i },
  { message: "you're the best, thanks", call: null, reply: /thank|welcome|glad|kind/i },
  { message: 'what else can you help me with?', call: null, reply: /"[^"]+"[\s\S]*"[^"]+"[\s\S]*"[^"]+"/ },
  {
    message: 'delete everything that is done',
    tasks: ['✓ a', '✓ b', 'c'],
    calls: [],
    reply: /\byes\b/i,
  },
  {
    message: 'yes please',
    tasks: ['✓ a', '✓ b', 'c'],
    before: ['remove all finished tasks'],
    calls: [remove(1), remove(2)],
  },
  {
    message: 'do I have anything about the boiler?',
    tasks: ['service the boiler', 'buy milk'],
    call: null,
    reply: /boiler/,
    replyNot: /milk/,
  },
  {
    message: 'look for tasks about the garden',
    tasks: ['weed the garden', 'buy milk', 'water the garden'],
    call: null,
    reply: /weed the garden[\s\S]*water the garden/,
    replyNot: /milk/,
  },
  {
    message: 'is the dentist on the list?',
    tasks: ['call the dentist', 'buy milk'],
    call: null,
    reply: /dentist/,
    replyNot: /milk/,
  },
  { message: "I haven't called the bank yet", tasks: ['✓ call the bank', 'buy milk'], call: reopen(1) },
  { message: 'the milk is not bought yet', tasks: ['✓ buy milk'], call: reopen(1) },
  { message: 'unmark task 3', tasks: ['a', 'b', '✓ c'], call: reopen(3) },
  { message: 'mark the rent one as not done', tasks: ['✓ pay rent'], call: reopen(1) },
  { message: 'add pick up the dry cleaning', call: add('pick up the dry cleaning') },
  { message: 'what is still open?', tasks: ['✓ a', 'b'], call: list('pending') },
  { message: 'I emptied the dishwasher', tasks: ['empty the dishwasher'], call: complete(1) },
  { message: 'kill task 2', tasks: ['a', 'b'], call: remove(2) },
  { message: 'how many things have I ticked off?', tasks: ['a', '✓ b', '✓ c'], call: null, reply: /\b2\b/ },
  { message: 'what does my day look like?', tasks: ['✓ a', 'b'], call: list('pending') },
];
