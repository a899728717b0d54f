/** Charts broken on purpose, to show the upgrade guard catches them. */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A copy of the chart at `source` whose first Deployment selects one more label (`tier: broken`). */
export function chartWithBrokenSelector(source: string): string {
  const chart = join(mkdtempSync(join(tmpdir(), 'guard-broken-')), 'todo-app');
  cpSync(source, chart, { recursive: true });
  const templates = join(chart, 'templates');
  const deployment = readdirSync(templates)
    .map((file) => join(templates, file))
    .find((file) => /^kind: Deployment$/m.test(readFileSync(file, 'utf8')));
  if (!deployment) throw new Error('the chart has no Deployment template');
  const text = readFileSync(deployment, 'utf8');
  const broken = text.replace(/(\n\s*selector:\s*\n(\s*)matchLabels:\s*\n)/, '$1$2  tier: broken\n');
  if (broken === text) throw new Error(`no selector.matchLabels in ${deployment}`);
  writeFileSync(deployment, broken);
  return chart;
}
