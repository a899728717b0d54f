/**
 * Probes as the kubelet runs them (HTTP GET: 200–399 within timeoutSeconds; TCP:
 * the port accepts), polled with a deadline equal to the budget the pod spec gives
 * before the kubelet would give up: initialDelaySeconds + periodSeconds × failureThreshold.
 */
import { connect } from 'node:net';
import type { PlannedProbe } from './pod-plan';

export interface ProbeResult {
  ok: boolean;
  detail: string;
}

export async function probeOnce(probe: PlannedProbe, host = '127.0.0.1'): Promise<ProbeResult> {
  const timeoutMs = probe.timeoutSeconds * 1000;
  if (probe.kind === 'tcp') return tcpProbe(host, probe.port, timeoutMs);
  try {
    const response = await fetch(`http://${host}:${probe.port}${probe.path}`, {
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    return { ok: response.status >= 200 && response.status < 400, detail: `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, detail: describeError(error) };
  }
}

function tcpProbe(host: string, port: number, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const done = (result: ProbeResult) => {
      socket.destroy();
      resolve(result);
    };
    socket.once('connect', () => done({ ok: true, detail: 'connected' }));
    socket.once('timeout', () => done({ ok: false, detail: `no connection within ${timeoutMs} ms` }));
    socket.once('error', (error) => done({ ok: false, detail: describeError(error) }));
  });
}

export function describeError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return cause.code;
  if ((error as Error)?.name === 'TimeoutError') return 'timed out';
  return (error as Error)?.message ?? String(error);
}

export const probeBudgetSeconds = (probe: PlannedProbe) =>
  probe.initialDelaySeconds + probe.periodSeconds * probe.failureThreshold;

export const describeProbe = (probe: PlannedProbe) =>
  `${probe.kind === 'http' ? `GET :${probe.port}${probe.path}` : `TCP :${probe.port}`} ` +
  `(initialDelaySeconds ${probe.initialDelaySeconds} + periodSeconds ${probe.periodSeconds} × ` +
  `failureThreshold ${probe.failureThreshold} = ${probeBudgetSeconds(probe)} s)`;

/**
 * Resolves with the seconds since `startedAt` when the probe first passes; rejects
 * when the budget is spent (with the last result) or when `stopped` settles first
 * (the container exited). Polls every periodSeconds or every 250 ms, whichever is sooner.
 */
export async function awaitProbe(
  probe: PlannedProbe,
  startedAt: number,
  stopped: Promise<string>,
): Promise<number> {
  const deadline = startedAt + probeBudgetSeconds(probe) * 1000;
  const interval = Math.min(probe.periodSeconds * 1000, 250);
  let exited: string | undefined;
  void stopped.then((reason) => (exited = reason));
  for (;;) {
    if (exited !== undefined) throw new Error(`the container stopped before the probe passed: ${exited}`);
    const last = await probeOnce(probe);
    if (last.ok) return (Date.now() - startedAt) / 1000;
    if (Date.now() >= deadline)
      throw new Error(
        `did not pass within its budget of ${probeBudgetSeconds(probe)} s; last result: ${last.detail}`,
      );
    await Promise.race([new Promise((resolve) => setTimeout(resolve, interval)), stopped]);
  }
}
