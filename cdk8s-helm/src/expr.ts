/**
 * Expressions with two readings: Go template text for the chart, and a value
 * computed in TypeScript for the plain manifests. Everything the chart decides
 * at install time (names, images, conditions) is written once as an Expr, so
 * the two renderings cannot drift apart.
 */

import { createHash } from 'node:crypto';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Objects Helm puts beside `.Values` in the template context. */
export type Builtin =
  | 'Release.Name'
  | 'Release.Namespace'
  | 'Release.Service'
  | 'Chart.Name'
  | 'Chart.Version'
  | 'Chart.AppVersion';

/** Sprig/Go template functions the bridge can both render and evaluate. */
export type GoFunction =
  | 'default'
  | 'trunc'
  | 'trimSuffix'
  | 'printf'
  | 'contains'
  | 'replace'
  | 'not'
  | 'and'
  | 'or'
  | 'eq'
  | 'ne'
  | 'gt'
  | 'ge'
  | 'lt'
  | 'le'
  | 'add'
  | 'mul'
  | 'empty'
  | 'ternary'
  | 'int'
  | 'join'
  | 'toJson'
  | 'sha256sum'
  | 'dict'
  | 'has';

export type Expr =
  | { readonly op: 'lit'; readonly value: Json }
  /** `kind` is the model's type of the value, when it is a scalar. */
  | { readonly op: 'values'; readonly path: readonly string[]; readonly kind?: string }
  | { readonly op: 'builtin'; readonly name: Builtin }
  | { readonly op: 'include'; readonly helper: string }
  /** A field of a `range` variable: `$host.paths`. */
  | { readonly op: 'var'; readonly name: string; readonly path: readonly string[]; readonly kind?: string }
  /** `.Capabilities.APIVersions.Has "group/version"`: whether the cluster serves an API. */
  | { readonly op: 'capability'; readonly apiVersion: string }
  | { readonly op: 'call'; readonly fn: GoFunction; readonly args: readonly Expr[] }
  /** Strings joined: `printf "%s%s"` inline, plain text and actions in a helper. */
  | { readonly op: 'concat'; readonly parts: readonly Expr[] }
  /** `ternary` inline, `if … else … end` in a helper. */
  | { readonly op: 'if'; readonly condition: Expr; readonly then: Expr; readonly else: Expr };

export const lit = (value: Json): Expr => ({ op: 'lit', value });
export const valueRef = (path: readonly string[], kind?: string): Expr =>
  kind === undefined ? { op: 'values', path } : { op: 'values', path, kind };
export const builtin = (name: Builtin): Expr => ({ op: 'builtin', name });
export const include = (helper: string): Expr => ({ op: 'include', helper });
export const capability = (apiVersion: string): Expr => ({ op: 'capability', apiVersion });
export const call = (fn: GoFunction, ...args: Expr[]): Expr => ({ op: 'call', fn, args });
export const concat = (...parts: Expr[]): Expr => ({ op: 'concat', parts });
export const ifElse = (condition: Expr, then: Expr, otherwise: Expr): Expr => ({
  op: 'if',
  condition,
  then,
  else: otherwise,
});

/** What an Expr is evaluated against when rendering the plain manifests. */
export interface EvalContext {
  readonly values: Json;
  readonly builtins: Readonly<Record<Builtin, string>>;
  /** API versions the cluster serves beyond Kubernetes' own (`helm template --api-versions`). */
  readonly apiVersions: readonly string[];
  /** Evaluates a named helper (an `include`). */
  readonly include: (helper: string) => Json;
}

/** Go templates' notion of "empty": false, 0, "", null, and empty lists and maps. */
export function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

export function evaluate(expr: Expr, ctx: EvalContext): Json {
  switch (expr.op) {
    case 'lit':
      return expr.value;
    case 'values':
      return expr.path.reduce<Json>(
        (node, key) =>
          node !== null && typeof node === 'object' && !Array.isArray(node) ? (node[key] ?? null) : null,
        ctx.values,
      );
    case 'builtin':
      return ctx.builtins[expr.name];
    case 'var':
      throw new Error(`$${expr.name} exists only inside a range of the chart`);
    case 'include':
      return ctx.include(expr.helper);
    case 'capability':
      return ctx.apiVersions.includes(expr.apiVersion);
    case 'call':
      return applyFunction(
        expr.fn,
        expr.args.map((arg) => evaluate(arg, ctx)),
      );
    case 'concat':
      return expr.parts.map((part) => goString(evaluate(part, ctx))).join('');
    case 'if':
      return isEmpty(evaluate(expr.condition, ctx)) ? evaluate(expr.else, ctx) : evaluate(expr.then, ctx);
  }
}

