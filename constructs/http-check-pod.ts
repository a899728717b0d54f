import { Construct } from 'constructs';
import { KubePod, LocalObjectReference, PodSecurityContext, Quantity } from '../imports/k8s';
import { WorkloadLabels } from './workload-labels';

export interface HttpCheckPodProps {
  readonly name: string;
  readonly labels: WorkloadLabels;
  /** An image with `node` (Node.js 18 or later, for fetch). */
  readonly image: string;
  readonly imagePullPolicy?: string;
  readonly imagePullSecrets?: LocalObjectReference[];
  /** The URL that must answer 2xx. */
  readonly url: string;
  /** @default - none */
  readonly annotations?: Record<string, string>;
  /** @default CHECK_POD_SECURITY_CONTEXT (restricted, UID/GID 1000) */
  readonly podSecurityContext?: PodSecurityContext;
}

/** The restricted Pod Security Standard for the check pod. */
export const CHECK_POD_SECURITY_CONTEXT: PodSecurityContext = {
  runAsNonRoot: true,
  runAsUser: 1000,
  runAsGroup: 1000,
  seccompProfile: { type: 'RuntimeDefault' },
};

/** The check the pod runs: one GET with a deadline; exit 0 on 2xx, 1 otherwise, saying why. */
const CHECK_SCRIPT = [
  'const url = process.argv[1];',
  'fetch(url, { signal: AbortSignal.timeout(10000) })',
  '.then((r) => { console.log(`${url}: ${r.status}`); process.exit(r.ok ? 0 : 1); })',
  '.catch((e) => { console.error(`${url}: ${e.message}`); process.exit(1); });',
].join(' ');

/**
 * A pod that checks one HTTP endpoint and exits, run by `helm test`: it needs
 * no image of its own (any image with Node.js) and passes the restricted Pod
 * Security Standard.
 */
export class HttpCheckPod extends Construct {
  public readonly pod: KubePod;

  constructor(scope: Construct, id: string, props: HttpCheckPodProps) {
    super(scope, id);
    this.pod = new KubePod(this, 'Pod', {
      metadata: { name: props.name, labels: props.labels.all, annotations: props.annotations },
      spec: {
        restartPolicy: 'Never',
        imagePullSecrets: props.imagePullSecrets,
        automountServiceAccountToken: false,
        enableServiceLinks: false,
        securityContext: props.podSecurityContext ?? CHECK_POD_SECURITY_CONTEXT,
        containers: [
          {
            name: 'check',
            image: props.image,
            imagePullPolicy: props.imagePullPolicy,
            command: ['node', '-e', CHECK_SCRIPT, props.url],
            resources: {
              requests: { cpu: Quantity.fromString('10m'), memory: Quantity.fromString('32Mi') },
              limits: { cpu: Quantity.fromString('100m'), memory: Quantity.fromString('64Mi') },
            },
            securityContext: {
              runAsNonRoot: true,
              allowPrivilegeEscalation: false,
              privileged: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ['ALL'] },
              seccompProfile: { type: 'RuntimeDefault' },
            },
          },
        ],
      },
    });
  }
}
