/**
 * A second chart through the same bridge, to show it is general: a web app
 * (any HTTP image) and Redis with its data on a PersistentVolumeClaim, built
 * from the repository's ProbedDeployment and DataVolumeClaim constructs. Nothing
 * here is about the todo app.
 *
 *   Service web :80 ─▶ web pods :8080 ─▶ Service redis :6379 ─▶ redis pod ─▶ PVC
 */
import { Static, Type } from '@sinclair/typebox';
import { Construct } from 'constructs';
import { defineHelmChart, Helm, standardHelpers } from 'cdk8s-helm';
import { DataVolumeClaim } from '../../constructs/data-volume-claim';
import { ProbedDeployment, SERVICE_TYPES, ServiceType } from '../../constructs/probed-deployment';
import { WorkloadLabels } from '../../constructs/workload-labels';

const QUANTITY = '^[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$';
const REPOSITORY = '^[a-z0-9]+([._/-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*$';

const image = (repository: string, tag: string) =>
  Type.Object(
    {
      repository: Type.String({ pattern: REPOSITORY, default: repository, description: 'Image repository' }),
      tag: Type.String({
        pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$',
        default: tag,
        description: 'Image tag',
      }),
    },
    { description: 'Container image', additionalProperties: false },
  );

const resources = (cpu: string, memory: string) =>
  Type.Object(
    {
      requests: Type.Optional(Type.Record(Type.String(), Type.String({ pattern: QUANTITY }))),
      limits: Type.Optional(Type.Record(Type.String(), Type.String({ pattern: QUANTITY }))),
    },
    {
      description: 'Requests and limits',
      additionalProperties: false,
      default: { requests: { cpu, memory }, limits: { memory } },
    },
  );

