/**
 * The pod's volumes on this machine. An emptyDir is a fresh tmpfs for every pod
 * (it would survive a container restart, but the rehearsal replaces whole pods). A
 * PersistentVolumeClaim is a host directory that outlives pods, made like a freshly
 * formatted ext4 volume (root-owned, with lost+found), and given the pod's fsGroup
 * on every mount the way the kubelet does (group ownership, g+rw, setgid directories).
 */
import { chmodSync, chownSync, lchownSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HostMount } from './container';
import type { ContainerPlan, PlannedMount } from './pod-plan';

export class ClaimVolumes {
  private readonly made = new Set<string>();

  constructor(private readonly dir: string) {}

  /** The claim's directory, made (empty, as provisioned) the first time a pod mounts it. */
  path(claimName: string): string {
    const path = join(this.dir, claimName);
    if (!this.made.has(claimName)) {
      mkdirSync(join(path, 'lost+found'), { recursive: true, mode: 0o700 });
      chownSync(path, 0, 0);
      chmodSync(path, 0o755);
      this.made.add(claimName);
    }
    return path;
  }
}

/** The kubelet's fsGroup ownership change (fsGroupChangePolicy Always). */
export function applyFsGroup(path: string, fsGroup: number, readOnly: boolean): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return lchownSync(path, -1, fsGroup);
  chownSync(path, -1, fsGroup);
  const mask = (readOnly ? 0o440 : 0o660) | (stat.isDirectory() ? 0o2110 : 0);
  chmodSync(path, (stat.mode & 0o7777) | mask);
  if (stat.isDirectory())
    for (const entry of readdirSync(path)) applyFsGroup(join(path, entry), fsGroup, readOnly);
}

/** An emptyDir as the kubelet makes it: mode 0777, with fsGroup its group and setgid. */
export function emptyDirOptions(plan: ContainerPlan, mount: PlannedMount): string {
  const options = plan.fsGroup === undefined ? ['mode=0777'] : ['mode=2777', `gid=${plan.fsGroup}`];
  if (mount.readOnly) options.push('ro');
  return options.join(',');
}

/** The host mounts for a pod's volumes, its /etc/hosts included. */
export function hostMounts(plan: ContainerPlan, claims: ClaimVolumes, hostsFile: string): HostMount[] {
  const mounts = plan.mounts.map((mount): HostMount => {
    if (mount.source.kind === 'emptyDir')
      return { kind: 'tmpfs', options: emptyDirOptions(plan, mount), target: mount.mountPath };
    const source = claims.path(mount.source.claimName);
    if (plan.fsGroup !== undefined) applyFsGroup(source, plan.fsGroup, mount.readOnly);
    return { kind: 'bind', source, target: mount.mountPath, readOnly: mount.readOnly };
  });
  // The kubelet manages /etc/hosts of every pod the same way.
  return [...mounts, { kind: 'bind', source: hostsFile, target: '/etc/hosts', readOnly: true }];
}
