/**
 * The Helm chart and the TypeScript synthesis are two renderings of the same
 * app: for every value set, `helm template` (the real binary) must produce
 * exactly the objects TypeScript produces with the same values, helm test
 * pods included. Together the cases change every value of the model.
 */
import { todoApp } from '../../main';
import { VALUES_CASES } from './cases';
import {
  HelmBinary,
  helmBinaries,
  helmTemplate,
  helmTemplateText,
  testWithHelm,
  writeFreshChart,
  writeValuesFile,
} from './support/helm';
import { Manifest, normalize } from './support/objects';

const helmTest = testWithHelm('the helm-template equivalence tests');

const chartDir = writeFreshChart();

/** The case as the TypeScript synthesis renders it. */
function synthesize(valuesCase: (typeof VALUES_CASES)[number]) {
  const file = writeValuesFile(valuesCase.values ?? {});
  const sets = valuesCase.sets ?? [];
  const release = valuesCase.release ?? 'todo-app';
  const values = todoApp.resolveValues({ files: [file], sets });
  const apiVersions = valuesCase.apiVersions ?? [];
  const objects = todoApp.manifestObjects(
    values,
    { name: release, namespace: 'todo-app' },
    { hooks: true, apiVersions },
  );
  return { file, sets, release, apiVersions, values, fromTypeScript: normalize(objects) };
}

const helmArgs = (file: string, sets: string[], apiVersions: readonly string[]) => [
  '-f',
  file,
  ...sets.flatMap((s) => ['--set', s]),
  ...apiVersions.flatMap((api) => ['--api-versions', api]),
];

function render(valuesCase: (typeof VALUES_CASES)[number], binary: HelmBinary) {
  const { file, sets, release, apiVersions, fromTypeScript } = synthesize(valuesCase);
  const fromHelm = helmTemplate(chartDir, helmArgs(file, sets, apiVersions), release, 'todo-app', binary);
  return { fromTypeScript, fromHelm: normalize(fromHelm) };
}

const helms = helmBinaries();

describe.each(helms.map((h) => [h.version, h] as const))(
  'helm template (%s) equals the TypeScript synthesis',
  (_version, binary) => {
    helmTest.each(VALUES_CASES.map((c) => [c.name, c] as const))('%s', (_name, valuesCase) => {
      const { fromTypeScript, fromHelm } = render(valuesCase, binary);
      const names = (objects: Record<string, Manifest>[]) =>
        objects.map((o) => `${o.kind}/${o.metadata.name}`);
      expect(names(fromHelm)).toEqual(names(fromTypeScript));
      expect(fromHelm).toEqual(fromTypeScript);
    });
  },
);

describe('every supported helm renders the same bytes', () => {
  const [first, ...others] = helms;
  const sameBytesTest = others.length ? helmTest : test.skip;
  sameBytesTest.each(VALUES_CASES.map((c) => [c.name, c] as const))('%s', (_name, valuesCase) => {
    const { file, sets, release, apiVersions } = synthesize(valuesCase);
    const text = (binary: HelmBinary) =>
      helmTemplateText(chartDir, helmArgs(file, sets, apiVersions), release, 'todo-app', binary);
    const expected = text(first);
    for (const binary of others)
      expect({ helm: binary.version, output: text(binary) }).toEqual({
        helm: binary.version,
        output: expected,
      });
  });
});

describe('the cases cover the model', () => {
  const defaults = todoApp.defaults();
  const rendered = VALUES_CASES.map(synthesize);

  test('every value of the model is changed by at least one case', () => {
    const unchanged: string[] = [];
    todoApp.valuePaths().forEach((path) => {
      const at = (values: unknown) => path.reduce<Manifest>((node, key) => node?.[key], values);
      const changed = rendered.some((r) => JSON.stringify(at(r.values)) !== JSON.stringify(at(defaults)));
      if (!changed) unchanged.push(path.join('.'));
    });
    expect(unchanged).toEqual([]);
  });

  test('every optional object appears in some case and is absent in another', () => {
    const optional = [
      'Ingress',
      'NetworkPolicy',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
      'ServiceAccount',
      'Role',
      'RoleBinding',
      'PersistentVolumeClaim',
      'ServiceMonitor',
      'PrometheusRule',
      'ConfigMap',
    ];
    const kindsPerCase = rendered.map((r) => new Set(r.fromTypeScript.map((o) => String(o.kind))));
    for (const kind of optional) {
      expect({ kind, somewhere: kindsPerCase.some((k) => k.has(kind)) }).toEqual({ kind, somewhere: true });
      expect({ kind, missingSomewhere: kindsPerCase.some((k) => !k.has(kind)) }).toEqual({
        kind,
        missingSomewhere: true,
      });
    }
  });
});
