/**
 * The chart's README.md: the app's own sections, with the parameters tables
 * generated from the values model where the app puts the `parameters` marker.
 */
import type { TObject, TSchema } from '@sinclair/typebox';
import { allowedText, childrenOf, forEachLeaf, isGroup } from '../values-schema';

export interface ReadmeSection {
  readonly title: string;
  /** Markdown; `###` and deeper headings inside. */
  readonly body: string;
}

export type ReadmePart = ReadmeSection | 'parameters';

export function chartReadme(
  title: string,
  intro: string,
  parts: readonly ReadmePart[],
  model: TObject,
  values: Record<string, unknown>,
): string {
  const sections = parts.map((part) =>
    part === 'parameters'
      ? `## Parameters\n\n${parametersTables(model, values)}`
      : `## ${part.title}\n\n${part.body.trim()}`,
  );
  return `# ${title}\n\n${intro.trim()}\n\n${sections.join('\n\n')}\n`;
}

/** One table per top-level group; top-level keys that are not groups come first, as common parameters. */
function parametersTables(model: TObject, values: Record<string, unknown>): string {
  const tables: string[] = [];
  const common = childrenOf(model).filter(([, node]) => !isGroup(node));
  if (common.length > 0)
    tables.push(
      table(
        'Common parameters',
        common.map(([key, node]) => row([key], node, values)),
      ),
    );
  for (const [key, node] of childrenOf(model).filter(([, child]) => isGroup(child))) {
    const rows: string[] = [];
    forEachLeaf(node, (path, leaf) => rows.push(row([key, ...path], leaf, values)));
    tables.push(table(String(node.description ?? key).replace(/\.$/, ''), rows));
  }
  return tables.join('\n\n');
}

function table(heading: string, rows: string[]): string {
  return `### ${heading}\n\n| Name | Description | Allowed | Default |\n| --- | --- | --- | --- |\n${rows.join('\n')}`;
}

function row(path: string[], leaf: TSchema, values: Record<string, unknown>): string {
  const value = path.reduce<unknown>(
    (node, key) => (node as Record<string, unknown> | undefined)?.[key],
    values,
  );
  const cells = [
    `\`${path.join('.')}\``,
    cell(String(leaf.description ?? '')),
    cell(allowedText(leaf)),
    `\`${JSON.stringify(value)}\``,
  ];
  return `| ${cells.join(' | ')} |`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
