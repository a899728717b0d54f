/** `npm run doctor` on realistic kubectl JSON: one fixture per failure mode plus a healthy one. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const fixture = (name: string) => join(__dirname, 'fixtures', `${name}.json`);

function doctor(args: string[]) {
  const run = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(ROOT, 'scripts', 'doctor', 'main.ts'),
      ...args,
    ],
    { encoding: 'utf8', env: { ...process.env, PATH: '/nonexistent' } },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function findings(name: string) {
  const result = doctor(['--from', fixture(name), '--json']);
  return { status: result.status, report: JSON.parse(result.stdout) };
}

test('healthy: exit 0, no findings, a one-line report', () => {
  const text = doctor(['--from', fixture('healthy')]);
  expect(text.status).toBe(0);
  expect(text.stdout).toBe('healthy: 2/2 pods ready in namespace todo-app, no problems found.\n');
  expect(findings('healthy').report).toMatchObject({ healthy: true, findings: [] });
});

const CASES: [string, string, RegExp, RegExp][] = [
  [
    'image-pull-always',
    'image-pull',
    /todo-backend:latest \(ImagePullBackOff\)/,
    /--set backend\.image\.pullPolicy=IfNotPresent[\s\S]*minikube image load todo-backend:latest/,
  ],
  ['image-never-pulled', 'image-pull', /ErrImageNeverPull/, /minikube image load todo-frontend:latest/],
  [
    'crashloop-oom',
    'oom-killed',
    /out of memory \(limit 512Mi\)/,
    /--set backend\.resources\.limits\.memory=1Gi/,
  ],
  [
    'crashloop-config',
    'crash-loop',
    /keeps crashing \(exit code 1\)/,
    /kubectl create secret generic app-secrets[\s\S]*kubectl logs .* --previous/,
  ],
  [
    'pending-insufficient-cpu',
    'unschedulable',
    /cannot be scheduled/,
    /minikube start --cpus 4 --memory 8192[\s\S]*frontend\.resources\.requests\.cpu/,
  ],
  ['pending-taint', 'unschedulable', /cannot be scheduled/, /Taints/],
  [
    'missing-secret',
    'container-config',
    /the Secret app-secrets does not exist/,
    /kubectl create secret generic app-secrets -n todo-app --from-literal=JWT_SECRET=.*--from-literal=DATABASE_URL=.*--from-literal=COHERE_API_KEY=/,
  ],
  [
    'missing-secret-key',
    'container-config',
    /has no key JWT_SECRET/,
    /kubectl patch secret app-secrets -n todo-app .*JWT_SECRET/,
  ],
  ['readiness-503', 'readiness', /cannot reach its database/, /DATABASE_URL/],
  [
    'ingress-no-address',
    'ingress-no-address',
    /ingress todo-app has no address/,
    /minikube addons enable ingress/,
  ],
];

describe.each(CASES)('%s', (name, id, title, fix) => {
  test('is found first, with evidence and the fixing command; exit code 1', () => {
    const { status, report } = findings(name);
    expect(status).toBe(1);
    expect(report.healthy).toBe(false);
    const first = report.findings[0];
    expect(first.id).toBe(id);
    expect(first.title).toMatch(title);
    expect(first.evidence.length).toBeGreaterThan(0);
    expect(first.fix.join('\n')).toMatch(fix);
  });

  test('the text report lists the worst first', () => {
    const text = doctor(['--from', fixture(name)]);
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/problem\(s\) found/);
    const severities = [...text.stdout.matchAll(/^\d+\. \[(CRITICAL|WARNING)\]/gm)].map((m) => m[1]);
    expect(severities).toEqual([...severities].sort());
    expect(text.stdout).toMatch(title);
  });
});

test('a crash loop without saved logs says they are unavailable', () => {
  const state = JSON.parse(require('node:fs').readFileSync(fixture('crashloop-oom'), 'utf8'));
  delete state.logs;
  const file = join(require('node:os').tmpdir(), `doctor-nologs-${process.pid}.json`);
  require('node:fs').writeFileSync(file, JSON.stringify(state));
  expect(doctor(['--from', file]).stdout).toMatch(/last log lines: unavailable/);
});

test('unreadable input and bad arguments: exit code 2 with a message', () => {
  expect(doctor(['--from', '/nonexistent.json'])).toMatchObject({
    status: 2,
    stderr: expect.stringMatching(/doctor: cannot read \/nonexistent\.json/),
  });
  expect(doctor(['--bogus'])).toMatchObject({
    status: 2,
    stderr: expect.stringMatching(/unknown argument "--bogus"/),
  });
  const noKubectl = doctor([]);
  expect(noKubectl.status).toBe(2);
  expect(noKubectl.stderr).toMatch(/kubectl could not read namespace todo-app/);
});
