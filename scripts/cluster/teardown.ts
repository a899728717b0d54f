/**
 * `down`: removes everything `up` made, in an order that works after a crash too:
 * the daemons, every process in the pods' cgroups, the runtime's shims, the pods'
 * network namespaces and mounts, the cgroups, the bridge, the iptables rules and
 * kube-router's ipsets; then it restores the kernel tunables and deletes the state.
 * Each step tolerates what is already gone, so running it twice is safe.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CLUSTER, PATHS, STATE_DIR } from './layout';
import { EGRESS_GUARD, restoreSysctls, tearDownNetwork } from './network';
import { isAlive, sh, sleepMs, stopDaemons, stopPid, trySh } from './processes';

const CGROUP_FS = '/sys/fs/cgroup';
/** libcni keeps each attachment's result here, named after the network; it holds the netns path. */
const CNI_RESULTS = '/var/lib/cni/results';
/** The kubelet links every container log here (a fixed path). */
const CONTAINER_LOG_LINKS = '/var/log/containers';

/** The cgroup folders of the pods in every hierarchy, deepest first. */
function podCgroups(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }))
      if (entry.isDirectory()) walk(join(dir, entry.name));
    found.push(dir);
  };
  if (!existsSync(CGROUP_FS)) return found;
  for (const hierarchy of readdirSync(CGROUP_FS)) {
    const root = join(CGROUP_FS, hierarchy, CLUSTER.cgroupRoot);
    if (existsSync(root)) walk(root);
  }
  return found;
}

function pidsIn(cgroups: string[]): number[] {
  const pids = new Set<number>();
  for (const dir of cgroups) {
    const procs = join(dir, 'cgroup.procs');
    if (!existsSync(procs)) continue;
    for (const line of readFileSync(procs, 'utf8').split('\n')) if (line.trim()) pids.add(Number(line));
  }
  return [...pids];
}

/** Kills every process of every pod, however the runtime is doing. */
function killPodProcesses(): number {
  const cgroups = podCgroups();
  let killed = 0;
  for (let round = 0; round < 50; round++) {
    const pids = pidsIn(cgroups).filter(isAlive);
    if (!pids.length) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
        killed++;
      } catch {
        // already gone
      }
    }
    sleepMs(100);
  }
  return killed;
}

/** containerd's shims outlive it; ours name our socket in their arguments. */
function killShims(): number {
  let killed = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(join('/proc', entry, 'cmdline'), 'utf8');
    } catch {
      continue;
    }
    if (cmdline.includes('containerd-shim') && cmdline.includes(PATHS.containerdSocket)) {
      stopPid(Number(entry), 2);
      killed++;
    }
  }
  return killed;
}

/** The pods' network namespaces: containerd names them cni-*; ours hold an address of the pod range. */
function removePodNetworks(): string[] {
  const removed: string[] = [];
  const dir = '/run/netns';
  if (!existsSync(dir)) return removed;
  const podPrefix = CLUSTER.podCidr.replace(/\.\d+\/\d+$/, '.');
  for (const name of readdirSync(dir).filter((n) => n.startsWith('cni-'))) {
    const addresses =
      spawnSync('ip', ['-n', name, '-4', '-o', 'addr', 'show'], { encoding: 'utf8' }).stdout ?? '';
    if (!addresses.includes(` ${podPrefix}`)) continue;
    if (trySh('ip', ['netns', 'delete', name])) removed.push(name);
  }
  if (existsSync(CNI_RESULTS))
    for (const file of readdirSync(CNI_RESULTS).filter((f) => f.startsWith(`${CLUSTER.cniNetwork}-`)))
      rmSync(join(CNI_RESULTS, file), { force: true });
  return removed;
}