/** How Go templates print a value: nothing for nil. */
function goString(value: Json): string {
  return value === null ? '' : String(value);
}

function applyFunction(fn: GoFunction, args: Json[]): Json {
  const [a, b, c] = args;
  switch (fn) {
    case 'default':
      return isEmpty(b) ? a : b;
    case 'trunc':
      return String(b).slice(0, Number(a));
    case 'trimSuffix':
      return String(b).endsWith(String(a)) ? String(b).slice(0, -String(a).length || undefined) : String(b);
    case 'printf':
      return sprintf(String(a), args.slice(1));
    case 'contains':
      return String(b).includes(String(a));
    case 'replace':
      return String(c).split(String(a)).join(String(b));
    case 'not':
      return isEmpty(a);
    case 'and':
      return args.find((arg) => isEmpty(arg)) ?? args[args.length - 1];
    case 'or':
      return args.find((arg) => !isEmpty(arg)) ?? args[args.length - 1];
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'gt':
      return Number(a) > Number(b);
    case 'ge':
      return Number(a) >= Number(b);
    case 'lt':
      return Number(a) < Number(b);
    case 'le':
      return Number(a) <= Number(b);
    case 'add':
      return args.reduce<number>((sum, arg) => sum + Number(arg), 0);
    case 'mul':
      return args.reduce<number>((product, arg) => product * Number(arg), 1);
    case 'empty':
      return isEmpty(a);
    case 'ternary':
      return isEmpty(c) ? b : a;
    case 'int':
      return Math.trunc(Number(a));
    case 'join':
      return ((b ?? []) as Json[]).map(goString).join(String(a));
    case 'toJson':
      return goJson(a);
    case 'sha256sum':
      return createHash('sha256').update(String(a)).digest('hex');
    case 'dict': {
      const out: Record<string, Json> = {};
      for (let i = 0; i + 1 < args.length; i += 2) out[String(args[i])] = args[i + 1];
      return out;
    }
    case 'has':
      return ((b ?? []) as Json[]).includes(a);
  }
}

/** Go's json.Marshal, as Helm's `toJson` prints: keys sorted, `<`, `>`, `&` and U+2028/9 escaped. */
export function goJson(value: Json): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') {
    let out = '"';
    for (const char of value) {
      const code = char.codePointAt(0)!;
      if (char === '"' || char === '\\') out += `\\${char}`;
      else if (char === '\n') out += '\\n';
      else if (char === '\r') out += '\\r';
      else if (char === '\t') out += '\\t';
      else if (code < 0x20 || '<>&\u2028\u2029'.includes(char))
        out += `\\u${code.toString(16).padStart(4, '0')}`;
      else out += char;
    }
    return `${out}"`;
  }
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${goJson(k)}:${goJson(value[k])}`).join(',')}}`;
}

/** True when an expression gives a boolean in Go templates (what `ternary` wants as its condition). */
export function isBooleanExpr(expr: Expr): boolean {
  if (expr.op === 'lit') return typeof expr.value === 'boolean';
  if (expr.op === 'values' || expr.op === 'var') return expr.kind === 'boolean';
  if (expr.op !== 'call') return false;
  if (['not', 'eq', 'ne', 'gt', 'ge', 'lt', 'le', 'empty', 'contains'].includes(expr.fn)) return true;
  return (expr.fn === 'and' || expr.fn === 'or') && expr.args.every(isBooleanExpr);
}

/** Go's fmt.Sprintf for the verbs templates use: %s, %d and %v. */
function sprintf(format: string, args: Json[]): string {
  let next = 0;
  return format.replace(/%[sdv%]/g, (verb) => (verb === '%%' ? '%' : String(args[next++])));
}

/**
 * Go template text of an expression (without the surrounding `{{ }}`).
 */
const PIPED = new Set<GoFunction>(['trunc', 'trimSuffix', 'replace']);

