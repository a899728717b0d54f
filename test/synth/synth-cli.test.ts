/**
 * `npm run synth` as a user runs it: output layout, values overrides, and bad
 * input that must fail with a message naming the field and the allowed values
 * while leaving the previous output untouched.
 */
import { spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { changesOf } from '../../chart/changelog';
import { REPO_ROOT } from './support/helm';

const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

function synth(args: string[], env: NodeJS.ProcessEnv = {}) {
  const run = spawnSync(TSX, [join(REPO_ROOT, 'scripts', 'synth.ts'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function snapshotDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) =>
    readdirSync(d, { withFileTypes: true }).forEach((e) =>
      e.isDirectory()
        ? walk(join(d, e.name))
        : (out[join(d, e.name)] = readFileSync(join(d, e.name), 'utf8')),
    );
  walk(dir);
  return out;
}

const out = join(mkdtempSync(join(tmpdir(), 'todo-synth-')), 'dist');

beforeAll(() => {
  const first = synth(['--out', out]);
  expect(first.stderr).toBe('');
  expect(first.status).toBe(0);
});

test('writes the plain manifests and the chart', () => {
  const files = Object.keys(snapshotDir(out))
    .map((p) => p.slice(out.length + 1))
    .sort();
  expect(files).toEqual(
    expect.arrayContaining([
      'manifests/todo-app.k8s.yaml',
      'helm/todo-app/Chart.yaml',
      'helm/todo-app/values.yaml',
      'helm/todo-app/values.schema.json',
      'helm/todo-app/README.md',
      'helm/todo-app/.helmignore',
      'helm/todo-app/templates/_helpers.tpl',
      'helm/todo-app/templates/NOTES.txt',
      'helm/todo-app/templates/backend-deployment.yaml',
      'helm/todo-app/templates/frontend-deployment.yaml',
      'helm/todo-app/templates/frontend-ingress.yaml',
      'helm/todo-app/templates/backend-pvc.yaml',
      'helm/todo-app/templates/validate.yaml',
      'helm/todo-app/templates/tests/test-backend.yaml',
      'helm/todo-app/templates/tests/test-frontend.yaml',
    ]),
  );
  const kinds = parseAllDocuments(readFileSync(join(out, 'manifests', 'todo-app.k8s.yaml'), 'utf8')).map(
    (d) => d.get('kind'),
  );
  expect(kinds[0]).toBe('Namespace');
});

test('--set and --values change the manifests and become the chart defaults', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'todo-synth-')), 'dist');
  const valuesFile = join(dir, '..', 'values.yaml');
  writeFileSync(valuesFile, 'frontend:\n  replicaCount: 2\n');
  const result = synth([
    '--out',
    dir,
    '--values',
    valuesFile,
    '--set',
    'database.external=true',
    '--set',
    'backend.replicaCount=3',
  ]);
  expect(result.status).toBe(0);
  const manifests = readFileSync(join(dir, 'manifests', 'todo-app.k8s.yaml'), 'utf8');
  const replicas = parseAllDocuments(manifests)
    .map((d) => d.toJS())
    .filter((o) => o.kind === 'Deployment')
    .map((o) => [o.metadata.name, o.spec.replicas]);
  expect(replicas).toEqual([
    ['todo-app-backend', 3],
    ['todo-app-frontend', 2],
  ]);
  expect(readFileSync(join(dir, 'helm', 'todo-app', 'values.yaml'), 'utf8')).toMatch(/replicaCount: 3/);
});

test('--version sets the chart version, appVersion and so the image tags', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'todo-synth-')), 'dist');
  const result = synth([
    '--out',
    dir,
    '--version',
    '3.4.5-rc.1',
    '--set',
    'global.imageRegistry=ghcr.io/acme',
  ]);
  expect(result.status).toBe(0);
  const chart = parseAllDocuments(
    readFileSync(join(dir, 'helm', 'todo-app', 'Chart.yaml'), 'utf8'),
  )[0].toJS();
  expect(chart).toMatchObject({ version: '3.4.5-rc.1', appVersion: '3.4.5-rc.1' });
  expect(chart.annotations['artifacthub.io/images']).toContain('image: ghcr.io/acme/todo-backend:3.4.5-rc.1');
  const manifests = readFileSync(join(dir, 'manifests', 'todo-app.k8s.yaml'), 'utf8');
  expect(manifests).toContain('image: ghcr.io/acme/todo-frontend:3.4.5-rc.1');
});

