/**
 * The last released chart, kept packaged in the repository as the upgrade guard's
 * baseline (test/release/last-release/todo-app-X.Y.Z.tgz). Each release replaces it.
 * TODO_APP_LAST_RELEASE_DIR points elsewhere (the release's own tests use it).
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { StepFailure } from '../lib/steps';
import { REPO_ROOT } from '../lib/paths';
import { CHART_NAME } from './registry-ref';

export const DEFAULT_LAST_RELEASE_DIR = join(REPO_ROOT, 'test', 'release', 'last-release');

export function lastReleaseDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.TODO_APP_LAST_RELEASE_DIR || DEFAULT_LAST_RELEASE_DIR;
}

const isPackagedChart = (file: string) => file.startsWith(`${CHART_NAME}-`) && file.endsWith('.tgz');

/** The packaged chart in `dir`, or undefined before the first release. */
export function findLastRelease(dir: string): string | undefined {
  let files: string[];
  try {
    files = readdirSync(dir).filter(isPackagedChart);
  } catch {
    return undefined;
  }
  if (files.length > 1)
    throw new StepFailure(
      `${dir} holds ${files.length} packaged charts (${files.join(', ')})`,
      'keep only the last released one there: it is the baseline of the upgrade guard',
    );
  return files.length ? join(dir, files[0]) : undefined;
}

/** Makes `packaged` the last release: copies it in, then removes the previous one. */
export function refreshLastRelease(packaged: string, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const target = join(dir, basename(packaged));
  copyFileSync(packaged, target);
  for (const file of readdirSync(dir).filter(isPackagedChart))
    if (file !== basename(packaged)) rmSync(join(dir, file));
  return target;
}
