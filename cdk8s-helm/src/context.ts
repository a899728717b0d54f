/**
 * `Helm<V>`: what the app's build function gets. The same build function runs
 * twice: with concrete values (the plain manifests) and with placeholders (the
 * chart's templates). Every decision that Helm makes at install time is written
 * with these methods, at the place that uses the value; constructs only pass
 * values through.
 */
import type { TObject, TSchema } from '@sinclair/typebox';
import {
  builtin,
  call,
  capability,
  concat,
  EvalContext,
  evaluate,
  Expr,
  ifElse,
  include,
  isEmpty,
  Json,
  lit,
  valueRef,
} from './expr';
import { isPlainObject } from './json';
import { Guard, Placeholder, RANGE_FILLER, SPLICE_FILLER, TokenRegistry } from './tokens';
import { renderTpl } from './tpl';
import { childrenOf, isGroup, scalarKind } from './values-schema';

type Scalar = string | number | boolean;

export interface ReleaseInfo {
  readonly name: string;
  readonly namespace: string;
  /** `.Release.Service`: "Helm" in a chart; the plain manifests say what made them. */
  readonly service: string;
}

export interface ChartInfo {
  readonly name: string;
  readonly version: string;
  readonly appVersion: string;
}

export interface Helm<V> {
  /** The values: concrete, or placeholders while the templates are synthesized. */
  readonly values: V;
  readonly release: ReleaseInfo;
  readonly chart: ChartInfo;

  /** A string helper from _helpers.tpl, e.g. `include('fullname')`. */
  include(helper: string): string;
  /** A map helper (labels), to spread into a labels map. */
  includeMap(helper: string): Record<string, string>;

  /** Every Kubernetes object built from `value` exists only when `condition` holds. */
  when<T>(condition: unknown, value: T): T | undefined;
  /** The field that holds `value` exists only when `condition` holds. */
  ifThen<T>(condition: unknown, value: T): T | undefined;
  /** The field that holds `value` exists only when `condition` does not hold. */
  unless<T>(condition: unknown, value: T): T | undefined;
  /** The field that holds `value` exists only when the value is not empty (`with`). */
  optional<T>(value: T): T | undefined;
  /** A map or list from values, copied whole even when empty (`toYaml`). */
  toYaml<T>(value: T): T;
  /**
   * One list item per item of a list from values (`range`): `build` gets the item (its fields are
   * values too, nested lists included) and returns the list item to make of it.
   */
  range<T, R extends object>(list: readonly T[] | undefined, build: (item: T) => R): R[];
  /**
   * One map entry per entry of a map from values, under the same key (keys from values, e.g. a
   * Secret's): `build` gets the value and the key and returns the entry's new value.
   */
  rangeMap<V, R extends string | number>(
    map: Readonly<Record<string, V>> | undefined,
    build: (value: V, key: string) => R,
  ): Record<string, R>;

  ternary<T extends Scalar>(condition: unknown, whenTrue: T, whenFalse: T): T;
  not(value: unknown): boolean;
  and(...values: unknown[]): boolean;
  or(...values: unknown[]): boolean;
  eq(a: unknown, b: unknown): boolean;
  ne(a: unknown, b: unknown): boolean;
  gt(a: number, b: number): boolean;
  add(...values: number[]): number;
  mul(...values: number[]): number;
  /** A list of strings joined with a separator. */
  join(separator: string, list: readonly string[]): string;
  /**
   * The sha256 of the value's JSON (`toJson … | sha256sum`), e.g. a `checksum/config` pod annotation
   * over what a ConfigMap is made of, so pods roll when it changes. A value, or a map of values.
   */
  checksum(value: unknown): string;
  /** Whether a list holds an item (Sprig's `has`). */
  has(list: readonly unknown[], item: Scalar): boolean;

  /** Refuses to render when `condition` holds, with `message` (a `fail` in the chart). */
  fail(condition: unknown, message: string): void;

  /**
   * Whether the cluster serves an API (`.Capabilities.APIVersions.Has`), e.g. a CRD's
   * `monitoring.coreos.com/v1`; the plain manifests take the list from `ManifestOptions.apiVersions`.
   */
  hasApiVersion(apiVersion: string): boolean;

