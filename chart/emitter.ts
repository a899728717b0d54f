/**
 * Writes a synthesized Kubernetes object as Helm template text: YAML whose
 * placeholders (tokens.ts) and markers (markers.ts) become Go template actions.
 * Numbers and booleans stay unquoted, strings from values are `| quote`d, and
 * objects from values are written with `toYaml ... | nindent N`.
 */
import { stringify } from 'yaml';
import { isMarker } from './markers';
import { numberExpression, splitTemplateString } from './tokens';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One object as template text, wrapped in `if condition` when given. */
export function emitTemplate(object: Record<string, unknown>, condition?: string): string {
  const body = emitMap(object, 0).join('\n');
  return condition ? `{{- if ${condition} }}\n${body}\n{{- end }}\n` : `${body}\n`;
}

function emitMap(map: Record<string, unknown>, indent: number): string[] {
  return Object.entries(map).flatMap(([key, value]) => emitEntry(key, value, indent));
}

function emitEntry(key: string, value: unknown, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const k = scalarText(key);
  if (value === undefined) return [];
  if (isMarker(value)) {
    switch (value.$template) {
      case 'block':
        return [`${pad}${k}:`, `${pad}  {{- toYaml ${value.expr} | nindent ${indent + 2} }}`];
      case 'with':
        return [
          `${pad}{{- with ${value.expr} }}`,
          `${pad}${k}:`,
          `${pad}  {{- toYaml . | nindent ${indent + 2} }}`,
          `${pad}{{- end }}`,
        ];
      case 'if':
        return [
          `${pad}{{- if ${value.condition} }}`,
          ...emitEntry(key, value.value, indent),
          `${pad}{{- end }}`,
        ];
    }
  }
  if (Array.isArray(value)) {
    return value.length === 0 ? [`${pad}${k}: []`] : [`${pad}${k}:`, ...emitList(value, indent + 2)];
  }
  if (isObject(value)) {
    return Object.keys(value).length === 0
      ? [`${pad}${k}: {}`]
      : [`${pad}${k}:`, ...emitMap(value, indent + 2)];
  }
  return [`${pad}${k}: ${scalarText(value as Json)}`];
}

function emitList(items: unknown[], indent: number): string[] {
  const pad = ' '.repeat(indent);
  return items.flatMap((item) => {
    if (isObject(item) && !isMarker(item) && Object.keys(item).length > 0) {
      // Conditional fields go last, so an item never starts inside an `if`.
      const entries = Object.entries(item).sort(([, a], [, b]) => Number(isMarker(a)) - Number(isMarker(b)));
      const lines = entries.flatMap(([key, value]) => emitEntry(key, value, indent + 2));
      return [`${pad}- ${lines[0].trimStart()}`, ...lines.slice(1)];
    }
    if (Array.isArray(item) || isObject(item)) {
      throw new Error(`cannot emit nested list or marker inside a list: ${JSON.stringify(item)}`);
    }
    return [`${pad}- ${scalarText(item as Json)}`];
  });
}

function scalarText(value: Json): string {
  if (typeof value === 'number') {
    const expr = numberExpression(value);
    return expr ? `{{ ${expr} }}` : String(value);
  }
  if (typeof value === 'string') return stringText(value);
  return stringify(value).trimEnd();
}

function stringText(value: string): string {
  if (value.includes('\n'))
    throw new Error(`multi-line strings are not supported in templates: ${JSON.stringify(value)}`);
  const parts = splitTemplateString(value);
  if (parts.every((part) => 'text' in part)) return stringify(value).trimEnd();
  if (parts.length === 1 && 'expr' in parts[0]) return `{{ ${parts[0].expr} | quote }}`;
  const inner = parts
    .map((part) => ('expr' in part ? `{{ ${part.expr} }}` : JSON.stringify(part.text).slice(1, -1)))
    .join('');
  return `"${inner}"`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
