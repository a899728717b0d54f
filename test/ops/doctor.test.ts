/**
 * `npm run doctor` on realistic kubectl JSON: one fixture per failure mode plus a
 * healthy one, each for two releases (todo-app in todo-app; shop in shop-prod with
 * Secret shop-credentials), so every fix must name what the state names.
 * Diagnoses run in-process; the command line (exit codes, arguments, reading a
 * cluster through fake kubectl) runs as a process.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnose } from '../../scripts/doctor/diagnose';
import { Finding } from '../../scripts/doctor/model';
import { textReport } from '../../scripts/doctor/report';
import { stateFromFile } from '../../scripts/doctor/state';
import { REPO_ROOT } from '../../scripts/lib/paths';
import { FakeClis, Scenario } from './fake-cli';
import { fixtureFiles, Release, RELEASES } from './fixtures/build-fixtures';

const TSX = join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const fixture = (name: string, dir = '.') => join(__dirname, 'fixtures', dir, `${name}.json`);

function doctor(args: string[], env: NodeJS.ProcessEnv = { ...process.env, PATH: '/nonexistent' }) {
  const run = spawnSync(process.execPath, [TSX, join(REPO_ROOT, 'scripts', 'doctor', 'main.ts'), ...args], {
    encoding: 'utf8',
    env,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function diagnoseFixture(name: string, dir = '.') {
  const state = stateFromFile(fixture(name, dir), 'todo-app');
  return { state, findings: diagnose(state) };
}

/** [fixture, finding id, title, fix] for a release; the fix names that release's objects. */
const CASES = (r: Release): [string, string, RegExp, RegExp][] => [
  [
    'image-pull-always',
    'image-pull',
    /todo-backend:latest \(ImagePullBackOff\)/,
    new RegExp(
      `npm run helm -- upgrade ${r.release} \\./dist/helm/todo-app -n ${r.namespace} --reuse-values ` +
        '--set backend\\.image\\.pullPolicy=IfNotPresent[\\s\\S]*minikube image load todo-backend:latest',
    ),
  ],
  [
    'image-never-pulled',
    'image-pull',
    /ErrImageNeverPull/,
    /podman tag todo-frontend:latest docker\.io\/library\/todo-frontend:latest && podman save docker\.io\/library\/todo-frontend:latest \| minikube image load -/,
  ],
  [
    'private-registry',
    'image-pull-credentials',
    /ghcr\.io\/acme\/todo-backend:1\.4\.0: ghcr\.io wants credentials and the pod has none/,
    new RegExp(
      `kubectl create secret docker-registry regcred -n ${r.namespace} --docker-server=ghcr\\.io [\\s\\S]*` +
        `npm run helm -- upgrade ${r.release} .* -n ${r.namespace} --reuse-values ` +
        "--set 'imagePullSecrets\\[0\\]\\.name=regcred'",
    ),
  ],
  [
    'private-registry-secret-refused',
    'image-pull-credentials',
    /registry\.example\.com:5000 refuses the credentials in Secret team-registry/,
    new RegExp(
      `kubectl delete secret team-registry -n ${r.namespace} && kubectl create secret docker-registry team-registry ` +
        `-n ${r.namespace} --docker-server=registry\\.example\\.com:5000 `,
    ),
  ],
  [
    'crashloop-oom',
    'oom-killed',
    /out of memory \(limit 512Mi\)/,
    new RegExp(`upgrade ${r.release} .* -n ${r.namespace} .*--set backend\\.resources\\.limits\\.memory=1Gi`),
  ],
  [
    'crashloop-config',
    'jwt-secret-missing',
    new RegExp(`backend exits at start: JWT_SECRET in Secret ${r.secret} is empty`),
    new RegExp(
      `kubectl patch secret ${r.secret} -n ${r.namespace} .*JWT_SECRET.*openssl rand -hex 32.*` +
        `&& kubectl rollout restart deployment/${r.fullname}-backend -n ${r.namespace}`,
    ),
  ],
  [
    'jwt-secret-too-short',
    'jwt-secret-too-short',
    new RegExp(`JWT_SECRET in Secret ${r.secret} is shorter than 16 characters`),
    new RegExp(
      `kubectl patch secret ${r.secret} -n ${r.namespace} .*JWT_SECRET.*openssl rand -hex 32.*` +
        `&& kubectl rollout restart deployment/${r.fullname}-backend -n ${r.namespace}`,
    ),
  ],
  [
    'database-not-found',
    'database-unreachable',
    /the database host db\.exmaple\.com in DATABASE_URL does not resolve in the cluster/,
    new RegExp(
      `kubectl patch secret ${r.secret} -n ${r.namespace} .*DATABASE_URL.*postgresql://USER:PASSWORD@HOST.*` +
        `&& kubectl rollout restart deployment/${r.fullname}-backend -n ${r.namespace}`,
    ),
  ],
  [
    'database-refused-unready',
    'database-unreachable',
    /the database at 10\.96\.201\.7:5432 refuses connections \(ECONNREFUSED\)/,
    new RegExp(`kubectl patch secret ${r.secret} -n ${r.namespace} .*DATABASE_URL`),
  ],
  [
    'database-refused-crashloop',
    'database-unreachable',
    /DATABASE_URL points at 127\.0\.0\.1:5432, which inside a pod is the pod itself/,
    new RegExp(`kubectl patch secret ${r.secret} -n ${r.namespace} .*@host\\.minikube\\.internal:5432`),
  ],
  [
    'database-auth-failed',
    'database-auth-failed',
    /PostgreSQL at ep-cool-sky-123456\.eu-central-1\.aws\.neon\.tech rejects the password for user todo/,
    new RegExp(`kubectl patch secret ${r.secret} -n ${r.namespace} .*postgresql://todo:PASSWORD@`),
  ],
  [
    'pending-insufficient-cpu',
    'unschedulable',
    /cannot be scheduled/,
    new RegExp(
      `upgrade ${r.release} .* -n ${r.namespace} .*--set frontend\\.resources\\.requests\\.cpu=50m[\\s\\S]*` +
        'minikube delete && minikube start --cpus 4 --memory 8192',
    ),
  ],
  ['pending-taint', 'unschedulable', /cannot be scheduled/, /Taints/],
  [
    'missing-secret',
    'container-config',
    new RegExp(`the Secret ${r.secret} does not exist`),
    new RegExp(
      `kubectl create secret generic ${r.secret} -n ${r.namespace} --from-literal=COHERE_API_KEY='' ` +
        `--from-literal=DATABASE_URL='' --from-literal=JWT_SECRET="\\$\\(openssl rand -hex 32\\)"`,
    ),
  ],
  [
    'missing-secret-key',
    'container-config',
    new RegExp(`the Secret ${r.secret} has no key JWT_SECRET`),
    new RegExp(`kubectl patch secret ${r.secret} -n ${r.namespace} .*JWT_SECRET`),
  ],
  [
    'readiness-503',
    'readiness',
    /cannot reach its database/,
    new RegExp(`get secret ${r.secret} -n ${r.namespace}`),
  ],
  [
    'ingress-no-address',
    'ingress-no-address',
    new RegExp(`ingress ${r.fullname} has no address`),
    new RegExp(
      'minikube addons enable ingress[\\s\\S]*' +
        `kubectl port-forward -n ${r.namespace} svc/${r.fullname}-frontend 3000:3000`,
    ),
  ],
];