/** Splits an iptables-save rule into arguments (its comments are double-quoted). */
function ruleArguments(rule: string): string[] {
  return [...rule.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

/**
 * The kubelet's and kube-proxy's chains (KUBE-*) in every table, for IPv4 and IPv6:
 * kube-proxy --cleanup removes most of its own; the kubelet's canaries and firewall stay.
 */
function removeKubeChains(): number {
  let removed = 0;
  for (const [save, tool] of [
    ['iptables-save', 'iptables'],
    ['ip6tables-save', 'ip6tables'],
  ]) {
    let table = '';
    const chains: [string, string][] = [];
    const jumps: [string, string[]][] = [];
    for (const line of (spawnSync(save, [], { encoding: 'utf8' }).stdout ?? '').split('\n')) {
      if (line.startsWith('*')) table = line.slice(1);
      const chain = line.match(/^:(KUBE-\S+)/);
      if (chain) chains.push([table, chain[1]]);
      const rule = line.match(/^-A (\S+) (.*-j KUBE-\S+.*)$/);
      if (rule && !rule[1].startsWith('KUBE-')) jumps.push([table, [rule[1], ...ruleArguments(rule[2])]]);
    }
    for (const [t, rule] of jumps) trySh(tool, ['-w', '-t', t, '-D', ...rule]);
    for (const [t, chain] of chains) trySh(tool, ['-w', '-t', t, '-F', chain]);
    for (const [t, chain] of chains) if (trySh(tool, ['-w', '-t', t, '-X', chain])) removed++;
  }
  return removed;
}

/** kube-router's ipsets (KUBE-*), once no rule refers to them. */
function kubeRouterSets(): string[] {
  const names = spawnSync('ipset', ['list', '-n'], { encoding: 'utf8' }).stdout ?? '';
  return names.split('\n').filter((name) => name.startsWith('KUBE-') || name.startsWith('kube-router-'));
}

function removeKubeRouterSets(): number {
  let removed = 0;
  for (const name of kubeRouterSets()) if (trySh('ipset', ['destroy', name])) removed++;
  return removed;
}

/** Every mount under the state directory (kubelet volumes, overlay roots, shm), innermost first. */
function unmountState(): number {
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter(
      (point): point is string =>
        Boolean(point) && (point === STATE_DIR || point.startsWith(`${STATE_DIR}/`)),
    )
    .sort((a, b) => b.length - a.length);
  for (const point of mounts) trySh('umount', ['-l', point]);
  return mounts.length;
}

function removeLogLinks(): void {
  if (!existsSync(CONTAINER_LOG_LINKS)) return;
  for (const link of readdirSync(CONTAINER_LOG_LINKS)) {
    const path = join(CONTAINER_LOG_LINKS, link);
    try {
      if (readlinkSync(path).startsWith(PATHS.podLogs)) rmSync(path, { force: true });
    } catch {
      // not a link
    }
  }
}

export interface TeardownReport {
  daemons: string[];
  podProcesses: number;
  shims: number;
  netns: string[];
  mounts: number;
  network: string[];
  sysctls: string[];
}

export function tearDown(kubeProxy: string | undefined): TeardownReport {
  // The kubelet first, so it restarts nothing while the pods go.
  const daemons = stopDaemons(['kubelet']);
  const podProcesses = killPodProcesses();
  const shims = killShims();
  daemons.push(
    ...stopDaemons([
      'containerd',
      'kube-proxy',
      'kube-scheduler',
      'kube-controller-manager',
      'kube-apiserver',
      'etcd',
    ]),
  );
  const netns = removePodNetworks();
  const mounts = unmountState();
  for (const dir of podCgroups()) {
    try {
      rmSync(dir, { recursive: false, force: true });
    } catch {
      trySh('rmdir', [dir]);
    }
  }
  const network = tearDownNetwork();
  // kube-proxy removes most of its own rules; the rest, and kube-router's, are KUBE-* chains and ipsets.
  if (kubeProxy && existsSync(kubeProxy)) trySh(kubeProxy, ['--cleanup']);
  const kubeChains = removeKubeChains();
  if (kubeChains) network.push(`${kubeChains} KUBE-* iptables chains`);
  const sets = removeKubeRouterSets();
  if (sets) network.push(`${sets} kube-router ipsets`);
  const sysctls = restoreSysctls();
  removeLogLinks();
  rmSync(STATE_DIR, { recursive: true, force: true });
  return { daemons, podProcesses, shims, netns, mounts, network, sysctls };
}

/** What of the cluster is still on the machine (empty when none): for `status` and the test. */
export function leftovers(): string[] {
  const left: string[] = [];
  if (existsSync(STATE_DIR)) left.push(`directory ${STATE_DIR}`);
  if (trySh('ip', ['link', 'show', CLUSTER.bridge])) left.push(`bridge ${CLUSTER.bridge}`);
  if (trySh('iptables', ['-w', '-L', CLUSTER.guardChain, '-n']))
    left.push(`iptables chain ${CLUSTER.guardChain}`);
  if (trySh('iptables', ['-w', '-t', EGRESS_GUARD.table, '-L', EGRESS_GUARD.guard, '-n']))
    left.push(`iptables chain ${EGRESS_GUARD.guard}`);
  const kubeChains = sh('iptables-save', [])
    .split('\n')
    .filter((l) => /^:KUBE-/.test(l));
  if (kubeChains.length) left.push(`${kubeChains.length} KUBE-* iptables chains`);
  const sets = kubeRouterSets();
  if (sets.length) left.push(`${sets.length} kube-router ipsets`);
  const cgroups = podCgroups();
  if (cgroups.length) left.push(`${cgroups.length} cgroups under ${CLUSTER.cgroupRoot}`);
  const mountCount = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter((l) => l.includes(STATE_DIR)).length;
  if (mountCount) left.push(`${mountCount} mounts under ${STATE_DIR}`);
  if (existsSync(CNI_RESULTS) && readdirSync(CNI_RESULTS).some((f) => f.startsWith(`${CLUSTER.cniNetwork}-`)))
    left.push('CNI results');
  return left;
}
