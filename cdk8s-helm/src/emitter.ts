/**
 * Writes a synthesized Kubernetes object as YAML: plain for the manifests, or
 * as a Helm template where the JSON holds placeholders (tokens.ts). Numbers and
 * booleans stay unquoted, strings from values are `| quote`d, maps and lists
 * from values are copied with `toYaml … | nindent N`, and guarded objects and
 * fields are wrapped in `{{- if }}`. Keys follow the order people expect.
 */
import { stringify } from 'yaml';
import { Expr, goText, Json } from './expr';
import { nameConditions } from './conditions';
import { orderedEntries } from './key-order';
import { Guard, Placeholder, TokenRegistry } from './tokens';
import { yamlScalar, YAML_1_1 } from './yaml11';

type Splice = Extract<Placeholder, { kind: 'splice' }>;
type Range = Extract<Placeholder, { kind: 'range' }>;
type RangeMap = Extract<Placeholder, { kind: 'rangeMap' }>;

export class TemplateEmitter {
  private readonly guardCache = new WeakMap<object, readonly Guard[]>();
  /** How many `range` blocks enclose what is being written: inside one, values are reached from `$`. */
  private rangeDepth = 0;

  constructor(
    private readonly chartName: string,
    /** Placeholders of the synthesis; none for the plain manifests. */
    private readonly tokens?: TokenRegistry,
  ) {}

  /** Ids of the `when` guards of the objects written so far (each `when` must reach an object). */
  public readonly objectGuardsWritten = new Set<number>();

  /** One object as YAML text, wrapped in `if` when it exists only under conditions. */
  public object(object: Record<string, Json>): string {
    const conditions = this.objectConditions(object);
    const body = this.mapLines(object, 0, new Set()).join('\n');
    const text = conditions.length === 0 ? body : `{{- if ${this.all(conditions)} }}\n${body}\n{{- end }}`;
    return `${this.tokens ? nameConditions(text) : text}\n`;
  }

  private objectConditions(object: Json): Expr[] {
    const seen = new Map<string, Expr>();
    for (const guard of this.guardsIn(object)) {
      if (guard.scope !== 'object') continue;
      this.objectGuardsWritten.add(guard.id);
      seen.set(this.go(guard.condition), guard.condition);
    }
    return [...seen.values()];
  }

  private guardsIn(value: Json): Guard[] {
    if (!this.tokens) return [];
    const tokens = this.tokens;
    return tokens.idsIn(value).flatMap((id) => tokens.get(id).guards);
  }

  /**
   * Field guards every leaf of a value carries: the field exists only when they
   * hold. Booleans cannot carry guards and do not count; a plain string or
   * number does, so any such leaf means the field is unconditional.
   */
  private fieldGuards(value: Json, applied: ReadonlySet<number>): Guard[] {
    return this.leafGuards(value).filter((g) => !applied.has(g.id));
  }

  /** Field guards common to every leaf of a value, computed once per object or list. */
  private leafGuards(value: Json): readonly Guard[] {
    const tokens = this.tokens;
    if (!tokens) return [];
    const cacheable = value !== null && typeof value === 'object';
    const cached = cacheable ? this.guardCache.get(value) : undefined;
    if (cached) return cached;
    let common: Guard[] | undefined;
    const visit = (guards: readonly Guard[]) => {
      const field = guards.filter((g) => g.scope === 'field');
      common = common === undefined ? field : common.filter((g) => field.some((f) => f.id === g.id));
    };
    const walk = (node: Json) => {
      if (typeof node === 'string') {
        // A string is one leaf: plain text, or text around values that carry the guards.
        const ids = tokens.splitString(node).flatMap((p) => ('id' in p ? [p.id] : []));
        if (ids.length === 0) visit([]);
        ids.forEach((id) => visit(tokens.get(id).guards));
      } else if (typeof node === 'number') {
        const id = tokens.numberPlaceholder(node);
        visit(id === undefined ? [] : tokens.get(id).guards);
      } else if (Array.isArray(node)) node.forEach(walk);
      else if (node !== null && typeof node === 'object') {
        const boolean = tokens.booleanOf(node);
        if (boolean !== undefined) return visit(tokens.get(boolean).guards);
        for (const [key, item] of Object.entries(node)) {
          const splice = tokens.spliceKey(key);
          // A splice is the whole entry: its key carries the guards, its value is a filler.
          if (splice !== undefined) visit(tokens.get(splice).guards);
          else walk(item);
        }
      }
    };
    walk(value);
    const result = common ?? [];
    if (cacheable) this.guardCache.set(value, result);
    return result;
  }

