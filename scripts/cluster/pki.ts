/**
 * Certificates and kubeconfigs, made by kubeadm's own phases (the upstream tool, not
 * a home-made CA): every component's client and serving certificate, the service
 * account keys, and a kubeconfig per client.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLUSTER, PATHS } from './layout';
import { sh } from './processes';

export interface Pki {
  ca: string;
  file: (name: string) => string;
  kubeconfig: (
    name: 'super-admin' | 'controller-manager' | 'scheduler' | 'kubelet' | 'kube-proxy' | 'kube-router',
  ) => string;
}

export const pki: Pki = {
  ca: join(PATHS.pki, 'ca.crt'),
  file: (name) => join(PATHS.pki, name),
  kubeconfig: (name) => join(PATHS.kubeconfigs, `${name}.conf`),
};

function kubeadmConfig(kubernetesVersion: string): string {
  return `apiVersion: kubeadm.k8s.io/v1beta4
kind: InitConfiguration
localAPIEndpoint:
  advertiseAddress: ${CLUSTER.nodeIp}
  bindPort: ${CLUSTER.apiPort}
nodeRegistration:
  name: ${CLUSTER.node}
---
apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
clusterName: ${CLUSTER.name}
kubernetesVersion: ${kubernetesVersion}
certificatesDir: ${PATHS.pki}
controlPlaneEndpoint: ${CLUSTER.nodeIp}:${CLUSTER.apiPort}
networking:
  dnsDomain: ${CLUSTER.domain}
  serviceSubnet: ${CLUSTER.serviceCidr}
  podSubnet: ${CLUSTER.podCidr}
apiServer:
  certSANs: [127.0.0.1, localhost, ${CLUSTER.apiServerServiceIp}]
`;
}

/** Makes the certificates and kubeconfigs unless a previous `up` made them. */
export function ensurePki(kubeadm: string, kubernetesVersion: string): void {
  if (existsSync(pki.kubeconfig('kube-router'))) return;
  mkdirSync(PATHS.config, { recursive: true });
  mkdirSync(PATHS.kubeconfigs, { recursive: true });
  const config = join(PATHS.config, 'kubeadm.yaml');
  writeFileSync(config, kubeadmConfig(kubernetesVersion));
  sh(kubeadm, ['init', 'phase', 'certs', 'all', '--config', config]);
  // super-admin is in system:masters; kubeadm's plain admin needs a binding only `kubeadm init` makes.
  for (const name of ['super-admin', 'controller-manager', 'scheduler', 'kubelet'])
    sh(kubeadm, [
      'init',
      'phase',
      'kubeconfig',
      name,
      '--config',
      config,
      '--kubeconfig-dir',
      PATHS.kubeconfigs,
    ]);
  // The bootstrap RBAC binds system:node-proxier to this user.
  const proxy = sh(kubeadm, ['kubeconfig', 'user', '--config', config, '--client-name', 'system:kube-proxy']);
  writeFileSync(pki.kubeconfig('kube-proxy'), proxy, { mode: 0o600 });
  // Bound to its ClusterRole by addons/network-policies.yaml.
  const router = sh(kubeadm, [
    'kubeconfig',
    'user',
    '--config',
    config,
    '--client-name',
    'system:kube-router',
  ]);
  writeFileSync(pki.kubeconfig('kube-router'), router, { mode: 0o600 });
}
