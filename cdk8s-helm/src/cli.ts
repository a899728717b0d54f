#!/usr/bin/env node
/**
 * `cdk8s-helm verify MODULE [options]`: loads the chart a module exports and
 * runs `verifyChart` on it. `cdk8s-helm write MODULE DIR`: writes the chart.
 * A TypeScript module is loaded through tsx or ts-node when the project has one.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { HelmChart } from './chart';
import { formatReport, verifyChart } from './verify';

const USAGE = `usage:
  cdk8s-helm verify MODULE [--export NAME] [--values FILE]... [--set key=value]... [--helm PATH] [--no-generate]
  cdk8s-helm write MODULE DIR [--export NAME]

  MODULE           a file exporting the chart (defineHelmChart(...)); .ts needs tsx or ts-node in the project
  --export NAME    the export to use (default: the only HelmChart the module exports, or its default)
  --values FILE    a value set of your own (repeatable; each file is checked on its own)
  --set key=value  applied to every value set (repeatable)
  --helm PATH      the helm binary (default: $HELM_BIN, else helm on PATH)
  --no-generate    only the defaults and your value sets, no generated ones`;

function loadChart(modulePath: string, exportName?: string): HelmChart<never> {
  const file = resolve(modulePath);
  if (!existsSync(file)) throw new UsageError(`${modulePath}: no such file`);
  const projectRequire = createRequire(resolve('package.json'));
  if (/\.[cm]?tsx?$/.test(file)) registerTypeScript(projectRequire);
  const loaded = projectRequire(file) as Record<string, unknown>;
  const candidates = exportName
    ? [loaded[exportName]]
    : [loaded.default, ...Object.values(loaded)].filter(isChart).slice(0, 1);
  const chart = candidates[0];
  if (!isChart(chart)) {
    throw new UsageError(
      exportName
        ? `${modulePath} exports no chart named ${exportName}`
        : `${modulePath} exports no chart (a value returned by defineHelmChart)`,
    );
  }
  return chart;
}

/** Duck-typed, so a chart made by another copy of the package is found too. */
function isChart(value: unknown): value is HelmChart<never> {
  const chart = value as Partial<HelmChart<never>> | undefined;
  return typeof chart?.files === 'function' && typeof chart.manifests === 'function' && 'definition' in chart;
}

function registerTypeScript(projectRequire: NodeJS.Require): void {
  for (const register of ['tsx/cjs', 'ts-node/register']) {
    try {
      projectRequire(register);
      return;
    } catch {
      // try the next one
    }
  }
  throw new UsageError('a TypeScript module needs tsx or ts-node installed in the project (npm i -D tsx)');
}

class UsageError extends Error {}

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      export: { type: 'string' },
      values: { type: 'string', short: 'f', multiple: true, default: [] },
      set: { type: 'string', multiple: true, default: [] },
      helm: { type: 'string' },
      'no-generate': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, modulePath, dir] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  if (!modulePath) throw new UsageError(`${command}: which module? (a file exporting the chart)`);
  const chart = loadChart(modulePath, values.export);
  if (command === 'write') {
    if (!dir) throw new UsageError('write: which directory?');
    const files = chart.writeChart(dir);
    console.log(`cdk8s-helm: wrote ${Object.keys(files).length} files to ${dir}`);
    return 0;
  }
  if (command !== 'verify') throw new UsageError(`unknown command ${command}`);
  const report = verifyChart(chart, {
    helm: values.helm,
    generate: !values['no-generate'],
    valueSets: [
      ...(values.set.length > 0 ? [{ name: `--set ${values.set.join(' ')}`, sets: values.set }] : []),
      ...values.values.map((file) => ({ name: file, files: [file], sets: values.set })),
    ],
  });
  console.log(formatReport(report));
  return report.ok ? 0 : 1;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || (error as Error).name === 'HelmNotFoundError') {
    console.error(`cdk8s-helm: ${(error as Error).message}`);
    console.error(USAGE);
    process.exitCode = 2;
  } else throw error;
}
