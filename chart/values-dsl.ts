/**
 * A tiny typed language for describing chart values once. From one description
 * we derive: the TypeScript type of the values, their defaults, values.yaml
 * (with a comment per key), values.schema.json, the README parameters table and
 * the placeholder values used to generate the templates.
 */

export type JsonSchema = Record<string, unknown>;

/** How a leaf is written into templates. */
export type LeafRendering =
  /** a scalar: `{{ .Values.x }}` or `{{ .Values.x | quote }}` */
  | 'scalar'
  /** an object or list rendered with `toYaml`; where it goes is decided by a template rule */
  | 'block'
  /** a boolean or nullable value that switches parts of the output on or off (template rules) */
  | 'switch';

export interface Leaf<T> {
  readonly kind: 'leaf';
  readonly default: T;
  readonly description: string;
  readonly schema: JsonSchema;
  readonly rendering: LeafRendering;
}

export interface Group<P extends Properties> {
  readonly kind: 'group';
  readonly description: string;
  readonly properties: P;
}

export type ValueNode = Leaf<unknown> | Group<Properties>;
export type Properties = { readonly [key: string]: ValueNode };

/** The plain TypeScript type of the values a node describes. */
export type ValuesOf<N> =
  N extends Leaf<infer T>
    ? T
    : N extends Group<infer P>
      ? { -readonly [K in keyof P]: ValuesOf<P[K]> }
      : never;

interface LeafOptions<T> {
  default: T;
  description: string;
}

export function integer(opts: LeafOptions<number> & { minimum?: number; maximum?: number }): Leaf<number> {
  return leaf(opts, { type: 'integer', minimum: opts.minimum, maximum: opts.maximum }, 'scalar');
}

export function optionalInteger(
  opts: LeafOptions<number | null> & { minimum?: number; maximum?: number },
): Leaf<number | null> {
  return leaf(opts, { type: ['integer', 'null'], minimum: opts.minimum, maximum: opts.maximum }, 'switch');
}

export function string(
  opts: LeafOptions<string> & {
    pattern?: string;
    minLength?: number;
    maxLength?: number;
    patternHelp?: string;
  },
): Leaf<string> {
  return leaf(
    opts,
    {
      type: 'string',
      pattern: opts.pattern,
      minLength: opts.minLength,
      maxLength: opts.maxLength,
      'x-pattern-help': opts.patternHelp,
    },
    'scalar',
  );
}

export function oneOf<T extends string>(opts: {
  default: NoInfer<T>;
  description: string;
  values: readonly T[];
}): Leaf<T> {
  return leaf(opts, { type: 'string', enum: [...opts.values] }, 'scalar');
}

export function boolean(opts: LeafOptions<boolean>): Leaf<boolean> {
  return leaf(opts, { type: 'boolean' }, 'switch');
}

/** An object or list passed through to Kubernetes as-is (resources, annotations, tls). */
export function block<T>(opts: LeafOptions<T> & { schema: JsonSchema }): Leaf<T> {
  return leaf(opts, opts.schema, 'block');
}

export function group<P extends Properties>(description: string, properties: P): Group<P> {
  return { kind: 'group', description, properties };
}

function leaf<T>(opts: LeafOptions<T>, schema: JsonSchema, rendering: LeafRendering): Leaf<T> {
  const clean = Object.fromEntries(Object.entries(schema).filter(([, v]) => v !== undefined));
  return { kind: 'leaf', default: opts.default, description: opts.description, schema: clean, rendering };
}

/** Visits every leaf with its dotted path. */
export function forEachLeaf(
  node: ValueNode,
  visit: (path: string, leaf: Leaf<unknown>) => void,
  path = '',
): void {
  if (node.kind === 'leaf') {
    visit(path, node);
    return;
  }
  for (const [key, child] of Object.entries(node.properties))
    forEachLeaf(child, visit, path ? `${path}.${key}` : key);
}

/** Builds a values object of the node's shape, choosing each leaf's value. */
export function mapLeaves<N extends ValueNode>(
  node: N,
  choose: (path: string, leaf: Leaf<unknown>) => unknown,
  path = '',
): ValuesOf<N> {
  if (node.kind === 'leaf') return choose(path, node) as ValuesOf<N>;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(node.properties))
    out[key] = mapLeaves(child, choose, path ? `${path}.${key}` : key);
  return out as ValuesOf<N>;
}

/** The defaults of every leaf. */
export function defaultsOf<N extends ValueNode>(node: N): ValuesOf<N> {
  return mapLeaves(node, (_path, l) => structuredClone(l.default));
}
