/**
 * From the chart's values to the constructs' props: every `h.when`, `h.ifThen`,
 * `h.optional` and `h.toYaml` of the app lives here, beside the values model, so
 * `main.ts` only composes the constructs.
 */
import { Helm } from '../cdk8s-helm';
import {
  BACKEND_SECRETS,
  DataVolumeClaimProps,
  HttpCheckPodProps,
  IN_FLIGHT_ALLOWANCE_SECONDS,
  SecureSecretRef,
  SecureSecretRefProps,
  TodoBackend,
  TodoBackendProps,
  TodoFrontendProps,
  WorkloadLabels,
} from '../constructs';
import { TodoAppValues, WorkloadValues } from './values';

export const EMBEDDED_DATABASE_SCALING_MESSAGE =
  'the embedded database lives on one pod: backend.replicaCount > 1 or backend.autoscaling.enabled ' +
  'needs database.external=true and DATABASE_URL (a PostgreSQL URL) in the Secret';

type H = Helm<TodoAppValues>;
type Component = 'backend' | 'frontend';

/** The names every object takes from the release (helpers in _helpers.tpl). */
export function releaseNames(h: H) {
  return {
    fullname: h.include('fullname'),
    backend: h.include('backend.fullname'),
    frontend: h.include('frontend.fullname'),
    backendServiceAccount: h.include('backend.serviceAccountName'),
    frontendServiceAccount: h.include('frontend.serviceAccountName'),
  };
}
export type ReleaseNames = ReturnType<typeof releaseNames>;

/** Labels of one component of the release. */
export function componentLabels(h: H, component: string, pod?: Record<string, string>): WorkloadLabels {
  return new WorkloadLabels({
    component,
    release: h.includeMap('selectorLabels'),
    common: h.includeMap('labels'),
    pod,
  });
}

/** Where the backend keeps its data; refuses more than one pod on the embedded database. */
export function storage(h: H) {
  const v = h.values;
  const embedded = h.not(v.database.external);
  h.fail(
    h.and(embedded, h.or(h.gt(v.backend.replicaCount, 1), v.backend.autoscaling.enabled)),
    EMBEDDED_DATABASE_SCALING_MESSAGE,
  );
  return { embedded, onClaim: h.and(embedded, v.persistence.enabled) };
}
export type Storage = ReturnType<typeof storage>;

export function secretsProps(h: H, store: Storage): SecureSecretRefProps {
  return {
    secretName: h.values.secrets.name,
    keys: { ...BACKEND_SECRETS, DATABASE_URL: { ...BACKEND_SECRETS.DATABASE_URL, optional: store.embedded } },
  };
}

/** The embedded database's claim, when it is on one; kept on uninstall, so users' data survives. */
export function dataClaimProps(
  h: H,
  names: ReleaseNames,
  labels: WorkloadLabels,
  store: Storage,
): DataVolumeClaimProps | undefined {
  const v = h.values;
  const claim = h.when(store.onClaim, {
    size: v.persistence.size,
    storageClass: h.optional(v.persistence.storageClass),
  });
  if (!claim) return undefined;
  return { name: names.backend, labels, annotations: { 'helm.sh/resource-policy': 'keep' }, ...claim };
}

/** What both workloads take from their values the same way. */
function workloadProps(h: H, w: WorkloadValues, component: Component) {
  const v = h.values;
  return {
    image: h.include(`${component}.image`),
    imagePullPolicy: w.image.pullPolicy,
    replicas: h.unless(w.autoscaling.enabled, w.replicaCount),
    resources: h.toYaml(w.resources),
    livenessProbe: w.livenessProbe,
    readinessProbe: w.readinessProbe,
    autoscaling: h.when(w.autoscaling.enabled, w.autoscaling),
    disruptionBudget: h.when(v.podDisruptionBudget.enabled, { maxUnavailable: 1 }),
    serviceAccount: h.when(v.serviceAccount.create, {
      annotations: h.optional(v.serviceAccount.annotations),
    }),
    extraEnv: h.optional(w.extraEnv),
    pod: {
      annotations: h.optional(w.podAnnotations),
      nodeSelector: h.optional(w.nodeSelector),
      tolerations: h.optional(w.tolerations),
      affinity: h.optional(w.affinity),
      topologySpreadConstraints: h.optional(w.topologySpreadConstraints),
      priorityClassName: h.optional(w.priorityClassName),
      imagePullSecrets: h.optional(v.imagePullSecrets),
    },
  };
}