describe('--sign-key and --sign-key-url (what a signed release passes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'todo-synth-key-'));
  // An ECDSA P-256 pair, as cosign generate-key-pair makes.
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pub = join(dir, 'cosign.pub');
  const priv = join(dir, 'cosign.key');
  writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
  writeFileSync(priv, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const url = 'https://example.com/todo-app/cosign.pub';

  test("Chart.yaml carries the key's fingerprint and url, and a prerelease the changes it leads to", () => {
    const target = join(dir, 'out');
    const result = synth([
      '--out',
      target,
      '--version',
      '0.2.0-rc.1',
      '--sign-key',
      pub,
      '--sign-key-url',
      url,
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const chart = parse(readFileSync(join(target, 'helm', 'todo-app', 'Chart.yaml'), 'utf8'));
    const der = publicKey.export({ type: 'spki', format: 'der' });
    expect(parse(chart.annotations['artifacthub.io/signKey'])).toEqual({
      fingerprint: createHash('sha256').update(der).digest('hex'),
      url,
    });
    expect(parse(chart.annotations['artifacthub.io/changes'])).toEqual(changesOf('0.2.0'));
    expect(JSON.stringify(chart)).not.toContain(
      privateKey.export({ type: 'pkcs8', format: 'pem' }).slice(30, 70),
    );
  });

  test.each([
    [
      'a private key',
      ['--sign-key', priv, '--sign-key-url', url],
      /--sign-key .*cosign\.key: it is a private key/,
    ],
    ['no url', ['--sign-key', pub], /--sign-key and --sign-key-url come together/],
    ['no key', ['--sign-key-url', url], /--sign-key and --sign-key-url come together/],
    [
      'a file url',
      ['--sign-key', pub, '--sign-key-url', 'file:///k.pub'],
      /--sign-key-url "file:\/\/\/k\.pub"/,
    ],
  ])('%s is refused, and nothing is written', (_case, args, message) => {
    const result = synth(['--out', join(dir, 'refused'), ...args]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('nothing was written');
    expect(readdirSync(dir)).not.toContain('refused');
  });
});

test('the committed chart carries no signing key: it is not a release', () => {
  const chart = parse(readFileSync(join(REPO_ROOT, 'dist', 'helm', 'todo-app', 'Chart.yaml'), 'utf8'));
  expect(chart.annotations['artifacthub.io/signKey']).toBeUndefined();
});

test.each([
  [
    'negative replicas',
    ['--set', 'backend.replicaCount=-1'],
    /backend\.replicaCount: must be >= 0, got -1 \(allowed: an integer from 0 to 100\)/,
  ],
  [
    'an invalid host name',
    ['--set', 'ingress.host=https://todo.example.com'],
    /ingress\.host: .*got "https:\/\/todo\.example\.com" \(allowed: a DNS host name/,
  ],
  [
    'a port out of range',
    ['--set', 'backend.service.port=70000'],
    /backend\.service\.port: must be <= 65535, got 70000 \(allowed: an integer from 1 to 65535\)/,
  ],
  ['an empty secret name', ['--set', 'secrets.name='], /secrets\.name: .*got "" \(allowed: a Secret name/],
  [
    'an unknown pull policy',
    ['--set', 'frontend.image.pullPolicy=Sometimes'],
    /frontend\.image\.pullPolicy: .*\(allowed: IfNotPresent, Always, Never\)/,
  ],
  [
    'a misspelt key',
    ['--set', 'backend.replicas=2'],
    /backend\.replicas: unknown key \(keys here: replicaCount, image,/,
  ],
  ['a malformed --set', ['--set', 'replicaCount'], /expected key\.path=value/],
  [
    'a missing values file',
    ['--values', '/nonexistent/values.yaml'],
    /--values \/nonexistent\/values\.yaml: cannot read the file \(ENOENT\)/,
  ],
  ['an unknown flag', ['--replicas', '2'], /unknown argument "--replicas"/],
  [
    'a version that is not one',
    ['--version', 'latest'],
    /--version "latest": expected a version such as 1\.2\.3/,
  ],
  [
    'two backend pods on the embedded database',
    ['--set', 'backend.replicaCount=2'],
    /the embedded database lives on one pod: .*database\.external=true and DATABASE_URL/,
  ],
  [
    'autoscaling on the embedded database',
    ['--set', 'backend.autoscaling.enabled=true'],
    /needs database\.external=true and DATABASE_URL/,
  ],
  [
    'maxReplicas below minReplicas',
    [
      '--set',
      'database.external=true',
      '--set',
      'backend.autoscaling.enabled=true',
      '--set',
      'backend.autoscaling.minReplicas=4',
      '--set',
      'backend.autoscaling.maxReplicas=2',
    ],
    /backend\.autoscaling\.maxReplicas: 2 is below minReplicas 4/,
  ],
])('%s: exits 1, names the field, leaves the previous output intact', (_what, args, message) => {
  const before = snapshotDir(out);
  const result = synth(['--out', out, ...args]);
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).toMatch(/previous output is unchanged/);
  expect(snapshotDir(out)).toEqual(before);
});

test('secret values in the environment never reach the output', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'todo-synth-')), 'dist');
  const secretValues = {
    JWT_SECRET: 'jwt-5f0c1d2e-never-render',
    COHERE_API_KEY: 'co-9a8b7c-never-render',
    DATABASE_URL: 'postgres://u:p4ss-never-render@db/x',
  };
  expect(synth(['--out', dir], secretValues).status).toBe(0);
  for (const [path, content] of Object.entries(snapshotDir(dir)))
    expect({ path, leaked: content.includes('never-render') }).toEqual({ path, leaked: false });
});

test('`npx cdk8s synth` (the pinned cdk8s-cli, cdk8s.yaml) writes the same plain manifests', () => {
  const dir = mkdtempSync(join(tmpdir(), 'todo-cdk8s-'));
  const run = spawnSync(
    join(REPO_ROOT, 'node_modules', '.bin', 'cdk8s'),
    ['synth', '--no-check-upgrade', '--output', dir],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    },
  );
  expect(run.stderr).not.toMatch(/error/i);
  expect(run.status).toBe(0);
  expect(readFileSync(join(dir, 'todo-app.k8s.yaml'), 'utf8')).toBe(
    readFileSync(join(out, 'manifests', 'todo-app.k8s.yaml'), 'utf8'),
  );
});