  private mapLines(map: Record<string, Json>, indent: number, applied: ReadonlySet<number>): string[] {
    const lines: string[] = [];
    for (const [key, value] of this.entriesOf(map))
      lines.push(...this.entryLines(key, value, indent, applied));
    return lines;
  }

  /** Splices first (as `include "labels"` comes first in helm create), then keys in the usual order. */
  private entriesOf(map: Record<string, Json>): [string, Json][] {
    const entries = Object.entries(map);
    const splices = entries.filter(([key]) => this.spliceAt(key) !== undefined);
    const plain = entries.filter(([key]) => this.spliceAt(key) === undefined);
    return [...splices, ...orderedEntries(plain)];
  }

  private entryLines(key: string, value: Json, indent: number, applied: ReadonlySet<number>): string[] {
    const pad = ' '.repeat(indent);
    const rangeMap = this.rangeMapAt(key);
    if (rangeMap) {
      const head = `${pad}{{- range $${rangeMap.key}, $${rangeMap.variable} := ${this.go(rangeMap.expr)} }}`;
      this.rangeDepth++;
      try {
        return [head, `${pad}{{ $${rangeMap.key} | quote }}: ${this.scalar(value)}`, `${pad}{{- end }}`];
      } finally {
        this.rangeDepth--;
      }
    }
    const splice = this.spliceAt(key);
    if (splice) {
      return this.guarded(this.fieldGuards({ [key]: '' }, applied), pad, applied, () =>
        this.spliceLines(splice, indent),
      );
    }
    return this.guarded(this.fieldGuards(value, applied), pad, applied, (scope) =>
      this.fieldLines(key, value, indent, scope),
    );
  }

  /** Lines wrapped in `if` for guards not yet applied by an enclosing field. */
  private guarded(
    guards: Guard[],
    pad: string,
    applied: ReadonlySet<number>,
    lines: (scope: ReadonlySet<number>) => string[],
  ): string[] {
    if (guards.length === 0) return lines(applied);
    const inner = lines(new Set([...applied, ...guards.map((g) => g.id)]));
    return [`${pad}{{- if ${this.all(guards.map((g) => g.condition))} }}`, ...inner, `${pad}{{- end }}`];
  }

  private fieldLines(key: string, value: Json, indent: number, applied: ReadonlySet<number>): string[] {
    const pad = ' '.repeat(indent);
    const k = this.keyText(key);
    if (value === null || typeof value !== 'object' || this.booleanAt(value) !== undefined) {
      return [`${pad}${k}: ${this.scalar(value)}`];
    }
    const size = Array.isArray(value) ? value.length : Object.keys(value).length;
    if (size === 0) return [`${pad}${k}: ${Array.isArray(value) ? '[]' : '{}'}`];

    // A field made only of splices: copied from values (or a helper) whole.
    const splices = Array.isArray(value)
      ? value.map((item) => this.spliceItem(item))
      : Object.keys(value).map((name) => this.spliceAt(name));
    if (splices.every((s): s is Splice => s !== undefined)) return this.wholeSpliceLines(k, splices, indent);
    const inner = Array.isArray(value)
      ? this.listLines(value, indent + 2, applied)
      : this.mapLines(value as Record<string, Json>, indent + 2, applied);
    const ranges = Array.isArray(value)
      ? value.map((item) => this.rangeItem(item)?.range)
      : Object.keys(value).map((key) => this.rangeMapAt(key));
    if (ranges.length > 0 && ranges.every((r) => r !== undefined)) {
      // Only repeated entries: an empty list or map from values still renders as [] or {}, as in the manifests.
      const lists = ranges.map((r) => this.go(r!.expr));
      const empty =
        lists.length === 1 ? `not ${operand(lists[0])}` : `not (or ${lists.map(operand).join(' ')})`;
      return [`${pad}${k}:{{ if ${empty} }} ${Array.isArray(value) ? '[]' : '{}'}{{ end }}`, ...inner];
    }
    return [`${pad}${k}:`, ...inner];
  }

