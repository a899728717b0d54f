/**
 * `npm run synth [-- --values FILE] [-- --set key=value] [-- --out DIR]`
 *
 * Writes the plain manifests and the Helm chart to dist/. The output is
 * built in a temporary directory and swapped in only when complete, so a
 * failed synthesis (for example invalid values) leaves the previous dist/ as it was.
 */
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ConstructValidationError, InvalidValuesError, ValuesConflictError } from 'cdk8s-helm';
import { DEFAULT_RELEASE } from '../chart/metadata';
import { keyFingerprint, SignKey, signKeyUrlProblem } from '../chart/sign-key';
import { TodoAppValues } from '../chart/values';
import { version as packageVersion } from '../package.json';
import { releasedChart, todoApp } from '../main';
import { parseCommandLine, UsageError } from './lib/args';
import { publicKeyProblem } from './lib/cosign';

export const MANIFEST_FILE = `manifests/${todoApp.name}.k8s.yaml`;
export const CHART_DIR = `helm/${todoApp.name}`;

/** Everything `npm run synth` writes under dist/, as path → content. */
export function distFiles(values: TodoAppValues, chart = todoApp): Record<string, string> {
  const files: Record<string, string> = {
    [MANIFEST_FILE]: chart.manifests(values, DEFAULT_RELEASE, { createNamespace: true }),
  };
  for (const [path, content] of Object.entries(chart.files(values))) files[`${CHART_DIR}/${path}`] = content;
  return files;
}

const USAGE = `usage: npm run synth -- [--values FILE]... [--set key.path=value]... [--out DIR] [--version X.Y.Z]
                        [--sign-key cosign.pub --sign-key-url URL]

  -f, --values FILE   YAML values to apply over the defaults (repeatable)
  --set k=v           a single value, e.g. --set frontend.replicaCount=2 (repeatable)
  --out DIR           where to write (default: dist)
  --version X.Y.Z     the chart's version and appVersion, and so the image tags (default: package.json's)
  --sign-key FILE     the public key the release is signed with: its fingerprint goes into
                      Chart.yaml's artifacthub.io/signKey (npm run release passes it)
  --sign-key-url URL  where users download that public key (the annotation's url)
  -h, --help          this text`;

const VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

interface Options {
  files: string[];
  sets: string[];
  out: string;
  version?: string;
  signKey?: SignKey;
}

/** artifacthub.io/signKey from --sign-key and --sign-key-url, which come together. */
function signKeyOf(file: string | undefined, url: string | undefined): SignKey | undefined {
  if (file === undefined && url === undefined) return undefined;
  if (file === undefined || url === undefined)
    throw new UsageError('--sign-key and --sign-key-url come together (Artifact Hub shows both)');
  const problem = signKeyUrlProblem(url);
  if (problem) throw new UsageError(`--sign-key-url ${JSON.stringify(url)}: ${problem}`);
  const keyProblem = publicKeyProblem(file);
  if (keyProblem) throw new UsageError(`--sign-key ${file}: ${keyProblem}`);
  try {
    return { fingerprint: keyFingerprint(readFileSync(file, 'utf8')), url };
  } catch (error) {
    throw new UsageError(`--sign-key ${file}: not a PEM public key (${(error as Error).message})`);
  }
}

/** The options, or null for --help. */
function parseOptions(argv: string[]): Options | null {
  const values = parseCommandLine(argv, {
    values: { type: 'string', short: 'f', multiple: true, default: [] },
    set: { type: 'string', multiple: true, default: [] },
    out: { type: 'string', default: 'dist' },
    version: { type: 'string' },
    'sign-key': { type: 'string' },
    'sign-key-url': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.version !== undefined && !VERSION.test(values.version)) {
    throw new UsageError(`--version ${JSON.stringify(values.version)}: expected a version such as 1.2.3`);
  }
  if (values.help) return null;
  return {
    files: values.values,
    sets: values.set,
    out: values.out,
    version: values.version,
    signKey: signKeyOf(values['sign-key'], values['sign-key-url']),
  };
}

/** Writes all files into a fresh sibling directory, then swaps it in for `out`. */
export function writeAtomically(out: string, files: Record<string, string>): void {
  const target = resolve(out);
  mkdirSync(dirname(target), { recursive: true });
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}.synth-`));
  try {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(staging, path)), { recursive: true });
      writeFileSync(join(staging, path), content);
    }
    const previous = existsSync(target) ? `${staging}.previous` : undefined;
    if (previous) renameSync(target, previous);
    renameSync(staging, target);
    if (previous) rmSync(previous, { recursive: true, force: true });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

function main(): void {
  try {
    const options = parseOptions(process.argv.slice(2));
    if (!options) {
      console.log(USAGE);
      return;
    }
    const chart = releasedChart({ version: options.version ?? packageVersion, signKey: options.signKey });
    const values = chart.resolveValues({ files: options.files, sets: options.sets });
    const files = distFiles(values, chart);
    writeAtomically(options.out, files);
    console.log(
      `synth: wrote ${Object.keys(files).length} files to ${options.out}/ (manifests/ and helm/todo-app/)`,
    );
  } catch (error) {
    if (
      error instanceof InvalidValuesError ||
      error instanceof ConstructValidationError ||
      error instanceof ValuesConflictError ||
      error instanceof UsageError
    ) {
      console.error(`synth: ${error.message}`);
      if (error instanceof UsageError) console.error(USAGE);
      console.error('synth: nothing was written; the previous output is unchanged.');
      process.exit(1);
    }
    throw error;
  }
}

if (require.main === module) main();
