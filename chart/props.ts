/**
 * From the chart's values to the constructs' props: every `h.when`, `h.ifThen`,
 * `h.optional` and `h.toYaml` of the app lives here, beside the values model, so
 * `main.ts` only composes the constructs.
 */
import { Helm } from 'cdk8s-helm';
import {
  ANY_DESTINATION_RULE,
  BACKEND_PROBES,
  BACKEND_SECRETS,
  backendMetrics,
  CHECK_POD_SECURITY_CONTEXT,
  DataVolumeClaimProps,
  DeploymentStrategyOptions,
  FRONTEND_PROBES,
  HttpCheckPodProps,
  IN_FLIGHT_ALLOWANCE_SECONDS,
  METRICS_PORT_NAME,
  NAMESPACE_NAME_LABEL,
  SecureSecretRef,
  SecureSecretRefProps,
  SecurityContexts,
  TodoBackend,
  TodoBackendProps,
  TodoFrontendProps,
  WorkloadLabels,
  WorkloadMetricsProps,
} from '../constructs';
import { EnvFromSource } from '../imports/k8s';
import { TodoAppValues, WorkloadValues } from './values';

export const EMBEDDED_DATABASE_SCALING_MESSAGE =
  'the embedded database lives on one pod: backend.replicaCount > 1 or backend.autoscaling.enabled ' +
  'needs database.external=true and DATABASE_URL (a PostgreSQL URL) in the Secret';

/** The Prometheus Operator's API: ServiceMonitor and PrometheusRule exist only where it is served. */
export const PROMETHEUS_OPERATOR_API = 'monitoring.coreos.com/v1';

type H = Helm<TodoAppValues>;
type Component = 'backend' | 'frontend';

