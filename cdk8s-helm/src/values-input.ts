/**
 * The values a synthesis runs with: the model's defaults, then `--values`
 * files, then `--set` overrides (Helm's precedence), checked against the same
 * values.schema.json Helm uses, with errors that name the field and what it
 * accepts.
 */
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import type { TObject, TSchema } from '@sinclair/typebox';
import { readFileSync } from 'node:fs';
import { isPlainObject, jsonClone } from './json';
import { parseSetInto, SetSyntaxError } from './strvals';
import { parseYaml11 } from './yaml11';
import { allowedText, JsonSchema, nodeAt } from './values-schema';

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

/**
 * Helm's precedence and merge rules: the files are merged into one map (maps
 * merge key by key, anything else, lists included, replaces), each `--set` is
 * written into that map (`list[1]=x` keeps the list's other items), and the
 * result is coalesced over the defaults: maps merge, lists and scalars replace
 * the default, and null removes a key with its default.
 */
export function mergeValues(defaults: unknown, sources: ValueSources = {}): unknown {
  let user: Record<string, unknown> = {};
  for (const file of sources.files ?? []) user = mergeMaps(user, readValuesFile(file));
  for (const assignment of sources.sets ?? []) {
    try {
      parseSetInto(assignment, user);
    } catch (error) {
      if (!(error instanceof SetSyntaxError)) throw error;
      throw new InvalidValuesError([
        `--set ${JSON.stringify(assignment)}: ${error.message}; expected key.path=value, ` +
          'e.g. backend.replicaCount=2 or imagePullSecrets[0].name=regcred',
      ]);
    }
  }
  return coalesce(jsonClone(defaults), user);
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

function readValuesFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new InvalidValuesError([`--values ${file}: cannot read the file (${code})`]);
  }
  try {
    const values = parseYaml11(text) ?? {};
    if (!isPlainObject(values)) throw new Error('the top level is not a map');
    return values;
  } catch (error) {
    throw new InvalidValuesError([
      `--values ${file}: not valid YAML (${(error as Error).message.split('\n')[0]})`,
    ]);
  }
}

/** Helm's mergeMaps for values files: maps merge, anything else replaces. */
function mergeMaps(
  base: Record<string, unknown>,
  override: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? mergeMaps(out[key], value) : value;
  }
  return out;
}

/** Helm's coalescing of the user's values over the defaults. */
function coalesce(defaults: unknown, user: unknown): unknown {
  if (!isPlainObject(user) || !isPlainObject(defaults)) return user === undefined ? defaults : user;
  const out: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(user)) {
    // As in Helm, null removes a key (and with it the default).
    if (value === null) delete out[key];
    else out[key] = key in defaults ? coalesce(defaults[key], value) : value;
  }
  return out;
}

function describeError(model: TObject, error: ErrorObject): string {
  const path = error.instancePath.split('/').slice(1).map(decodeURIComponent);
  const field = path.join('.') || '(root)';
  const node = nodeAt(model, path);
  // Inside lists (and maps) of the model, the schema node that failed says what is allowed there.
  const failed = (node ?? error.parentSchema) as JsonSchema | undefined;
  if (error.keyword === 'additionalProperties') {
    const unknown = (error.params as { additionalProperty: string }).additionalProperty;
    const known =
      failed && typeof failed.properties === 'object' ? Object.keys(failed.properties as object) : [];
    const allowed = known.length > 0 ? `keys here: ${known.join(', ')}` : 'no other keys here';
    return `${path.concat(unknown).join('.')}: unknown key (${allowed})`;
  }
  if (error.keyword === 'required') {
    return `${field}: missing ${(error.params as { missingProperty: string }).missingProperty}`;
  }
  const allowed = failed
    ? allowedText(failed as TSchema)
    : ((error.parentSchema as { description?: string } | undefined)?.description ?? error.message);
  const data = (error as ErrorObject & { data?: unknown }).data;
  const got = data === undefined ? '' : `, got ${JSON.stringify(data)}`;
  if (failed && isChoice(failed))
    return `${field}: is not one of the allowed values${got} (allowed: ${allowed})`;
  const problem =
    error.keyword === 'pattern' || error.keyword === 'oneOf' || error.keyword === 'anyOf'
      ? 'has the wrong format'
      : error.keyword === 'minLength' && (error.params as { limit: number }).limit === 1
        ? 'is empty'
        : error.message;
  return `${field}: ${problem}${got} (allowed: ${allowed})`;
}

/** A leaf that takes one of a list of values (an enum, or a union of constants). */
function isChoice(node: JsonSchema): boolean {
  if (Array.isArray(node.enum)) return true;
  const options = node.anyOf as JsonSchema[] | undefined;
  return (
    Array.isArray(options) && options.every((o) => 'const' in o || Array.isArray(o.enum) || o.type === 'null')
  );
}
