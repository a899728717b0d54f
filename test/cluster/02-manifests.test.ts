/**
 * The plain manifests and every value set of the equivalence tests, against the real
 * API server: `kubectl apply --server-side` of dist/manifests becomes ready, and
 * `kubectl apply --dry-run=server --validate=strict` accepts the chart rendered with
 * each value set, which catches fields the API does not know (no template check sees them).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_RELEASE } from '../../chart/metadata';
import { REPO_ROOT } from '../../scripts/lib/paths';
import { VALUES_CASES } from '../synth/cases';
import {
  createAppSecret,
  eventually,
  helm,
  json,
  kubectl,
  restrictedNamespace,
  tryKubectl,
} from './lib/kube';
import type { Deployment, List, Named } from './lib/objects';
import { CHART, deleteNamespace } from './lib/release';

const MANIFESTS = join(REPO_ROOT, 'dist', 'manifests');

test('kubectl apply --server-side -f dist/manifests/ becomes ready', async () => {
  const namespace = DEFAULT_RELEASE.namespace;
  kubectl('apply', '--server-side', '-f', MANIFESTS);
  createAppSecret(namespace);
  for (const deployment of json<List<Named>>('get', 'deployments', '-n', namespace).items.map(
    (d) => d.metadata.name,
  ))
    await eventually(`deployment ${deployment} available`, 240, () => {
      const status = json<Deployment>('get', 'deployment', deployment, '-n', namespace).status;
      return (status.availableReplicas ?? 0) >= 1 && status.updatedReplicas === status.replicas
        ? true
        : undefined;
    });
  deleteNamespace(namespace);
});

test('the API accepts the chart for every value set (--dry-run=server --validate=strict)', () => {
  const namespace = restrictedNamespace('dry-run');
  const dir = mkdtempSync(join(tmpdir(), 'cluster-dry-run-'));
  const overrides = new Set<string>();
  try {
    const refused: string[] = [];
    for (const [index, valuesCase] of VALUES_CASES.entries()) {
      // namespaceOverride puts the objects in a namespace of their own, which must exist.
      const override = valuesCase.sets?.find((s) => s.startsWith('namespaceOverride='))?.split('=')[1];
      if (override && !overrides.has(override)) overrides.add(restrictedNamespace(override));
      const args = ['template', valuesCase.release ?? 'todo-app', CHART, '-n', namespace];
      if (valuesCase.values) {
        const file = join(dir, `${index}.json`);
        writeFileSync(file, JSON.stringify(valuesCase.values));
        args.push('-f', file);
      }
      for (const set of valuesCase.sets ?? []) args.push('--set', set);
      const rendered = helm(...args);
      const file = join(dir, `${index}.yaml`);
      writeFileSync(file, rendered);
      const applied = tryKubectl(
        'apply',
        '--dry-run=server',
        '--validate=strict',
        '-n',
        override ?? namespace,
        '-f',
        file,
      );
      if (applied.status !== 0) refused.push(`${valuesCase.name}: ${applied.stderr.trim()}`);
    }
    assert.deepEqual(refused, [], 'value sets the API server refused');
    assert.ok(VALUES_CASES.length >= 20, `only ${VALUES_CASES.length} value sets`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    for (const ns of [namespace, ...overrides]) deleteNamespace(ns);
  }
});
