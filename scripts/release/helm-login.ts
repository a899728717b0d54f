/** Whether helm holds credentials for a registry: its own registry config, then Docker's (helm's fallback). */
import { run } from '../lib/run';
import { dockerConfigHasLogin, hasCredentials, readJson } from './container-cli';

export function helmRegistryConfigPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.HELM_REGISTRY_CONFIG) return env.HELM_REGISTRY_CONFIG;
  const result = run('helm', ['env', 'HELM_REGISTRY_CONFIG']);
  return result.status === 0 ? result.stdout.trim() || undefined : undefined;
}

export function helmHasLogin(host: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const path = helmRegistryConfigPath(env);
  return (path !== undefined && hasCredentials(readJson(path), host)) || dockerConfigHasLogin(host, env);
}
