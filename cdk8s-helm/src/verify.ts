/**
 * The proof any chart can carry: for every value set, `helm template` of the
 * generated chart (the real helm) equals the plain manifests. It runs the
 * user's value sets and generated ones that change every value of the model,
 * and compares the two outputs object by object as YAML 1.1 (what Helm and
 * kubectl read) and as YAML 1.2.
 */
import type { Static, TObject } from '@sinclair/typebox';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ConstructValidationError, HelmChart, ReleaseTarget } from './chart';
import { ValuesConflictError } from './context';
import { findHelm, helmTemplateText } from './helm-binary';
import { isPlainObject } from './json';
import { generatedValueSets } from './value-sets';
import { InvalidValuesError } from './values-input';
import { parseDocuments, YAML_1_1 } from './yaml11';

export interface ValueSet {
  readonly name: string;
  /** Values over the defaults, as a values file holds them. */
  readonly values?: Record<string, unknown>;
  /** Values files, applied in order before `values`. */
  readonly files?: readonly string[];
  /** `--set` assignments, applied after the files. */
  readonly sets?: readonly string[];
  readonly release?: ReleaseTarget;
}

export interface VerifyOptions {
  /** The helm binary. Default: $HELM_BIN, else `helm` on PATH. */
  readonly helm?: string;
  /** The user's value sets; the defaults are always checked. */
  readonly valueSets?: readonly ValueSet[];
  /** Also generate value sets that change every value of the model. @default true */
  readonly generate?: boolean;
  /** @default { name: 'release-name', namespace: 'default' } (what `helm template` uses) */
  readonly release?: ReleaseTarget;
  /** Called after each value set, e.g. to print progress. */
  readonly onResult?: (result: CaseResult) => void;
}

export type CaseOutcome =
  /** Both rendered the same objects. */
  | 'equal'
  /** Both refused the values (schema or a `fail`). */
  | 'refused by both'
  /** Only the manifests refused: a construct's own validation, which Helm cannot run. */
  | 'refused by a construct'
  | 'different';

export interface CaseResult {
  readonly name: string;
  readonly outcome: CaseOutcome;
  /** For `different`: where the two outputs first differ, or who refused. */
  readonly detail?: string;
}

export interface VerifyReport {
  /** No value set differs and every value of the model was changed by a rendered value set. */
  readonly ok: boolean;
  readonly helm: string;
  readonly results: readonly CaseResult[];
  /** Values no rendered value set changed: add a value set, or `examples` on the leaf. */
  readonly uncovered: readonly string[];
}

