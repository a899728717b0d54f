/**
 * The linters platform teams run, on the chart for several value sets: chart-testing's `ct lint`
 * (Chart.yaml schema, yamllint, the version bump against the last release, helm lint of every
 * value set) under each supported helm, kube-score and checkov on the rendered objects. Every
 * finding must be an exception listed, with its reason, in exceptions.yaml, and every exception
 * there must still match a finding (a fixed finding takes its exception with it).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { findLastRelease, lastReleaseDir } from '../../scripts/release/last-release';
import { helmBinaries, helmTemplateText, writeFreshChart, writeValuesFile } from '../synth/support/helm';
import { Finding, LintException, loadExceptions, triage } from './exceptions';
import { checkov, goTool, kubeScore, pythonBin, runTool } from './tools';
import { LINT_VALUE_SETS, slug, valuesDocument } from './value-sets';

const exceptions = loadExceptions();
const chartDir = writeFreshChart();
const helms = helmBinaries();
const ct = goTool('chart-testing', 'ct');
const score = goTool('kube-score', 'kube-score');
const python = pythonBin();

/** Each value set rendered by the default helm into a file of its own, all in one folder. */
const renderedDir = mkdtempSync(join(tmpdir(), 'todo-lint-'));
const rendered = LINT_VALUE_SETS.map((c) => {
  const file = join(renderedDir, `${slug(c)}.yaml`);
  const args = ['-f', writeValuesFile(c.values ?? {}), ...(c.sets ?? []).flatMap((s) => ['--set', s])];
  writeFileSync(file, helmTemplateText(chartDir, args, c.release ?? 'todo-app', 'todo-app'));
  return { name: c.name, file };
});

const describeFindings = (findings: Finding[]) =>
  findings.map((f) => `${f.tool} ${f.check} on ${f.object}: ${f.message}`);

/** Lints every value set; fails on a finding with no exception and on an exception nothing needs. */
function expectOnlyExceptions(tool: 'kube-score' | 'checkov', findingsOf: (file: string) => Finding[]) {
  const listed: LintException[] = exceptions[tool];
  const used = new Set<LintException>();
  const unexpected: string[] = [];
  for (const { name, file } of rendered) {
    const result = triage(findingsOf(file), listed);
    result.used.forEach((e) => used.add(e));
    unexpected.push(...describeFindings(result.unexpected).map((line) => `[${name}] ${line}`));
  }
  expect(unexpected).toEqual([]);
  expect(
    listed.filter((e) => !used.has(e)).map((e) => `${tool} ${e.check}: no longer found; remove it`),
  ).toEqual([]);
}

/**
 * A git repository as chart-testing expects one: the last release on the target branch
 * (origin/main), the current chart committed on top, with ct's ci/*-values.yaml per value set.
 */
function chartTestingRepo(): string {
  const repo = mkdtempSync(join(tmpdir(), 'todo-ct-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: repo,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'ct',
        GIT_AUTHOR_EMAIL: 'ct@localhost',
        GIT_COMMITTER_NAME: 'ct',
        GIT_COMMITTER_EMAIL: 'ct@localhost',
      },
    });
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', repo);
  mkdirSync(join(repo, 'charts'));
  const last = findLastRelease(lastReleaseDir());
  if (last) execFileSync('tar', ['-xzf', last, '-C', join(repo, 'charts')]);
  else writeFileSync(join(repo, 'charts', '.keep'), '');
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', 'last release');
  git('update-ref', 'refs/remotes/origin/main', 'HEAD');
  const chart = join(repo, 'charts', 'todo-app');
  rmSync(chart, { recursive: true, force: true });
  cpSync(chartDir, chart, { recursive: true });
  mkdirSync(join(chart, 'ci'));
  for (const c of LINT_VALUE_SETS)
    writeFileSync(join(chart, 'ci', `${slug(c)}-values.yaml`), stringify(valuesDocument(c)));
  git('add', '-A');
  git('commit', '-q', '-m', 'current chart');
  return repo;
}

/** chart-testing's own Chart.yaml schema and yamllint rules, from its module. */
function chartTestingConfig(): { schema: string; lintconf: string } {
  const moduleDir = execFileSync('go', ['list', '-m', '-f', '{{.Dir}}', 'github.com/helm/chart-testing/v3'], {
    cwd: join(__dirname, '..', '..', 'scripts', 'go-tools', 'chart-testing'),
    encoding: 'utf8',
  }).trim();
  return {
    schema: join(moduleDir, 'etc', 'chart_schema.yaml'),
    lintconf: join(moduleDir, 'etc', 'lintconf.yaml'),
  };
}

const ctTest = ct && python ? test : test.skip;
describe.each(helms.map((h) => [h.version, h] as const))('ct lint with helm %s', (_version, binary) => {
  ctTest('passes: Chart.yaml schema, yamllint, version bump, maintainers, every value set', () => {
    const repo = chartTestingRepo();
    const { schema, lintconf } = chartTestingConfig();
    const skipped = exceptions.ct.map((e) => e.check);
    const run = runTool(
      ct!,
      [
        'lint',
        '--chart-dirs',
        'charts',
        '--target-branch',
        'main',
        '--remote',
        'origin',
        '--chart-yaml-schema',
        schema,
        '--lint-conf',
        lintconf,
        '--check-version-increment=true',
        '--validate-chart-schema=true',
        '--validate-yaml=true',
        `--validate-maintainers=${!skipped.includes('validate-maintainers')}`,
      ],
      { cwd: repo, env: { PATH: [dirname(binary.path), python!, process.env.PATH].join(delimiter) } },
    );
    const output = `${run.stdout}\n${run.stderr}`;
    expect({ status: run.status, output }).toEqual({
      status: 0,
      output: expect.stringContaining('All charts linted successfully'),
    });
    // Every value set went through helm lint.
    for (const c of LINT_VALUE_SETS) expect(output).toContain(`${slug(c)}-values.yaml`);
    expect(readdirSync(join(repo, 'charts', 'todo-app', 'ci'))).toHaveLength(LINT_VALUE_SETS.length);
  });
});

(score ? test : test.skip)('kube-score: no finding beyond the listed exceptions', () => {
  expectOnlyExceptions('kube-score', (file) => kubeScore(score!, file));
});

(python ? test : test.skip)('checkov (Kubernetes checks): no finding beyond the listed exceptions', () => {
  const findings = checkov(python!, renderedDir);
  expect(new Set(findings.map((f) => f.file)).size).toBeGreaterThan(0);
  expectOnlyExceptions('checkov', (file) => findings.filter((f) => f.file === basename(file)));
});
