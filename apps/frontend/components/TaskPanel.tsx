'use client';

import { ReactNode } from 'react';
import { TaskList } from '@/hooks/use-task-list';
import { Task } from '@/lib/api-client';

/** "3", or "100+" while more are left to load. */
const count = (list: TaskList) => `${list.tasks.length}${list.hasMore ? '+' : ''}`;

function Section({
  title,
  list,
  unavailable,
  empty,
  onLoadMore,
  children,
}: {
  title: string;
  list: TaskList;
  unavailable: boolean;
  empty: string;
  onLoadMore: (list: TaskList) => void;
  children: (task: Task) => ReactNode;
}) {
  const id = `tasks-${title.toLowerCase()}`;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>
        {title} {list.loaded && <span className="count">{count(list)}</span>}
      </h2>
      {!list.loaded ? (
        <p className="muted">{unavailable ? 'Unavailable while the service is down.' : 'Loading…'}</p>
      ) : list.tasks.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul>{list.tasks.map(children)}</ul>
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

export function TaskPanel({
  pending,
  completed,
  unavailable,
  completing,
  onComplete,
  onLoadMore,
}: {
  pending: TaskList;
  completed: TaskList;
  /** The service is down: lists not loaded yet are unknown, not empty. */
  unavailable: boolean;
  /** Task numbers being completed right now. */
  completing: ReadonlySet<number>;
  onComplete: (task: Task) => void;
  onLoadMore: (list: TaskList) => void;
}) {
  const shared = { unavailable, onLoadMore };
  return (
    <aside className="tasks" id="pane-tasks" aria-label="Your tasks">
      <Section title="Pending" list={pending} empty="Nothing pending." {...shared}>
        {(t) => (
          <li key={t.id}>
            <button
              className="task"
              onClick={() => onComplete(t)}
              disabled={completing.has(t.id)}
              aria-label={`Complete task ${t.id}: ${t.title}`}
              title="Mark as complete"
            >
              <span className="box" aria-hidden="true" />
              <span className="id">#{t.id}</span>
              <span className="title">{t.title}</span>
            </button>
          </li>
        )}
      </Section>
      <Section title="Completed" list={completed} empty="Nothing completed yet." {...shared}>
        {(t) => (
          <li key={t.id} className="done" data-testid="completed-task">
            <span className="box checked" aria-hidden="true">
              ✓
            </span>
            <span className="id">#{t.id}</span>
            <span className="title">{t.title}</span>
          </li>
        )}
      </Section>
    </aside>
  );
}
