import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { KubeRole, KubeRoleBinding, KubeServiceAccount, PolicyRule } from '../imports/k8s';
import { ConfigurationError } from './validation';
import { WorkloadLabels } from './workload-labels';

export interface WorkloadIdentityProps {
  /** ServiceAccount name; the Role and RoleBinding share it. */
  readonly name: string;
  readonly labels: WorkloadLabels;
  /** Create the ServiceAccount (false: it exists already). @default true */
  readonly createServiceAccount?: boolean;
  /** What the workload may do. No wildcards: every verb, resource and API group is named. @default - no Role */
  readonly rules?: PolicyRule[];
}

/**
 * Who a workload is to the Kubernetes API: its own ServiceAccount (no token
 * mounted by default) and, when it needs any access at all, a namespaced Role
 * with exactly that access, bound to it.
 */
export class WorkloadIdentity extends Construct {
  public readonly serviceAccountName: string;
  public readonly serviceAccount?: KubeServiceAccount;
  public readonly role?: KubeRole;
  public readonly roleBinding?: KubeRoleBinding;

  constructor(scope: Construct, id: string, props: WorkloadIdentityProps) {
    super(scope, id);
    this.serviceAccountName = props.name;
    const metadata = { name: props.name, labels: props.labels.all };

    if (props.createServiceAccount ?? true) {
      this.serviceAccount = new KubeServiceAccount(this, 'ServiceAccount', {
        metadata,
        automountServiceAccountToken: false,
      });
    }

    const rules = props.rules ?? [];
    if (rules.length === 0) return;
    rules.forEach((rule, index) => rejectWildcards(rule, `rbac.rules[${index}]`));
    this.role = new KubeRole(this, 'Role', { metadata, rules });
    this.roleBinding = new KubeRoleBinding(this, 'RoleBinding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: props.name },
      subjects: [{ kind: 'ServiceAccount', name: props.name, namespace: Chart.of(this).namespace }],
    });
  }
}

function rejectWildcards(rule: PolicyRule, field: string): void {
  for (const [list, entries] of Object.entries({
    verbs: rule.verbs,
    resources: rule.resources,
    apiGroups: rule.apiGroups,
    resourceNames: rule.resourceNames,
  })) {
    if (entries?.some((entry) => entry.includes('*'))) {
      throw new ConfigurationError(
        `${field}.${list}`,
        `contains a wildcard (${JSON.stringify(entries)})`,
        'explicit names only, e.g. verbs ["get"]',
      );
    }
  }
  if (rule.verbs.length === 0)
    throw new ConfigurationError(`${field}.verbs`, 'is empty', 'at least one verb such as get');
}
