/**
 * `npm run deploy`, run against fake kubectl/helm/minikube/podman that record
 * their calls: these tests check our orchestration (order, arguments, stdin,
 * messages), not a real cluster.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClis, Scenario } from './fake-cli';

const ROOT = join(__dirname, '..', '..');

function deploy(args: string[], scenario: Scenario = {}, extraEnv: Record<string, string> = {}) {
  const fakes = new FakeClis();
  const run = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(ROOT, 'scripts', 'deploy', 'main.ts'),
      ...args,
    ],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...fakes.env(scenario), ...extraEnv },
    },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, calls: fakes.calls(), fakes };
}

const summary = (calls: { tool: string; argv: string[] }[]) =>
  calls.map((c) => `${c.tool} ${c.argv.filter((a) => !a.startsWith('/')).join(' ')}`);

test('orchestration with fake CLIs: --dry-run prints every step and runs nothing', () => {
  const result = deploy(['--dry-run']);
  expect(result.status).toBe(0);
  expect(result.calls).toEqual([]);
  for (const step of ['1. Preflight', '2. Namespace', '3. Images', '4. Secret app-secrets', '5. Helm'])
    expect(result.stdout).toContain(step);
  expect(result.stdout).toContain(
    'helm upgrade --install todo-app ./dist/helm/todo-app -n todo-app --wait --timeout 5m',
  );
});

test('orchestration with fake CLIs: a full deploy runs the steps in order and ends with the URL and hosts line', () => {
  const result = deploy([]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(summary(result.calls)).toEqual([
    'kubectl config current-context',
    'kubectl version --request-timeout=10s -o json',
    'kubectl get ingressclass nginx -o name',
    'kubectl get namespace todo-app -o name',
    'podman --cgroup-manager cgroupfs build -f docker/backend/Dockerfile -t todo-backend:latest --ignorefile docker/backend/Dockerfile.dockerignore --format docker --isolation chroot .',
    'podman --cgroup-manager cgroupfs build -f docker/frontend/Dockerfile -t todo-frontend:latest --ignorefile docker/frontend/Dockerfile.dockerignore --format docker --isolation chroot .',
    'minikube image load todo-backend:latest',
    'minikube image load todo-frontend:latest',
    'kubectl get secret app-secrets -n todo-app -o name',
    'helm upgrade --install todo-app -n todo-app --wait --timeout 5m',
    'minikube ip',
  ]);
  expect(result.calls.find((c) => c.tool === 'helm')!.argv[3]).toBe(join(ROOT, 'dist', 'helm', 'todo-app'));
  // Plain lines in CI: one per step, with timings.
  expect(result.stdout.match(/^✔ .*\(\d+\.\d+s\)$/gm)).toHaveLength(5);
  expect(result.stdout).toContain('192.168.49.2 todo-app.local');
  expect(result.stdout).toContain('http://todo-app.local/');
  expect(result.stdout).toContain('kubectl port-forward -n todo-app svc/todo-app-frontend 3000:3000');
});

test('orchestration with fake CLIs: --create-secret sends the values through stdin only, never in argv, output or files', () => {
  const secrets = {
    COHERE_API_KEY: 'co-live-1234567890abcdef',
    DATABASE_URL: 'postgresql://todo:s3cret-pass@db.example.com/todo?sslmode=require',
  };
  const result = deploy(['--create-secret', '--skip-build'], { NO_SECRET: true }, secrets);
  expect(result.status).toBe(0);
  const apply = result.calls.find((c) => c.tool === 'kubectl' && c.argv.includes('apply'))!;
  expect(apply.argv).toEqual(['apply', '-n', 'todo-app', '-f', '-']);
  const manifest = JSON.parse(apply.stdin);
  expect(manifest).toMatchObject({
    kind: 'Secret',
    metadata: { name: 'app-secrets', namespace: 'todo-app' },
  });
  const decoded = Object.fromEntries(
    Object.entries(manifest.data as Record<string, string>).map(([k, v]) => [
      k,
      Buffer.from(v, 'base64').toString(),
    ]),
  );
  expect(decoded.COHERE_API_KEY).toBe(secrets.COHERE_API_KEY);
  expect(decoded.DATABASE_URL).toBe(secrets.DATABASE_URL);
  expect(decoded.JWT_SECRET).toMatch(/^[0-9a-f]{64}$/);
  expect(result.stdout).toContain('created (JWT_SECRET generated)');

  const everythingVisible = [
    result.stdout,
    result.stderr,
    ...result.calls.filter((c) => c !== apply).map((c) => `${c.argv.join(' ')} ${c.stdin}`),
    apply.argv.join(' '),
  ].join('\n');
  for (const value of [...Object.values(secrets), decoded.JWT_SECRET])
    expect(everythingVisible).not.toContain(value);
  // Nothing was written to disk by deploy: the fake tool directory holds only the fakes and their log.
  expect(readdirSync(result.fakes.dir).sort()).toEqual([
    'calls.log',
    'helm',
    'kubectl',
    'minikube',
    'podman',
  ]);
});

test('orchestration with fake CLIs: --env-file supplies the values (comments, quotes and export allowed)', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'deploy-env-')), 'secrets.env');
  writeFileSync(
    file,
    '# credentials\nexport JWT_SECRET="jwt-from-file-0123456789"\nDATABASE_URL=\nCOHERE_API_KEY=\'co-file\'\n',
  );
  const result = deploy(['--env-file', file, '--skip-build'], { NO_SECRET: true });
  expect(result.status).toBe(0);
  const manifest = JSON.parse(result.calls.find((c) => c.argv.includes('apply'))!.stdin);
  expect(Buffer.from(manifest.data.JWT_SECRET, 'base64').toString()).toBe('jwt-from-file-0123456789');
  expect(Buffer.from(manifest.data.COHERE_API_KEY, 'base64').toString()).toBe('co-file');
  expect(result.stdout).toContain('created (DATABASE_URL empty)');
  expect(result.stdout).not.toContain('jwt-from-file');
  expect(readFileSync(file, 'utf8')).toContain('jwt-from-file'); // the user's file is left as it was
});

test.each([
  [
    'an unreachable cluster',
    { CLUSTER_DOWN: true },
    'Preflight',
    /cluster minikube is not reachable: The connection to the server .* was refused/,
    /fix: minikube start --cpus 4 --memory 8192/,
  ],
  [
    'a missing Secret without --create-secret',
    { NO_SECRET: true },
    'Secret app-secrets',
    /Secret app-secrets does not exist in todo-app/,
    /fix: rerun with --create-secret/,
  ],
  ['a failed image build', { BUILD_FAILS: true }, 'Images', /image build failed/, /fix: npm run images/],
  [
    'helm timing out',
    { HELM_FAILS: true },
    'Helm',
    /helm upgrade --install todo-app failed: Error: UPGRADE FAILED: context deadline exceeded/,
    /fix: npm run doctor -- -n todo-app/,
  ],
])(
  'orchestration with fake CLIs: %s fails at its step with the fix',
  (_what, scenario, step, message, fix) => {
    const result = deploy([], scenario as Scenario);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`✖ ${step}.* failed`));
    expect(result.stdout).toMatch(message);
    expect(result.stdout).toMatch(fix);
    expect(result.calls.some((c) => c.tool === 'helm') && step !== 'Helm').toBe(false);
  },
);

test('orchestration with fake CLIs: --create-secret never overwrites an existing Secret', () => {
  const result = deploy(
    ['--create-secret', '--skip-build'],
    {},
    { JWT_SECRET: 'a-new-secret-that-would-sign-everyone-out' },
  );
  expect(result.status).toBe(0);
  expect(result.calls.some((c) => c.argv.includes('apply'))).toBe(false);
  expect(result.stdout).toContain('exists, left unchanged');
});

test('orchestration with fake CLIs: no ingress controller is a warning, and the deploy goes on', () => {
  const result = deploy(['--skip-build'], { NO_INGRESS: true });
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/! Preflight.*no nginx IngressClass.*minikube addons enable ingress/);
  expect(result.calls.some((c) => c.tool === 'helm')).toBe(true);
});

test('orchestration with fake CLIs: a missing namespace is created; --set and --context reach helm', () => {
  const result = deploy(
    ['--skip-build', '--context', 'kind-dev', '--set', 'backend.replicaCount=2', '-n', 'todo-staging'],
    { NO_NAMESPACE: true },
  );
  expect(result.status).toBe(0);
  expect(summary(result.calls)).toContain('kubectl --context kind-dev create namespace todo-staging');
  const helm = result.calls.find((c) => c.tool === 'helm')!;
  expect(helm.argv).toEqual(
    expect.arrayContaining([
      '--kube-context',
      'kind-dev',
      '--set',
      'backend.replicaCount=2',
      '-n',
      'todo-staging',
    ]),
  );
  expect(result.calls.some((c) => c.tool === 'minikube')).toBe(false);
});

test('bad arguments exit 2 with the usage', () => {
  const result = deploy(['--timeout', 'forever']);
  expect(result.status).toBe(2);
  expect(result.stderr).toMatch(/--timeout "forever": use a duration such as 5m/);
  expect(result.calls).toEqual([]);
});