/**
 * `inRange`: the text sits inside a `range`, where `.` is the item: values, builtins and
 * includes are reached from `$`, the root.
 */
export function goText(expr: Expr, chartName: string, inRange = false): string {
  const root = inRange ? '$' : '';
  switch (expr.op) {
    case 'lit':
      return goLiteral(expr.value);
    case 'values':
      return `${root}.Values.${expr.path.join('.')}`;
    case 'builtin':
      return `${root}.${expr.name}`;
    case 'include':
      return `include "${chartName}.${expr.helper}" ${inRange ? '$' : '.'}`;
    case 'var':
      return `$${expr.name}${expr.path.map((key) => `.${key}`).join('')}`;
    case 'capability':
      return `${root}.Capabilities.APIVersions.Has ${JSON.stringify(expr.apiVersion)}`;
    case 'call': {
      const args = expr.args;
      // Numbers from values files are floats in Go templates; compare them as integers.
      const numeric = ['gt', 'ge', 'lt', 'le'].includes(expr.fn);
      const text = (arg: Expr) =>
        numeric && arg.op !== 'lit'
          ? `(int ${argText(arg, chartName, inRange)})`
          : argText(arg, chartName, inRange);
      // Filters read as people write them: `x | trunc 63 | trimSuffix "-"`.
      if (PIPED.has(expr.fn) && args.length > 1) {
        const filter = [expr.fn, ...args.slice(0, -1).map(text)].join(' ');
        return `${goText(args[args.length - 1], chartName, inRange)} | ${filter}`;
      }
      return [expr.fn, ...args.map(text)].join(' ');
    }
    case 'concat':
      return [
        `printf "${'%s'.repeat(expr.parts.length)}"`,
        ...expr.parts.map((p) => argText(p, chartName, inRange)),
      ].join(' ');
    case 'if': {
      // Helm's ternary wants a boolean: any other condition is tested for emptiness, as `if` would.
      const condition = isBooleanExpr(expr.condition)
        ? expr.condition
        : call('not', call('empty', expr.condition));
      return [
        'ternary',
        ...[expr.then, expr.else, condition].map((a) => argText(a, chartName, inRange)),
      ].join(' ');
    }
  }
}

function argText(arg: Expr, chartName: string, inRange = false): string {
  const text = goText(arg, chartName, inRange);
  const bare = arg.op === 'lit' || arg.op === 'values' || arg.op === 'builtin' || arg.op === 'var';
  return bare ? text : `(${text})`;
}

/**
 * A string-valued expression as the body of a helper (`define`): literal text
 * as it is, `if` as a block, everything else as actions, one per line, with
 * whitespace trimmed so the helper prints exactly the value.
 */
export function goStatements(expr: Expr, chartName: string): string[] {
  const lines: string[] = [];
  const appendText = (text: string) => {
    if (lines.length === 0) lines.push(text);
    else lines[lines.length - 1] += text;
  };
  // After literal text, a value goes on the same line (`@{{ .digest }}`); so does any action
  // when the text ends with spaces, which `{{-` would trim.
  const pushAction = (action: string, isValue = false) => {
    const previous = lines[lines.length - 1];
    const afterText = previous !== undefined && !previous.endsWith('}}');
    if (afterText && (isValue || /\s$/.test(previous))) appendText(action.replace('{{-', '{{'));
    else lines.push(action);
  };
  const walk = (node: Expr) => {
    if (node.op === 'lit' && typeof node.value === 'string') appendText(node.value);
    else if (node.op === 'concat') node.parts.forEach(walk);
    else if (node.op === 'if') {
      pushAction(`{{- if ${goText(node.condition, chartName)} }}`);
      walk(node.then);
      if (!(node.else.op === 'lit' && node.else.value === '')) {
        pushAction('{{- else }}');
        walk(node.else);
      }
      pushAction('{{- end }}');
    } else pushAction(`{{- ${goText(node, chartName)} }}`, true);
  };
  walk(expr);
  return lines;
}

function goLiteral(value: Json): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'nil';
  throw new Error(`a template literal must be a scalar, got ${JSON.stringify(value)}`);
}

/** True when rendering the expression needs no `| quote` to stay a YAML string (it is a string literal). */
export function isStringLiteral(expr: Expr): expr is { op: 'lit'; value: string } {
  return expr.op === 'lit' && typeof expr.value === 'string';
}