  /**
   * Objects given whole in the values (Bitnami's `extraDeploy`), rendered as they are after
   * `tpl`, so their strings can use the release's names; in the chart, `templates/extra-list.yaml`.
   */
  extraObjects(list: readonly object[]): void;
}

/** Values that contradict each other (a `fail` that fired), for the plain manifests. */
export class ValuesConflictError extends Error {
  constructor(public readonly messages: string[]) {
    super(messages.join('\n'));
    this.name = 'ValuesConflictError';
  }
}

/** The concrete reading: plain values in, plain values out. */
export class ConcreteHelm<V> implements Helm<V> {
  public readonly release: ReleaseInfo;
  public readonly chart: ChartInfo;
  private readonly failures: string[] = [];
  /** What `extraObjects` rendered, added to the manifests after the constructs' objects. */
  public readonly extras: Record<string, Json>[] = [];

  constructor(
    public readonly values: V,
    private readonly context: EvalContext,
  ) {
    const b = context.builtins;
    this.release = {
      name: b['Release.Name'],
      namespace: b['Release.Namespace'],
      service: b['Release.Service'],
    };
    this.chart = { name: b['Chart.Name'], version: b['Chart.Version'], appVersion: b['Chart.AppVersion'] };
  }

  public include(helper: string): string {
    return String(this.context.include(helper));
  }
  public includeMap(helper: string): Record<string, string> {
    return this.context.include(helper) as Record<string, string>;
  }
  public when<T>(condition: unknown, value: T): T | undefined {
    return isEmpty(condition) ? undefined : value;
  }
  public ifThen<T>(condition: unknown, value: T): T | undefined {
    return this.when(condition, value);
  }
  public unless<T>(condition: unknown, value: T): T | undefined {
    return isEmpty(condition) ? value : undefined;
  }
  public optional<T>(value: T): T | undefined {
    return isEmpty(value) ? undefined : value;
  }
  public toYaml<T>(value: T): T {
    return value;
  }
  public range<T, R extends object>(list: readonly T[] | undefined, build: (item: T) => R): R[] {
    return (list ?? []).map((item) => build(item));
  }
  public rangeMap<V, R extends string | number>(
    map: Readonly<Record<string, V>> | undefined,
    build: (value: V, key: string) => R,
  ): Record<string, R> {
    return Object.fromEntries(Object.entries(map ?? {}).map(([key, value]) => [key, build(value, key)]));
  }
  public ternary<T extends Scalar>(condition: unknown, whenTrue: T, whenFalse: T): T {
    return isEmpty(condition) ? whenFalse : whenTrue;
  }
  public not(value: unknown): boolean {
    return this.apply('not', value) as boolean;
  }
  // As in Go templates, `and` and `or` give the deciding value, which is as true or false as it.
  public and(...values: unknown[]): boolean {
    return this.apply('and', ...values) as boolean;
  }
  public or(...values: unknown[]): boolean {
    return this.apply('or', ...values) as boolean;
  }
  public eq(a: unknown, b: unknown): boolean {
    return this.apply('eq', a, b) as boolean;
  }
  public ne(a: unknown, b: unknown): boolean {
    return this.apply('ne', a, b) as boolean;
  }
  public gt(a: number, b: number): boolean {
    return this.apply('gt', a, b) as boolean;
  }
  public add(...values: number[]): number {
    return this.apply('add', ...values) as number;
  }
  public mul(...values: number[]): number {
    return this.apply('mul', ...values) as number;
  }
  public join(separator: string, list: readonly string[]): string {
    return this.apply('join', separator, list) as string;
  }
  public checksum(value: unknown): string {
    return this.apply('sha256sum', evaluate(call('toJson', lit(value as Json)), this.context)) as string;
  }
  public has(list: readonly unknown[], item: Scalar): boolean {
    return this.apply('has', item, list) as boolean;
  }
  public fail(condition: unknown, message: string): void {
    if (!isEmpty(condition)) this.failures.push(message);
  }
  public hasApiVersion(apiVersion: string): boolean {
    return this.context.apiVersions.includes(apiVersion);
  }
  public extraObjects(list: readonly object[]): void {
    const chartName = this.context.builtins['Chart.Name'];
    list.forEach((item, index) => {
      const field = `extra object ${index}`;
      this.extras.push(renderTpl(item as Json, this.context, chartName, field) as Record<string, Json>);
    });
  }

