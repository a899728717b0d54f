/** Which container CLI builds and moves images: the same choice as scripts/images/build-images.sh. */
import { ContainerCli } from './images';
import { run } from './run';
import { findTool } from './tools';

/** CONTAINER_CLI when it names one, else docker when its engine answers, else podman; undefined: neither. */
export function detectContainerCli(env: NodeJS.ProcessEnv = process.env): ContainerCli | undefined {
  const forced = env.CONTAINER_CLI;
  if (forced === 'docker' || forced === 'podman') return forced;
  if (findTool('docker').path && run('docker', ['info'], { timeoutMs: 20000 }).status === 0) return 'docker';
  return findTool('podman').path ? 'podman' : undefined;
}