export function verifyChart<S extends TObject>(
  chart: HelmChart<S>,
  options: VerifyOptions = {},
): VerifyReport {
  const helm = findHelm(options);
  const work = mkdtempSync(join(tmpdir(), `cdk8s-helm-verify-${chart.name}-`));
  try {
    const chartDir = join(work, 'chart');
    chart.writeChart(chartDir);
    const release = options.release ?? { name: 'release-name', namespace: 'default' };
    const defaults = chart.defaults() as unknown;
    const generated =
      options.generate === false ? undefined : generatedValueSets(chart.definition.values, defaults);
    const cases: ValueSet[] = [
      { name: 'defaults' },
      ...(options.valueSets ?? []),
      ...(generated?.sets ?? []).map((set) => ({ name: set.name, values: set.values })),
    ];
    const results: CaseResult[] = [];
    const changed = new Set<string>();
    cases.forEach((valueSet, index) => {
      const file = join(work, `values-${index}.yaml`);
      writeFileSync(file, stringify(valueSet.values ?? {}, YAML_1_1));
      const result = compareCase(chart, helm, chartDir, file, valueSet, valueSet.release ?? release);
      results.push(result.result);
      if (result.values) for (const path of changedPaths(chart, defaults, result.values)) changed.add(path);
      options.onResult?.(result.result);
    });
    const uncovered = chart
      .valuePaths()
      .map((p) => p.join('.'))
      .filter((p) => !changed.has(p));
    const ok =
      results.every((r) => r.outcome !== 'different') && (generated === undefined || uncovered.length === 0);
    return { ok, helm, results, uncovered };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function compareCase<S extends TObject>(
  chart: HelmChart<S>,
  helm: string,
  chartDir: string,
  file: string,
  valueSet: ValueSet,
  release: ReleaseTarget,
): { result: CaseResult; values?: Static<S> } {
  const files = [...(valueSet.files ?? []), file];
  const sets = valueSet.sets ?? [];
  const fromHelm = helmTemplateText(helm, chartDir, release, [
    ...files.flatMap((f) => ['--values', f]),
    ...sets.flatMap((s) => ['--set', s]),
  ]);
  let manifests: string;
  let values: Static<S>;
  try {
    values = chart.resolveValues({ files, sets });
    manifests = chart.manifests(values, release, { hooks: true });
  } catch (error) {
    const refused = error instanceof InvalidValuesError || error instanceof ValuesConflictError;
    if (!refused && !(error instanceof ConstructValidationError)) throw error;
    const name = valueSet.name;
    if (!fromHelm.ok) return { result: { name, outcome: 'refused by both' } };
    if (error instanceof ConstructValidationError)
      return { result: { name, outcome: 'refused by a construct', detail: error.message } };
    return { result: { name, outcome: 'different', detail: `only the manifests refused: ${error.message}` } };
  }
  if (!fromHelm.ok) {
    return {
      result: { name: valueSet.name, outcome: 'different', detail: `only helm refused: ${fromHelm.message}` },
    };
  }
  for (const version of ['1.1', '1.2'] as const) {
    const difference = firstDifference(
      sortObjects(parseDocuments(fromHelm.text, version)),
      sortObjects(parseDocuments(manifests, version)),
      '',
    );
    if (difference) {
      return {
        result: {
          name: valueSet.name,
          outcome: 'different',
          detail: `read as YAML ${version}: ${difference}`,
        },
        values,
      };
    }
  }
  return { result: { name: valueSet.name, outcome: 'equal' }, values };
}

function sortObjects(objects: unknown[]): unknown[] {
  const key = (o: unknown) => {
    const m = o as { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } };
    return `${m.kind}/${m.apiVersion}/${m.metadata?.namespace}/${m.metadata?.name}`;
  };
  return [...objects].sort((a, b) => key(a).localeCompare(key(b)));
}

/** Where two values first differ, as `path: helm says X, the manifests say Y`. */
function firstDifference(helm: unknown, manifests: unknown, path: string): string | undefined {
  const at = path || '(top)';
  if (Array.isArray(helm) && Array.isArray(manifests)) {
    for (let i = 0; i < Math.max(helm.length, manifests.length); i++) {
      const name = (helm[i] ?? manifests[i]) as { kind?: string; metadata?: { name?: string } };
      const label = path === '' && name?.kind ? `${name.kind}/${name.metadata?.name}` : `${path}[${i}]`;
      const found = firstDifference(helm[i], manifests[i], label);
      if (found) return found;
    }
    return undefined;
  }
  if (isPlainObject(helm) && isPlainObject(manifests)) {
    for (const key of new Set([...Object.keys(helm), ...Object.keys(manifests)])) {
      const found = firstDifference(helm[key], manifests[key], `${path}.${key}`);
      if (found) return found;
    }
    return undefined;
  }
  if (JSON.stringify(helm) === JSON.stringify(manifests)) return undefined;
  return `${at}: helm template gives ${JSON.stringify(helm)}, the manifests ${JSON.stringify(manifests)}`;
}

/** The values of the model a rendered value set holds differently from the defaults. */
function changedPaths<S extends TObject>(chart: HelmChart<S>, defaults: unknown, values: unknown): string[] {
  const at = (root: unknown, path: string[]) =>
    path.reduce<unknown>((node, key) => (isPlainObject(node) ? node[key] : undefined), root);
  return chart
    .valuePaths()
    .filter((path) => JSON.stringify(at(values, path)) !== JSON.stringify(at(defaults, path)))
    .map((path) => path.join('.'));
}

/** The report as lines of text, for a terminal or a test failure. */
export function formatReport(report: VerifyReport): string {
  const lines = report.results.map((r) => {
    const head = `${r.outcome === 'different' ? 'DIFFERENT' : 'ok'}  ${r.name}`;
    const outcome = r.outcome === 'equal' ? '' : ` (${r.outcome})`;
    const detail = r.detail && r.outcome === 'different' ? `\n    ${r.detail}` : '';
    return `${head}${outcome}${detail}`;
  });
  if (report.uncovered.length > 0) {
    lines.push(
      'not changed by any value set that renders (add a value set, or `examples` on the leaf): ' +
        report.uncovered.join(', '),
    );
  }
  const different = report.results.filter((r) => r.outcome === 'different').length;
  lines.push(
    `${report.results.length} value sets with ${report.helm}: ${different} different, ` +
      `${report.uncovered.length} values uncovered: ${report.ok ? 'OK' : 'FAILED'}`,
  );
  return lines.join('\n');
}
