/**
 * Fields the Kubernetes API refuses to change on an existing object, for every kind
 * a chart may render (API reference, v1.28). `helm upgrade` fails on any of them.
 * Kinds not listed (ServiceAccount, Role, NetworkPolicy, PodDisruptionBudget,
 * HorizontalPodAutoscaler, Ingress, ...) have no immutable fields. In `except`, `*`
 * stands for every element of a list.
 */
export interface ImmutableRule {
  /** Dotted path from the object's root. */
  path: string;
  /** Sub-paths of `path` that may change. */
  except?: string[];
  /** A resource quantity that may grow but not shrink. */
  growOnly?: boolean;
  /** The rule applies only when the existing object satisfies this. */
  when?: (existing: Record<string, unknown>) => boolean;
}

const isImmutableData = (existing: Record<string, unknown>) => existing.immutable === true;
const frozenData: ImmutableRule[] = ['data', 'binaryData', 'immutable'].map((path) => ({
  path,
  when: isImmutableData,
}));

export const IMMUTABLE_FIELDS: Record<string, ImmutableRule[]> = {
  Deployment: [{ path: 'spec.selector' }],
  ReplicaSet: [{ path: 'spec.selector' }],
  DaemonSet: [{ path: 'spec.selector' }],
  // "updates to statefulset spec for fields other than ... are forbidden"
  StatefulSet: [
    {
      path: 'spec',
      except: [
        'replicas',
        'ordinals',
        'template',
        'updateStrategy',
        'persistentVolumeClaimRetentionPolicy',
        'minReadySeconds',
      ],
    },
  ],
  // Of a Pod's spec only the images, the deadline, tolerations, grace period and scheduling gates may change.
  Pod: [
    {
      path: 'spec',
      except: [
        'containers.*.image',
        'initContainers.*.image',
        'activeDeadlineSeconds',
        'tolerations',
        'terminationGracePeriodSeconds',
        'schedulingGates',
      ],
    },
  ],
  Job: [{ path: 'spec.selector' }, { path: 'spec.template' }, { path: 'spec.completionMode' }],
  Service: [{ path: 'spec.clusterIP' }, { path: 'spec.clusterIPs' }],
  // A bound claim's spec is immutable except its requests (storage may only grow).
  PersistentVolumeClaim: [
    { path: 'spec', except: ['resources.requests', 'volumeAttributesClassName'] },
    { path: 'spec.resources.requests.storage', growOnly: true },
  ],
  RoleBinding: [{ path: 'roleRef' }],
  ClusterRoleBinding: [{ path: 'roleRef' }],
  Secret: [{ path: 'type' }, ...frozenData, { path: 'stringData', when: isImmutableData }],
  ConfigMap: frozenData,
  StorageClass: [
    { path: 'provisioner' },
    { path: 'parameters' },
    { path: 'reclaimPolicy' },
    { path: 'volumeBindingMode' },
  ],
};
