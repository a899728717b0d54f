/**
 * The cluster's network on this machine: one bridge whose gateway is the node's
 * address, and guard rules so that no packet to or from the pod and Service ranges
 * leaves by any interface other than that bridge or loopback. Pods reach each other,
 * the node and the Services; nothing beyond the machine.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLUSTER, KUBELET_SYSCTLS, PATHS } from './layout';
import { sh, trySh } from './processes';

/** Tunables `up` sets itself; with the kubelet's, recorded once and restored by `down`. */
const NETWORK_SYSCTLS: Record<string, string> = {
  'net/ipv4/ip_forward': '1',
  'net/bridge/bridge-nf-call-iptables': '1',
};

const sysctlPath = (name: string) => join('/proc/sys', name);

/** Records the tunables before the first change; a later `up` keeps the first record. */
export function recordSysctls(): void {
  if (existsSync(PATHS.sysctlRecord)) return;
  const names = [...KUBELET_SYSCTLS, ...Object.keys(NETWORK_SYSCTLS)];
  const values = Object.fromEntries(names.map((n) => [n, readFileSync(sysctlPath(n), 'utf8').trim()]));
  mkdirSync(PATHS.config, { recursive: true });
  writeFileSync(PATHS.sysctlRecord, JSON.stringify(values, null, 2));
}

export function restoreSysctls(): string[] {
  if (!existsSync(PATHS.sysctlRecord)) return [];
  const values = JSON.parse(readFileSync(PATHS.sysctlRecord, 'utf8')) as Record<string, string>;
  const changed: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (readFileSync(sysctlPath(name), 'utf8').trim() === value) continue;
    writeFileSync(sysctlPath(name), value);
    changed.push(`${name.replaceAll('/', '.')}=${value}`);
  }
  return changed;
}

/** The guard chain's rules, in order: what `up` installs and the cluster test checks. */
export function guardRules(): string[][] {
  return [
    ['-o', 'lo', '-j', 'RETURN'],
    // To one of this machine's own addresses (a Service DNATed to the API server, say): delivered here.
    ['-m', 'addrtype', '--dst-type', 'LOCAL', '-j', 'RETURN'],
    ['-o', CLUSTER.bridge, '-j', 'RETURN'],
    ['-d', CLUSTER.podCidr, '-j', 'REJECT'],
    ['-d', CLUSTER.serviceCidr, '-j', 'REJECT'],
    ['-s', CLUSTER.podCidr, '-j', 'REJECT'],
    ['-s', CLUSTER.serviceCidr, '-j', 'REJECT'],
  ];
}

/** The filter chains that jump to the guard. */
export const GUARDED_CHAINS = ['OUTPUT', 'FORWARD'];

/**
 * The backstop: kube-proxy and kube-router put their own jumps first in the filter
 * chains, and an ACCEPT there ends the filter table. Every packet that leaves passes
 * mangle POSTROUTING after all of them, with its final interface and addresses, and
 * nothing else inserts there: a packet of the cluster's ranges on any other way out is
 * dropped (REJECT is not allowed in that table).
 */
export const EGRESS_GUARD = { table: 'mangle', chain: 'POSTROUTING', guard: 'TODO-CLUSTER-EGRESS' } as const;

export function egressRules(): string[][] {
  return [
    ['-o', 'lo', '-j', 'RETURN'],
    ['-o', CLUSTER.bridge, '-j', 'RETURN'],
    ['-d', CLUSTER.podCidr, '-j', 'DROP'],
    ['-d', CLUSTER.serviceCidr, '-j', 'DROP'],
    ['-s', CLUSTER.podCidr, '-j', 'DROP'],
    ['-s', CLUSTER.serviceCidr, '-j', 'DROP'],
  ];
}

export function setUpNetwork(): void {
  for (const [name, value] of Object.entries(NETWORK_SYSCTLS)) writeFileSync(sysctlPath(name), value);
  if (!trySh('ip', ['link', 'show', CLUSTER.bridge]))
    sh('ip', ['link', 'add', CLUSTER.bridge, 'type', 'bridge']);
  const prefix = CLUSTER.podCidr.split('/')[1];
  trySh('ip', ['addr', 'add', `${CLUSTER.nodeIp}/${prefix}`, 'dev', CLUSTER.bridge]);
  sh('ip', ['link', 'set', CLUSTER.bridge, 'up']);
  // Service addresses go out by the bridge too, so kube-proxy's DNAT to a pod keeps the bridge as
  // the way out (the kernel does not route a locally sent packet again after DNAT).
  trySh('ip', ['route', 'replace', CLUSTER.serviceCidr, 'dev', CLUSTER.bridge, 'src', CLUSTER.nodeIp]);
  installGuard();
}

function installChain(table: string, chain: string, rules: string[][], jumpFrom: readonly string[]): void {
  const ipt = (...args: string[]) => sh('iptables', ['-w', '-t', table, ...args]);
  if (!trySh('iptables', ['-w', '-t', table, '-L', chain, '-n'])) ipt('-N', chain);
  ipt('-F', chain);
  for (const rule of rules) ipt('-A', chain, ...rule);
  for (const from of jumpFrom) {
    while (trySh('iptables', ['-w', '-t', table, '-D', from, '-j', chain]));
    ipt('-I', from, '1', '-j', chain);
  }
}

/** (Re)installs both guards, each jumped to first. */
export function installGuard(): void {
  installChain('filter', CLUSTER.guardChain, guardRules(), GUARDED_CHAINS);
  installChain(EGRESS_GUARD.table, EGRESS_GUARD.guard, egressRules(), [EGRESS_GUARD.chain]);
}

function removeChain(table: string, chain: string, jumpFrom: readonly string[], removed: string[]): void {
  for (const from of jumpFrom)
    while (trySh('iptables', ['-w', '-t', table, '-D', from, '-j', chain])) removed.push(`jump ${from}`);
  if (
    trySh('iptables', ['-w', '-t', table, '-F', chain]) &&
    trySh('iptables', ['-w', '-t', table, '-X', chain])
  )
    removed.push(`chain ${chain}`);
}

export function tearDownNetwork(): string[] {
  const removed: string[] = [];
  removeChain('filter', CLUSTER.guardChain, GUARDED_CHAINS, removed);
  removeChain(EGRESS_GUARD.table, EGRESS_GUARD.guard, [EGRESS_GUARD.chain], removed);
  if (trySh('ip', ['link', 'del', CLUSTER.bridge])) removed.push(`bridge ${CLUSTER.bridge}`);
  return removed;
}
