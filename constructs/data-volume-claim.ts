import { Construct } from 'constructs';
import { KubePersistentVolumeClaim, Quantity } from '../imports/k8s';
import { WorkloadLabels } from './workload-labels';

export interface DataVolumeClaimProps {
  readonly name: string;
  readonly labels: WorkloadLabels;
  /** e.g. 1Gi */
  readonly size: string;
  /** @default - the cluster's default StorageClass */
  readonly storageClass?: string;
  /** @default - none */
  readonly annotations?: Record<string, string>;
}

/**
 * A ReadWriteOnce claim for one workload's data: one pod at a time mounts it,
 * so the workload must replace its pod rather than surge (Recreate).
 */
export class DataVolumeClaim extends Construct {
  public readonly claim: KubePersistentVolumeClaim;
  public readonly claimName: string;

  constructor(scope: Construct, id: string, props: DataVolumeClaimProps) {
    super(scope, id);
    this.claimName = props.name;
    this.claim = new KubePersistentVolumeClaim(this, 'Claim', {
      metadata: { name: props.name, labels: props.labels.all, annotations: props.annotations },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: props.storageClass,
        resources: { requests: { storage: Quantity.fromString(props.size) } },
      },
    });
  }
}
