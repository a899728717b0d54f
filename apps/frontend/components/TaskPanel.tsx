'use client';

import { MouseEvent, useLayoutEffect, useRef } from 'react';
import { TaskList } from '@/hooks/use-task-list';
import { Task, TaskCounts } from '@/lib/api-client';

type Status = 'pending' | 'completed';

const SECTIONS: Record<Status, { title: string; empty: string; verb: string; hint: string }> = {
  pending: { title: 'Pending', empty: 'Nothing pending.', verb: 'Complete', hint: 'Mark as complete' },
  completed: {
    title: 'Completed',
    empty: 'Nothing completed yet.',
    verb: 'Reopen',
    hint: 'Mark as not done (back to pending)',
  },
};

/** Where focus goes when the focused task leaves its list: the one now in its place. */
interface Refocus {
  status: Status;
  id: number;
  index: number;
}

function Section({
  status,
  list,
  total,
  unavailable,
  busy,
  notes,
  onToggle,
  onLoadMore,
  onFocusLeaving,
}: {
  status: Status;
  list: TaskList;
  total: number | undefined;
  unavailable: boolean;
  busy: ReadonlySet<number>;
  notes: ReadonlyMap<number, string>;
  onToggle: (task: Task) => void;
  onLoadMore: (list: TaskList) => void;
  onFocusLeaving: (refocus: Refocus) => void;
}) {
  const { title, empty, verb, hint } = SECTIONS[status];
  const id = `tasks-${status}`;

  function click(event: MouseEvent<HTMLButtonElement>, task: Task, index: number) {
    // aria-disabled, not disabled: a disabled button drops the keyboard focus to <body>.
    if (busy.has(task.id)) return;
    if (document.activeElement === event.currentTarget) onFocusLeaving({ status, id: task.id, index });
    onToggle(task);
  }

  return (
    <section aria-labelledby={id} data-status={status}>
      <h2 id={id} tabIndex={-1}>
        {/* The backend's total, never the size of the pages loaded so far. */}
        {title} {list.loaded && total !== undefined && <span className="count">{total}</span>}
      </h2>
      {!list.loaded ? (
        <p className="muted">{unavailable ? 'Unavailable while the service is down.' : 'Loading…'}</p>
      ) : list.tasks.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul>
          {list.tasks.map((t, index) => {
            const note = notes.get(t.id);
            return (
              <li
                key={t.id}
                className={status === 'completed' ? 'done' : undefined}
                data-testid={status === 'completed' ? 'completed-task' : undefined}
              >
                <button
                  className="task"
                  onClick={(e) => click(e, t, index)}
                  aria-disabled={busy.has(t.id) || undefined}
                  aria-label={`${verb} task ${t.id}: ${t.title}`}
                  aria-describedby={note ? `task-note-${t.id}` : undefined}
                  title={hint}
                >
                  <span className={status === 'completed' ? 'box checked' : 'box'} aria-hidden="true">
                    {status === 'completed' ? '✓' : ''}
                  </span>
                  <span className="id">#{t.id}</span>
                  <span className="title">{t.title}</span>
                </button>
                {note && (
                  <p id={`task-note-${t.id}`} className="error task-note" role="alert">
                    {note}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {list.hasMore && (
        <button
          type="button"
          className="secondary more"
          disabled={list.loadingMore}
          onClick={() => onLoadMore(list)}
        >
          {list.loadingMore ? 'Loading…' : `Show more ${title.toLowerCase()}`}
        </button>
      )}
    </section>
  );
}

/** Pending and completed tasks; clicking one moves it to the other list. */
export function TaskPanel({
  pending,
  completed,
  counts,
  unavailable,
  busy,
  notes,
  onToggle,
  onLoadMore,
}: {
  pending: TaskList;
  completed: TaskList;
  /** The backend's totals, once loaded. */
  counts: TaskCounts | undefined;
  /** The service is down: lists not loaded yet are unknown, not empty. */
  unavailable: boolean;
  /** Task numbers being completed or reopened right now. */
  busy: ReadonlySet<number>;
  /** Why the last click on a task did not take effect, by task number. */
  notes: ReadonlyMap<number, string>;
  /** Completes a pending task, reopens a completed one. */
  onToggle: (task: Task) => void;
  onLoadMore: (list: TaskList) => void;
}) {
  const panel = useRef<HTMLElement>(null);
  const refocus = useRef<Refocus | undefined>(undefined);

  // Once the task that had the focus has left its list, the focus goes to the task now in its
  // place (or the last one, or the heading), never to <body>. A failed click leaves the task in place.
  useLayoutEffect(() => {
    const target = refocus.current;
    if (!target) return;
    const list = target.status === 'pending' ? pending : completed;
    if (list.tasks.some((t) => t.id === target.id)) {
      if (!busy.has(target.id)) refocus.current = undefined;
      return;
    }
    refocus.current = undefined;
    const section = panel.current?.querySelector(`section[data-status="${target.status}"]`);
    const buttons = section?.querySelectorAll<HTMLButtonElement>('button.task') ?? [];
    const next = buttons[Math.min(target.index, buttons.length - 1)];
    (next ?? section?.querySelector<HTMLElement>('h2'))?.focus();
  }, [pending, completed, busy]);

  const shared = {
    unavailable,
    busy,
    notes,
    onToggle,
    onLoadMore,
    onFocusLeaving: (r: Refocus) => (refocus.current = r),
  };
  return (
    <aside className="tasks" id="pane-tasks" aria-label="Your tasks" ref={panel}>
      <Section status="pending" list={pending} total={counts?.pending} {...shared} />
      <Section status="completed" list={completed} total={counts?.completed} {...shared} />
    </aside>
  );
}
