import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { KubeRole, KubeRoleBinding, KubeServiceAccount, PolicyRule } from '../imports/k8s';
import { checkLater, problem } from './validation';
import { WorkloadLabels } from './workload-labels';

export interface WorkloadIdentityProps {
  /** ServiceAccount name. */
  readonly name: string;
  readonly labels: WorkloadLabels;
  /** Create the ServiceAccount, with these annotations. @default - it exists already */
  readonly serviceAccount?: { readonly annotations?: Record<string, string> };
  /**
   * A Role with what the workload may do, bound to its ServiceAccount. No
   * wildcards: every verb, resource and API group is named. @default - no Role
   */
  readonly role?: { readonly name: string; readonly rules: PolicyRule[] };
}

/**
 * Who a workload is to the Kubernetes API: its own ServiceAccount (no token
 * mounted) and, when it needs any access at all, a namespaced Role with exactly
 * that access, bound to it.
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

    if (props.serviceAccount) {
      this.serviceAccount = new KubeServiceAccount(this, 'ServiceAccount', {
        metadata: { ...metadata, annotations: props.serviceAccount.annotations },
        automountServiceAccountToken: false,
      });
    }

    const role = props.role;
    if (!role) return;
    checkLater(this, () =>
      role.rules.flatMap((rule, index) => wildcardProblems(rule, `rbac.rules[${index}]`)),
    );
    const roleMetadata = { name: role.name, labels: props.labels.all };
    this.role = new KubeRole(this, 'Role', { metadata: roleMetadata, rules: role.rules });
    // Built from the role's name, so the binding exists exactly when the role does.
    this.roleBinding = new KubeRoleBinding(this, 'RoleBinding', {
      metadata: roleMetadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.name },
      subjects: [{ kind: 'ServiceAccount', name: props.name, namespace: Chart.of(this).namespace }],
    });
  }
}

function wildcardProblems(rule: PolicyRule, field: string): (string | undefined)[] {
  const lists = {
    verbs: rule.verbs,
    resources: rule.resources,
    apiGroups: rule.apiGroups,
    resourceNames: rule.resourceNames,
  };
  return [
    ...Object.entries(lists).map(([list, entries]) =>
      entries?.some((entry) => entry.includes('*'))
        ? problem(
            `${field}.${list}`,
            `contains a wildcard (${JSON.stringify(entries)})`,
            'explicit names only, e.g. verbs ["get"]',
          )
        : undefined,
    ),
    rule.verbs.length === 0
      ? problem(`${field}.verbs`, 'is empty', 'at least one verb such as get')
      : undefined,
  ];
}
