/**
 * Named template helpers (`{{ define }}` in _helpers.tpl), written once as
 * expressions: the chart includes them, the plain manifests evaluate them.
 */
import { jsonClone } from './json';
import {
  builtin,
  call,
  capability,
  concat,
  evaluate,
  EvalContext,
  Expr,
  goStatements,
  goText,
  ifElse,
  include,
  isEmpty,
  Json,
  lit,
  valueRef,
} from './expr';

/** A helper that prints YAML map entries (labels), as helm create's `labels`. */
export interface MapHelper {
  readonly kind: 'map';
  readonly entries: readonly MapEntry[];
}

export type MapEntry =
  /** `key: value`, only when `when` holds if given. */
  | { readonly key: string; readonly value: Expr; readonly when?: Expr }
  /** The entries of another map helper. */
  | { readonly include: string }
  /** The entries of a map from values, when it is not empty. */
  | { readonly merge: Expr };

export type HelperBody = Expr | MapHelper;

export function mapHelper(...entries: MapEntry[]): MapHelper {
  return { kind: 'map', entries };
}

/** A helper as `helpers` may give it: its body, or its body with a one-line description for _helpers.tpl. */
export type NamedHelper = HelperBody | { readonly body: HelperBody; readonly description?: string };
export type NamedHelpers = Readonly<Record<string, NamedHelper>>;

/** What helm create says about its helpers, for the ones `standardHelpers` makes. */
const STANDARD_DESCRIPTIONS: Record<string, string> = {
  name: 'The chart name, or nameOverride.',
  fullname: 'Prefix of every object name: fullnameOverride, else <release>-<chart>; at most 63 characters.',
  chart: 'Chart name and version, for the helm.sh/chart label.',
  selectorLabels: 'Labels that select the pods of this release.',
  labels: 'Labels of every object.',
};

/** Every helper as `{ body, description }`. */
export function namedHelpers(
  helpers: NamedHelpers,
): Record<string, { body: HelperBody; description?: string }> {
  return Object.fromEntries(
    Object.entries(helpers).map(([name, helper]) => {
      const named =
        'body' in helper && !('op' in helper) && !('kind' in helper)
          ? { body: helper.body, description: helper.description ?? STANDARD_DESCRIPTIONS[name] }
          : { body: helper as HelperBody, description: STANDARD_DESCRIPTIONS[name] };
      return [name, named];
    }),
  );
}

function isMapHelper(body: HelperBody): body is MapHelper {
  return (body as MapHelper).kind === 'map';
}

/** A reference to a value, usable as an expression: `refs.backend.image.tag`. */
export type Ref<T> = Expr &
  (T extends readonly unknown[]
    ? unknown
    : T extends object
      ? { readonly [K in keyof T]-?: Ref<T[K]> }
      : unknown);

/** Typed references to every value of a model (a Proxy building `.Values.a.b` paths). */
export function valueRefs<V>(path: string[] = []): Ref<V> {
  const expr = valueRef(path);
  return new Proxy(expr, {
    get: (target, key) => {
      if (typeof key !== 'string' || key in target)
        return (target as unknown as Record<string | symbol, unknown>)[key];
      return valueRefs([...path, key]);
    },
  }) as Ref<V>;
}

/** Builders for helper expressions, with the sprig names people know. */
export const tpl = {
  lit,
  include,
  concat,
  ifElse,
  release: {
    name: builtin('Release.Name'),
    namespace: builtin('Release.Namespace'),
    service: builtin('Release.Service'),
  },
  chart: {
    name: builtin('Chart.Name'),
    version: builtin('Chart.Version'),
    appVersion: builtin('Chart.AppVersion'),
  },
  default: (fallback: Expr, value: Expr) => call('default', fallback, value),
  /** A DNS label: at most 63 characters, no trailing dash (`trunc 63 | trimSuffix "-"`). */
  dnsLabel: (value: Expr) => call('trimSuffix', lit('-'), call('trunc', lit(63), value)),
  printf: (format: string, ...args: Expr[]) => call('printf', lit(format), ...args),
  contains: (needle: Expr, haystack: Expr) => call('contains', needle, haystack),
  replace: (old: string, replacement: string, value: Expr) =>
    call('replace', lit(old), lit(replacement), value),
  not: (value: Expr) => call('not', value),
  and: (...values: Expr[]) => call('and', ...values),
  or: (...values: Expr[]) => call('or', ...values),
  eq: (a: Expr, b: Expr) => call('eq', a, b),
  /** `.Capabilities.APIVersions.Has "group/version"`. */
  hasApiVersion: (apiVersion: string) => capability(apiVersion),
};

