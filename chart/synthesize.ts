/** Everything `npm run synth` writes under dist/, as path → content. */
import { App } from 'cdk8s';
import { TodoAppChart } from '../main';
import { chartFiles } from './chart-files';
import { CHART, DEFAULT_RELEASE } from './metadata';
import { concreteRelease } from './release';
import { TodoAppValues } from './values';

export const MANIFEST_FILE = `manifests/${CHART.name}.k8s.yaml`;
export const CHART_DIR = `helm/${CHART.name}`;

export interface Release {
  readonly releaseName: string;
  readonly namespace: string;
}

/** The plain manifests: what `helm template` renders for the same values, plus the Namespace. */
export function manifestsYaml(
  values: TodoAppValues,
  release: Release = DEFAULT_RELEASE,
  createNamespace = true,
): string {
  const app = new App();
  new TodoAppChart(app, release.releaseName, {
    values,
    release: concreteRelease(values, release),
    createNamespace,
  });
  return app.synthYaml();
}

export function distFiles(values: TodoAppValues): Record<string, string> {
  const files: Record<string, string> = { [MANIFEST_FILE]: manifestsYaml(values) };
  for (const [path, content] of Object.entries(chartFiles(values))) files[`${CHART_DIR}/${path}`] = content;
  return files;
}
