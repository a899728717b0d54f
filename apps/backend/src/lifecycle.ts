/** Where the process is in its life, shared by the process entry (which changes it) and /ready (which reports it). */
export interface Lifecycle {
  state: 'starting' | 'ready' | 'draining';
  /** Why the process is not ready, for /ready and the logs. */
  reason?: string;
}

export const readyLifecycle = (): Lifecycle => ({ state: 'ready' });
