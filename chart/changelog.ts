/**
 * CHANGELOG.md (repository root) as Artifact Hub's `artifacthub.io/changes`: the section of one
 * version, its `### Added`/`### Changed`/... headings giving each item its kind.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

export const CHANGELOG = join(__dirname, '..', 'CHANGELOG.md');

const KINDS: Record<string, string> = {
  added: 'added',
  changed: 'changed',
  deprecated: 'deprecated',
  removed: 'removed',
  fixed: 'fixed',
  security: 'security',
};

export interface Change {
  kind: string;
  description: string;
}

/** The changes listed for `version`, or undefined when the changelog has no section for it. */
export function changesOf(
  version: string,
  text = existsSync(CHANGELOG) ? readFileSync(CHANGELOG, 'utf8') : '',
): Change[] | undefined {
  const lines = text.split('\n');
  const heading = (line: string) => line.match(/^## \[?([^\]\s]+)\]?/)?.[1];
  const start = lines.findIndex((line) => heading(line) === version);
  if (start < 0) return undefined;
  const changes: Change[] = [];
  let kind: string | undefined;
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('## ')) break;
    const subheading = line.match(/^### (\w+)/);
    if (subheading) {
      kind = KINDS[subheading[1].toLowerCase()];
      if (!kind)
        throw new Error(
          `CHANGELOG.md ${version}: unknown heading "${line}" (use ${Object.keys(KINDS).join(', ')})`,
        );
      continue;
    }
    const item = line.match(/^[-*] (.+)/);
    if (item) {
      if (!kind) throw new Error(`CHANGELOG.md ${version}: "${line}" comes before any ### heading`);
      changes.push({ kind, description: item[1].trim() });
    } else if (line.match(/^\s+\S/) && changes.length)
      changes[changes.length - 1].description += ` ${line.trim()}`;
  }
  return changes;
}

/**
 * The section a release of `version` carries: its own, else for a prerelease (1.4.0-rc.1)
 * the section of the version it leads to (1.4.0). Undefined when there is neither.
 */
export function releaseChangesOf(
  version: string,
  text?: string,
): { section: string; changes: Change[] } | undefined {
  for (const section of [version, version.replace(/-.*$/, '')]) {
    const changes = changesOf(section, text);
    if (changes) return { section, changes };
  }
  return undefined;
}

/** The annotation for `version` (empty when the changelog has nothing for it). */
export function changesAnnotation(version: string): Record<string, string> {
  const changes = releaseChangesOf(version)?.changes;
  return changes?.length ? { 'artifacthub.io/changes': stringify(changes, { lineWidth: 0 }) } : {};
}
