/**
 * The Todo AI Chatbot on Kubernetes:
 *
 *   browser ─▶ Ingress (nginx) ─▶ frontend :3000 ─▶ backend :8000 ─▶ PostgreSQL / embedded (PVC) · Cohere
 *                                 (Next.js UI,      (Fastify API, chat agent,
 *                                  proxies /api)     MCP server; Secret app-secrets)
 *
 * `TodoApp` is written once against `Helm<TodoAppValues>`; the cdk8s-helm bridge
 * renders it as plain manifests for given values and as a Helm chart whose
 * templates make the same decisions at install time.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineHelmChart, Helm } from 'cdk8s-helm';
import { todoAppHelpers } from './chart/helpers';
import { CHART, DEFAULT_RELEASE, imageAnnotations } from './chart/metadata';
import { NOTES } from './chart/notes';
import { README_INTRO, README_PARTS } from './chart/readme';
import { TodoAppValues, valuesSchema, WorkloadValues } from './chart/values';
import { DataVolumeClaim } from './constructs/data-volume-claim';
import { HttpCheckPod } from './constructs/http-check-pod';
import { SecureSecretRef } from './constructs/secure-secret-ref';
import { BACKEND_SECRETS, IN_FLIGHT_ALLOWANCE_SECONDS, TodoBackend } from './constructs/todo-backend';
import { TodoFrontend } from './constructs/todo-frontend';
import { WorkloadLabels } from './constructs/workload-labels';

export const EMBEDDED_DATABASE_SCALING_MESSAGE =
  'the embedded database lives on one pod: backend.replicaCount > 1 or backend.autoscaling.enabled ' +
  'needs database.external=true and DATABASE_URL (a PostgreSQL URL) in the Secret';

export class TodoApp extends Construct {
  public readonly secrets: SecureSecretRef;
  public readonly backend: TodoBackend;
  public readonly frontend: TodoFrontend;

  constructor(scope: Construct, id: string, h: Helm<TodoAppValues>) {
    super(scope, id);
    const v = h.values;
    const names = {
      fullname: h.include('fullname'),
      backend: h.include('backend.fullname'),
      frontend: h.include('frontend.fullname'),
      backendServiceAccount: h.include('backend.serviceAccountName'),
      frontendServiceAccount: h.include('frontend.serviceAccountName'),
    };
    const labels = (component: string, pod?: Record<string, string>) =>
      new WorkloadLabels({
        component,
        release: h.includeMap('selectorLabels'),
        common: h.includeMap('labels'),
        pod,
      });
    const backendLabels = labels('backend', v.backend.podLabels);

    // The embedded database lives on one volume, so one backend pod at a time.
    const embedded = h.not(v.database.external);
    h.fail(
      h.and(embedded, h.or(h.gt(v.backend.replicaCount, 1), v.backend.autoscaling.enabled)),
      EMBEDDED_DATABASE_SCALING_MESSAGE,
    );
    const onClaim = h.and(embedded, v.persistence.enabled);

    // What both workloads take from their values the same way.
    const workload = (w: WorkloadValues, component: 'backend' | 'frontend') => ({
      image: h.include(`${component}.image`),
      imagePullPolicy: w.image.pullPolicy,
      replicas: h.unless(w.autoscaling.enabled, w.replicaCount),
      resources: h.toYaml(w.resources),
      livenessProbe: w.livenessProbe,
      readinessProbe: w.readinessProbe,
      autoscaling: h.when(w.autoscaling.enabled, w.autoscaling),
      disruptionBudget: h.when(v.podDisruptionBudget.enabled, { maxUnavailable: 1 }) ?? (false as const),
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
    });

    this.secrets = new SecureSecretRef(this, 'AppSecrets', {
      secretName: v.secrets.name,
      keys: { ...BACKEND_SECRETS, DATABASE_URL: { ...BACKEND_SECRETS.DATABASE_URL, optional: embedded } },
    });

    const claim = h.when(onClaim, {
      size: v.persistence.size,
      storageClass: h.optional(v.persistence.storageClass),
    });
    if (claim) {
      // Kept on uninstall: deleting a release should not delete its users' data.
      const annotations = { 'helm.sh/resource-policy': 'keep' };
      new DataVolumeClaim(this, 'Data', {
        name: names.backend,
        labels: backendLabels,
        annotations,
        ...claim,
      });
    }

    this.backend = new TodoBackend(this, 'Backend', {
      name: names.backend,
      labels: backendLabels,
      secrets: this.secrets,
      ...workload(v.backend, 'backend'),
      // A ReadWriteOnce claim cannot be mounted by a surge pod: replace the pod instead.
      strategy: {
        type: h.ternary(onClaim, 'Recreate', 'RollingUpdate'),
        rollingUpdate: h.unless(onClaim, { maxSurge: 1, maxUnavailable: 0 }),
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
        persistentVolumeClaim: h.ifThen(onClaim, { claimName: names.backend }),
        emptyDir: h.unless(onClaim, {}),
      },
      networkPolicy: h.when(v.networkPolicy.enabled, { databasePort: v.networkPolicy.databasePort }) ?? false,
    });

    const service = v.frontend.service;
    this.frontend = new TodoFrontend(this, 'Frontend', {
      name: names.frontend,
      labels: labels('frontend', v.frontend.podLabels),
      backend: this.backend,
      ...workload(v.frontend, 'frontend'),
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
      networkPolicy:
        h.when(v.networkPolicy.enabled, {
          ingressControllerNamespace: h.unless(
            v.networkPolicy.allowExternal,
            v.networkPolicy.ingressControllerNamespace,
          ),
        }) ?? false,
    });

    // `helm test`: each Service answers, checked from inside the namespace with the backend image.
    const testLabels = labels('test');
    const checks = { backend: `${this.backend.url}/ready`, frontend: `${this.frontend.workload.url}/` };
    for (const [component, url] of Object.entries(checks)) {
      new HttpCheckPod(this, `Test${component[0].toUpperCase()}${component.slice(1)}`, {
        name: `${names.fullname}-test-${component}`,
        labels: testLabels,
        image: h.include('backend.image'),
        imagePullPolicy: v.backend.image.pullPolicy,
        imagePullSecrets: h.optional(v.imagePullSecrets),
        url,
        annotations: {
          'helm.sh/hook': 'test',
          'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
        },
      });
    }
    this.backend.allowFrom(testLabels);
    this.frontend.allowFrom(testLabels);

    for (const object of this.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject)) {
      for (const [key, value] of Object.entries(v.commonAnnotations))
        object.metadata.addAnnotation(key, value);
    }
  }
}

/** The chart: values model, helpers, notes and README around `TodoApp`. */
export const todoApp = defineHelmChart({
  chart: CHART,
  chartAnnotations: (_values, include) => imageAnnotations(include),
  values: valuesSchema,
  helpers: todoAppHelpers,
  build: (scope, helm) => new TodoApp(scope, 'TodoApp', helm),
  notes: NOTES,
  valuesHeader: `Default values of the ${CHART.name} chart, generated by \`npm run synth\` from chart/values.ts:
edit that file, not this one. Every key is checked against values.schema.json.

Secrets never go here: the backend reads ${Object.keys(BACKEND_SECRETS).join(', ')}
from an existing Secret (secrets.name). See NOTES.txt or README.md.`,
  readme: { intro: README_INTRO, parts: README_PARTS },
  extraFiles: {
    '.helmignore': [
      '# Patterns ignored when packaging the chart.',
      '.DS_Store',
      '.git/',
      '*.swp',
      '*.bak',
      '*.tmp',
      '*~',
      '.vscode/',
      '.idea/',
      '',
    ].join('\n'),
  },
});

// `cdk8s synth` (cdk8s.yaml) runs this file: the plain manifests for the default release.
if (require.main === module) {
  const outdir = process.env.CDK8S_OUTDIR ?? join('dist', 'manifests');
  mkdirSync(outdir, { recursive: true });
  const manifests = todoApp.manifests(todoApp.defaults(), DEFAULT_RELEASE, { createNamespace: true });
  writeFileSync(join(outdir, `${CHART.name}.k8s.yaml`), manifests);
}
