/**
 * The Todo AI Chatbot on Kubernetes:
 *
 *   browser ─▶ Ingress (nginx, todo-app.local) ─▶ frontend :3000 ─▶ backend :8000 ─▶ PostgreSQL / Cohere
 *                                                 (Next.js UI,      (Fastify API, chat agent,
 *                                                  proxies /api)     MCP server; Secret app-secrets)
 *
 * `npm run synth` renders this chart twice: with concrete values into
 * dist/manifests, and with template placeholders into the Helm chart.
 */
import { App, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { DEFAULT_RELEASE } from './chart/metadata';
import { concreteRelease, ReleaseContext } from './chart/release';
import { defaultValues, TodoAppValues } from './chart/values';
import { KubeNamespace } from './imports/k8s';
import { BACKEND_SECRET_KEYS, TodoBackend } from './constructs/todo-backend';
import { TodoFrontend } from './constructs/todo-frontend';
import { SecureSecretRef } from './constructs/secure-secret-ref';
import { WorkloadLabels } from './constructs/workload-labels';

export interface TodoAppChartProps extends ChartProps {
  readonly values: TodoAppValues;
  readonly release: ReleaseContext;
  /** Include the Namespace object (plain manifests; Helm creates it with --create-namespace). @default false */
  readonly createNamespace?: boolean;
}

const SECRET_KEYS: Record<(typeof BACKEND_SECRET_KEYS)[number], { optional: boolean; description: string }> =
  {
    COHERE_API_KEY: {
      optional: true,
      description: 'Cohere API key; without it the backend uses its built-in agent',
    },
    DATABASE_URL: {
      optional: true,
      description: 'PostgreSQL URL (e.g. Neon); without it the backend uses its embedded database',
    },
    JWT_SECRET: { optional: false, description: 'Secret that signs user tokens' },
  };

export class TodoAppChart extends Chart {
  public readonly secrets: SecureSecretRef;
  public readonly backend: TodoBackend;
  public readonly frontend: TodoFrontend;

  constructor(scope: Construct, id: string, props: TodoAppChartProps) {
    super(scope, id, { ...props, namespace: props.release.namespace, disableResourceNameHashes: true });
    const { values, release } = props;
    if (props.createNamespace)
      new KubeNamespace(this, 'Namespace', { metadata: { name: release.namespace } });
    const labels = (component: string) =>
      new WorkloadLabels({
        name: release.name,
        instance: release.releaseName,
        component,
        version: release.appVersion,
        extra: release.extraLabels,
      });
    // What both workloads take from their values the same way.
    const workload = (v: TodoAppValues['backend'] | TodoAppValues['frontend']) => ({
      image: `${v.image.repository}:${v.image.tag}`,
      imagePullPolicy: v.image.pullPolicy,
      replicas: v.replicaCount,
      resources: v.resources,
      livenessProbe: v.livenessProbe,
      readinessProbe: v.readinessProbe,
      autoscaling: v.autoscaling.enabled ? v.autoscaling : undefined,
      disruptionBudget: values.podDisruptionBudget.enabled,
    });

    this.secrets = new SecureSecretRef(this, 'AppSecrets', {
      secretName: values.secrets.name,
      keys: SECRET_KEYS,
    });

    this.backend = new TodoBackend(this, 'Backend', {
      name: release.backendName,
      labels: labels('backend'),
      ...workload(values.backend),
      secrets: this.secrets,
      servicePort: values.backend.service.port,
      serviceAccountName: release.backendServiceAccountName,
      createServiceAccount: values.serviceAccount.create,
      createRbac: values.rbac.create,
      logLevel: values.backend.logLevel,
      networkPolicy: values.networkPolicy.enabled,
    });

    this.frontend = new TodoFrontend(this, 'Frontend', {
      name: release.frontendName,
      labels: labels('frontend'),
      ...workload(values.frontend),
      backend: this.backend,
      serviceType: values.frontend.service.type,
      servicePort: values.frontend.service.port,
      nodePort: values.frontend.service.nodePort ?? undefined,
      createServiceAccount: values.serviceAccount.create,
      serviceAccountName: release.frontendServiceAccountName,
      ingress: values.ingress.enabled ? { name: release.fullname, ...values.ingress } : undefined,
      networkPolicy: values.networkPolicy.enabled && values.networkPolicy,
    });
  }
}

// `cdk8s synth` (cdk8s.yaml) runs this file: the plain manifests for the default release.
if (require.main === module) {
  const app = new App();
  const values = defaultValues();
  new TodoAppChart(app, DEFAULT_RELEASE.releaseName, {
    values,
    release: concreteRelease(values, DEFAULT_RELEASE),
    createNamespace: true,
  });
  app.synth();
}
