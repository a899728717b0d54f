/**
 * etcd and the control plane (kube-apiserver with PodSecurity admission,
 * kube-controller-manager, kube-scheduler) as host processes. etcd and the
 * controllers' ports are on loopback; the API server listens on the node's address
 * on the cluster bridge, where the pods reach it through the `kubernetes` Service.
 */
import { join } from 'node:path';
import { CLUSTER, PATHS } from './layout';
import { pki } from './pki';
import type { Daemon } from './processes';

const ETCD_CLIENT = 'https://127.0.0.1:2379';
const ETCD_PEER = 'https://127.0.0.1:2380';

export function etcd(bin: string): Daemon {
  const f = pki.file;
  return {
    name: 'etcd',
    command: join(bin, 'etcd'),
    args: [
      `--name=${CLUSTER.node}`,
      `--data-dir=${PATHS.etcdData}`,
      `--listen-client-urls=${ETCD_CLIENT}`,
      `--advertise-client-urls=${ETCD_CLIENT}`,
      `--listen-peer-urls=${ETCD_PEER}`,
      `--initial-advertise-peer-urls=${ETCD_PEER}`,
      `--initial-cluster=${CLUSTER.node}=${ETCD_PEER}`,
      '--listen-metrics-urls=http://127.0.0.1:2381',
      `--cert-file=${f('etcd/server.crt')}`,
      `--key-file=${f('etcd/server.key')}`,
      `--trusted-ca-file=${f('etcd/ca.crt')}`,
      '--client-cert-auth=true',
      `--peer-cert-file=${f('etcd/peer.crt')}`,
      `--peer-key-file=${f('etcd/peer.key')}`,
      `--peer-trusted-ca-file=${f('etcd/ca.crt')}`,
      '--peer-client-cert-auth=true',
      // A throwaway test cluster: its data need not survive a power cut, and fsync is its slowest part.
      '--unsafe-no-fsync=true',
      '--log-level=warn',
    ],
  };
}

export function apiServer(bin: string): Daemon {
  const f = pki.file;
  return {
    name: 'kube-apiserver',
    command: join(bin, 'kube-apiserver'),
    args: [
      `--advertise-address=${CLUSTER.nodeIp}`,
      `--bind-address=${CLUSTER.nodeIp}`,
      `--secure-port=${CLUSTER.apiPort}`,
      `--etcd-servers=${ETCD_CLIENT}`,
      `--etcd-cafile=${f('etcd/ca.crt')}`,
      `--etcd-certfile=${f('apiserver-etcd-client.crt')}`,
      `--etcd-keyfile=${f('apiserver-etcd-client.key')}`,
      `--client-ca-file=${pki.ca}`,
      `--tls-cert-file=${f('apiserver.crt')}`,
      `--tls-private-key-file=${f('apiserver.key')}`,
      `--kubelet-client-certificate=${f('apiserver-kubelet-client.crt')}`,
      `--kubelet-client-key=${f('apiserver-kubelet-client.key')}`,
      '--kubelet-preferred-address-types=InternalIP',
      `--proxy-client-cert-file=${f('front-proxy-client.crt')}`,
      `--proxy-client-key-file=${f('front-proxy-client.key')}`,
      `--requestheader-client-ca-file=${f('front-proxy-ca.crt')}`,
      '--requestheader-allowed-names=front-proxy-client',
      '--requestheader-username-headers=X-Remote-User',
      '--requestheader-group-headers=X-Remote-Group',
      '--requestheader-extra-headers-prefix=X-Remote-Extra-',
      `--service-account-issuer=https://kubernetes.default.svc.${CLUSTER.domain}`,
      `--service-account-key-file=${f('sa.pub')}`,
      `--service-account-signing-key-file=${f('sa.key')}`,
      `--service-cluster-ip-range=${CLUSTER.serviceCidr}`,
      '--authorization-mode=Node,RBAC',
      // PodSecurity is on by default; naming it keeps that explicit.
      '--enable-admission-plugins=NodeRestriction,PodSecurity',
      '--allow-privileged=true',
      '--profiling=false',
      '--v=1',
    ],
  };
}

function controllerKubeconfigArgs(name: 'controller-manager' | 'scheduler'): string[] {
  const kubeconfig = pki.kubeconfig(name);
  return [
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    '--bind-address=127.0.0.1',
    '--leader-elect=false',
    '--profiling=false',
  ];
}

export function controllerManager(bin: string): Daemon {
  return {
    name: 'kube-controller-manager',
    command: join(bin, 'kube-controller-manager'),
    args: [
      ...controllerKubeconfigArgs('controller-manager'),
      `--cluster-name=${CLUSTER.name}`,
      `--cluster-signing-cert-file=${pki.ca}`,
      `--cluster-signing-key-file=${pki.file('ca.key')}`,
      `--root-ca-file=${pki.ca}`,
      `--service-account-private-key-file=${pki.file('sa.key')}`,
      `--service-cluster-ip-range=${CLUSTER.serviceCidr}`,
      '--use-service-account-credentials=true',
      '--controllers=*',
      '--v=1',
    ],
  };
}

export function scheduler(bin: string): Daemon {
  return {
    name: 'kube-scheduler',
    command: join(bin, 'kube-scheduler'),
    args: [...controllerKubeconfigArgs('scheduler'), '--v=1'],
  };
}
