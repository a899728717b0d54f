'use client';

import { useCallback, useEffect, useRef, useState } from 'react';

const FIRST_PAUSE_MS = 1000;
const LONGEST_PAUSE_MS = 30_000;

/**
 * While `down`, tries `attempt` again and again: after growing pauses (1 s, 2 s,
 * 4 s… up to 30 s), at once when the window regains focus or the network comes
 * back, and when `retryNow` is called (a Retry button). `attempt` ends the outage
 * by resolving; a rejection means "still down".
 */
export function useReconnect(down: boolean, attempt: () => Promise<void>) {
  const [checking, setChecking] = useState(false);
  const retryNow = useRef<() => void>(() => undefined);

  useEffect(() => {
    if (!down) return;
    let stopped = false;
    let running = false;
    let pause = FIRST_PAUSE_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const run = async () => {
      if (stopped || running) return;
      running = true;
      clearTimeout(timer);
      setChecking(true);
      try {
        await attempt();
      } catch {
        // still down: try again after a longer pause
      } finally {
        running = false;
        setChecking(false);
      }
      if (stopped) return;
      pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
      timer = setTimeout(run, pause);
    };

    const now = () => void run();
    timer = setTimeout(run, pause);
    retryNow.current = now;
    window.addEventListener('focus', now);
    window.addEventListener('online', now);
    return () => {
      stopped = true;
      clearTimeout(timer);
      retryNow.current = () => undefined;
      window.removeEventListener('focus', now);
      window.removeEventListener('online', now);
    };
  }, [down, attempt]);

  const retry = useCallback(() => retryNow.current(), []);
  return { checking, retry };
}
