/**
 * The accepted findings of the chart linters, read from exceptions.yaml (the one file that lists
 * them, each with its reason). A finding matches an entry by tool, check and object (`Kind/name`,
 * `*` matching any characters).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export type LintTool = 'ct' | 'kube-score' | 'checkov';

export interface LintException {
  check: string;
  /** `Kind/name` patterns; absent → every object. */
  objects?: string[];
  reason: string;
}

export interface Finding {
  tool: LintTool;
  check: string;
  /** `Kind/name` of the object. */
  object: string;
  message: string;
}

export const EXCEPTIONS_FILE = join(__dirname, 'exceptions.yaml');

export function loadExceptions(file = EXCEPTIONS_FILE): Record<LintTool, LintException[]> {
  const parsed = parse(readFileSync(file, 'utf8')) as Partial<Record<LintTool, LintException[]>>;
  const all = {
    ct: parsed.ct ?? [],
    'kube-score': parsed['kube-score'] ?? [],
    checkov: parsed.checkov ?? [],
  };
  for (const [tool, entries] of Object.entries(all))
    for (const entry of entries)
      if (!entry.check || !entry.reason?.trim())
        throw new Error(
          `${file}: every ${tool} exception needs a check and a reason: ${JSON.stringify(entry)}`,
        );
  return all;
}

const glob = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);

export function matches(entry: LintException, finding: Finding): boolean {
  if (entry.check !== finding.check) return false;
  return !entry.objects || entry.objects.some((pattern) => glob(pattern).test(finding.object));
}

/** The findings no exception covers, and the exceptions that covered something. */
export function triage(findings: Finding[], exceptions: LintException[]) {
  const used = new Set<LintException>();
  const unexpected = findings.filter((finding) => {
    const entry = exceptions.find((e) => matches(e, finding));
    if (entry) used.add(entry);
    return !entry;
  });
  return { unexpected, used };
}