/** The names every object takes from the release (helpers in _helpers.tpl). */
export function releaseNames(h: H) {
  return {
    fullname: h.include('fullname'),
    namespace: h.include('namespace'),
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

/** Below the restricted Pod Security Standard (or without the read-only root filesystem), in a template's terms. */
function belowRestricted(h: H, w: WorkloadValues): boolean {
  const pod = w.podSecurityContext;
  const container = w.containerSecurityContext;
  return h.or(
    h.not(pod.enabled),
    h.not(container.enabled),
    h.not(pod.runAsNonRoot),
    h.not(container.runAsNonRoot),
    h.not(pod.runAsUser),
    h.not(container.runAsUser),
    container.privileged,
    container.allowPrivilegeEscalation,
    h.not(container.readOnlyRootFilesystem),
    h.not(h.has(container.capabilities.drop, 'ALL')),
    container.capabilities.add,
    h.eq(pod.seccompProfile.type, 'Unconfined'),
    h.eq(container.seccompProfile.type, 'Unconfined'),
  );
}

export const belowRestrictedMessage = (component: Component) =>
  `${component}.podSecurityContext or ${component}.containerSecurityContext falls below the restricted Pod ` +
  'Security Standard (or drops the read-only root filesystem): set security.allowBelowRestricted=true if ' +
  'that is meant';

/** Security contexts that fall below the platform policy must be asked for. */
export function checkPodSecurity(h: H): void {
  for (const component of ['backend', 'frontend'] as const) {
    h.fail(
      h.and(h.not(h.values.security.allowBelowRestricted), belowRestricted(h, h.values[component])),
      belowRestrictedMessage(component),
    );
  }
}

/** True (as a template sees it) when OpenShift assigns the uid and gid: they are then left out. */
const openshiftAdapted = (h: H) => h.include('openshiftAdapted');

function seccompProfile(h: H, profile: WorkloadValues['podSecurityContext']['seccompProfile']) {
  return { type: profile.type, localhostProfile: h.optional(profile.localhostProfile) };
}

/** Bitnami's podSecurityContext and containerSecurityContext, adapted for OpenShift. */
function securityContexts(h: H, w: WorkloadValues): SecurityContexts {
  const adapted = openshiftAdapted(h);
  const pod = w.podSecurityContext;
  const container = w.containerSecurityContext;
  return {
    pod: h.ifThen(pod.enabled, {
      runAsNonRoot: pod.runAsNonRoot,
      runAsUser: h.unless(adapted, pod.runAsUser),
      runAsGroup: h.unless(adapted, pod.runAsGroup),
      fsGroup: h.unless(adapted, pod.fsGroup),
      fsGroupChangePolicy: h.optional(pod.fsGroupChangePolicy),
      supplementalGroups: h.optional(pod.supplementalGroups),
      sysctls: h.optional(pod.sysctls),
      seccompProfile: seccompProfile(h, pod.seccompProfile),
    }),
    container: h.ifThen(container.enabled, {
      runAsNonRoot: container.runAsNonRoot,
      runAsUser: h.unless(adapted, container.runAsUser),
      runAsGroup: h.unless(adapted, container.runAsGroup),
      privileged: container.privileged,
      allowPrivilegeEscalation: container.allowPrivilegeEscalation,
      readOnlyRootFilesystem: container.readOnlyRootFilesystem,
      capabilities: {
        drop: h.toYaml(container.capabilities.drop),
        add: h.optional(container.capabilities.add),
      },
      seccompProfile: seccompProfile(h, container.seccompProfile),
      seLinuxOptions: h.optional(container.seLinuxOptions),
    }),
  };
}

/** Today's probes with their timing values, or the custom ones given whole. */
function probes(h: H, w: WorkloadValues, component: Component) {
  const defaults = component === 'backend' ? BACKEND_PROBES : FRONTEND_PROBES;
  const { enabled: startupEnabled, ...startupTimings } = w.startupProbe;
  // One guard for both parts of the startup probe, so the field exists exactly when either does.
  const startup = h.ifThen(h.or(w.customStartupProbe, startupEnabled), {
    built: h.ifThen(h.and(startupEnabled, h.not(w.customStartupProbe)), {
      ...defaults.startup,
      ...startupTimings,
    }),
    custom: h.optional(w.customStartupProbe),
  });
  return {
    // Each built probe carries its path and port, so all of it gives way to a custom one.
    livenessProbe: h.unless(w.customLivenessProbe, { ...defaults.liveness, ...w.livenessProbe }),
    readinessProbe: h.unless(w.customReadinessProbe, { ...defaults.readiness, ...w.readinessProbe }),
    startupProbe: startup?.built,
    customProbes: {
      liveness: h.optional(w.customLivenessProbe),
      readiness: h.optional(w.customReadinessProbe),
      startup: startup?.custom,
    },
  };
}

/** extraEnvVarsCM and extraEnvVarsSecret as envFrom sources. */
function envFrom(h: H, w: WorkloadValues): EnvFromSource[] | undefined {
  const sources = [
    h.ifThen(w.extraEnvVarsCM, { configMapRef: { name: w.extraEnvVarsCM } }),
    h.ifThen(w.extraEnvVarsSecret, { secretRef: { name: w.extraEnvVarsSecret } }),
  ].filter((source) => source !== undefined);
  return h.ifThen(h.or(w.extraEnvVarsCM, w.extraEnvVarsSecret), sources);
}

/** updateStrategy, where an empty type means the chart's choice. */
function strategy(h: H, w: WorkloadValues, chosen: string): DeploymentStrategyOptions {
  const type = h.ternary(h.ne(w.updateStrategy.type, ''), w.updateStrategy.type, chosen);
  return {
    type,
    rollingUpdate: h.ifThen(h.eq(type, 'RollingUpdate'), h.toYaml(w.updateStrategy.rollingUpdate)),
  };
}

/** What both workloads take from their values the same way. */
function workloadProps(h: H, w: WorkloadValues, component: Component) {
  const v = h.values;
  return {
    image: h.include(`${component}.image`),
    imagePullPolicy: w.image.pullPolicy,
    replicas: h.unless(w.autoscaling.enabled, w.replicaCount),
    resources: h.toYaml(w.resources),
    ...probes(h, w, component),
    autoscaling: h.when(w.autoscaling.enabled, w.autoscaling),
    disruptionBudget: h.when(v.podDisruptionBudget.enabled, { maxUnavailable: 1 }),
    serviceAccount: h.when(v.serviceAccount.create, {
      annotations: h.optional(v.serviceAccount.annotations),
    }),
    extraEnv: h.optional(w.extraEnv),
    envFrom: envFrom(h, w),
    command: h.optional(w.command),
    args: h.optional(w.args),
    lifecycle: h.optional(w.lifecycleHooks),
    extraVolumes: h.optional(w.extraVolumes),
    extraVolumeMounts: h.optional(w.extraVolumeMounts),
    initContainers: h.optional(w.initContainers),
    sidecars: h.optional(w.sidecars),
    automountServiceAccountToken: w.automountServiceAccountToken,
    securityContexts: securityContexts(h, w),
    pod: {
      annotations: h.optional(w.podAnnotations),
      nodeSelector: h.optional(w.nodeSelector),
      tolerations: h.optional(w.tolerations),
      affinity: h.optional(w.affinity),
      topologySpreadConstraints: h.optional(w.topologySpreadConstraints),
      priorityClassName: h.optional(w.priorityClassName),
      imagePullSecrets: h.optional(v.imagePullSecrets),
      hostAliases: h.optional(w.hostAliases),
    },
  };
}

/** extraIngress, extraEgress and allowExternalEgress: the same for both workloads' policies. */
function extraRules(h: H) {
  const np = h.values.networkPolicy;
  const external = h.ifThen(np.allowExternalEgress, ANY_DESTINATION_RULE);
  return {
    extraIngress: h.optional(np.extraIngress),
    extraEgress: [...(h.optional(np.extraEgress) ?? []), ...(external ? [external] : [])],
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
    strategy: strategy(h, v.backend, h.ternary(store.onClaim, 'Recreate', 'RollingUpdate')),
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
    metrics: h.ifThen(v.metrics.enabled, backendMetrics(v.metrics.port)),
    networkPolicy: h.when(v.networkPolicy.enabled, {
      databasePort: v.networkPolicy.databasePort,
      ...extraRules(h),
    }),
  };
}

export function frontendProps(
  h: H,
  context: { names: ReleaseNames; labels: WorkloadLabels; backend: TodoBackend },
): TodoFrontendProps {
  const v = h.values;
  const { names } = context;
  const service = v.frontend.service;
  const np = v.networkPolicy;
  return {
    name: names.frontend,
    labels: context.labels,
    backend: context.backend,
    ...workloadProps(h, v.frontend, 'frontend'),
    strategy: strategy(h, v.frontend, 'RollingUpdate'),
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
    networkPolicy: h.when(np.enabled, {
      ingressController: h.unless(np.allowExternal, {
        namespaceSelector: {
          matchLabels: {
            [NAMESPACE_NAME_LABEL]: np.ingressControllerNamespace,
            ...h.optional(np.ingressNSMatchLabels),
          },
        },
        podSelector: h.ifThen(np.ingressNSPodMatchLabels, {
          matchLabels: h.toYaml(np.ingressNSPodMatchLabels),
        }),
      }),
      ...extraRules(h),
    }),
  };
}

/** ServiceMonitor and PrometheusRule when the cluster has the Prometheus Operator; the scraper's way in. */
export function metricsProps(h: H, names: ReleaseNames, backend: TodoBackend): WorkloadMetricsProps {
  const m = h.values.metrics;
  const operator = h.and(m.enabled, h.hasApiVersion(PROMETHEUS_OPERATOR_API));
  const scrapers = h.values.networkPolicy.metrics;
  return {
    workload: backend.workload,
    portName: METRICS_PORT_NAME,
    port: m.port,
    serviceMonitor: h.when(h.and(operator, m.serviceMonitor.enabled), {
      namespace: h.ternary(h.ne(m.serviceMonitor.namespace, ''), m.serviceMonitor.namespace, names.namespace),
      interval: h.optional(m.serviceMonitor.interval),
      labels: h.optional(m.serviceMonitor.labels),
    }),
    alerts: h.when(h.and(operator, m.prometheusRule.enabled), {
      namespace: h.ternary(h.ne(m.prometheusRule.namespace, ''), m.prometheusRule.namespace, names.namespace),
      labels: h.optional(m.prometheusRule.labels),
    }),
    scraperAccess: h.when(h.and(m.enabled, h.values.networkPolicy.enabled), {
      from: [
        {
          namespaceSelector: { matchLabels: h.toYaml(scrapers.ingressNSMatchLabels) },
          podSelector: { matchLabels: h.toYaml(scrapers.ingressNSPodMatchLabels) },
        },
      ],
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
    podSecurityContext: {
      ...CHECK_POD_SECURITY_CONTEXT,
      runAsUser: h.unless(openshiftAdapted(h), CHECK_POD_SECURITY_CONTEXT.runAsUser),
      runAsGroup: h.unless(openshiftAdapted(h), CHECK_POD_SECURITY_CONTEXT.runAsGroup),
    },
    annotations: {
      'helm.sh/hook': 'test',
      'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
    },
  };
}
