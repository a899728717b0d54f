/** One-off pods that run a command with the backend image (it has node) and report its output. */
import { version } from '../../../package.json';
import { IMAGES } from '../../../chart/metadata';
import { eventually, json, kubectl, kubectlWithInput } from './kube';
import type { Pod } from './objects';

/** The backend image as the cluster holds it: node, no shell needed. */
export const TOOL_IMAGE = `${IMAGES.backend}:${version}`;

export interface PodOptions {
  labels?: Record<string, string>;
  /** A claim to mount at /data. */
  claim?: string;
  seconds?: number;
}

/** Runs the command in a restricted-profile pod, waits for it to finish, returns its log. */
export async function runPod(namespace: string, name: string, command: string[], options: PodOptions = {}) {
  kubectl('delete', 'pod', name, '-n', namespace, '--ignore-not-found', '--wait=true');
  kubectlWithInput(
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace, labels: options.labels ?? { 'cluster-test': name } },
      spec: {
        restartPolicy: 'Never',
        securityContext: {
          runAsNonRoot: true,
          runAsUser: 1000,
          fsGroup: 1000,
          seccompProfile: { type: 'RuntimeDefault' },
        },
        containers: [
          {
            name,
            image: TOOL_IMAGE,
            imagePullPolicy: 'IfNotPresent',
            command,
            securityContext: {
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ['ALL'] },
            },
            volumeMounts: options.claim ? [{ name: 'data', mountPath: '/data' }] : [],
          },
        ],
        volumes: options.claim ? [{ name: 'data', persistentVolumeClaim: { claimName: options.claim } }] : [],
      },
    }),
    'apply',
    '-f',
    '-',
  );
  const phase = await eventually(`pod ${namespace}/${name} finishes`, options.seconds ?? 120, () => {
    const p = json<Pod>('get', 'pod', name, '-n', namespace).status.phase;
    return p === 'Succeeded' || p === 'Failed' ? p : undefined;
  });
  const log = kubectl('logs', name, '-n', namespace);
  if (phase !== 'Succeeded') throw new Error(`pod ${name} failed: ${log}`);
  return log;
}
