/** Unit tests of WorkloadMetrics and the pass-through props of ProbedDeployment. */
import { IntOrString } from '../../../imports/k8s';
import { ProbedDeployment, RESTRICTED_SECURITY_CONTEXTS, WorkloadMetrics } from '../../../constructs';
import { minimal, newChart, objectsOf } from '../support/constructs';
import { find } from '../support/objects';

describe('WorkloadMetrics', () => {
  function build(props: Partial<ConstructorParameters<typeof WorkloadMetrics>[2]> = {}) {
    const chart = newChart();
    const workload = new ProbedDeployment(chart, 'Web', {
      ...minimal,
      extraPorts: [{ name: 'metrics', containerPort: 9464, protocol: 'TCP' }],
    });
    new WorkloadMetrics(chart, 'Metrics', { workload, portName: 'metrics', port: 9464, ...props });
    return objectsOf(chart);
  }

  test('nothing but the port without options; each object when asked for', () => {
    expect(build().map((o) => o.kind)).toEqual(['Deployment', 'Service']);
    const objects = build({
      serviceMonitor: { interval: '15s', labels: { release: 'prom' } },
      alerts: {},
      scraperAccess: { from: [{ namespaceSelector: { matchLabels: { team: 'obs' } } }] },
    });
    expect(objects.map((o) => o.kind)).toEqual([
      'Deployment',
      'Service',
      'ServiceMonitor',
      'PrometheusRule',
      'NetworkPolicy',
    ]);
    const monitor = find(objects, 'ServiceMonitor', 'web');
    expect(monitor.metadata.labels.release).toBe('prom');
    expect(monitor.spec).toEqual({
      selector: { matchLabels: find(objects, 'Deployment', 'web').spec.selector.matchLabels },
      namespaceSelector: { matchNames: ['ns'] },
      endpoints: [{ port: 'metrics', path: '/metrics', interval: '15s' }],
    });
    const rules = find(objects, 'PrometheusRule', 'web').spec.groups[0].rules;
    expect(rules.map((r: { alert: string }) => r.alert)).toEqual(['WebNotReady', 'WebHighErrorRate']);
    expect(find(objects, 'NetworkPolicy', 'web-metrics').spec).toMatchObject({
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ port: 9464, protocol: 'TCP' }] }],
    });
    const service = find(objects, 'Service', 'web');
    expect(service.spec.ports[1]).toEqual({
      name: 'metrics',
      port: 9464,
      targetPort: 'metrics',
      protocol: 'TCP',
    });
  });
});

describe('ProbedDeployment pass-through props', () => {
  test('extension points reach the pod and container as given; custom probes replace built ones', () => {
    const chart = newChart();
    new ProbedDeployment(chart, 'Web', {
      ...minimal,
      liveness: undefined,
      customProbes: { liveness: { tcpSocket: { port: IntOrString.fromString('http') } } },
      extraVolumes: [{ name: 'certs', configMap: { name: 'ca' } }],
      extraVolumeMounts: [{ name: 'certs', mountPath: '/certs' }],
      initContainers: [{ name: 'init', image: 'busybox' }],
      sidecars: [{ name: 'side', image: 'busybox' }],
      envFrom: [{ configMapRef: { name: 'settings' } }],
      lifecycle: { preStop: { exec: { command: ['sleep', '1'] } } },
      pod: { hostAliases: [{ ip: '10.0.0.1', hostnames: ['db'] }] },
      securityContexts: { container: RESTRICTED_SECURITY_CONTEXTS.container },
    });
    const spec = find(objectsOf(chart), 'Deployment', 'web').spec.template.spec;
    expect(spec.securityContext).toBeUndefined();
    expect(spec.volumes.map((v: { name: string }) => v.name)).toEqual(['tmp', 'certs']);
    expect(spec.initContainers.map((c: { name: string }) => c.name)).toEqual(['init']);
    expect(spec.containers.map((c: { name: string }) => c.name)).toEqual(['web', 'side']);
    expect(spec.hostAliases).toEqual([{ ip: '10.0.0.1', hostnames: ['db'] }]);
    const [container] = spec.containers;
    expect(container.livenessProbe).toEqual({ tcpSocket: { port: 'http' } });
    expect(container.readinessProbe.httpGet.path).toBe('/ready');
    expect(container.volumeMounts.map((m: { name: string }) => m.name)).toEqual(['tmp', 'certs']);
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'settings' } }]);
    expect(container.lifecycle.preStop.exec.command).toEqual(['sleep', '1']);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
  });
});
