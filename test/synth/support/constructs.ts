/** What the construct tests share: a chart, labels, a Secret reference and minimal props. */
import { App, Chart, Testing } from 'cdk8s';
import { BACKEND_SECRETS, ProbedDeploymentProps, SecureSecretRef, WorkloadLabels } from '../../../constructs';
import { Manifest } from './objects';

export function newChart(): Chart {
  return new Chart(new App(), 'test', { namespace: 'ns', disableResourceNameHashes: true });
}

export const release = { 'app.kubernetes.io/name': 'demo', 'app.kubernetes.io/instance': 'rel' };
export const labels = (component: string, pod?: Record<string, string>) =>
  new WorkloadLabels({
    component,
    release,
    common: { ...release, 'app.kubernetes.io/version': '1.0.0' },
    pod,
  });
export const secrets = (
  chart: Chart,
  keys: Record<string, { optional?: boolean; description: string }> = BACKEND_SECRETS,
) => new SecureSecretRef(chart, 'Secrets', { secretName: 'app-secrets', keys });

export const probe = { initialDelaySeconds: 1, periodSeconds: 2, failureThreshold: 3 };
export const minimal: ProbedDeploymentProps = {
  name: 'web',
  labels: labels('web'),
  image: 'web:1.0',
  port: 8080,
  liveness: { path: '/live', ...probe },
  readiness: { path: '/ready', ...probe },
};

export function objectsOf(chart: Chart): Record<string, Manifest>[] {
  return Testing.synth(chart);
}
