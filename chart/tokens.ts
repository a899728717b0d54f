/**
 * Helm template tokens.
 *
 * The chart is made by synthesizing the very same constructs as the plain
 * manifests, but with values that are placeholders for Go template expressions
 * (`.Values.backend.image.tag`, `include "todo-app.fullname" .`). Placeholders
 * flow through the constructs like ordinary values and are turned into
 * `{{ ... }}` by the template emitter.
 *
 * - Strings carry the expression inline between « and », so they survive
 *   concatenation: `${repo}:${tag}` becomes `"{{ .Values.repo }}:{{ .Values.tag }}"`.
 * - Numbers cannot carry text, so each expression gets a sentinel integer far
 *   outside any valid Kubernetes value; the emitter maps it back, including
 *   where a number was interpolated into a string (`http://svc:${port}`).
 */

const OPEN = '\u00ab';
const CLOSE = '\u00bb';
const TOKEN_PATTERN = /\u00ab([^\u00ab\u00bb]+)\u00bb/g;

const SENTINEL_BASE = 9_100_000_000;
const SENTINEL_PATTERN = /9100\d{6}/g;

const exprBySentinel = new Map<number, string>();
const sentinelByExpr = new Map<string, number>();

/** A string standing for the Go template expression `expr`. */
export function helmString(expr: string): string {
  return `${OPEN}${expr}${CLOSE}`;
}

/** A number standing for the Go template expression `expr`. */
export function helmNumber(expr: string): number {
  const known = sentinelByExpr.get(expr);
  if (known !== undefined) return known;
  const sentinel = SENTINEL_BASE + sentinelByExpr.size + 1;
  sentinelByExpr.set(expr, sentinel);
  exprBySentinel.set(sentinel, expr);
  return sentinel;
}

/** The expression a sentinel number stands for, if it is one. */
export function numberExpression(value: number): string | undefined {
  return exprBySentinel.get(value);
}

/** True when a value is (or contains) a template placeholder and so cannot be checked yet. */
export function isUnresolved(value: unknown): boolean {
  if (typeof value === 'number') return exprBySentinel.has(value);
  if (typeof value === 'string') return value.includes(OPEN) || hasSentinel(value);
  return false;
}

function hasSentinel(text: string): boolean {
  return [...text.matchAll(SENTINEL_PATTERN)].some((m) => exprBySentinel.has(Number(m[0])));
}

/** One piece of a string: literal text or a template expression. */
export type StringPart = { text: string } | { expr: string };

/** Splits a string into literal text and template expressions (string tokens and number sentinels). */
export function splitTemplateString(value: string): StringPart[] {
  const parts: StringPart[] = [];
  let last = 0;
  const matches = [
    ...[...value.matchAll(TOKEN_PATTERN)].map((m) => ({ index: m.index!, length: m[0].length, expr: m[1] })),
    ...[...value.matchAll(SENTINEL_PATTERN)]
      .filter((m) => exprBySentinel.has(Number(m[0])))
      .map((m) => ({ index: m.index!, length: m[0].length, expr: exprBySentinel.get(Number(m[0]))! })),
  ].sort((a, b) => a.index - b.index);
  for (const m of matches) {
    if (m.index > last) parts.push({ text: value.slice(last, m.index) });
    parts.push({ expr: m.expr });
    last = m.index + m.length;
  }
  if (last < value.length) parts.push({ text: value.slice(last) });
  return parts;
}
