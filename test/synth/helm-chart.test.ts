/** The generated chart with the real helm binary: lint, schema, NOTES, coexisting releases. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { helm, helmTemplate, REPO_ROOT, writeFreshChart } from './support/helm';
import { defaultValues } from '../../chart/values';

const chartDir = writeFreshChart();

test('helm lint --strict passes', () => {
  const result = helm(['lint', '--strict', chartDir]);
  expect(result.stderr).toBe('');
  expect(result.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
  expect(result.status).toBe(0);
});

test('helm lint --strict passes on the committed chart too', () => {
  expect(helm(['lint', '--strict', join(REPO_ROOT, 'dist', 'helm', 'todo-app')]).status).toBe(0);
});

test('Chart.yaml carries the required metadata', () => {
  const chart = parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8'));
  expect(chart).toMatchObject({ apiVersion: 'v2', name: 'todo-app', type: 'application' });
  for (const key of ['version', 'appVersion', 'description', 'kubeVersion']) expect(chart[key]).toBeTruthy();
});

test('values.yaml holds exactly the defaults of the values model, every key commented', () => {
  const text = readFileSync(join(chartDir, 'values.yaml'), 'utf8');
  expect(parse(text)).toEqual(defaultValues());
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (/^\s*[A-Za-z]+:/.test(line) && !/^\s*(requests|limits|cpu|memory):/.test(line)) {
      expect(`${lines[i - 1]}`).toMatch(/^\s*#/);
    }
  });
});

describe('values.schema.json rejects bad values before anything renders', () => {
  const rejected: [string, string[], RegExp][] = [
    [
      'a negative replica count',
      ['--set', 'backend.replicaCount=-1'],
      /backend\.replicaCount.*(minimum|greater)/i,
    ],
    [
      'a replica count that is not a number',
      ['--set', 'frontend.replicaCount=many'],
      /frontend\.replicaCount.*(integer|type)/i,
    ],
    ['an unknown pull policy', ['--set', 'backend.image.pullPolicy=Sometimes'], /backend\.image\.pullPolicy/],
    ['an unknown service type', ['--set', 'frontend.service.type=Ingress'], /frontend\.service\.type/],
    ['a port out of range', ['--set', 'backend.service.port=70000'], /backend\.service\.port/],
    [
      'a node port outside the node port range',
      ['--set', 'frontend.service.nodePort=8080'],
      /frontend\.service\.nodePort/,
    ],
    ['an invalid host name', ['--set', 'ingress.host=http://todo.local'], /ingress\.host/],
    ['an empty secret name', ['--set', 'secrets.name='], /secrets\.name/],
    ['a boolean given as text', ['--set-string', 'ingress.enabled=yes'], /ingress\.enabled/],
    ['a misspelt key', ['--set', 'backend.replicas=2'], /backend.*replicas/],
    [
      'a malformed resource quantity',
      ['--set', 'backend.resources.limits.cpu=lots'],
      /backend\.resources\.limits\.cpu/,
    ],
  ];
  test.each(rejected)('%s', (_what, args, message) => {
    const result = helm(['template', 'todo-app', chartDir, ...args]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/values don't meet the specifications of the schema/);
    expect(result.stderr).toMatch(message);
  });
});

/**
 * `helm install` renders NOTES.txt only against a cluster, so the test copies the
 * chart and renders the same text through a ConfigMap with `helm template`.
 */
function renderNotes(args: string[] = []): string {
  const dir = writeFreshChart();
  const notes = readFileSync(join(dir, 'templates', 'NOTES.txt'), 'utf8');
  writeFileSync(join(dir, 'templates', '_notes.tpl'), `{{- define "test.notes" }}${notes}{{- end }}`);
  writeFileSync(
    join(dir, 'templates', 'notes-configmap.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\ndata:\n  notes: {{ include "test.notes" . | quote }}\n',
  );
  const configMap = helmTemplate(dir, ['--show-only', 'templates/notes-configmap.yaml', ...args])[0] as {
    data: { notes: string };
  };
  return configMap.data.notes;
}

test('NOTES.txt tells how to create the Secret and reach the app, with no secret values', () => {
  const notes = renderNotes();
  expect(notes).toContain('kubectl create secret generic app-secrets -n todo-app');
  for (const key of ['COHERE_API_KEY', 'DATABASE_URL', 'JWT_SECRET'])
    expect(notes).toContain(`--from-literal=${key}='<`);
  expect(notes).toContain('http://todo-app.local/');
  expect(notes).toContain('minikube service todo-app-frontend -n todo-app --url');
  expect(notes).toContain('kubectl port-forward -n todo-app svc/todo-app-frontend 3000:3000');
});

test('NOTES.txt follows the values', () => {
  const notes = renderNotes([
    '--set',
    'ingress.enabled=false',
    '--set',
    'frontend.service.type=ClusterIP',
    '--set',
    'secrets.name=todo-credentials',
  ]);
  expect(notes).toContain('kubectl create secret generic todo-credentials');
  expect(notes).not.toContain('Ingress:');
  expect(notes).not.toContain('minikube service');
});

test('two releases coexist in one namespace: no object name or selector is shared', () => {
  const first = helmTemplate(chartDir, [], 'todo-app');
  const second = helmTemplate(chartDir, [], 'todo-staging');
  const names = (objects: Record<string, any>[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`);
  expect(names(first).filter((n) => names(second).includes(n))).toEqual([]);
  const secondPods = second
    .filter((o) => o.kind === 'Deployment')
    .map((d) => d.spec.template.metadata.labels);
  for (const deployment of first.filter((o) => o.kind === 'Deployment')) {
    for (const labels of secondPods) {
      const selector: Record<string, string> = deployment.spec.selector.matchLabels;
      expect(Object.entries(selector).every(([k, v]) => labels[k] === v)).toBe(false);
    }
  }
});

test('numbers and booleans render as YAML numbers and booleans', () => {
  const objects = helmTemplate(chartDir, ['--set', 'backend.replicaCount=2']);
  const backend = objects.find(
    (o) => o.kind === 'Deployment' && o.metadata.name === 'todo-app-backend',
  ) as Record<string, any>;
  expect(backend.spec.replicas).toBe(2);
  expect(backend.spec.template.spec.containers[0].livenessProbe.initialDelaySeconds).toBe(30);
  expect(backend.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
});
