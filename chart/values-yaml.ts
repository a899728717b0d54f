/** values.yaml, derived from the values model: every key with its comment, in model order. */
import { stringify } from 'yaml';
import { allowedValues } from './schema';
import { ValueNode } from './values-dsl';

const HEADER = `# Default values for the todo-app chart.
# Generated from chart/values.ts by \`npm run synth\`: edit that file, not this one.
# Every key is validated by values.schema.json.
#
# Secrets are never set here: the chart reads COHERE_API_KEY, DATABASE_URL and
# JWT_SECRET from an existing Secret (secrets.name). See NOTES.txt or README.md.
`;

export function valuesYaml(model: ValueNode, values: Record<string, unknown>): string {
  if (model.kind !== 'group') throw new Error('the values model must be a group');
  return `${HEADER}\n${groupLines(model, values, 0).join('\n')}\n`;
}

function groupLines(
  node: ValueNode & { kind: 'group' },
  values: Record<string, unknown>,
  indent: number,
): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const [key, child] of Object.entries(node.properties)) {
    const value = values[key];
    if (child.kind === 'group') {
      if (indent === 0 && lines.length > 0) lines.push('');
      lines.push(
        `${pad}## ${child.description}`,
        `${pad}${key}:`,
        ...groupLines(child, value as Record<string, unknown>, indent + 2),
      );
      continue;
    }
    lines.push(`${pad}# -- ${child.description} (${allowedValues(child)})`);
    lines.push(...leafLines(key, value, indent));
  }
  return lines;
}

function leafLines(key: string, value: unknown, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const isEmptyCollection =
    (Array.isArray(value) && value.length === 0) || (isPlainObject(value) && Object.keys(value).length === 0);
  if (!isPlainObject(value) && !Array.isArray(value)) return [`${pad}${key}: ${stringify(value).trimEnd()}`];
  if (isEmptyCollection) return [`${pad}${key}: ${Array.isArray(value) ? '[]' : '{}'}`];
  const nested = stringify(value, { indent: 2 }).trimEnd().split('\n');
  return [`${pad}${key}:`, ...nested.map((line) => `${pad}  ${line}`)];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