  private wholeSpliceLines(k: string, splices: Splice[], indent: number): string[] {
    const pad = ' '.repeat(indent);
    const literal = splices.length === 1 && splices[0].expr.op === 'lit' ? splices[0].expr.value : undefined;
    if (literal !== undefined)
      return [`${pad}${k}: ${stringify(literal, { flow: true, ...YAML_1_1 }).trimEnd()}`];
    if (splices.every((s) => s.optional)) {
      if (splices.length === 1) {
        const expr = this.go(splices[0].expr);
        return [
          `${pad}{{- with ${expr} }}`,
          `${pad}${k}:`,
          `${pad}  {{- toYaml . | nindent ${indent + 2} }}`,
          `${pad}{{- end }}`,
        ];
      }
      const condition = `or ${splices.map((s) => `(${this.go(s.expr)})`).join(' ')}`;
      const inner = splices.flatMap((s) => this.spliceLines(s, indent + 2));
      return [`${pad}{{- if ${condition} }}`, `${pad}${k}:`, ...inner, `${pad}{{- end }}`];
    }
    return [`${pad}${k}:`, ...splices.flatMap((s) => this.spliceLines(s, indent + 2))];
  }

  /** The YAML of a splice at an indentation: map entries or list items. */
  private spliceLines(splice: Splice, indent: number): string[] {
    const pad = ' '.repeat(indent);
    const expr = this.go(splice.expr);
    if (splice.source === 'helper') return [`${pad}{{- ${expr} | nindent ${indent} }}`];
    if (splice.optional)
      return [`${pad}{{- with ${expr} }}`, `${pad}{{- toYaml . | nindent ${indent} }}`, `${pad}{{- end }}`];
    return [`${pad}{{- toYaml ${expr} | nindent ${indent} }}`];
  }

  private listLines(items: Json[], indent: number, applied: ReadonlySet<number>): string[] {
    const pad = ' '.repeat(indent);
    return items.flatMap((item) => {
      const repeated = this.rangeItem(item);
      if (repeated) return this.rangeLines(repeated.range, repeated.rest, indent, applied);
      const splice = this.spliceItem(item);
      const guards = this.fieldGuards(item, applied);
      return this.guarded(guards, pad, applied, (scope) => {
        if (splice) return this.spliceLines(splice, indent);
        if (
          item !== null &&
          typeof item === 'object' &&
          !Array.isArray(item) &&
          this.booleanAt(item) === undefined
        ) {
          return this.listItemMapLines(item, indent, scope);
        }
        if (Array.isArray(item)) throw new Error(`nested lists are not supported: ${JSON.stringify(item)}`);
        return [`${pad}- ${this.scalar(item)}`];
      });
    });
  }

  /** `{{- range $x := list }}`, the item written once with `$x` for the list's item, `{{- end }}`. */
  private rangeLines(
    range: Range,
    item: Record<string, Json>,
    indent: number,
    applied: ReadonlySet<number>,
  ): string[] {
    const pad = ' '.repeat(indent);
    const head = `${pad}{{- range $${range.variable} := ${this.go(range.expr)} }}`;
    this.rangeDepth++;
    try {
      return [head, ...this.listItemMapLines(item, indent, applied), `${pad}{{- end }}`];
    } finally {
      this.rangeDepth--;
    }
  }

  private rangeMapAt(key: string): RangeMap | undefined {
    const id = this.tokens?.rangeMapKey(key);
    return id === undefined ? undefined : (this.tokens!.get(id) as RangeMap);
  }

  /** A list item that a `range` repeats, and its fields without the range key. */
  private rangeItem(item: Json): { range: Range; rest: Record<string, Json> } | undefined {
    if (!this.tokens || item === null || typeof item !== 'object' || Array.isArray(item)) return undefined;
    for (const key of Object.keys(item)) {
      const id = this.tokens.rangeKey(key);
      if (id === undefined) continue;
      const { [key]: _filler, ...rest } = item;
      return { range: this.tokens.get(id) as Range, rest };
    }
    return undefined;
  }

