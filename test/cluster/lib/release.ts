/** Helm releases of the chart in the test cluster, and users of the app they serve. */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../scripts/lib/paths';
import { FrontendSession } from '../../rehearsal/lib/frontend-session';
import { fetchVia } from './http';
import type { List, Named, Service } from './objects';
import {
  clusterValues,
  context,
  createAppSecret,
  eventually,
  helmInBackground,
  helmWith,
  json,
  kubectl,
  restrictedNamespace,
} from './kube';

export const CHART = join(REPO_ROOT, 'dist', 'helm', 'todo-app');

export interface Release {
  name: string;
  namespace: string;
  /** The Ingress host this release serves (each release its own). */
  host: string;
}

/** The release most tests share (installed by 03-install). */
export const MAIN: Release = { name: 'todo', namespace: 'todo-ci', host: 'todo-app.local' };

export interface InstallOptions {
  chart?: string;
  helm?: string;
  args?: string[];
  /** Wait for the workloads to be ready; default true. */
  wait?: boolean;
}

function waitArgs(options: InstallOptions): string[] {
  return options.wait === false ? [] : ['--wait', '--timeout', '5m'];
}

/** helm install --wait into a restricted namespace with the Secret in place; resolves with the seconds it took. */
export function install(release: Release, options: InstallOptions = {}): number {
  restrictedNamespace(release.namespace);
  createAppSecret(release.namespace);
  const started = Date.now();
  helmWith(
    options.helm ?? context.helm,
    'install',
    release.name,
    options.chart ?? CHART,
    '-n',
    release.namespace,
    ...waitArgs(options),
    ...clusterValues(),
    '--set',
    `ingress.host=${release.host}`,
    ...(options.args ?? []),
  );
  return (Date.now() - started) / 1000;
}

function upgradeArgs(release: Release, options: InstallOptions): string[] {
  return [
    'upgrade',
    release.name,
    options.chart ?? CHART,
    '-n',
    release.namespace,
    ...waitArgs(options),
    ...clusterValues(),
    '--set',
    `ingress.host=${release.host}`,
    ...(options.args ?? []),
  ];
}

/** helm upgrade --wait to the current chart (or `chart`), keeping the cluster's values; the seconds it took. */
export function upgrade(release: Release, options: InstallOptions = {}): number {
  const started = Date.now();
  helmWith(options.helm ?? context.helm, ...upgradeArgs(release, options));
  return (Date.now() - started) / 1000;
}

/** The same upgrade, leaving the event loop free (for requests sent while it runs). */
export function upgradeInBackground(release: Release, options: InstallOptions = {}): Promise<string> {
  return helmInBackground(options.helm ?? context.helm, ...upgradeArgs(release, options));
}

/** The name of a release's Service or Deployment for a component, found by the chart's labels. */
export function objectName(kind: string, release: Release, component: string): string {
  const items = json<List<Named>>(
    'get',
    kind,
    '-n',
    release.namespace,
    '-l',
    `app.kubernetes.io/instance=${release.name},app.kubernetes.io/component=${component}`,
  ).items;
  if (items.length !== 1)
    throw new Error(`expected one ${kind} for ${release.name}/${component}, found ${items.length}`);
  return items[0].metadata.name;
}

/** The frontend's Service as this machine reaches it (ClusterIP, through kube-proxy). */
export function frontendUrl(release: Release): string {
  const svc = json<Service>(
    'get',
    'service',
    objectName('service', release, 'frontend'),
    '-n',
    release.namespace,
  );
  return `http://${svc.spec.clusterIP}:${svc.spec.ports[0].port}`;
}

/** A user of the release who goes through its Ingress (Traefik), by the release's host name. */
export function ingressSession(release: Release): FrontendSession {
  return new FrontendSession(`http://${release.host}`, fetchVia(new URL(context.ingressUrl).hostname));
}

/**
 * Waits until the Ingress controller routes the release's host: helm --wait knows the pods, not
 * when Traefik has read a new Ingress (until then it answers 404 itself).
 */
export async function untilRouted(release: Release): Promise<void> {
  await eventually(`the Ingress routes ${release.host}`, 60, async () =>
    (await ingressSession(release).health()) === 200 ? true : undefined,
  );
}

export function newUser(prefix: string): { email: string; password: string } {
  return {
    email: `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`,
    password: 'correct horse battery',
  };
}

/** Signs up, adds a task by chat and completes it by chat; returns the session and the task's title. */
export async function chatRoundTrip(session: FrontendSession, user = newUser('chat')) {
  await session.signUp(user.email, user.password);
  const added = await session.chat('add a task to buy milk');
  if (!added.tool_calls.some((call) => call.name === 'add_task'))
    throw new Error(`adding by chat called no add_task: ${JSON.stringify(added)}`);
  const completed = await session.chat('mark buy milk as done', added.conversation_id);
  if (!completed.tool_calls.some((call) => call.name === 'complete_task'))
    throw new Error(`completing by chat called no complete_task: ${JSON.stringify(completed)}`);
  return { session, user, conversationId: added.conversation_id };
}

/** The official MCP SDK client, as the backend's own tests load it. */
const mcpRequire = createRequire(join(REPO_ROOT, 'apps', 'backend', 'package.json'));
export function mcpSdk() {
  const { Client } = mcpRequire('@modelcontextprotocol/sdk/client/index.js');
  const { StreamableHTTPClientTransport } = mcpRequire('@modelcontextprotocol/sdk/client/streamableHttp.js');
  return { Client, StreamableHTTPClientTransport };
}

export function deleteNamespace(namespace: string): void {
  kubectl('delete', 'namespace', namespace, '--ignore-not-found', '--wait=true', '--timeout=180s');
}
