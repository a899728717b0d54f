/**
 * The values a synthesis runs with: the model's defaults, then `--values`
 * files, then `--set` overrides (Helm's precedence), checked against the same
 * values.schema.json Helm uses, with errors that name the field and what it
 * accepts.
 */
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import type { TObject } from '@sinclair/typebox';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { isPlainObject } from './json';
import { allowedText, childrenOf, isGroup, JsonSchema, nodeAt } from './values-schema';

export class InvalidValuesError extends Error {
  constructor(public readonly problems: string[]) {
    super(`invalid values:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidValuesError';
  }
}

export interface ValueSources {
  /** YAML files, applied in order. */
  readonly files?: readonly string[];
  /** `key.path=value` overrides (Helm's --set syntax), applied in order after the files. */
  readonly sets?: readonly string[];
}

export function mergeValues(defaults: unknown, sources: ValueSources = {}): unknown {
  let values = structuredClone(defaults);
  // A values file replaces a list whole, as Helm does; --set list[1].x=… changes one item.
  for (const file of sources.files ?? []) values = deepMerge(values, readValuesFile(file), false);
  for (const assignment of sources.sets ?? []) values = deepMerge(values, parseSet(assignment), true);
  return values;
}

/** Checks values against the schema (compiled once); throws InvalidValuesError naming each bad field. */
export class ValuesValidator<T> {
  private readonly check: ValidateFunction;

  constructor(
    private readonly model: TObject,
    jsonSchema: JsonSchema,
  ) {
    // Compiled once per synthesis and run once: compile fast rather than optimize the code.
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, code: { optimize: false } });
    this.check = ajv.compile(jsonSchema);
  }

  public validate(values: unknown): T {
    if (this.check(values)) return values as T;
    throw new InvalidValuesError(
      mostTelling(this.check.errors ?? []).map((e) => describeError(this.model, e)),
    );
  }
}

/** Which error to report when one field breaks several rules: the one that says most to a person. */
const KEYWORD_PRIORITY = [
  'additionalProperties',
  'required',
  'anyOf',
  'oneOf',
  'enum',
  'type',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
];

function mostTelling(errors: ErrorObject[]): ErrorObject[] {
  const rank = (e: ErrorObject) => {
    const index = KEYWORD_PRIORITY.indexOf(e.keyword);
    return index === -1 ? KEYWORD_PRIORITY.length : index;
  };
  const byField = new Map<string, ErrorObject>();
  for (const error of errors) {
    // additionalProperties errors share their parent's path; keep each unknown key.
    const key =
      error.keyword === 'additionalProperties'
        ? `${error.instancePath}/${JSON.stringify(error.params)}`
        : error.instancePath;
    const current = byField.get(key);
    if (!current || rank(error) < rank(current)) byField.set(key, error);
  }
  return [...byField.values()];
}

function readValuesFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new InvalidValuesError([`--values ${file}: cannot read the file (${code})`]);
  }
  try {
    return parse(text) ?? {};
  } catch (error) {
    throw new InvalidValuesError([
      `--values ${file}: not valid YAML (${(error as Error).message.split('\n')[0]})`,
    ]);
  }
}

/**
 * `a.b.c=value` as Helm's --set reads it: integers, booleans and null are not
 * strings, and `list[0].name=x` sets an item of a list.
 */
export function parseSet(assignment: string): Record<string, unknown> {
  const eq = assignment.indexOf('=');
  const path = eq > 0 ? assignment.slice(0, eq).trim() : '';
  const keys = path.split('.').flatMap((part) => {
    const match = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!match) return [undefined];
    return [match[1], ...[...match[2].matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]))];
  });
  if (!path || keys.some((key) => key === undefined)) {
    throw new InvalidValuesError([
      `--set ${JSON.stringify(assignment)}: expected key.path=value, ` +
        'e.g. backend.replicaCount=2 or imagePullSecrets[0].name=regcred',
    ]);
  }
  const raw = assignment.slice(eq + 1);
  const value = /^-?\d+$/.test(raw)
    ? Number(raw)
    : raw === 'true'
      ? true
      : raw === 'false'
        ? false
        : raw === 'null'
          ? null
          : raw;
  return keys.reduceRight<unknown>((inner, key) => {
    if (typeof key === 'number') {
      const list: unknown[] = [];
      list[key] = inner;
      return list;
    }
    return { [key as string]: inner };
  }, value) as Record<string, unknown>;
}

function deepMerge(base: unknown, override: unknown, listsByIndex: boolean): unknown {
  if (listsByIndex && Array.isArray(base) && Array.isArray(override)) {
    // --set list[1].x=…: merge by index, keeping the other items.
    const merged = [...base];
    override.forEach((item, index) => (merged[index] = deepMerge(base[index], item, listsByIndex)));
    return merged;
  }
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    // As in Helm, null removes a key (and with it the default).
    if (value === null) delete merged[key];
    else merged[key] = deepMerge(base[key], value, listsByIndex);
  }
  return merged;
}

function describeError(model: TObject, error: ErrorObject): string {
  const path = error.instancePath.split('/').slice(1).map(decodeURIComponent);
  const field = path.join('.') || '(root)';
  const node = nodeAt(
    model,
    path.filter((p) => !/^\d+$/.test(p)),
  );
  if (error.keyword === 'additionalProperties') {
    const unknown = (error.params as { additionalProperty: string }).additionalProperty;
    const known = node && isGroup(node) ? childrenOf(node).map(([key]) => key) : [];
    return `${path.concat(unknown).join('.')}: unknown key (keys here: ${known.join(', ') || 'none'})`;
  }
  if (error.keyword === 'required') {
    return `${field}: missing ${(error.params as { missingProperty: string }).missingProperty}`;
  }
  const leaf = node && !isGroup(node) && path.length > 0 ? node : undefined;
  const allowed = leaf
    ? allowedText(leaf)
    : ((error.parentSchema as { description?: string } | undefined)?.description ?? error.message);
  const problem =
    error.keyword === 'pattern' || error.keyword === 'oneOf' || error.keyword === 'anyOf'
      ? 'has the wrong format'
      : error.keyword === 'minLength' && (error.params as { limit: number }).limit === 1
        ? 'is empty'
        : error.message;
  const data = (error as ErrorObject & { data?: unknown }).data;
  return `${field}: ${problem}${data === undefined ? '' : `, got ${JSON.stringify(data)}`} (allowed: ${allowed})`;
}