  /** Throws when a `fail` fired. */
  public assertConsistent(): void {
    if (this.failures.length > 0) throw new ValuesConflictError(this.failures);
  }

  private apply(fn: Parameters<typeof call>[0], ...args: unknown[]): Json {
    return evaluate(call(fn, ...args.map((a) => lit(a as Json))), this.context);
  }
}

/** A `fail` in the chart. */
export interface Check {
  readonly condition: Expr;
  readonly message: string;
}

/** A `when` and where it was called, to report one whose value never reached an object. */
export interface WhenRecord {
  readonly guard: Guard;
  readonly callSite: string;
}

/** The template reading: placeholders in, placeholders out, recorded in one registry per synthesis. */
export class TemplateHelm<V> implements Helm<V> {
  public readonly values: V;
  public readonly release: ReleaseInfo;
  public readonly chart: ChartInfo;
  public readonly checks: Check[] = [];
  public readonly whens: WhenRecord[] = [];
  /** The list `extraObjects` was given, as an expression (`.Values.extraDeploy`). */
  public extraList?: Expr;
  private nextGuard = 0;
  private readonly variables = new Set<string>();

  constructor(
    schema: TObject,
    public readonly tokens: TokenRegistry,
  ) {
    const scalar = (expr: Expr) => tokens.string({ kind: 'scalar', expr, guards: [] });
    this.values = placeholderValues(schema, [], tokens) as V;
    this.release = {
      name: scalar(builtin('Release.Name')),
      namespace: scalar(builtin('Release.Namespace')),
      service: scalar(builtin('Release.Service')),
    };
    this.chart = {
      name: scalar(builtin('Chart.Name')),
      version: scalar(builtin('Chart.Version')),
      appVersion: scalar(builtin('Chart.AppVersion')),
    };
  }

  public include(helper: string): string {
    return this.tokens.string({ kind: 'scalar', expr: include(helper), guards: [] });
  }
  public includeMap(helper: string): Record<string, string> {
    const key = this.tokens.string({
      kind: 'splice',
      expr: include(helper),
      source: 'helper',
      optional: false,
      guards: [],
    });
    return { [key]: SPLICE_FILLER };
  }

  public when<T>(condition: unknown, value: T): T {
    const guard = this.guard(condition, 'object');
    if (this.tokens.idsIn(value).length === 0 && !hasLiteralLeaf(value)) {
      throw new Error('when(): the value has nothing to build an object from (no string, number or key)');
    }
    this.whens.push({ guard, callSite: callSite() });
    return this.retag(value, guard);
  }
  public ifThen<T>(condition: unknown, value: T): T {
    return this.guardField(this.guard(condition, 'field'), value);
  }
  public unless<T>(condition: unknown, value: T): T {
    return this.guardField(this.guard(this.not(condition), 'field'), value);
  }
  public optional<T>(value: T): T {
    const splice = this.spliceOf(value);
    if (splice) return this.spliceValue(value, { ...splice.placeholder, optional: true });
    return this.ifThen(value, value);
  }
  public toYaml<T>(value: T): T {
    const splice = this.spliceOf(value);
    if (!splice) return value;
    return this.spliceValue(value, { ...splice.placeholder, optional: false });
  }

  public range<T, R extends object>(list: readonly T[] | undefined, build: (item: T) => R): R[] {
    const splice = this.spliceOf(list);
    if (!splice) return (list ?? []).map((item) => build(item)); // a list written in code
    const items = (splice.placeholder.schema as { items?: TSchema } | undefined)?.items;
    if (!items) throw new Error('range(): the list must be a list of the values model (or an item of one)');
    const name = this.variableName(splice.placeholder.expr);
    const item = placeholderValues(items, [], this.tokens, (path, kind) => ({ op: 'var', name, path, kind }));
    const body = build(item as T);
    if (!isPlainObject(body))
      throw new Error('range(): build must return an object, the list item to repeat');
    const key = this.tokens.string({
      kind: 'range',
      expr: splice.placeholder.expr,
      variable: name,
      guards: splice.placeholder.guards,
    });
    return [{ ...body, [key]: RANGE_FILLER } as R];
  }

