/**
 * Whether helm and docker hold credentials for a registry, read from their config
 * files (a credential helper or store counts as yes: what it holds is not visible).
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { run } from '../lib/run';

export interface DockerConfig {
  auths?: Record<string, unknown>;
  credHelpers?: Record<string, unknown>;
  credsStore?: string;
}

export function dockerConfigHasLogin(host: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const config = readJson<DockerConfig>(join(env.DOCKER_CONFIG ?? join(homedir(), '.docker'), 'config.json'));
  return hasCredentials(config, host);
}

export function hasCredentials(config: DockerConfig | undefined, host: string): boolean {
  if (!config) return false;
  const keys = [host, `https://${host}`, `http://${host}`];
  return (
    keys.some((key) => config.auths?.[key] !== undefined || config.credHelpers?.[key] !== undefined) ||
    Boolean(config.credsStore)
  );
}

export function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** helm's own registry config, then Docker's, which helm falls back to. */
export function helmRegistryConfigPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.HELM_REGISTRY_CONFIG) return env.HELM_REGISTRY_CONFIG;
  const result = run('helm', ['env', 'HELM_REGISTRY_CONFIG']);
  return result.status === 0 ? result.stdout.trim() || undefined : undefined;
}

export function helmHasLogin(host: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const path = helmRegistryConfigPath(env);
  return (path !== undefined && hasCredentials(readJson(path), host)) || dockerConfigHasLogin(host, env);
}
