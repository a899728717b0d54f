/**
 * Placeholders for template expressions, scoped to one synthesis.
 *
 * While the chart's templates are synthesized, the app's constructs receive
 * placeholders instead of values. They flow through construct code like the
 * values they stand for and reach the synthesized JSON, where the emitter
 * turns them back into Go template actions:
 *
 * - strings carry `«n»` inline, so they survive concatenation
 *   (`${repository}:${tag}`);
 * - numbers are sentinel integers far outside any valid Kubernetes value;
 * - booleans are one-key maps `{ "«n»": "«boolean»" }` (only for pass-through fields:
 *   construct code must not branch on them);
 * - splices are map keys `«n»`: the entries (or, as a list item, the items) of
 *   a value copied with `toYaml`, or of a helper's YAML (`include`).
 *
 * Each placeholder also records the conditions it was handed out under (see
 * `Guard`), which is how an object or field becomes conditional.
 */
import { Expr } from './expr';

const OPEN = '\u00ab';
const CLOSE = '\u00bb';
const TOKEN = /\u00ab(\d+)\u00bb/g;
// Number placeholders are far apart, so arithmetic on one (`port + 1`) lands between two and is caught.
const SENTINEL_BASE = 9_100_000_000_000;
const SENTINEL_STEP = 1000;
const SENTINEL_COUNT = 100_000;
const SENTINEL = /91\d{11}/g;
const BOOLEAN_MARK = `${OPEN}boolean${CLOSE}`;
/**
 * The value beside a splice key. Not empty: cdk8s-plus drops a map whose values are all
 * falsy (its ConfigMap data, for one), which would drop the splice with it.
 */
export const SPLICE_FILLER = `${OPEN}splice${CLOSE}`;
/** The value beside a range key, in a list item that a `range` repeats. */
export const RANGE_FILLER = `${OPEN}range${CLOSE}`;

/** Why a placeholder exists only under a condition. */
export interface Guard {
  /** Each `when`/`ifThen` call makes its own guard, even for the same condition. */
  readonly id: number;
  /** The condition, as a template expression. */
  readonly condition: Expr;
  /**
   * `object`: every Kubernetes object built from this value exists only when the
   * condition holds (`when`). `field`: the outermost field made only of such
   * values exists only when it holds (`ifThen`).
   */
  readonly scope: 'object' | 'field';
}

export type Placeholder =
  | { readonly kind: 'scalar'; readonly expr: Expr; readonly guards: readonly Guard[] }
  | {
      readonly kind: 'splice';
      readonly expr: Expr;
      /** `toYaml` of a value, or a helper that already returns YAML text. */
      readonly source: 'value' | 'helper';
      /** The splice may render nothing (a `with` around it). */
      readonly optional: boolean;
      readonly guards: readonly Guard[];
      /** The model's schema of the value, for a `range` over it. */
      readonly schema?: unknown;
    }
  | {
      /** A list item repeated for each item of the list `expr`, bound to `$variable`. */
      readonly kind: 'range';
      readonly expr: Expr;
      readonly variable: string;
      readonly guards: readonly Guard[];
    }
  | {
      /** A map entry repeated for each entry of the map `expr`, bound to `$key` and `$variable`. */
      readonly kind: 'rangeMap';
      readonly expr: Expr;
      readonly key: string;
      readonly variable: string;
      readonly guards: readonly Guard[];
    };

/** The placeholders of one synthesis. */
export class TokenRegistry {
  private readonly entries: Placeholder[] = [];
  /** Strings are split many times while one synthesis is written out. */
  private readonly splits = new Map<string, StringPart[]>();

  public add(placeholder: Placeholder): number {
    this.entries.push(placeholder);
    return this.entries.length - 1;
  }

  public get(id: number): Placeholder {
    const entry = this.entries[id];
    if (!entry) throw new Error(`unknown template placeholder ${id}`);
    return entry;
  }

  public string(placeholder: Placeholder): string {
    return tokenText(this.add(placeholder));
  }

  /**
   * A boolean placeholder: a plain one-key map, so cdk8s serializes it like any
   * JSON; as text (`String(flag)`) it becomes the string placeholder of the same value.
   */
  public boolean(placeholder: Placeholder): boolean {
    const text = tokenText(this.add(placeholder));
    const map = { [text]: BOOLEAN_MARK };
    Object.defineProperty(map, 'toString', { value: () => text, enumerable: false });
    return map as unknown as boolean;
  }

  public number(placeholder: Placeholder): number {
    const id = this.add(placeholder);
    if (id >= SENTINEL_COUNT) throw new Error('too many numeric placeholders in one synthesis');
    return SENTINEL_BASE + id * SENTINEL_STEP;
  }

