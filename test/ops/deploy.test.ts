/**
 * `npm run deploy`, run against fake kubectl/helm/minikube/podman that record
 * their calls: these tests check our orchestration (order, arguments, stdin,
 * messages), not a real cluster. `helm template` runs the real helm, so the
 * names deploy uses come from the chart itself.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JWT_SECRET_MIN_LENGTH } from '../../apps/backend/src/config';
import { version } from '../../package.json';
import { REPO_ROOT } from '../../scripts/lib/paths';
import { toolOrSkip } from '../../scripts/lib/tools';
import { Call, FakeClis, Scenario } from './fake-cli';

const TSX = join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

function deploy(args: string[], scenario: Scenario = {}, extraEnv: Record<string, string> = {}) {
  const fakes = new FakeClis();
  const run = spawnSync(process.execPath, [TSX, join(REPO_ROOT, 'scripts', 'deploy', 'main.ts'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...fakes.env(scenario), ...extraEnv },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, calls: fakes.calls(), fakes };
}

/** Each call as a command line, without absolute paths (the chart directory, the fakes). */
const summary = (calls: Call[]) =>
  calls.map((c) => `${c.tool} ${c.argv.filter((a) => !a.startsWith('/')).join(' ')}`);

// Everything but argument errors renders the chart with the real helm.
const withHelm = toolOrSkip('helm', 'the deploy orchestration tests (they render the chart)')
  ? test
  : test.skip;

withHelm('--dry-run renders the chart, prints every step, and touches no cluster', () => {
  const result = deploy(['--dry-run']);
  expect(result.status).toBe(0);
  expect(summary(result.calls)).toEqual(['helm template todo-app -n todo-app']);
  for (const step of [
    '1. Chart',
    '2. Preflight',
    '3. Namespace',
    '4. Images',
    '5. Secret app-secrets',
    '6. Helm',
  ])
    expect(result.stdout).toContain(step);
  expect(result.stdout).toContain(
    'helm upgrade --install todo-app ./dist/helm/todo-app -n todo-app --wait --timeout 5m',
  );
  expect(result.stdout).toContain(
    `podman save docker.io/library/todo-backend:${version} | minikube image load -`,
  );
});

