'use client';

import { Task } from '@/lib/api-client';

export function TaskPanel({ tasks, onComplete }: { tasks: Task[]; onComplete: (task: Task) => void }) {
  const pending = tasks.filter((t) => !t.completed);
  const done = tasks.filter((t) => t.completed);
  return (
    <aside className="tasks" aria-label="Your tasks">
      <h2>
        Pending <span className="count">{pending.length}</span>
      </h2>
      {pending.length === 0 ? (
        <p className="muted">Nothing pending.</p>
      ) : (
        <ul>
          {pending.map((t) => (
            <li key={t.id}>
              <button
                className="task"
                onClick={() => onComplete(t)}
                aria-label={`Complete task ${t.id}: ${t.title}`}
                title="Mark as complete"
              >
                <span className="box" aria-hidden="true" /> <span className="id">#{t.id}</span> {t.title}
              </button>
            </li>
          ))}
        </ul>
      )}
      <h2>
        Completed <span className="count">{done.length}</span>
      </h2>
      {done.length === 0 ? (
        <p className="muted">Nothing completed yet.</p>
      ) : (
        <ul>
          {done.map((t) => (
            <li key={t.id} className="done" data-testid="completed-task">
              <span className="box checked" aria-hidden="true">
                ✓
              </span>{' '}
              <span className="id">#{t.id}</span> {t.title}
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
