/**
 * The values a synthesis runs with: the model's defaults, then `--values`
 * files, then `--set` overrides (the same precedence as Helm), checked against
 * the same values.schema.json Helm uses, with errors that name the field and
 * what it accepts.
 */
import Ajv, { ErrorObject } from 'ajv';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { allowedValues, valuesSchema } from './schema';
import { defaultValues, TodoAppValues, valuesModel } from './values';
import { Leaf, ValueNode } from './values-dsl';

export class InvalidValuesError extends Error {
  constructor(public readonly problems: string[]) {
    super(`invalid values:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidValuesError';
  }
}

export interface ValueSources {
  /** YAML files, applied in order. */
  readonly files?: string[];
  /** `key.path=value` overrides, applied in order after the files. */
  readonly sets?: string[];
}

export function resolveValues(sources: ValueSources = {}): TodoAppValues {
  let values: unknown = defaultValues();
  for (const file of sources.files ?? []) values = deepMerge(values, readValuesFile(file));
  for (const assignment of sources.sets ?? []) values = deepMerge(values, parseSet(assignment));
  return validateValues(values);
}

export function validateValues(values: unknown): TodoAppValues {
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
  const validate = ajv.compile(valuesSchema(valuesModel, defaultValues()));
  if (validate(values)) return values as TodoAppValues;
  throw new InvalidValuesError(mostTelling(validate.errors ?? []).map(describeError));
}

/** Which error to report when one field breaks several rules: the one that says most to a person. */
const KEYWORD_PRIORITY = [
  'additionalProperties',
  'required',
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
  const rank = (e: ErrorObject) =>
    (KEYWORD_PRIORITY.indexOf(e.keyword) + KEYWORD_PRIORITY.length + 1) % (KEYWORD_PRIORITY.length + 1);
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
    throw new InvalidValuesError([
      `--values ${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    ]);
  }
  try {
    return parse(text) ?? {};
  } catch (error) {
    throw new InvalidValuesError([
      `--values ${file}: not valid YAML (${(error as Error).message.split('\n')[0]})`,
    ]);
  }
}

/** `a.b.c=value`, with value typed as Helm's --set does: integers, booleans and null are not strings. */
export function parseSet(assignment: string): Record<string, unknown> {
  const eq = assignment.indexOf('=');
  const path = eq > 0 ? assignment.slice(0, eq).trim() : '';
  if (!path || path.split('.').some((part) => part === '')) {
    throw new InvalidValuesError([
      `--set ${JSON.stringify(assignment)}: expected key.path=value, e.g. backend.replicaCount=2`,
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
  return path
    .split('.')
    .reverse()
    .reduce<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
}

function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = deepMerge(base[key], value);
  return merged;
}

function describeError(error: ErrorObject): string {
  const path = error.instancePath.split('/').slice(1).map(decodeURIComponent);
  const field = path.join('.') || '(root)';
  if (error.keyword === 'additionalProperties') {
    const unknown = (error.params as { additionalProperty: string }).additionalProperty;
    const node = nodeAt(path);
    const known = node?.kind === 'group' ? Object.keys(node.properties).join(', ') : 'none';
    return `${path.concat(unknown).join('.')}: unknown key (keys here: ${known})`;
  }
  if (error.keyword === 'required') {
    return `${field}: missing ${(error.params as { missingProperty: string }).missingProperty}`;
  }
  const node = nodeAt(path);
  const schemaHelp = (error.parentSchema as { description?: string } | undefined)?.description;
  const allowed =
    node?.kind === 'leaf' ? allowedValues(node as Leaf<unknown>) : (schemaHelp ?? error.message);
  const problem =
    error.keyword === 'pattern' || error.keyword === 'oneOf'
      ? 'has the wrong format'
      : error.keyword === 'minLength' && (error.params as { limit: number }).limit === 1
        ? 'is empty'
        : error.message;
  return `${field}: ${problem}${valueAt(error)} (allowed: ${allowed})`;
}

function valueAt(error: ErrorObject): string {
  const data = (error as ErrorObject & { data?: unknown }).data;
  return data === undefined ? '' : `, got ${JSON.stringify(data)}`;
}

function nodeAt(path: string[]): ValueNode | undefined {
  let node: ValueNode | undefined = valuesModel;
  for (const key of path) node = node?.kind === 'group' ? node.properties[key] : undefined;
  return node;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
