'use client';

import { useCallback, useRef, useState } from 'react';

type Update = string | ((typed: string) => string);

const keyFor = (userId: string) => `todo-draft:${userId}`;

function read(key: string): string {
  try {
    return sessionStorage.getItem(key) ?? '';
  } catch {
    return ''; // storage disabled: the draft lives in memory only
  }
}

/**
 * The unsent message, kept in this tab's sessionStorage per user: it survives a reload and the
 * session-expired path (sign in again, the draft is back). It is written in the same call that
 * changes it, because a 401 unmounts the chat before any effect could save it.
 */
export function useDraft(userId: string): [string, (update: Update) => void, () => void] {
  const key = keyFor(userId);
  const [draft, setState] = useState(() => read(key));
  const current = useRef(draft);

  const setDraft = useCallback(
    (update: Update) => {
      const value = typeof update === 'function' ? update(current.current) : update;
      current.current = value;
      try {
        if (value) sessionStorage.setItem(key, value);
        else sessionStorage.removeItem(key);
      } catch {
        // storage full or disabled: the draft still lives in memory
      }
      setState(value);
    },
    [key],
  );

  return [draft, setDraft, () => setDraft('')];
}
