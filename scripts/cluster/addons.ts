/**
 * The cluster's add-ons (CoreDNS, the default StorageClass, the NetworkPolicy
 * enforcer, the Ingress controller): manifests in addons/ with ${NAME} placeholders
 * for the images and the cluster's facts, applied server-side and awaited.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLUSTER, PATHS } from './layout';
import { sh, waitFor } from './processes';

export const ADDONS = ['api-access', 'coredns', 'network-policies', 'local-path', 'traefik'] as const;

/** What each add-on must have running before `up` returns. */
const ROLLOUTS: Partial<Record<(typeof ADDONS)[number], string[]>> = {
  coredns: ['-n', 'kube-system', 'deployment/coredns'],
  'local-path': ['-n', 'local-path-storage', 'deployment/local-path-provisioner'],
  traefik: ['-n', CLUSTER.ingressNamespace, 'deployment/traefik'],
};

export function renderAddon(name: string, variables: Record<string, string>): string {
  const text = readFileSync(join(__dirname, 'addons', `${name}.yaml`), 'utf8');
  return text.replace(/\$\{([A-Z_]+)\}/g, (_, key: string) => {
    if (!(key in variables)) throw new Error(`addons/${name}.yaml: no value for \${${key}}`);
    return variables[key];
  });
}

export async function applyAddons(kubectl: string, images: Record<string, string>): Promise<void> {
  const variables = {
    DOMAIN: CLUSTER.domain,
    DNS_SERVICE_IP: CLUSTER.dnsServiceIp,
    STORAGE_CLASS: CLUSTER.storageClass,
    VOLUMES_DIR: PATHS.localPathVolumes,
    INGRESS_CLASS: CLUSTER.ingressClass,
    INGRESS_NAMESPACE: CLUSTER.ingressNamespace,
    ...images,
  };
  const env = { ...process.env, KUBECONFIG: PATHS.adminKubeconfig };
  for (const addon of ADDONS)
    sh(kubectl, ['apply', '--server-side', '--field-manager=todo-cluster', '-f', '-'], {
      input: renderAddon(addon, variables),
      env,
    });
  for (const [addon, target] of Object.entries(ROLLOUTS))
    await waitFor(`add-on ${addon}`, 180, () => {
      sh(kubectl, ['rollout', 'status', '--timeout=5s', ...target], { env });
      return true;
    });
}