  /**
   * The placeholder a number stands for, if it is a sentinel. A number next to one is
   * the result of arithmetic on a placeholder, which has no template: that is an error.
   */
  public numberPlaceholder(value: number): number | undefined {
    const offset = value - SENTINEL_BASE;
    if (offset < -SENTINEL_STEP || offset >= SENTINEL_STEP * SENTINEL_COUNT) return undefined;
    const id = offset / SENTINEL_STEP;
    if (Number.isInteger(id) && id >= 0 && id < this.entries.length) return id;
    throw new ArithmeticOnPlaceholderError(value);
  }

  /** Literal text and placeholder ids of a string, in order. */
  public splitString(value: string): StringPart[] {
    let parts = this.splits.get(value);
    if (!parts) {
      parts = this.split(value);
      this.splits.set(value, parts);
    }
    return parts;
  }

  private split(value: string): StringPart[] {
    const parts: StringPart[] = [];
    if (!value.includes(OPEN) && !value.includes('91')) return value === '' ? parts : [{ text: value }];
    let last = 0;
    const matches = [
      ...[...value.matchAll(TOKEN)].map((m) => ({ index: m.index!, length: m[0].length, id: Number(m[1]) })),
      ...[...value.matchAll(SENTINEL)]
        .map((m) => ({ index: m.index!, length: m[0].length, id: this.numberPlaceholder(Number(m[0])) }))
        .filter((m): m is { index: number; length: number; id: number } => m.id !== undefined),
    ].sort((a, b) => a.index - b.index);
    for (const match of matches) {
      if (match.index > last) parts.push({ text: value.slice(last, match.index) });
      parts.push({ id: match.id });
      last = match.index + match.length;
    }
    if (last < value.length) parts.push({ text: value.slice(last) });
    return parts;
  }

  /** Every placeholder id inside a JSON value: in strings, numbers, booleans and keys. */
  public idsIn(value: unknown): number[] {
    if (typeof value === 'string') return this.splitString(value).flatMap((p) => ('id' in p ? [p.id] : []));
    if (typeof value === 'number') {
      const id = this.numberPlaceholder(value);
      return id === undefined ? [] : [id];
    }
    if (Array.isArray(value)) return value.flatMap((item) => this.idsIn(item));
    if (value !== null && typeof value === 'object') {
      return Object.entries(value).flatMap(([key, item]) => [...this.idsIn(key), ...this.idsIn(item)]);
    }
    return [];
  }

  /** The placeholder a whole string stands for, if it is exactly one token. */
  public wholeToken(text: string): number | undefined {
    const parts = this.splitString(text);
    return parts.length === 1 && 'id' in parts[0] ? parts[0].id : undefined;
  }

  /** The scalar a boolean placeholder `{ "«n»": "«boolean»" }` stands for, if it is one. */
  public booleanOf(value: unknown): number | undefined {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const keys = Object.keys(value);
    if (keys.length !== 1 || (value as Record<string, unknown>)[keys[0]] !== BOOLEAN_MARK) return undefined;
    const id = this.wholeToken(keys[0]);
    return id !== undefined && this.get(id).kind === 'scalar' ? id : undefined;
  }

  /** The range a list item's key stands for, if it is one. */
  public rangeKey(key: string): number | undefined {
    const id = this.wholeToken(key);
    return id !== undefined && this.get(id).kind === 'range' ? id : undefined;
  }

  /** The map range a key stands for, if it is one. */
  public rangeMapKey(key: string): number | undefined {
    const id = this.wholeToken(key);
    return id !== undefined && this.get(id).kind === 'rangeMap' ? id : undefined;
  }

  /** The splice a map key stands for, if it is one. */
  public spliceKey(key: string): number | undefined {
    const id = this.wholeToken(key);
    return id !== undefined && this.get(id).kind === 'splice' ? id : undefined;
  }
}

/** A number computed from a number placeholder in TypeScript (`port + 1`), which no template can follow. */
export class ArithmeticOnPlaceholderError extends Error {
  constructor(value: number) {
    super(
      `the number ${value} was computed from a value placeholder (e.g. port + 1 or port - 1): ` +
        'arithmetic on values must be written with h.add or h.mul so the chart can compute it too',
    );
    this.name = 'ArithmeticOnPlaceholderError';
  }
}

export type StringPart = { readonly text: string } | { readonly id: number };

function tokenText(id: number): string {
  return `${OPEN}${id}${CLOSE}`;
}