  /** `- first: …` then the other keys; conditional keys and splices go last so an item never starts inside an `if`. */
  private listItemMapLines(
    item: Record<string, Json>,
    indent: number,
    applied: ReadonlySet<number>,
  ): string[] {
    const pad = ' '.repeat(indent);
    const entries = this.entriesOf(item);
    const unconditional = (entry: [string, Json]) =>
      this.spliceAt(entry[0]) === undefined && this.fieldGuards(entry[1], applied).length === 0;
    const sorted = [...entries.filter(unconditional), ...entries.filter((e) => !unconditional(e))];
    if (sorted.length === 0) return [`${pad}- {}`];
    if (!unconditional(sorted[0])) {
      throw new Error(`a list item needs one unconditional field to start with: ${JSON.stringify(item)}`);
    }
    const lines = sorted.flatMap(([key, value]) => this.entryLines(key, value, indent + 2, applied));
    return [`${pad}- ${lines[0].trimStart()}`, ...lines.slice(1)];
  }

  private scalar(value: Json): string {
    if (typeof value === 'number') {
      const id = this.tokens?.numberPlaceholder(value);
      return id === undefined ? String(value) : this.action(this.tokens!.get(id).expr, false);
    }
    if (typeof value === 'string') return this.stringText(value);
    const boolean = this.booleanAt(value);
    if (boolean !== undefined) return this.action(this.tokens!.get(boolean).expr, false);
    return yamlScalar(value as string | boolean | null);
  }

  private stringText(value: string): string {
    if (value.includes('\n'))
      throw new Error(`multi-line strings are not supported: ${JSON.stringify(value)}`);
    const parts = this.tokens?.splitString(value) ?? [{ text: value }];
    // Template text that happens to contain `{{` is passed through a Go string literal.
    if (this.tokens && value.includes('{{') && parts.every((p) => 'text' in p))
      return `{{ ${JSON.stringify(value)} | quote }}`;
    if (parts.every((p) => 'text' in p)) return yamlScalar(value);
    if (parts.length === 1 && 'id' in parts[0]) return this.action(this.tokens!.get(parts[0].id).expr, true);
    const inner = parts
      .map((p) =>
        'id' in p ? `{{ ${this.go(this.tokens!.get(p.id).expr)} }}` : JSON.stringify(p.text).slice(1, -1),
      )
      .join('');
    return `"${inner}"`;
  }

  /** `{{ expr }}`, quoted for strings; a literal is written as plain YAML. */
  private action(expr: Expr, quote: boolean): string {
    if (expr.op === 'lit') return yamlScalar(expr.value as string | number | boolean | null);
    return `{{ ${this.go(expr)}${quote ? ' | quote' : ''} }}`;
  }

  private keyText(key: string): string {
    if (this.tokens?.splitString(key).some((p) => 'id' in p))
      throw new Error(`a placeholder cannot be a key: ${key}`);
    return yamlScalar(key);
  }

  private spliceAt(key: string): Splice | undefined {
    const id = this.tokens?.spliceKey(key);
    return id === undefined ? undefined : (this.tokens!.get(id) as Splice);
  }

  private spliceItem(item: Json): Splice | undefined {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return undefined;
    const keys = Object.keys(item);
    return keys.length === 1 ? this.spliceAt(keys[0]) : undefined;
  }

  private booleanAt(value: Json): number | undefined {
    return this.tokens?.booleanOf(value);
  }

  private go(expr: Expr): string {
    return goText(expr, this.chartName, this.rangeDepth > 0);
  }

  private all(conditions: Expr[]): string {
    const unique = [...new Map(conditions.map((c) => [this.go(c), c])).values()];
    if (unique.length === 1) return this.go(unique[0]);
    const operand = (c: Expr) => (c.op === 'values' || c.op === 'builtin' ? this.go(c) : `(${this.go(c)})`);
    return `and ${unique.map(operand).join(' ')}`;
  }
}

/** An argument of a Go function: bare when it is a plain reference. */
function operand(text: string): string {
  return /^[$.][A-Za-z0-9_.$]*$/.test(text) ? text : `(${text})`;
}
