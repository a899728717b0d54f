/**
 * Loading a podman-built image into minikube, with the real podman and a
 * minikube stand-in that keeps what it is piped: podman names a build of
 * todo-x:latest localhost/todo-x:latest, so the archive minikube receives must
 * carry the name the chart asks for (docker.io/library/todo-x:latest), or the
 * node would not find it.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadIntoMinikube } from '../../scripts/deploy/images';
import { toolOrSkip } from '../../scripts/lib/tools';

const podman = toolOrSkip('podman', 'loading a real podman image into minikube');

(podman ? test : test.skip)('a podman build reaches minikube under the name the chart uses', () => {
  const dir = mkdtempSync(join(tmpdir(), 'podman-load-'));
  const name = `todo-ops-load-${process.pid}`;
  const run = (args: string[], input?: string) =>
    spawnSync(podman!, args, { encoding: 'utf8', input, cwd: dir, timeout: 120000 });
  writeFileSync(join(dir, 'hello.txt'), 'hello\n');
  spawnSync('tar', ['-cf', 'layer.tar', 'hello.txt'], { cwd: dir });
  expect(run(['import', 'layer.tar', `${name}:latest`]).status).toBe(0);
  // The stand-in minikube writes the archive it is piped to a file.
  const fakes = mkdtempSync(join(tmpdir(), 'fake-minikube-'));
  const archive = join(dir, 'received.tar');
  writeFileSync(join(fakes, 'minikube'), `#!/bin/sh\n[ "$*" = "image load -" ] && cat > '${archive}'\n`);
  chmodSync(join(fakes, 'minikube'), 0o755);
  const saved = process.env.TODO_APP_TOOLS_BIN;
  process.env.TODO_APP_TOOLS_BIN = fakes;
  try {
    expect(run(['image', 'inspect', '--format', '{{.RepoTags}}', `${name}:latest`]).stdout).toContain(
      `localhost/${name}:latest`,
    );
    const loaded = loadIntoMinikube('podman', `${name}:latest`, `${name}:latest`);
    expect(loaded.stderr).not.toMatch(/error/i);
    expect(loaded.status).toBe(0);
    const manifest = spawnSync('tar', ['-xOf', archive, 'manifest.json'], { encoding: 'utf8' });
    expect(JSON.parse(manifest.stdout)[0].RepoTags).toEqual([`docker.io/library/${name}:latest`]);
  } finally {
    if (saved === undefined) delete process.env.TODO_APP_TOOLS_BIN;
    else process.env.TODO_APP_TOOLS_BIN = saved;
    run(['rmi', '--force', `localhost/${name}:latest`, `docker.io/library/${name}:latest`]);
  }
});
