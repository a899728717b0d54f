/**
 * `npm run cluster -- up | down | status | kubeconfig`: a one-node Kubernetes cluster
 * on this machine, built from pinned upstream components (see docs/test-cluster.md).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureGoTool, goToolDir } from '../lib/go-tools';
import { GO_TOOLS } from '../go-tools/catalog';
import { CLUSTER, PATHS, STATE_DIR } from './layout';
import { runningPid } from './processes';
import { leftovers, tearDown } from './teardown';
import { planUp, up } from './up';

const DAEMONS = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'containerd',
  'kubelet',
  'kube-proxy',
];
const log = (line: string) => console.log(`cluster: ${line}`);

function requireRoot(): void {
  if (process.getuid?.() !== 0) {
    console.error('cluster: needs root (network, cgroups, mounts, containerd)');
    process.exit(2);
  }
}

async function main(): Promise<number> {
  const [command = 'status', ...rest] = process.argv.slice(2);
  switch (command) {
    case 'up': {
      const options = { appImages: !rest.includes('--no-app-images'), log };
      if (rest.includes('--dry-run')) return (await planUp(options)) ? 0 : 1;
      requireRoot();
      await up(options);
      return 0;
    }
    case 'down': {
      requireRoot();
      const kubernetes = goToolDir(GO_TOOLS.kubernetes);
      const report = tearDown(existsSync(kubernetes) ? join(kubernetes, 'kube-proxy') : undefined);
      log(
        `down: stopped ${report.daemons.length ? report.daemons.join(', ') : 'no daemon'}; ` +
          `killed ${report.podProcesses} pod processes and ${report.shims} shims; ` +
          `removed ${report.netns.length} pod network namespaces, ${report.mounts} mounts` +
          `${report.network.length ? `, ${report.network.join(', ')}` : ''}` +
          `${report.sysctls.length ? `; restored ${report.sysctls.join(' ')}` : ''}`,
      );
      const left = leftovers();
      if (left.length) {
        console.error(`cluster: still there after down: ${left.join('; ')}`);
        return 1;
      }
      return 0;
    }
    case 'status': {
      const running = DAEMONS.map((name) => [name, runningPid(name)] as const);
      for (const [name, pid] of running)
        console.log(`${name.padEnd(24)} ${pid ? `running (pid ${pid})` : 'stopped'}`);
      console.log(
        `state ${existsSync(STATE_DIR) ? STATE_DIR : '(none)'}; kubeconfig ${PATHS.adminKubeconfig}`,
      );
      return running.every(([, pid]) => pid) ? 0 : 1;
    }
    case 'kubeconfig':
      if (!existsSync(PATHS.adminKubeconfig)) {
        console.error(
          `cluster: no cluster (run npm run cluster -- up); ${PATHS.adminKubeconfig} does not exist`,
        );
        return 1;
      }
      console.log(PATHS.adminKubeconfig);
      return 0;
    case 'build':
      for (const tool of Object.values(GO_TOOLS)) ensureGoTool(tool, log);
      return 0;
    default:
      console.error(
        `cluster: unknown command ${command}; use up | down | status | kubeconfig (cluster ${CLUSTER.name})`,
      );
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`cluster: ${error.message}`);
    process.exit(1);
  },
);
