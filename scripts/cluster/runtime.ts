/**
 * The container runtime layer: Debian's containerd and runc, and the CNI bridge and
 * host-local plugins, each configured to keep its state under the cluster's directory.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLUSTER, PATHS, STATE_DIR } from './layout';

/** The pause image every pod sandbox runs: built locally from Kubernetes' pause.c. */
export const PAUSE_IMAGE = 'localhost/todo-cluster/pause:3.10';
/** Registries a missing image would otherwise be pulled from: all point at a closed loopback port. */
const SEALED_REGISTRIES = ['docker.io', 'registry.k8s.io', 'ghcr.io', 'quay.io', 'gcr.io'];
const CLOSED_PORT = 'http://127.0.0.1:9';

export function writeRuntimeConfig(): void {
  const hosts = join(STATE_DIR, 'containerd', 'certs.d');
  for (const registry of SEALED_REGISTRIES) {
    mkdirSync(join(hosts, registry), { recursive: true });
    writeFileSync(
      join(hosts, registry, 'hosts.toml'),
      `server = "${CLOSED_PORT}"\n[host."${CLOSED_PORT}"]\n  capabilities = ["pull", "resolve"]\n`,
    );
  }
  const cri = 'plugins."io.containerd.grpc.v1.cri"';
  writeFileSync(
    PATHS.containerdConfig,
    `version = 2
root = "${PATHS.containerdRoot}"
state = "${PATHS.containerdState}"
[grpc]
  address = "${PATHS.containerdSocket}"
[ttrpc]
  address = "${PATHS.containerdSocket}.ttrpc"
[metrics]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "${join(STATE_DIR, 'containerd', 'opt')}"
[${cri}]
  sandbox_image = "${PAUSE_IMAGE}"
  # Nothing here may lower oom_score_adj below 0, which a kubelet asks for on every sandbox.
  restrict_oom_score_adj = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  disable_apparmor = true
[${cri}.containerd]
  snapshotter = "overlayfs"
  default_runtime_name = "runc"
[${cri}.containerd.runtimes.runc]
  runtime_type = "io.containerd.runc.v2"
[${cri}.containerd.runtimes.runc.options]
  BinaryName = "/usr/sbin/runc"
  SystemdCgroup = false
[${cri}.cni]
  bin_dir = "/usr/lib/cni"
  conf_dir = "${PATHS.cniConfDir}"
  max_conf_num = 1
[${cri}.registry]
  config_path = "${hosts}"
`,
  );
  mkdirSync(PATHS.cniConfDir, { recursive: true });
  writeFileSync(
    join(PATHS.cniConfDir, '10-todo-cluster.conflist'),
    JSON.stringify(
      {
        cniVersion: '0.4.0',
        name: CLUSTER.cniNetwork,
        plugins: [
          {
            type: 'bridge',
            bridge: CLUSTER.bridge,
            isGateway: true,
            // No masquerading: pod traffic never leaves the machine (see network.ts).
            ipMasq: false,
            hairpinMode: true,
            ipam: {
              type: 'host-local',
              ranges: [[{ subnet: CLUSTER.podCidr, gateway: CLUSTER.nodeIp }]],
              routes: [{ dst: '0.0.0.0/0' }],
              dataDir: join(STATE_DIR, 'cni', 'ipam'),
            },
          },
        ],
      },
      null,
      2,
    ),
  );
}
