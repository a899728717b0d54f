/**
 * values.yaml: every key of the model with its default and one comment line
 * (`# -- what it is. Allowed: what it takes.`), in declaration order. The
 * first line points editors at values.schema.json.
 */
import type { TObject, TSchema } from '@sinclair/typebox';
import { stringify } from 'yaml';
import { YAML_1_1 } from '../yaml11';
import { isPlainObject } from '../json';
import { allowedText, childrenOf, isGroup } from '../values-schema';

export function valuesYaml(model: TObject, values: Record<string, unknown>, header: string): string {
  const headerLines = header
    .trim()
    .split('\n')
    .map((line) => (line ? `# ${line}` : '#'));
  const body = groupLines(model, values, 0);
  return (
    ['# yaml-language-server: $schema=values.schema.json', ...headerLines, '', ...body].join('\n') + '\n'
  );
}

function groupLines(node: TSchema, values: Record<string, unknown>, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const [key, child] of childrenOf(node)) {
    if (indent === 0 && lines.length > 0) lines.push('');
    lines.push(`${pad}# -- ${comment(child)}`);
    const value = values[key];
    if (isGroup(child))
      lines.push(`${pad}${key}:`, ...groupLines(child, (value ?? {}) as Record<string, unknown>, indent + 2));
    else lines.push(...leafLines(key, value, indent));
  }
  return lines;
}

/** One sentence, then what the key takes where that says more than its default shows. */
function comment(node: TSchema): string {
  const description = sentence(String(node.description ?? ''));
  if (isGroup(node)) return description;
  const types = [node.type].flat();
  const obvious = types.includes('boolean') || types.includes('object') || types.includes('array');
  return obvious ? description : `${description} Allowed: ${sentence(allowedText(node))}`;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function leafLines(key: string, value: unknown, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const empty = (Array.isArray(value) || isPlainObject(value)) && Object.keys(value).length === 0;
  if (!Array.isArray(value) && !isPlainObject(value))
    return [`${pad}${key}: ${stringify(value, YAML_1_1).trimEnd()}`];
  if (empty) return [`${pad}${key}: ${Array.isArray(value) ? '[]' : '{}'}`];
  const nested = stringify(value, { indent: 2, ...YAML_1_1 })
    .trimEnd()
    .split('\n');
  return [`${pad}${key}:`, ...nested.map((line) => `${pad}  ${line}`)];
}
