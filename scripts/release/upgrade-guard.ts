/**
 * The upgrade guard: renders the last released chart and the current one with the
 * same values and lists every immutable field (immutable-fields.ts) the current
 * chart would change on an object of the same kind and name. `helm upgrade` would
 * fail on each of them.
 */
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { DEFAULT_RELEASE } from '../../chart/metadata';
import { helmTemplate } from '../lib/helm-template';
import { IMMUTABLE_FIELDS, ImmutableRule } from './immutable-fields';
import { parseQuantity } from './quantity';

export interface KubeObject {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export interface ImmutableChange {
  kind: string;
  name: string;
  field: string;
  before: unknown;
  after: unknown;
  /** Set for a quantity that may only grow. */
  shrinks?: boolean;
}

/**
 * Values both charts are rendered with: the defaults (embedded database on its claim),
 * and an external database with both autoscalers, which switches the optional objects on.
 */
export const GUARD_VALUE_SETS: { name: string; sets: string[] }[] = [
  { name: 'defaults', sets: [] },
  {
    name: 'external database, autoscaling',
    sets: ['database.external=true', 'backend.autoscaling.enabled=true', 'frontend.autoscaling.enabled=true'],
  },
];

/** The release both charts are rendered as: the one dist/manifests stand for. */
export const GUARD_RELEASE = DEFAULT_RELEASE;

/** The objects a chart directory or packaged .tgz renders (lib/helm-template's RenderError when none). */
export function renderChart(chart: string, sets: string[] = []): KubeObject[] {
  return parseAllDocuments(helmTemplate(GUARD_RELEASE, chart, sets))
    .map((doc) => doc.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => Boolean(object?.kind && object.metadata?.name));
}

/** Hooks (e.g. `helm test` pods) are created anew when they run, never patched by an upgrade. */
const isHook = (object: KubeObject) => Boolean(object.metadata.annotations?.['helm.sh/hook']);

function valueAt(root: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
      root,
    );
}

/** Deletes `keys` (where `*` is every element or entry) from `node`, in place. */
function deletePath(node: unknown, keys: string[]): void {
  if (!node || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  const [key, ...rest] = keys;
  const children = key === '*' ? Object.keys(record) : [key];
  for (const child of children) {
    if (!rest.length) delete record[child];
    else deletePath(record[child], rest);
  }
}

/** A deep copy of `value` without the sub-paths that may change. */
function withoutPaths(value: unknown, paths: string[] = []): unknown {
  if (!paths.length || !value || typeof value !== 'object') return value;
  const copy = structuredClone(value);
  for (const path of paths) deletePath(copy, path.split('.'));
  return copy;
}

function ruleChange(rule: ImmutableRule, before: KubeObject, after: KubeObject): ImmutableChange | undefined {
  if (rule.when && !rule.when(before)) return undefined;
  const old = withoutPaths(valueAt(before, rule.path), rule.except);
  const next = withoutPaths(valueAt(after, rule.path), rule.except);
  const change = {
    kind: before.kind,
    name: before.metadata.name,
    field: rule.path,
    before: old,
    after: next,
  };
  if (rule.growOnly) {
    if (old === undefined || next === undefined || old === next) return undefined;
    const shrinks = parseQuantity(String(next)) < parseQuantity(String(old));
    return shrinks ? { ...change, shrinks } : undefined;
  }
  return isDeepStrictEqual(old, next) ? undefined : change;
}

const identity = (object: KubeObject) => `${object.kind}/${object.metadata.name}`;

/** Immutable fields `after` changes on objects that exist in both renders. */
export function findImmutableChanges(before: KubeObject[], after: KubeObject[]): ImmutableChange[] {
  const current = new Map(after.map((object) => [identity(object), object]));
  return before
    .filter((object) => !isHook(object))
    .flatMap((old) => {
      const next = current.get(identity(old));
      if (!next) return [];
      return (IMMUTABLE_FIELDS[old.kind] ?? []).flatMap((rule) => ruleChange(rule, old, next) ?? []);
    });
}

/** Every container image a rendered workload runs. */
export function renderedImages(object: KubeObject): string[] {
  type Containers = { image?: string }[] | undefined;
  const pod = (object.spec as { template?: { spec?: Record<string, Containers> } } | undefined)?.template
    ?.spec;
  return [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])].flatMap((c) =>
    c.image ? [c.image] : [],
  );
}

const show = (value: unknown) => (value === undefined ? '(unset)' : JSON.stringify(value));

export function describeChange(change: ImmutableChange): string {
  const what = change.shrinks ? 'would shrink (it may only grow)' : 'would change';
  return `${change.kind} ${change.name}: ${change.field} ${what} from ${show(change.before)} to ${show(change.after)}`;
}

export interface GuardFinding extends ImmutableChange {
  valueSet: string;
}

/** Renders both charts with each value set and collects the immutable changes. */
export function checkUpgrade(lastRelease: string, current: string): GuardFinding[] {
  return GUARD_VALUE_SETS.flatMap(({ name, sets }) =>
    findImmutableChanges(renderChart(lastRelease, sets), renderChart(current, sets)).map((change) => ({
      ...change,
      valueSet: name,
    })),
  );
}

/** One line per field; a field changed under several value sets is named once. */
export function describeFindings(findings: GuardFinding[]): string[] {
  const lines = new Map<string, string[]>();
  for (const finding of findings) {
    const line = describeChange(finding);
    lines.set(line, [...(lines.get(line) ?? []), finding.valueSet]);
  }
  return [...lines].map(([line, sets]) => `${line}   [values: ${sets.join(', ')}]`);
}