  public rangeMap<V, R extends string | number>(
    map: Readonly<Record<string, V>> | undefined,
    build: (value: V, key: string) => R,
  ): Record<string, R> {
    const splice = this.spliceOf(map);
    if (!splice || Array.isArray(map)) {
      if (!map || Array.isArray(map))
        throw new Error('rangeMap(): the value must be a map of the values model');
      return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, build(value, key)]));
    }
    const schema = (splice.placeholder.schema ?? {}) as Record<string, unknown>;
    const patterns = Object.values((schema.patternProperties ?? {}) as Record<string, TSchema>);
    const entrySchema = (patterns[0] ?? schema.additionalProperties ?? {}) as TSchema;
    const key = this.variableName({ op: 'values', path: ['key'] });
    const name = this.variableName({ op: 'values', path: ['value'] });
    const value = placeholderValues(entrySchema, [], this.tokens, (path, kind) => ({
      op: 'var',
      name,
      path,
      kind,
    }));
    const keyText = this.tokens.string({
      kind: 'scalar',
      expr: { op: 'var', name: key, path: [] },
      guards: [],
    });
    const body = build(value as V, keyText);
    const token = this.tokens.string({
      kind: 'rangeMap',
      expr: splice.placeholder.expr,
      key,
      variable: name,
      guards: splice.placeholder.guards,
    });
    return { [token]: body } as Record<string, R>;
  }

  /** `$host` for `.Values.hosts`, unique in the synthesis. */
  private variableName(list: Expr): string {
    const last = list.op === 'values' || list.op === 'var' ? list.path[list.path.length - 1] : undefined;
    const base = (last ?? 'item').replace(/s$/, '').replace(/[^A-Za-z0-9_]/g, '') || 'item';
    let name = base;
    for (let n = 2; this.variables.has(name); n++) name = `${base}${n}`;
    this.variables.add(name);
    return name;
  }

  public ternary<T extends Scalar>(condition: unknown, whenTrue: T, whenFalse: T): T {
    const [c, a, b] = [this.exprOf(condition), this.exprOf(whenTrue), this.exprOf(whenFalse)];
    return this.realize(ifElse(c.expr, a.expr, b.expr), typeof whenTrue, [
      ...c.guards,
      ...a.guards,
      ...b.guards,
    ]) as T;
  }
  public not(value: unknown): boolean {
    return this.apply('not', 'boolean', value) as boolean;
  }
  public and(...values: unknown[]): boolean {
    return this.apply('and', 'boolean', ...values) as boolean;
  }
  public or(...values: unknown[]): boolean {
    return this.apply('or', 'boolean', ...values) as boolean;
  }
  public eq(a: unknown, b: unknown): boolean {
    return this.apply('eq', 'boolean', a, b) as boolean;
  }
  public ne(a: unknown, b: unknown): boolean {
    return this.apply('ne', 'boolean', a, b) as boolean;
  }
  public gt(a: number, b: number): boolean {
    return this.apply('gt', 'boolean', a, b) as boolean;
  }
  public add(...values: number[]): number {
    return this.apply('add', 'number', ...values) as number;
  }
  public mul(...values: number[]): number {
    return this.apply('mul', 'number', ...values) as number;
  }
  public join(separator: string, list: readonly string[]): string {
    return this.apply('join', 'string', separator, list) as string;
  }
  public checksum(value: unknown): string {
    const { expr, guards } = this.structureOf(value);
    return this.realize(call('sha256sum', call('toJson', expr)), 'string', guards) as string;
  }
  public has(list: readonly unknown[], item: Scalar): boolean {
    return this.apply('has', 'boolean', item, list) as boolean;
  }
  public fail(condition: unknown, message: string): void {
    this.checks.push({ condition: this.exprOf(condition).expr, message });
  }
  public hasApiVersion(apiVersion: string): boolean {
    return this.tokens.boolean({ kind: 'scalar', expr: capability(apiVersion), guards: [] });
  }
  public extraObjects(list: readonly object[]): void {
    if (this.extraList) throw new Error('extraObjects(): call it once, with one list from the values');
    this.extraList = this.exprOf(list).expr;
  }

  /** A value, or a map or list of values, as one expression (`dict`, `list`). */
  private structureOf(value: unknown): { expr: Expr; guards: Guard[] } {
    if (isPlainObject(value) && this.tokens.booleanOf(value) === undefined && !this.spliceOf(value)) {
      const parts = Object.entries(value).map(([key, item]) => [lit(key), this.structureOf(item)] as const);
      return {
        expr: call('dict', ...parts.flatMap(([key, item]) => [key, item.expr])),
        guards: parts.flatMap(([, item]) => item.guards),
      };
    }
    return this.exprOf(value);
  }

  /** The expression a value stands for, with the guards it carries. */
  public exprOf(value: unknown): { expr: Expr; guards: Guard[] } {
    const tokens = this.tokens;
    if (typeof value === 'string') {
      const parts = tokens.splitString(value);
      const exprs = parts.map((p) => ('id' in p ? tokens.get(p.id).expr : lit(p.text)));
      const guards = parts.flatMap((p) => ('id' in p ? tokens.get(p.id).guards : []));
      return { expr: exprs.length === 1 ? exprs[0] : concat(...exprs), guards };
    }
    if (typeof value === 'number') {
      const id = tokens.numberPlaceholder(value);
      return id === undefined
        ? { expr: lit(value), guards: [] }
        : { expr: tokens.get(id).expr, guards: [...tokens.get(id).guards] };
    }
    if (typeof value === 'boolean' || value === null) return { expr: lit(value), guards: [] };
    const boolean = tokens.booleanOf(value);
    if (boolean !== undefined)
      return { expr: tokens.get(boolean).expr, guards: [...tokens.get(boolean).guards] };
    const splice = this.spliceOf(value);
    if (splice) return { expr: splice.placeholder.expr, guards: [...splice.placeholder.guards] };
    throw new Error(
      `cannot use ${JSON.stringify(value)} in a template expression: pass a value or a placeholder`,
    );
  }

  private apply(
    fn: Parameters<typeof call>[0],
    type: 'boolean' | 'number' | 'string',
    ...args: unknown[]
  ): unknown {
    const parts = args.map((arg) => this.exprOf(arg));
    return this.realize(
      call(fn, ...parts.map((p) => p.expr)),
      type,
      parts.flatMap((p) => p.guards),
    );
  }

  private realize(expr: Expr, type: string, guards: Guard[]): unknown {
    const placeholder: Placeholder = { kind: 'scalar', expr, guards };
    if (type === 'number') return this.tokens.number(placeholder);
    if (type === 'boolean') return this.tokens.boolean(placeholder);
    return this.tokens.string(placeholder);
  }

  private guard(condition: unknown, scope: Guard['scope']): Guard {
    return { id: this.nextGuard++, condition: this.exprOf(condition).expr, scope };
  }

  private guardField<T>(guard: Guard, value: T): T {
    // An empty map or list carries nothing to guard: it becomes a literal splice.
    if ((Array.isArray(value) || isPlainObject(value)) && Object.keys(value as object).length === 0) {
      const key = this.tokens.string({
        kind: 'splice',
        expr: lit(value as Json),
        source: 'value',
        optional: false,
        guards: [guard],
      });
      return { [key]: SPLICE_FILLER } as T;
    }
    return this.retag(value, guard);
  }

  /**
   * A copy of `value` whose placeholders, plain strings and numbers carry one more
   * guard. Booleans stay as they are: code may branch on them.
   */
  private retag<T>(value: T, guard: Guard): T {
    const tokens = this.tokens;
    const again = (id: number): Placeholder => {
      const old = tokens.get(id);
      return { ...old, guards: [...old.guards, guard] };
    };
    const walk = (node: unknown): unknown => {
      if (typeof node === 'string') {
        const parts = tokens.splitString(node);
        if (parts.every((p) => 'text' in p)) {
          if (node === '' || node === SPLICE_FILLER || node === RANGE_FILLER) return node;
          return tokens.string({ kind: 'scalar', expr: lit(node), guards: [guard] });
        }
        return parts.map((p) => ('text' in p ? p.text : tokens.string(again(p.id)))).join('');
      }
      if (typeof node === 'number') {
        const id = tokens.numberPlaceholder(node);
        if (id !== undefined) return tokens.number(again(id));
        return tokens.number({ kind: 'scalar', expr: lit(node), guards: [guard] });
      }
      if (Array.isArray(node)) return node.map(walk);
      if (isPlainObject(node)) {
        const boolean = tokens.booleanOf(node);
        if (boolean !== undefined) return tokens.boolean(again(boolean));
        return Object.fromEntries(
          Object.entries(node).map(([key, item]) => {
            const splice = tokens.spliceKey(key);
            return [splice === undefined ? key : tokens.string(again(splice)), walk(item)];
          }),
        );
      }
      return node;
    };
    return walk(value) as T;
  }

  /** The value splice a map `{ «n»: '' }` or list `[{ «n»: '' }]` from the values stands for. */
  private spliceOf(
    value: unknown,
  ): { id: number; placeholder: Extract<Placeholder, { kind: 'splice' }> } | undefined {
    const map = Array.isArray(value) && value.length === 1 ? value[0] : value;
    if (!isPlainObject(map) || Object.keys(map).length !== 1) return undefined;
    const id = this.tokens.spliceKey(Object.keys(map)[0]);
    if (id === undefined) return undefined;
    return { id, placeholder: this.tokens.get(id) as Extract<Placeholder, { kind: 'splice' }> };
  }

  private spliceValue<T>(shape: T, placeholder: Placeholder): T {
    const map = { [this.tokens.string(placeholder)]: SPLICE_FILLER };
    return (Array.isArray(shape) ? [map] : map) as T;
  }
}