/**
 * helm create's helpers: name, fullname, chart, selectorLabels and labels.
 * `nameOverride` and `fullnameOverride` are read from the values when the
 * model has them; `commonLabels` (a map value) joins every object's labels.
 */
export function standardHelpers(options: {
  nameOverride?: Expr;
  fullnameOverride?: Expr;
  commonLabels?: Expr;
}): Record<string, HelperBody> {
  const name = options.nameOverride ? tpl.default(tpl.chart.name, options.nameOverride) : tpl.chart.name;
  const releaseFullname = ifElse(
    tpl.contains(include('name'), tpl.release.name),
    tpl.dnsLabel(tpl.release.name),
    tpl.dnsLabel(tpl.printf('%s-%s', tpl.release.name, include('name'))),
  );
  return {
    name: tpl.dnsLabel(name),
    fullname: options.fullnameOverride
      ? ifElse(options.fullnameOverride, tpl.dnsLabel(options.fullnameOverride), releaseFullname)
      : releaseFullname,
    chart: tpl.dnsLabel(tpl.replace('+', '_', tpl.printf('%s-%s', tpl.chart.name, tpl.chart.version))),
    selectorLabels: mapHelper(
      { key: 'app.kubernetes.io/name', value: include('name') },
      { key: 'app.kubernetes.io/instance', value: tpl.release.name },
    ),
    labels: mapHelper(
      { key: 'helm.sh/chart', value: include('chart') },
      { include: 'selectorLabels' },
      { key: 'app.kubernetes.io/version', value: tpl.chart.appVersion, when: tpl.chart.appVersion },
      { key: 'app.kubernetes.io/managed-by', value: tpl.release.service },
      ...(options.commonLabels ? [{ merge: options.commonLabels }] : []),
    ),
  };
}

/** Evaluates helpers for the plain manifests. */
export function helperEvaluator(
  helpers: Record<string, HelperBody>,
  context: Omit<EvalContext, 'include'>,
): EvalContext {
  const cache = new Map<string, Json>();
  const ctx: EvalContext = {
    ...context,
    include: (helper) => {
      if (!cache.has(helper)) {
        const body = helpers[helper];
        if (!body) throw new Error(`no helper named ${JSON.stringify(helper)}`);
        cache.set(helper, isMapHelper(body) ? evaluateMap(body, ctx) : evaluate(body, ctx));
      }
      return jsonClone(cache.get(helper)!);
    },
  };
  return ctx;
}

function evaluateMap(body: MapHelper, ctx: EvalContext): Json {
  const out: Record<string, Json> = {};
  for (const entry of body.entries) {
    if ('key' in entry) {
      if (entry.when && isEmpty(evaluate(entry.when, ctx))) continue;
      out[entry.key] = String(evaluate(entry.value, ctx));
    } else if ('include' in entry) Object.assign(out, ctx.include(entry.include));
    else Object.assign(out, evaluate(entry.merge, ctx) ?? {});
  }
  return out;
}

/** templates/_helpers.tpl. */
export function helpersTpl(
  chartName: string,
  helpers: Record<string, HelperBody>,
  descriptions: Record<string, string>,
): string {
  const blocks = Object.entries(helpers).map(([name, body]) => {
    const comment = descriptions[name] ? `{{/* ${descriptions[name]} */}}\n` : '';
    const lines = isMapHelper(body) ? mapLines(body, chartName) : goStatements(body, chartName);
    return `${comment}{{- define "${chartName}.${name}" -}}\n${lines.join('\n')}\n{{- end }}`;
  });
  return `{{/*\nHelpers of the ${chartName} chart.\n*/}}\n\n${blocks.join('\n\n')}\n`;
}

function mapLines(body: MapHelper, chartName: string): string[] {
  const lines: string[] = [];
  for (const entry of body.entries) {
    if ('key' in entry) {
      const value =
        entry.value.op === 'include'
          ? goText(entry.value, chartName)
          : `${goText(entry.value, chartName)} | quote`;
      if (entry.when) lines.push(`{{- if ${goText(entry.when, chartName)} }}`);
      lines.push(`${entry.key}: {{ ${value} }}`);
      if (entry.when) lines.push('{{- end }}');
    } else if ('include' in entry) lines.push(`{{ include "${chartName}.${entry.include}" . }}`);
    else lines.push(`{{- with ${goText(entry.merge, chartName)} }}`, '{{ toYaml . }}', '{{- end }}');
  }
  return lines;
}
