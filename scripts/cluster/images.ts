/**
 * The images the cluster runs, all made on this machine: the pause image from
 * Kubernetes' own pause.c, the add-ons' static Go binaries on an empty base, the
 * local-path helper from Debian's static busybox. podman builds them; each is
 * saved once per content and imported into the cluster's containerd.
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { goToolsCache } from '../lib/go-tools';
import { PATHS } from './layout';
import { PAUSE_IMAGE } from './runtime';
import { sh } from './processes';

export interface ImageRecipe {
  /** The reference the cluster's manifests use. */
  name: string;
  /** Files to place in the image: path inside → path on this machine. */
  files: Record<string, string>;
  /** Symbolic links: path inside → target. */
  links?: Record<string, string>;
  entrypoint: string[];
  user?: string;
}

const PODMAN = ['--cgroup-manager', 'cgroupfs'];

/** Archives live beside the Go builds, so a second `up` imports without building. */
const archiveDir = () => join(goToolsCache(), '..', 'cluster-images');

function recipeHash(recipe: ImageRecipe): string {
  const hash = createHash('sha256').update(JSON.stringify(recipe));
  for (const source of Object.values(recipe.files)) hash.update(readFileSync(source));
  return hash.digest('hex').slice(0, 16);
}

/** Builds the image with podman (FROM scratch) and saves it as a docker archive; cached by content. */
export function imageArchive(recipe: ImageRecipe): string {
  const archive = join(archiveDir(), `${recipe.name.replace(/[/:]/g, '_')}-${recipeHash(recipe)}.tar`);
  if (existsSync(archive)) return archive;
  const context = mkdtempSync(join(tmpdir(), 'todo-cluster-image-'));
  try {
    const lines = ['FROM scratch'];
    for (const [inside, source] of Object.entries(recipe.files)) {
      const staged = join(context, 'rootfs', inside);
      mkdirSync(dirname(staged), { recursive: true });
      copyFileSync(source, staged);
    }
    for (const [inside, target] of Object.entries(recipe.links ?? {})) {
      const staged = join(context, 'rootfs', inside);
      mkdirSync(dirname(staged), { recursive: true });
      sh('ln', ['-sf', target, staged]);
    }
    sh('chmod', ['-R', 'a+rX', join(context, 'rootfs')]);
    lines.push('COPY rootfs/ /');
    if (recipe.user) lines.push(`USER ${recipe.user}`);
    lines.push(`ENTRYPOINT ${JSON.stringify(recipe.entrypoint)}`);
    writeFileSync(join(context, 'Containerfile'), `${lines.join('\n')}\n`);
    sh('podman', [
      ...PODMAN,
      'build',
      '--isolation',
      'chroot',
      '--format',
      'docker',
      '-q',
      '-t',
      recipe.name,
      context,
    ]);
    mkdirSync(archiveDir(), { recursive: true });
    sh('podman', ['save', '--format', 'docker-archive', '-o', `${archive}.partial`, recipe.name]);
    sh('mv', [`${archive}.partial`, archive]);
    return archive;
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

/** Imports a docker archive into the cluster's containerd (the namespace the kubelet uses). */
export function importArchive(archive: string): void {
  sh('ctr', [
    '--address',
    PATHS.containerdSocket,
    '-n',
    'k8s.io',
    'images',
    'import',
    '--no-unpack=false',
    archive,
  ]);
}

/** Saves a podman image (e.g. the app's, built from the working tree) and imports it. */
export function importPodmanImage(reference: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'todo-cluster-import-'));
  try {
    const archive = join(dir, 'image.tar');
    sh('podman', ['save', '--format', 'docker-archive', '-o', archive, reference]);
    importArchive(archive);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The pause binary, compiled statically from the pause.c of the Kubernetes release in use. */
export function pauseBinary(kubernetesSource: string): string {
  const source = join(kubernetesSource, 'build', 'pause', 'linux', 'pause.c');
  const out = join(
    archiveDir(),
    `pause-${createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 16)}`,
  );
  if (existsSync(out)) return out;
  mkdirSync(archiveDir(), { recursive: true });
  sh('gcc', ['-Os', '-static', '-DVERSION=v3.10', '-o', `${out}.partial`, source]);
  sh('strip', [`${out}.partial`]);
  sh('mv', [`${out}.partial`, out]);
  return out;
}

export function pauseRecipe(pause: string): ImageRecipe {
  return { name: PAUSE_IMAGE, files: { '/pause': pause }, entrypoint: ['/pause'], user: '65535:65535' };
}

/** A static Go binary alone on an empty base, as the upstream images are. */
export function staticRecipe(name: string, binary: string, user = '65532:65532'): ImageRecipe {
  const inside = `/${binary.split('/').pop()}`;
  return { name, files: { [inside]: binary }, entrypoint: [inside], user };
}

/** Debian's static busybox with the applets local-path-provisioner's helper scripts call. */
export function busyboxRecipe(name: string): ImageRecipe {
  const applets = ['sh', 'mkdir', 'rm', 'chmod', 'ls', 'cat', 'echo', 'test', 'dirname'];
  return {
    name,
    files: { '/bin/busybox': '/bin/busybox' },
    links: Object.fromEntries(applets.map((applet) => [`/bin/${applet}`, 'busybox'])),
    entrypoint: ['/bin/sh'],
  };
}
