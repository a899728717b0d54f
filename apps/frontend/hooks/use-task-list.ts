'use client';

import { useCallback, useRef, useState } from 'react';
import { api, Task, TaskStatus } from '@/lib/api-client';

/** Tasks shown per "Show more"; the backend allows up to MAX_LIMIT per request. */
export const TASK_PAGE = 100;
/** The backend's PAGE_LIMIT_MAX (a value the bundle cannot import from it; test/unit/api-types.test.ts checks). */
export const MAX_LIMIT = 200;

export interface TaskList {
  tasks: Task[];
  /** More tasks exist beyond those loaded. */
  hasMore: boolean;
  /** The first load has succeeded (until then an empty list means "unknown", not "none"). */
  loaded: boolean;
  loadingMore: boolean;
  /** Loads from the start again, as many tasks as are shown now (at least one page). */
  reload(): Promise<void>;
  loadMore(): Promise<void>;
}

/** One status's tasks, paged with the backend's cursors. Errors are thrown to the caller. */
export function useTaskList(userId: string, status: TaskStatus): TaskList {
  const [tasks, setTasks] = useState<Task[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  // A reload supersedes pages still in flight: their answers describe an older list.
  const generation = useRef(0);
  const shown = useRef(0);

  const reload = useCallback(async () => {
    const current = ++generation.current;
    const wanted = Math.max(TASK_PAGE, shown.current);
    const all: Task[] = [];
    let next: string | null = null;
    do {
      const limit = Math.min(MAX_LIMIT, wanted - all.length);
      const page = await api.tasks(userId, { status, limit, cursor: next ?? undefined });
      all.push(...page.tasks);
      next = page.next_cursor;
    } while (next && all.length < wanted);
    if (current !== generation.current) return;
    shown.current = all.length;
    setTasks(all);
    setCursor(next);
    setLoaded(true);
  }, [userId, status]);

  const loadMore = useCallback(async () => {
    if (!cursor) return;
    const current = generation.current;
    setLoadingMore(true);
    try {
      const page = await api.tasks(userId, { status, limit: TASK_PAGE, cursor });
      if (current !== generation.current) return;
      setTasks((list) => {
        const merged = [...list, ...page.tasks];
        shown.current = merged.length;
        return merged;
      });
      setCursor(page.next_cursor);
    } finally {
      setLoadingMore(false);
    }
  }, [userId, status, cursor]);

  return { tasks, hasMore: cursor !== null, loaded, loadingMore, reload, loadMore };
}
