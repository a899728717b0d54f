/**
 * The names a release gives its objects, read from the chart's own rendering
 * (`helm template` with the same release, namespace and values as the install),
 * so deploy never recomputes the chart's naming rules.
 */
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IService } from 'kubernetes-models/v1/Service';
import { parseAllDocuments } from 'yaml';
import { BACKEND_SECRET_KEYS } from '../lib/backend-secret';
import { RenderError } from '../lib/helm-template';

export interface ReleaseObjects {
  /** The Secret the backend reads its keys from. */
  secretName: string;
  /** The Service in front of the frontend, for port-forward. */
  frontendService?: { name: string; port: number };
  /** The image of each workload, by component (backend, frontend). */
  images: { component: string; image: string }[];
  /** Ingress hosts. */
  hosts: string[];
}

type Rendered = IDeployment | IService | IIngress;

const component = (o: Rendered): string | undefined => o.metadata?.labels?.['app.kubernetes.io/component'];

function containersOf(deployment: IDeployment): IContainer[] {
  const spec = deployment.spec?.template?.spec;
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
}

/** The Secret holding the backend's keys: named in the secretKeyRefs (or envFrom) of the workloads. */
function secretNameOf(deployments: IDeployment[]): string | undefined {
  const containers = deployments.flatMap(containersOf);
  const keys: readonly string[] = BACKEND_SECRET_KEYS;
  const fromKeys = containers
    .flatMap((c) => c.env ?? [])
    .map((e) => e.valueFrom?.secretKeyRef)
    .find((ref) => ref?.name && keys.includes(ref.key));
  return (
    fromKeys?.name ??
    containers.flatMap((c) => c.envFrom ?? []).find((e) => e.secretRef?.name)?.secretRef?.name
  );
}

/** Reads the names from a multi-document rendering of the chart. */
export function readRelease(rendered: string): ReleaseObjects {
  const objects = parseAllDocuments(rendered)
    .map((doc) => doc.toJS() as unknown)
    .filter((o) => typeof o === 'object' && o !== null && !Array.isArray(o)) as Rendered[];
  const deployments = objects.filter((o): o is IDeployment => o.kind === 'Deployment');
  if (deployments.length === 0) throw new RenderError('the chart renders no Deployment');
  const secretName = secretNameOf(deployments);
  if (!secretName) throw new RenderError('the chart references no Secret for the backend');
  const service = objects.find((o): o is IService => o.kind === 'Service' && component(o) === 'frontend');
  const port = service?.spec?.ports?.[0]?.port;
  const hosts = objects
    .filter((o): o is IIngress => o.kind === 'Ingress')
    .flatMap((o) => (o.spec?.rules ?? []).map((r) => r.host))
    .filter((h): h is string => typeof h === 'string');
  return {
    secretName,
    frontendService: service?.metadata?.name && port ? { name: service.metadata.name, port } : undefined,
    images: deployments.flatMap((d) =>
      containersOf(d).map((c) => ({ component: component(d) ?? c.name, image: c.image ?? '' })),
    ),
    hosts,
  };
}
