/**
 * Names and labels that depend on the Helm release. The concrete version mirrors
 * the helpers in _helpers.tpl (see helpers-tpl.ts) so the plain manifests equal
 * what `helm template` renders; the template version hands the constructs
 * placeholders for those helpers.
 */
import { CHART } from './metadata';
import { helmString } from './tokens';
import type { TodoAppValues } from './values';

export interface ReleaseContext {
  readonly releaseName: string;
  readonly namespace: string;
  /** app.kubernetes.io/name */
  readonly name: string;
  /** Prefix of every object name. */
  readonly fullname: string;
  readonly backendName: string;
  readonly frontendName: string;
  readonly backendServiceAccountName: string;
  readonly frontendServiceAccountName: string;
  readonly appVersion: string;
  /** Labels added to every object besides the workload labels. */
  readonly extraLabels: Record<string, string>;
}

/** Go templates' `trunc 63 | trimSuffix "-"`. */
function dnsTrunc(name: string): string {
  const cut = name.slice(0, 63);
  return cut.endsWith('-') ? cut.slice(0, -1) : cut;
}

export function concreteRelease(
  values: TodoAppValues,
  release: { releaseName: string; namespace: string },
): ReleaseContext {
  const name = dnsTrunc(values.nameOverride || CHART.name);
  const fullname = values.fullnameOverride
    ? dnsTrunc(values.fullnameOverride)
    : release.releaseName.includes(name)
      ? dnsTrunc(release.releaseName)
      : dnsTrunc(`${release.releaseName}-${name}`);
  const backendName = dnsTrunc(`${fullname}-backend`);
  const frontendName = dnsTrunc(`${fullname}-frontend`);
  const serviceAccount = values.serviceAccount;
  return {
    ...release,
    name,
    fullname,
    backendName,
    frontendName,
    backendServiceAccountName: serviceAccount.create
      ? serviceAccount.name || backendName
      : serviceAccount.name || 'default',
    frontendServiceAccountName: serviceAccount.create ? frontendName : 'default',
    appVersion: CHART.appVersion,
    extraLabels: { 'app.kubernetes.io/managed-by': 'cdk8s' },
  };
}

export function templateRelease(): ReleaseContext {
  const include = (helper: string) => helmString(`include "${CHART.name}.${helper}" .`);
  return {
    releaseName: helmString('.Release.Name'),
    namespace: helmString('.Release.Namespace'),
    name: include('name'),
    fullname: include('fullname'),
    backendName: include('backend.fullname'),
    frontendName: include('frontend.fullname'),
    backendServiceAccountName: include('backend.serviceAccountName'),
    frontendServiceAccountName: include('frontend.serviceAccountName'),
    appVersion: helmString('.Chart.AppVersion'),
    extraLabels: {
      'helm.sh/chart': include('chart'),
      'app.kubernetes.io/managed-by': helmString('.Release.Service'),
    },
  };
}