withHelm('a full deploy runs the steps in order and ends with the URL and hosts line', () => {
  const result = deploy([]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(summary(result.calls)).toEqual([
    'helm template todo-app -n todo-app',
    'kubectl config current-context',
    'kubectl version --request-timeout=10s -o json',
    'kubectl get ingressclass nginx -o name',
    'kubectl get namespace todo-app -o name',
    ...['backend', 'frontend'].map(
      (c) =>
        `podman --cgroup-manager cgroupfs build -f docker/${c}/Dockerfile -t todo-${c}:${version} ` +
        `--ignorefile docker/${c}/Dockerfile.dockerignore --format docker --isolation chroot .`,
    ),
    `podman tag todo-backend:${version} docker.io/library/todo-backend:${version}`,
    `podman save docker.io/library/todo-backend:${version}`,
    'minikube image load -',
    `podman tag todo-frontend:${version} docker.io/library/todo-frontend:${version}`,
    `podman save docker.io/library/todo-frontend:${version}`,
    'minikube image load -',
    'kubectl get secret app-secrets -n todo-app -o json',
    'helm upgrade --install todo-app -n todo-app --wait --timeout 5m',
    'minikube ip',
  ]);
  const helm = result.calls.filter((c) => c.tool === 'helm');
  expect(helm.map((c) => c.argv[c.argv.indexOf('todo-app') + 1])).toEqual([
    join(REPO_ROOT, 'dist', 'helm', 'todo-app'),
    join(REPO_ROOT, 'dist', 'helm', 'todo-app'),
  ]);
  // Plain lines in CI: one per step, with timings.
  expect(result.stdout.match(/^✔ .*\(\d+\.\d+s\)$/gm)).toHaveLength(6);
  expect(result.stdout).toContain('192.168.49.2 todo-app.local');
  expect(result.stdout).toContain('http://todo-app.local/');
  expect(result.stdout).toContain('kubectl port-forward -n todo-app svc/todo-app-frontend 3000:3000');
});

withHelm('podman images reach minikube under the names the chart uses, through a pipe', () => {
  const result = deploy([]);
  expect(result.status).toBe(0);
  const loads = result.calls.filter((c) => c.tool === 'minikube' && c.argv[0] === 'image');
  // Each `minikube image load -` reads what `podman save <chart's image>` wrote: not a bare name
  // (which minikube would look up in docker, where podman's localhost/todo-* images are not).
  expect(loads.map((c) => [c.argv, c.stdin.trim()])).toEqual([
    [['image', 'load', '-'], `fake image archive of docker.io/library/todo-backend:${version}`],
    [['image', 'load', '-'], `fake image archive of docker.io/library/todo-frontend:${version}`],
  ]);
});

withHelm('another release, namespace, Secret name and image tag: every name comes from the chart', () => {
  const result = deploy(
    [
      '--release',
      'shop',
      '-n',
      'shop-prod',
      '--set',
      'secrets.name=shop-credentials',
      '--set',
      'backend.image.tag=v2',
      '--set',
      'frontend.image.repository=registry.example.com/todo-frontend',
    ],
    {},
  );
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  const calls = summary(result.calls);
  expect(calls).toContain('kubectl get secret shop-credentials -n shop-prod -o json');
  expect(calls).toContain(`podman tag todo-backend:${version} docker.io/library/todo-backend:v2`);
  expect(calls).toContain(
    `podman tag todo-frontend:${version} registry.example.com/todo-frontend:${version}`,
  );
  expect(result.stdout).toMatch(/✔ Secret shop-credentials: exists/);
  expect(result.stdout).toContain('kubectl port-forward -n shop-prod svc/shop-todo-app-frontend 3000:3000');
  expect(result.stdout).toContain('npm run doctor -- -n shop-prod');
});

withHelm('--create-secret sends the values through stdin only, never in argv, output or files', () => {
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
  expect(Object.keys(decoded).sort()).toEqual(['COHERE_API_KEY', 'DATABASE_URL', 'JWT_SECRET']);
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

withHelm('--env-file supplies the values (comments, quotes and export allowed)', () => {
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

withHelm(
  'a JWT_SECRET shorter than the backend accepts is refused before anything is built or created',
  () => {
    const short = 'x'.repeat(JWT_SECRET_MIN_LENGTH - 1);
    const result = deploy(['--create-secret'], { NO_SECRET: true }, { JWT_SECRET: short });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/✖ Chart.* failed/);
    expect(result.stdout).toContain(
      `JWT_SECRET has ${short.length} characters; the backend needs at least ${JWT_SECRET_MIN_LENGTH}`,
    );
    expect(result.stdout).toMatch(/fix: .*openssl rand -hex 32/);
    expect(result.stdout).not.toContain(short);
    expect(summary(result.calls)).toEqual(['helm template todo-app -n todo-app']);

    const exactlyLongEnough = deploy(
      ['--create-secret', '--skip-build'],
      { NO_SECRET: true },
      { JWT_SECRET: 'x'.repeat(JWT_SECRET_MIN_LENGTH) },
    );
    expect(exactlyLongEnough.status).toBe(0);
  },
);

withHelm('values the chart rejects stop the deploy at the first step, before the cluster is touched', () => {
  const result = deploy(['--set', 'backend.replicaCount=-1']);
  expect(result.status).toBe(1);
  expect(result.stdout).toMatch(/✖ Chart.* failed/);
  expect(result.stdout).toMatch(/helm cannot render the chart with these values: .*backend[./]replicaCount/);
  expect(result.stdout).toMatch(/fix: check the --set values against the parameters table/);
  expect(result.calls.map((c) => c.tool)).toEqual(['helm']);
});

withHelm('an existing Secret whose JWT_SECRET the backend would refuse stops the deploy before helm', () => {
  const result = deploy(['--skip-build'], { SHORT_JWT_SECRET: true });
  expect(result.status).toBe(1);
  expect(result.stdout).toMatch(
    /the existing Secret app-secrets would stop the backend: JWT_SECRET has 8 characters/,
  );
  expect(result.stdout).toMatch(/fix: kubectl patch secret app-secrets -n todo-app .*JWT_SECRET/);
  expect(result.calls.some((c) => c.tool === 'helm' && c.argv[0] === 'upgrade')).toBe(false);
});

withHelm.each([
  [
    'an unreachable cluster',
    { CLUSTER_DOWN: true },
    'Preflight',
    /cluster minikube is not reachable: .*The connection to the server .* was refused/,
    /fix: minikube start --cpus 4 --memory 8192/,
  ],
  [
    'no kube context',
    { NO_CONTEXT: true },
    'Preflight',
    /no kube context is selected/,
    /fix: minikube start .*kubectl config get-contexts/,
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
])('%s fails at its step with the fix', (_what, scenario, step, message, fix) => {
  const result = deploy([], scenario as Scenario);
  expect(result.status).toBe(1);
  expect(result.stdout).toMatch(new RegExp(`✖ ${step}.* failed`));
  expect(result.stdout).toMatch(message);
  expect(result.stdout).toMatch(fix);
  expect(result.calls.some((c) => c.tool === 'helm' && c.argv[0] === 'upgrade') && step !== 'Helm').toBe(
    false,
  );
});

withHelm('--create-secret never overwrites an existing Secret', () => {
  const result = deploy(
    ['--create-secret', '--skip-build'],
    {},
    { JWT_SECRET: 'a-new-secret-that-would-sign-everyone-out' },
  );
  expect(result.status).toBe(0);
  expect(result.calls.some((c) => c.argv.includes('apply'))).toBe(false);
  expect(result.stdout).toContain('exists, left unchanged');
});

withHelm('no ingress controller is a warning, and the deploy goes on', () => {
  const result = deploy(['--skip-build'], { NO_INGRESS: true });
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/! Preflight.*no nginx IngressClass.*minikube addons enable ingress/);
  expect(result.calls.some((c) => c.tool === 'helm' && c.argv[0] === 'upgrade')).toBe(true);
});

withHelm(
  'a missing namespace is created; --set and --context reach helm; other contexts load no images',
  () => {
    const result = deploy(
      ['--context', 'kind-dev', '--set', 'frontend.replicaCount=2', '-n', 'todo-staging'],
      {
        NO_NAMESPACE: true,
      },
    );
    expect(result.status).toBe(0);
    expect(summary(result.calls)).toContain('kubectl --context kind-dev create namespace todo-staging');
    const helm = result.calls.find((c) => c.tool === 'helm' && c.argv[0] === 'upgrade')!;
    expect(helm.argv).toEqual(
      expect.arrayContaining([
        '--kube-context',
        'kind-dev',
        '--set',
        'frontend.replicaCount=2',
        '-n',
        'todo-staging',
      ]),
    );
    expect(result.calls.some((c) => c.tool === 'minikube')).toBe(false);
    expect(result.stdout).toMatch(
      new RegExp(`not a minikube context: push todo-backend:${version}, todo-frontend:${version}`),
    );
  },
);

test.each([
  [['--timeout', 'forever'], /--timeout "forever": use a duration such as 5m/],
  [['--bogus'], /unknown argument "--bogus"/],
  [['--context'], /--context needs a value/],
  [['--release', 'Not_Valid'], /--release "Not_Valid": use lower case letters/],
  [['--set', 'novalue'], /--set "novalue": use key=value/],
  [['stray'], /unexpected argument "stray"/],
  [['--chart', 'oci://registry.example.com/charts/todo-app'], /--chart needs --version X\.Y\.Z/],
  [
    ['--chart', 'oci://registry.example.com/charts/todo-app', '--version', '1.4.0'],
    /a released chart is verified before it is installed: give --verify-key cosign\.pub .*or --no-verify/,
  ],
  [
    [
      '--chart',
      'oci://r.example.com/charts/todo-app',
      '--version',
      '1.4.0',
      '--verify-key',
      'k',
      '--no-verify',
    ],
    /--verify-key and --no-verify exclude each other/,
  ],
  [['--chart', './dist/helm/todo-app', '--version', '1.4.0'], /give a released chart, oci:\/\/REGISTRY/],
  [['--chart', 'oci://r.example.com/charts/todo-app', '--version', 'latest'], /--version "latest"/],
  [['--verify-key', 'cosign.pub'], /--verify-key is for a released chart: add --chart oci:/],
  [['--plain-http'], /--plain-http is for a released chart/],
])('bad arguments %j exit 2 with the message and the usage, running nothing', (args, message) => {
  const result = deploy(args);
  expect(result.status).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).toContain('usage: npm run deploy -- [options]');
  expect(result.calls).toEqual([]);
});

test('--help prints the usage and exits 0', () => {
  const result = deploy(['--help']);
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('--create-secret');
  for (const flag of ['--chart oci://', '--verify-key FILE', '--no-verify', '--plain-http'])
    expect(result.stdout).toContain(flag);
  expect(result.calls).toEqual([]);
});
