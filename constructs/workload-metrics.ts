import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { IntOrString, KubeNetworkPolicy, NetworkPolicyPeer } from '../imports/k8s';
import { ProbedDeployment } from './probed-deployment';

/** The request-duration histogram the backend serves: labels method, route and status_code. */
export const REQUEST_DURATION_METRIC = 'http_request_duration_seconds';

export interface ServiceMonitorOptions {
  /** @default - the chart's namespace */
  readonly namespace?: string;
  /** Scrape interval such as 30s. @default - Prometheus' default */
  readonly interval?: string;
  /** Labels a Prometheus selects ServiceMonitors by. @default - none */
  readonly labels?: Record<string, string>;
}

export interface AlertRuleOptions {
  /** @default - the chart's namespace */
  readonly namespace?: string;
  /** @default - none */
  readonly labels?: Record<string, string>;
}

export interface ScraperAccessOptions {
  /** Who scrapes: namespace and pod selectors. */
  readonly from: NetworkPolicyPeer[];
}

export interface WorkloadMetricsProps {
  /** The workload whose Service publishes the metrics port. */
  readonly workload: ProbedDeployment;
  /** Name of the port on the container and the Service. */
  readonly portName: string;
  readonly port: number;
  /** A Prometheus Operator ServiceMonitor for the Service's metrics port. @default - none */
  readonly serviceMonitor?: ServiceMonitorOptions;
  /** A PrometheusRule: <Component>NotReady (no pod ready for 5 min), <Component>HighErrorRate (5xx). @default - none */
  readonly alerts?: AlertRuleOptions;
  /** A NetworkPolicy that lets the scraper reach the metrics port (policies are additive). @default - none */
  readonly scraperAccess?: ScraperAccessOptions;
}

/**
 * How Prometheus finds, scrapes and alerts on a workload's metrics endpoint:
 * ServiceMonitor, PrometheusRule and the NetworkPolicy that lets the scraper in.
 */
export class WorkloadMetrics extends Construct {
  public readonly serviceMonitor?: ApiObject;
  public readonly alerts?: ApiObject;
  public readonly scraperPolicy?: KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: WorkloadMetricsProps) {
    super(scope, id);
    const workload = props.workload;
    const labels = workload.labels.forComponent('metrics');
    const namespace = Chart.of(this).namespace ?? 'default';

    if (props.serviceMonitor) {
      const monitor = props.serviceMonitor;
      this.serviceMonitor = new ApiObject(this, 'ServiceMonitor', {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: {
          name: workload.name,
          namespace: monitor.namespace,
          labels: { ...labels.all, ...monitor.labels },
        },
        spec: {
          selector: { matchLabels: workload.labels.selector },
          namespaceSelector: { matchNames: [namespace] },
          endpoints: [{ port: props.portName, path: '/metrics', interval: monitor.interval }],
        },
      });
    }

    if (props.alerts) {
      const where = `namespace="${namespace}",service="${workload.serviceName}"`;
      const alert = pascalCase(workload.labels.component);
      const deployment = `namespace="${namespace}",deployment="${workload.name}"`;
      const requests = (filter: string) =>
        `sum(rate(${REQUEST_DURATION_METRIC}_count{${where}${filter}}[5m]))`;
      this.alerts = new ApiObject(this, 'PrometheusRule', {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata: {
          name: workload.name,
          namespace: props.alerts.namespace,
          labels: { ...labels.all, ...props.alerts.labels },
        },
        spec: {
          groups: [
            {
              name: `${workload.name}.rules`,
              rules: [
                {
                  alert: `${alert}NotReady`,
                  // From kube-state-metrics, which kube-prometheus-stack installs beside Prometheus.
                  expr: `kube_deployment_status_replicas_available{${deployment}} < 1`,
                  for: '5m',
                  labels: { severity: 'critical' },
                  annotations: {
                    summary: `No pod of ${workload.name} has been ready for 5 minutes`,
                    description: 'The API is down: check the pods, their events and npm run doctor.',
                  },
                },
                {
                  alert: `${alert}HighErrorRate`,
                  expr: `${requests(',status_code=~"5.."')} / ${requests('')} > 0.05`,
                  for: '10m',
                  labels: { severity: 'warning' },
                  annotations: {
                    summary: `More than 5% of the responses of ${workload.name} are 5xx`,
                    description: 'Server errors for 10 minutes: check the backend logs and its database.',
                  },
                },
              ],
            },
          ],
        },
      });
    }

    if (props.scraperAccess) {
      this.scraperPolicy = new KubeNetworkPolicy(this, 'ScraperPolicy', {
        metadata: { name: `${workload.name}-metrics`, labels: labels.all },
        spec: {
          podSelector: { matchLabels: workload.labels.selector },
          policyTypes: ['Ingress'],
          ingress: [
            {
              from: props.scraperAccess.from,
              ports: [{ port: IntOrString.fromNumber(props.port), protocol: 'TCP' }],
            },
          ],
        },
      });
    }
  }
}

function pascalCase(text: string): string {
  return text.replace(/(^|[-_ ])([a-z])/g, (_match, _sep: string, letter: string) => letter.toUpperCase());
}
