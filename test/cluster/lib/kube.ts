/** kubectl and helm against the test cluster, and the waits the tests build on. */
import { spawn, spawnSync } from 'node:child_process';
import { ClusterContext, loadContext } from './context';
import type { List, Pod, Service } from './objects';

export const context: ClusterContext = loadContext();
const env = { ...process.env, KUBECONFIG: context.kubeconfig, HELM_CACHE_HOME: undefined };

export interface Result {
  status: number;
  stdout: string;
  stderr: string;
}

function exec(command: string, args: string[], input?: string, timeoutMs = 300_000): Result {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    env,
    input,
    timeout: timeoutMs,
    maxBuffer: 128 * 1024 * 1024,
  });
  return {
    status: result.status ?? 1,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? String(result.error),
  };
}

/** Runs the command and returns stdout; throws with stderr when it fails. */
function must(command: string, args: string[], input?: string, timeoutMs?: number): string {
  const result = exec(command, args, input, timeoutMs);
  if (result.status !== 0)
    throw new Error(
      `${command.split('/').pop()} ${args.join(' ')} failed (${result.status}):\n${result.stderr}`,
    );
  return result.stdout;
}

export const kubectl = (...args: string[]) => must(context.kubectl, args);
export const kubectlWithInput = (input: string, ...args: string[]) => must(context.kubectl, args, input);
export const tryKubectl = (...args: string[]) => exec(context.kubectl, args);
export const helm = (...args: string[]) => must(context.helm, args, undefined, 600_000);
export const tryHelm = (...args: string[]) => exec(context.helm, args, undefined, 600_000);
export const helmWith = (binary: string, ...args: string[]) => must(binary, args, undefined, 600_000);

/** helm without blocking the event loop, so requests can run while it works. */
export function helmInBackground(binary: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`helm ${args.join(' ')} failed (${code}):\n${stderr}`)),
    );
  });
}

export function json<T>(...args: string[]): T {
  return JSON.parse(kubectl(...args, '-o', 'json')) as T;
}

/** Polls until `check` returns a value (not undefined), or fails naming what it waited for. */
export async function eventually<T>(
  what: string,
  seconds: number,
  check: () => T | undefined | Promise<T | undefined>,
) {
  const deadline = Date.now() + seconds * 1000;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`${what}: not within ${seconds} s${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** A namespace where Pod Security admission enforces the restricted profile. */
export function restrictedNamespace(name: string): string {
  kubectlWithInput(
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
    }),
    'apply',
    '-f',
    '-',
  );
  return name;
}

/** The backend's Secret, from literals passed on stdin (never on a command line). */
export function createAppSecret(namespace: string, name = 'app-secrets'): void {
  kubectlWithInput(
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace },
      stringData: {
        JWT_SECRET: `cluster-test-${Math.random().toString(36).slice(2)}-secret`,
        COHERE_API_KEY: '',
        DATABASE_URL: '',
      },
    }),
    'apply',
    '-f',
    '-',
  );
}

/** The ClusterIP URL of a Service port: this machine reaches ClusterIPs through kube-proxy's rules. */
export function serviceUrl(namespace: string, service: string, port?: number): string {
  const svc = json<Service>('get', 'service', service, '-n', namespace);
  return `http://${svc.spec.clusterIP}:${port ?? svc.spec.ports[0].port}`;
}

/** `kubectl port-forward` to a Service on a free loopback port; resolves with its URL and a stop. */
export function portForward(namespace: string, target: string, remotePort: number) {
  const child = spawn(context.kubectl, ['port-forward', '-n', namespace, target, `:${remotePort}`], { env });
  return new Promise<{ url: string; stop: () => void }>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`port-forward ${target}: no port after 30 s: ${output}`)),
      30_000,
    );
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = output.match(/Forwarding from 127\.0\.0\.1:(\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${match[1]}`, stop: () => child.kill('SIGTERM') });
      }
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`port-forward ${target} exited (${code}): ${output}`));
    });
  });
}

/** The pods of a release's component, by the chart's labels. */
export function pods(namespace: string, release: string, component: string): Pod[] {
  return json<List<Pod>>(
    'get',
    'pods',
    '-n',
    namespace,
    '-l',
    `app.kubernetes.io/instance=${release},app.kubernetes.io/component=${component}`,
  ).items;
}

/** Seconds from a pod's start to its Ready condition. */
export function startToReady(pod: Pod): number {
  const ready = pod.status.conditions.find((c) => c.type === 'Ready' && c.status === 'True');
  if (!ready) throw new Error(`pod ${pod.metadata.name} is not ready`);
  const container = pod.status.containerStatuses?.[0]?.state.running?.startedAt ?? pod.status.startTime;
  return (Date.parse(ready.lastTransitionTime) - Date.parse(container)) / 1000;
}

/** The values every install in this cluster uses: its Ingress controller and its namespace. */
export function clusterValues(): string[] {
  return ['--set', 'ingress.className=traefik', '--set', 'networkPolicy.ingressControllerNamespace=traefik'];
}
