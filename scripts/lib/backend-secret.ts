/**
 * The backend's Secret as deploy and doctor speak of it: its keys (from the
 * construct that references them), the JWT_SECRET rule (from the backend's own
 * configuration), and the kubectl commands that create or mend it. Commands put
 * values in shell substitutions or placeholders, never real values.
 */
import { JWT_SECRET_MIN_LENGTH } from '../../apps/backend/src/config';
import { BACKEND_SECRET_KEYS } from '../../constructs/todo-backend';

export { BACKEND_SECRET_KEYS, JWT_SECRET_MIN_LENGTH };

export type BackendSecretKey = (typeof BACKEND_SECRET_KEYS)[number];

/** The key generated when not given (deploy) and filled with a random value (fixes). */
export const GENERATED_KEY: BackendSecretKey = 'JWT_SECRET';

/** A fresh random JWT_SECRET, as a shell substitution. */
export const RANDOM_SECRET = '$(openssl rand -hex 32)';

/** What a fix command puts for a key: a random value for the generated key, else a placeholder. */
function valueFor(key: string): string {
  return key === GENERATED_KEY ? RANDOM_SECRET : `<${key.toLowerCase()}>`;
}

/** `kubectl create secret generic` with every key (the optional ones empty). */
export function createSecretCommand(name: string, namespace: string): string {
  const literals = BACKEND_SECRET_KEYS.map((key) =>
    key === GENERATED_KEY ? `--from-literal=${key}="${RANDOM_SECRET}"` : `--from-literal=${key}=''`,
  );
  return `kubectl create secret generic ${name} -n ${namespace} ${literals.join(' ')}`;
}

/** Sets one key of an existing Secret (the others are kept). */
export function setSecretKeyCommand(
  name: string,
  namespace: string,
  key: string,
  value = valueFor(key),
): string {
  const patch = `{\\"stringData\\":{\\"${key}\\":\\"${value}\\"}}`;
  return `kubectl patch secret ${name} -n ${namespace} --type merge -p "${patch}"`;
}

/** Prints one key with any password masked, to check it without showing it. */
export function showDatabaseUrlCommand(name: string, namespace: string): string {
  const read = `kubectl get secret ${name} -n ${namespace} -o jsonpath='{.data.DATABASE_URL}'`;
  return `${read} | base64 -d | sed 's/:[^:@/]*@/:***@/'; echo`;
}
