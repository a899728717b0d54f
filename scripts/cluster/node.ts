/**
 * The node: containerd, the kubelet on cgroupfs (cgroup v1 allowed explicitly, its
 * oom_score_adj left at 0, which is all this machine permits), kube-proxy in
 * iptables mode, and kube-router's NetworkPolicy controller (iptables and ipset; this
 * kernel has no nftables queue, which kube-network-policies needs). Each port is on
 * loopback or the node's bridge address.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLUSTER, PATHS } from './layout';
import { pki } from './pki';
import type { Daemon } from './processes';

export function containerd(): Daemon {
  return { name: 'containerd', command: 'containerd', args: ['--config', PATHS.containerdConfig] };
}

export function writeNodeConfig(): void {
  mkdirSync(PATHS.config, { recursive: true });
  // Pods with dnsPolicy Default (CoreDNS itself) read this: it names no resolver, so nothing is forwarded.
  writeFileSync(join(PATHS.config, 'resolv.conf'), `search ${CLUSTER.domain}\noptions ndots:1\n`);
  writeFileSync(
    join(PATHS.config, 'kubelet.yaml'),
    `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: ${CLUSTER.nodeIp}
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
authentication:
  anonymous: { enabled: false }
  webhook: { enabled: true }
  x509: { clientCAFile: ${pki.ca} }
authorization: { mode: Webhook }
containerRuntimeEndpoint: unix://${PATHS.containerdSocket}
cgroupDriver: cgroupfs
cgroupRoot: ${CLUSTER.cgroupRoot}
# This machine has cgroup v1 (hybrid); kubelets from 1.35 on start there only when told.
failCgroupV1: false
failSwapOn: false
oomScoreAdj: 0
clusterDNS: [${CLUSTER.dnsServiceIp}]
clusterDomain: ${CLUSTER.domain}
resolvConf: ${join(PATHS.config, 'resolv.conf')}
podLogsDir: ${PATHS.podLogs}
rotateCertificates: false
serializeImagePulls: false
# The images are imported, never pulled: garbage collection must not remove them.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard:
  memory.available: 100Mi
  nodefs.available: 1%
  imagefs.available: 1%
maxPods: 110
`,
  );
  writeFileSync(
    join(PATHS.config, 'kube-proxy.yaml'),
    `apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection:
  kubeconfig: ${pki.kubeconfig('kube-proxy')}
mode: iptables
clusterCIDR: ${CLUSTER.podCidr}
hostnameOverride: ${CLUSTER.node}
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
nodePortAddresses: [${CLUSTER.nodeIp}/32]
oomScoreAdj: 0
iptables:
  localhostNodePorts: false
conntrack:
  # 0 leaves the machine's conntrack table size alone.
  maxPerCore: 0
  min: 0
`,
  );
}

export function kubelet(bin: string): Daemon {
  return {
    name: 'kubelet',
    command: join(bin, 'kubelet'),
    args: [
      `--config=${join(PATHS.config, 'kubelet.yaml')}`,
      `--kubeconfig=${pki.kubeconfig('kubelet')}`,
      `--root-dir=${PATHS.kubeletRoot}`,
      `--cert-dir=${join(PATHS.kubeletRoot, 'pki')}`,
      `--hostname-override=${CLUSTER.node}`,
      `--node-ip=${CLUSTER.nodeIp}`,
      '--v=1',
    ],
  };
}

export function kubeProxy(bin: string): Daemon {
  return {
    name: 'kube-proxy',
    command: join(bin, 'kube-proxy'),
    args: [`--config=${join(PATHS.config, 'kube-proxy.yaml')}`, '--v=1'],
  };
}

export function kubeRouter(binary: string): Daemon {
  return {
    name: 'kube-router',
    command: binary,
    args: [
      `--kubeconfig=${pki.kubeconfig('kube-router')}`,
      `--hostname-override=${CLUSTER.node}`,
      // Only the NetworkPolicy firewall: kube-proxy serves Services and the CNI bridge routes pods.
      '--run-firewall=true',
      '--run-router=false',
      '--run-service-proxy=false',
      '--enable-cni=false',
      '--enable-ipv6=false',
      `--service-cluster-ip-range=${CLUSTER.serviceCidr}`,
      '--health-port=0',
      '--metrics-port=0',
      '--v=1',
    ],
  };
}