type RefMaker = (path: string[], kind?: string) => Expr;

/**
 * Placeholders for every value of the model (or of a list item, with `ref` making `$item.x`):
 * scalars by type, maps and lists as optional splices.
 */
function placeholderValues(
  schema: TSchema,
  path: string[],
  tokens: TokenRegistry,
  ref: RefMaker = valueRef as RefMaker,
): unknown {
  // A list item's fields are all values: every object with properties is a group there.
  const group = ref === valueRef ? isGroup(schema) : isPlainObject(schema.properties);
  if (group) {
    return Object.fromEntries(
      childrenOf(schema).map(([key, child]) => [key, placeholderValues(child, [...path, key], tokens, ref)]),
    );
  }
  const kind = scalarKind(schema);
  const expr = ref(path, kind);
  if (kind === 'integer') {
    // Values files give floats, which Go prints as 1e+06 from a million up: print integers as such.
    const maximum = [schema, ...((schema.anyOf as TSchema[] | undefined) ?? [])]
      .map((node) => node.maximum)
      .find((max): max is number => typeof max === 'number');
    const large = maximum === undefined || maximum >= 1_000_000;
    return tokens.number({ kind: 'scalar', expr: large ? call('int', expr) : expr, guards: [] });
  }
  if (kind === 'number') return tokens.number({ kind: 'scalar', expr, guards: [] });
  if (kind === 'boolean') return tokens.boolean({ kind: 'scalar', expr, guards: [] });
  if (kind === 'string') return tokens.string({ kind: 'scalar', expr, guards: [] });
  const splice = {
    [tokens.string({ kind: 'splice', expr, source: 'value', optional: true, guards: [], schema })]:
      SPLICE_FILLER,
  };
  return [schema.type].flat().includes('array') ? [splice] : splice;
}

/** A plain string or number somewhere in the value, which `when` can tag. */
function hasLiteralLeaf(value: unknown): boolean {
  if (typeof value === 'string') return value !== '' && value !== SPLICE_FILLER;
  if (typeof value === 'number') return true;
  if (Array.isArray(value)) return value.some(hasLiteralLeaf);
  if (isPlainObject(value)) return Object.values(value).some(hasLiteralLeaf);
  return false;
}

/** The first stack frame outside the bridge: where the app called `when`. */
function callSite(): string {
  const frames = (new Error().stack ?? '').split('\n').slice(1);
  return (frames.find((f) => !f.includes(__dirname)) ?? '').trim().replace(/^at /, '');
}
