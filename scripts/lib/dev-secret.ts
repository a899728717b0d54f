/**
 * The JWT secret of `npm run dev`: made once per checkout and kept in a git-ignored file, so
 * sessions survive restarts of the dev backend (a random secret per start signed everyone out).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from './paths';

/** The dev mode's own state (git-ignored): TODO_DEV_DIR moves it, e.g. for a test. */
export const DEV_DIR = process.env.TODO_DEV_DIR ?? join(REPO_ROOT, '.dev');
/** The backend accepts no shorter secret (apps/backend/src/config.ts). */
const MIN_LENGTH = 16;

/** Reads the secret, or creates it (owner-only, 0600) the first time. Never prints it. */
export function devJwtSecret(file = join(DEV_DIR, 'jwt-secret')): string {
  try {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= MIN_LENGTH) {
      // Written by hand or by an old copy with looser rights: keep it, but make it owner-only.
      if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
      return secret;
    }
    throw new Error(`${file} holds fewer than ${MIN_LENGTH} characters: delete it to get a new secret`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('hex');
  // 'wx': two dev runs starting at once cannot overwrite each other's secret.
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return devJwtSecret(file);
    throw error;
  }
  return secret;
}
