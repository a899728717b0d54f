/**
 * The chart as a dependency of another chart: `helm package` works, and an
 * umbrella chart that depends on the package renders with `global` values and
 * `todo-app.*` overrides (Helm always passes `global` to subcharts).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { version } from '../../package.json';
import { helm, helmTemplate, writeFreshChart, testWithHelm } from './support/helm';

const helmTest = testWithHelm('the helm package and umbrella chart tests');

const packages = mkdtempSync(join(tmpdir(), 'todo-package-'));

helmTest('helm package makes todo-app-<version>.tgz', () => {
  const result = helm(['package', writeFreshChart(), '-d', packages]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(readdirSync(packages)).toEqual([`todo-app-${version}.tgz`]);
});

helmTest('an umbrella chart renders it with global values and todo-app.* overrides', () => {
  const umbrella = mkdtempSync(join(tmpdir(), 'umbrella-'));
  writeFileSync(
    join(umbrella, 'Chart.yaml'),
    `apiVersion: v2\nname: platform\nversion: 1.0.0\ndependencies:\n  - name: todo-app\n    version: ${version}\n    repository: file://../todo-app\n`,
  );
  writeFileSync(
    join(umbrella, 'values.yaml'),
    [
      'global:',
      '  imageRegistry: registry.example.com/platform',
      '  storageClass: premium # an umbrella-wide value the subchart does not use',
      'todo-app:',
      '  ingress:',
      '    host: todo.platform.example.com',
      '  commonLabels:',
      '    team: platform',
      '',
    ].join('\n'),
  );
  mkdirSync(join(umbrella, 'charts'));
  copyFileSync(
    join(packages, `todo-app-${version}.tgz`),
    join(umbrella, 'charts', `todo-app-${version}.tgz`),
  );

  const objects = helmTemplate(umbrella, ['--set', 'todo-app.frontend.replicaCount=2'], 'platform', 'apps');
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  expect(deployments.map((d) => d.spec.template.spec.containers[0].image).sort()).toEqual([
    `registry.example.com/platform/todo-backend:${version}`,
    `registry.example.com/platform/todo-frontend:${version}`,
  ]);
  expect(deployments.find((d) => d.metadata.name === 'platform-todo-app-frontend')!.spec.replicas).toBe(2);
  expect(objects.find((o) => o.kind === 'Ingress')!.spec.rules[0].host).toBe('todo.platform.example.com');
  for (const object of objects) expect(object.metadata.labels.team).toBe('platform');
});