/** Names of the other release, which a fix for this one must never mention. */
function foreignNames(r: Release): RegExp {
  const other = Object.values(RELEASES).find((o) => o.release !== r.release)!;
  return new RegExp(
    [
      ` -n ${other.namespace}\\b`,
      `secret (generic |docker-registry )?${other.secret}\\b`,
      `svc/${other.fullname}-`,
      `deployment/${other.fullname}-`,
      `upgrade ${other.release} `,
    ].join('|'),
  );
}

describe.each(Object.entries(RELEASES))('fixtures in %s', (dir, release) => {
  test(`healthy: no findings, a one-line report naming namespace ${release.namespace}`, () => {
    const { state, findings } = diagnoseFixture('healthy', dir);
    expect(findings).toEqual([]);
    expect(textReport(state, findings)).toBe(
      `healthy: 2/2 pods ready in namespace ${release.namespace}, no problems found.\n`,
    );
  });

  test('an unusable DATABASE_URL: the embedded database is offered on the claim the pod mounts, or with one', () => {
    const fixes = diagnoseFixture('database-not-found', dir).findings[0].fix;
    expect(fixes[2]).toMatch(
      new RegExp(
        `DATABASE_URL.*# or use the embedded database: its data stays on the claim ${release.fullname}-backend$`,
      ),
    );
    const { state } = diagnoseFixture('database-not-found', dir);
    for (const pod of state.objects.filter((o) => o.kind === 'Pod'))
      delete (pod as { spec?: { volumes?: unknown } }).spec!.volumes;
    const withoutClaim = diagnose(state)[0].fix;
    expect(withoutClaim[2]).toMatch(
      new RegExp(
        `^npm run helm -- upgrade ${release.release} .* --reuse-values --set database\\.external=false ` +
          '.*PersistentVolumeClaim',
      ),
    );
    expect([...fixes, ...withoutClaim].join('\n')).not.toMatch(/lives and dies/);
  });

  test('pods with only the plain app=backend|frontend labels (plain manifests, older installs) are the app', () => {
    const { state, findings } = diagnoseFixture('plain-labels-healthy', dir);
    expect(findings).toEqual([]);
    expect(textReport(state, findings)).toBe(
      `healthy: 2/2 pods ready in namespace ${release.namespace}, no problems found.\n`,
    );
    const labelled = diagnoseFixture('crashloop-config', dir).findings;
    const plain = diagnoseFixture('plain-labels-crashloop-config', dir).findings;
    expect(plain.map((f) => f.id)).toEqual(labelled.map((f) => f.id));
    expect(plain[0]).toMatchObject({ id: 'jwt-secret-missing', title: labelled[0].title });
    expect(plain[0].fix).toEqual(
      labelled[0].fix.map((line) => line.replace(`upgrade ${release.release} `, 'upgrade <release> ')),
    );
  });

  describe.each(CASES(release))('%s', (name, id, title, fix) => {
    let findings: Finding[];
    beforeAll(() => ({ findings } = diagnoseFixture(name, dir)));

    test('is found first, with evidence and the fix for this release', () => {
      const first = findings[0];
      expect(first.id).toBe(id);
      expect(first.title).toMatch(title);
      expect(first.evidence.length).toBeGreaterThan(0);
      expect(first.fix.join('\n')).toMatch(fix);
    });

    test('no fix names another release, namespace or Secret; findings are worst first', () => {
      expect(findings.flatMap((f) => f.fix).join('\n')).not.toMatch(foreignNames(release));
      const severities = findings.map((f) => f.severity);
      expect(severities).toEqual([...severities].sort());
    });
  });
});

