import { Construct } from 'constructs';
import {
  IntOrString,
  KubeNetworkPolicy,
  NetworkPolicyEgressRule,
  NetworkPolicyIngressRule,
  NetworkPolicyPeer,
  NetworkPolicyPort,
} from '../imports/k8s';
import { ProbedDeployment } from './probed-deployment';
import { WorkloadLabels } from './workload-labels';

/**
 * A default-deny NetworkPolicy for one workload, opened one flow at a time:
 * whatever is not allowed here, in or out, is dropped (where the cluster's
 * network plugin enforces policies).
 */
export class WorkloadNetworkPolicy extends Construct {
  public readonly policy: KubeNetworkPolicy;
  private readonly ingress: NetworkPolicyIngressRule[] = [];
  private readonly egress: NetworkPolicyEgressRule[] = [];

  constructor(
    scope: Construct,
    id: string,
    private readonly workload: ProbedDeployment,
  ) {
    super(scope, id);
    this.policy = new KubeNetworkPolicy(this, 'Policy', {
      metadata: { name: workload.name, labels: workload.labels.all },
      spec: {
        podSelector: { matchLabels: workload.labels.selector },
        policyTypes: ['Ingress', 'Egress'],
        // Rules are added after construction; the arrays are read at synthesis.
        ingress: this.ingress,
        egress: this.egress,
      },
    });
  }

  /** Lets pods with these labels (another workload, a test pod) reach this workload's port. */
  public allowFromPods(labels: WorkloadLabels): this {
    this.ingress.push({
      from: [{ podSelector: { matchLabels: labels.selector } }],
      ports: [tcp(this.workload.port)],
    });
    return this;
  }

  /**
   * Lets the pods of a namespace (e.g. the ingress controller's) reach this
   * workload's port; with no namespace, any source (NodePort and LoadBalancer traffic).
   */
  public allowFromNamespace(namespace: string | undefined): this {
    this.ingress.push({
      from: namespace === undefined ? undefined : [namespaceSelector(namespace)],
      ports: [tcp(this.workload.port)],
    });
    return this;
  }

  /** Lets a peer (namespace and pod selectors) reach this workload's port; with none, any source. */
  public allowFromPeer(peer: NetworkPolicyPeer | undefined): this {
    this.ingress.push({ from: peer && [peer], ports: [tcp(this.workload.port)] });
    return this;
  }

  /** Rules added as they are (a chart's extraIngress and extraEgress). */
  public addRules(ingress: NetworkPolicyIngressRule[] = [], egress: NetworkPolicyEgressRule[] = []): this {
    this.ingress.push(...ingress);
    this.egress.push(...egress);
    return this;
  }

  /** Lets this workload call another workload's pods on their port. */
  public allowToWorkload(peer: ProbedDeployment): this {
    this.egress.push({
      to: [{ podSelector: { matchLabels: peer.labels.selector } }],
      ports: [tcp(peer.port)],
    });
    return this;
  }

  /** Lets this workload resolve names through the cluster DNS (kube-dns in kube-system). */
  public allowDns(): this {
    this.egress.push({
      to: [{ ...namespaceSelector('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      ports: [
        { port: IntOrString.fromNumber(53), protocol: 'UDP' },
        { port: IntOrString.fromNumber(53), protocol: 'TCP' },
      ],
    });
    return this;
  }

  /** Lets this workload open TCP connections to any address on the given ports (a database, HTTPS APIs). */
  public allowToAnyAddress(ports: number[]): this {
    this.egress.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: ports.map(tcp) });
    return this;
  }
}

/** An egress rule to any address on any port (a chart's allowExternalEgress). */
export const ANY_DESTINATION_RULE: NetworkPolicyEgressRule = {
  to: [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }, { namespaceSelector: {} }],
};

/** The namespace selector for one namespace, by the label Kubernetes gives every namespace. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

function tcp(port: number): NetworkPolicyPort {
  return { port: IntOrString.fromNumber(port), protocol: 'TCP' };
}

function namespaceSelector(namespace: string) {
  return { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } } };
}
