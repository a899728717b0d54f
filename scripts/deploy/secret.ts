/**
 * Secret app-secrets from environment variables or an env file. The values go
 * to kubectl only through stdin (a Secret manifest), never in arguments, output,
 * logs or files.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const SECRET_KEYS = ['COHERE_API_KEY', 'DATABASE_URL', 'JWT_SECRET'] as const;

export interface SecretValues {
  values: Record<string, string>;
  /** Keys that were generated rather than given. */
  generated: string[];
  /** Keys given neither in the environment nor the file (stored empty). */
  empty: string[];
}

/** KEY=VALUE lines; # comments, blank lines, optional quotes and `export `. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = line.match(/^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/);
    if (!match) continue;
    out[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

export function collectSecretValues(env: NodeJS.ProcessEnv, envFile?: string): SecretValues {
  const fromFile = envFile ? parseEnvFile(readFileSync(envFile, 'utf8')) : {};
  const values: Record<string, string> = {};
  const generated: string[] = [];
  const empty: string[] = [];
  for (const key of SECRET_KEYS) {
    const value = fromFile[key] ?? env[key];
    if (value) values[key] = value;
    else if (key === 'JWT_SECRET') {
      values[key] = randomBytes(32).toString('hex');
      generated.push(key);
    } else {
      values[key] = '';
      empty.push(key);
    }
  }
  return { values, generated, empty };
}

export function secretManifest(name: string, namespace: string, values: Record<string, string>): string {
  const data = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  );
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/part-of': 'todo-app' } },
    data,
  });
}
