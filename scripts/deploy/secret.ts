/**
 * The backend's Secret from environment variables or an env file, checked
 * against what the backend accepts before anything is created. The values go to
 * kubectl only through stdin (a Secret manifest), never in arguments, output,
 * logs or files.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { BACKEND_SECRET_KEYS, GENERATED_KEY, JWT_SECRET_MIN_LENGTH } from '../lib/backend-secret';

export interface SecretValues {
  values: Record<string, string>;
  /** Keys that were generated rather than given. */
  generated: string[];
  /** Keys given neither in the environment nor the file (stored empty). */
  empty: string[];
}

/** Values the backend would refuse; the message says why without showing the value. */
export class SecretValueError extends Error {}

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

/** Why the backend would refuse this JWT_SECRET, or undefined when it is fine. */
export function jwtSecretProblem(value: string): string | undefined {
  const length = value.trim().length;
  return length < JWT_SECRET_MIN_LENGTH
    ? `JWT_SECRET has ${length} characters; the backend needs at least ${JWT_SECRET_MIN_LENGTH} ` +
        'and would exit at start (a crash loop)'
    : undefined;
}

/** Reads the values; throws SecretValueError for one the backend would refuse. */
export function collectSecretValues(env: NodeJS.ProcessEnv, envFile?: string): SecretValues {
  const fromFile = envFile ? parseEnvFile(readFileSync(envFile, 'utf8')) : {};
  const values: Record<string, string> = {};
  const generated: string[] = [];
  const empty: string[] = [];
  for (const key of BACKEND_SECRET_KEYS) {
    const value = fromFile[key] ?? env[key];
    if (value) values[key] = value;
    else if (key === GENERATED_KEY) {
      values[key] = randomBytes(32).toString('hex');
      generated.push(key);
    } else {
      values[key] = '';
      empty.push(key);
    }
  }
  const problem = jwtSecretProblem(values.JWT_SECRET);
  if (problem) throw new SecretValueError(`${problem} (given in ${envFile ?? 'the environment'})`);
  return { values, generated, empty };
}

/** What is wrong with an existing Secret (as `kubectl get secret -o json` prints it), or undefined. */
export function existingSecretProblem(secret: { data?: Record<string, string> }): string | undefined {
  const encoded = secret.data?.[GENERATED_KEY];
  if (encoded === undefined) return `it has no key ${GENERATED_KEY}, which the backend requires`;
  return jwtSecretProblem(Buffer.from(encoded, 'base64').toString());
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
