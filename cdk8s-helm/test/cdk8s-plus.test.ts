/**
 * Every cdk8s-plus construct a chart commonly uses, built from values, through
 * the exported proof: `verifyChart` runs the real helm over the defaults and
 * generated value sets that change every value, and compares with the manifests
 * as YAML 1.1 and 1.2. (cdk8s-plus-28 has no PodDisruptionBudget construct: the
 * typed binding stands in for it.)
 */
import { Type } from '@sinclair/typebox';
import { Cron, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { defineHelmChart, formatReport, standardHelpers, verifyChart } from '../src';
import { HELM, helmTest } from './support';

const values = Type.Object(
  {
    image: Type.String({ pattern: '^[a-z0-9./:-]+$', default: 'nginx:1.27', description: 'Image' }),
    replicas: Type.Integer({ minimum: 1, maximum: 5, default: 2, description: 'Database pods' }),
    port: Type.Integer({ minimum: 1024, maximum: 65535, default: 8080, description: 'Container port' }),
    config: Type.Record(Type.String(), Type.String(), {
      default: { MODE: 'yes', LEVEL: 'info' },
      description: 'ConfigMap data',
    }),
    host: Type.String({ pattern: '^[a-z.]+$', default: 'web.example.com', description: 'Ingress host' }),
    ingress: Type.Object(
      { enabled: Type.Boolean({ default: true, description: 'Make the Ingress' }) },
      { description: 'Ingress', additionalProperties: false },
    ),
    autoscaling: Type.Object(
      {
        minReplicas: Type.Integer({ minimum: 1, maximum: 3, default: 2, description: 'Fewest pods' }),
        maxReplicas: Type.Integer({ minimum: 3, maximum: 10, default: 5, description: 'Most pods' }),
      },
      { description: 'HPA', additionalProperties: false },
    ),
    maxUnavailable: Type.Integer({ minimum: 0, maximum: 3, default: 1, description: 'PDB' }),
    suspendBackups: Type.Boolean({ default: false, description: 'Suspend the backup CronJob' }),
    automountToken: Type.Boolean({ default: false, description: 'Mount the ServiceAccount token' }),
    backoffLimit: Type.Integer({ minimum: 0, maximum: 10, default: 3, description: 'Job retries' }),
  },
  { additionalProperties: false },
);

const chart = defineHelmChart({
  chart: { name: 'plus', version: '1.0.0', appVersion: '1.0.0', description: 'cdk8s-plus constructs' },
  values,
  helpers: () => standardHelpers({}),
  build: (scope, h) => {
    const v = h.values;
    const name = h.include('fullname');
    const container = { image: v.image, portNumber: v.port, securityContext: { ensureNonRoot: false } };
    const config = new kplus.ConfigMap(scope, 'Config', {
      metadata: { name: `${name}-config` },
      data: h.toYaml(v.config),
    });
    const secret = new kplus.Secret(scope, 'Secret', {
      metadata: { name: `${name}-secret` },
      stringData: { token: 'not-a-real-token' },
    });
    const serviceAccount = new kplus.ServiceAccount(scope, 'Sa', {
      metadata: { name },
      automountToken: v.automountToken,
    });
    const web = new kplus.Deployment(scope, 'Web', {
      metadata: { name },
      serviceAccount,
      podMetadata: { annotations: { 'checksum/config': h.checksum(v.config) } },
      containers: [{ ...container, envFrom: [kplus.Env.fromConfigMap(config)] }],
    });
    const service = web.exposeViaService({ name, ports: [{ port: 80, targetPort: v.port }] });
    const ingress = h.when(v.ingress.enabled, { host: v.host });
    if (ingress) {
      new kplus.Ingress(scope, 'Ingress', {
        metadata: { name },
        rules: [{ host: ingress.host, path: '/', backend: kplus.IngressBackend.fromService(service) }],
      });
    }
    new kplus.HorizontalPodAutoscaler(scope, 'Hpa', {
      metadata: { name },
      target: web,
      minReplicas: v.autoscaling.minReplicas,
      maxReplicas: v.autoscaling.maxReplicas,
    });
    new kplus.k8s.KubePodDisruptionBudget(scope, 'Pdb', {
      metadata: { name },
      spec: {
        maxUnavailable: kplus.k8s.IntOrString.fromNumber(v.maxUnavailable),
        selector: { matchLabels: { 'cdk8s.io/metadata.addr': 'plus-Web-c8b0a8ba' } },
      },
    });
    new kplus.StatefulSet(scope, 'Db', {
      metadata: { name: `${name}-db` },
      replicas: v.replicas,
      containers: [{ ...container, envFrom: [kplus.Env.fromSecret(secret)] }],
    });
    new kplus.DaemonSet(scope, 'Agent', { metadata: { name: `${name}-agent` }, containers: [container] });
    new kplus.Job(scope, 'Migrate', {
      metadata: { name: `${name}-migrate` },
      backoffLimit: v.backoffLimit,
      containers: [container],
    });
    new kplus.CronJob(scope, 'Backup', {
      metadata: { name: `${name}-backup` },
      schedule: Cron.daily(),
      suspend: v.suspendBackups,
      ttlAfterFinished: Duration.hours(1),
      containers: [container],
    });
    const policy = new kplus.NetworkPolicy(scope, 'Policy', { metadata: { name }, selector: web });
    policy.addIngressRule(web, [kplus.NetworkPolicyPort.tcp(8080)]);
    const role = new kplus.Role(scope, 'Role', { metadata: { name } });
    role.allowRead(secret);
  },
});

helmTest(
  'every common cdk8s-plus construct renders as helm template does, for every generated value set',
  () => {
    const report = verifyChart(chart, { helm: HELM });
    const kinds = new Set(
      chart
        .manifestObjects(chart.defaults(), { name: 'r', namespace: 'n' }, { hooks: true })
        .map((o) => String(o.kind)),
    );
    expect([...kinds].sort()).toEqual(
      [
        'ConfigMap',
        'CronJob',
        'DaemonSet',
        'Deployment',
        'HorizontalPodAutoscaler',
        'Ingress',
        'Job',
        'NetworkPolicy',
        'PodDisruptionBudget',
        'Role',
        'Secret',
        'Service',
        'ServiceAccount',
        'StatefulSet',
      ].sort(),
    );
    expect({ ok: report.ok, report: formatReport(report) }).toEqual({
      ok: true,
      report: expect.stringContaining('OK'),
    });
  },
  300_000,
);