export const webRedisValues = Type.Object(
  {
    web: Type.Object(
      {
        replicaCount: Type.Integer({ minimum: 1, maximum: 50, default: 2, description: 'Web pods' }),
        image: image('ghcr.io/example/guestbook', '1.0.0'),
        port: Type.Integer({
          minimum: 1024,
          maximum: 65535,
          default: 8080,
          description: 'Port the web container listens on',
        }),
        healthPath: Type.String({
          pattern: '^/',
          default: '/healthz',
          description: 'HTTP path of the health check',
        }),
        service: Type.Object(
          {
            type: Type.Unsafe<ServiceType>({
              type: 'string',
              enum: [...SERVICE_TYPES],
              default: 'ClusterIP',
              description: 'Service type',
            }),
            port: Type.Integer({ minimum: 1, maximum: 65535, default: 80, description: 'Service port' }),
          },
          { description: 'Web Service', additionalProperties: false },
        ),
        resources: resources('50m', '64Mi'),
        extraEnv: Type.Array(
          Type.Object(
            { name: Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), value: Type.String() },
            { additionalProperties: false },
          ),
          {
            default: [],
            description: 'Extra environment variables of the web container, as a list of {name, value}',
          },
        ),
      },
      { description: 'The web app', additionalProperties: false },
    ),
    redis: Type.Object(
      {
        image: image('redis', '7.4-alpine'),
        maxMemory: Type.String({
          pattern: '^[0-9]+(kb|mb|gb)$',
          default: '64mb',
          description: 'Redis maxmemory',
        }),
        persistence: Type.Object(
          {
            enabled: Type.Boolean({
              default: true,
              description: 'Keep Redis data on a PersistentVolumeClaim',
            }),
            size: Type.String({ pattern: QUANTITY, default: '512Mi', description: 'Size of the claim' }),
            storageClass: Type.String({
              default: '',
              description: 'StorageClass; empty for the cluster default',
            }),
          },
          { description: 'Redis data volume', additionalProperties: false },
        ),
        resources: resources('50m', '128Mi'),
      },
      { description: 'Redis, the web app store', additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export type WebRedisValues = Static<typeof webRedisValues>;

export interface WebRedisOptions {
  /** How many web workloads (web, web-2, web-3…) share the Redis: the benchmark scales this. @default 1 */
  readonly webWorkloads?: number;
}

const REDIS_PORT = 6379;

export class WebRedis extends Construct {
  constructor(scope: Construct, id: string, h: Helm<WebRedisValues>, options: WebRedisOptions = {}) {
    super(scope, id);
    const v = h.values;
    const labels = (component: string) =>
      new WorkloadLabels({
        component,
        release: h.includeMap('selectorLabels'),
        common: h.includeMap('labels'),
      });
    const name = (component: string) => `${h.include('fullname')}-${component}`;
    const timings = { initialDelaySeconds: 5, periodSeconds: 10, failureThreshold: 3 };

    const persistent = v.redis.persistence.enabled;
    const claim = h.when(persistent, {
      size: v.redis.persistence.size,
      storageClass: h.optional(v.redis.persistence.storageClass),
    });
    if (claim)
      new DataVolumeClaim(this, 'RedisData', { name: name('redis'), labels: labels('redis'), ...claim });

    const redis = new ProbedDeployment(this, 'Redis', {
      name: name('redis'),
      labels: labels('redis'),
      image: `${v.redis.image.repository}:${v.redis.image.tag}`,
      port: REDIS_PORT,
      portName: 'redis',
      args: ['redis-server', '--appendonly', 'yes', '--dir', '/data', '--maxmemory', v.redis.maxMemory],
      replicas: 1,
      strategy: { type: h.ternary(persistent, 'Recreate', 'RollingUpdate') },
      resources: h.toYaml(v.redis.resources),
      liveness: { command: ['redis-cli', 'ping'], ...timings },
      readiness: { command: ['redis-cli', 'ping'], ...timings, periodSeconds: 5 },
      disruptionBudget: { maxUnavailable: 1 },
      volumes: {
        data: {
          mountPath: '/data',
          source: {
            persistentVolumeClaim: h.ifThen(persistent, { claimName: name('redis') }),
            emptyDir: h.unless(persistent, {}),
          },
        },
      },
    });

    for (let index = 1; index <= (options.webWorkloads ?? 1); index++) {
      const component = index === 1 ? 'web' : `web-${index}`;
      new ProbedDeployment(this, `Web${index}`, {
        name: name(component),
        labels: labels(component),
        image: `${v.web.image.repository}:${v.web.image.tag}`,
        port: v.web.port,
        replicas: v.web.replicaCount,
        resources: h.toYaml(v.web.resources),
        liveness: { path: v.web.healthPath, ...timings },
        readiness: { path: v.web.healthPath, ...timings },
        env: { REDIS_HOST: redis.serviceName, REDIS_PORT: String(REDIS_PORT) },
        extraEnv: h.optional(v.web.extraEnv),
        service: { type: v.web.service.type, port: v.web.service.port },
        disruptionBudget: { maxUnavailable: 1 },
      });
    }
  }
}

export function webRedisChart(options: WebRedisOptions = {}) {
  return defineHelmChart({
    chart: {
      name: 'web-redis',
      version: '1.0.0',
      appVersion: '1.0.0',
      description: 'A web app and Redis on a persistent volume (an example of cdk8s-helm).',
    },
    values: webRedisValues,
    helpers: () => {
      const helpers = standardHelpers({});
      const describe = (name: string) => `${name} (helm create's)`;
      return Object.fromEntries(
        Object.entries(helpers).map(([name, body]) => [name, { body, description: describe(name) }]),
      );
    },
    build: (scope, h) => new WebRedis(scope, 'WebRedis', h, options),
    notes:
      'web-redis {{ .Chart.AppVersion }}: {{ include "web-redis.fullname" . }}-web ' +
      'serves on port {{ .Values.web.service.port }}.\n',
    readme: { intro: 'A web app and Redis on a persistent volume.', parts: ['parameters'] },
  });
}
