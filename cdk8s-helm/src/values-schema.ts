/**
 * The values model is a TypeBox schema: one declaration gives the TypeScript
 * type of the values (`Static<typeof schema>`), their defaults (`default` on
 * every leaf), values.schema.json, values.yaml and the README parameters table.
 *
 * A node with `properties` and no `default` is a group; anything else is a
 * leaf (an object with a default, such as resources, is one value). A leaf may
 * carry `x-allowed`, a short phrase saying in words what it accepts (for
 * patterns); it is used in docs and errors and left out of values.schema.json.
 */
import type { TObject, TSchema } from '@sinclair/typebox';
import { isPlainObject, jsonClone } from './json';

export type JsonSchema = Record<string, unknown>;

/** Keywords of ours, not JSON Schema: left out of values.schema.json. */
const PRIVATE_KEYWORDS = new Set(['x-allowed']);

export function isGroup(schema: TSchema | JsonSchema): boolean {
  const node = schema as JsonSchema;
  return node.type === 'object' && typeof node.properties === 'object' && !('default' in node);
}

export function childrenOf(schema: TSchema | JsonSchema): [string, TSchema][] {
  return Object.entries(((schema as JsonSchema).properties ?? {}) as Record<string, TSchema>);
}

/** Visits every leaf with its path, in declaration order. */
export function forEachLeaf(
  schema: TSchema,
  visit: (path: string[], leaf: TSchema) => void,
  path: string[] = [],
): void {
  if (!isGroup(schema)) {
    visit(path, schema);
    return;
  }
  for (const [key, child] of childrenOf(schema)) forEachLeaf(child, visit, [...path, key]);
}

/** The schema node at a path of values (into lists, maps and unions), if the model has one. */
export function nodeAt(schema: TSchema, path: readonly string[]): TSchema | undefined {
  let node: TSchema | undefined = schema;
  for (const key of path) node = node && childAt(node as JsonSchema, key);
  return node;
}

function childAt(node: JsonSchema, key: string): TSchema | undefined {
  if (Array.isArray(node.anyOf)) {
    for (const option of node.anyOf as JsonSchema[]) {
      const child = childAt(option, key);
      if (child) return child;
    }
    return undefined;
  }
  if (/^\d+$/.test(key) && isPlainObject(node.items)) return node.items as TSchema;
  const properties = node.properties as Record<string, TSchema> | undefined;
  if (properties && key in properties) return properties[key];
  for (const [pattern, child] of Object.entries((node.patternProperties ?? {}) as Record<string, TSchema>)) {
    if (new RegExp(pattern).test(key)) return child;
  }
  return isPlainObject(node.additionalProperties) ? (node.additionalProperties as TSchema) : undefined;
}

/** The defaults of every leaf, in a fresh copy. */
export function defaultsOf<T>(schema: TObject): T {
  const build = (node: TSchema, path: string[]): unknown => {
    if (isGroup(node))
      return Object.fromEntries(childrenOf(node).map(([k, child]) => [k, build(child, [...path, k])]));
    if (!('default' in node)) throw new Error(`values model: ${path.join('.')} has no default`);
    return jsonClone(node.default);
  };
  return build(schema, []) as T;
}

/**
 * values.schema.json: the model as plain JSON Schema (draft-07), with each
 * leaf's default set to the chart's actual default.
 */
export function valuesJsonSchema(schema: TObject, defaults: unknown, title: string): JsonSchema {
  const clean = (node: unknown, value: unknown): unknown => {
    if (Array.isArray(node)) return node.map((item) => clean(item, undefined));
    if (node === null || typeof node !== 'object') return node;
    const out: JsonSchema = {};
    for (const [key, child] of Object.entries(node)) {
      if (PRIVATE_KEYWORDS.has(key)) continue;
      if (key === 'required') {
        // Helm deletes keys set to null, so a key that may be null cannot be required.
        const properties = (node as { properties?: Record<string, TSchema> }).properties ?? {};
        out.required = (child as string[]).filter((name) => !acceptsNull(properties[name]));
        continue;
      }
      if (key === 'properties') {
        const record = (value ?? {}) as Record<string, unknown>;
        out.properties = Object.fromEntries(
          Object.entries(child as Record<string, unknown>).map(([k, c]) => [k, clean(c, record[k])]),
        );
      } else if (key === 'default' && value !== undefined) out.default = jsonClone(value);
      else out[key] = clean(child, undefined);
    }
    return out;
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title,
    ...(clean(schema, defaults) as JsonSchema),
  };
}

/** In words, what a leaf accepts: for errors, values.yaml and the README. */
export function allowedText(leaf: TSchema): string {
  const s = leaf as JsonSchema & {
    enum?: unknown[];
    const?: unknown;
    minimum?: number;
    maximum?: number;
    minLength?: number;
    anyOf?: JsonSchema[];
  };
  if (typeof s['x-allowed'] === 'string') return s['x-allowed'];
  if (s.enum) return s.enum.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
  if ('const' in s) return JSON.stringify(s.const);
  if (s.anyOf) return s.anyOf.map((option) => allowedText(option as TSchema)).join(', ');
  const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
  let text: string;
  if (types.includes('integer') || types.includes('number')) {
    const kind = types.includes('integer') ? 'an integer' : 'a number';
    if (s.minimum !== undefined && s.maximum !== undefined)
      text = `${kind} from ${s.minimum} to ${s.maximum}`;
    else if (s.minimum !== undefined) text = `${kind} of at least ${s.minimum}`;
    else text = kind;
  } else if (types.includes('boolean')) text = 'true or false';
  else if (types.includes('string')) text = s.minLength ? 'a non-empty string' : 'a string';
  else if (types.includes('array')) text = 'a list';
  else if (types.includes('null')) text = 'null';
  else text = 'a map';
  return types.includes('null') && !types.every((t) => t === 'null') ? `${text}, or null` : text;
}

/** The kind of scalar a leaf holds (an enum of strings is a string), or undefined for maps and lists. */
export function scalarKind(leaf: TSchema): 'string' | 'integer' | 'number' | 'boolean' | undefined {
  const kinds = new Set<string>();
  const collect = (node: JsonSchema) => {
    if (Array.isArray(node.anyOf)) (node.anyOf as JsonSchema[]).forEach(collect);
    else if ('const' in node) kinds.add(typeof node.const === 'number' ? 'number' : typeof node.const);
    else if (Array.isArray(node.enum)) (node.enum as unknown[]).forEach((v) => kinds.add(typeof v));
    else [node.type].flat().forEach((t) => t !== undefined && kinds.add(String(t)));
  };
  collect(leaf as JsonSchema);
  kinds.delete('null');
  if (kinds.size !== 1) return undefined;
  const [kind] = kinds;
  return kind === 'string' || kind === 'integer' || kind === 'number' || kind === 'boolean'
    ? kind
    : undefined;
}

function acceptsNull(schema: TSchema | undefined): boolean {
  if (!schema) return false;
  const node = schema as JsonSchema;
  if ([node.type].flat().includes('null')) return true;
  return (
    Array.isArray(node.anyOf) && (node.anyOf as JsonSchema[]).some((option) => acceptsNull(option as TSchema))
  );
}