export function backendProps(
  h: H,
  context: { names: ReleaseNames; labels: WorkloadLabels; secrets: SecureSecretRef; store: Storage },
): TodoBackendProps {
  const v = h.values;
  const { names, store } = context;
  return {
    name: names.backend,
    labels: context.labels,
    secrets: context.secrets,
    ...workloadProps(h, v.backend, 'backend'),
    // A ReadWriteOnce claim cannot be mounted by a surge pod: replace the pod instead.
    strategy: {
      type: h.ternary(store.onClaim, 'Recreate', 'RollingUpdate'),
      rollingUpdate: h.unless(store.onClaim, { maxSurge: 1, maxUnavailable: 0 }),
    },
    service: { port: v.backend.service.port, annotations: h.optional(v.backend.service.annotations) },
    serviceAccountName: names.backendServiceAccount,
    role: h.when(v.rbac.create, { name: names.backendServiceAccount }),
    settings: {
      logLevel: v.backend.logLevel,
      tokenTtlSeconds: v.backend.tokenTtlSeconds,
      corsOrigins: h.join(',', v.backend.corsOrigins),
      cohereModel: v.backend.cohereModel,
    },
    shutdown: {
      drainDelayMs: h.mul(v.backend.shutdownDelaySeconds, 1000),
      terminationGracePeriodSeconds: h.add(v.backend.shutdownDelaySeconds, IN_FLIGHT_ALLOWANCE_SECONDS),
    },
    dataVolume: {
      persistentVolumeClaim: h.ifThen(store.onClaim, { claimName: names.backend }),
      emptyDir: h.unless(store.onClaim, {}),
    },
    networkPolicy: h.when(v.networkPolicy.enabled, { databasePort: v.networkPolicy.databasePort }),
  };
}

export function frontendProps(
  h: H,
  context: { names: ReleaseNames; labels: WorkloadLabels; backend: TodoBackend },
): TodoFrontendProps {
  const v = h.values;
  const { names } = context;
  const service = v.frontend.service;
  return {
    name: names.frontend,
    labels: context.labels,
    backend: context.backend,
    ...workloadProps(h, v.frontend, 'frontend'),
    service: {
      type: service.type,
      port: service.port,
      nodePort: h.ifThen(
        h.and(h.eq(service.type, 'NodePort'), service.nodePort),
        service.nodePort ?? undefined,
      ),
      annotations: h.optional(service.annotations),
    },
    serviceAccountName: names.frontendServiceAccount,
    ingress: h.when(v.ingress.enabled, {
      name: names.fullname,
      className: v.ingress.className,
      host: v.ingress.host,
      annotations: h.optional(v.ingress.annotations),
      tls: h.optional(v.ingress.tls),
    }),
    networkPolicy: h.when(v.networkPolicy.enabled, {
      ingressControllerNamespace: h.unless(
        v.networkPolicy.allowExternal,
        v.networkPolicy.ingressControllerNamespace,
      ),
    }),
  };
}

/** A `helm test` pod that checks one URL from inside the namespace, with the backend image. */
export function testPodProps(
  h: H,
  context: { names: ReleaseNames; labels: WorkloadLabels; component: string; url: string },
): HttpCheckPodProps {
  const v = h.values;
  return {
    name: `${context.names.fullname}-test-${context.component}`,
    labels: context.labels,
    image: h.include('backend.image'),
    imagePullPolicy: v.backend.image.pullPolicy,
    imagePullSecrets: h.optional(v.imagePullSecrets),
    url: context.url,
    annotations: {
      'helm.sh/hook': 'test',
      'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
    },
  };
}
