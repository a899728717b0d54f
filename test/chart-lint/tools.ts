/** Running the linters: each built or installed by the project's own files, or a SKIP line saying why not. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { GO_TOOLS } from '../../scripts/go-tools/catalog';
import { ensureGoTool, hasGo } from '../../scripts/lib/go-tools';
import { ensurePythonTools, hasPython } from '../../scripts/lib/python-tools';
import { Finding } from './exceptions';

export const goTool = (name: 'chart-testing' | 'kube-score', binary: string): string | undefined => {
  if (!hasGo()) {
    console.warn(`SKIP: Go is not installed, so ${name} is not built; its chart-lint tests are skipped.`);
    return undefined;
  }
  return join(ensureGoTool(GO_TOOLS[name]), binary);
};

/** The bin folder of the PyPI tools (yamllint, yamale, checkov), or undefined after a SKIP line. */
export const pythonBin = (): string | undefined => {
  if (!hasPython()) {
    console.warn('SKIP: python3 with venv is not installed; the ct lint and checkov tests are skipped.');
    return undefined;
  }
  return ensurePythonTools();
};

export interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

export function runTool(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Run {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    ...options,
    env: { ...process.env, ...options.env },
  });
  return {
    status: result.status ?? -1,
    stdout: result.stdout,
    stderr: result.stderr || String(result.error ?? ''),
  };
}

interface KubeScoreObject {
  object_meta: { name: string };
  type_meta: { kind: string };
  checks: {
    check: { id: string; name: string };
    grade: number;
    skipped: boolean;
    comments: { summary: string; path?: string }[] | null;
  }[];
}

/** kube-score's findings (grade below OK, not skipped) in rendered manifests. */
export function kubeScore(binary: string, manifests: string): Finding[] {
  const run = runTool(binary, ['score', '--output-format', 'json', manifests]);
  // kube-score exits 1 when it finds something; the JSON is there either way.
  if (!run.stdout.trim().startsWith('[')) throw new Error(`kube-score failed (${run.status}): ${run.stderr}`);
  return (JSON.parse(run.stdout) as KubeScoreObject[]).flatMap((object) =>
    object.checks
      .filter((c) => !c.skipped && c.grade < 10)
      .map((c) => ({
        tool: 'kube-score' as const,
        check: c.check.id,
        object: `${object.type_meta.kind}/${object.object_meta.name}`,
        message: (c.comments ?? []).map((comment) => comment.summary).join('; ') || c.check.name,
      })),
  );
}

interface CheckovReport {
  results?: {
    failed_checks: { check_id: string; check_name: string; resource: string; file_path: string }[];
  };
}

/**
 * checkov's failed Kubernetes checks in every manifest file of `dir`, in one run (its start-up
 * takes the longest); a finding's `file` is the file's name.
 */
export function checkov(bin: string, dir: string): (Finding & { file: string })[] {
  const run = runTool(
    join(bin, 'checkov'),
    [
      '--framework',
      'kubernetes',
      '--directory',
      dir,
      '--output',
      'json',
      '--quiet',
      '--compact',
      '--skip-download',
    ],
    // No platform: nothing is sent anywhere, no mapping is fetched.
    { env: { BC_SKIP_MAPPING: 'TRUE', LOG_LEVEL: 'ERROR' } },
  );
  const text = run.stdout.trim();
  if (!text.startsWith('{') && !text.startsWith('['))
    throw new Error(`checkov failed (${run.status}): ${run.stderr.slice(-2000)}`);
  const parsed = JSON.parse(text) as CheckovReport | CheckovReport[];
  const reports = Array.isArray(parsed) ? parsed : [parsed];
  return reports.flatMap((r) =>
    (r.results?.failed_checks ?? []).map((c) => {
      // Resource ids are Kind.namespace.name.
      const [kind, , ...name] = c.resource.split('.');
      return {
        tool: 'checkov' as const,
        check: c.check_id,
        object: `${kind}/${name.join('.')}`,
        message: c.check_name,
        file: c.file_path.split('/').pop()!,
      };
    }),
  );
}