test('the committed fixtures are what build-fixtures.ts writes', () => {
  for (const [path, content] of Object.entries(fixtureFiles()))
    expect(readFileSync(join(__dirname, 'fixtures', path), 'utf8')).toBe(content);
});

test('log lines shown as evidence never show a database password', () => {
  const { findings } = diagnoseFixture('crashloop-oom');
  const state = stateFromFile(fixture('crashloop-oom'), 'todo-app');
  state.logs['todo-app-backend-7d9c8b6f5-x2k4p/backend'] =
    'connecting to postgresql://todo:hunter2-s3cret@db.example.com/todo\n';
  const text = textReport(state, diagnose(state));
  expect(findings[0].id).toBe('oom-killed');
  expect(text).toContain('postgresql://todo:***@db.example.com/todo');
  expect(text).not.toContain('hunter2');
});

describe('the command line', () => {
  test('healthy: exit 0 and the one-line report; --json says healthy', () => {
    const text = doctor(['--from', fixture('healthy')]);
    expect(text).toMatchObject({ status: 0, stderr: '' });
    expect(text.stdout).toBe('healthy: 2/2 pods ready in namespace todo-app, no problems found.\n');
    const json = doctor(['--from', fixture('healthy'), '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ healthy: true, findings: [] });
  });

  test('problems: exit 1, the text report lists them worst first', () => {
    const text = doctor(['--from', fixture('missing-secret', 'release-shop')]);
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(
      /^2 problem\(s\) found \(1\/2 pods ready in namespace shop-prod\), worst first:/,
    );
    expect(text.stdout).toMatch(/1\. \[CRITICAL\] the Secret shop-credentials does not exist/);
    expect(text.stdout).toMatch(/2\. \[WARNING\] service shop-todo-app-backend has no ready endpoints/);
  });

  test.each([
    ['empty-namespace', /no pod of the app in namespace todo-app/, /no pods at all/],
    ['saved-without-namespace', /no pod of the app in namespace default/, /1 pod\(s\) here \(debug-shell\)/],
  ])(
    '%s is never healthy: exit 1, says no pod of the app was found, suggests helm list -A',
    (name, title, evidence) => {
      const text = doctor(['--from', fixture(name)]);
      expect(text.status).toBe(1);
      expect(text.stdout).not.toMatch(/healthy/);
      expect(text.stdout).toMatch(title);
      expect(text.stdout).toMatch(evidence);
      expect(text.stdout).toContain('npm run helm -- list -A');
      const json = JSON.parse(doctor(['--from', fixture(name), '--json']).stdout);
      expect(json).toMatchObject({ healthy: false, findings: [{ id: 'no-pods', severity: 'critical' }] });
    },
  );

  test('a crash loop without saved logs says they are unavailable', () => {
    const state = stateFromFile(fixture('crashloop-oom'), 'todo-app');
    state.logs = {};
    expect(textReport(state, diagnose(state))).toMatch(/last log lines: unavailable/);
  });

  test('unreadable input and bad arguments: exit code 2 with a message', () => {
    expect(doctor(['--from', '/nonexistent.json'])).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/doctor: cannot read \/nonexistent\.json/),
    });
    expect(doctor(['--bogus'])).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/doctor: unknown argument "--bogus"[\s\S]*usage: npm run doctor/),
    });
    expect(doctor(['-n'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/-n needs a value/) });
    expect(doctor(['--help'])).toMatchObject({ status: 0, stdout: expect.stringMatching(/--from FILE/) });
  });
});

