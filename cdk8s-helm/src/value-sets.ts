/**
 * Value sets that change every value of a model, one value at a time: each
 * boolean flipped, each other choice of an enum, numbers moved within their
 * bounds, strings changed so they still match their pattern, lists emptied or
 * given an item, maps given a key. Each candidate is checked against the leaf's
 * schema; a value for which nothing valid can be guessed is left to the
 * user's own value sets (or an `examples` entry on the leaf).
 */
import type { TObject, TSchema } from '@sinclair/typebox';
import Ajv from 'ajv';
import { isPlainObject } from './json';
import { forEachLeaf, JsonSchema, nodeAt } from './values-schema';

export interface GeneratedValueSet {
  readonly name: string;
  /** The path of the value it changes. */
  readonly path: readonly string[];
  /** Only that value, nested as in a values file. */
  readonly values: Record<string, unknown>;
}

export function generatedValueSets(
  model: TObject,
  defaults: unknown,
): {
  sets: GeneratedValueSet[];
  unguessable: string[];
} {
  const sets: GeneratedValueSet[] = [];
  const unguessable: string[] = [];
  forEachLeaf(model, (path, leaf) => {
    const current = path.reduce<unknown>(
      (node, key) => (isPlainObject(node) ? node[key] : undefined),
      defaults,
    );
    const check = compile(leaf);
    const seen = new Set([JSON.stringify(current)]);
    const chosen: unknown[] = [];
    for (const candidate of candidatesFor(leaf, current)) {
      const key = JSON.stringify(candidate);
      if (seen.has(key) || !check(candidate)) continue;
      seen.add(key);
      chosen.push(candidate);
      // Every other choice of an enum; one changed value otherwise.
      if (!isChoice(leaf)) break;
    }
    if (chosen.length === 0) unguessable.push(path.join('.'));
    for (const value of chosen) {
      const values = path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<
        string,
        unknown
      >;
      sets.push({ name: `${path.join('.')}=${JSON.stringify(value)}`, path, values });
    }
  });
  return { sets, unguessable };
}

const ajv = new Ajv({ strict: false });

function compile(schema: TSchema): (value: unknown) => boolean {
  const check = ajv.compile(stripDefaults(schema));
  return (value) => check(value) as boolean;
}

function isChoice(leaf: TSchema): boolean {
  const node = leaf as JsonSchema;
  if (Array.isArray(node.enum)) return true;
  return (
    Array.isArray(node.anyOf) && (node.anyOf as JsonSchema[]).every((o) => 'const' in o || o.type === 'null')
  );
}

/** Ajv would fill in nothing, but `default` of the model's leaves must not hide a missing value. */
function stripDefaults(schema: TSchema): JsonSchema {
  return JSON.parse(JSON.stringify(schema, (key, value) => (key === 'default' ? undefined : value)));
}

/** Values to try for a leaf, best first. */
function candidatesFor(schema: TSchema, current: unknown): unknown[] {
  const node = schema as JsonSchema;
  const examples = Array.isArray(node.examples) ? (node.examples as unknown[]) : [];
  const options = Array.isArray(node.anyOf) ? (node.anyOf as TSchema[]) : [];
  if (Array.isArray(node.enum)) return [...examples, ...(node.enum as unknown[])];
  if (options.length > 0) {
    return [
      ...examples,
      ...options.flatMap((o) => ('const' in o ? [o.const] : [])),
      ...options.flatMap((o) => ('const' in o ? [] : candidatesFor(o, current))),
    ];
  }
  if ('const' in node) return [node.const];
  const types = [node.type].flat() as string[];
  const out: unknown[] = [...examples];
  if (types.includes('boolean')) out.push(current === true ? false : true);
  if (types.includes('integer') || types.includes('number')) out.push(...numbers(node, current));
  if (types.includes('string')) out.push(...strings(current));
  if (types.includes('array')) out.push(...lists(node, current));
  if (types.includes('object')) out.push(...maps(node, current));
  if (types.includes('null') && current !== null) out.push(null);
  return out;
}

function numbers(node: JsonSchema, current: unknown): number[] {
  const n = typeof current === 'number' ? current : 0;
  const min = typeof node.minimum === 'number' ? node.minimum : undefined;
  const max = typeof node.maximum === 'number' ? node.maximum : undefined;
  return [n + 1, n - 1, min, max, 1, 0].filter((v): v is number => v !== undefined);
}

function strings(current: unknown): string[] {
  const s = typeof current === 'string' ? current : '';
  if (s === '') return ['x', 'generated', 'x1', '1', '/x'];
  const bumped = s.replace(/\d+/, (digits) => String(Number(digits) + 1));
  return [bumped, `${s}x`, '', 'generated', 'x1', `x${s}`, '1', '/x'];
}

function lists(node: JsonSchema, current: unknown): unknown[] {
  const list = Array.isArray(current) ? current : [];
  const items = (isPlainObject(node.items) ? node.items : {}) as TSchema;
  const samples = list.length > 0 ? candidatesFor(items, list[0]) : sampleValues(items);
  return [
    ...(list.length > 0 ? [[]] : []),
    ...samples.map((item) => [item]),
    ...samples.map((i) => [...list, i]),
  ];
}

function maps(node: JsonSchema, current: unknown): unknown[] {
  const map = isPlainObject(current) ? current : {};
  if (isPlainObject(node.properties) && Object.keys(node.properties).length > 0) {
    // An object with known keys (resources): change one of its values.
    const out: unknown[] = [];
    for (const [key, child] of Object.entries(node.properties as Record<string, TSchema>)) {
      const values = key in map ? candidatesFor(child, map[key]) : sampleValues(child);
      out.push(...values.slice(0, 4).map((value) => ({ ...map, [key]: value })));
    }
    return out;
  }
  const valueSchema = (nodeAt(node as TSchema, ['generated']) ?? {}) as TSchema;
  return sampleValues(valueSchema).map((value) => ({ ...map, generated: value }));
}

/** A few values of a schema, for a new list item or map entry. */
function sampleValues(schema: TSchema): unknown[] {
  const node = schema as JsonSchema;
  if (Array.isArray(node.examples)) return node.examples as unknown[];
  if (isPlainObject(node.properties)) {
    const entries = Object.entries(node.properties as Record<string, TSchema>);
    // One item whose every key holds the first sample that fits.
    return [Object.fromEntries(entries.map(([key, child]) => [key, sampleValues(child)[0]]))];
  }
  const check = compile(schema);
  return candidatesFor(schema, undefined).filter((v) => v !== null && check(v));
}
