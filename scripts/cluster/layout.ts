/**
 * The test cluster's facts, in one place: where its state lives, its address ranges,
 * its names. Everything `up` makes is under STATE_DIR or named here, so `down` knows
 * exactly what to remove.
 */
import { join } from 'node:path';

/** All of one cluster's files: $TODO_CLUSTER_DIR, else /var/lib/todo-app-cluster. */
export const STATE_DIR = process.env.TODO_CLUSTER_DIR ?? '/var/lib/todo-app-cluster';

export const CLUSTER = {
  name: 'todo-app-local',
  node: 'todo-node',
  domain: 'cluster.local',
  /** The Linux bridge the pods hang off; the node's address is its gateway. */
  bridge: 'todo-br0',
  podCidr: '10.213.0.0/24',
  nodeIp: '10.213.0.1',
  serviceCidr: '10.214.0.0/24',
  apiServerServiceIp: '10.214.0.1',
  dnsServiceIp: '10.214.0.10',
  apiPort: 6443,
  /** The CNI network's name (also the name of its IP allocations and result cache). */
  cniNetwork: 'todo-cluster',
  /** Every pod's cgroup sits under this, in each hierarchy, so `down` can find them all. */
  cgroupRoot: '/todo-cluster',
  /** The iptables chain holding the guard rules (jumped to from OUTPUT and FORWARD). */
  guardChain: 'TODO-CLUSTER-GUARD',
  /** The IngressClass the bundled Traefik serves, and its namespace. */
  ingressClass: 'traefik',
  ingressNamespace: 'traefik',
  storageClass: 'local-path',
} as const;

export const PATHS = {
  pki: join(STATE_DIR, 'pki'),
  kubeconfigs: join(STATE_DIR, 'kubeconfig'),
  adminKubeconfig: join(STATE_DIR, 'kubeconfig', 'super-admin.conf'),
  etcdData: join(STATE_DIR, 'etcd'),
  containerdRoot: join(STATE_DIR, 'containerd', 'root'),
  containerdState: join(STATE_DIR, 'containerd', 'state'),
  containerdSocket: join(STATE_DIR, 'containerd', 'containerd.sock'),
  containerdConfig: join(STATE_DIR, 'containerd', 'config.toml'),
  cniConfDir: join(STATE_DIR, 'cni', 'net.d'),
  cniCacheDir: join(STATE_DIR, 'cni', 'cache'),
  kubeletRoot: join(STATE_DIR, 'kubelet'),
  podLogs: join(STATE_DIR, 'pod-logs'),
  localPathVolumes: join(STATE_DIR, 'volumes'),
  logs: join(STATE_DIR, 'logs'),
  pids: join(STATE_DIR, 'pids'),
  config: join(STATE_DIR, 'config'),
  /** The kernel tunables as they were before the first `up`, restored by `down`. */
  sysctlRecord: join(STATE_DIR, 'sysctl-before.json'),
} as const;

/** Kernel tunables a kubelet changes at start (see ../../docs and the kubelet's protectKernelDefaults). */
export const KUBELET_SYSCTLS = ['vm/overcommit_memory', 'kernel/panic', 'kernel/panic_on_oops'];
