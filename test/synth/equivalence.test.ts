/**
 * The Helm chart and the TypeScript synthesis are two renderings of the same
 * constructs: for every value set, `helm template` (the real binary) must
 * produce exactly the objects TypeScript produces with the same values.
 */
import { parseObjects, helmTemplate, writeFreshChart, writeValuesFile } from './support/helm';
import { normalize } from './support/objects';
import { manifestsYaml } from '../../chart/synthesize';
import { resolveValues } from '../../chart/values-input';
import { VALUES_CASES } from './cases';

const chartDir = writeFreshChart();

describe('helm template equals the TypeScript synthesis', () => {
  test.each(VALUES_CASES.map((c) => [c.name, c] as const))('%s', (_name, valuesCase) => {
    const file = writeValuesFile(valuesCase.values ?? {});
    const sets = valuesCase.sets ?? [];
    const release = valuesCase.release ?? 'todo-app';

    const values = resolveValues({ files: [file], sets });
    const fromTypeScript = normalize(
      parseObjects(manifestsYaml(values, { releaseName: release, namespace: 'todo-app' }, false)),
    );
    const fromHelm = normalize(
      helmTemplate(chartDir, ['-f', file, ...sets.flatMap((s) => ['--set', s])], release),
    );

    expect(fromHelm.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(
      fromTypeScript.map((o) => `${o.kind}/${o.metadata.name}`),
    );
    expect(fromHelm).toEqual(fromTypeScript);
  });

  test('the cases exercise every optional object both ways', () => {
    const kindsSeen = new Set<string>();
    const kindsMissed = new Set<string>();
    for (const valuesCase of VALUES_CASES) {
      const file = writeValuesFile(valuesCase.values ?? {});
      const kinds = new Set(
        parseObjects(manifestsYaml(resolveValues({ files: [file], sets: valuesCase.sets ?? [] }))).map((o) =>
          String(o.kind),
        ),
      );
      for (const kind of [
        'Ingress',
        'NetworkPolicy',
        'HorizontalPodAutoscaler',
        'PodDisruptionBudget',
        'ServiceAccount',
        'Role',
        'RoleBinding',
      ]) {
        (kinds.has(kind) ? kindsSeen : kindsMissed).add(kind);
      }
    }
    expect([...kindsSeen].sort()).toEqual([
      'HorizontalPodAutoscaler',
      'Ingress',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'Role',
      'RoleBinding',
      'ServiceAccount',
    ]);
    expect([...kindsMissed].sort()).toEqual([
      'HorizontalPodAutoscaler',
      'Ingress',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'Role',
      'RoleBinding',
      'ServiceAccount',
    ]);
  });
});
