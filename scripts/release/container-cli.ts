/** Tagging and pushing images with the container CLI (lib/container-cli detects which), and its logins. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerCli, repositoryOf } from '../lib/images';
import { run, RunResult } from '../lib/run';
import { dockerConfigHasLogin } from './credentials';

export interface PushResult {
  digest?: string;
  result: RunResult;
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

export function tagArgs(source: string, target: string): string[] {
  return ['tag', source, target];
}

/** The push command for the plan; podman writes the pushed manifest's digest to a file. */
export function pushArgs(cli: ContainerCli, image: string, plainHttp: boolean, digestFile?: string) {
  if (cli === 'docker') return ['push', image];
  return [
    'push',
    ...(plainHttp ? ['--tls-verify=false'] : []),
    ...(digestFile ? ['--digestfile', digestFile] : []),
    image,
  ];
}

/** Pushes `image` (REGISTRY/NAME:TAG) and returns the digest the registry stored it under. */
export function pushImage(cli: ContainerCli, image: string, plainHttp: boolean): PushResult {
  if (cli === 'podman') {
    const dir = mkdtempSync(join(tmpdir(), 'release-digest-'));
    try {
      const digestFile = join(dir, 'digest');
      const result = run(cli, pushArgs(cli, image, plainHttp, digestFile), { timeoutMs: 30 * 60000 });
      if (result.status !== 0) return { result };
      return { result, digest: validDigest(readFileSync(digestFile, 'utf8').trim()) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const result = run(cli, pushArgs(cli, image, plainHttp), { timeoutMs: 30 * 60000 });
  if (result.status !== 0) return { result };
  const inspect = run(cli, ['image', 'inspect', image, '--format', '{{json .RepoDigests}}']);
  const repository = repositoryOf(image);
  const repoDigests = inspect.status === 0 ? (JSON.parse(inspect.stdout) as string[]) : [];
  const pinned = repoDigests.find((ref) => ref.startsWith(`${repository}@`));
  return { result, digest: pinned ? validDigest(pinned.slice(repository.length + 1)) : undefined };
}

function validDigest(digest: string): string | undefined {
  return DIGEST.test(digest) ? digest : undefined;
}

export function loginCommand(cli: ContainerCli, host: string, plainHttp: boolean): string {
  return cli === 'podman' && plainHttp ? `podman login --tls-verify=false ${host}` : `${cli} login ${host}`;
}

/** Whether the container CLI holds credentials for `host` (a credential helper counts as yes). */
export function containerCliHasLogin(cli: ContainerCli, host: string): boolean {
  if (cli === 'podman') return run('podman', ['login', '--get-login', host]).status === 0;
  return dockerConfigHasLogin(host);
}
