/** Waiting without guessing durations: poll until a condition holds, or fail after a deadline saying what. */

export interface WaitOptions {
  /** Upper bound only (a failure), never the expected duration. */
  timeoutMs?: number;
  intervalMs?: number;
}

/** Thrown by a check to stop waiting at once (the awaited thing can no longer happen). */
export class GiveUp extends Error {}

/**
 * Resolves with the first truthy value `check` returns. Errors thrown by `check` count as "not yet"
 * (a server that is not listening yet) and the last one is reported on timeout; a GiveUp ends the wait.
 */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  { timeoutMs = 60_000, intervalMs = 50 }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      if (error instanceof GiveUp) throw error;
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