describe('reading a cluster (fake kubectl)', () => {
  function doctorWith(scenario: Scenario, args: string[] = []) {
    const fakes = new FakeClis(['kubectl']);
    return { ...doctor(args, fakes.env(scenario)), calls: fakes.calls() };
  }

  test('no reachable cluster: one line naming the context and what to do, exit 2', () => {
    const result = doctorWith({ CLUSTER_DOWN: true });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      'doctor: cannot reach the cluster of kube context minikube ' +
        '(The connection to the server 192.168.49.2:8443 was refused): start it (minikube start) ' +
        'or pick another context (kubectl config get-contexts, then --context NAME)',
    ]);
  });

  test('no kube context selected: one line, exit 2', () => {
    const result = doctorWith({ NO_CONTEXT: true });
    expect(result.status).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /no kube context is selected: start a cluster \(minikube start\) or pick one/,
    );
  });

  test('a context that does not exist: one line, exit 2', () => {
    const result = doctorWith({}, ['--context', 'no-such-context']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'doctor: kube context no-such-context does not exist: pick one of kubectl config get-contexts\n',
    );
  });

  test('no kubectl anywhere: one line saying how to get it, exit 2', () => {
    const result = doctor([], { PATH: '/nonexistent', TODO_APP_TOOLS_BIN: '/nonexistent' });
    expect(result.status).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /doctor: kubectl is neither in \/nonexistent nor on PATH; .*kubernetes\.io/,
    );
  });

  test('a running but unready backend: its current log is read and names the cause', () => {
    const result = doctorWith({ STATE: fixture('database-not-found', 'release-shop') }, ['-n', 'shop-prod']);
    expect(result.status).toBe(1);
    expect(result.calls.map((c) => c.argv.join(' '))).toContain(
      '--context minikube logs shop-todo-app-backend-7d9c8b6f5-x2k4p -c backend -n shop-prod --tail=20',
    );
    expect(result.stdout).toMatch(/the database host db\.exmaple\.com in DATABASE_URL does not resolve/);
  });

  test('a crash-looping backend: the log of its previous run is read and names the cause', () => {
    const result = doctorWith({ STATE: fixture('jwt-secret-too-short') }, ['--context', 'kind-dev']);
    expect(result.status).toBe(1);
    expect(result.calls.map((c) => c.argv.join(' '))).toContain(
      '--context kind-dev logs todo-app-backend-7d9c8b6f5-x2k4p -c backend -n todo-app --tail=20 --previous',
    );
    expect(result.calls.every((c) => c.argv.slice(0, 2).join(' ') === '--context kind-dev')).toBe(true);
    expect(result.stdout).toMatch(/JWT_SECRET in Secret app-secrets is shorter than 16 characters/);
  });

  test('a mistyped namespace: no pod of the app, the namespace does not exist, exit 1', () => {
    const result = doctorWith({ NO_NAMESPACE: true }, ['-n', 'todo-ap']);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/no pod of the app in namespace todo-ap \(kube context minikube\)/);
    expect(result.stdout).toMatch(/evidence: namespace todo-ap does not exist/);
    expect(result.stdout).toContain('npm run helm -- list -A');
  });
});
